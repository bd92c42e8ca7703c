"""Metadata dates (ISO strings, HTTP dates, WARC dates) to "YYYY-MM-DD"."""
from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def iso_date(value: object) -> str | None:
    """"2025-11-25 08:00:00", "2025-11-25T08:00Z", "Tue, 25 Nov 2025 08:00:00 GMT" -> "2025-11-25"."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip())
    if m:
        year, month, day = m.groups()
        if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
            return None
        return f"{year}-{month}-{day}" if day else f"{year}-{month}"
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None

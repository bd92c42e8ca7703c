"""Metadata dates (ISO strings, HTTP dates, WARC dates) to "YYYY-MM-DD"."""
from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?!\d)")


def iso_date(value: object) -> str | None:
    """"2025-11-25 08:00:00", "2025/11/25", "2025-11-25T08:00Z", "Tue, 25 Nov 2025 08:00:00 GMT" -> "2025-11-25"."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value.strip())
    if m:
        year, _, month, day = m.groups()
        try:
            parsed = date(int(year), int(month), int(day or 1))
        except ValueError:   # month 13, 30 February...
            return None
        return parsed.isoformat() if day else parsed.isoformat()[:7]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None

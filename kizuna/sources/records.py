"""news-please / CC-News records (one JSON object) to RawDocument."""
from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import RawDocument
from ..text import nfc
from .dates import iso_date

TEXT_FIELDS = ("maintext", "text", "content", "body")
DATE_FIELDS = ("date_publish", "published", "date", "date_modify")


def record_document(obj: dict[str, Any], data: bytes, source: str) -> RawDocument | InputError:
    """A RawDocument of kind "record", or an InputError when the record carries no text."""
    text = next((obj[f] for f in TEXT_FIELDS if isinstance(obj.get(f), str) and obj[f].strip()), None)
    if text is None:
        return InputError(source, "JSON record without text: expected a non-empty 'maintext' or 'text' field")
    published = next((iso_date(obj[f]) for f in DATE_FIELDS if obj.get(f)), None)
    language = obj.get("language")
    return RawDocument(source=source, kind="record", text=nfc(text), data=data,
                       url=_str(obj.get("url")), title=nfc(_str(obj.get("title")) or "") or None,
                       published=published, language=language if isinstance(language, str) else None)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None

"""WARC archives (warcio): every HTML response record is a document of kind "html"."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import RawDocument
from .dates import iso_date
from .decode import DecodeError, decode, html_charset


def iter_warc(path: Path, source: str) -> Iterator[RawDocument | InputError]:
    """Documents of one archive; a truncated archive yields what it holds, then an InputError."""
    count = 0
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response" or not _is_html(record):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                item = _document(record, f"{source}#{number}", uri)
                count += isinstance(item, RawDocument)
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
        yield InputError(source, f"damaged or truncated WARC archive after {count} documents ({err})")
        return
    if count == 0:
        yield InputError(source, "no HTML response in this WARC archive")


def _is_html(record) -> bool:
    headers = record.http_headers
    ctype = headers.get_header("Content-Type") if headers else None
    return ctype is None or "html" in ctype.lower()


def _document(record, source: str, uri: str | None) -> RawDocument | InputError:
    data = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than the record announced
        return InputError(source, "truncated WARC record (the archive ends before this record does)")
    if not data.strip():
        return InputError(source, "empty HTML response")
    ctype = record.http_headers.get_header("Content-Type") or ""
    declared = ctype.split("charset=")[1].split(";")[0].strip() if "charset=" in ctype else html_charset(data)
    try:
        text = decode(data, declared=declared)
    except DecodeError as err:
        return InputError(source, str(err))
    modified = record.http_headers.get_header("Last-Modified")
    return RawDocument(source=source, kind="html", text=text, data=data, url=uri,
                       published=iso_date(modified) if modified else None)

"""WARC archives (warcio): every HTML response record is a document of kind "html".

Sources are `archive#n`, n being the record's number in the archive (stable and readable;
the target URI is in `RawDocument.url`). The HTTP Last-Modified header, else the WARC-Date
(the crawl time), goes into `published` as a hint only: the cleaner decides.

warcio drops a truncated last record silently, so the reader checks itself that the archive
ends where its last complete record ends, and that no record's payload is cut short.
"""
from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import RawDocument
from .dates import iso_date
from .decode import DecodeError, decode, html_charset

MAX_RECORD_BYTES = 20 * 1024 * 1024   # the per-file limit, applied to each page of an archive
Item = RawDocument | InputError


def iter_warc(path: Path, source: str) -> Iterator[Item]:
    """Documents of one archive; a damaged archive yields what it holds, then an InputError."""
    problem = _not_a_warc(path)
    if problem:
        yield InputError(source, problem)
        return
    count = 0
    try:
        with path.open("rb") as stream:
            archive = ArchiveIterator(stream)
            end = 0
            for number, record in enumerate(archive, start=1):
                if record.rec_type == "response" and _is_html(record):
                    item = _document(record, f"{source}#{number}")
                    count += isinstance(item, RawDocument)
                    yield item
                archive.read_to_end(record)
                end = archive.get_record_offset() + archive.get_record_length()
            stream.seek(end)
            if stream.read(64).strip():
                yield InputError(source, f"truncated WARC archive: it breaks off after {count} documents "
                                         f"(byte {end}); the rest of the archive is lost")
                return
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as err:
        yield InputError(source, f"damaged or truncated WARC archive after {count} documents ({err})")
        return
    if count == 0:
        yield InputError(source, "no HTML response in this WARC archive")


def _not_a_warc(path: Path) -> str | None:
    """A reason when the file does not start like a WARC archive (warcio would only print warnings)."""
    try:
        with path.open("rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            if head == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    head = unzipped.read(8)
            else:
                head = raw.read(8)
    except (OSError, EOFError, zlib.error) as err:
        return f"damaged gzip stream at the start of the archive ({err})"
    if not head.lstrip().startswith(b"WARC/"):
        return "not a WARC archive (it does not start with a 'WARC/1.x' record header)"
    return None


def _is_html(record: Any) -> bool:
    headers = record.http_headers
    if headers is None:
        return False
    ctype = headers.get_header("Content-Type")
    return ctype is None or "html" in ctype.lower()


def _document(record: Any, source: str) -> Item:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(data) > MAX_RECORD_BYTES:
        return InputError(source, f"page larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB: skipped")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return InputError(source, "truncated WARC record: the archive ends before this page does")
    if not data.strip():
        return InputError(source, "empty HTML response")
    try:
        text = decode(data, declared=_charset(record) or html_charset(data))
    except DecodeError as err:
        return InputError(source, str(err))
    hint = record.http_headers.get_header("Last-Modified") or record.rec_headers.get_header("WARC-Date")
    return RawDocument(source=source, kind="html", text=text, data=data, url=uri,
                       published=iso_date(hint) if hint else None)


def _charset(record: Any) -> str | None:
    ctype = record.http_headers.get_header("Content-Type") or ""
    if "charset=" not in ctype.lower():
        return None
    return ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None

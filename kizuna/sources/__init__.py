"""Sources: files, folders, JSON/JSONL records and WARC archives in; RawDocument (or InputError) out.

Entry point: `iter_raw(paths, prefilter=False) -> Iterator[RawDocument | InputError | Skipped]`.

With `prefilter`, every document is first judged by `kizuna.prefilter` (on a WARC page's raw
bytes, before any decoding; on a record's title and text; on a file's text): one that cannot be
about Vietnam and Japan becomes a `Skipped` item, counted by the caller and never stored.
JSON Lines files (also gzipped, `.jsonl.gz`) and WARC archives are streamed, whatever their size.

Every bad input (missing, unreadable, empty, binary, oversized, undecodable, truncated,
JSON without text, an invalid JSONL line) becomes one `InputError` naming the file (or
`file#L<n>` / `archive#<n>`) and the reason; iteration always goes on with the next input.

Sources are the path as the user gave it joined with the path inside a folder, so the
scorer's `stem()` finds the article's file name in them; records inside a file get a
`#L<line>` (JSONL), `#<n>` (JSON array) or `#<record>` (WARC) suffix after the file name.
"""
from __future__ import annotations

import codecs
import gzip
import json
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..charset import html_charset
from ..errors import InputError
from ..model import RawDocument
from ..prefilter import REASON, Skipped, keep_bytes, keep_text
from .decode import DecodeError, decode
from .records import record_document
from .warc import iter_warc

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # larger files are not news articles; refuse before reading them

TEXT_SUFFIXES = {".txt", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl"}
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_GZ_SUFFIX = ".jsonl.gz"

Item = RawDocument | InputError | Skipped


def iter_raw(paths: Iterable[str | Path], prefilter: bool = False) -> Iterator[Item]:
    """Yield one RawDocument per document found under `paths`, an InputError per bad input, and
    (with `prefilter`) a Skipped item per document that cannot be about Vietnam and Japan."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, prefilter)
        elif path.exists():
            yield from read_file(path, prefilter)
        else:
            yield InputError(str(given), "no such file or folder")


def _read_folder(folder: Path, prefilter: bool) -> Iterator[Item]:
    found = False
    for item in _walk(folder):
        if isinstance(item, InputError):
            yield item
            continue
        found = True
        yield from read_file(item, prefilter)
    if not found:
        yield InputError(str(folder), "no documents in this folder (looked for .txt, .md, .html, .htm, "
                                      ".json, .jsonl, .warc and .warc.gz files)")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under `folder`, recursively, sorted; hidden files and folders skipped."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from (InputError(str(e.filename), f"cannot read the folder ({e.strerror})") for e in errors)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and kind_of(Path(name)) is not None:
                yield Path(root) / name
    yield from (InputError(str(e.filename), f"cannot read the folder ({e.strerror})") for e in errors)


def kind_of(path: Path) -> str | None:
    """Which reader a file name calls for, or None for files that are not documents (images...)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_GZ_SUFFIX):
        return "record"
    suffix = Path(name).suffix
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in RECORD_SUFFIXES:
        return "record"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def read_file(path: Path, prefilter: bool = False) -> Iterator[Item]:
    """All documents of one file (one for text and HTML, many for JSONL, JSON arrays and WARC)."""
    source = str(path)
    kind = kind_of(path) or "text"   # a file named explicitly is read as text whatever its suffix
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(source, "empty file")
            return
        if kind == "warc":   # archives are streamed record by record: the size limit applies per page
            yield from iter_warc(path, source, keep_bytes if prefilter else None)
            return
        if kind == "record" and _streamed(path):   # JSON Lines: line by line, the limit applies per line
            yield from _jsonl_stream(path, source, prefilter)
            return
        if size > MAX_BYTES:
            yield InputError(source, f"file too large ({size / 1e6:.1f} MB; the limit is "
                                     f"{MAX_BYTES // (1024 * 1024)} MB): split it or extract the article")
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(source, f"cannot read the file ({err.strerror or err})")
        return
    if kind == "record":
        jsonl = path.suffix.lower() == ".jsonl"
        items = _jsonl_records(data, source) if jsonl else _json_records(data, source)
        yield from (_prefiltered(i) for i in items) if prefilter else items
        return
    try:
        text = decode(data, declared=html_charset(data) if kind == "html" else None)
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    if not text.strip():
        yield InputError(source, "no text in the file (only white space)")
        return
    if prefilter and not keep_text(text, html_page=kind == "html"):
        yield Skipped(source, REASON)
        return
    yield RawDocument(source=source, kind="html" if kind == "html" else "text", text=text, data=data)


def from_stored(source: str, kind: str, data: bytes, url: str | None = None,
                published_hint: str | None = None) -> Item:
    """Rebuild the RawDocument of a stored document from its original bytes (for re-extraction,
    which must not read the files or fetch the pages again)."""
    if not data:
        return InputError(source, "the original bytes were not stored: ingest the file again")
    try:
        text = decode(data, declared=html_charset(data) if kind == "html" else None)
    except DecodeError as err:
        return InputError(source, str(err))
    if kind == "record":
        obj = _parse(text, source)
        return obj if isinstance(obj, InputError) else _record(obj, data, source)
    return RawDocument(source=source, kind="html" if kind == "html" else "text", text=text, data=data, url=url,
                       published=published_hint if kind == "html" else None)


def _json_records(data: bytes, source: str) -> Iterator[Item]:
    """A .json file: one record, or an array of records (`file#1`, `file#2`...)."""
    try:
        text = decode(data)
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    obj = _parse(text, source)
    if isinstance(obj, list) and obj:
        for number, element in enumerate(obj, start=1):
            element_data = json.dumps(element, ensure_ascii=False).encode("utf-8")
            yield _record(element, element_data, f"{source}#{number}")
    else:
        yield obj if isinstance(obj, InputError) else _record(obj, data, source)


def _jsonl_records(data: bytes, source: str) -> Iterator[Item]:
    """A .jsonl file read whole (UTF-16): one record a line; a bad line is an error for that line only.

    Lines are cut on the newline byte, not with str.splitlines(), which would also cut at
    U+2028 or U+0085 that JSON strings may hold raw.
    """
    for number, line in enumerate(_byte_lines(data), start=1):
        item = _jsonl_line(line, f"{source}#L{number}")
        if item is not None:
            yield item


def _streamed(path: Path) -> bool:
    """JSON Lines are streamed unless in UTF-16 (whose lines cannot be cut on a newline byte)."""
    if path.name.lower().endswith(JSONL_GZ_SUFFIX):
        return True
    if path.suffix.lower() != ".jsonl":
        return False
    with path.open("rb") as stream:
        head = stream.read(4096)
    return not (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head)


def _jsonl_stream(path: Path, source: str, prefilter: bool) -> Iterator[Item]:
    """A JSON Lines file of any size (plain or gzipped), one line in memory at a time."""
    opener = gzip.open if path.name.lower().endswith(JSONL_GZ_SUFFIX) else open
    try:
        with opener(path, "rb") as stream:
            for number, line in enumerate(stream, start=1):
                line = line.removesuffix(b"\n")
                item = _jsonl_line(line.removeprefix(codecs.BOM_UTF8) if number == 1 else line,
                                   f"{source}#L{number}")
                if item is not None:
                    yield _prefiltered(item) if prefilter else item
    except (OSError, EOFError, zlib.error) as err:   # a cut or damaged gzip stream
        yield InputError(source, f"cannot read the rest of the file ({err})")


def _jsonl_line(line: bytes, line_source: str) -> Item | None:
    if not line.strip():
        return None
    if len(line) > MAX_BYTES:
        return InputError(line_source, f"record larger than {MAX_BYTES // (1024 * 1024)} MB: skipped")
    try:
        text = decode(line)
    except DecodeError as err:
        return InputError(line_source, str(err))
    obj = _parse(text, line_source)
    return obj if isinstance(obj, InputError) else _record(obj, line, line_source)


def _prefiltered(item: Item) -> Item:
    """A record the prefilter leaves out becomes Skipped (judged on its title and main text)."""
    if isinstance(item, RawDocument) and not keep_text(f"{item.title or ''}\n{item.text}"):
        return Skipped(item.source, REASON)
    return item


def _byte_lines(data: bytes) -> list[bytes]:
    """The file's lines as bytes; UTF-16 files (whose newline is two bytes) are re-encoded to UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00\n" in data or b"\n\x00" in data:
        try:
            return [line.encode("utf-8") for line in decode(data).split("\n")]
        except DecodeError:
            pass   # not UTF-16 after all: each line reports its own problem
    return data.removeprefix(codecs.BOM_UTF8).split(b"\n")


def _parse(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return InputError(source, f"invalid JSON ({err.msg} at line {err.lineno}, column {err.colno})")
    except RecursionError:
        return InputError(source, "invalid JSON (nested too deeply)")


def _record(obj: object, data: bytes, source: str) -> Item:
    if not isinstance(obj, dict):
        return InputError(source, "a JSON record must be an object with a 'maintext' or 'text' field")
    return record_document(obj, data, source)


__all__ = ["MAX_BYTES", "Skipped", "decode", "from_stored", "iter_raw", "kind_of", "read_file"]

"""Sources: files, folders, JSON/JSONL records and WARC archives in; RawDocument (or InputError) out.

Entry point: `iter_raw(paths) -> Iterator[RawDocument | InputError]`.

Every bad input (empty, binary, oversized, undecodable, truncated, JSON without text)
becomes one `InputError` naming the file and the reason; iteration always goes on.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import RawDocument
from ..text import nfc
from .decode import DecodeError, decode, html_charset
from .records import record_document
from .warc import iter_warc

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # larger files are not news articles; refuse before reading them

TEXT_SUFFIXES = {".txt", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl"}
WARC_SUFFIXES = (".warc", ".warc.gz")

Item = RawDocument | InputError


def iter_raw(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Yield one RawDocument per document found under `paths`, or an InputError per bad input."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield InputError(str(given), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder`, recursively, sorted, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and kind_of(Path(name)) is not None:
                yield Path(root) / name


def kind_of(path: Path) -> str | None:
    """Which reader a file name calls for, or None for files that are not documents (images...)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = Path(name).suffix
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in RECORD_SUFFIXES:
        return "record"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def read_file(path: Path) -> Iterator[Item]:
    """All documents of one file (one for text and HTML, many for JSONL and WARC)."""
    source = str(path)
    kind = kind_of(path) or "text"
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(source, "empty file")
            return
        if size > MAX_BYTES:
            yield InputError(source, f"file too large ({size / 1e6:.1f} MB; the limit is "
                                     f"{MAX_BYTES // (1024 * 1024)} MB): split it or extract the article")
            return
        if kind == "warc":
            yield from iter_warc(path, source)
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(source, f"cannot read the file ({err.strerror or err})")
        return
    if kind == "record":
        yield from _records(data, source, jsonl=path.suffix.lower() == ".jsonl")
        return
    try:
        text = decode(data, declared=html_charset(data) if kind == "html" else None)
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    if not text.strip():
        yield InputError(source, "no text in the file (only white space)")
        return
    yield RawDocument(source=source, kind="html" if kind == "html" else "text", text=text, data=data)


def _records(data: bytes, source: str, jsonl: bool) -> Iterator[Item]:
    try:
        text = decode(data)
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    if not jsonl:
        yield _parse_record(text, data, source)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _parse_record(line, line.encode("utf-8"), f"{source}#L{number}")


def _parse_record(text: str, data: bytes, source: str) -> Item:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return InputError(source, f"invalid JSON ({err.msg} at line {err.lineno}, column {err.colno})")
    if not isinstance(obj, dict):
        return InputError(source, "a JSON record must be an object with a 'maintext' or 'text' field")
    return record_document(obj, data, source)


__all__ = ["MAX_BYTES", "iter_raw", "read_file", "kind_of", "decode", "nfc"]

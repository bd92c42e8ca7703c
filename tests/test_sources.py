"""Sources: every format and encoding read the same way; every bad input reported, never raised."""
from __future__ import annotations

import gzip
import io
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kizuna.errors import InputError
from kizuna.model import RawDocument
from kizuna.pipeline import document_id
from kizuna.sources import MAX_BYTES, iter_raw
from kizuna.sources.decode import DecodeError, decode

ARTICLE = "Sáng 30-3, đoàn công tác của tỉnh Long An đã thăm tỉnh Ibaraki. Khánh Hòa và Thừa Thiên Huế cũng dự."


def cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese editors wrote it: precomposed where the code page has
    the letter, else base letter plus combining tone mark."""
    out = bytearray()
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        for cut in range(len(parts), 0, -1):   # the longest precomposed head the code page has
            try:
                out += (unicodedata.normalize("NFC", parts[:cut]) + parts[cut:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("cp1258", ch, 0, 1, "no Windows-1258 form")
    return bytes(out)


def _read(*paths: Path) -> list[RawDocument | InputError]:
    return list(iter_raw(paths))


def _only_doc(items) -> RawDocument:
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    lambda s: s.encode("utf-16"),
    lambda s: s.encode("utf-16-le"),
    lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
    lambda s: cp1258(s),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16-le-no-bom", "nfd", "cp1258"])
def test_every_encoding_gives_the_same_text_and_id(tmp_path: Path, encode) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(encode(ARTICLE))
    doc = _only_doc(_read(path))
    assert doc.text == ARTICLE
    assert document_id(doc.text) == document_id(ARTICLE)
    assert doc.kind == "text" and doc.source == str(path)


def test_folders_are_walked_recursively_in_order_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("Hai", encoding="utf-8")
    (tmp_path / "1.txt").write_text("Một", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    sources = [item.source for item in _read(tmp_path)]
    assert sources == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.md")]


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    record = {"url": "https://example.vn/a", "title": "T", "maintext": ARTICLE,
              "date_publish": "2025-03-30 08:00:00", "language": "vi"}
    (tmp_path / "one.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    lines = [json.dumps(record), "{broken", json.dumps({"title": "no text"}), json.dumps({"text": "Khác", "published": "2024-01-02"})]
    (tmp_path / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = _read(tmp_path / "one.json", tmp_path / "many.jsonl")
    one = items[0]
    assert isinstance(one, RawDocument) and one.kind == "record" and one.published == "2025-03-30"
    assert one.url == "https://example.vn/a" and one.language == "vi"
    assert isinstance(items[1], RawDocument) and items[1].source.endswith("many.jsonl#L1")
    assert isinstance(items[2], InputError) and "invalid JSON" in items[2].reason
    assert isinstance(items[3], InputError) and "without text" in items[3].reason
    assert isinstance(items[4], RawDocument) and items[4].published == "2024-01-02"


def _warc(path: Path, pages: list[tuple[str, str]], truncate: bool = False) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                      http_headers=headers))
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 40] if truncate else data)


def test_warc_html_responses_are_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://a.vn/1", f"<html><body><p>{ARTICLE}</p></body></html>"),
                 ("https://a.vn/2", "<html><body><p>Hai</p></body></html>")])
    docs = _read(path)
    assert [d.url for d in docs] == ["https://a.vn/1", "https://a.vn/2"]
    assert all(isinstance(d, RawDocument) and d.kind == "html" for d in docs)


def test_truncated_warc_reports_an_error_after_what_it_could_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    _warc(path, [("https://a.vn/1", "<p>Một</p>"), ("https://a.vn/2", "<p>" + "Hai " * 500 + "</p>")], truncate=True)
    items = _read(path)
    assert isinstance(items[0], RawDocument) and isinstance(items[-1], InputError) and "WARC" in items[-1].reason


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00\x00\x07" * 50, "binary"),
    (b"   \n\t  ", "white space"),
])
def test_bad_files_are_reported_with_their_path(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    items = _read(path, good)
    assert isinstance(items[0], InputError) and items[0].path == str(path) and reason in items[0].reason
    assert isinstance(items[1], RawDocument)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    item = _read(path)[0]
    assert isinstance(item, InputError) and "too large" in item.reason


def test_missing_path_and_unreadable_file(tmp_path: Path) -> None:
    assert "no such file" in _read(tmp_path / "nope.txt")[0].reason
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions do not stop reading")
    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    locked.chmod(0)
    assert "cannot read" in _read(locked)[0].reason


def test_truncated_gzip_warc_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:20])
    items = _read(path)
    assert items and all(isinstance(i, InputError) for i in items)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_crashes(data: bytes) -> None:
    try:
        text = decode(data)
    except DecodeError as err:
        assert str(err)
    else:
        assert text == unicodedata.normalize("NFC", text)

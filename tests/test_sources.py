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

ARTICLE = ("Sáng 30-3, đoàn công tác của tỉnh Long An đã thăm tỉnh Ibaraki. Khánh Hòa và Thừa Thiên Huế cũng dự; "
           "doanh nghiệp hai bên gặp nhau.")


TONES = "\u0300\u0301\u0303\u0309\u0323"   # the five combining tone marks Windows-1258 has


def cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese editors wrote it: the letter without its tone mark
    precomposed where the code page has it (â ê ô ơ ư ă đ), then the combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
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


# --- fixtures written for these tests (tests/fixtures/sources) ---------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


def test_legacy_windows_1258_fixture_reads_like_its_utf8_twin() -> None:
    doc = _only_doc(_read(FIXTURES / "vi_legacy_cp1258.txt"))
    expected = (FIXTURES / "vi_legacy_cp1258.expected").read_text(encoding="utf-8")
    assert doc.text == expected and "nghiệp" in doc.text
    assert doc.data == (FIXTURES / "vi_legacy_cp1258.txt").read_bytes()   # original bytes kept


def test_html_page_in_its_declared_charset() -> None:
    doc = _only_doc(_read(FIXTURES / "ja_shift_jis.html"))
    assert doc.kind == "html" and "群馬県" in doc.text and "クアンニン省" in doc.text


def test_jsonl_fixture_one_item_per_line_errors_for_bad_lines_only() -> None:
    items = _read(FIXTURES / "records.jsonl")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["RawDocument", "RawDocument", "InputError", "InputError", "RawDocument"]
    first, second, broken, empty, http_date = items
    assert first.source.endswith("records.jsonl#L1") and first.title == "Huế và Kyoto bàn hợp tác du lịch"
    assert first.data.decode("utf-8").startswith("{") and b"\n" not in first.data   # that line's bytes
    # a raw U+2028 inside a JSON string does not split the record
    assert second.published == "2025-06-03" and "\u2028" in second.text and second.language == "en"
    assert broken.path.endswith("#L3") and "invalid JSON" in broken.reason
    assert empty.path.endswith("#L4") and "maintext" in empty.reason
    assert http_date.published == "2025-11-25" and http_date.url is None


def test_json_array_gives_one_record_per_element() -> None:
    items = _read(FIXTURES / "record_array.json")
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["1", "2"]
    assert [i.published for i in items] == ["2025-02-01", "2025-02-02"]


def test_warc_fixture_skips_images_and_uses_http_charset_and_date_hints() -> None:
    items = _read(FIXTURES / "crawl.warc.gz")
    assert all(isinstance(i, RawDocument) for i in items)
    vi, ja = items
    assert vi.source.endswith("crawl.warc.gz#1") and ja.source.endswith("crawl.warc.gz#3")
    assert vi.url == "https://news.example.vn/ibaraki-aichi" and "Vĩnh Phúc" in vi.text
    assert vi.published == "2025-05-20"          # WARC-Date: only a hint for the cleaner
    assert ja.published == "2025-05-19"          # Last-Modified wins over the crawl date
    assert "愛知県" in ja.text                    # EUC-JP from the HTTP header


def _score_stem(path: str) -> str:
    """The shared scorer's stem(): the file name without one of its known suffixes."""
    name = Path(path).name
    for suffix in (".warc.gz", ".jsonl", ".json", ".html", ".htm", ".txt", ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def test_sources_are_distinct_and_keep_the_file_name_for_the_scorer(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "002_abc.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "x.jsonl").write_text("\n".join([json.dumps({"text": "Một"}), json.dumps({"text": "Hai"})]),
                                    encoding="utf-8")
    sources = [i.source for i in _read(folder)]   # a folder's own files first, then its subfolders
    assert sources[2] == str(folder / "sub" / "002_abc.txt") and _score_stem(sources[2]) == "002_abc"
    assert sources[0] == f"{folder / 'x.jsonl'}#L1"
    stems = [_score_stem(s) for s in sources]
    assert len(set(stems)) == len(stems) == 3


def test_utf8_with_a_stray_byte_or_a_cut_last_character_stays_utf8() -> None:
    body = ARTICLE.encode("utf-8")
    assert decode(body + b"\x92" + body).startswith(ARTICLE)     # not garbled as Windows-1258
    assert decode(body + "ệ".encode("utf-8")[:2]) == ARTICLE    # file cut inside its last letter


def test_jsonl_in_utf16_and_with_windows_line_ends(tmp_path: Path) -> None:
    lines = [json.dumps({"maintext": "Tỉnh Gunma"}, ensure_ascii=False), json.dumps({"maintext": "Quảng Ninh"},
                                                                                     ensure_ascii=False)]
    (tmp_path / "a.jsonl").write_bytes("\r\n".join(lines).encode("utf-16"))
    (tmp_path / "b.jsonl").write_bytes("\r\n".join(lines).encode("utf-8"))
    for name in ("a.jsonl", "b.jsonl"):
        assert [d.text for d in _read(tmp_path / name)] == ["Tỉnh Gunma", "Quảng Ninh"], name


def test_folder_without_documents_and_file_that_is_not_a_warc(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "logo.png").write_bytes(b"\x89PNG")
    assert "no documents" in _read(tmp_path / "empty")[0].reason
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"<html>not an archive</html>"))
    (item,) = _read(fake)
    assert isinstance(item, InputError) and "not a WARC" in item.reason


def test_html_without_any_text_and_json_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "b.json").write_text('"just a string"', encoding="utf-8")
    items = _read(tmp_path / "a.json", tmp_path / "b.json")
    assert len(items) == 3 and all(isinstance(i, InputError) and "object" in i.reason for i in items)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.warc.gz", "a.warc"]))
def test_iter_raw_never_raises_on_arbitrary_bytes(tmp_path_factory, data: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    for item in iter_raw([path]):
        assert isinstance(item, (RawDocument, InputError))
        if isinstance(item, RawDocument):
            assert item.text == unicodedata.normalize("NFC", item.text) and item.text.strip()
        else:
            assert item.reason

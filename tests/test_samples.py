"""The demo sample (kizuna/samples/): enough articles, every language and format `make demo` should show,
and the odd encodings really as odd as their names say."""
from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
from warcio.archiveiterator import ArchiveIterator

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "kizuna" / "samples"
TOOLS = REPO / "eval" / "tools"
RECORD_FIELDS = {"url", "title", "maintext", "date_publish", "language"}


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith(".")
                  and not p.name.startswith("README"))


def one(suffix: str) -> Path:
    found = [p for p in sample_files() if p.name.endswith(suffix)]
    assert len(found) == 1, f"expected one sample ending in {suffix}, found {found}"
    return found[0]


def named(part: str) -> Path:
    found = [p for p in sample_files() if part in p.name]
    assert len(found) == 1, f"expected one sample named *{part}*, found {found}"
    return found[0]


def warc_html_pages(path: Path) -> list[bytes]:
    with path.open("rb") as stream:
        return [r.content_stream().read() for r in ArchiveIterator(stream)
                if r.rec_type == "response" and "html" in (r.http_headers.get_header("Content-Type") or "")]


def jsonl_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_languages() -> list[str]:
    """One language per article: the file-name prefix, the record's `language`, the page's <html lang>."""
    langs = []
    for path in sample_files():
        if path.name.endswith(".jsonl"):
            langs += [r["language"] for r in jsonl_records(path)]
        elif path.name.endswith(".warc.gz"):
            for page in warc_html_pages(path):
                langs.append(page.decode("utf-8").split('<html lang="', 1)[1][:2])
        else:
            langs.append(path.name.split("_", 1)[0])
    return langs


def test_at_least_twelve_articles_in_the_four_languages() -> None:
    langs = article_languages()
    assert len(langs) >= 12
    assert {"vi", "en", "ja", "sv"} <= set(langs)
    assert all(langs.count(lang) >= 2 for lang in ("vi", "en", "ja", "sv"))


def test_every_format_is_present() -> None:
    names = [p.name for p in sample_files()]
    assert sum(n.endswith(".txt") for n in names) >= 4
    assert sum(n.endswith(".html") for n in names) >= 2
    for suffix in (".json", ".jsonl", ".warc.gz"):
        one(suffix)


def test_html_pages_carry_page_furniture_and_a_date() -> None:
    for path in (p for p in sample_files() if p.suffix == ".html"):
        html = path.read_text(encoding="utf-8")
        assert "<nav" in html and "<footer" in html and "<aside" in html, path.name
        assert "<time datetime=" in html or "article:published_time" in html, path.name


def test_json_and_jsonl_are_news_please_records() -> None:
    record = json.loads(one(".json").read_text(encoding="utf-8"))
    assert RECORD_FIELDS <= set(record)
    records = jsonl_records(one(".jsonl"))
    assert len(records) == 2
    assert all(RECORD_FIELDS <= set(r) and r["maintext"].strip() for r in records)


def test_the_warc_opens_and_holds_two_html_responses() -> None:
    pages = warc_html_pages(one(".warc.gz"))
    assert len(pages) == 2
    assert all(b"<article>" in page for page in pages)


def test_the_nfd_file_is_really_nfd() -> None:
    text = named("_nfd").read_bytes().decode("utf-8")
    assert text == unicodedata.normalize("NFD", text)
    assert text != unicodedata.normalize("NFC", text)      # it has Vietnamese letters to decompose
    assert "Đà Nẵng" in unicodedata.normalize("NFC", text)


def test_the_cp1258_file_is_not_utf8_but_windows_1258() -> None:
    data = named("_cp1258").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = unicodedata.normalize("NFC", data.decode("cp1258"))
    assert "Hải Phòng" in text and "Kitakyushu" in text


def test_the_utf16_file_has_a_bom_and_japanese_text() -> None:
    data = named("_utf16").read_bytes()
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert "神奈川県" in data.decode("utf-16")


def load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_samples_match_their_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The encoded samples are what eval/tools/make_sample_encodings.py makes of the committed sources."""
    tool = load_tool("make_sample_encodings")
    monkeypatch.setattr(tool, "SAMPLES", tmp_path)
    sources = sorted((TOOLS / "sample_sources").glob("*.txt"))
    assert sources
    for source in sources:
        assert tool.convert(source).read_bytes() == (SAMPLES / source.name).read_bytes(), source.name


def test_cp1258_encoder_round_trips_every_vietnamese_letter() -> None:
    tool = load_tool("make_sample_encodings")
    letters = "aăâeêioôơuưy"
    text = "".join(unicodedata.normalize("NFC", base + tone) for base in letters + letters.upper()
                   for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")) + "đĐ"
    assert unicodedata.normalize("NFC", tool.encode_cp1258(text).decode("cp1258")) == text


def test_the_pipeline_reads_every_sample_and_finds_both_countries() -> None:
    pipeline = pytest.importorskip("kizuna.pipeline", reason="kizuna.pipeline cannot be imported yet")
    results = list(pipeline.extract_paths([SAMPLES]))
    errors = [str(r) for r in results if not hasattr(r, "localities")]
    assert not errors, errors
    assert len(results) == len(article_languages())
    countries = {loc.country for r in results for loc in r.localities}
    assert countries == {"VN", "JP"}

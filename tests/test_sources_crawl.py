"""Crawl-scale inputs: JSON Lines dumps of any size (plain or gzipped) are streamed, and FastWARC's
silent drops (a cut record, a cut archive, bytes after the last record) are still reported."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import kizuna.sources as sources
from kizuna.errors import InputError
from kizuna.model import RawDocument
from kizuna.sources import iter_raw

TEXT = "Tỉnh Quảng Ninh và tỉnh Gunma ký kết hợp tác về du lịch. "


def _lines(n: int) -> str:
    return "".join(json.dumps({"maintext": f"{TEXT} #{i}", "title": f"Tin {i}"}) + "\n" for i in range(n))


def test_a_jsonl_dump_larger_than_the_file_limit_is_streamed(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", 2_000)
    dump = tmp_path / "dump.jsonl"
    big = json.dumps({"maintext": TEXT * 100})
    dump.write_text(_lines(30) + big + "\n" + _lines(2), encoding="utf-8")
    assert dump.stat().st_size > 2_000
    items = list(iter_raw([dump]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) == 32 and docs[0].source.endswith("dump.jsonl#L1") and docs[-1].source.endswith("#L33")
    assert len(errors) == 1 and errors[0].path.endswith("#L31") and "larger than" in errors[0].reason
    page = tmp_path / "page.txt"   # a single document keeps the limit
    page.write_text(TEXT * 100, encoding="utf-8")
    assert "too large" in next(iter_raw([page])).reason


def test_gzipped_jsonl_and_a_cut_one(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(_lines(40).encode("utf-8")))
    assert sum(isinstance(i, RawDocument) for i in iter_raw([tmp_path])) == 40   # found in a folder too
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(dump.read_bytes()[:-60])
    items = list(iter_raw([cut]))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[-1], InputError) and items[-1].path == str(cut)
    assert "rest of the file" in items[-1].reason


def _warc(pages: int, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for n in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://a.vn/{n}", "response", http_headers=headers,
                                                      payload=io.BytesIO(f"<p>{TEXT * 20}</p>".encode())))
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("damage", ["cut in the last record", "cut between records", "garbage at the end"])
def test_a_damaged_archive_gives_what_it_holds_then_an_error(tmp_path: Path, compress: bool,
                                                             damage: str) -> None:
    whole = _warc(3, compress)
    one_less = _warc(2, compress)
    data = {"cut in the last record": whole[:-200],
            "cut between records": one_less + whole[len(one_less):len(one_less) + 40],
            "garbage at the end": whole + b"\x00garbage that is no record" * 3}[damage]
    path = tmp_path / ("a.warc.gz" if compress else "a.warc")
    path.write_bytes(data)
    items = list(iter_raw([path]))
    assert all(isinstance(i, RawDocument) for i in items[:2]), items
    assert isinstance(items[-1], InputError) and "WARC" in items[-1].reason and items[-1].path == str(path)
    whole_path = tmp_path / ("b.warc.gz" if compress else "b.warc")
    whole_path.write_bytes(whole)
    assert [type(i) for i in iter_raw([whole_path])] == [RawDocument] * 3

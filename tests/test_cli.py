"""The command line, through typer's CliRunner: formats, exit codes, old and new names."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_store import en_extraction, vi_extraction  # hand-built extractions, shared with the store tests
from typer.testing import CliRunner

from kizuna import api
from kizuna.api import add_document
from kizuna.cli import app
from kizuna.errors import InputError
from kizuna.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cli"
COMMANDS = ["extract", "ingest", "localities", "show", "search", "ties", "events", "people", "figures"]

runner = CliRunner()


def _pipeline_or_skip() -> None:
    try:
        import kizuna.pipeline  # noqa: F401
    except ImportError as err:
        pytest.skip(f"the pipeline stages are not all in place yet ({err})")


@pytest.fixture()
def db(kb: str) -> str:
    with open_store(kb) as store:
        add_document(store, vi_extraction())
        add_document(store, en_extraction())
    return kb


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: kizuna " + command in result.stdout


def test_missing_database_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["localities", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "kizuna ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_unknown_option_is_a_usage_error(db: str) -> None:
    assert runner.invoke(app, ["localities", "--db", db, "--colour", "red"]).exit_code == 2
    assert runner.invoke(app, ["localities", "--db", db, "--country", "FR"]).exit_code == 2


def test_localities_in_three_formats(db: str) -> None:
    table = runner.invoke(app, ["localities", "--db", db])
    assert table.exit_code == 0 and "Quảng Ninh" in table.stdout
    lines = runner.invoke(app, ["localities", "--db", db, "--country", "jp", "--format", "jsonl"]).stdout
    assert {json.loads(line)["name"] for line in lines.splitlines()} == {"Gunma", "Ibaraki"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["localities", "--db", db, "-f", "csv"]).stdout)))
    assert {r["name"]: r["current"] for r in rows}["Long An"] == "Tây Ninh"


def test_show_old_name_tells_the_merger(db: str) -> None:
    result = runner.invoke(app, ["show", "Long An", "--db", db])
    assert result.exit_code == 0, result.output
    assert "merged into Tây Ninh on 2025-07-01" in result.stdout
    assert "Ibaraki" in result.stdout


def test_show_new_name_lists_the_old_unit(db: str) -> None:
    result = runner.invoke(app, ["show", "tay ninh", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)
    assert profile["unit"]["name"] == "Tây Ninh"
    long_an = next(u for u in profile["units"] if u["unit"]["name"] == "Long An")
    assert long_an["mentions"][0]["surface"] == "Long An"
    assert [t["jp"] for t in profile["ties"]] == ["Ibaraki"]


def test_show_unknown_locality_exits_2(db: str) -> None:
    result = runner.invoke(app, ["show", "Atlantis", "--db", db])
    assert result.exit_code == 2 and "kizuna localities" in result.stderr


def test_search_marks_terms_in_the_original_spelling(db: str) -> None:
    result = runner.invoke(app, ["search", "da nang", "--db", db, "--format", "jsonl"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 1 and "[Đà Nẵng]" in hits[0]["marked"]
    assert runner.invoke(app, ["search", "okinawa", "--db", db, "-f", "jsonl"]).stdout == ""


def test_fact_commands_take_old_and_new_names(db: str) -> None:
    for name in ("Tây Ninh", "long an"):
        lines = runner.invoke(app, ["ties", name, "--db", db, "-f", "jsonl"]).stdout.splitlines()
        assert [json.loads(line)["jp"] for line in lines] == ["Ibaraki"], name
    events = runner.invoke(app, ["events", "--since", "2025-06-01", "--db", db, "-f", "jsonl"]).stdout
    assert [json.loads(line)["type"] for line in events.splitlines()] == ["forum"]
    people = runner.invoke(app, ["people", "Gunma", "--db", db, "-f", "csv"]).stdout
    assert "Yamamoto Ichita" in people
    figures = runner.invoke(app, ["figures", "--db", db, "-f", "jsonl"]).stdout
    assert json.loads(figures.splitlines()[0])["value"] == 56
    assert runner.invoke(app, ["ties", "Atlantis", "--db", db]).exit_code == 2


def test_extract_goes_on_after_a_bad_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "extract_files", lambda paths, **_: iter([InputError("a.bin", "binary data"), vi_extraction()]))
    result = runner.invoke(app, ["extract", "a.bin", "b.txt"])
    assert result.exit_code == 0
    assert "error: a.bin: binary data" in result.stderr
    record = json.loads(result.stdout)
    assert record["ties"][0]["vn"] == "Long An" and "text" not in record


def test_extract_exits_2_when_nothing_was_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "extract_files", lambda paths, **_: iter([InputError("a.bin", "binary data")]))
    result = runner.invoke(app, ["extract", "a.bin"])
    assert result.exit_code == 2 and result.stdout == ""


def test_ingest_prints_a_summary_with_reasons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "extract_files", lambda paths, **_: iter([vi_extraction(), InputError("a.bin", "empty file")]))
    result = runner.invoke(app, ["ingest", "x", "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 0
    assert "1 new, 0 unchanged, 0 updated, 1 failed" in result.stdout
    assert "a.bin: empty file" in result.stdout


def test_extract_prints_json_lines_and_reports_bad_files(tmp_path: Path) -> None:
    _pipeline_or_skip()
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(FIXTURES), str(missing)])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == len(list(FIXTURES.iterdir()))
    assert all({"id", "lang", "localities", "ties"} <= set(o) for o in objects)
    assert f"error: {missing}" in result.stderr


def test_extract_with_text_gives_evidence_text() -> None:
    _pipeline_or_skip()
    result = runner.invoke(app, ["extract", "--with-text", str(FIXTURES / "long_an_ibaraki_vi.txt")])
    record = json.loads(result.stdout)
    for locality in record["localities"]:
        for span in locality["evidence"]:
            assert record["text"][span["start"]:span["end"]] == span["text"]


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    _pipeline_or_skip()
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "error:" in result.stderr
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2


def test_ingest_then_show_both_names(kb: str) -> None:
    _pipeline_or_skip()
    db = kb
    first = runner.invoke(app, ["ingest", str(FIXTURES), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 new, 0 unchanged, 0 updated, 0 failed" in first.stdout
    again = runner.invoke(app, ["ingest", str(FIXTURES), "--db", db, "--quiet"])
    assert "0 new, 2 unchanged" in again.stdout
    long_an = runner.invoke(app, ["show", "Long An", "--db", db])
    assert long_an.exit_code == 0 and "Tây Ninh" in long_an.stdout
    tay_ninh = runner.invoke(app, ["show", "Tây Ninh", "--db", db])
    assert tay_ninh.exit_code == 0 and "Long An" in tay_ninh.stdout


SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds"


def test_real_articles_end_to_end(kb: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared corpus is not at {SEEDS}")
    _pipeline_or_skip()
    db = kb
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"{len(list(SEEDS.glob('*.txt')))} new" in result.stdout
    hits = runner.invoke(app, ["search", "quang ninh", "--db", db, "-f", "jsonl"]).stdout.splitlines()
    assert hits and all("Quảng Ninh" in json.loads(h)["snippet"] or "Quang Ninh" in json.loads(h)["snippet"]
                        for h in hits)
    long_an = runner.invoke(app, ["show", "long an", "--db", db, "-f", "jsonl"])
    assert long_an.exit_code == 0, long_an.output
    assert json.loads(long_an.stdout)["merged_into"] == "Tây Ninh"

"""`kizuna check`: a sound knowledge base passes; each kind of damage is found, named, and comes
with what to do; the exit status tells them apart (0 sound, 1 problems, 2 no database)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import problems_of
from test_store import en_extraction, vi_extraction
from typer.testing import CliRunner

from kizuna.cli import app
from kizuna.store import open_store
from kizuna.store.check import check_database

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add(vi_extraction())
        store.add(en_extraction())
    return path


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection with foreign keys off: how another tool could damage the file."""
    return sqlite3.connect(path, isolation_level=None)


def test_a_sound_database_passes_every_check(db: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[0] == f"{db}: ok"
    for name in ("integrity_check", "foreign_key_check", "fts5 integrity-check", "mentions quote their text"):
        assert f"ok       {name}" in result.stdout


def test_a_missing_database_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output


@pytest.mark.damaged_db
def test_orphan_facts_are_found_with_what_to_do(db: Path) -> None:
    with _raw(db) as con:
        con.execute(
            "INSERT INTO ties (doc_id, vn, vn_fold, jp, jp_fold, kind, evidence)"
            " VALUES ('f' || hex(randomblob(19)), 'Long An', 'long an', 'Gunma', 'gunma', 'visit', '[]')"
        )
    result = runner.invoke(app, ["check", "--db", str(db), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    finding = next(f for f in report["findings"] if f["check"] == "foreign_key_check")
    assert finding["count"] == 1 and "ties row" in finding["problems"][0]
    assert "kizuna reextract --db" in finding["advice"]
    assert "integrity_check" in report["passed"]


@pytest.mark.damaged_db
def test_a_mention_that_no_longer_quotes_its_text_is_found(db: Path) -> None:
    with _raw(db) as con:
        con.execute(
            "UPDATE mentions SET char_start = char_start + 1 WHERE id = (SELECT MIN(id) FROM mentions)"
        )
        con.execute('UPDATE ties SET evidence = \'[{"start": 0, "end": 99999}]\' WHERE id = 1')
    report = check_database(db)
    checks = {f.check: f for f in report.findings}
    assert set(checks) == {"mentions quote their text", "evidence lies inside its document"}
    assert checks["evidence lies inside its document"].problems == ["ties 1 " + "a" * 40]


@pytest.mark.damaged_db
def test_a_document_left_out_of_search_and_events_is_found(db: Path) -> None:
    with _raw(db) as con:
        con.execute("DELETE FROM documents_fts WHERE doc_id = ?", ("b" * 40,))
        con.execute("DELETE FROM cluster_documents WHERE doc_id = ?", ("b" * 40,))
    names = {f.check for f in check_database(db).findings}
    assert names == {
        "every document is searchable",
        "every document has a headline event",
        "no event without a document",
        "foreign_key_check",
    }  # its cluster_places rows, left without their member


@pytest.mark.damaged_db
def test_overwritten_pages_are_reported_as_damage(db: Path) -> None:
    with _raw(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    assert pages > 4
    with db.open("r+b") as f:  # every page but the first (the header) scribbled over
        f.seek(size)
        f.write(bytes(range(256)) * ((pages - 1) * size // 256))
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 1
    assert "PROBLEM  integrity_check" in result.stdout
    assert ".recover" in result.stdout  # what to do
    assert "skipped  the other checks: the file itself is damaged" in result.stdout


@pytest.mark.damaged_db
def test_a_file_that_is_no_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are notes, not a database\n" * 200)
    report = check_database(path)
    assert not report.ok and report.findings[0].check == "integrity_check"
    assert "not a database" in report.findings[0].problems[0]


@pytest.mark.damaged_db
def test_an_old_schema_says_how_to_upgrade(db: Path) -> None:
    with _raw(db) as con:
        con.execute("PRAGMA user_version = 3")
    report = check_database(db)
    assert [f.check for f in report.findings] == ["schema version"]
    assert "kizuna reextract" in report.findings[0].advice


def test_check_needs_no_write_access_and_leaves_the_file_as_it_was(db: Path) -> None:
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        assert check_database(db).ok
    finally:
        db.chmod(0o644)
    assert db.read_bytes() == before


@pytest.mark.damaged_db
def test_the_fixture_of_every_test_would_catch_a_damaged_database(db: Path) -> None:
    """The autouse fixture (conftest.py) runs the same check: here on a file damaged on purpose."""
    assert problems_of({db}) == []
    with _raw(db) as con:
        con.execute("DELETE FROM documents_fts")
    found = "\n".join(problems_of({db}))
    assert "PROBLEM  every document is searchable: 2 row(s)" in found

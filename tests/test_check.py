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

from kizuna.api import add_document
from kizuna.cli import app
from kizuna.store import open_store
from kizuna.store.check import check_database

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    with open_store(path) as store:
        add_document(store, vi_extraction())
        add_document(store, en_extraction())
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


# -- PostgreSQL: the server's equivalents, then the same invariants ------------------------------


@pytest.fixture()
def pg_db(pg_server) -> str:
    pytest.importorskip("psycopg")
    url = pg_server.new_database()
    with open_store(url) as store:
        add_document(store, vi_extraction())
        add_document(store, en_extraction())
    return url


def _sql(url: str, *statements: str) -> None:
    """Statements as a superuser with kizuna's own rules off: how a restore with --disable-triggers
    or a hand edit could leave the rows."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            con.execute(statement)


def test_a_sound_postgres_database_passes_every_check(pg_db: str) -> None:
    result = runner.invoke(app, ["check", "--db", pg_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{pg_db}: ok"
    for name in ("every index valid", "not-null constraints re-validated", "foreign keys re-validated",
                 "primary and unique keys re-validated", "mentions quote their text",
                 "every fact has its stable id", "evidence lies inside its document"):
        assert f"ok       {name}" in result.stdout
    # amcheck is not installed in a new database: skipped, saying how to enable it
    assert "skipped  amcheck bt_index_check: amcheck is not installed" in result.stdout
    assert "CREATE EXTENSION amcheck" in result.stdout
    _sql(pg_db, "CREATE EXTENSION amcheck")
    report = check_database(pg_db)
    assert report.ok and not report.skipped
    amcheck = next(name for name in report.passed if name.startswith("amcheck"))
    assert amcheck.startswith("amcheck bt_index_check (heapallindexed): ") and int(amcheck.split()[-3]) > 30


def test_postgres_check_reads_the_same_kizuna_invariants_as_sqlite(pg_db: str, db: Path) -> None:
    kizuna_checks = {n for n in check_database(db).passed if " " in n and "fts5" not in n
                     and "foreign_key" not in n}
    assert kizuna_checks and kizuna_checks <= set(check_database(pg_db).passed)


def _rows_of(url: str, doc_id: str) -> int:
    """How many rows of every table with a doc_id column belong to this document (but its own)."""
    import psycopg

    with psycopg.connect(url) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.columns WHERE "
                                            "column_name = 'doc_id' AND table_schema = 'public'")]
        return sum(con.execute(f"SELECT COUNT(*) FROM {t} WHERE doc_id = %s", [doc_id]).fetchone()[0]
                   for t in tables)


@pytest.mark.damaged_db
def test_postgres_rows_written_past_the_constraints_are_found(pg_db: str) -> None:
    orphans = _rows_of(pg_db, "b" * 40)
    assert orphans > 10
    _sql(pg_db,
         "SET session_replication_role = replica",   # foreign keys (and their cascades) are triggers
         f"DELETE FROM documents WHERE id = '{'b' * 40}'",
         "UPDATE pg_attribute SET attnotnull = false WHERE attrelid = 'people'::regclass AND attname = 'name'",
         "UPDATE people SET name = NULL WHERE id = (SELECT MIN(id) FROM people)",
         "UPDATE pg_attribute SET attnotnull = true WHERE attrelid = 'people'::regclass AND attname = 'name'")
    result = runner.invoke(app, ["check", "--db", pg_db, "--json"])
    assert result.exit_code == 1, result.output
    found = {f["check"]: f for f in json.loads(result.stdout)["findings"]}
    foreign = found["foreign keys re-validated"]
    assert foreign["count"] == orphans   # every row of the document deleted under them, none else
    assert "cluster_documents id=2 points at a missing documents row" in foreign["problems"]
    assert "kizuna reextract --db" in foreign["advice"]
    assert found["not-null constraints re-validated"]["problems"] == ["people id=1: name is NULL"]
    assert found["no search row without its document"]["count"] == 1   # kizuna's own check, as on SQLite


@pytest.mark.damaged_db
def test_postgres_index_damage_is_found_by_amcheck_and_the_catalogue(pg_db: str) -> None:
    _sql(pg_db, "CREATE EXTENSION amcheck",
         # rows the index never saw: written while it was not ready
         "UPDATE pg_index SET indisready = false WHERE indexrelid = 'ties_doc'::regclass",
         "INSERT INTO ties (doc_id, vn, vn_fold, jp, jp_fold, kind, evidence, fid) SELECT doc_id, vn, vn_fold, "
         "jp, jp_fold, kind, evidence, fid || 'x' FROM ties",
         "UPDATE pg_index SET indisready = true WHERE indexrelid = 'ties_doc'::regclass",
         "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'people_fid'::regclass")
    quick = {f.check: f for f in check_database(pg_db, quick=True).findings}
    assert set(quick) == {"every index valid"}   # the index's structure is sound: only heapallindexed sees it
    assert "REINDEX INDEX people_fid" in quick["every index valid"].advice
    found = {f.check: f for f in check_database(pg_db).findings}
    assert set(found) == {"every index valid", "amcheck bt_index_check (heapallindexed)"}
    amcheck = found["amcheck bt_index_check (heapallindexed)"]
    assert amcheck.problems[0].startswith("index ties_doc: heap tuple") and "REINDEX INDEX ties_doc" in amcheck.advice


def test_postgres_amcheck_not_allowed_says_what_to_grant(pg_db: str) -> None:
    role = "reader_" + pg_db.rsplit("_", 1)[-1]
    _sql(pg_db, "CREATE EXTENSION amcheck", f"CREATE ROLE {role} LOGIN",
         f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", f"GRANT SELECT ON SEQUENCE kizuna_changes TO {role}")
    report = check_database(pg_db.replace("://kizuna@", f"://{role}@"))
    assert report.ok, report.findings
    assert [s for s in report.skipped if "GRANT EXECUTE ON FUNCTION bt_index_check" in s and role in s]


def test_postgres_without_kizuna_tables_or_server_exits_2(pg_server) -> None:
    empty = pg_server.new_database()
    result = runner.invoke(app, ["check", "--db", empty])
    assert result.exit_code == 2 and "no database at" in result.output
    gone = pg_server.base.rsplit("/", 1)[0] + "/no_such_kb"
    result = runner.invoke(app, ["check", "--db", gone])
    assert result.exit_code == 2 and "createdb" in result.output and "Traceback" not in result.output


@pytest.mark.damaged_db
def test_a_review_left_without_its_standing_verdict_is_found(kb: str) -> None:
    from kizuna import curation

    with open_store(kb) as store:
        add_document(store, vi_extraction())
        fid = store._db.execute("SELECT fid FROM ties LIMIT 1").fetchone()[0]
        curation.review(store, fid, "confirm", "ed")
        curation.review(store, fid, "reject", "ed")
        store._db.execute("UPDATE curation SET review_id = (SELECT MIN(id) FROM reviews)")
    found = {f.check: f for f in check_database(kb).findings}
    assert set(found) == {"every standing verdict is its fact's latest review"}
    assert found["every standing verdict is its fact's latest review"].problems == [f"{fid} 1"]


@pytest.mark.damaged_db
def test_rows_of_accounts_and_reviews_left_without_their_parents_are_found(kb: str) -> None:
    """The curation tables are covered by the engine's checks as the fact tables are (SQLite's
    foreign_key_check reads every table; on PostgreSQL every foreign key is re-validated)."""
    from kizuna import curation

    with open_store(kb) as store:
        add_document(store, vi_extraction())
        curation.review(store, store._db.execute("SELECT fid FROM ties LIMIT 1").fetchone()[0], "confirm", "ed")
    curation.add_user(kb, "ed", "editor", "a long enough password")
    curation.create_token(kb, "ed")
    if "://" in kb:
        _sql(kb, "SET session_replication_role = replica", "DELETE FROM users", "DELETE FROM reviews")
    else:
        with _raw(Path(kb)) as con:
            con.execute("DELETE FROM users")
            con.execute("DELETE FROM reviews")
    found = {f.check: f for f in check_database(kb).findings}
    foreign = found.pop("foreign_key_check" if "://" not in kb else "foreign keys re-validated")
    assert {p.split()[0] for p in foreign.problems} == {"api_tokens", "curation"}
    assert set(found) == {"every standing verdict is its fact's latest review"}  # its review is gone

"""`kizuna check` on PostgreSQL: the server's equivalent of SQLite's checks, then kizuna's own.

    report = check_postgres("postgresql://kizuna@db.example/kizuna")   # -> check.CheckReport

PostgreSQL enforces its constraints as rows are written, so a violation means the rows were
written past them (a restore with `--disable-triggers`, `session_replication_role = replica`,
a NOT VALID constraint, catalog edits) or the storage is damaged. What runs, all of it reading:

- every index valid and ready (a failed CREATE INDEX CONCURRENTLY leaves one that is not);
- every NOT NULL, foreign key, primary key, unique and CHECK constraint of kizuna's tables
  re-validated with one query each, on sequential scans (index scans are switched off for
  these, so a damaged index cannot hide a row);
- amcheck's `bt_index_check` (with `heapallindexed` unless `quick`) on every B-tree index of
  kizuna's tables, when the extension is installed in the database; when it is not, or the
  user may not run it, the check is skipped with the command that enables it;
- the schema version, then the store's invariants (check.INVARIANTS, the SQL both engines
  read) and the evidence of every fact, read in Python (SQLite's json_each has no portable
  PostgreSQL twin before version 16).

Everything runs in one READ ONLY, REPEATABLE READ transaction: one snapshot, so a kizuna writing
meanwhile neither is disturbed nor makes a half-written batch look like a problem.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from . import fetchlog, schema
from .base import MissingStoreError
from .check import INVARIANTS, REEXTRACT, REINGEST, SAMPLES, CheckReport, add, evidence_tables, version_advice
from .connect import display
from .postgres import connect

REINDEX = ("rebuild the index (as its owner: `REINDEX INDEX {index}`; on a busy server `REINDEX INDEX "
           "CONCURRENTLY {index}`), then run `kizuna check --db {db}` again")
DAMAGED = ("the table's storage is damaged: restore the database from a backup (pg_dump/pg_restore), or "
           "re-ingest the sources into a new database")
AMCHECK_MISSING = (
    "amcheck is not installed in this database: as a superuser, `CREATE EXTENSION amcheck;` in it "
    "(psql -d DB), then run kizuna check again"
)
AMCHECK_UNAVAILABLE = (
    "amcheck is not available on this server: install PostgreSQL's contrib modules (Debian: the "
    "postgresql package has them), `CREATE EXTENSION amcheck;` as a superuser, then run kizuna check again"
)
AMCHECK_DENIED = (
    "this user may not run amcheck: as a superuser, `GRANT EXECUTE ON FUNCTION bt_index_check(regclass, "
    "boolean) TO {user};` (or run kizuna check as the owner), then run it again"
)

_CREATED = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")
KIZUNA_TABLES = tuple(sorted({name for ddl in (*schema.TABLES, *schema.POSTGRES_ONLY, *fetchlog._TABLES)
                              for name in _CREATED.findall(ddl)}))


def check_postgres(url: str, quick: bool = False) -> CheckReport:
    """Run every check on the PostgreSQL knowledge base at `url` (read-only). `quick`: amcheck
    without heapallindexed (it then checks the index structure only, not that every row is in it)."""
    report = CheckReport(display(url))
    conn = connect(url, readonly=True)._conn   # raises UsageError, saying what to do, if it cannot
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = _tables(conn)
        if "kizuna_schema" not in tables:
            raise MissingStoreError(report.path)
        _indexes_valid(conn, report, tables)
        conn.execute("SET LOCAL enable_indexscan = off")
        conn.execute("SET LOCAL enable_indexonlyscan = off")
        conn.execute("SET LOCAL enable_bitmapscan = off")
        for table, oid in sorted(tables.items()):
            _not_null(conn, report, table, oid)
        _constraints(conn, report, tables)
        conn.execute("RESET enable_indexscan")
        conn.execute("RESET enable_indexonlyscan")
        conn.execute("RESET enable_bitmapscan")
        _amcheck(conn, report, tables, quick)
        version = conn.execute("SELECT MAX(version) FROM kizuna_schema").fetchone()[0] or 0
        if version != schema.SCHEMA_VERSION:
            add(report, "schema version", [f"version {version}, this kizuna reads {schema.SCHEMA_VERSION}"], 1,
                version_advice(version))
            return report
        for name, sql, advice in INVARIANTS:
            _invariant(conn, report, name, sql, advice)
        _evidence(conn, report)
    finally:
        conn.close()   # nothing was written: closing ends the transaction
    return report


def _tables(conn: Any) -> dict[str, int]:
    """kizuna's tables in this database: name -> oid (only those of the search path's first schema)."""
    rows = conn.execute(
        "SELECT c.relname, c.oid FROM pg_class c WHERE c.relkind IN ('r', 'p') "
        "AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
        "AND c.relname = ANY(%s)", [list(KIZUNA_TABLES)]).fetchall()
    return {r[0]: r[1] for r in rows}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _key_columns(conn: Any, table_oid: int) -> list[str]:
    """The primary key's columns of a table (empty when it has none)."""
    rows = conn.execute(
        "SELECT a.attname FROM pg_constraint k, unnest(k.conkey) WITH ORDINALITY AS u(attnum, n) "
        "JOIN pg_attribute a ON a.attnum = u.attnum WHERE k.conrelid = %s AND k.contype = 'p' "
        "AND a.attrelid = %s ORDER BY u.n", [table_oid, table_oid]).fetchall()
    return [r[0] for r in rows]


def _row_name(conn: Any, table: str, oid: int, alias: str = "t") -> str:
    """An SQL expression naming a row: its primary key as `col=value`, else its ctid."""
    keys = _key_columns(conn, oid) or ["ctid"]
    parts = ", ".join(f"'{k}=' || {alias}.{_quote(k)}::text" for k in keys)
    return f"concat_ws(' ', {parts})"


def _indexes_valid(conn: Any, report: CheckReport, tables: dict[str, int]) -> None:
    rows = conn.execute(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = ANY(%s) AND NOT (i.indisvalid AND i.indisready) ORDER BY 1",
        [list(tables.values())]).fetchall()
    if not rows:
        report.passed.append("every index valid")
        return
    names = [r[0] for r in rows]
    add(report, "every index valid", [f"index {n} is not valid" for n in names], len(names),
        REINDEX.replace("{index}", names[0]))


def _sample(conn: Any, sql: str) -> tuple[list[str], int]:
    """Up to SAMPLES rows of `sql` (one text column) and how many there are, in one scan."""
    rows = conn.execute(f"SELECT q.*, count(*) OVER () FROM ({sql}) q LIMIT {SAMPLES}").fetchall()
    return [r[0] for r in rows], (rows[0][-1] if rows else 0)


def _not_null(conn: Any, report: CheckReport, table: str, oid: int) -> None:
    columns = [r[0] for r in conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND attnotnull "
        "AND NOT attisdropped ORDER BY attnum", [oid])]
    if not columns:
        return
    # num_nulls, not IS NULL: a planner may read `col IS NULL` on a NOT NULL column as false
    which = ", ".join(f"CASE WHEN num_nulls(t.{_quote(c)}) > 0 THEN '{c}' END" for c in columns)
    nulls = ", ".join(f"t.{_quote(c)}" for c in columns)
    sql = (f"SELECT '{table} ' || {_row_name(conn, table, oid)} || ': ' || concat_ws(', ', {which}) || ' is NULL' "
           f"FROM {_quote(table)} t WHERE num_nulls({nulls}) > 0")
    problems, count = _sample(conn, sql)
    _record(report, "not-null constraints re-validated", problems, count, REEXTRACT + "; if rows remain, " + REINGEST)


def _record(report: CheckReport, check: str, problems: list[str], count: int, advice: str) -> None:
    """Fold one table's result into the report's finding of `check` (one finding per check)."""
    if check not in report.passed and not any(f.check == check for f in report.findings):
        report.passed.append(check)
    if not count:
        return
    if check in report.passed:
        report.passed.remove(check)
    for finding in report.findings:
        if finding.check == check:
            finding.problems = (finding.problems + problems)[:SAMPLES]
            finding.count += count
            return
    add(report, check, problems, count, advice)


def _constraints(conn: Any, report: CheckReport, tables: dict[str, int]) -> None:
    """Foreign keys, primary and unique keys, CHECK constraints: each re-validated by a query."""
    rows = conn.execute(
        "SELECT k.conname, k.contype, k.conrelid::regclass::text, k.confrelid::regclass::text, k.conrelid, "
        "ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a "
        "      ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i), "
        "ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a "
        "      ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i), "
        "pg_get_constraintdef(k.oid), k.convalidated "
        "FROM pg_constraint k WHERE k.conrelid = ANY(%s) AND k.contype IN ('f', 'p', 'u', 'c') "
        "ORDER BY k.conrelid::regclass::text, k.conname", [list(tables.values())]).fetchall()
    fk, keys, checks = "foreign keys re-validated", "primary and unique keys re-validated", "CHECK constraints re-validated"
    for name in (fk, keys):
        _record(report, name, [], 0, "")
    for conname, kind, table, parent, oid, columns, parent_columns, definition, validated in rows:
        row = _row_name(conn, table, oid)
        if kind == "f":
            present = " AND ".join(f"t.{_quote(c)} IS NOT NULL" for c in columns)
            match = " AND ".join(f"p.{_quote(pc)} = t.{_quote(c)}" for c, pc in zip(columns, parent_columns))
            sql = (f"SELECT '{table} ' || {row} || ' points at a missing {parent} row' FROM {_quote(table)} t "
                   f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {_quote(parent)} p WHERE {match})")
            _record(report, fk, *_sample(conn, sql), REEXTRACT + "; if rows remain, " + REINGEST)
        elif kind in ("p", "u"):
            cols = ", ".join(f"t.{_quote(c)}" for c in columns)
            shown = " || ', ' || ".join(f"'{c}=' || t.{_quote(c)}::text" for c in columns)
            sql = (f"SELECT '{table}: ' || count(*) || ' rows with ' || {shown} FROM {_quote(table)} t "
                   f"WHERE num_nulls({cols}) = 0 GROUP BY {cols} HAVING count(*) > 1")
            _record(report, keys, *_sample(conn, sql), REINGEST)
        else:
            expression = definition.removeprefix("CHECK ").removesuffix(" NOT VALID")
            sql = f"SELECT '{table} ' || {row} || ' fails {conname}' FROM {_quote(table)} t WHERE ({expression}) IS FALSE"
            _record(report, checks, *_sample(conn, sql), REEXTRACT)
        if not validated:   # added NOT VALID: the rows before it were never checked (they are now, above)
            report.skipped.append(f"{table}.{conname} was added NOT VALID; its rows were re-validated here")


def _amcheck(conn: Any, report: CheckReport, tables: dict[str, int], quick: bool) -> None:
    installed = conn.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'amcheck'").fetchone()
    if installed is None:
        available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'").fetchone()
        report.skipped.append("amcheck bt_index_check: " + (AMCHECK_MISSING if available else AMCHECK_UNAVAILABLE))
        return
    from psycopg import errors as pg_errors
    function = f"{_quote(installed[0])}.bt_index_check"
    indexes = conn.execute(
        "SELECT c.relname, i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = ANY(%s) AND a.amname = 'btree' "
        "AND i.indisvalid AND i.indisready ORDER BY 1", [list(tables.values())]).fetchall()
    problems: list[str] = []
    for index, oid in indexes:
        conn.execute("SAVEPOINT amcheck")
        try:
            conn.execute(f"SELECT {function}(%s::regclass, %s)", [oid, not quick])
        except pg_errors.InsufficientPrivilege:
            conn.execute("ROLLBACK TO SAVEPOINT amcheck")
            user = conn.execute("SELECT current_user").fetchone()[0]
            report.skipped.append("amcheck bt_index_check: " + AMCHECK_DENIED.replace("{user}", _quote(user)))
            return
        except (pg_errors.IndexCorrupted, pg_errors.DataCorrupted) as err:
            conn.execute("ROLLBACK TO SAVEPOINT amcheck")
            problems.append(f"index {index}: {str(err).splitlines()[0]}")
            continue
        except pg_errors.ObjectNotInPrerequisiteState as err:   # an index too new for this snapshot
            conn.execute("ROLLBACK TO SAVEPOINT amcheck")
            report.skipped.append(f"amcheck of index {index}: {str(err).splitlines()[0]}; run kizuna check again")
            continue
        conn.execute("RELEASE SAVEPOINT amcheck")
    name = "amcheck bt_index_check" + ("" if quick else " (heapallindexed)")
    if problems:
        first = problems[0].split(":")[0].removeprefix("index ")
        add(report, name, problems, len(problems), REINDEX.replace("{index}", first))
    else:
        report.passed.append(f"{name}: {len(indexes)} B-tree indexes")


def _invariant(conn: Any, report: CheckReport, name: str, sql: str, advice: str) -> None:
    rows = conn.execute(f"SELECT q.*, count(*) OVER () FROM ({sql}) q LIMIT {SAMPLES}").fetchall()
    if not rows:
        report.passed.append(name)
        return
    add(report, name, [" ".join(str(v) for v in row[:-1]) for row in rows], rows[0][-1], advice)


def _evidence(conn: Any, report: CheckReport) -> None:
    """Every fact's evidence valid JSON, each offset pair inside its document's text (SQLite: the
    last two INVARIANTS in SQL, through json_each)."""
    lengths = dict(conn.execute("SELECT id, length(text) FROM documents").fetchall())
    invalid: list[str] = []
    outside: list[str] = []
    for table in evidence_tables():
        for fact_id, doc_id, evidence in _stream(conn, f"SELECT id, doc_id, evidence FROM {_quote(table)}"):
            try:
                spans = json.loads(evidence)
            except (TypeError, ValueError):
                invalid.append(f"{table} {fact_id} {doc_id}")
                continue
            if any(_outside(span, lengths.get(doc_id)) for span in (spans if isinstance(spans, list) else [spans])):
                outside.append(f"{table} {fact_id} {doc_id}")
    for name, found in (("evidence is valid JSON", invalid), ("evidence lies inside its document", outside)):
        if found:
            add(report, name, found, len(found), REEXTRACT)
        else:
            report.passed.append(name)


def _outside(span: Any, length: int | None) -> bool:
    """Whether an evidence span lies outside its document, as SQLite's json_extract reads it (a
    missing or non-numeric offset compares as NULL: not a finding; a fact without its document is
    the foreign-key check's)."""
    if not isinstance(span, dict) or length is None:
        return False
    start, end = (v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
                  for v in (span.get("start"), span.get("end")))
    return ((start is not None and start < 0) or (end is not None and end > length)
            or (start is not None and end is not None and start > end))


def _stream(conn: Any, sql: str) -> Iterator[Any]:
    """The rows of `sql` a few thousand at a time (a server-side cursor: a big table is never held whole)."""
    with conn.cursor(name="kizuna_check") as cursor:
        cursor.itersize = 5000
        cursor.execute(sql)
        yield from cursor


__all__ = ["KIZUNA_TABLES", "check_postgres"]

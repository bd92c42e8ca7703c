"""`kizuna check`: does a knowledge base pass its engine's own checks and kizuna's?

    report = check_database("kizuna.db")   # -> CheckReport; report.ok, report.findings

(A postgresql:// URL is checked by kizuna.store.pgcheck: constraints re-validated, amcheck, and the
same invariants as below.)

SQLite's checks first (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`, FTS5's own
'integrity-check'), then the store's invariants, each one linear scan: every document has its
full-text row and its place among the events, every mention's surface is the text at its offsets,
every fact's evidence lies inside its document's text, no event is left without a document.

The file is opened read-only (nothing is written, a writer running meanwhile is not disturbed);
FTS5's check is the one statement that has to be written as an INSERT, so it runs inside a
transaction that is always rolled back, and only when the file is writable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .base import MissingStoreError
from .connect import is_url
from .schema import FACT_TABLES, FID_TABLES, SCHEMA_VERSION

SAMPLES = 5  # problem rows quoted per finding

# What to do, per kind of problem (the reader of `kizuna check` wants the next command).
DAMAGED = (
    "the file is damaged: restore it from a backup, or recover what SQLite can read with "
    "`sqlite3 {db} .recover | sqlite3 recovered.db`, then `kizuna reextract --db recovered.db`"
)
REEXTRACT = "rebuild the facts and events from the stored documents: `kizuna reextract --db {db}`"
UPGRADE = "open it once for writing with this kizuna (`kizuna reextract --db {db}` upgrades it)"
NEWER = "a newer kizuna wrote it: upgrade kizuna (pip install -U kizuna), then check it again"


def version_advice(version: int) -> str:
    """What to do about a database of another schema version than this kizuna's."""
    return NEWER if version > SCHEMA_VERSION else UPGRADE
REINGEST = (
    "re-ingest the sources into a new database (`kizuna ingest SOURCES --db new.db`); the rows "
    "quoted above cannot be told apart from sound ones in place"
)


@dataclass(slots=True)
class Finding:
    check: str  # which check found it
    problems: list[str]  # up to SAMPLES rows, as text
    count: int  # how many there are in all
    advice: str  # what to do about it

    def to_dict(self) -> dict[str, object]:
        return {"check": self.check, "count": self.count, "problems": self.problems, "advice": self.advice}


@dataclass(slots=True)
class CheckReport:
    path: str
    passed: list[str] = field(default_factory=list)  # names of the checks that found nothing
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks that could not run, with the reason

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, object]:
        return {
            "db": self.path,
            "ok": self.ok,
            "passed": self.passed,
            "skipped": self.skipped,
            "findings": [f.to_dict() for f in self.findings],
        }


def check_database(path: str | Path, quick: bool = False) -> CheckReport:
    """Run every check on the knowledge base at `path`: an SQLite file, or a postgresql:// URL
    (kizuna.store.pgcheck). `quick`: PRAGMA quick_check instead of integrity_check (it skips
    comparing indexes with their tables: minutes saved on a big file); on PostgreSQL, amcheck
    without heapallindexed."""
    path = str(path)
    if is_url(path):
        from .pgcheck import check_postgres   # psycopg is loaded only for PostgreSQL
        return check_postgres(path, quick=quick)
    path = path.removeprefix("sqlite:///")
    if not Path(path).is_file():
        raise MissingStoreError(path)
    report = CheckReport(path)
    db = _connect(path)
    try:
        if not _integrity(db, report, quick):
            report.skipped.append("the other checks: the file itself is damaged")
            return report
        _foreign_keys(db, report)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            add(
                report,
                "schema version",
                [f"version {version}, this kizuna reads {SCHEMA_VERSION}"],
                1,
                version_advice(version),
            )
            return report
        _fulltext_integrity(path, report)
        for name, sql, advice in INVARIANTS + _SQLITE_EVIDENCE:
            _invariant(db, report, name, sql, advice)
    finally:
        db.close()
    return report


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")  # a writer may be checkpointing: wait, do not fail
    return db


def add(report: CheckReport, check: str, problems: list[str], count: int, advice: str) -> None:
    report.findings.append(Finding(check, problems[:SAMPLES], count, advice.format(db=report.path)))


def _integrity(db: sqlite3.Connection, report: CheckReport, quick: bool) -> bool:
    name = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {name}")]
    except sqlite3.DatabaseError as err:  # "file is not a database", "database disk image is malformed"
        rows = [str(err)]
    if rows == ["ok"]:
        report.passed.append(name)
        return True
    add(report, name, rows, len(rows), DAMAGED)
    return False


def _foreign_keys(db: sqlite3.Connection, report: CheckReport) -> None:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        report.passed.append("foreign_key_check")
        return
    problems = [f"{table} row {rowid} points at a missing {parent} row" for table, rowid, parent, _ in rows]
    add(report, "foreign_key_check", problems, len(rows), REEXTRACT + "; if rows remain, " + REINGEST)


def _fulltext_integrity(path: str, report: CheckReport) -> None:
    """FTS5's own check of its index against its content (an INSERT, always rolled back)."""
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as err:
        report.skipped.append(f"fts5 integrity-check: {err}")
        return
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("BEGIN")
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        report.passed.append("fts5 integrity-check")
    except sqlite3.OperationalError as err:
        if "readonly" in str(err) or "read-only" in str(err):
            report.skipped.append("fts5 integrity-check: the file is read-only")
        else:
            raise
    except sqlite3.DatabaseError as err:  # SQLITE_CORRUPT_VTAB: the index disagrees with its content
        add(
            report,
            "fts5 integrity-check",
            [str(err)],
            1,
            "rebuild the search index: `kizuna reextract --db {db}`",
        )
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _invariant(db: sqlite3.Connection, report: CheckReport, name: str, sql: str, advice: str) -> None:
    rows = db.execute(f"SELECT * FROM ({sql}) LIMIT {SAMPLES}").fetchall()
    if not rows:
        report.passed.append(name)
        return
    count = db.execute(f"SELECT COUNT(*) FROM ({sql})").fetchone()[0]
    add(report, name, [" ".join(str(v) for v in row) for row in rows], count, advice)


def _evidence_outside(table: str) -> str:
    return (
        f"SELECT '{table}', f.id, f.doc_id FROM {table} f JOIN documents d ON d.id = f.doc_id, "
        "json_each(f.evidence) e WHERE json_extract(e.value, '$.start') < 0 "
        "OR json_extract(e.value, '$.end') > length(d.text) "
        "OR json_extract(e.value, '$.start') > json_extract(e.value, '$.end')"
    )


def evidence_tables() -> list[str]:
    """The fact tables whose rows carry evidence (a JSON list of offsets)."""
    return [t for t in FACT_TABLES if t not in ("mentions", "sectors")]


_EVIDENCE_TABLES = evidence_tables()

# (name, a query listing the offending rows, what to do); each is one scan of a table. SQL both
# engines read: pgcheck runs them on PostgreSQL.
INVARIANTS: list[tuple[str, str, str]] = [
    (
        "every document is searchable",
        "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM documents_fts s WHERE s.doc_id = d.id)",
        REEXTRACT,
    ),
    (
        "no search row without its document",
        "SELECT s.doc_id FROM documents_fts s"
        " WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)",
        REEXTRACT,
    ),
    (
        "every document has a headline event",
        "SELECT d.id FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM cluster_documents c WHERE c.doc_id = d.id AND c.headline = 1)",
        REEXTRACT,
    ),
    (
        "no event without a document",
        "SELECT e.id FROM event_clusters e WHERE NOT EXISTS (SELECT 1 FROM cluster_documents c "
        "WHERE c.cluster_id = e.id)",
        REEXTRACT,
    ),
    (
        "mentions quote their text",
        "SELECT m.id, m.doc_id, m.surface FROM mentions m JOIN documents d ON d.id = m.doc_id "
        "WHERE m.char_start < 0 OR m.char_end < m.char_start "
        "OR substr(d.text, CAST(m.char_start + 1 AS INTEGER), CAST(m.char_end - m.char_start AS INTEGER))"
        " != m.surface",
        REEXTRACT,
    ),
    (
        "every fact has its stable id",
        " UNION ALL ".join(f"SELECT '{t}', id, doc_id FROM {t} WHERE fid IS NULL OR fid = ''" for t in FID_TABLES),
        REEXTRACT,
    ),
    (
        "every standing verdict is its fact's latest review",
        "SELECT c.fact_id, c.review_id FROM curation c WHERE NOT EXISTS (SELECT 1 FROM reviews r "
        "WHERE r.id = c.review_id AND r.fact_id = c.fact_id) OR c.review_id < "
        "(SELECT MAX(r.id) FROM reviews r WHERE r.fact_id = c.fact_id)",
        "review the fact once more (its page's review form, or POST /api/facts/ID/review): the new "
        "review becomes its standing verdict",
    ),
    (
        "every reviewed fact has its standing verdict",
        "SELECT DISTINCT r.fact_id FROM reviews r WHERE NOT EXISTS "
        "(SELECT 1 FROM curation c WHERE c.fact_id = r.fact_id)",
        "review the fact once more (its page's review form, or POST /api/facts/ID/review): the new "
        "review becomes its standing verdict",
    ),
]

# The evidence checks in SQL, through SQLite's json_each (pgcheck reads the JSON in Python).
_SQLITE_EVIDENCE: list[tuple[str, str, str]] = [
    (
        "evidence is valid JSON",
        " UNION ALL ".join(
            f"SELECT '{t}', id, doc_id FROM {t} WHERE NOT json_valid(evidence)" for t in _EVIDENCE_TABLES
        ),
        REEXTRACT,
    ),
    (
        "evidence lies inside its document",
        " UNION ALL ".join(_evidence_outside(t) for t in _EVIDENCE_TABLES),
        REEXTRACT,
    ),
]


def render(report: CheckReport, write: Callable[[str], None]) -> None:
    """The report as lines of text: what passed, then each finding with its rows and what to do."""
    write(f"{report.path}: " + ("ok" if report.ok else f"{len(report.findings)} problem(s) found"))
    for name in report.passed:
        write(f"  ok       {name}")
    for reason in report.skipped:
        write(f"  skipped  {reason}")
    for finding in report.findings:
        write(f"  PROBLEM  {finding.check}: {finding.count} row(s)")
        for problem in finding.problems:
            write(f"           {problem}")
        if finding.count > len(finding.problems):
            write(f"           ... and {finding.count - len(finding.problems)} more")
        write(f"           what to do: {finding.advice}")

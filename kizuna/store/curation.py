"""The SQL of curation: stable fact ids in the fact tables, reviews and their standing verdicts.

Reviews are kept in their own tables (schema.py: `reviews`, the history; `curation`, each reviewed
fact's standing verdict) and are applied when facts are read (browse.py, sql.py): a rejected fact
leaves every list, count and map unless rejected ones are asked for; a corrected fact shows the
correction beside the machine's value. Re-extraction rewrites only the fact tables, so reviews stay;
a review whose fact id no longer names a stored fact is an orphan (`orphaned`), listed, never dropped.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from .. import factid
from ..errors import UsageError
from .schema import FID_TABLES

VERDICTS = ("confirm", "reject", "correct", "merge", "split")
CLUSTER = "cluster"   # the kind of a review of an event across documents (ev-...): merge, split, reject
# The fields a correction may set, per kind of fact (what a fact *is about* is in its id: factid.py).
EDITABLE: dict[str, tuple[str, ...]] = {
    "locality": (),
    "tie": ("kind",),
    "event": ("type", "date", "end", "place"),
    "person": ("name", "role", "locality", "organization"),
    "organization": ("name",),
    "figure": ("value", "unit", "about"),
    CLUSTER: ("type", "date", "end", "place"),
}
# The columns each kind's id is computed from (factid.identity), with the evidence column.
_ID_COLUMNS = {
    "locality": ("mentions", "locality_key AS key", "char_start"),
    "tie": ("ties", "vn, jp", "evidence"),
    "event": ("events", "type", "evidence"),
    "person": ("people", "name", "evidence"),
    "organization": ("organizations", "name", "evidence"),
    "figure": ("figures", "value, unit", "evidence"),
}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- fact ids in the fact tables -----------------------------------------------------------------

def add_fid_columns(db: Any) -> None:
    """Schema version 5: a `fid` column in every fact table of an older database (then filled)."""
    postgres = db.dialect.name == "postgresql"
    for table in FID_TABLES:
        if postgres:
            db.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS fid TEXT COLLATE "C"')
        elif "fid" not in [r[1] for r in db.execute(f"PRAGMA table_info({table})")]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN fid TEXT")
    fill_fact_ids(db)


def fill_fact_ids(db: Any, doc_ids: Iterable[str] | None = None) -> int:
    """Compute the stable id of every stored fact (of these documents) from its stored fields, in the
    order the facts were stored: the ids a new extraction of the same facts gets. Returns the count."""
    ids = list(doc_ids) if doc_ids is not None else [r[0] for r in db.execute("SELECT id FROM documents")]
    done = 0
    for doc_id in ids:
        row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            continue
        made = factid.FactIds(doc_id, row[0] or "")
        updates: dict[str, list[tuple[str, int]]] = {}
        for kind, (table, columns, evidence) in _ID_COLUMNS.items():
            for r in db.execute(f"SELECT id, {columns}, {evidence} AS ev FROM {table} WHERE doc_id = ? ORDER BY id",
                                (doc_id,)).fetchall():
                starts = [r["ev"]] if kind == "locality" else [s["start"] for s in json.loads(r["ev"] or "[]")]
                updates.setdefault(table, []).append((made.make(kind, dict(r), starts), r["id"]))
        for table, pairs in updates.items():
            db.executemany(f"UPDATE {table} SET fid = ? WHERE id = ?", pairs)
            done += len(pairs)
    return done


def not_rejected(column: str) -> str:
    """An SQL condition keeping the rows whose fact id (`column`) is not standing rejected."""
    return f"NOT EXISTS (SELECT 1 FROM curation cu WHERE cu.fact_id = {column} AND cu.verdict = 'reject')"


def not_hidden_cluster(column: str) -> str:
    """An SQL condition keeping the events across documents neither rejected nor merged into another."""
    return (f"NOT EXISTS (SELECT 1 FROM curation cu WHERE cu.fact_id = {column} "
            "AND cu.verdict IN ('reject', 'merge'))")


def corrected(kind: str, fields: dict[str, Any], verdict: Standing) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A fact's fields with its correction applied, and the machine's values it replaced (or None)."""
    if verdict.verdict == "reject" and not verdict.value or not isinstance(verdict.value, dict):
        return fields, None
    editable = EDITABLE.get(kind, ())
    changes = {k: v for k, v in verdict.value.items() if k in editable and k in fields and fields[k] != v}
    if not changes:
        return fields, None
    return {**fields, **changes}, {k: fields[k] for k in changes}


def review_summary(verdict: Standing) -> dict[str, Any]:
    """What a listed fact says of its review: verdict, who, when, the note."""
    return {"verdict": verdict.verdict, "user": verdict.user, "at": verdict.at, "note": verdict.note,
            "review_id": verdict.review_id}


# -- reviews -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Review:
    id: int
    fact_id: str
    kind: str
    doc_id: str | None
    verdict: str
    value: Any
    old_value: Any
    note: str | None
    user: str
    at: str
    orphaned: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Standing:
    """What people last said of a fact: its verdict, its correction (if any), who and when."""
    fact_id: str
    verdict: str
    value: dict[str, Any] | None
    review_id: int
    user: str
    at: str
    note: str | None

    @property
    def rejected(self) -> bool:
        return self.verdict == "reject"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_REVIEW_COLUMNS = "r.id, r.fact_id, r.kind, r.doc_id, r.verdict, r.value, r.old_value, r.note, r.user_name, " \
                  "r.created_at"


def _review(row: Any, orphaned: bool = False) -> Review:
    return Review(id=row["id"], fact_id=row["fact_id"], kind=row["kind"], doc_id=row["doc_id"],
                  verdict=row["verdict"], value=_loads(row["value"]), old_value=_loads(row["old_value"]),
                  note=row["note"], user=row["user_name"], at=row["created_at"], orphaned=orphaned)


def add_review(store: Any, fact_id: str, kind: str, doc_id: str | None, verdict: str, value: Any,
               old_value: Any, note: str | None, user: str) -> Review:
    """Record one review and make it the fact's standing verdict, in one transaction.

    A correction is kept by later verdicts: confirming a corrected fact confirms the correction; a
    correction after a rejection brings the fact back, corrected."""
    if verdict not in VERDICTS:
        raise UsageError(f"unknown verdict {verdict!r}: one of {', '.join(VERDICTS)}")
    at = now()
    db = store._db
    with store.atomic():
        row = db.execute(
            """INSERT INTO reviews (fact_id, kind, doc_id, verdict, value, old_value, note, user_name, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
            (fact_id, kind, doc_id, verdict, _dumps(value), _dumps(old_value), note, user, at)).fetchone()
        review_id = int(row[0])
        before = db.execute("SELECT value FROM curation WHERE fact_id = ?", (fact_id,)).fetchone()
        # confirm and reject keep a standing correction; correct, merge and split set their value
        kept = value if verdict in ("correct", "merge", "split") else (_loads(before[0]) if before else None)
        db.execute(
            """INSERT INTO curation (fact_id, kind, verdict, value, review_id) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(fact_id) DO UPDATE SET kind = excluded.kind, verdict = excluded.verdict,
                 value = excluded.value, review_id = excluded.review_id""",
            (fact_id, kind, verdict, _dumps(kept), review_id))
    return Review(review_id, fact_id, kind, doc_id, verdict, value, old_value, note, user, at)


def standing(store: Any, fact_ids: Iterable[str]) -> dict[str, Standing]:
    """The standing verdict of each of these facts that people reviewed."""
    ids = sorted(set(fact_ids))
    out: dict[str, Standing] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in store._db.execute(
                f"""SELECT c.fact_id, c.verdict, c.value, c.review_id, r.user_name, r.created_at, r.note
                    FROM curation c JOIN reviews r ON r.id = c.review_id
                    WHERE c.fact_id IN ({', '.join('?' * len(chunk))})""", chunk):
            out[r["fact_id"]] = Standing(r["fact_id"], r["verdict"], _loads(r["value"]), r["review_id"],
                                         r["user_name"], r["created_at"], r["note"])
    return out


def standing_of_kind(store: Any, kind: str, verdict: str | None = None) -> dict[str, Standing]:
    """Every standing verdict on facts of one kind (a handful: people review few facts)."""
    where, params = ("AND c.verdict = ?", [kind, verdict]) if verdict else ("", [kind])
    rows = store._db.execute(
        f"""SELECT c.fact_id, c.verdict, c.value, c.review_id, r.user_name, r.created_at, r.note
            FROM curation c JOIN reviews r ON r.id = c.review_id WHERE c.kind = ? {where}""", params)
    return {r["fact_id"]: Standing(r["fact_id"], r["verdict"], _loads(r["value"]), r["review_id"],
                                   r["user_name"], r["created_at"], r["note"]) for r in rows}


def reviews(store: Any, limit: int = 50, offset: int = 0, fact_id: str | None = None,
            user: str | None = None) -> tuple[list[Review], int]:
    """Reviews, newest first (of one fact, or by one user), each marked orphaned or not; and the total."""
    where, params = [], []
    if fact_id:
        where.append("r.fact_id = ?")
        params.append(fact_id)
    if user:
        where.append("r.user_name = ?")
        params.append(user)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    db = store._db
    total = db.execute(f"SELECT COUNT(*) FROM reviews r {clause}", params).fetchone()[0]
    rows = db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews r {clause} ORDER BY r.id DESC LIMIT ? OFFSET ?",
                      [*params, limit, offset]).fetchall()
    missing = _missing(store, {(r["fact_id"], r["kind"]) for r in rows})
    return [_review(r, (r["fact_id"], r["kind"]) in missing) for r in rows], int(total)


def orphaned(store: Any) -> list[Review]:
    """Every review whose fact no longer exists (re-extraction no longer finds it), newest first."""
    db = store._db
    parts, params = [], []
    for kind, table in factid.TABLES.items():
        parts.append(f"""SELECT r.id FROM reviews r WHERE r.kind = ?
                         AND NOT EXISTS (SELECT 1 FROM {table} f WHERE f.fid = r.fact_id)""")
        params.append(kind)
    parts.append("""SELECT r.id FROM reviews r WHERE r.kind = ?
                    AND NOT EXISTS (SELECT 1 FROM event_clusters e WHERE e.id = r.fact_id)""")
    params.append(CLUSTER)
    ids = [r[0] for r in db.execute(" UNION ".join(parts), params)]
    if not ids:
        return []
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out += [_review(r, True) for r in db.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews r WHERE r.id IN ({', '.join('?' * len(chunk))})", chunk)]
    return sorted(out, key=lambda r: -r.id)


def _missing(store: Any, facts: set[tuple[str, str]]) -> set[tuple[str, str]]:
    out = set()
    for fact_id, kind in facts:
        if not exists(store, fact_id, kind):
            out.add((fact_id, kind))
    return out


def exists(store: Any, fact_id: str, kind: str | None = None) -> bool:
    """Whether a stored fact (or event across documents) has this id."""
    kind = kind or factid.kind_of(fact_id) or (CLUSTER if fact_id.startswith("ev-") else None)
    if kind == CLUSTER:
        sql = "SELECT 1 FROM event_clusters WHERE id = ?"
    elif kind in factid.TABLES:
        sql = f"SELECT 1 FROM {factid.TABLES[kind]} WHERE fid = ? LIMIT 1"
    else:
        return False
    return store._db.execute(sql, (fact_id,)).fetchone() is not None


def fact_row(store: Any, fact_id: str) -> tuple[str, dict[str, Any]] | None:
    """(kind, the fact's stored row with doc_id, evidence and row id) of a fact id, or None."""
    kind = factid.kind_of(fact_id)
    if kind is None:
        return None
    table = factid.TABLES[kind]
    row = store._db.execute(f"SELECT * FROM {table} WHERE fid = ? ORDER BY id LIMIT 1", (fact_id,)).fetchone()
    return (kind, dict(zip(row.keys(), row))) if row is not None else None


def counts(store: Any) -> dict[str, int]:
    db = store._db
    return {"reviews": db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0],
            "rejected": db.execute("SELECT COUNT(*) FROM curation WHERE verdict = 'reject'").fetchone()[0]}


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)

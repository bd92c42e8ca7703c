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
from ..text import fold_name
from .schema import FID_TABLES

VERDICTS = ("confirm", "reject", "correct", "merge", "split", "rejoin")
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


def not_hidden_cluster(dialect: Any, column: str) -> str:
    """An SQL condition keeping the events across documents neither rejected nor merged into another."""
    return (f"NOT EXISTS (SELECT 1 FROM curation cu WHERE cu.fact_id = {column} "
            f"AND (cu.verdict = 'reject' OR {dialect.json_has('cu.value', 'into')}))")


# The alias of the curation row that `reviewed_join` joins to each fact (or event) row.
REVIEWED = "rv"


def reviewed_join(column: str) -> str:
    """A LEFT JOIN of each row's standing verdict (as `rv`), for `reviewed` to read corrections from."""
    return f"LEFT JOIN curation {REVIEWED} ON {REVIEWED}.fact_id = {column}"


def reviewed(db: Any, kind: str, field: str, column: str) -> str:
    """An SQL expression: the text field `field` of facts of `kind` as people corrected it, else the
    machine's `column`.

    What filters, groups and orders by a corrected value (a tie's kind, an event's type or date):
    the same value `corrected` shows on the fact, read from the curation row of `reviewed_join`.
    A correction to null (an event's end or place) is a value too, hence the key test. While no fact
    of that kind has that field corrected (most of the time), it is the bare column, which keeps the
    column's index usable (the unused LEFT JOIN on a primary key costs nothing: both engines drop it)."""
    dialect = db.dialect
    value = f"{REVIEWED}.value"
    if db.execute(f"SELECT 1 FROM curation WHERE kind = ? AND {dialect.json_has('value', field)} LIMIT 1",
                  (kind,)).fetchone() is None:
        return column
    return (f"(CASE WHEN {dialect.json_has(value, field)} THEN {dialect.json_text(value, field)} "
            f"ELSE {column} END)")


def folded_in(db: Any, kind: str, field: str, fold_column: str, fid_column: str,
              folds: list[str]) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters): the facts of `kind` whose field `field`, folded, is
    among `folds` as people corrected it (a person corrected to another locality is that locality's).

    The stored fold (`fold_column`) is kizuna's own (fold_name: diacritics, đ), which SQL cannot
    compute from a corrected text, so the few corrected facts are folded here: those corrected into
    `folds` are added by id, those corrected away are taken out. With no such correction it is the
    bare test on the fold column, which keeps its index usable."""
    test, params = f"{fold_column} IN ({', '.join('?' * len(folds))})", list(folds)
    wanted = set(folds)
    into, away = [], []
    for r in db.execute(f"SELECT fact_id, value FROM curation WHERE kind = ? AND {db.dialect.json_has('value', field)}",
                        (kind,)):
        value = (_loads(r["value"]) or {}).get(field)
        (into if fold_name(value or "") in wanted else away).append(r["fact_id"])
    if away:
        test = f"({test} AND {fid_column} NOT IN ({', '.join('?' * len(away))}))"
        params += sorted(away)
    if into:
        test = f"({test} OR {fid_column} IN ({', '.join('?' * len(into))}))"
        params += sorted(into)
    return test, params


def corrected(kind: str, fields: dict[str, Any], verdict: Standing) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A fact's fields with its correction applied, and the machine's values it replaced (or None)."""
    if verdict.verdict == "reject" and not verdict.value or not isinstance(verdict.value, dict):
        return fields, None
    editable = EDITABLE.get(kind, ())
    changes = {k: v for k, v in verdict.value.items() if k in editable and k in fields and fields[k] != v}
    if not changes:
        return fields, None
    return {**fields, **changes}, {k: fields[k] for k in changes}


def corrected_columns(kind: str, row: dict[str, Any], verdict: Standing) -> dict[str, Any]:
    """A stored row (its table's column names) with the correction applied: a correction names an
    event's end `end`, its column is `end_date`."""
    named = {("end" if k == "end_date" else k): v for k, v in row.items()}
    named, _machine = corrected(kind, named, verdict)
    return {("end_date" if k == "end" else k): v for k, v in named.items()}


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
    correction after a rejection brings the fact back, corrected. An event's reports (merge, split)
    are kept apart from its verdict: see `_membership`."""
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
        if kind == CLUSTER:
            kept = _membership(db, fact_id, verdict, value)
        else:   # confirm and reject keep a standing correction; a correction sets it
            kept = value if verdict == "correct" else (_loads(before[0]) if before else None)
        db.execute(
            """INSERT INTO curation (fact_id, kind, verdict, value, review_id) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(fact_id) DO UPDATE SET kind = excluded.kind, verdict = excluded.verdict,
                 value = excluded.value, review_id = excluded.review_id""",
            (fact_id, kind, verdict, _dumps(kept), review_id))
    return Review(review_id, fact_id, kind, doc_id, verdict, value, old_value, note, user, at)


# -- which reports an event across documents has: merges and splits, in the order given ----------

MEMBERSHIP = ("into", "split")   # an event's standing value: {"into": ID} merged; {"split": [doc, ...]}


def _membership(db: Any, event: str, verdict: str, value: dict[str, Any] | None) -> dict[str, Any] | None:
    """The event's new standing value after this review (and, written here, the other events'
    whose reports it moves), so that every merge and split stays applied until a later one undoes it:

    - merge into B: the event is listed as B (a merge of B into it, earlier, is undone: no cycle);
      reports of it split off B before come back;
    - split of report D: if a merge brought D (an event merged, perhaps through others, into this
      one), that merge is undone and the event is listed again with its reports; else D leaves it
      (several splits add up);
    - rejoin of report D: the inverse of that split, D is the event's report again (the split stays in
      the history; the inverse of a split that undid a merge is merging again);
    - correct sets the corrected fields, confirm and reject keep them; none moves a report."""
    values = {r["fact_id"]: event_value(_loads(r["value"])) for r in db.execute(
        "SELECT fact_id, value FROM curation WHERE kind = ?", (CLUSTER,))}
    own = values.setdefault(event, {})
    moved: set[str] = set()
    if verdict == "correct":
        own = values[event] = {**{k: v for k, v in own.items() if k in MEMBERSHIP}, **(value or {})}
    elif verdict == "merge":
        into = (value or {})["into"]
        node, seen = into, {event}
        while node in values and "into" in values[node] and node not in seen:   # into's own merges
            seen.add(node)
            if values[node]["into"] == event:
                del values[node]["into"]
                moved.add(node)
                break
            node = values[node]["into"]
        own["into"] = into
        reports = set(_reports(db, event))
        target = values.get(into, {})
        if reports & set(target.get("split", ())):
            remaining = [d for d in target["split"] if d not in reports]
            if remaining:
                target["split"] = remaining
            else:
                del target["split"]
            moved.add(into)
    elif verdict == "split":
        doc = (value or {})["doc_id"]
        brought = [m for m, v in values.items() if "into" in v and m != event
                   and _listed_as(values, m) == event and doc in _reports(db, m)]
        for m in brought:
            del values[m]["into"]
            moved.add(m)
        if not brought:
            own["split"] = sorted({*own.get("split", ()), doc})
    elif verdict == "rejoin":
        doc = (value or {})["doc_id"]
        remaining = [d for d in own.get("split", ()) if d != doc]
        if remaining:
            own["split"] = remaining
        else:
            own.pop("split", None)
    for other in moved - {event}:
        db.execute("UPDATE curation SET value = ? WHERE fact_id = ?", (_dumps(values[other] or None), other))
    return own or None


def event_value(value: dict[str, Any] | None) -> dict[str, Any]:
    """An event's standing value, with a split stored by an earlier kizuna ({"doc_id": D}, the
    latest split only) read as this one's list of reports split off."""
    value = dict(value or {})
    if "doc_id" in value:
        value["split"] = sorted({*value.get("split", ()), value.pop("doc_id")})
    return value


def _listed_as(values: dict[str, dict[str, Any]], event: str) -> str:
    """The event a merged one is listed as: the end of its chain of merges."""
    seen = set()
    while "into" in values.get(event, {}) and event not in seen:
        seen.add(event)
        event = values[event]["into"]
    return event


def _reports(db: Any, event: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT doc_id FROM cluster_documents WHERE cluster_id = ?", (event,))]


def listed_as(merges: dict[str, Standing], event: str) -> str:
    """The event a merged one is listed as (its chain of merges followed), from standing verdicts."""
    return _listed_as({k: event_value(v.value) for k, v in merges.items()}, event)


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

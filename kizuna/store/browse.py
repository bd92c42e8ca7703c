"""Read-side SQL for browsing a knowledge base page by page (the web application and its API).

Every list here is paginated and stably ordered (a unique id breaks every tie), takes the same
`Filters`, and returns plain dataclasses. Functions take an open store (SQLite or PostgreSQL) and
use its connection; they never write. `open_readonly` opens a store that cannot write at all.

Locality filters take the *names* under which facts are stored (kizuna.query.resolve gives every
name of a locality, old units included); they are compared folded.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..text import fold_name
from . import curation, fulltext
from .base import ClusterRow, ClusterSource, DocumentRow, Evidence, LocalityRow
from .connect import open_store
from .curation import Standing, not_rejected, reviewed, reviewed_join
from .schema import INDEXES
from .sql import SQLStore

T = TypeVar("T")

# The browsing queries' indexes are in schema.INDEXES (every writable open creates them).
BROWSE_INDEXES = tuple(i for i in INDEXES if any(name in i for name in (
    "documents_published", "events_type_date", "sectors_sector", "ties_pair", "mentions_locality_doc",
    "people_name", "organizations_name")))

# In SQLite NULL sorts below every value: "DESC" lists undated rows last, and stays index-friendly.
_DOC_COLUMNS = "d.id, d.source, d.url, d.title, d.lang, d.published, d.kind, d.ingested_at"
_SEARCH_CANDIDATES = 1000   # FTS matches ranked for one search page; beyond, results are cut


# -- opening -------------------------------------------------------------------------------------

def open_readonly(path: str | Path, shared: bool = False) -> SQLStore:
    """A store over an existing database that refuses every write (SQLite `mode=ro`, query_only;
    a PostgreSQL session whose transactions are read-only).

    `shared`: the connection may be handed from thread to thread (one at a time, as a pool does)."""
    return open_store(path, readonly=True, shared=shared)


def ensure_indexes(store: SQLStore) -> None:
    """Create the browsing indexes on a writable store (no-op when they exist)."""
    with store.atomic():
        for statement in BROWSE_INDEXES:
            store._db.execute(store.dialect.ddl(statement))


def data_version(store: SQLStore) -> tuple[int, ...]:
    """Changes whenever the database changes: a key for caching what was read from it."""
    return store.data_version()


# -- rows ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Filters:
    """What a list may be narrowed by. `localities`: stored names (any spelling), None for all."""
    localities: tuple[str, ...] | None = None
    country: str | None = None      # VN or JP: documents mentioning a locality of that country
    since: str | None = None        # ISO date, inclusive (event date for events, else publication)
    until: str | None = None        # ISO date, inclusive
    sector: str | None = None
    event_type: str | None = None
    lang: str | None = None
    rejected: bool = False          # also the facts people rejected (include=rejected), marked so


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(items: list[T], limit: int, offset: int) -> Page[T]:
    """A page cut from a list already in memory (cached aggregates)."""
    return Page(items[offset:offset + limit], len(items), limit, offset)


@dataclass(frozen=True, slots=True)
class FactItem:
    """One stored fact with its document: `fields` are the fact's own columns, as people corrected
    them (`machine`: the extracted values a correction replaced; `review`: the standing verdict)."""
    kind: str                  # ties, events, people, organizations, figures
    id: str                    # the stable fact id (kizuna.factid): the same after re-extraction
    doc_id: str
    fields: dict[str, Any]
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str
    lang: str
    row: int = 0               # the row number (order and internal links only: not an identity)
    review: Standing | None = None
    machine: dict[str, Any] | None = None

    @property
    def rejected(self) -> bool:
        return self.review is not None and self.review.rejected

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, **self.fields, "doc_id": self.doc_id,
               "evidence": [asdict(e) for e in self.evidence], "title": self.title,
               "published": self.published, "source": self.source, "lang": self.lang}
        if self.review is not None:
            out["review"] = curation.review_summary(self.review)
        if self.machine is not None:
            out["machine"] = self.machine
        return out


# A locality in a list is the store's LocalityRow (key, names, country, code, level, counts).
LocalityItem = LocalityRow


@dataclass(frozen=True, slots=True)
class TiePair:
    """Every stored tie between two localities, summed up."""
    vn: str
    jp: str
    kind: str                   # the strongest kind any document supports
    kinds: tuple[str, ...]
    documents: int
    events: int                 # events reported by the documents that carry the tie
    first: str | None           # first and last publication dates
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DocFact:
    """A fact of one document, for highlighting: its kind, its own fields and its spans."""
    kind: str                   # locality, tie, event, person, organization, figure
    id: str                     # the stable fact id (kizuna.factid)
    fields: dict[str, Any]
    evidence: tuple[Evidence, ...]
    row: int | str = 0          # the row number (an event's page), or a locality's key
    review: Standing | None = None
    machine: dict[str, Any] | None = None

    @property
    def rejected(self) -> bool:
        return self.review is not None and self.review.rejected

    def to_dict(self) -> dict[str, Any]:
        # "fact", not "kind": a tie has a kind of its own.
        out = {"fact": self.kind, "id": self.id, **self.fields, "evidence": [asdict(e) for e in self.evidence]}
        if self.review is not None:
            out["review"] = curation.review_summary(self.review)
        if self.machine is not None:
            out["machine"] = self.machine
        return out


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    document: DocumentRow
    facts: list[DocFact]
    sectors: list[str]
    copies: list[Copy] = field(default_factory=list)   # near-duplicates: syndicated copies, re-posts
    copies_total: int = 0                              # all of them (`copies` lists the closest)

    def to_dict(self) -> dict[str, Any]:
        return {**self.document.to_dict(), "sectors": self.sectors,
                "facts": [f.to_dict() for f in self.facts], "copies": [asdict(c) for c in self.copies],
                "copies_total": self.copies_total}


@dataclass(frozen=True, slots=True)
class Copy:
    """Another document with (nearly) the same text: the original, or a copy of it."""
    doc_id: str
    source: str
    title: str | None
    published: str | None
    similarity: float   # estimated Jaccard similarity of their word shingles


@dataclass(frozen=True, slots=True)
class Hit:
    """A document matching a search, with a snippet and the offsets of matches in it."""
    doc_id: str
    title: str | None
    published: str | None
    lang: str
    source: str
    url: str | None
    snippet: str
    marks: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "marks": [list(m) for m in self.marks]}


@dataclass(frozen=True, slots=True)
class EntityHit:
    kind: str                   # locality, person, organization
    name: str
    detail: str | None = None   # country of a locality, role of a person
    documents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: FactItem
    document: DocumentRow
    people: list[FactItem]
    organizations: list[FactItem]
    ties: list[FactItem]
    localities: list[str]
    reports: list[FactItem] = field(default_factory=list)   # the same event in other documents

    def to_dict(self) -> dict[str, Any]:
        return {**self.event.to_dict(), "document": self.document.to_dict(),
                "people": [p.to_dict() for p in self.people],
                "organizations": [o.to_dict() for o in self.organizations],
                "ties": [t.to_dict() for t in self.ties], "localities": self.localities,
                "reports": [r.to_dict() for r in self.reports]}


# -- the fact tables -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Spec:
    columns: str                      # the fact's own columns, as selected
    order: str                        # stable: ends with the unique f.id
    date: str                         # the column a date range applies to
    names: tuple[str, ...]            # folded-name columns a locality filter tests
    by_mention: bool                  # a locality's facts also include those of documents naming it


_SPECS = {
    "ties": _Spec("f.vn, f.jp, f.kind", "d.published DESC, f.id", "d.published",
                  ("f.vn_fold", "f.jp_fold"), False),
    "events": _Spec("f.type, f.date, f.end_date AS \"end\", f.place",
                    "f.date DESC, f.id", "f.date", ("f.place_fold",), True),
    "people": _Spec("f.name, f.role, f.locality, f.organization", "f.name, f.id", "d.published",
                    ("f.locality_fold",), False),
    "organizations": _Spec("f.name", "f.name, f.id", "d.published", (), True),
    "figures": _Spec("f.value, f.unit, f.about", "d.published DESC, f.id", "d.published", (), True),
}
FACT_KINDS = tuple(_SPECS)
SINGULAR = {"ties": "tie", "events": "event", "people": "person", "organizations": "organization",
            "figures": "figure"}


def facts(store: SQLStore, kind: str, filters: Filters, limit: int, offset: int = 0,
          count: bool = True) -> Page[FactItem]:
    """One page of a fact table (ties, events, people, organizations, figures), filtered.
    `count=False` skips counting the whole list (the page's `total` is then -1)."""
    spec = _SPECS[kind]
    where, params, order = _fact_where(store, kind, filters)
    join = f"{kind} f JOIN documents d ON d.id = f.doc_id"
    if order.startswith("d.") and replace(filters, rejected=False) == Filters():
        # Unfiltered, a page in the documents' order is read walking documents_published from the
        # newest and stopping after it; SQLite's planner would rather sort every fact of the table
        # first (half a second at 100,000 ties). A filter may keep few facts: then the planner chooses.
        join = f"documents d {store.dialect.ordered_join} {kind} f ON d.id = f.doc_id"
    base = f"FROM {join} {reviewed_join('f.fid')} {_clause(where)}"
    total = count_facts(store, kind, filters) if count else -1
    rows = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, {spec.columns}, f.doc_id, f.evidence, d.title, d.published, d.source,
                   d.lang {base} ORDER BY {order} LIMIT ? OFFSET ?""",
        [*params, limit, offset]).fetchall()
    return Page(_fact_items(store, kind, rows), total, limit, offset)


def count_facts(store: SQLStore, kind: str, filters: Filters) -> int:
    """How many rows `facts` lists for these filters."""
    where, params, _order = _fact_where(store, kind, filters)
    # Every fact has its document (ON DELETE CASCADE): without a condition on the document the
    # join only slows the count down (six times, at 100,000 ties).
    join = "JOIN documents d ON d.id = f.doc_id" if any(_ON_DOCUMENT.search(w) for w in where) else ""
    return int(store._db.execute(f"SELECT COUNT(*) FROM {kind} f {join} {reviewed_join('f.fid')} {_clause(where)}",
                                 params).fetchone()[0])


_ON_DOCUMENT = re.compile(r"\bd\.")   # a condition on the documents row `d` (d.published, d.id IN ...)


def _fact_where(store: SQLStore, kind: str, filters: Filters) -> tuple[list[str], list[Any], str]:
    """The conditions of a fact list and its order; events are filtered and ordered by the type
    and date people corrected."""
    spec = _SPECS[kind]
    date, order, event_type = spec.date, spec.order, None
    if kind == "events":
        date = reviewed(store._db, "event", "date", "f.date")
        order = f"{date} DESC, f.id"
        event_type, filters = filters.event_type, replace(filters, event_type=None)
    where, params = _where(store._db, filters, date, spec.names, spec.by_mention)
    if event_type:
        where.append(f"{reviewed(store._db, 'event', 'type', 'f.type')} = ?")
        params.append(event_type)
    if not filters.rejected:
        where.append(not_rejected("f.fid"))
    return where, params, order


def fact(store: SQLStore, kind: str, fact_id: int | str) -> FactItem | None:
    """One fact of a table, by its stable id (a string) or its row number."""
    spec = _SPECS[kind]
    test = "f.fid = ?" if isinstance(fact_id, str) else "f.id = ?"
    row = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, {spec.columns}, f.doc_id, f.evidence, d.title, d.published, d.source,
                   d.lang FROM {kind} f JOIN documents d ON d.id = f.doc_id WHERE {test} ORDER BY f.id""",
        (fact_id,)).fetchone()
    return _fact_items(store, kind, [row])[0] if row else None


def _fact_items(store: SQLStore, kind: str, rows: Sequence[Any], rejected: bool = True) -> list[FactItem]:
    """Rows as FactItems with people's standing verdicts applied (corrections shown, the machine's
    values kept beside them); `rejected=False` leaves out the facts people rejected."""
    quotes = _evidence_of(store, [(r["doc_id"], r["evidence"]) for r in rows])
    items = [_fact_item(kind, r, evidence) for r, evidence in zip(rows, quotes)]
    said = curation.standing(store, [i.id for i in items])
    out = []
    for item in items:
        verdict = said.get(item.id)
        if verdict is None:
            out.append(item)
            continue
        if verdict.rejected and not rejected:
            continue
        fields, machine = curation.corrected(SINGULAR[kind], item.fields, verdict)
        out.append(replace(item, fields=fields, machine=machine, review=verdict))
    return out


def _fact_item(kind: str, row: Any, evidence: tuple[Evidence, ...]) -> FactItem:
    own = {k: row[k] for k in row.keys()
           if k not in ("fact_id", "fid", "doc_id", "evidence", "title", "published", "source", "lang")}
    if "value" in own:
        own["value"] = _number(own["value"])
    return FactItem(kind=kind, id=row["fid"], doc_id=row["doc_id"], fields=own,
                    evidence=evidence, title=row["title"],
                    published=row["published"], source=row["source"], lang=row["lang"], row=row["fact_id"])


# -- documents -----------------------------------------------------------------------------------

def documents(store: SQLStore, filters: Filters, limit: int, offset: int = 0,
              count: bool = True) -> Page[DocumentRow]:
    where, params = _where(store._db, filters, "d.published", (), True)
    clause = _clause(where)
    total = count_documents(store, filters) if count else -1
    # The page's ids first, from the (published, id) index alone: skipping `offset` documents
    # then reads no document row (rows hold whole texts), ten times faster 2,000 rows deep.
    rows = store._db.execute(
        f"""SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id IN (
                SELECT d.id FROM documents d {clause} ORDER BY d.published DESC, d.id LIMIT ? OFFSET ?)
            ORDER BY d.published DESC, d.id""",
        [*params, limit, offset]).fetchall()
    return Page([DocumentRow(**dict(r)) for r in rows], total, limit, offset)


def count_documents(store: SQLStore, filters: Filters) -> int:
    where, params = _where(store._db, filters, "d.published", (), True)
    return int(store._db.execute(f"SELECT COUNT(*) FROM documents d {_clause(where)}", params).fetchone()[0])


def document(store: SQLStore, doc_id: str, rejected: bool = False) -> DocumentDetail | None:
    """A document with its cleaned text and every fact's evidence spans, people's verdicts applied
    (`rejected`: also the facts people rejected, marked so)."""
    row = store._db.execute(f"SELECT {_DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?",
                            (doc_id,)).fetchone()
    if row is None:
        return None
    doc = DocumentRow(**dict(row))
    text = doc.text or ""
    found = _locality_facts(store, doc_id, text)
    for kind, singular in SINGULAR.items():
        spec = _SPECS[kind]
        for r in store._db.execute(f"SELECT f.id AS fact_id, f.fid, {spec.columns}, f.evidence FROM {kind} f "
                                   f"WHERE f.doc_id = ? ORDER BY f.id", (doc_id,)):
            own = {k: r[k] for k in r.keys() if k not in ("fact_id", "fid", "evidence")}
            if "value" in own:
                own["value"] = _number(own["value"])
            found.append(DocFact(singular, r["fid"], own, _spans(text, r["evidence"]), row=r["fact_id"]))
    said = curation.standing(store, [f.id for f in found])
    reviewed = []
    for f in found:
        verdict = said.get(f.id)
        if verdict is None:
            reviewed.append(f)
        elif rejected or not verdict.rejected:
            fields, machine = curation.corrected(f.kind, f.fields, verdict)
            reviewed.append(replace(f, fields=fields, machine=machine, review=verdict))
    sectors = [r[0] for r in store._db.execute(
        "SELECT sector FROM sectors WHERE doc_id = ? ORDER BY sector", (doc_id,))]
    copies, copies_total = _copies(store, doc_id)
    return DocumentDetail(doc, reviewed, sectors, copies, copies_total)


COPIES_LISTED = 50   # near-duplicates listed with a document, most similar first (the rest are counted)


def _copies(store: SQLStore, doc_id: str) -> tuple[list[Copy], int]:
    """The document's most similar near-duplicates (at most COPIES_LISTED), read in one query
    without their texts, and how many it has in all: a syndicated article may have hundreds, and
    a query and a whole text for each made its page slow."""
    similar = sorted(store.clusters.copies(doc_id), key=lambda pair: (-pair[1], pair[0]))
    listed = similar[:COPIES_LISTED]
    rows = {r["id"]: r for r in store._db.execute(
        f"SELECT id, source, title, published FROM documents WHERE id IN ({_marks(listed)})",
        [other for other, _ in listed])} if listed else {}
    copies = [Copy(other, rows[other]["source"], rows[other]["title"], rows[other]["published"],
                   round(similarity, 3)) for other, similarity in listed if other in rows]
    return copies, len(similar)


def _locality_facts(store: SQLStore, doc_id: str, text: str) -> list[DocFact]:
    """One fact per locality the document names, with every mention as evidence."""
    rows = store._db.execute(
        """SELECT m.fid, l.key, l.name, l.country, l.code, l.current, m.char_start, m.char_end
           FROM mentions m JOIN localities l ON l.key = m.locality_key
           WHERE m.doc_id = ? ORDER BY m.char_start, m.id""", (doc_id,)).fetchall()
    grouped: dict[str, tuple[str, dict[str, Any], list[Evidence]]] = {}
    for r in rows:
        entry = grouped.setdefault(r["key"], (r["fid"], {"key": r["key"], "name": r["name"],
                                                         "country": r["country"], "code": r["code"],
                                                         "current": r["current"]}, []))
        if 0 <= r["char_start"] < r["char_end"] <= len(text):
            entry[2].append(Evidence(r["char_start"], r["char_end"], text[r["char_start"]:r["char_end"]]))
    return [DocFact("locality", fid, own, tuple(spans), row=key) for key, (fid, own, spans) in grouped.items()]


# -- localities and ties -------------------------------------------------------------------------

def localities(store: SQLStore, filters: Filters, name: str | None = None) -> list[LocalityItem]:
    """Localities named by the documents the filters keep, most covered first."""
    of_documents = Filters(since=filters.since, until=filters.until, sector=filters.sector,
                           event_type=filters.event_type, lang=filters.lang)
    where, params = _where(store._db, of_documents, "d.published", (), False)
    if filters.country:
        where.append("l.country = ?")
        params.append(filters.country.upper())
    if filters.localities is not None:
        folds = _folds(filters.localities)
        where.append(f"(l.name_fold IN ({_marks(folds)}) OR l.current_fold IN ({_marks(folds)}))")
        params += folds + folds
    if not filters.rejected:   # a locality people said a document does not name is not counted for it
        where.append(not_rejected("m.fid"))
    needs_documents = any((filters.since, filters.until, filters.sector, filters.event_type, filters.lang))
    join = "JOIN documents d ON d.id = m.doc_id" if needs_documents else ""
    rows = store._db.execute(
        f"""SELECT l.key, l.name, l.country, l.code, l.current, l.level,
                   COUNT(DISTINCT m.doc_id) AS documents, COUNT(m.id) AS mentions
            FROM localities l JOIN mentions m ON m.locality_key = l.key {join} {_clause(where)}
            GROUP BY l.key ORDER BY documents DESC, mentions DESC, l.name, l.key""", params).fetchall()
    items = [LocalityItem(**dict(r)) for r in rows]
    if name:
        wanted = fold_name(name)
        items = [i for i in items if wanted in fold_name(i.name) or wanted in fold_name(i.current)]
    return items


def tie_pairs(store: SQLStore, filters: Filters) -> list[TiePair]:
    """Every Vietnamese–Japanese pair with its kinds, documents, events and first/last dates."""
    spec = _SPECS["ties"]
    where, params = _where(store._db, filters, spec.date, spec.names, False)
    if not filters.rejected:   # rejected ties and events are neither drawn nor counted
        where.append(not_rejected("f.fid"))
    clause = _clause(where)
    events_kept = "" if filters.rejected else f"WHERE {not_rejected('e.fid')}"
    kind = reviewed(store._db, "tie", "kind", "f.kind")   # a corrected kind is the one drawn and counted
    rows = store._db.execute(
        f"""WITH kept AS (SELECT f.vn, f.jp, f.vn_fold, f.jp_fold, {kind} AS kind, f.doc_id, d.published
                          FROM ties f JOIN documents d ON d.id = f.doc_id {reviewed_join('f.fid')} {clause}),
                 pair_docs AS (SELECT DISTINCT vn_fold, jp_fold, doc_id FROM kept),
                 pair_events AS (SELECT p.vn_fold, p.jp_fold, COUNT(e.id) AS events
                                 FROM pair_docs p JOIN events e ON e.doc_id = p.doc_id {events_kept}
                                 GROUP BY p.vn_fold, p.jp_fold)
            SELECT MIN(k.vn) AS vn, MIN(k.jp) AS jp, {store.dialect.group_concat("k.kind")} AS kinds,
                   COUNT(DISTINCT k.doc_id) AS documents, COALESCE(MAX(pe.events), 0) AS events,
                   MIN(k.published) AS first, MAX(k.published) AS last
            FROM kept k LEFT JOIN pair_events pe ON pe.vn_fold = k.vn_fold AND pe.jp_fold = k.jp_fold
            GROUP BY k.vn_fold, k.jp_fold ORDER BY documents DESC, k.vn_fold, k.jp_fold""",
        params).fetchall()
    out = []
    for r in rows:
        kinds = tuple(sorted(set((r["kinds"] or "").split(",")) - {""}, key=_kind_rank))
        out.append(TiePair(vn=r["vn"], jp=r["jp"], kind=kinds[0] if kinds else "existing", kinds=kinds,
                           documents=r["documents"], events=r["events"], first=r["first"], last=r["last"]))
    return out


# Strongest first, as the extraction contract orders tie kinds.
TIE_KINDS = ("agreement", "visit", "meeting", "proposed", "existing")


def _kind_rank(kind: str) -> int:
    return TIE_KINDS.index(kind) if kind in TIE_KINDS else len(TIE_KINDS)


def tie_history(store: SQLStore, vn_names: Iterable[str], jp_names: Iterable[str]) -> list[FactItem]:
    """Every stored tie between these localities (all their names), oldest first."""
    vn, jp = _folds(vn_names), _folds(jp_names)
    rows = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, f.vn, f.jp, f.kind, f.doc_id, f.evidence, d.title, d.published,
                   d.source, d.lang
            FROM ties f JOIN documents d ON d.id = f.doc_id
            WHERE f.vn_fold IN ({_marks(vn)}) AND f.jp_fold IN ({_marks(jp)})
            ORDER BY d.published IS NULL, d.published, f.id""", [*vn, *jp]).fetchall()
    return _fact_items(store, "ties", rows, rejected=False)


def events_of_documents(store: SQLStore, doc_ids: Sequence[str]) -> dict[str, list[FactItem]]:
    """The events each of these documents reports, by document."""
    out: dict[str, list[FactItem]] = {d: [] for d in doc_ids}
    ids = sorted(set(doc_ids))
    if not ids:
        return out
    spec = _SPECS["events"]
    rows = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, {spec.columns}, f.doc_id, f.evidence, d.title, d.published, d.source,
                   d.lang FROM events f JOIN documents d ON d.id = f.doc_id
            WHERE f.doc_id IN ({_marks(ids)}) ORDER BY f.date IS NULL, f.date, f.id""", ids).fetchall()
    for item in _fact_items(store, "events", rows, rejected=False):
        out[item.doc_id].append(item)
    return out


# -- events --------------------------------------------------------------------------------------

def event(store: SQLStore, event_id: int | str) -> EventDetail | None:
    """One event (by its stable id or row number) with its document, the people, organisations and
    ties the document names, and the same event (type and date) as other documents report it."""
    item = fact(store, "events", event_id)
    if item is None:
        return None
    doc = store.document(item.doc_id)
    assert doc is not None   # a fact goes with its document (ON DELETE CASCADE)
    people = _of_document(store, "people", item.doc_id)
    organizations = _of_document(store, "organizations", item.doc_id)
    ties = _of_document(store, "ties", item.doc_id)
    names = [r[0] for r in store._db.execute(
        """SELECT DISTINCT l.name FROM mentions m JOIN localities l ON l.key = m.locality_key
           WHERE m.doc_id = ? ORDER BY l.name""", (item.doc_id,))]
    return EventDetail(item, doc, people, organizations, ties, names, _same_event(store, item))


def _of_document(store: SQLStore, kind: str, doc_id: str) -> list[FactItem]:
    spec = _SPECS[kind]
    rows = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, {spec.columns}, f.doc_id, f.evidence, d.title, d.published, d.source,
                   d.lang FROM {kind} f JOIN documents d ON d.id = f.doc_id WHERE f.doc_id = ?
            ORDER BY f.id""", (doc_id,)).fetchall()
    return _fact_items(store, kind, rows, rejected=False)


def _same_event(store: SQLStore, item: FactItem, limit: int = 50) -> list[FactItem]:
    """Events of other documents with the same type and date that share a locality with this one:
    the same happening told by other sources (until event clusters are stored)."""
    date = item.fields.get("date")
    if not date:
        return []
    rows = store._db.execute(
        f"""SELECT f.id AS fact_id, f.fid, {_SPECS["events"].columns}, f.doc_id, f.evidence, d.title, d.published,
                   d.source, d.lang FROM events f JOIN documents d ON d.id = f.doc_id {reviewed_join('f.fid')}
            WHERE {reviewed(store._db, 'event', 'type', 'f.type')} = ?
              AND {reviewed(store._db, 'event', 'date', 'f.date')} = ?
              AND f.doc_id != ?
              AND f.doc_id IN (SELECT m2.doc_id FROM mentions m2 WHERE m2.locality_key IN
                               (SELECT m1.locality_key FROM mentions m1 WHERE m1.doc_id = ?))
            ORDER BY d.published, f.id LIMIT ?""",
        (item.fields["type"], date, item.doc_id, item.doc_id, limit)).fetchall()
    return _fact_items(store, "events", rows, rejected=False)


# -- events across documents (clusters) ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EventCluster:
    """One event as all its reports tell it (kizuna.cluster), shaped like a FactItem for listing:
    `fields` holds type, date, end and place; the document fields are those of its first report."""
    id: str
    fields: dict[str, Any]
    localities: tuple[str, ...]
    documents: tuple[ClusterSource, ...]
    occasion: str | None
    parts: tuple[str, ...]
    people: tuple[dict[str, Any], ...]
    quotes: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)   # doc_id -> what it says
    review: Standing | None = None            # what people said of it (merge, split, reject, correct)
    machine: dict[str, Any] | None = None     # the clustered values a correction replaced
    merged: tuple[str, ...] = ()              # events people merged into this one
    ties: tuple[dict[str, Any], ...] = ()     # pairs and figures its reports give, merged (as people)
    figures: tuple[dict[str, Any], ...] = ()
    split_off: tuple[str, ...] = ()           # reports people split off it (a rejoin brings one back)
    listed_as: str | None = None              # the event it is listed as, when merged into another

    @property
    def _first(self) -> ClusterSource | None:
        return next((d for d in self.documents if d.headline), self.documents[0] if self.documents else None)

    @property
    def doc_id(self) -> str | None:
        return self._first.doc_id if self._first else None

    @property
    def title(self) -> str | None:
        return self._first.title if self._first else None

    @property
    def source(self) -> str:
        return self._first.source if self._first else ""

    @property
    def lang(self) -> str:
        return self._first.lang if self._first else ""

    @property
    def published(self) -> str | None:
        return self._first.published if self._first else None

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.quotes.get(self.doc_id or "", ())

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, **self.fields, "localities": list(self.localities), "occasion": self.occasion,
               "parts": list(self.parts), "people": list(self.people), "ties": list(self.ties),
               "figures": list(self.figures),
               "sources": [s for d in self.documents if d.headline for s in (d.source, *d.also)],
               "documents": [{**d.to_dict(), "evidence": [asdict(e) for e in self.quotes.get(d.doc_id, ())]}
                             for d in self.documents]}
        if self.review is not None:
            out["review"] = curation.review_summary(self.review)
        if self.machine is not None:
            out["machine"] = self.machine
        if self.merged:
            out["merged"] = list(self.merged)
        if self.split_off:
            out["split_off"] = list(self.split_off)
        if self.listed_as is not None:
            out["listed_as"] = self.listed_as
        return out

    @property
    def rejected(self) -> bool:
        return self.review is not None and self.review.rejected


def has_clusters(store: SQLStore) -> bool:
    """Whether events across documents are stored (a database from before clustering has none)."""
    try:
        return store._db.execute("SELECT 1 FROM event_clusters LIMIT 1").fetchone() is not None
    except store.dialect.missing_table:   # no such table
        return False


def clusters(store: SQLStore, filters: Filters, limit: int, offset: int = 0,
             count: bool = True) -> Page[EventCluster]:
    """One page of events across documents, newest first, filtered like every list."""
    where, params, date = _cluster_where(store, filters)
    base = f"FROM event_clusters c {reviewed_join('c.id')} {_clause(where)}"
    total = count_clusters(store, filters) if count else -1
    ids = [r[0] for r in store._db.execute(
        f"SELECT c.id {base} ORDER BY {date} DESC, c.id LIMIT ? OFFSET ?", [*params, limit, offset])]
    items = [_event_cluster(row, {}) for row in store.clusters.by_ids(ids)]   # one batch, not one per event
    return Page(_reviewed_clusters(store, items), total, limit, offset)


def count_clusters(store: SQLStore, filters: Filters) -> int:
    where, params, _date = _cluster_where(store, filters)
    return int(store._db.execute(f"SELECT COUNT(*) FROM event_clusters c {reviewed_join('c.id')} {_clause(where)}",
                                 params).fetchone()[0])


def _cluster_where(store: SQLStore, filters: Filters) -> tuple[list[str], list[Any], str]:
    date = reviewed(store._db, curation.CLUSTER, "date", "c.date")   # as people corrected it
    where, params = _where(store._db, Filters(since=filters.since, until=filters.until), date, (), False)
    of_documents = Filters(localities=filters.localities, country=filters.country, sector=filters.sector,
                           lang=filters.lang)
    docs, doc_params = _where(store._db, of_documents, "d.published", (), True)
    if docs:
        where.append(f"""c.id IN (SELECT cm.cluster_id FROM cluster_documents cm
                         JOIN documents d ON d.id = cm.doc_id WHERE {' AND '.join(docs)})""")
        params += doc_params
    if filters.event_type:
        where.append(f"{reviewed(store._db, curation.CLUSTER, 'type', 'c.type')} = ?")
        params.append(filters.event_type)
    if not filters.rejected:   # rejected events, and those merged into another, are not listed
        where.append(curation.not_hidden_cluster(store.dialect, "c.id"))
    return where, params, date


def _reviewed_clusters(store: SQLStore, items: list[EventCluster]) -> list[EventCluster]:
    """Events across documents with people's verdicts: corrections, the events merged into them (through
    others too) with their reports, people, pairs and figures, the reports split off them (store/curation.py
    `_membership` keeps these)."""
    said = curation.standing(store, [i.id for i in items])
    events = curation.standing_of_kind(store, curation.CLUSTER)
    merged_into = {m: curation.listed_as(events, m) for m, v in events.items() if "into" in (v.value or {})}
    out = []
    for item in items:
        verdict = said.get(item.id)
        merged = tuple(sorted(m for m, into in merged_into.items() if into == item.id))
        item = _with_merged(store, item, merged, events)
        split = _split_off(verdict)
        documents = item.documents
        if split and len(documents) > 1:
            documents = tuple(d for d in documents if d.doc_id not in split) or documents
        shown = replace(item, documents=documents, merged=merged, listed_as=merged_into.get(item.id),
                        split_off=tuple(sorted(split - {d.doc_id for d in documents})))
        if verdict is None:
            out.append(shown)
            continue
        fields, machine = curation.corrected(curation.CLUSTER, item.fields, verdict)
        out.append(replace(shown, fields=fields, machine=machine, review=verdict))
    return out


def _with_merged(store: SQLStore, item: EventCluster, merged: tuple[str, ...],
                 events: dict[str, Standing]) -> EventCluster:
    """The event with the reports of the events merged into it (each once, after its own, less those
    split off them) and what those reports say: people, pairs and figures not given already."""
    if not merged:
        return item
    documents = {d.doc_id: d for d in item.documents}
    people, ties, figures = list(item.people), list(item.ties), list(item.figures)
    for row in store.clusters.by_ids(list(merged)):
        for d in row.documents:
            if d.doc_id not in _split_off(events.get(row.id)):
                documents.setdefault(d.doc_id, d)
        _add_new(people, row.people, lambda p: " ".join(sorted(fold_name(p["name"]).split())))
        _add_new(ties, row.ties, lambda t: (t["vn"], t["jp"]))
        _add_new(figures, row.figures, lambda f: (f["value"], f["unit"]))
    return replace(item, documents=tuple(documents.values()), people=tuple(people), ties=tuple(ties),
                   figures=tuple(figures))


def _add_new(entries: list[dict[str, Any]], more: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> None:
    """Append the entries of `more` whose key none of `entries` has (the first spelling stays)."""
    known = {key(e) for e in entries}
    for entry in more:
        if key(entry) not in known:
            known.add(key(entry))
            entries.append(entry)


def _split_off(verdict: Standing | None) -> set[str]:
    """The reports people split off an event."""
    return set(curation.event_value(verdict.value if verdict else None).get("split", ()))


def cluster(store: SQLStore, cluster_id: str, quotes: bool = True) -> EventCluster | None:
    """One event across documents as people left it (store/curation.py), with (if `quotes`) what each
    of its reports says of it, those of the events merged into it included."""
    row = store.event_cluster(cluster_id)
    if row is None:
        return None
    found = _reviewed_clusters(store, [_event_cluster(row, {})])[0]
    if not quotes:
        return found
    said: dict[str, tuple[Evidence, ...]] = {}
    reports = events_of_documents(store, [d.doc_id for d in found.documents])
    for doc_id, items in reports.items():
        same = [e for e in items if e.fields["type"] == row.type] or items
        if same:
            said[doc_id] = same[0].evidence
    return replace(found, quotes=said)


def _event_cluster(row: ClusterRow, said: dict[str, tuple[Evidence, ...]]) -> EventCluster:
    own = {"type": row.type, "date": row.date, "end": row.end, "place": row.place}
    return EventCluster(id=row.id, fields=own,
                        localities=row.localities, documents=row.documents, occasion=row.occasion,
                        parts=row.parts, people=row.people, quotes=said, ties=row.ties, figures=row.figures)


def cluster_of_event(store: SQLStore, event_id: int | str) -> str | None:
    """The event across documents that a document's event (its stable id or row number) belongs to,
    if clustering placed it."""
    test = "e.fid = ?" if isinstance(event_id, str) else "e.id = ?"
    try:
        row = store._db.execute(
            f"""SELECT c.id FROM events e JOIN cluster_documents m ON m.doc_id = e.doc_id
               JOIN event_clusters c ON c.id = m.cluster_id
               WHERE {test} ORDER BY c.type = e.type DESC, m.headline DESC, m.id LIMIT 1""",
            (event_id,)).fetchone()
    except store.dialect.missing_table:   # a database from before clustering
        return None
    return row[0] if row else None


# -- search --------------------------------------------------------------------------------------

def search(store: SQLStore, q: str, filters: Filters, limit: int, offset: int = 0) -> Page[Hit]:
    """Documents matching every word of `q` (case and diacritics ignored), best first."""
    terms = fulltext.parse_query(q)
    if not terms:
        return Page([], 0, limit, offset)
    dialect = store.dialect
    match = dialect.fts_query(terms)
    rank = f"{dialect.fts_rank}, documents_fts.{dialect.rowid}"
    where, params = _where(store._db, filters, "d.published", (), True)
    if where:
        where.append(dialect.fts_match)
        base = f"FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id {_clause(where)}"
        total = store._db.execute(f"SELECT COUNT(*) {base}", [*params, match]).fetchone()[0]
        ids = [r[0] for r in store._db.execute(
            f"SELECT d.id {base} ORDER BY {rank} LIMIT ? OFFSET ?",
            [*params, match, *[match] * dialect.fts_rank_params, limit, offset])]
    else:
        # No filter on documents: the index alone counts and ranks (joining 100,000 documents'
        # rows to rank them would triple the time of a common word). Ties are broken by rowid,
        # which costs nothing, where doc_id would be read from the index's content for every match.
        total = store._db.execute(f"SELECT COUNT(*) FROM documents_fts WHERE {dialect.fts_match}",
                                  (match,)).fetchone()[0]
        ids = [r[0] for r in store._db.execute(
            f"""SELECT doc_id FROM documents_fts WHERE {dialect.fts_match}
                ORDER BY {rank} LIMIT ? OFFSET ?""", [match, *[match] * dialect.fts_rank_params, limit, offset])]
    if not ids:
        return Page([], total, limit, offset)
    found = {r["id"]: r for r in store._db.execute(
        f"SELECT id, title, published, lang, source, url, text FROM documents WHERE id IN ({_marks(ids)})",
        ids)}
    rows = [found[i] for i in ids if i in found]
    hits = []
    for r in rows:
        snippet, marks = fulltext.snippet(r["text"], terms)
        hits.append(Hit(doc_id=r["id"], title=r["title"], published=r["published"], lang=r["lang"],
                        source=r["source"], url=r["url"], snippet=snippet, marks=marks))
    return Page(hits, total, limit, offset)


def search_entities(store: SQLStore, q: str, limit: int = 20,
                    known: list[LocalityItem] | None = None) -> list[EntityHit]:
    """Localities, people and organisations whose folded name contains the folded query.
    `known`: every locality with its counts, when the caller already has them.

    People and organisations are looked for only in documents the full-text index matches: a
    name the query finds is in the text, and this keeps the search off a full table scan."""
    wanted = fold_name(q)
    if not wanted:
        return []
    everywhere = known if known is not None else localities(store, Filters())
    hits = [EntityHit("locality", i.name, i.country, i.documents) for i in everywhere
            if wanted in fold_name(i.name) or wanted in fold_name(i.current)][:limit]
    terms = fulltext.parse_query(q)
    if not terms:
        return hits
    doc_ids = [r[0] for r in store._db.execute(
        f"SELECT doc_id FROM documents_fts WHERE {store.dialect.fts_match} LIMIT ?",   # unranked: any will do
        (store.dialect.fts_query(terms), _SEARCH_CANDIDATES))]
    if not doc_ids:
        return hits
    for kind, table, detail in (("person", "people", "role"), ("organization", "organizations", "NULL")):
        counts: dict[str, list[Any]] = {}
        for chunk in _chunks(doc_ids, 500):
            for r in store._db.execute(
                    f"SELECT name, {detail} AS detail, doc_id FROM {table} WHERE doc_id IN ({_marks(chunk)})",
                    chunk):
                if wanted in fold_name(r["name"]):
                    entry = counts.setdefault(r["name"], [r["detail"], set()])
                    entry[1].add(r["doc_id"])
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
        hits += [EntityHit(kind, name, d, len(docs)) for name, (d, docs) in ranked[:limit]]
    return hits


# -- counts --------------------------------------------------------------------------------------

def counts(store: SQLStore) -> dict[str, int]:
    """How many documents, localities, pairs and facts: facts people rejected are not counted."""
    db = store._db
    kept = {table: f"FROM {table} f WHERE {not_rejected('f.fid')}" for table in ("mentions", *FACT_KINDS)}
    out = {"documents": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
           "localities": db.execute(f"SELECT COUNT(DISTINCT f.locality_key) {kept['mentions']}").fetchone()[0],
           "pairs": db.execute(
               f"SELECT COUNT(*) FROM (SELECT 1 {kept['ties']} GROUP BY f.vn_fold, f.jp_fold) AS pairs").fetchone()[0]}
    for table in FACT_KINDS:
        out[table] = db.execute(f"SELECT COUNT(*) {kept[table]}").fetchone()[0]
    out["languages"] = db.execute("SELECT COUNT(DISTINCT lang) FROM documents").fetchone()[0]
    return out


def sectors(store: SQLStore, filters: Filters, limit: int = 50) -> list[tuple[str, int]]:
    where, params = _where(store._db, filters, "d.published", (), True)
    rows = store._db.execute(
        f"""SELECT s.sector, COUNT(*) AS n FROM sectors s JOIN documents d ON d.id = s.doc_id
            {_clause(where)} GROUP BY s.sector ORDER BY n DESC, s.sector LIMIT ?""",
        [*params, limit]).fetchall()
    return [(r["sector"], r["n"]) for r in rows]


def languages(store: SQLStore) -> list[tuple[str, int]]:
    rows = store._db.execute("SELECT lang, COUNT(*) AS n FROM documents GROUP BY lang ORDER BY n DESC, lang")
    return [(r["lang"], r["n"]) for r in rows]


# -- helpers -------------------------------------------------------------------------------------

def _where(db: Any, filters: Filters, date_column: str, name_columns: Sequence[str],
           by_mention: bool) -> tuple[list[str], list[Any]]:
    """Conditions over `d` (documents) and `f` (the fact table) for these filters. `event_type`:
    documents reporting an event of that type as people left it (corrected, not rejected)."""
    where: list[str] = []
    params: list[Any] = []
    if filters.localities is not None:
        folds = _folds(filters.localities)
        tests = []
        for column in name_columns:
            if column in _CORRECTABLE_NAMES:   # as people corrected it
                test, more = curation.folded_in(db, *_CORRECTABLE_NAMES[column], column, "f.fid", folds)
            else:
                test, more = f"{column} IN ({_marks(folds)})", folds
            tests.append(test)
            params += more
        if by_mention:
            tests.append(f"""d.id IN (SELECT m.doc_id FROM mentions m JOIN localities l
                             ON l.key = m.locality_key WHERE l.name_fold IN ({_marks(folds)}))""")
            params += folds
        where.append("(" + " OR ".join(tests) + ")")
    if filters.country:
        where.append("""d.id IN (SELECT m.doc_id FROM mentions m JOIN localities l ON l.key = m.locality_key
                        WHERE l.country = ?)""")
        params.append(filters.country.upper())
    if filters.since:
        where.append(f"{date_column} >= ?")
        params.append(filters.since)
    if filters.until:
        # "2025-03" as an upper bound keeps all of March: compare with the bound's end.
        where.append(f"{date_column} <= ?")
        params.append(filters.until + "\uffff")
    if filters.sector:
        where.append("d.id IN (SELECT s.doc_id FROM sectors s WHERE s.sector = ?)")
        params.append(filters.sector)
    if filters.event_type:
        where.append(f"""d.id IN (SELECT e.doc_id FROM events e {reviewed_join('e.fid')}
                        WHERE {reviewed(db, 'event', 'type', 'e.type')} = ? AND {not_rejected('e.fid')})""")
        params.append(filters.event_type)
    if filters.lang:
        where.append("d.lang = ?")
        params.append(filters.lang)
    return where, params


# The name columns a filter tests that people may correct: (kind of fact, field corrected).
_CORRECTABLE_NAMES = {"f.locality_fold": ("person", "locality")}


def _clause(where: list[str]) -> str:
    return ("WHERE " + " AND ".join(where)) if where else ""


def _folds(names: Iterable[str]) -> list[str]:
    return sorted({fold_name(n) for n in names if n and n.strip()}) or [""]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Sequence[T], size: int) -> Iterable[list[T]]:
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


def _evidence(store: SQLStore, doc_id: str, spans_json: str) -> tuple[Evidence, ...]:
    return _evidence_of(store, [(doc_id, spans_json)])[0]


_QUOTES_PER_QUERY = 200


def _evidence_of(store: SQLStore, facts: Sequence[tuple[str, str]]) -> list[tuple[Evidence, ...]]:
    """The quoted evidence of each (doc_id, spans JSON), every quote of a page read in one query
    (a query per quote was most of a list's time, and a round trip each on PostgreSQL). substr()
    counts characters as Python does, and cuts the quotes in the database: no whole text is sent."""
    spans = [[(int(s["start"]), int(s["end"])) for s in json.loads(spans_json or "[]")]
             for _, spans_json in facts]
    wanted = [(doc_id, start, end) for (doc_id, _), own in zip(facts, spans) for start, end in own]
    quotes: dict[tuple[str, int, int], str] = {}
    for chunk in _chunks(wanted, _QUOTES_PER_QUERY):
        rows = "(?, CAST(? AS INT), CAST(? AS INT))"
        for r in store._db.execute(
                f"""WITH s(q_doc, q_start, q_size) AS (VALUES {", ".join([rows] * len(chunk))})
                    SELECT s.q_doc, s.q_start, s.q_size, substr(d.text, s.q_start, s.q_size) AS quote
                    FROM s JOIN documents d ON d.id = s.q_doc""",
                [v for doc_id, start, end in chunk for v in (doc_id, start + 1, max(0, end - start))]):
            quotes[(r["q_doc"], r["q_start"] - 1, r["q_start"] - 1 + r["q_size"])] = r["quote"]
    return [tuple(Evidence(start=start, end=end, text=quotes.get((doc_id, start, start + max(0, end - start)), ""))
                  for start, end in own) for (doc_id, _), own in zip(facts, spans)]


def _spans(text: str, spans_json: str) -> tuple[Evidence, ...]:
    """Evidence spans cut from a text already read; spans outside it are dropped, not trusted."""
    out = []
    for s in json.loads(spans_json or "[]"):
        start, end = int(s["start"]), int(s["end"])
        if 0 <= start < end <= len(text):
            out.append(Evidence(start, end, text[start:end]))
    return tuple(out)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# -- one fact by its stable id, with its evidence and what people said of it ---------------------

PLURAL = {v: k for k, v in SINGULAR.items()}


@dataclass(frozen=True, slots=True)
class FactDetail:
    kind: str                          # locality, tie, event, person, organization, figure, cluster
    id: str
    doc_id: str | None
    fields: dict[str, Any]             # as people corrected them
    evidence: tuple[Evidence, ...]
    document: DocumentRow | None
    review: Standing | None
    machine: dict[str, Any] | None     # the extracted values a correction replaced
    history: list[curation.Review]

    @property
    def rejected(self) -> bool:
        return self.review is not None and self.review.rejected

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fact": self.kind, **self.fields, "doc_id": self.doc_id,
                "evidence": [asdict(e) for e in self.evidence],
                "document": self.document.to_dict() if self.document else None,
                "review": curation.review_summary(self.review) if self.review else None,
                "machine": self.machine, "history": [r.to_dict() for r in self.history]}


def fact_detail(store: SQLStore, fact_id: str) -> FactDetail | None:
    """Any fact by its stable id (kizuna.factid), or an event across documents by its id (ev-...),
    rejected or not, with its evidence and every review of it."""
    from ..factid import kind_of
    kind = kind_of(fact_id)
    history = curation.reviews(store, limit=200, fact_id=fact_id)[0]
    if kind is None:
        found = cluster(store, fact_id) if fact_id.startswith("ev-") else None
        if found is None:
            return None
        said = curation.standing(store, [fact_id]).get(fact_id)
        fields, machine = curation.corrected(curation.CLUSTER, found.fields, said) if said else (found.fields, None)
        doc = store.document(found.doc_id) if found.doc_id else None
        return FactDetail(curation.CLUSTER, fact_id, found.doc_id, fields, found.evidence,
                          _without_text(doc), said, machine, history)
    if kind == "locality":
        rows = store._db.execute(
            """SELECT m.doc_id, m.char_start, m.char_end, l.key, l.name, l.country, l.code, l.current
               FROM mentions m JOIN localities l ON l.key = m.locality_key WHERE m.fid = ?
               ORDER BY m.char_start, m.id""", (fact_id,)).fetchall()
        if not rows:
            return None
        first = rows[0]
        fields = {k: first[k] for k in ("key", "name", "country", "code", "current")}
        evidence = tuple(e for r in rows for e in _evidence(
            store, r["doc_id"], json.dumps([{"start": r["char_start"], "end": r["char_end"]}])))
        said = curation.standing(store, [fact_id]).get(fact_id)
        return FactDetail(kind, fact_id, first["doc_id"], fields, evidence,
                          _without_text(store.document(first["doc_id"])), said, None, history)
    item = fact(store, PLURAL[kind], fact_id)
    if item is None:
        return None
    return FactDetail(kind, fact_id, item.doc_id, item.fields, item.evidence,
                      _without_text(store.document(item.doc_id)), item.review, item.machine, history)


def _without_text(doc: DocumentRow | None) -> DocumentRow | None:
    return replace(doc, text=None) if doc is not None else None

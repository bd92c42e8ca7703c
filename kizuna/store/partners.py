"""Read-side SQL for partner matching, digests and exports: every fact of the knowledge base as
plain rows, read in a few whole-table queries (no per-fact round trips), and the sentences a
reason cites, cut from the texts of just the documents it cites.

People's reviews apply as in every list: a rejected fact is not read, a corrected one is read corrected.
Nothing here ranks or decides: kizuna.query.partners does. Functions take an open store (SQLite or
PostgreSQL) and never write.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..text import sentence_of, sentences
from . import curation
from .curation import not_rejected
from .sql import SQLStore

_SENTENCE_MAX = 300   # a cited sentence is cut to this many characters around its evidence


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    published: str | None
    ingested_at: str
    title: str | None
    lang: str
    source: str
    url: str | None
    duplicate_of: str | None    # a near-copy's original: its facts are not counted again


@dataclass(frozen=True, slots=True)
class Mentioned:
    """A locality named by a document: how often, and where first."""
    doc_id: str
    key: str
    name: str
    current: str
    country: str
    count: int
    first: tuple[int, int]       # the first mention's span


@dataclass(frozen=True, slots=True)
class Fact:
    """One stored fact: `kind` is tie, event, person or figure; `fields` its own columns."""
    kind: str
    id: int
    doc_id: str
    fields: dict[str, Any]
    spans: tuple[tuple[int, int], ...]
    fid: str | None = None       # the stable fact id (kizuna.factid), e.g. "tie-89d7e2a53de56d1e"

    @property
    def anchor(self) -> str:
        """The fact's element id on its document page, less the "fact-" prefix: "tie-tie-89d7…"."""
        return f"{self.kind}-{self.fid or self.id}"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The whole knowledge base as rows, read once: what partner matching and digests work on."""
    documents: dict[str, Doc]
    mentions: list[Mentioned]
    sectors: list[tuple[str, str]]             # (doc_id, sector)
    facts: list[Fact]
    clusters: dict[str, str] = field(default_factory=dict)   # doc_id -> its headline event's id
    event_clusters: dict[int, str] = field(default_factory=dict)   # event fact id -> its event across documents

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]


def snapshot(store: SQLStore) -> Snapshot:
    """Every fact as people left it (reviews applied, as every list applies them): rejected
    mentions and facts left out, corrections in their fields, an event merged into another
    counted as that one."""
    db = store._db
    docs = {r["id"]: Doc(id=r["id"], published=r["published"], ingested_at=r["ingested_at"], title=r["title"],
                         lang=r["lang"], source=r["source"], url=r["url"], duplicate_of=r["original"])
            for r in db.execute(
                """SELECT d.id, d.published, d.ingested_at, d.title, d.lang, d.source, d.url, u.original
                   FROM documents d LEFT JOIN duplicates u ON u.doc_id = d.id ORDER BY d.id""")}
    mentions = [Mentioned(doc_id=r["doc_id"], key=r["key"], name=r["name"], current=r["current"],
                          country=r["country"], count=r["n"], first=(r["first"], r["first_end"]))
                for r in db.execute(
                    f"""SELECT m.doc_id, l.key, l.name, l.current, l.country, COUNT(*) AS n,
                              MIN(m.char_start) AS first,
                              MIN(m.char_end) AS first_end
                       FROM mentions m JOIN localities l ON l.key = m.locality_key
                       WHERE {not_rejected("m.fid")}
                       GROUP BY m.doc_id, l.key, l.name, l.current, l.country
                       ORDER BY m.doc_id, l.key""")]
    sectors = [(r["doc_id"], r["sector"]) for r in db.execute(
        "SELECT doc_id, sector FROM sectors ORDER BY doc_id, sector")]
    facts: list[Fact] = []
    for kind, table, columns in (("tie", "ties", ("vn", "jp", "kind")),
                                 ("event", "events", ("type", "date", "end_date", "place")),
                                 ("person", "people", ("name", "role", "locality", "organization")),
                                 ("figure", "figures", ("value", "unit", "about"))):
        said = curation.standing_of_kind(store, kind)   # few: people review few facts
        rows = db.execute(f"SELECT id, fid, doc_id, {', '.join(columns)}, evidence FROM {table} ORDER BY id")
        for r in rows:
            verdict = said.get(r["fid"])
            if verdict is not None and verdict.rejected:
                continue
            spans = tuple((s["start"], s["end"]) for s in json.loads(r["evidence"] or "[]"))
            fields = {c: r[c] for c in columns}
            if verdict is not None:
                fields = curation.corrected_columns(kind, fields, verdict)
            if kind == "figure":
                fields["value"] = _number(fields["value"])
            facts.append(Fact(kind, int(r["id"]), r["doc_id"], fields, spans, r["fid"]))
    shown = _shown_clusters(store)
    clusters = {r["doc_id"]: shown.get(r["cluster_id"], r["cluster_id"]) for r in db.execute(
        "SELECT doc_id, cluster_id FROM cluster_documents WHERE headline = 1 ORDER BY id")}
    # As browse.cluster_of_event, for every event at once: the cluster of its type, a headline first.
    best: dict[int, tuple[tuple[int, int, int], str]] = {}
    for r in db.execute(
            """SELECT e.id AS event_id, e.type AS etype, c.type AS ctype, m.headline, m.id AS member,
                      c.id AS cluster_id
               FROM events e JOIN cluster_documents m ON m.doc_id = e.doc_id
               JOIN event_clusters c ON c.id = m.cluster_id"""):
        rank = (0 if r["etype"] == r["ctype"] else 1, 0 if r["headline"] else 1, int(r["member"]))
        event_id = int(r["event_id"])
        if event_id not in best or rank < best[event_id][0]:
            best[event_id] = (rank, r["cluster_id"])
    event_clusters = {k: shown.get(v, v) for k, (_, v) in best.items()}
    return Snapshot(docs, mentions, sectors, facts, {k: v for k, v in clusters.items() if v},
                    {k: v for k, v in event_clusters.items() if v})


def _shown_clusters(store: SQLStore) -> dict[str, str | None]:
    """The event each reviewed event is listed as: itself, the one people merged it into (through
    others too), or None (rejected). Events nobody reviewed are not in the map: listed as themselves."""
    said = curation.standing_of_kind(store, curation.CLUSTER)
    out: dict[str, str | None] = {}
    for event in said:
        shown = curation.listed_as(said, event)
        out[event] = None if said.get(shown) is not None and said[shown].rejected else shown
    return out



@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    start: int          # the sentence's span in the document's text
    end: int
    text: str


def sentences_at(store: SQLStore, spots: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
    """The sentence holding each (doc_id, offset), read from the texts of those documents only."""
    wanted = sorted(set(spots))
    ids = sorted({doc for doc, _ in wanted})
    texts: dict[str, str] = {}
    for chunk in _chunks(ids, 200):
        for r in store._db.execute(f"SELECT id, text FROM documents WHERE id IN ({_marks(chunk)})", chunk):
            texts[r["id"]] = r["text"]
    splits = {doc: sentences(text) for doc, text in texts.items()}
    out = {}
    for doc, offset in wanted:
        if doc not in texts:
            continue
        text = texts[doc]
        span = sentence_of(splits[doc], offset)
        start, end = (span.start, span.end) if span else (max(0, offset - 80), min(len(text), offset + 80))
        if end - start > _SENTENCE_MAX:
            start = max(start, offset - _SENTENCE_MAX // 2)
            end = min(end, start + _SENTENCE_MAX)
        out[(doc, offset)] = Sentence(doc, start, end, " ".join(text[start:end].split()))
    return out


def texts_of(store: SQLStore, doc_ids: Sequence[str]) -> dict[str, str]:
    """The cleaned texts of these documents (for finding a sector's words in them)."""
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(doc_ids)), 200):
        for r in store._db.execute(f"SELECT id, text FROM documents WHERE id IN ({_marks(chunk)})", chunk):
            out[r["id"]] = r["text"]
    return out


def _chunks(values: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(values), size):
        yield list(values[i:i + size])


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value

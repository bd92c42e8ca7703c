"""What is new since a date, for one locality, one sector or everywhere: events, ties, people and
figures from the documents published since then (undated: whose first event is, else ingested since), each with the
document and the sentence it comes from. The CLI's `kizuna digest`, the digest page and the Atom
feeds all read this.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import UsageError
from ..store import SQLStore
from ..store import partners as rows
from ..text import fold_name
from .partners import sector_of
from .resolve import resolve

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = ("event", "tie", "person", "figure")


@dataclass(frozen=True, slots=True)
class Source:
    doc_id: str
    title: str | None
    published: str | None
    url: str | None
    sentence: str
    start: int
    end: int
    fact: str                    # the fact's anchor on the document page, e.g. "tie-tie-89d7e2a53de56d1e"

    @property
    def link(self) -> str:
        return f"/documents/{self.doc_id}#fact-{self.fact}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "link": self.link}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str                    # event, tie, person, figure
    summary: str                 # one line: "visit 2025-06-01 in Gunma", "Quảng Ninh – Gunma: agreement"
    date: str | None             # the event's date, else the document's publication
    fields: dict[str, Any]
    event: str | None            # the event page it belongs to (an event across documents), if any
    source: Source               # the newest document that states it
    documents: tuple[str, ...] = ()   # every document that states it (an event reported by several)

    @property
    def event_url(self) -> str | None:
        if self.event:
            return f"/events/{self.event}"
        return f"/events/{self.fields['id']}" if self.kind == "event" else None

    def to_dict(self) -> dict[str, Any]:
        # "fact", not "kind": a tie has a kind of its own (as browse.DocFact)
        return {**self.fields, "fact": self.kind, "summary": self.summary, "date": self.date,
                "event": self.event, "event_url": self.event_url, "source": self.source.to_dict(),
                "documents": list(self.documents or (self.source.doc_id,))}


@dataclass(frozen=True, slots=True)
class Digest:
    locality: str | None
    sector: str | None
    since: str
    documents: int
    items: list[Item]

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {"locality": self.locality, "sector": self.sector, "since": self.since,
                "documents": self.documents, "items": [i.to_dict() for i in self.items]}


def digest(store: SQLStore, locality: str | None = None, since: str = "0000", sector: str | None = None,
           snap: rows.Snapshot | None = None) -> Digest:
    """Everything stated by the documents new since `since` (YYYY, YYYY-MM or YYYY-MM-DD), newest first.
    `locality` (any spelling): only documents naming it or a unit merged into it. `sector`: a sector
    label, or a word of one in any language (as `kizuna partners --sector`): only documents in it."""
    if not DATE.match(since or ""):
        raise UsageError(f"--since must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not {since!r}")
    # an unknown sector is refused rather than answered with an empty digest
    sector = sector_of(sector)
    snap = snap or rows.snapshot(store)
    name = None
    first_event: dict[str, str] = {}
    for f in snap.facts:
        if f.kind == "event" and f.fields.get("date"):
            first_event[f.doc_id] = min(first_event.get(f.doc_id, f.fields["date"]), f.fields["date"])
    keep = {d.id for d in snap.documents.values()
            if d.duplicate_of is None and _when(d, first_event.get(d.id)) >= since}
    if locality is not None:
        found = resolve(store, locality)
        name = found.unit.name
        folds = {fold_name(n) for n in found.names}
        keys = {m.key for m in found.members}
        named = {m.doc_id for m in snap.mentions if m.key in keys or fold_name(m.name) in folds}
        keep &= named
    if sector is not None:
        keep &= {doc for doc, s in snap.sectors if s == sector}
    facts = [f for f in snap.facts if f.doc_id in keep and f.kind in KINDS]
    said = rows.sentences_at(store, {(f.doc_id, f.spans[0][0] if f.spans else 0) for f in facts})
    items = []
    for f in facts:
        doc = snap.documents[f.doc_id]
        sentence = said.get((f.doc_id, f.spans[0][0] if f.spans else 0))
        source = Source(doc.id, doc.title, doc.published, doc.url, sentence.text if sentence else "",
                        sentence.start if sentence else 0, sentence.end if sentence else 0, f.anchor)
        date = (f.fields.get("date") if f.kind == "event" else None) or doc.published
        cluster = snap.event_clusters.get(f.id) if f.kind == "event" else snap.clusters.get(f.doc_id)
        items.append(Item(f.kind, _summary(f), date, {"id": f.id, **f.fields}, cluster, source, (f.doc_id,)))
    items = _events_once(items)
    items.sort(key=lambda i: (i.date or "", i.source.published or "", i.kind, i.fields["id"]), reverse=True)
    return Digest(name, sector, since, len(keep), items)


def _events_once(items: list[Item]) -> list[Item]:
    """An event reported by several documents is one item, with every document (its newest source shown)."""
    out: list[Item] = []
    by_cluster: dict[str, int] = {}
    for item in sorted(items, key=lambda i: (i.source.published or "", i.fields["id"]), reverse=True):
        if item.kind != "event" or item.event is None:
            out.append(item)
            continue
        if item.event in by_cluster:
            first = out[by_cluster[item.event]]
            docs = tuple(dict.fromkeys(first.documents + item.documents))
            out[by_cluster[item.event]] = Item(first.kind, first.summary, first.date or item.date, first.fields,
                                               first.event, first.source, docs)
            continue
        by_cluster[item.event] = len(out)
        out.append(item)
    return out


def _when(doc: rows.Doc, first_event: str | None) -> str:
    """When a document is news: its publication, else the first event it reports, else when it came in."""
    return doc.published or first_event or doc.ingested_at[:10]


def _summary(f: rows.Fact) -> str:
    x = f.fields
    if f.kind == "event":
        return " ".join(p for p in (x["type"], x.get("date") or "", f"in {x['place']}" if x.get("place") else "") if p)
    if f.kind == "tie":
        return f"{x['vn']} – {x['jp']}: {x['kind']}"
    if f.kind == "person":
        return ", ".join(p for p in (x["name"], x.get("role"), x.get("locality")) if p)
    return f"{x['value']:g} {x['unit']}: {x['about']}" if isinstance(x["value"], float) else \
        f"{x['value']} {x['unit']}: {x['about']}"


__all__ = ["Digest", "Item", "Source", "digest"]

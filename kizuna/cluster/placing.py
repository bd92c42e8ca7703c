"""Placing documents in a store: `place` decides, the store's cluster tables persist.

    place_document(store, extraction) -> Placement   # inside the caller's transaction
    remove_document(store, doc_id)                    # a document and its place in the events

The store (kizuna/store/clusters.py) answers plain queries with raw rows (band keys, day windows
at localities, an event's members as stored JSON) and writes what it is handed; everything that
decides lives here: the windows and the index rows a report is found by, the decoding of stored
features, where the document goes, the ids given back on re-extraction, each event's type, date
and place.
"""
from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from ..model import Extraction
from ..store.base import DayWindow, EventHead, MemberHit, MemberRow, PlaceKey
from . import minhash
from .dates import full, ordinal
from .features import DocFeatures, Happening, features_of
from .minhash import signature

# How far around a report's days to look for candidate events: the score decides the exact
# tolerance, these windows only have to include it. Dated events are compared by their days;
# an undated report stands at its publication day, which may come a week after the event.
# Events longer than LONGEST_EVENT days are looked up by their first day only.
DATED_SLACK = 2
UNDATED_SLACK = 10
LONGEST_EVENT = 14
# Bounds that keep adding a document cheap however crowded the store (the cost of a document must
# not grow with the store: issue 13). Copies: at most COPY_PER_BAND documents are read from each
# LSH band (a band shared by more is boilerplate, not a copy), and the MAX_COPY_CANDIDATES
# sharing the most bands are compared. Events: the reports near in time and place are ranked in
# the store (those at more of this report's localities first, then the nearest in days, then the
# most recent; the first MAX_FOUND read as ids), and the features of at most MAX_CANDIDATES are
# read and compared, at most PER_EVENT of any one event (an event is found by its reports nearest
# this one; the score is the best over them, and one event's hundredth report seldom decides).
COPY_PER_BAND = 64
MAX_COPY_CANDIDATES = 64
MAX_FOUND = 256
MAX_CANDIDATES = 32
PER_EVENT = 8
# The `dated` codes of the place index (cluster_places.dated): a report fully dated, one standing
# at its publication day, one that gives no day at all.
DATED, UNDATED, DAYLESS = 1, 0, 2
ANY_PLACE = "*"   # not a locality name: every member with a day is indexed under it too


class ClusterStore(Protocol):
    """What placing needs of a store (kizuna.store.SQLStore has it)."""

    @property
    def clusters(self) -> Any: ...   # kizuna.store.clusters.ClusterTables

    def atomic(self) -> Any: ...


class StoreIndex:
    """kizuna.cluster.ClusterIndex over a store's cluster tables, decoding the rows it returns.

    Decoded features are kept by member id between documents (reports near in time come back
    often); each is kept with the stored text and signature it was decoded from and used only
    while the row still holds them, so a row rewritten by another process, or an id SQLite gives
    again after a delete, is decoded afresh."""

    PARSED_CACHE = 50_000

    def __init__(self, tables: Any) -> None:
        self._tables = tables
        self._parsed: dict[int, tuple[str, Any, DocFeatures]] = {}

    def near_duplicates(self, features: DocFeatures) -> list[tuple[str, str, Any]]:
        keys = minhash.band_keys(features.signature)
        return [(c.doc_id, c.lang, minhash.from_bytes(c.signature))
                for c in self._tables.copy_candidates(keys, COPY_PER_BAND, MAX_COPY_CANDIDATES)]

    def original_of(self, doc_id: str) -> str:
        return self._tables.original_of(doc_id)  # type: ignore[no-any-return]

    def event_of(self, doc_id: str) -> str | None:
        return self._tables.event_of(doc_id)  # type: ignore[no-any-return]

    def candidates(self, features: DocFeatures) -> list[tuple[str, list[DocFeatures]]]:
        days = day_range(features)
        if days is None:
            # No full date nor publication date ("--11-25" in a translation): every report at one
            # of its localities, however dated (the score then asks more evidence).
            # A report that names neither (a national outlet's write-up of a forum of many
            # localities, dated "--11-25"): the latest reports of any place, a bounded sample.
            return self._grouped(self._chosen(self._tables.hits_at(features.localities or (ANY_PLACE,), MAX_FOUND)))
        # A report that names no locality the gazetteer knows (a Korean translation) is compared
        # with every report of its days, through the rows every member has under ANY_PLACE.
        names = features.localities or (ANY_PLACE,)
        near = self._tables.hits_near(names, windows(features, days), days[0], MAX_FOUND)
        # and the reports that give no day at all at its places, or no day and no place
        dayless = self._tables.hits_at((*features.localities, ANY_PLACE), MAX_FOUND, dated=DAYLESS)
        return self._grouped(self._chosen(near, dayless))

    def _chosen(self, *ranked: list[MemberHit]) -> list[MemberRow]:
        """The reports to compare, from the store's ranked lists (taken in turn): at most
        PER_EVENT of one event and MAX_CANDIDATES in all; each list's rows the most recent first
        (the order the candidates are compared in, which breaks ties between equal scores)."""
        taken: Counter[str] = Counter()
        lists: list[list[int]] = []
        count = 0
        for hits in ranked:
            ids: list[int] = []
            for hit in hits:
                if count >= MAX_CANDIDATES:
                    break
                if taken[hit.cluster_id] < PER_EVENT:
                    taken[hit.cluster_id] += 1
                    count += 1
                    ids.append(hit.member_id)
            lists.append(ids)
        rows = {r.member_id: r for r in self._tables.members_by_id([i for ids in lists for i in ids])}
        return [rows[i] for ids in lists for i in sorted(ids, reverse=True) if i in rows]

    def _grouped(self, rows: Iterable[MemberRow]) -> list[tuple[str, list[DocFeatures]]]:
        grouped: dict[str, list[DocFeatures]] = {}
        seen: set[int] = set()
        for row in rows:
            if row.member_id not in seen:
                seen.add(row.member_id)
                grouped.setdefault(row.cluster_id, []).append(self.decoded(row))
        return list(grouped.items())

    def decoded(self, row: MemberRow) -> DocFeatures:
        kept = self._parsed.get(row.member_id)
        if kept is not None and kept[0] == row.features and kept[1] == row.signature:
            return kept[2]
        if len(self._parsed) >= self.PARSED_CACHE:
            self._parsed.clear()
        sig = minhash.from_bytes(row.signature) if row.signature else None
        found = DocFeatures.from_json(row.features, sig)
        self._parsed[row.member_id] = (row.features, row.signature, found)
        return found


# One index per store's cluster tables, so that decoded features outlive one document.
_indexes: weakref.WeakKeyDictionary[Any, StoreIndex] = weakref.WeakKeyDictionary()


def index_of(store: ClusterStore) -> StoreIndex:
    tables = store.clusters
    found = _indexes.get(tables)
    if found is None:
        found = _indexes[tables] = StoreIndex(tables)
    return found


def place_document(store: ClusterStore, extraction: Extraction) -> Any:
    """Mark the document's near-duplicates and place its headline event (and the occasions it
    names) among the stored events; a document placed before is taken out first. Runs in one
    transaction (a savepoint inside the caller's), so storing and placing commit together."""
    from . import place, reuse_ids  # the package's entry points (it imports this module)
    doc = extraction.document
    features = features_of(extraction, signature(doc.text, doc.lang))
    tables = store.clusters
    with store.atomic():
        before = tables.forget(doc.id)
        placement = place(features, index_of(store))
        # Placed again, a document that alone made an event gives that event its id back.
        emptied = {headline: [c for c, h in before.items() if h == headline and tables.is_empty(c)]
                   for headline in (True, False)}
        placement = reuse_ids(placement, emptied[True], emptied[False])
        tables.put_signature(doc.id, features.lang, minhash.to_bytes(features.signature),
                             minhash.band_keys(features.signature))
        _write(tables, placement)
        settle(tables, before)
    return placement


def remove_document(store: Any, doc_id: str) -> None:
    """Remove a stored document with its facts, and take it out of the events (each event it
    leaves empty goes; the others get their type, date and place again from the reports left)."""
    with store.atomic():
        settle(store.clusters, store.clusters.forget(doc_id))
        store.delete(doc_id)


def settle(tables: Any, event_ids: Iterable[str]) -> None:
    """Delete the events among these that no report belongs to any more; refresh the others."""
    for event_id in event_ids:
        if tables.is_empty(event_id):
            tables.drop_event(event_id)
        else:
            _refresh(tables, event_id)


def _write(tables: Any, placement: Any) -> None:
    """Hand the store where a new document went: its duplicate link, its headline event, its occasions."""
    if placement.duplicate_of is not None:
        tables.put_duplicate(placement.doc_id, placement.duplicate_of, placement.headline.score or 1.0)
    _join(tables, placement.headline, headline=True)
    event_id = placement.headline.event_id
    folded = [other for other in placement.absorbed if not tables.is_reviewed(other)]
    for other in folded:
        # (an event people reviewed keeps its id and its reports: their verdicts point at it)
        tables.absorb(event_id, other)
    if folded:
        _refresh(tables, event_id)
    for occasion in placement.occasions:
        _join(tables, occasion, headline=False)
        tables.set_occasion(event_id, occasion.event_id)
    if placement.held_by is not None:
        tables.set_occasion(event_id, placement.held_by)
    for part in placement.parts:
        tables.set_occasion(part, event_id)


def _join(tables: Any, join: Any, headline: bool) -> None:
    if join.new is not None:
        tables.put_event(join.event_id, _head(join.new))
    tables.put_member(join.event_id, join.features.doc_id, headline, join.score, join.features.to_json(),
                      place_keys(join.features))
    if join.new is None:
        _refresh(tables, join.event_id)


def _refresh(tables: Any, event_id: str) -> None:
    """The event's type, date and place: the most common among its reports (headline ones first)."""
    members = tables.members_of(event_id)
    reports = [DocFeatures.from_json(m.features).headline for m in members if m.headline] or \
              [DocFeatures.from_json(m.features).headline for m in members]
    tables.update_event(event_id, _head(canonical(reports)))


def canonical(reports: Iterable[Happening]) -> Happening:
    reports = list(reports)
    type_ = Counter(r.type for r in reports).most_common(1)[0][0]
    dated = [(r.date, r.end) for r in reports if full(r.date)] or [(r.date, r.end) for r in reports if r.date]
    date, end = Counter(dated).most_common(1)[0][0] if dated else (None, None)
    places = [r.place for r in reports if r.place]
    return Happening(type_, date, end, Counter(places).most_common(1)[0][0] if places else None)


def _head(happening: Happening) -> EventHead:
    return EventHead(happening.type, happening.date, happening.end, happening.place)


def place_keys(features: DocFeatures) -> list[PlaceKey]:
    """The rows a report is found by: each of its localities (and ANY_PLACE) over its days; a
    report without a day by its localities only (under ANY_PLACE with a day it would be found by
    every report), and one with neither a day nor a locality under ANY_PLACE as DAYLESS (so that
    the dated reports of its event can still find it: few reports lack both)."""
    days = day_range(features)
    if days is None:
        return [PlaceKey(name, DAYLESS, 0, 0) for name in features.localities or (ANY_PLACE,)]
    dated = DATED if full(features.headline.date) else UNDATED
    return [PlaceKey(name, dated, days[0], days[1]) for name in (*features.localities, ANY_PLACE)]


def windows(features: DocFeatures, days: tuple[int, int]) -> tuple[DayWindow, DayWindow]:
    """The day windows of the reports that may report this one's event: dated ones, then undated."""
    start, end = days
    if full(features.headline.date):
        return (DayWindow(DATED, start - DATED_SLACK - LONGEST_EVENT, end + DATED_SLACK, start - DATED_SLACK),
                DayWindow(UNDATED, start - DATED_SLACK, end + UNDATED_SLACK, start - DATED_SLACK))
    return (DayWindow(DATED, start - UNDATED_SLACK - LONGEST_EVENT, end + DATED_SLACK, start - UNDATED_SLACK),
            DayWindow(UNDATED, start - UNDATED_SLACK, end + UNDATED_SLACK, start - UNDATED_SLACK))


def day_range(features: DocFeatures) -> tuple[int, int] | None:
    """The days a report's event covers (its publication day when the event is undated)."""
    event = features.headline
    if full(event.date):
        start = ordinal(event.date)   # type: ignore[arg-type]
        end = ordinal(event.end) if full(event.end) else start   # type: ignore[arg-type]
        return start, max(start, end)
    if full(features.published):
        day = ordinal(features.published)   # type: ignore[arg-type]
        return day, day
    return None

"""Clustering: which documents are copies of one another, and which report one event.

Entry points:

    features_of(extraction)        -> DocFeatures      (kizuna.cluster.features)
    signature(text, lang)          -> MinHash signature (kizuna.cluster.minhash)
    place(features, index)         -> Placement        (below; pure: features in, a decision out)
    place_document(store, extraction) -> Placement     (kizuna.cluster.placing)
    remove_document(store, doc_id)                     (kizuna.cluster.placing)

`place` decides for one new document: is it a near-duplicate of a stored one (then it goes
wherever the original went), else which stored event its headline event joins or whether it
starts a new one, and which larger events (its occasions) that event happened at.
`place_document` runs it against a store: the store (kizuna/store/clusters.py) answers plain
candidate queries with raw rows, placing.py turns them into the `ClusterIndex` answers and hands
the store the rows to write, so adding a document never reclusters the store. The store never
imports this package (tests/store/test_boundaries.py).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import minhash
from .dates import full
from .features import DocFeatures, Happening, features_of, headline_event, holds, settings
from .minhash import signature
from .similarity import score


class ClusterIndex(Protocol):
    """What `place` needs to know about what is already stored."""

    def near_duplicates(self, features: DocFeatures) -> Sequence[tuple[str, str, Any]]:
        """Stored documents sharing an LSH band with this one: (doc_id, lang, MinHash signature)."""
        ...

    def original_of(self, doc_id: str) -> str: ...

    def event_of(self, doc_id: str) -> str | None:
        """The event a stored document's headline event belongs to."""
        ...

    def candidates(self, features: DocFeatures) -> Sequence[tuple[str, Sequence[DocFeatures]]]:
        """Events near this document's headline event in time and place: (event id, member features)."""
        ...


@dataclass(frozen=True, slots=True)
class Join:
    """One event the document belongs to: an existing one (`new` None) or a new one."""
    event_id: str
    new: Happening | None
    features: DocFeatures        # the document as a report of this event
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    doc_id: str
    duplicate_of: str | None
    headline: Join
    occasions: tuple[Join, ...] = field(default_factory=tuple)
    # A stored event that holds the headline event when the article names no larger one
    # (the visit a signing happened during, reported by other articles).
    held_by: str | None = None
    # Stored events that this document's new event holds (a signing reported before the visit).
    parts: tuple[str, ...] = field(default_factory=tuple)
    # Other stored events this report matches as well as the one it joins: one event that was
    # started twice because the report linking them came later (a write-up that names no place
    # and no year, stored before the dated reports of its forum). The store folds them into it.
    absorbed: tuple[str, ...] = field(default_factory=tuple)


def place(features: DocFeatures, index: ClusterIndex) -> Placement:
    """Decide where one new document goes (see the module docstring)."""
    original, copied = _duplicate_of(features, index)
    original_event = index.event_of(original) if original is not None else None
    candidates = index.candidates(features)
    # A copy reports what its original reports, when that event is near in time and place (two
    # years' announcements from one template are alike in words, not one event).
    absorbed: tuple[str, ...] = ()
    if original_event is not None and any(event == original_event for event, _ in candidates):
        headline = Join(original_event, None, features, copied)
    else:
        matching = _matching(features, candidates, settings()["threshold"])
        headline = _join(features, matching)
        if headline.new is None:
            target, absorbed = _folded(features, candidates, matching, headline.event_id)
            headline = Join(target, None, features, matching[target])
    threshold = settings()["occasion_threshold"]
    occasions = tuple(_join(occasion, _matching(occasion, index.candidates(occasion), threshold))
                      for occasion in map(features.as_occasion, features.occasions))
    occasions = tuple(o for o in occasions if o.event_id != headline.event_id)
    nearby = [(event, members) for event, members in (candidates if features.dated else [])
              if event != headline.event_id]
    held_by = None if occasions else next(   # the article names no larger event: a stored one may hold it
        (event for event, members in nearby if any(_holds_report(m, features) for m in members)), None)
    parts = tuple(event for event, members in nearby
                  if any(_holds_report(features, m) for m in members)) if headline.new is not None else ()
    occasions = tuple(o for o in occasions if o.event_id not in absorbed)
    held_by = None if held_by in absorbed else held_by
    parts = tuple(p for p in parts if p not in absorbed)
    return Placement(features.doc_id, original, headline, occasions, held_by, parts, absorbed)


def _has_day(features: DocFeatures) -> bool:
    return full(features.headline.date) or full(features.published)


def _holds_report(whole: DocFeatures, part: DocFeatures) -> bool:
    """A report's event is held by another report's: dates inside a larger (or longer) event,
    fully dated both, the same Vietnamese and Japanese localities involved."""
    if not (whole.dated and part.dated and full(whole.headline.date) and full(part.headline.date)):
        return False
    same_sides = all(set(x) & set(y) for x, y in zip(whole.sides, part.sides))
    return same_sides and holds(whole.headline, part.headline) and not holds(part.headline, whole.headline)


def reuse_ids(placement: Placement, headline_ids: Sequence[str], occasion_ids: Sequence[str]) -> Placement:
    """The placement with its new events given ids that were freed by this very document
    (taken out and placed again on re-extraction), so that event ids stay stable."""
    free_headline, free_occasion = list(headline_ids), list(occasion_ids)

    def reuse(join: Join, free: list[str]) -> Join:
        if join.new is None or not free:
            return join
        return Join(free.pop(0), join.new, join.features, join.score)
    return Placement(placement.doc_id, placement.duplicate_of, reuse(placement.headline, free_headline),
                     tuple(reuse(o, free_occasion) for o in placement.occasions), placement.held_by,
                     placement.parts, placement.absorbed)


def event_id(features: DocFeatures) -> str:
    """A stable id for a new event: it depends only on the document that first reported it."""
    h = features.headline
    key = f"{features.doc_id}|{h.type}|{h.date}|{h.place}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _duplicate_of(features: DocFeatures, index: ClusterIndex) -> tuple[str | None, float]:
    """The original of the stored document this one is a copy of (same language, estimated
    Jaccard similarity at or above the threshold), with that similarity."""
    best, best_similarity = None, settings()["duplicate_threshold"]
    if features.signature is None:
        return None, 0.0
    for doc_id, lang, other in index.near_duplicates(features):
        if lang != features.lang or doc_id == features.doc_id:
            continue
        found = minhash.similarity(features.signature, other)
        if found >= best_similarity:
            best, best_similarity = doc_id, found
    return (index.original_of(best), best_similarity) if best is not None else (None, 0.0)


def _join(features: DocFeatures, matching: dict[str, float]) -> Join:
    """The candidate event this report matches best (`matching`: each at or above the threshold,
    with its score), else a new event."""
    if matching:
        # the best score wins; among equal ones the first candidate (the order they came in)
        best_id = max(matching, key=lambda event: matching[event])
        return Join(best_id, None, features, matching[best_id])
    return Join(event_id(features), features.headline, features)


def _folded(features: DocFeatures, candidates: Sequence[tuple[str, Sequence[DocFeatures]]],
            matching: dict[str, float], joined: str) -> tuple[str, tuple[str, ...]]:
    """The event this report joins and the stored events folded into it: those it matches as well
    (at or above the threshold) that are one event started twice. A report that gives no day (no
    full date, no publication date: a write-up of a forum dated "--11-25") is placed when the
    dated reports of its event may not be stored yet, and starts an event of its own; the report
    that matches both comes later. Only events of this report's kind are folded (a festival, the
    signing at it and the reception on its eve are parts of one occasion, linked as occasions),
    only those with no day, and into the best dated one if any (two dated events that one report
    matches were each compared with the other's reports when placed, and kept apart)."""
    kinds = {event: {m.headline.type for m in members} for event, members in candidates}
    with_day = {event for event, members in candidates if any(_has_day(m) for m in members)}
    own = {features.headline.type}
    same = [event for event in matching if kinds[event] == own]
    if joined not in same or len(same) < 2:
        return joined, ()
    dated = [event for event in same if event in with_day]
    target = joined if joined in with_day or not dated else max(dated, key=lambda event: matching[event])
    return target, tuple(event for event in same if event != target and event not in with_day)


def _matching(features: DocFeatures, candidates: Sequence[tuple[str, Sequence[DocFeatures]]],
              threshold: float) -> dict[str, float]:
    """Each candidate event this report matches, at or above `threshold`, with its best score
    over the event's reports (in the candidates' order)."""
    found_by_event: dict[str, float] = {}
    extra = settings()["dayless_extra"]
    for candidate_id, members in candidates:
        for member in members:
            if member.doc_id == features.doc_id:
                continue
            dayless = not (_has_day(features) and _has_day(member))
            if dayless and not (features.dated and member.dated):
                # no day, and one report names no event at all (a profile of a partnership):
                # nothing says they tell of one happening
                continue
            found = score(features, member)
            # a report that places its event on no day (no full date, no publication date) needs
            # more of the other evidence
            needed = threshold + (extra if dayless else 0.0)
            if found is not None and found >= needed and found > found_by_event.get(candidate_id, 0.0):
                found_by_event[candidate_id] = found
    return found_by_event


from .placing import place_document, remove_document  # last: placing.py uses place and reuse_ids above

__all__ = ["ClusterIndex", "DocFeatures", "Happening", "Join", "Placement", "event_id", "features_of",
           "headline_event", "place", "place_document", "remove_document", "reuse_ids", "signature"]

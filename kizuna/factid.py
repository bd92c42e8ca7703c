"""Stable fact identity: an id derived from what a fact is and where it stands, not a row number.

    ids = FactIds(doc_id, text)
    ids.make("tie", ("Quảng Ninh", "Gunma"), evidence)   # -> "tie-3f9a0c1d2e4b5a69"

The id is a hash of the document id (the sha1 of its cleaned text), the kind of fact, the fact's
identifying value, normalised (names folded: case, diacritics, đ -> d, punctuation), and, for the
kinds a document may state many times (events, figures), the sentence its first evidence span
stands in (that sentence's text, folded and with its spaces collapsed, not its offsets: a wider or
narrower span in the same sentence is the same fact).

What identifies each kind is what the fact is *about*; what a reviewer may correct is left out, so a
correction stays attached when a later kizuna extracts a better value:

    locality      the gazetteer key (one fact per document and unit; every mention is its evidence)
    tie           the Vietnamese and the Japanese locality (the kind is an attribute)
    event         the type, and its sentence (the date and place are attributes)
    person        the name (role, locality, organisation are attributes)
    organization  the name
    figure        the value and the unit, and its sentence

Two facts of one document with the same identity (rare: a figure repeated in one sentence) are told
apart by their order in the document: the second gets `~2` hashed in. The same document
re-extracted by the same or a later kizuna thus gives the same fact the same id; a review of a fact
whose id no longer exists is an orphan (kizuna.curation lists them), never silently dropped.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .text import fold_name, sentence_of, sentences

PREFIXES = {"locality": "loc", "tie": "tie", "event": "evt", "person": "per", "organization": "org",
            "figure": "fig"}
KINDS = tuple(PREFIXES)
BY_PREFIX = {v: k for k, v in PREFIXES.items()}
# The store's fact tables, by kind of fact.
TABLES = {"locality": "mentions", "tie": "ties", "event": "events", "person": "people",
          "organization": "organizations", "figure": "figures"}
ANCHORED = ("event", "figure")   # kinds a document may state several times: their sentence counts
PATTERN = r"^(?:loc|tie|evt|per|org|fig)-[0-9a-f]{16}$"
_ID = re.compile(PATTERN)
_SPACES = re.compile(r"\s+")


def kind_of(fact_id: str) -> str | None:
    """The kind of fact an id names ("tie" for "tie-..."), or None for a string that is no fact id."""
    if not _ID.match(fact_id or ""):
        return None
    return BY_PREFIX[fact_id[:3]]


def identity(kind: str, row: dict[str, Any]) -> tuple[Any, ...]:
    """The normalised identifying value of a fact from its stored or extracted fields."""
    if kind == "locality":
        return (row["key"],)
    if kind == "tie":
        return (fold_name(row["vn"]), fold_name(row["jp"]))
    if kind == "event":
        return (row["type"],)
    if kind in ("person", "organization"):
        return (fold_name(row["name"]),)
    if kind == "figure":
        value = float(row["value"])
        return (repr(int(value)) if value.is_integer() else repr(value), row["unit"])
    raise ValueError(f"not a kind of fact: {kind}")


class FactIds:
    """The ids of one document's facts, made in the order the document's facts come in."""

    def __init__(self, doc_id: str, text: str) -> None:
        self.doc_id = doc_id
        self.text = text
        self._sentences: list[Any] | None = None
        self._seen: Counter[str] = Counter()

    def _anchor(self, starts: Sequence[int]) -> str:
        if not starts:
            return ""
        if self._sentences is None:
            self._sentences = sentences(self.text)
        span = sentence_of(self._sentences, min(starts))
        if span is None:
            return ""
        return _SPACES.sub(" ", fold_name(self.text[span.start:span.end]))

    def make(self, kind: str, row: dict[str, Any], starts: Iterable[int] = ()) -> str:
        """The id of a fact of `kind` with these fields (`row`) and evidence starting at `starts`."""
        anchor = self._anchor(list(starts)) if kind in ANCHORED else ""
        key = json.dumps([self.doc_id, kind, list(identity(kind, row)), anchor], ensure_ascii=False)
        self._seen[key] += 1
        n = self._seen[key]
        if kind == "locality" and n > 1:   # every mention of one unit is one fact
            n = 1
        payload = key if n == 1 else f"{key}~{n}"
        return f"{PREFIXES[kind]}-{hashlib.sha1(payload.encode()).hexdigest()[:16]}"

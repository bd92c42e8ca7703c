"""The store's interface: a Protocol that every backend (SQLite, PostgreSQL) implements,
and the plain rows it returns. Nothing here knows SQL.

Locality filters take *names* ("Long An", "Tây Ninh", "Quang Ninh"): the backend compares them
folded (case, diacritics, đ -> d), so callers never need the exact spelling stored.
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol

from ..errors import UsageError
from ..model import Extraction

AddResult = Literal["new", "unchanged", "updated"]


class MissingStoreError(UsageError):
    """A read was asked of a database file that does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no database at {path}: run `kizuna ingest PATH --db {path}` first")
        self.path = path


class _Row:
    """Rows render the same way everywhere (JSON, CSV, web): as a dict."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Evidence(_Row):
    start: int
    end: int
    text: str   # the slice of the stored clean text the fact rests on


@dataclass(frozen=True, slots=True)
class DocumentRow(_Row):
    id: str
    source: str
    url: str | None
    title: str | None
    lang: str
    published: str | None
    kind: str
    ingested_at: str
    mentions: int = 0          # mentions of the localities asked for (0 when not filtered)
    text: str | None = None    # only from `Store.document`


@dataclass(frozen=True, slots=True)
class LocalityRow(_Row):
    key: str
    name: str
    country: str
    code: str | None
    current: str
    level: str
    documents: int = 0
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class MentionRow(_Row):
    doc_id: str
    key: str
    name: str
    current: str
    start: int
    end: int
    surface: str
    sentence: str       # the sentence the mention stands in, for reading it in context
    title: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class TieRow(_Row):
    doc_id: str
    vn: str
    jp: str
    kind: str
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str


@dataclass(frozen=True, slots=True)
class EventRow(_Row):
    doc_id: str
    type: str
    date: str | None
    end: str | None
    place: str | None
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ClusterSource(_Row):
    """One document of an event: a report of it (`headline`) or one that mentions it as an occasion."""
    doc_id: str
    source: str
    title: str | None
    lang: str
    published: str | None
    url: str | None
    headline: bool
    duplicate_of: str | None = None   # the document this one is a near-copy of
    also: tuple[str, ...] = ()        # other paths or URLs the same text was read from


@dataclass(frozen=True, slots=True)
class ClusterRow(_Row):
    """One event across documents and languages (kizuna.cluster)."""
    id: str
    type: str
    date: str | None
    end: str | None
    place: str | None
    occasion: str | None                     # the id of the larger event it happened at
    localities: tuple[str, ...]              # most reported first
    parts: tuple[str, ...]                   # ids of the events that happened at this one
    documents: tuple[ClusterSource, ...]
    # Merged across the reports, each entry with the ids of the documents that give it (only
    # from `Store.event_cluster`; copies of a report are not counted again).
    people: tuple[dict[str, Any], ...] = ()
    ties: tuple[dict[str, Any], ...] = ()
    figures: tuple[dict[str, Any], ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The source of each document whose headline event this is (every path it was read from)."""
        return tuple(s for d in self.documents if d.headline for s in (d.source, *d.also))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["sources"] = list(self.sources)
        return out


@dataclass(frozen=True, slots=True)
class PersonRow(_Row):
    doc_id: str
    name: str
    role: str | None
    locality: str | None
    organization: str | None
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str


@dataclass(frozen=True, slots=True)
class OrganizationRow(_Row):
    doc_id: str
    name: str
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str


@dataclass(frozen=True, slots=True)
class FigureRow(_Row):
    doc_id: str
    value: float | int
    unit: str
    about: str
    evidence: tuple[Evidence, ...]
    title: str | None
    published: str | None
    source: str


@dataclass(frozen=True, slots=True)
class SectorCount(_Row):
    sector: str
    documents: int


@dataclass(frozen=True, slots=True)
class SearchHit(_Row):
    doc_id: str
    source: str
    title: str | None
    published: str | None
    url: str | None
    snippet: str
    marks: tuple[tuple[int, int], ...]   # matched terms, as [start, end) offsets into `snippet`
    score: float

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with every matched term wrapped in `before` ... `after`."""
        out, last = [], 0
        for start, end in self.marks:
            out += [self.snippet[last:start], before, self.snippet[start:end], after]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)


# -- the clustering index: raw rows the store keeps for kizuna.cluster, which decodes and decides ----

@dataclass(frozen=True, slots=True)
class CopyCandidate:
    """A stored document sharing an LSH band with a new one: its MinHash signature as stored."""
    doc_id: str
    lang: str
    signature: bytes


@dataclass(frozen=True, slots=True)
class MemberHit:
    """A report found by the candidate index, before its features are read: how many of the
    asked names it is indexed under (`hits`) and how many days its first day lies from the
    asked day (`gap`; 0 when no day was asked)."""
    member_id: int
    cluster_id: str
    hits: int
    gap: int


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One report stored in an event (a row of cluster_documents), its features as stored (JSON)."""
    member_id: int
    cluster_id: str
    features: str
    signature: bytes | None   # its document's MinHash (None for a report without one)
    headline: bool = True


@dataclass(frozen=True, slots=True)
class PlaceKey:
    """A row of the date-and-place index of a report: found under `name` between the days."""
    name: str
    dated: int        # a code the clustering chooses (fully dated, dated by publication, no day)
    day_start: int
    day_end: int


@dataclass(frozen=True, slots=True)
class DayWindow:
    """Reports with this `dated` code whose first day lies in [first_from, first_to] and whose
    last day is on or after last_from."""
    dated: int
    first_from: int
    first_to: int
    last_from: int


@dataclass(frozen=True, slots=True)
class EventHead:
    """What an event is, as the clustering decided it: type, dates, place."""
    type: str
    date: str | None
    end: str | None
    place: str | None


Names = Iterable[str] | None


class Store(Protocol):
    """What the CLI, the API and the web app may ask of a knowledge base."""

    path: str

    def atomic(self) -> AbstractContextManager[None]:
        """A transaction; nested calls are savepoints. An exception inside rolls it all back."""
        ...

    def add(self, extraction: Extraction) -> AddResult:
        """Store one document with all its facts, in one transaction (or savepoint)."""
        ...

    def place(self, extraction: Extraction) -> None:
        """(Re)place a stored document among the events and near-duplicates."""
        ...

    def delete(self, doc_id: str) -> None: ...

    def document_ids(self, since: str | None = None) -> list[str]:
        """Stored documents in the order they first came in (ingested on or after `since`)."""
        ...

    def has(self, doc_id: str) -> bool: ...

    def document(self, doc_id: str) -> DocumentRow | None: ...

    def raw(self, doc_id: str) -> bytes | None:
        """The original bytes of a document, decompressed."""
        ...

    def documents(self, limit: int | None = None) -> list[DocumentRow]: ...

    def localities(self, country: str | None = None) -> list[LocalityRow]:
        """Every mentioned locality with its document and mention counts."""
        ...

    def find_localities(self, name: str) -> list[LocalityRow]:
        """Stored units whose name or current name equals `name` (folded)."""
        ...

    def locality_documents(self, names: Iterable[str], keys: Iterable[str] = ()) -> list[DocumentRow]:
        """Documents mentioning the units with these keys (if given) or else these names."""
        ...

    def mentions_of(self, names: Iterable[str], keys: Iterable[str] = (),
                    limit: int | None = None) -> list[MentionRow]: ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

    def ties(self, names: Names = None) -> list[TieRow]: ...

    def events(self, names: Names = None, since: str | None = None) -> list[EventRow]:
        """Events as each document reports them (one row per document and event)."""
        ...

    @property
    def clusters(self) -> Any:
        """kizuna.store.clusters.ClusterTables: the SQL of events across documents and near-duplicates
        (kizuna.cluster.place_document decides what they hold)."""
        ...

    def event_clusters(self, names: Names = None, since: str | None = None, until: str | None = None,
                       type: str | None = None, limit: int | None = None, offset: int = 0) -> list[ClusterRow]:
        """Events across documents, newest first."""
        ...

    def event_cluster(self, cluster_id: str) -> ClusterRow | None: ...

    def people(self, names: Names = None) -> list[PersonRow]: ...

    def organizations(self, names: Names = None) -> list[OrganizationRow]: ...

    def figures(self, names: Names = None) -> list[FigureRow]: ...

    def sectors_of(self, names: Names = None) -> list[SectorCount]: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...

"""What each page shows, computed once and rendered twice: as HTML (pages.py) and JSON (api.py)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .. import factid
from ..query import UnknownLocality, browse, resolve
from ..store import SQLStore
from ..text import fold_name
from . import geo, security

PROFILE_ROWS = 50          # rows of each section of a locality profile (the full lists are linked)
NEWEST_EVENTS = 10
MAP_LINES = 300            # the most reported pairs drawn on the map; beyond, lines hide each other


def event_key(event_id: str) -> int | str | None:
    """One document's event in a URL: its stable fact id (evt-...) or its row number; None for the
    id of an event across documents (ev-...)."""
    if event_id.isdigit():
        return int(event_id)
    return event_id if factid.kind_of(event_id) == "event" else None


# -- overview and map ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MapPoint:
    name: str
    country: str
    x: float
    y: float
    documents: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class MapLine:
    vn: str
    jp: str
    kind: str
    documents: int
    events: int
    path: str
    width: float


@dataclass(frozen=True, slots=True)
class MapData:
    width: int
    height: int
    points: list[MapPoint]
    lines: list[MapLine]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def map_data(pairs: list[browse.TiePair], localities: list[browse.LocalityItem]) -> MapData:
    """Points for the localities the news names, lines for the ties between them."""
    points: dict[str, MapPoint] = {}
    for loc in localities:
        where = geo.place(loc.name, loc.country, loc.key)
        if where is None or fold_name(loc.name) in points:
            continue
        x, y = where.xy
        points[fold_name(loc.name)] = MapPoint(loc.name, loc.country, x, y, loc.documents,
                                               where.lat, where.lon)
    lines = []
    most = max((p.events for p in pairs), default=1) or 1
    for pair in pairs[:MAP_LINES]:   # pairs come most reported first
        a, b = geo.place(pair.vn, "VN"), geo.place(pair.jp, "JP")
        if a is None or b is None:
            continue
        width = 1 + 5 * (pair.events / most) ** 0.5   # area-like growth: many events, not a wall
        lines.append(MapLine(pair.vn, pair.jp, pair.kind, pair.documents, pair.events,
                             geo.curve(a.xy, b.xy), round(width, 1)))
    return MapData(geo.WIDTH, geo.HEIGHT, list(points.values()), lines)


@dataclass(frozen=True, slots=True)
class Overview:
    counts: dict[str, int]
    events: list[Any]
    localities: list[browse.LocalityItem]
    pairs: list[browse.TiePair]
    languages: list[tuple[str, int]]
    map: MapData

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "events": [e.to_dict() for e in self.events],
                "localities": [loc.to_dict() for loc in self.localities],
                "pairs": [p.to_dict() for p in self.pairs],
                "languages": [{"lang": lang, "documents": n} for lang, n in self.languages],
                "map": self.map.to_dict()}


def overview(store: SQLStore, cached: Any) -> Overview:
    """`cached(name, compute)` keeps whole-database aggregates between requests."""
    pairs = cached("pairs", lambda s: browse.tie_pairs(s, browse.Filters()))
    localities = cached("localities", lambda s: browse.localities(s, browse.Filters()))
    return Overview(counts=cached("counts", browse.counts),
                    events=events(store, browse.Filters(), NEWEST_EVENTS, count=False).items,
                    localities=localities, pairs=pairs, languages=cached("languages", browse.languages),
                    map=cached("map", lambda s: map_data(pairs, localities)))


def events(store: SQLStore, filters: browse.Filters, limit: int, offset: int = 0,
           count: bool = True) -> browse.Page[Any]:
    """Events across documents when the store has them (kizuna.cluster), else each document's own."""
    if browse.has_clusters(store):
        return browse.clusters(store, filters, limit, offset, count)
    return browse.facts(store, "events", filters, limit, offset, count)


# -- lists: a page read each time, its total counted once per database version -------------------
# Counting a whole list costs more than reading one page of it (every row of 100,000 against the
# reviews), and the total is the same for every page and every visitor until the database changes.

def total(cached: Any, what: str, filters: browse.Filters, count: Any) -> int:
    return cached(f"{what}:{filters!r}", count, shelf="totals")  # type: ignore[no-any-return]


def event_list(store: SQLStore, cached: Any, filters: browse.Filters, limit: int,
               offset: int = 0) -> browse.Page[Any]:
    page = events(store, filters, limit, offset, count=False)
    if browse.has_clusters(store):
        return replace(page, total=total(cached, "clusters", filters, lambda s: browse.count_clusters(s, filters)))
    return replace(page, total=total(cached, "events", filters, lambda s: browse.count_facts(s, "events", filters)))


def fact_list(store: SQLStore, cached: Any, kind: str, filters: browse.Filters, limit: int,
              offset: int = 0) -> browse.Page[browse.FactItem]:
    page = browse.facts(store, kind, filters, limit, offset, count=False)
    return replace(page, total=total(cached, kind, filters, lambda s: browse.count_facts(s, kind, filters)))


def document_list(store: SQLStore, cached: Any, filters: browse.Filters, limit: int,
                  offset: int = 0) -> browse.Page[Any]:
    page = browse.documents(store, filters, limit, offset, count=False)
    return replace(page, total=total(cached, "documents", filters, lambda s: browse.count_documents(s, filters)))


# -- locality profile ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Member:
    """A unit whose facts belong to the profile: the locality itself or an old unit merged into it."""
    key: str
    name: str
    current: str
    merged: bool
    documents: int
    ties: int


@dataclass(frozen=True, slots=True)
class LocalityProfile:
    name: str
    country: str
    code: str | None
    level: str
    merged_into: str | None
    merged_on: str | None
    members: list[Member]
    partners: list[browse.TiePair]
    events: browse.Page[Any]
    people: browse.Page[browse.FactItem]
    organizations: browse.Page[browse.FactItem]
    figures: browse.Page[browse.FactItem]
    sectors: list[tuple[str, int]]
    sources: browse.Page[Any]
    names: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        def page(p: browse.Page[Any]) -> dict[str, Any]:
            return {"total": p.total, "items": [i.to_dict() for i in p.items]}
        return {"name": self.name, "country": self.country, "code": self.code, "level": self.level,
                "merged_into": self.merged_into, "merged_on": self.merged_on,
                "members": [asdict(m) for m in self.members], "names": list(self.names),
                "partners": [p.to_dict() for p in self.partners], "events": page(self.events),
                "people": page(self.people), "organizations": page(self.organizations),
                "figures": page(self.figures), "sources": page(self.sources),
                "sectors": [{"sector": s, "documents": n} for s, n in self.sectors]}


def locality_profile(store: SQLStore, name: str, everywhere: list[browse.LocalityItem] | None = None,
                     all_pairs: list[browse.TiePair] | None = None) -> LocalityProfile:
    """Everything about one locality, each list cut to its first rows; raises UnknownLocality.

    `everywhere` and `all_pairs` (every locality, every pair: the overview's cached aggregates)
    spare two whole-database queries; a locality's share of them is picked here."""
    found = resolve(store, name)
    names = found.names
    folds = {fold_name(n) for n in names}
    filters = browse.Filters(localities=names)
    if everywhere is None:
        everywhere = browse.localities(store, filters)
    stored = {fold_name(i.name): i for i in everywhere if fold_name(i.name) in folds}
    if all_pairs is None:
        all_pairs = browse.tie_pairs(store, filters)
    partners = [p for p in all_pairs if fold_name(p.vn) in folds or fold_name(p.jp) in folds]
    members = []
    for unit in found.members:
        row = stored.get(fold_name(unit.name))
        ties = sum(p.documents for p in partners if fold_name(p.vn) == fold_name(unit.name)
                   or fold_name(p.jp) == fold_name(unit.name))
        members.append(Member(unit.key, unit.name, unit.current, unit.merged,
                              row.documents if row else 0, ties))
    if not any(m.documents for m in members) and not partners:
        raise UnknownLocality(name)   # a real place the news never named: nothing to show
    u = found.unit
    return LocalityProfile(
        name=u.name, country=u.country, code=u.code, level=u.level, merged_into=found.merged_into,
        merged_on=found.merged_on, members=members, partners=partners,
        events=events(store, filters, PROFILE_ROWS),
        people=browse.facts(store, "people", filters, PROFILE_ROWS),
        organizations=browse.facts(store, "organizations", filters, PROFILE_ROWS),
        figures=browse.facts(store, "figures", filters, PROFILE_ROWS),
        sectors=browse.sectors(store, filters), sources=browse.documents(store, filters, PROFILE_ROWS),
        names=names)


def localities(store: SQLStore, cached: Any, filters: browse.Filters,
               name: str | None = None) -> list[browse.LocalityItem]:
    """Localities with their counts: unfiltered, the cached list (a whole-database aggregate)."""
    if filters != browse.Filters():
        return browse.localities(store, filters, name)
    everywhere = cached("localities", lambda s: browse.localities(s, browse.Filters()))
    wanted = fold_name(name) if name else ""
    return [i for i in everywhere if wanted in fold_name(i.name) or wanted in fold_name(i.current)]


def pairs(store: SQLStore, cached: Any, filters: browse.Filters) -> list[browse.TiePair]:
    if filters != browse.Filters():
        return browse.tie_pairs(store, filters)
    return cached("pairs", lambda s: browse.tie_pairs(s, browse.Filters()))  # type: ignore[no-any-return]


def cached_profile(cached: Any, name: str) -> LocalityProfile:
    """A profile is the costliest page (every section of a busy province) and the same for every
    visitor: it is kept, per spelling asked, until the database changes."""
    everywhere = cached("localities", lambda s: browse.localities(s, browse.Filters()))
    all_pairs = cached("pairs", lambda s: browse.tie_pairs(s, browse.Filters()))
    return cached(f"profile:{fold_name(name)}",  # type: ignore[no-any-return]
                  lambda store: locality_profile(store, name, everywhere, all_pairs))


def entities(store: SQLStore, cached: Any, q: str) -> list[browse.EntityHit]:
    everywhere = cached("localities", lambda s: browse.localities(s, browse.Filters()))
    return cached(f"entities:{q}",  # type: ignore[no-any-return]
                  lambda s: browse.search_entities(s, q, known=everywhere), shelf="searches")


def search(store: SQLStore, cached: Any, q: str, filters: browse.Filters, limit: int,
           offset: int = 0) -> browse.Page[browse.Hit]:
    """A page of search results, kept until the database changes (a common word ranks tens of
    thousands of matches); downloads, up to security.MAX_DOWNLOAD rows, are not kept."""
    if limit > security.MAX_PAGE:
        return browse.search(store, q, filters, limit, offset)
    return cached(f"search:{q}:{filters!r}:{limit}:{offset}",  # type: ignore[no-any-return]
                  lambda s: browse.search(s, q, filters, limit, offset), shelf="searches")


# -- tie -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TieStep:
    """One document's account of the pair: the tie, its kind, and the events it reports."""
    tie: browse.FactItem
    events: list[browse.FactItem]

    @property
    def date(self) -> str | None:
        """When it happened: the first dated event the report tells, else its publication."""
        dated = sorted(e.fields["date"] for e in self.events if e.fields.get("date"))
        return dated[0] if dated else self.tie.published


@dataclass(frozen=True, slots=True)
class TieHistory:
    vn: str
    jp: str
    vn_names: tuple[str, ...]
    jp_names: tuple[str, ...]
    steps: list[TieStep]

    def to_dict(self) -> dict[str, Any]:
        history = [{**s.tie.to_dict(), "date": s.date, "events": [e.to_dict() for e in s.events]}
                   for s in self.steps]
        return {"vn": self.vn, "jp": self.jp, "vn_names": list(self.vn_names),
                "jp_names": list(self.jp_names), "history": history}


def tie_history(store: SQLStore, vn: str, jp: str) -> TieHistory | None:
    a, b = resolve(store, vn), resolve(store, jp)
    if a.unit.country == "JP" and b.unit.country == "VN":
        a, b = b, a
    ties = browse.tie_history(store, a.names, b.names)
    if not ties:
        return None
    events = browse.events_of_documents(store, [t.doc_id for t in ties])
    steps = [TieStep(t, events.get(t.doc_id, [])) for t in ties]
    steps.sort(key=lambda step: (step.date is None, step.date or "", step.tie.id))   # oldest first
    return TieHistory(a.unit.name, b.unit.name, a.names, b.names, steps)


# -- document with highlighted evidence ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the text covered by the same facts (indexes into the document's fact list, the
    fact with the shortest span first: a name inside a sentence is what the reader points at)."""
    text: str
    facts: tuple[int, ...]


def segments(text: str, facts: list[browse.DocFact]) -> list[Segment]:
    """Cut the text at every evidence boundary, so that overlapping facts can all be shown."""
    cuts = {0, len(text)}
    for fact in facts:
        for e in fact.evidence:
            cuts.update((e.start, e.end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for start, end in zip(bounds, bounds[1:]):
        covering = []
        for i, f in enumerate(facts):
            sizes = [e.end - e.start for e in f.evidence if e.start <= start and end <= e.end]
            if sizes:
                covering.append((min(sizes), i))
        out.append(Segment(text[start:end], tuple(i for _, i in sorted(covering))))
    return out


def marked(snippet: str, marks: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) runs, for rendering matches without raw HTML."""
    out, last = [], 0
    for start, end in sorted(marks):
        if start < last or end > len(snippet):
            continue
        out += [(snippet[last:start], False), (snippet[start:end], True)]
        last = end
    out.append((snippet[last:], False))
    return [(t, m) for t, m in out if t]

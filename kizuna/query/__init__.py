"""Read-side questions over the store, shared by the CLI and (later) the web app: each function
computes its answer once, as plain dataclasses; the caller only renders it.

Every `locality` argument takes any spelling of an old or a new name: the facts of today's
Tây Ninh include those stored under the old Long An.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..errors import UsageError
from ..store import (
    ClusterRow,
    DocumentRow,
    EventRow,
    FigureRow,
    LocalityRow,
    MentionRow,
    OrganizationRow,
    PersonRow,
    SearchHit,
    SectorCount,
    Store,
    TieRow,
    browse,
)
from ..store.browse import EventCluster
from .resolve import Resolution, Unit, UnknownLocality, resolve

MENTIONS_PER_UNIT = 50   # a profile lists at most this many mentions of each unit


@dataclass(frozen=True, slots=True)
class UnitReport:
    """One unit inside a profile, with the documents and mentions that name it."""
    unit: Unit
    documents: list[DocumentRow]
    mentions: list[MentionRow]


@dataclass(frozen=True, slots=True)
class Profile:
    unit: Unit
    merged_into: str | None
    merged_on: str | None
    units: list[UnitReport]
    ties: list[TieRow]
    events: list[EventRow]
    people: list[PersonRow]
    organizations: list[OrganizationRow]
    figures: list[FigureRow]
    sectors: list[SectorCount]
    sources: list[DocumentRow]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def localities(store: Store, country: str | None = None) -> list[LocalityRow]:
    """Each mentioned locality with its document and mention counts, most covered first."""
    return store.localities(country)


def profile(store: Store, name: str) -> Profile:
    """Everything the database knows of one locality; raises UnknownLocality."""
    found = resolve(store, name)
    names = found.names
    units = [UnitReport(u, store.locality_documents([u.name], keys=[u.key]),
                        store.mentions_of([u.name], keys=[u.key], limit=MENTIONS_PER_UNIT))
             for u in found.members]
    sources = {d.id: d for report in units for d in report.documents}
    return Profile(unit=found.unit, merged_into=found.merged_into, merged_on=found.merged_on, units=units,
                   ties=store.ties(names), events=store.events(names), people=store.people(names),
                   organizations=store.organizations(names), figures=store.figures(names),
                   sectors=store.sectors_of(names),
                   sources=sorted(sources.values(), key=lambda d: (d.published or "", d.id), reverse=True))


def search(store: Store, q: str, limit: int = 20) -> list[SearchHit]:
    """Documents matching every word of `q`, case and diacritics ignored, best first."""
    return store.search(q, limit)


def ties(store: Store, locality: str | None = None) -> list[TieRow]:
    return store.ties(_names(store, locality))


def events(store: Store, locality: str | None = None, since: str | None = None) -> list[EventRow]:
    return store.events(_names(store, locality), since=since)


def clustered_events(store: Store, locality: str | None = None, since: str | None = None,
                     until: str | None = None, type: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[ClusterRow]:
    """Events across documents and languages (each once, with all its reports), newest first."""
    return store.event_clusters(_names(store, locality), since=since, until=until, type=type, limit=limit,
                                offset=offset)


def event(store: Store, event_id: str, rejected: bool = False) -> EventCluster:
    """One event as the lists show it (people's reviews applied: corrections with the machine's values
    beside them, the reports, people, pairs and figures of the events merged into it, the reports split
    off it left out), with its reports, merged people and occasion.

    As the lists leave out rejected events and those merged into another unless rejected ones are
    asked for, so does this: raises RejectedEvent or MergedEvent (naming the event it is listed as)
    unless `rejected`; raises UnknownEvent."""
    found = browse.cluster(store, event_id.strip())   # type: ignore[arg-type]
    if found is None:
        raise UnknownEvent(event_id)
    if not rejected and found.rejected:
        raise RejectedEvent(found.id)
    if not rejected and found.listed_as is not None:
        raise MergedEvent(found.id, found.listed_as)
    return found


class UnknownEvent(UsageError):
    def __init__(self, event_id: str) -> None:
        super().__init__(f"no event with id {event_id!r}: `kizuna events` lists the ids")


class RejectedEvent(UsageError):
    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(f"event {event_id} was rejected by a reviewer and is not listed; "
                         "ask for rejected events to see it (`--include-rejected`, `include=rejected`)")


class MergedEvent(UsageError):
    def __init__(self, event_id: str, into: str) -> None:
        self.event_id, self.into = event_id, into
        super().__init__(f"event {event_id} was merged into {into} by a reviewer: it is listed as {into}")


def people(store: Store, locality: str | None = None) -> list[PersonRow]:
    return store.people(_names(store, locality))


def figures(store: Store, locality: str | None = None) -> list[FigureRow]:
    return store.figures(_names(store, locality))


def organizations(store: Store, locality: str | None = None) -> list[OrganizationRow]:
    return store.organizations(_names(store, locality))


def _names(store: Store, locality: str | None) -> tuple[str, ...] | None:
    return None if locality is None else resolve(store, locality).names


__all__ = ["MergedEvent", "Profile", "RejectedEvent", "Resolution", "Unit", "UnitReport", "UnknownEvent", "UnknownLocality", "clustered_events",
           "event", "events", "figures",
           "localities", "organizations", "people", "profile", "resolve", "search", "ties"]

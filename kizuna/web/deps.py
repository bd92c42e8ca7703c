"""Request parameters shared by the API and the pages, declared once with their bounds."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from fastapi import Depends, Query, Request

from ..query import browse, resolve
from ..store import SQLStore
from . import security

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EVENT_TYPES = ("visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other")
SECTORS = ("agriculture", "food", "manufacturing", "semiconductors", "digital", "science_technology",
           "energy_environment", "minerals", "education_training", "labour", "healthcare", "tourism",
           "culture_exchange", "trade_investment", "infrastructure", "disaster_prevention")

Country = Enum("Country", {"VN": "VN", "JP": "JP"}, type=str)           # type: ignore[misc]
EventType = Enum("EventType", {t: t for t in EVENT_TYPES}, type=str)     # type: ignore[misc]
Sector = Enum("Sector", {s: s for s in SECTORS}, type=str)               # type: ignore[misc]


class Include(str, Enum):
    rejected = "rejected"


class Format(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


def store(request: Request) -> Iterator[SQLStore]:
    """A read-only store lent to this request."""
    with request.app.state.pool.store() as lent:
        yield lent


StoreDep = Annotated[SQLStore, Depends(store)]
Text = Annotated[str | None, Query(max_length=security.MAX_QUERY)]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The filters of a list as the user gave them (for links) and as the store takes them."""
    locality: str | None
    filters: browse.Filters

    def params(self) -> dict[str, str]:
        f = self.filters
        raw = {"locality": self.locality, "country": f.country, "since": f.since, "until": f.until,
               "sector": f.sector, "event_type": f.event_type, "language": f.lang,
               "include": "rejected" if f.rejected else None}
        return {k: v for k, v in raw.items() if v}


def list_query(db: StoreDep,
               locality: Annotated[str | None, Query(max_length=security.MAX_QUERY,
                                                     description="A province or prefecture, any spelling, "
                                                                 "old or new name.")] = None,
               country: Annotated[Country | None, Query()] = None,
               since: Annotated[str | None, Query(pattern=DATE,
                                                  description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
               until: Annotated[str | None, Query(pattern=DATE)] = None,
               sector: Annotated[Sector | None, Query()] = None,
               event_type: Annotated[EventType | None, Query()] = None,
               language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$",
                                                     description="Language of the documents (ISO 639-1); "
                                                                 "`lang` is the interface's.")] = None,
               include: Annotated[Include | None, Query(description="`rejected`: also the facts people "
                                                                    "rejected (marked so)")] = None,
               ) -> ListQuery:
    names = resolve(db, locality).names if locality and locality.strip() else None
    filters = browse.Filters(localities=names, country=country.value if country else None, since=since,
                             until=until, sector=sector.value if sector else None,
                             event_type=event_type.value if event_type else None, lang=language,
                             rejected=include == Include.rejected)
    return ListQuery(locality.strip() if locality and locality.strip() else None, filters)


ListQueryDep = Annotated[ListQuery, Depends(list_query)]
# One item's `include`: `rejected` shows it though people rejected it (or merged it into another).
IncludeDep = Annotated[Include | None, Query(description="`rejected`: shown even if people rejected it or "
                                                         "merged it into another (marked so)")]


@dataclass(frozen=True, slots=True)
class Paging:
    limit: int
    offset: int
    format: Format


def paging(limit: Annotated[int, Query(ge=1, le=security.MAX_DOWNLOAD,
                                       description=f"Rows per page: at most {security.MAX_PAGE} for JSON "
                                                   f"and pages (larger values are reduced), "
                                                   f"{security.MAX_DOWNLOAD} for CSV and JSON Lines.")]
           = security.DEFAULT_PAGE,
           offset: Annotated[int, Query(ge=0, le=security.MAX_OFFSET)] = 0,
           format: Annotated[Format, Query()] = Format.json) -> Paging:
    # A JSON page (or an HTML one) holds at most MAX_PAGE rows: a larger limit is reduced, and the
    # answer says which limit it used. Downloads may hold up to MAX_DOWNLOAD.
    if format == Format.json:
        limit = min(limit, security.MAX_PAGE)
    return Paging(limit, offset, format)


PagingDep = Annotated[Paging, Depends(paging)]


class GeoFormat(str, Enum):
    """The formats of the lists that can be drawn on a map (/api/localities, /api/ties)."""
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"   # every row (no paging), as a GeoJSON FeatureCollection


@dataclass(frozen=True, slots=True)
class GeoPaging:
    paging: Paging
    geojson: bool


def geo_paging(limit: Annotated[int, Query(ge=1, le=security.MAX_DOWNLOAD)] = security.DEFAULT_PAGE,
               offset: Annotated[int, Query(ge=0, le=security.MAX_OFFSET)] = 0,
               format: Annotated[GeoFormat, Query(description="geojson: every row as a FeatureCollection")]
               = GeoFormat.json) -> GeoPaging:
    if format == GeoFormat.geojson:
        return GeoPaging(paging(limit, offset, Format.json), True)
    return GeoPaging(paging(limit, offset, Format(format.value)), False)


GeoPagingDep = Annotated[GeoPaging, Depends(geo_paging)]

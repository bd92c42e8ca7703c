"""Partner matching, digests, Atom feeds, GeoJSON and charts in the web application: each page calls
the same query as its /api twin (kizuna.query.partners, .digest, .exports)."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response

from ..errors import UsageError
from ..query import UnknownLocality, browse, exports
from ..query import digest as digest_query
from ..query import partners as partners_query
from ..query.resolve import resolve
from . import charts, security
from .api import ERRORS, csv_text, download
from .deps import DATE, SECTORS, Country, Format, Sector, StoreDep

router = APIRouter()
Name = Annotated[str, Path(max_length=security.MAX_QUERY, description="Any spelling, old or new name.")]
LocalityQ = Annotated[str, Query(min_length=1, max_length=security.MAX_QUERY,
                                 description="A province or prefecture, any spelling, old or new name.")]
SectorQ = Annotated[str | None, Query(max_length=security.MAX_QUERY,
                                      description="A sector label or a word of one in any language "
                                                  "(\"hi-tech agriculture\", \"nông nghiệp\").")]
SinceQ = Annotated[str | None, Query(pattern=DATE[:-1] + "$", description="YYYY, YYYY-MM or YYYY-MM-DD")]
DIGEST_DAYS = 30          # the digest page's default: what is new in the last month
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
GEOJSON = "application/geo+json"


def _index(request: Request) -> partners_query.Index:
    return request.app.state.pool.cached(  # type: ignore[no-any-return]
        "partners-index", partners_query.load_index)


def _snapshot(request: Request) -> partners_query.Snapshot:
    return _index(request).snap


def _ranking(request: Request, db: Any, locality: str, sector: str | None, country: Any,
             include_existing: bool, limit: int) -> partners_query.Ranking:
    try:
        return partners_query.partners(db, locality, sector=sector or None,
                                       country=country.value if country else None,
                                       include_existing=include_existing, limit=limit, index=_index(request))
    except UnknownLocality:
        raise
    except UsageError as err:   # an unknown sector, partners asked of the locality's own country
        raise _invalid("sector" if "sector" in str(err) else "country", str(err)) from None


def _invalid(param: str, message: str) -> RequestValidationError:
    """A refusal in FastAPI's own 422 shape (the one the OpenAPI description promises)."""
    return RequestValidationError([{"loc": ["query", param], "type": "value_error", "msg": message}])


# -- partners ------------------------------------------------------------------------------------

# The ranking as JSON, or downloads with `format` (so the description names all three media types).
PARTNERS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"description": "The ranking (JSON), or a download: CSV (one row per reason), JSON Lines (one candidate "
                         "a line)",
          "content": {"application/json": {"schema": {"type": "object", "required": ["locality", "candidates"]}},
                      "text/csv": {"schema": {"type": "string"}},
                      "application/x-ndjson": {"schema": {"type": "string"}}}},
}


@router.get("/api/partners", tags=["api"], responses=PARTNERS,
            summary="Partner candidates for a locality, best first, each with reasons citing documents")
def api_partners(request: Request, db: StoreDep, locality: LocalityQ,
                 sector: Annotated[Sector | None, Query()] = None,
                 country: Annotated[Country | None, Query(description="The partners' country (the other one)")]
                 = None, include_existing: bool = False,
                 limit: Annotated[int, Query(ge=1, le=100)] = 10,
                 format: Annotated[Format, Query(description="json; csv (one row per reason) or jsonl "
                                                             "(one candidate a line) to download")] = Format.json,
                 ) -> Any:
    try:
        ranking = _ranking(request, db, locality, sector.value if sector else None, country, include_existing,
                           limit)
    except RequestValidationError as err:   # partners of the locality's own country: there are none
        ranking = None
        answer = {"locality": locality, "country": country.value if country else None,
                  "sector": sector.value if sector else None, "note": str(err.errors()[0]["msg"]), "candidates": []}
    if format == Format.csv:
        return download(csv_text(partners_query.reason_rows(ranking) if ranking else []),
                        "text/csv; charset=utf-8", "kizuna-partners.csv")
    if format == Format.jsonl:
        lines = [{"locality": ranking.locality, **c.to_dict()} for c in ranking.candidates] if ranking else []
        return download("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines),
                        "application/x-ndjson; charset=utf-8", "kizuna-partners.jsonl")
    return ranking.to_dict() if ranking else answer


@router.get("/partners/{name}", response_class=HTMLResponse, include_in_schema=False)
def partners_page(request: Request, db: StoreDep, name: Name, sector: SectorQ = None,
                  include_existing: bool = False) -> HTMLResponse:
    from .pages import render
    ranking = _ranking(request, db, name, sector, None, include_existing, 10)
    return render(request, "partners.html", r=ranking, asked=name, include_existing=include_existing,
                  sector_choices=SECTORS)


# -- digests and feeds ---------------------------------------------------------------------------

def _since(since: str | None) -> str:
    return since or (date.today() - timedelta(days=DIGEST_DAYS)).isoformat()


@router.get("/api/digest", tags=["api"], responses=ERRORS,
            summary="What is new since a date: events, ties, people, figures, each with its source")
def api_digest(request: Request, db: StoreDep, locality: Annotated[str | None, Query(
                   max_length=security.MAX_QUERY)] = None, since: SinceQ = None,
               sector: Annotated[Sector | None, Query()] = None) -> dict[str, Any]:
    found = digest_query.digest(db, locality or None, _since(since), sector=sector.value if sector else None,
                                snap=_snapshot(request))
    return found.to_dict()


@router.get("/digest", response_class=HTMLResponse, include_in_schema=False)
def digest_page(request: Request, db: StoreDep, locality: Annotated[str | None, Query(
                    max_length=security.MAX_QUERY)] = None, since: SinceQ = None,
                sector: Annotated[Sector | None, Query()] = None) -> HTMLResponse:
    from .pages import render
    found = digest_query.digest(db, locality or None, _since(since), sector=sector.value if sector else None,
                                snap=_snapshot(request))
    return render(request, "digest.html", d=found, locality=locality or "")


class AtomResponse(Response):
    """An Atom document; its media type is what the OpenAPI description gives the feeds' 200."""
    media_type = "application/atom+xml"


# The feeds are described in /openapi.json (and so on /docs) beside the JSON API, but their errors
# are pages, as every non-API path's: described so, for clients and for schemathesis.
_PAGE = {"text/html": {"schema": {"type": "string"}}}
SECTOR_FEED: dict[int | str, dict[str, Any]] = {
    200: {"description": "An Atom 1.0 feed (RFC 4287): one entry per event, newest first, "
                         f"at most {FEED_ENTRIES}, each linking to its event page"},
    414: {"description": "Request URL too long", "content": {"text/plain": {"schema": {"type": "string"}}}},
    422: {"description": "Not a sector, or not a valid name (an HTML page)", "content": _PAGE},
}
LOCALITY_FEED = {**SECTOR_FEED, 404: {"description": "No such locality (an HTML page)", "content": _PAGE}}


@router.get("/feeds/localities/{name}.atom", tags=["feeds"], response_class=AtomResponse,
            summary="An Atom feed of a locality's events (each entry links to its event page)",
            responses=LOCALITY_FEED)
def locality_feed(request: Request, db: StoreDep, name: Name) -> Response:
    found = digest_query.digest(db, name, "0000", snap=_snapshot(request))
    unit = resolve(db, name).unit.name
    # the feed's id is its unit's, whatever spelling was asked, and a valid IRI (no spaces)
    return _atom(request, f"kizuna: {unit}", f"localities/{quote(unit, safe='')}", found)


@router.get("/feeds/sectors/{name}.atom", tags=["feeds"], response_class=AtomResponse,
            summary="An Atom feed of the events of one sector (the sectors of /api/digest?sector=)",
            responses=SECTOR_FEED)
def sector_feed(request: Request, db: StoreDep, name: Annotated[Sector, Path()]) -> Response:
    found = digest_query.digest(db, None, "0000", sector=name.value, snap=_snapshot(request))
    return _atom(request, f"kizuna: {name.value.replace('_', ' ')}", f"sectors/{name.value}", found)


def _atom(request: Request, title: str, path: str, found: digest_query.Digest) -> Response:
    """Atom 1.0 (RFC 4287), one entry per event (an event reported by several documents once)."""
    base = str(request.base_url).rstrip("/")
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "id").text = f"{base}/feeds/{path}.atom"
    ET.SubElement(feed, "link", rel="self", href=f"{base}/feeds/{path}.atom", type="application/atom+xml")
    ET.SubElement(feed, "link", rel="alternate", href=f"{base}/", type="text/html")
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "kizuna"
    ET.SubElement(feed, "generator").text = "kizuna"
    events = found.of("event")[:FEED_ENTRIES]
    stamps = [_stamp(e.source.published or e.date) for e in events]
    ET.SubElement(feed, "updated").text = max(stamps) if stamps else _stamp(None)
    for item, stamp in zip(events, stamps):
        entry = ET.SubElement(feed, "entry")
        url = f"{base}{item.event_url}"
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "title").text = item.summary
        ET.SubElement(entry, "link", rel="alternate", href=url, type="text/html")
        ET.SubElement(entry, "link", rel="related", href=f"{base}{item.source.link}", type="text/html")
        ET.SubElement(entry, "updated").text = stamp
        if item.source.published:
            ET.SubElement(entry, "published").text = _stamp(item.source.published)
        summary = item.source.sentence
        if item.source.title:
            summary += f" — {item.source.title}"
        ET.SubElement(entry, "summary", type="text").text = summary
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return AtomResponse('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                        media_type="application/atom+xml; charset=utf-8")


def _stamp(day: str | None) -> str:
    """An RFC 3339 time for a date that may lack its day or month (midnight UTC of its first day)."""
    if day:
        parts = (day[:10].split("-") + ["01", "01"])[:3]
        try:
            return datetime(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1),
                            tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            pass
    return "1970-01-01T00:00:00Z"


# -- GeoJSON -------------------------------------------------------------------------------------

def geojson_response(body: dict[str, Any], filename: str) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), media_type=GEOJSON,
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def localities_geojson(items: list[browse.LocalityItem]) -> Response:
    return geojson_response(exports.localities_geojson(items), "kizuna-localities.geojson")


def ties_geojson(pairs: list[browse.TiePair]) -> Response:
    return geojson_response(exports.ties_geojson(pairs), "kizuna-ties.geojson")


# -- charts --------------------------------------------------------------------------------------

def _svg(body: str) -> Response:
    return Response(body, media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


@router.get("/charts/localities/{name}/events.svg", include_in_schema=False)
def locality_chart(request: Request, db: StoreDep, name: Name) -> Response:
    index = _index(request)
    uid = partners_query.unit_id(db, index, name)
    points = partners_query.events_by_partner(index, uid)
    unit = index.units[uid].name if uid in index.units else name
    svg = charts.stacked_bars(charts.series(points), f"Events per year by partner: {unit}", "events")
    return _svg(svg or charts.empty(f"No dated events of {unit}'s partnerships yet"))


@router.get("/charts/ties.svg", include_in_schema=False)
def ties_chart(request: Request) -> Response:
    points = partners_query.ties_by_kind(_index(request))
    svg = charts.stacked_bars(charts.series(points), "Ties by kind and year", "ties")
    return _svg(svg or charts.empty("No dated ties yet"))

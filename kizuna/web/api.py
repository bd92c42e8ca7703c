"""The JSON REST API under /api: the same queries as the pages, as JSON, CSV or JSON Lines."""
from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from .. import query
from ..query import browse
from ..text import fold_name
from . import security, views
from .deps import Format, GeoPagingDep, Include, IncludeDep, ListQueryDep, Paging, PagingDep, StoreDep


class Problem(BaseModel):
    detail: str


# Every route may answer these (a name the store does not know, a URL over the length bound).
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such locality, pair, event or document"},
    414: {"content": {"text/plain": {}}, "description": "Request URL too long"},
}
# Lists answer JSON, or CSV / JSON Lines downloads with `format`.
LIST: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page of rows (JSON) or a download (CSV, JSON Lines)",
          "content": {"application/json": {"schema": {"type": "object", "required": ["total", "items"]}},
                      "text/csv": {"schema": {"type": "string"}},
                      "application/x-ndjson": {"schema": {"type": "string"}},
                      "application/geo+json": {"schema": {"type": "object"}}}},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

Name = Annotated[str, Path(max_length=security.MAX_QUERY, description="Any spelling, old or new name.")]
EventId = Annotated[str, Path(pattern=r"^(?:[1-9][0-9]{0,17}|[A-Za-z][A-Za-z0-9_-]{0,63})$",
                               description="An event across documents (e.g. ev-1605dabc269b) "
                                           "or one document's event (its fact id, evt-..., or number).")]
DocId = Annotated[str, Path(pattern=r"^[0-9a-f]{6,64}$", description="The document id (sha1 of its text).")]


# -- rendering a list ----------------------------------------------------------------------------

def listing(request: Request, kind: str, page: browse.Page[Any], paging: Paging) -> Response:
    """A page of rows as JSON (with paging links), or every row asked for as CSV or JSON Lines."""
    rows = [item.to_dict() for item in page.items]
    if paging.format == Format.csv:
        return download(csv_text(rows), "text/csv; charset=utf-8", f"kizuna-{kind}.csv")
    if paging.format == Format.jsonl:
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return download(body, "application/x-ndjson; charset=utf-8", f"kizuna-{kind}.jsonl")
    return JSONResponse(_json_page(request, page, rows))


def _json_page(request: Request, page: browse.Page[Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    following = page.offset + page.limit
    next_url = str(request.url.include_query_params(offset=following)) if following < page.total else None
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "next": next_url, "items": rows}


def encoded(body: Any) -> bytes:
    """JSON as JSONResponse writes it, for a body kept in the page cache."""
    return JSONResponse(body).body


def json_body(body: bytes) -> Response:
    # Returned as a Response, a body goes out as it is: FastAPI would otherwise walk a returned
    # dict twice (validation, jsonable_encoder), which took longer than reading it from the database.
    return Response(body, media_type="application/json")


def download(body: str, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Flat columns: evidence becomes its offsets ("12-80;95-140") and its quoted text."""
    flat = [_flatten(r) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in flat:
        writer.writerow({k: _formula_safe(v) for k, v in r.items()})
    return out.getvalue()


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "evidence":
            out["evidence"] = ";".join(f"{e['start']}-{e['end']}" for e in value)
            out["quote"] = " … ".join(" ".join(e["text"].split()) for e in value)
        elif isinstance(value, (list, tuple)):   # documents and people of an event: their ids and names
            out[key] = ";".join(str(v.get("name") or v.get("doc_id") or "") if isinstance(v, dict) else str(v)
                                for v in value)
        elif not isinstance(value, dict):
            out[key] = value
    return out


def _formula_safe(value: Any) -> Any:
    """Article text opened in a spreadsheet must not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _page(items: list[Any], paging: Paging) -> browse.Page[Any]:
    return browse.page_of(items, paging.limit, paging.offset)


# -- routes --------------------------------------------------------------------------------------

@router.get("/counts", summary="How many documents, localities and facts the knowledge base holds")
def counts(request: Request) -> dict[str, int]:
    return request.app.state.pool.cached("counts", browse.counts)  # type: ignore[no-any-return]


@router.get("/overview", summary="Counts, newest events, pairs and the map's points and lines",
            response_model=dict[str, Any])
def overview(request: Request) -> Response:
    # Hundreds of kilobytes, the same for everyone until the database changes: encoded once.
    cached = request.app.state.pool.cached
    return json_body(cached("overview-json", lambda store: encoded(views.overview(store, cached).to_dict())))


@router.get("/localities", responses=LIST, summary="Localities the documents name, most covered first")
def localities(request: Request, db: StoreDep, q: ListQueryDep, geo: GeoPagingDep,
               name: Annotated[str | None, Query(max_length=security.MAX_QUERY,
                                                 description="Part of a name, any spelling")] = None,
               ) -> Response:
    found = views.localities(db, request.app.state.pool.cached, q.filters, name)
    if geo.geojson:   # Points with counts, every locality (no paging)
        from .partners import localities_geojson
        return localities_geojson(found)
    return listing(request, "localities", _page(found, geo.paging), geo.paging)


@router.get("/localities/{name}", summary="A locality's profile: partners, events, people, figures, "
                                          "sectors, sources; old units merged into it",
            response_model=dict[str, Any])
def locality(request: Request, name: Name) -> Response:
    cached = request.app.state.pool.cached
    profile = views.cached_profile(cached, name)   # raises UnknownLocality (404) first
    return json_body(cached(f"profile-json:{fold_name(name)}", lambda _store: encoded(profile.to_dict())))


@router.get("/pairs", responses=LIST,
            summary="Every pair of tied localities, with kinds, documents, events, dates")
def pairs(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    found = views.pairs(db, request.app.state.pool.cached, q.filters)
    return listing(request, "pairs", _page(found, paging), paging)


@router.get("/ties", responses=LIST, summary="Ties as documents state them, with evidence")
def ties(request: Request, db: StoreDep, q: ListQueryDep, geo: GeoPagingDep) -> Response:
    if geo.geojson:   # LineStrings between the two localities of each pair (no paging)
        from .partners import ties_geojson
        return ties_geojson(views.pairs(db, request.app.state.pool.cached, q.filters))
    return _facts(request, db, "ties", q, geo.paging)


@router.get("/ties/{vn}/{jp}", summary="The history of one pair, document by document, with events",
            response_model=dict[str, Any])
def tie(db: StoreDep, vn: Name, jp: Name) -> Response:
    found = views.tie_history(db, vn, jp)
    if found is None:
        raise HTTPException(404, f"no tie between {vn} and {jp}")
    return JSONResponse(found.to_dict())


@router.get("/events", responses=LIST, summary="Events across documents (or, in a store without clustering, "
                                               "each document's events), newest first")
def events(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    page = views.event_list(db, request.app.state.pool.cached, q.filters, paging.limit, paging.offset)
    return listing(request, "events", page, paging)


@router.get("/events/{event_id}", summary="One event: date, place, participants, every source in every "
                                          "language. An id of digits is one document's event.",
            response_model=dict[str, Any])
def event(db: StoreDep, event_id: EventId, include: IncludeDep = None) -> Response:
    key = views.event_key(event_id)
    if key is not None:
        found = browse.event(db, key)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return JSONResponse({**found.to_dict(), "cluster": browse.cluster_of_event(db, key)})
    try:
        return JSONResponse(query.event(db, event_id, rejected=include is Include.rejected).to_dict())
    except query.MergedEvent as merged:   # listed as the event it was merged into: answered as that one
        return RedirectResponse(f"/api/events/{quote(merged.into)}", status_code=303)
    except (query.UnknownEvent, query.RejectedEvent) as err:
        raise HTTPException(404, str(err)) from None


@router.get("/people", responses=LIST, summary="People named in the documents")
def people(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    return _facts(request, db, "people", q, paging)


@router.get("/organizations", responses=LIST, summary="Organisations named in the documents")
def organizations(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    return _facts(request, db, "organizations", q, paging)


@router.get("/figures", responses=LIST,
            summary="Figures (money, people, companies, ...) with what they count")
def figures(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    return _facts(request, db, "figures", q, paging)


@router.get("/documents", responses=LIST, summary="Documents, newest first")
def documents(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> Response:
    page = views.document_list(db, request.app.state.pool.cached, q.filters, paging.limit, paging.offset)
    return listing(request, "documents", page, paging)


@router.get("/documents/{doc_id}", summary="A document's cleaned text and every fact with its evidence spans",
            response_model=dict[str, Any])
def document(db: StoreDep, doc_id: DocId, include: Annotated[Include | None, Query(
        description="`rejected`: also the facts people rejected (marked so)")] = None) -> Response:
    found = browse.document(db, doc_id, rejected=include == Include.rejected)
    if found is None:
        raise HTTPException(404, f"no document {doc_id}")
    return JSONResponse(found.to_dict())


@router.get("/documents/{doc_id}/original", summary="The original bytes, as read (a download)",
            response_class=Response,
            responses={200: {"content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                 "format": "binary"}}}}})
def original(db: StoreDep, doc_id: DocId) -> Response:
    raw = db.raw(doc_id)
    if raw is None:
        raise HTTPException(404, f"no document {doc_id}")
    # Served as an opaque download: a stored web page must never render in this origin.
    return Response(raw, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{doc_id}.orig"'})


@router.get("/search", responses=LIST,
            summary="Documents and entities matching every word, case and diacritics ignored")
def search(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep,
           text: Annotated[str, Query(alias="q", min_length=1, max_length=security.MAX_QUERY)]) -> Response:
    page = views.search(db, request.app.state.pool.cached, text, q.filters, paging.limit, paging.offset)
    if paging.format != Format.json:
        return listing(request, "search", page, paging)
    body = _json_page(request, page, [hit.to_dict() for hit in page.items])
    body["entities"] = [e.to_dict() for e in views.entities(db, request.app.state.pool.cached, text)]
    return JSONResponse(body)


def _facts(request: Request, db: StoreDep, kind: str, q: Any, paging: Paging) -> Response:
    page = views.fact_list(db, request.app.state.pool.cached, kind, q.filters, paging.limit, paging.offset)
    return listing(request, kind, page, paging)

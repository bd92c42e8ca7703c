"""Server-rendered pages (Jinja2). Each page calls the same query as its /api twin and links it."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import query
from ..query import browse
from . import curate, geo, i18n, security, views
from .api import EventId
from .deps import EVENT_TYPES, SECTORS, Include, IncludeDep, ListQuery, ListQueryDep, PagingDep, StoreDep

router = APIRouter(include_in_schema=False)

Name = Annotated[str, Path(max_length=security.MAX_QUERY)]
COOKIE_AGE = 365 * 24 * 3600


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """English labels of the vocabularies (event types, tie kinds, sectors, fact kinds): msgids."""
    raw = json.loads(resources.files(__package__).joinpath("data/labels.json").read_text("utf-8"))
    return {k: v for group in raw.values() if isinstance(group, dict) for k, v in group.items()}


def language(request: Request) -> str:
    return i18n.choose(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE),
                       request.headers.get("accept-language"))


def _context(request: Request, lang: str) -> dict[str, Any]:
    """What every template may use: translations, names in the language, URL helpers, vocabularies."""
    tr = i18n.translations(lang)
    return {**i18n.template_globals(lang), "request": request,
            "label": lambda code: tr.gettext(labels().get(code, code)),
            "lang_url": lambda code: _with(request, lang=code),
            "page_url": lambda offset: _with(request, offset=offset),
            "path": lambda name: quote(str(name), safe=""), "api_url": _api_twin(request),
            "download_url": lambda fmt: _download(request, fmt), "sectors": SECTORS,
            "event_types": EVENT_TYPES, "safe_url": _safe_url, **curate.context(request)}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    env = request.app.state.templates
    html = env.get_template(template).render(**_context(request, lang), **context)
    response = HTMLResponse(html, status_code=status)
    asked = request.query_params.get("lang")
    if asked in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, asked, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response


def _map_html(request: Request, data: views.Overview) -> Markup:
    """The overview's map, rendered once per language until the database changes (with thousands
    of pairs it is the costliest part of the page, and the same for every visitor)."""
    lang = language(request)
    env = request.app.state.templates

    def draw(_store: Any) -> str:
        return env.get_template("_map.html").render(**_context(request, lang), mp=data.map)
    return Markup(request.app.state.pool.cached(f"map-html:{lang}", draw))


def _safe_url(url: str | None) -> bool:
    """Only web addresses become links: a stored `javascript:` or `data:` URL stays text."""
    return bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")  # type: ignore[union-attr]


def _with(request: Request, **params: Any) -> str:
    query = dict(request.query_params)
    query.update({k: str(v) for k, v in params.items()})
    return request.url.path + "?" + urlencode(query)


def _api_twin(request: Request) -> str | None:
    path = request.url.path
    if path == "/":
        return "/api/overview"
    if path.startswith(("/static", "/docs", "/map")):
        return None
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return "/api" + path + ("?" + urlencode(query) if query else "")


def _download(request: Request, fmt: str) -> str | None:
    twin = _api_twin(request)
    if twin is None or request.url.path == "/":
        return None
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "limit", "offset", "format")}
    query.update(format=fmt, limit=str(security.MAX_DOWNLOAD))
    return "/api" + request.url.path + "?" + urlencode(query)


# -- pages ---------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: StoreDep) -> HTMLResponse:
    data = views.overview(db, request.app.state.pool.cached)
    return render(request, "overview.html", data=data, map_html=_map_html(request, data))


@router.get("/map/base.svg")
def base_map() -> Response:
    return Response(geo.base_svg(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/localities", response_class=HTMLResponse)
def localities(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep,
               name: Annotated[str | None, Query(max_length=security.MAX_QUERY)] = None) -> HTMLResponse:
    items = views.localities(db, request.app.state.pool.cached, q.filters, name)
    page = browse.page_of(items, paging.limit, paging.offset)
    return render(request, "localities.html", page=page, q=q, name=name or "")


@router.get("/localities/{name}", response_class=HTMLResponse)
def locality(request: Request, db: StoreDep, name: Name) -> HTMLResponse:
    return render(request, "locality.html", p=views.cached_profile(request.app.state.pool.cached, name))


@router.get("/ties", response_class=HTMLResponse)
def ties(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    items = views.pairs(db, request.app.state.pool.cached, q.filters)
    page = browse.page_of(items, paging.limit, paging.offset)
    return render(request, "pairs.html", page=page, q=q)


@router.get("/ties/{vn}/{jp}", response_class=HTMLResponse)
def tie(request: Request, db: StoreDep, vn: Name, jp: Name) -> HTMLResponse:
    found = views.tie_history(db, vn, jp)
    if found is None:
        raise HTTPException(404, f"no tie between {vn} and {jp}")
    return render(request, "tie.html", t=found)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    return render(request, "events.html", page=views.event_list(db, request.app.state.pool.cached, q.filters,
                                                            paging.limit, paging.offset), q=q)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, db: StoreDep, event_id: EventId, include: IncludeDep = None) -> Response:
    key = views.event_key(event_id)
    if key is not None:
        # One document's event: shown as the event across documents it belongs to, when there is one.
        cluster = browse.cluster_of_event(db, key)
        if cluster is not None:
            return RedirectResponse(f"/events/{quote(cluster)}", status_code=303)
        found = browse.event(db, key)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return render(request, "event.html", e=found)
    try:
        cluster_found = query.event(db, event_id, rejected=include is Include.rejected)
    except query.MergedEvent as merged:   # listed as the event it was merged into: shown as that one
        return RedirectResponse(f"/events/{quote(merged.into)}", status_code=303)
    except (query.UnknownEvent, query.RejectedEvent) as err:
        raise HTTPException(404, str(err)) from None
    return render(request, "cluster.html", c=cluster_found)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    page = views.document_list(db, request.app.state.pool.cached, q.filters, paging.limit, paging.offset)
    return render(request, "documents.html", page=page, q=q)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, db: StoreDep,
             doc_id: Annotated[str, Path(pattern=r"^[0-9a-f]{6,64}$")],
             include: Annotated[str | None, Query(pattern="^rejected$")] = None) -> HTMLResponse:
    found = browse.document(db, doc_id, rejected=include == "rejected")
    if found is None:
        raise HTTPException(404, f"no document {doc_id}")
    segments = views.segments(found.document.text or "", found.facts)
    return render(request, "document.html", d=found, segments=segments)


@router.get("/people", response_class=HTMLResponse)
def people(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    return _facts(request, db, "people", q, paging)


@router.get("/organizations", response_class=HTMLResponse)
def organizations(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    return _facts(request, db, "organizations", q, paging)


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep) -> HTMLResponse:
    return _facts(request, db, "figures", q, paging)


def _facts(request: Request, db: StoreDep, kind: str, q: ListQuery, paging: Any) -> HTMLResponse:
    return render(request, "facts.html", kind=kind, q=q,
                  page=views.fact_list(db, request.app.state.pool.cached, kind, q.filters, paging.limit,
                                       paging.offset))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, db: StoreDep, q: ListQueryDep, paging: PagingDep,
           text: Annotated[str, Query(alias="q", max_length=security.MAX_QUERY)] = "") -> HTMLResponse:
    page = views.search(db, request.app.state.pool.cached, text, q.filters, paging.limit, paging.offset) \
        if text.strip() else None
    entities = views.entities(db, request.app.state.pool.cached, text) if text.strip() else []
    return render(request, "search.html", text=text, page=page, entities=entities, q=q, marked=views.marked)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a plain page (Swagger UI would need a CDN and inline script)."""
    spec = request.app.openapi()
    routes = [(path, method.upper(), op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    return render(request, "apidocs.html", routes=routes, spec=spec)


# -- errors --------------------------------------------------------------------------------------

async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    page = render(request, "error.html", status=exc.status_code, status_code=exc.status_code, detail=exc.detail)
    page.headers.update(exc.headers or {})   # a 405's Allow (RFC 9110), as the API's errors keep it
    return page


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
    detail = "; ".join(f"{'.'.join(str(part) for part in e.get('loc', ())[1:])}: {e.get('msg')}"
                       for e in exc.errors())
    return render(request, "error.html", status=422, status_code=422, detail=detail)

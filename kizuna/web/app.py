"""The FastAPI application: one read-only knowledge base, pages and API over the same queries.

Reads run in FastAPI's thread pool; each thread has its own read-only connection (SQLite or
PostgreSQL; a connection must not be shared between threads). Whole-database aggregates (counts, the map's
pairs) are cached per application and recomputed when the database file changes.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import KizunaError
from ..query import UnknownLocality, browse
from ..store import SQLStore
from . import api, curate, pages, partners, security, views

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
T = TypeVar("T")
CACHE_ENTRIES = 512   # aggregates, rendered maps and locality profiles kept (least recently used go)
TOTAL_ENTRIES = 4096  # totals of filtered lists: small, and kept apart so that many filters asked
                      # once cannot push the costly profiles out
SEARCH_ENTRIES = 256  # pages of search results (the words people look for most are asked again)


class StorePool:
    """Read-only stores lent to one request at a time, and a cache of whole-database aggregates.

    FastAPI may run a request's dependencies and its endpoint in different worker threads, so a
    connection belongs to a request, not to a thread: it is taken from the pool and given back."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = str(db_path)   # a file or a postgresql:// URL (a Path would spoil the URL)
        browse.open_readonly(self.path).close()   # fail now (MissingStoreError), not on the first request
        self._idle: queue.LifoQueue[SQLStore] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._shelves: dict[str, tuple[int, OrderedDict[str, tuple[tuple[int, ...], Any]]]] = {
            "pages": (CACHE_ENTRIES, OrderedDict()), "totals": (TOTAL_ENTRIES, OrderedDict()),
            "searches": (SEARCH_ENTRIES, OrderedDict())}

    @contextmanager
    def store(self) -> Iterator[SQLStore]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = browse.open_readonly(self.path, shared=True)
        try:
            yield store
        finally:
            self._idle.put(store)

    def cached(self, name: str, compute: Callable[[SQLStore], T], shelf: str = "pages") -> T:
        """`compute(store)`, reused until the database changes. `shelf`: "pages" (aggregates,
        profiles), "totals" (the counts of lists) or "searches", each keeping its most recently
        used entries."""
        size, cache = self._shelves[shelf]
        with self.store() as store:
            version = browse.data_version(store)
            with self._lock:
                hit = cache.get(name)
                if hit is not None:
                    cache.move_to_end(name)
            if hit is not None and hit[0] == version:
                return hit[1]  # type: ignore[no-any-return]
            value = compute(store)
        with self._lock:
            cache[name] = (version, value)
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    def names(self, shelf: str = "pages") -> list[str]:
        """What a shelf holds now (least recently used first)."""
        with self._lock:
            return list(self._shelves[shelf][1])

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().close()


def templates() -> Environment:
    # Autoescape everywhere: article text, titles and URLs are untrusted.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def create_app(db_path: str | Path, title: str = "kizuna", warm: bool = False, editable: bool = False) -> FastAPI:
    """The application over the database at `db_path`, which it never writes unless `editable`
    (then people with an editor's account review facts: kizuna.web.curate).

    `warm`: compute the overview's aggregates and every locality's profile in a background thread
    at start-up, so that the first visitors of a large database do not wait for them."""
    app = FastAPI(title=f"{title} API", version="1",
                  description="A sourced knowledge base of cooperation between Vietnamese provinces and "
                              "Japanese prefectures. Every fact carries evidence spans into its document.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    # An editable server opens its one writable store first: it upgrades an older database.
    app.state.curator = curate.Curator(str(db_path)) if editable else None
    app.state.pool = StorePool(db_path)
    app.state.templates = templates()
    app.add_middleware(security.SecureHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(curate.api)
    app.include_router(curate.pages)
    app.include_router(pages.router)
    app.include_router(partners.router)
    app.add_exception_handler(UnknownLocality, _unknown_locality)
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    app.add_exception_handler(RequestValidationError, pages.validation_error)
    if warm:
        threading.Thread(target=_warm, args=(app.state.pool,), name="kizuna-warm", daemon=True).start()
    return app


SERVE_DB = "KIZUNA_SERVE_DB"              # set by `kizuna serve --workers N` for its worker processes
SERVE_EDITABLE = "KIZUNA_SERVE_EDITABLE"


def served_app() -> FastAPI:
    """The application of one worker process of `kizuna serve --workers N` (uvicorn imports it by
    name in each process, so its arguments come from the environment kizuna.web.cli sets)."""
    return create_app(os.environ[SERVE_DB], warm=True, editable=os.environ.get(SERVE_EDITABLE) == "1")


def _warm(pool: StorePool) -> None:
    """Fill the cache the busiest pages read from: aggregates first, then profiles, busiest first."""
    started = time.perf_counter()
    try:
        everywhere = pool.cached("localities", lambda s: browse.localities(s, browse.Filters()))
        pool.cached("pairs", lambda s: browse.tie_pairs(s, browse.Filters()))
        pool.cached("counts", browse.counts)
        for locality in everywhere:
            try:
                views.cached_profile(pool.cached, locality.name)
            except KizunaError:   # a name the store holds but cannot resolve: its page says so
                continue
    except Exception:   # a warm-up failure must never stop the server: pages compute on demand
        log.warning("warm-up of the page cache stopped", exc_info=True)
        return
    log.info("page cache warmed in %.1f s (%d localities)", time.perf_counter() - started, len(everywhere))


async def _unknown_locality(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=404)
    return await pages.http_error(request, StarletteHTTPException(404, str(exc)))


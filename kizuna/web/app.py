"""The FastAPI application: one read-only knowledge base, pages and API over the same queries.

Reads run in FastAPI's thread pool; each thread has its own read-only SQLite connection (a
connection must not be shared between threads). Whole-database aggregates (counts, the map's
pairs) are cached per application and recomputed when the database file changes.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..query import UnknownLocality
from ..store import browse
from ..store.sqlite import SQLiteStore
from . import api, pages, security

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
T = TypeVar("T")


class StorePool:
    """One read-only store per thread, and a cache of whole-database aggregates."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(db_path)
        browse.open_readonly(self.path).close()   # fail now (MissingStoreError), not on the first request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, ...], Any]] = {}

    def get(self) -> SQLiteStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = browse.open_readonly(self.path)
        return store

    def cached(self, name: str, compute: Callable[[SQLiteStore], T]) -> T:
        """`compute(store)`, reused until the database file changes."""
        store = self.get()
        version = browse.data_version(store)
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[no-any-return]
        value = compute(store)
        with self._lock:
            self._cache[name] = (version, value)
        return value


def templates() -> Environment:
    # Autoescape everywhere: article text, titles and URLs are untrusted.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def create_app(db_path: str | Path, title: str = "kizuna") -> FastAPI:
    """The application over the database at `db_path`, which it never writes."""
    app = FastAPI(title=f"{title} API", version="1",
                  description="A sourced knowledge base of cooperation between Vietnamese provinces and "
                              "Japanese prefectures. Every fact carries evidence spans into its document.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.pool = StorePool(db_path)
    app.state.templates = templates()
    app.middleware("http")(security.secure_headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(UnknownLocality, _unknown_locality)
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    app.add_exception_handler(RequestValidationError, pages.validation_error)
    return app


async def _unknown_locality(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=404)
    return await pages.http_error(request, StarletteHTTPException(404, str(exc)))


"""Curation in the web application: log in, review facts, read the history.

`kizuna serve --editable` makes a `Curator` (one writable store, one writer at a time behind a lock);
without it every write answers 403 and the server stays read-only. Who asks:

- `Authorization: Bearer TOKEN` (a token from `kizuna token create`): no CSRF token needed, as no
  browser sends it by itself;
- the session cookie set by `POST /login` (HttpOnly, SameSite=Strict): every write must also send the
  session's CSRF token, in the `X-CSRF-Token` header or the form field `csrf_token`.

Writes: anonymous -> 401, a viewer -> 403, a cookie without its CSRF token -> 403. Login attempts are
limited per client address and per user name (`RateLimit`, counted in the database: shared by every
server process on it, kept across restarts): beyond, 429 with Retry-After.
Notes and corrections are untrusted text: Jinja2 escapes them and the CSP is the same as every page's.
"""
from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from .. import curation
from ..query import browse
from ..store import SQLStore, open_store
from ..store import accounts as sql_accounts
from ..store.accounts import User
from .deps import StoreDep

SESSION_COOKIE = "kizuna_session"
SESSION_HOURS = 8
LOGIN_ATTEMPTS = 5            # failed logins per client address (and per user name) ...
LOGIN_WINDOW = 300.0          # ... in this many seconds; beyond, 429
READ_ONLY = "this server is read-only: start it with `kizuna serve --editable` to review facts"
FACT_ID = r"^(?:(?:loc|tie|evt|per|org|fig)-[0-9a-f]{16}|ev-[0-9a-f]{1,40})$"
FactId = Annotated[str, Path(pattern=FACT_ID, description="A fact's stable id (tie-..., evt-...) or an "
                                                          "event across documents (ev-...).")]


class RateLimit:
    """At most `attempts` failures per key in `window` seconds, counted in the database
    (store/accounts.py: login_failures), so that every server process on it shares the count and a
    restart keeps it. Keys are kept as digests; `clock` is wall-clock time, the same in every process."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window: float = LOGIN_WINDOW,
                 clock: Callable[[], float] = time.time) -> None:
        self.attempts, self.window, self.clock = attempts, window, clock

    def retry_after(self, store: SQLStore, *keys: str) -> int:
        """Seconds to wait before another attempt (0: go ahead)."""
        wait = sql_accounts.login_wait(store, [curation.digest(k) for k in keys], self.clock(), self.window,
                                       self.attempts)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, store: SQLStore, *keys: str) -> None:
        sql_accounts.login_failed(store, [curation.digest(k) for k in keys], self.clock(), self.window)

    def succeeded(self, store: SQLStore, key: str) -> None:
        sql_accounts.login_succeeded(store, curation.digest(key))


class Curator:
    """The writable side of an editable server: one store, one writer at a time."""

    def __init__(self, db_path: str) -> None:
        self.store = open_store(db_path, shared=True)   # migrates an older database (schema.py)
        self._lock = threading.Lock()
        self.logins = RateLimit()

    @contextmanager
    def writer(self) -> Iterator[SQLStore]:
        with self._lock:
            yield self.store

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True, slots=True)
class Auth:
    user: User
    via: Literal["session", "token"]
    csrf: str | None = None

    @property
    def can_edit(self) -> bool:
        return self.user.role in curation.EDITORS


def curator(request: Request) -> Curator | None:
    return getattr(request.app.state, "curator", None)


def identify(request: Request) -> Auth | None:
    """Who sends this request: a bearer token's user, a session's, or nobody (None)."""
    if "kizuna_auth" in request.scope:
        return request.scope["kizuna_auth"]  # type: ignore[no-any-return]
    found: Auth | None = None
    cur = curator(request)
    if cur is not None:
        header = request.headers.get("authorization", "")
        cookie = request.cookies.get(SESSION_COOKIE)
        with cur.writer() as store:
            if header[:7].lower() == "bearer ":
                user = sql_accounts.user_of_token(store, curation.digest(header[7:].strip()))
                found = Auth(user, "token") if user else None
            elif cookie:
                session = sql_accounts.session(store, curation.digest(cookie))
                found = Auth(session[0], "session", session[1]) if session else None
    request.scope["kizuna_auth"] = found
    return found


def require_editor(request: Request, form_csrf: str | None = None) -> Auth:
    """The editor who sends this write, or the HTTPException that refuses it (403, 401, 403)."""
    if curator(request) is None:
        raise HTTPException(403, READ_ONLY)
    auth = identify(request)
    if auth is None:
        raise HTTPException(401, "log in (POST /login) or send Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
    if not auth.can_edit:
        raise HTTPException(403, f"{auth.user.name} is a {auth.user.role}: reviewing needs an editor or admin")
    if auth.via == "session":
        sent = request.headers.get("x-csrf-token") or form_csrf or ""
        if not auth.csrf or not hmac.compare_digest(sent.encode(), auth.csrf.encode()):
            raise HTTPException(403, "missing or wrong CSRF token (X-CSRF-Token header or csrf_token field)")
    return auth


def context(request: Request) -> dict[str, Any]:
    """What every template knows of curation: who is logged in, whether they may edit, the CSRF token."""
    editable = curator(request) is not None
    auth = identify(request) if editable else None
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {"editable": editable, "me": auth.user if auth else None, "can_edit": bool(auth and auth.can_edit),
            "csrf": (auth.csrf or "") if auth else "", "back": back,
            "include_rejected": request.query_params.get("include") == "rejected"}


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path of this site: never another origin (//host, scheme:) after a login or a review."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


# -- the API -------------------------------------------------------------------------------------

class Problem(BaseModel):
    detail: str


class ReviewIn(BaseModel):
    verdict: Literal["confirm", "reject", "correct", "merge", "split", "rejoin"]
    value: dict[str, Any] | None = Field(default=None, description="correct: the fields to set, e.g. "
                                         "{\"kind\": \"agreement\"}; merge: {\"into\": \"ev-...\"}; "
                                         "split: {\"doc_id\": \"...\"}; rejoin (a report split "
                                         "off before): {\"doc_id\": \"...\"}")
    note: str | None = Field(default=None, max_length=curation.MAX_NOTE)


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "A body that is not JSON"},
    401: {"model": Problem, "description": "Not logged in and no bearer token"},
    403: {"model": Problem, "description": "Read-only server, a viewer, or a session without its CSRF token"},
    404: {"model": Problem, "description": "No such fact"},
    422: {"description": "A review that cannot be applied"},
}

api = APIRouter(prefix="/api", tags=["curation"])
pages = APIRouter(include_in_schema=False)


@api.get("/facts/{fact_id}", summary="One fact by its stable id, with its evidence, its review and its history",
         responses={404: {"model": Problem, "description": "No such fact"}})
def get_fact(db: StoreDep, fact_id: FactId) -> dict[str, Any]:
    found = browse.fact_detail(db, fact_id)
    if found is None:
        raise HTTPException(404, f"no fact {fact_id}")
    return found.to_dict()


@api.post("/facts/{fact_id}/review", status_code=201, responses=WRITE_ERRORS,
          summary="Confirm, reject or correct a fact (an event across documents: also merge, split "
                  "or rejoin a report split off)")
def post_review(request: Request, fact_id: FactId, body: ReviewIn) -> dict[str, Any]:
    auth = require_editor(request)
    return _review(request, auth, fact_id, body.verdict, body.value, body.note).to_dict()


@api.get("/reviews", summary="Every review, newest first: who, when, verdict, old and new value; "
                             "`orphaned=true`: those whose fact re-extraction no longer finds")
def get_reviews(db: StoreDep, orphaned: bool = False,
                fact: Annotated[str | None, Query(pattern=FACT_ID)] = None,
                user: Annotated[str | None, Query(max_length=64)] = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 50,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
    if orphaned:
        everything = curation.orphaned_reviews(db)
        items, total = everything[offset:offset + limit], len(everything)
    else:
        items, total = curation.reviews(db, limit, offset, fact, user)
    return {"total": total, "limit": limit, "offset": offset, "items": [r.to_dict() for r in items]}


@api.get("/me", summary="Who this request is logged in as, with the session's CSRF token",
         responses={401: {"model": Problem, "description": "Not logged in"}})
def me(request: Request) -> dict[str, Any]:
    auth = identify(request)
    if auth is None:
        raise HTTPException(401, "not logged in")
    return {**auth.user.to_dict(), "via": auth.via, "csrf": auth.csrf, "can_edit": auth.can_edit}


def _review(request: Request, auth: Auth, fact_id: str, verdict: str, value: Any,
            note: str | None) -> curation.Review:
    cur = curator(request)
    assert cur is not None
    try:
        with cur.writer() as store:
            return curation.review(store, fact_id, verdict, auth.user, value, note)
    except curation.UnknownFact as err:
        raise HTTPException(404, str(err)) from None
    except curation.InvalidReview as err:
        raise HTTPException(422, str(err)) from None


# -- pages: login, the review forms, the history -------------------------------------------------

def _render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    from .pages import render
    return render(request, template, status=status, **ctx)


def same_origin(request: Request) -> bool:
    """A form sent by a browser says where its page was: Sec-Fetch-Site (every current browser)
    must be same-origin, else a named Origin must be this site. A request with neither, from a
    script or an older browser, is let through (the session cookie is SameSite=Strict). The pages'
    no-referrer policy makes browsers send "Origin: null", which says nothing."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    parts = urlsplit(origin)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.url.netloc)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str | None, Query(max_length=2000)] = None) -> HTMLResponse:
    return _render(request, "login.html", next=safe_next(next), error=None)


@pages.post("/login", response_class=HTMLResponse)
def login(request: Request, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)],
          next: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    cur = curator(request)
    if cur is None:
        return _render(request, "login.html", status=403, next=safe_next(next), error=READ_ONLY)
    if not same_origin(request):
        # login CSRF: another site's form must not log a visitor in as someone else
        return _render(request, "login.html", status=403, next=safe_next(next),
                       error="this login form was sent from another site: open the login page here")
    client = request.client.host if request.client else "?"
    keys = (f"ip:{client}", f"user:{username.lower()}")
    with cur.writer() as store:
        wait = cur.logins.retry_after(store, *keys)
    if wait:
        response = _render(request, "login.html", status=429, next=safe_next(next),
                           error="too many failed logins: wait a few minutes")
        response.headers["Retry-After"] = str(wait)
        return response
    with cur.writer() as store:
        user = curation.authenticate(store, username, password)
        if user is not None:
            secret, csrf = curation.new_secret(), curation.new_secret()
            expires = datetime.now(timezone.utc) + timedelta(hours=SESSION_HOURS)
            sql_accounts.add_session(store, user, curation.digest(secret), csrf,
                                     expires.isoformat(timespec="seconds"))
            cur.logins.succeeded(store, keys[1])
        else:
            cur.logins.failed(store, *keys)
    if user is None:
        return _render(request, "login.html", status=401, next=safe_next(next),
                       error="wrong user name or password")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_HOURS * 3600, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@pages.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Response:
    cur = curator(request)
    auth = identify(request)
    if cur is not None and auth is not None and auth.via == "session":
        if not auth.csrf or not hmac.compare_digest((csrf_token or "").encode(), auth.csrf.encode()):
            raise HTTPException(403, "missing or wrong CSRF token")
        with cur.writer() as store:
            sql_accounts.end_session(store, curation.digest(request.cookies.get(SESSION_COOKIE, "")))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@pages.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact_page(request: Request, db: StoreDep, fact_id: FactId) -> HTMLResponse:
    found = browse.fact_detail(db, fact_id)
    if found is None:
        raise HTTPException(404, f"no fact {fact_id}")
    return _render(request, "fact.html", f=found, editable_fields=curation.EDITABLE.get(found.kind, ()),
                   tie_kinds=curation.TIE_KINDS)


@pages.post("/facts/{fact_id}/review")
async def review_form(request: Request, fact_id: FactId) -> Response:
    form = await request.form()
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    auth = require_editor(request, text.get("csrf_token"))
    verdict = text.get("verdict", "")
    value: dict[str, Any] | None = None
    if verdict == "correct":
        value = {k[len("set_"):]: v for k, v in text.items() if k.startswith("set_")}
        if "value" in value:
            try:
                value["value"] = float(value["value"])
            except ValueError:
                raise HTTPException(422, "value: a number") from None
    elif verdict == "merge":
        value = {"into": text.get("into", "").strip()}
    elif verdict in ("split", "rejoin"):
        value = {"doc_id": text.get("doc_id", "").strip()}
    from starlette.concurrency import run_in_threadpool
    await run_in_threadpool(_review, request, auth, fact_id, verdict, value, text.get("note"))
    return RedirectResponse(safe_next(text.get("next"), f"/facts/{quote(fact_id)}"), status_code=303)


@pages.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, db: StoreDep, orphaned: bool = False,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    limit = 100
    if orphaned:
        everything = curation.orphaned_reviews(db)
        items, total = everything[offset:offset + limit], len(everything)
    else:
        items, total = curation.reviews(db, limit, offset)
    page = browse.Page(items, total, limit, offset)
    return _render(request, "reviews.html", page=page, orphaned=orphaned)


__all__ = ["Curator", "api", "context", "pages"]

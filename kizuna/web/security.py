"""What keeps untrusted article text and hostile requests harmless.

- Headers on every response: a Content-Security-Policy that allows only this origin's own files
  (no inline script or style, no plugins, no framing), no MIME sniffing, no referrer leaks.
- Bounds on what a request may ask: URL length, query length, page size and offset.
Jinja2's autoescape does the escaping of every article string (see app.py).
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

MAX_URL = 8192          # characters of path + query string; longer requests get 414 (above what
                        # the bounded parameters can fill, so that those get their own 422 first)
MAX_QUERY = 200         # characters of a search query or a name filter
MAX_PAGE = 200          # items on one page of a list (JSON or HTML)
MAX_DOWNLOAD = 10_000   # items in one CSV or JSON Lines download
MAX_OFFSET = 1_000_000  # deeper pages are refused rather than scanned
DEFAULT_PAGE = 50


def drop_empty_params(scope: Scope) -> None:
    """A page's filter form sends `country=&since=`: there an empty value means "not given". The API
    stays strict (an empty value is invalid there, as its description says)."""
    if scope.get("path", "").startswith("/api/"):
        return
    raw = scope.get("query_string", b"")
    if raw and (b"=&" in raw or raw.endswith(b"=")):
        kept = [part for part in raw.split(b"&") if part and not part.endswith(b"=")]
        scope["query_string"] = b"&".join(kept)


class SecureHeaders:
    """Refuse over-long URLs; add the security headers to whatever the app answers.

    A plain ASGI middleware: Starlette's `@app.middleware("http")` runs every request through
    streams and a task group of its own, which under load cost more than many pages' queries."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        url = Request(scope).url
        if len(url.path) + len(url.query) > MAX_URL:
            await PlainTextResponse("request URL too long", status_code=414)(scope, receive, with_headers)
            return
        drop_empty_params(scope)
        await self.app(scope, receive, with_headers)

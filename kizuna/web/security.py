"""What keeps untrusted article text and hostile requests harmless.

- Headers on every response: a Content-Security-Policy that allows only this origin's own files
  (no inline script or style, no plugins, no framing), no MIME sniffing, no referrer leaks.
- Bounds on what a request may ask: URL length, query length, page size and offset.
Jinja2's autoescape does the escaping of every article string (see app.py).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

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


def drop_empty_params(request: Request) -> None:
    """A page's filter form sends `country=&since=`: there an empty value means "not given". The API
    stays strict (an empty value is invalid there, as its description says)."""
    if request.url.path.startswith("/api/"):
        return
    raw = request.scope.get("query_string", b"")
    if raw and (b"=&" in raw or raw.endswith(b"=")):
        kept = [part for part in raw.split(b"&") if part and not part.endswith(b"=")]
        request.scope["query_string"] = b"&".join(kept)


async def secure_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Refuse over-long URLs; add the security headers to whatever the app answers."""
    if len(request.url.path) + len(request.url.query) > MAX_URL:
        response: Response = PlainTextResponse("request URL too long", status_code=414)
    else:
        drop_empty_params(request)
        response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response

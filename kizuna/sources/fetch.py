"""Polite HTTP: one GET in, one `FetchResult` out; never an exception for a bad response.

    with Fetcher(FetchSettings(rate=1.0)) as fetcher:
        result = fetcher.get("https://example.org/news/1", Validators(etag='"abc"'))
        if result.ok: text = result.text()

What "polite" means here, each part a setting of `FetchSettings`:

- robots.txt is read once per host (RFC 9309: a 4xx means no rules, a 5xx or an unreachable
  host means "crawl nothing there" for now) and kept for `robots_ttl` seconds; its Crawl-delay
  slows that host further;
- at most `rate` requests per second per host (robots.txt, redirects and retries count too);
- a User-Agent naming kizuna, its version and a contact URL;
- connect and read timeouts, plus a deadline for the whole body (a server trickling bytes);
- bodies are streamed and abandoned past `max_bytes` ("too large");
- conditional GET: the validators stored last time go out as If-None-Match / If-Modified-Since,
  and a 304 comes back as `not_modified`;
- 5xx, 429, timeouts and connection resets are retried `retries` times with exponential backoff;
- redirects are followed by hand, at most `max_redirects`, and a loop is named as such.

State (robots rules, the time of each host's last request) lives in the `Fetcher` instance, so
one run's politeness never leaks into another's.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib import metadata
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from ..charset import html_charset
from .decode import DecodeError, decode

log = logging.getLogger(__name__)

# Where a site owner who sees kizuna in their logs can find out what it is and who runs it.
# The project has no public home yet, and an invented address could be someone else's: by
# default the agent says that no contact was set, and whoever runs a crawl should give theirs
# (FetchSettings.contact, or --contact / KIZUNA_CONTACT on the command line).
CONTACT_URL = "contact not set: run kizuna with --contact or KIZUNA_CONTACT"
MB = 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})   # the server may answer later
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CANCELLED = "cancelled: kizuna is stopping"
MAX_RETRY_AFTER = 60.0   # seconds: a longer Retry-After is not waited for within one fetch
# A Crawl-delay beyond this would stall a sequential crawl of every other site: such a host is
# still asked no more than once a minute.
MAX_CRAWL_DELAY = 60.0
# An unreachable robots.txt blocks its host only this long (seconds) before it is asked again;
# rules that were read are kept for `FetchSettings.robots_ttl`.
ROBOTS_RETRY = 600.0
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,*/*;q=0.5")


def _version() -> str:
    try:
        return metadata.version("kizuna")
    except metadata.PackageNotFoundError:   # running from a source tree that was never installed
        return "0+unknown"


def user_agent(contact: str = CONTACT_URL) -> str:
    """"kizuna/0.1.0 (+https://...)": the product token robots.txt rules are matched against."""
    return f"kizuna/{_version()} (+{contact})"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Every knob of polite fetching, with defaults fit for crawling news sites."""
    contact: str = CONTACT_URL
    rate: float = 1.0               # requests per second per host
    connect_timeout: float = 10.0   # seconds to open a connection
    read_timeout: float = 20.0      # seconds of silence while waiting for bytes
    deadline: float = 60.0          # seconds for one whole response, however it trickles in
    max_bytes: int = 5 * MB         # larger bodies are not news pages
    retries: int = 3                # further attempts after a 5xx, timeout or reset
    backoff: float = 1.0            # seconds before the first retry; doubles each time
    max_redirects: int = 5
    robots: bool = True             # obey robots.txt
    robots_ttl: float = 24 * 3600.0  # seconds a host's robots.txt is trusted before reading it again

    @property
    def interval(self) -> float:
        """Seconds between two requests to one host."""
        return 1.0 / self.rate if self.rate > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies the version we hold, for a conditional GET."""
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetch: the response that matters, or the reason there is none.

    `status` is the last HTTP status seen (None when no response came at all); `error` is None
    for a 200 and for a 304 (`not_modified`), else a sentence saying what went wrong.
    """
    url: str
    final_url: str
    status: int | None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 0
    transient: bool = False   # the failure may go away if tried later (5xx, timeout, reset)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    def charset(self) -> str | None:
        return charset_of(self.content_type)

    def text(self) -> str:
        """The body as NFC text; raises DecodeError for binary or undecodable bytes."""
        return decode_body(self.body, self.content_type)


def charset_of(content_type: str | None) -> str | None:
    """'text/html; charset="Shift_JIS"' -> 'Shift_JIS'."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def decode_body(body: bytes, content_type: str | None) -> str:
    """Decode a response body: the header's charset, else the page's <meta> one.

    UTF-8 that is valid stays UTF-8 whatever is declared (see `decode`). Of the declared
    charsets, the first under which the bytes decode cleanly wins: a server default
    ("charset=iso-8859-1") must not override a page that says, and is, Shift_JIS.
    """
    declared = [c for c in (charset_of(content_type), html_charset(body)) if c]
    chosen = next((c for c in declared if _decodes(body, c)), declared[0] if declared else None)
    return decode(body, declared=chosen)


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except (LookupError, UnicodeDecodeError, ValueError):   # ValueError: a charset with a NUL in it
        return False
    return True


@dataclass(slots=True)
class _Robots:
    rules: Protego | None      # None: crawl nothing (robots.txt unreachable)
    reason: str | None         # why everything is refused, when it is
    read_at: float


@dataclass(slots=True)
class _Attempt:
    """What one request (no redirect, no retry) produced."""
    status: int | None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    error: str | None = None
    transient: bool = False


class Fetcher:
    """A polite HTTP client. `sleep` and `clock` are injectable so tests count waits, not time."""

    def __init__(self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None,
                 cancel: threading.Event | None = None, sleep: Callable[[float], object] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`cancel`, once set, cuts every wait short and turns the next request into a
        "cancelled" result: a stopping crawl does not sit out a backoff."""
        self.settings = settings or FetchSettings()
        self.user_agent = user_agent(self.settings.contact)
        s = self.settings
        timeout = httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout,
                                pool=s.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                    headers={"User-Agent": self.user_agent, "Accept": ACCEPT,
                                             "Accept-Language": "*"})
        self._cancel = cancel
        self._sleep = sleep or (cancel.wait if cancel is not None else time.sleep)
        self._clock = clock
        self._robots: dict[str, _Robots] = {}
        self._last_request: dict[str, float] = {}
        self.requests = 0   # every request sent, robots.txt included

    @property
    def cancelled(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    # -- public -----------------------------------------------------------------------------------

    def get(self, url: str, validators: Validators | None = None) -> FetchResult:
        """Fetch `url` politely; every failure is a result with a reason, never an exception."""
        try:
            return self._get(url, validators)
        except Exception as err:   # a bug or an odd library error must not stop a crawl
            log.debug("fetch of %s failed unexpectedly", url, exc_info=True)
            return FetchResult(url, url, None, error=f"unexpected error ({type(err).__name__}: {err})")

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- redirects --------------------------------------------------------------------------------

    def _get(self, url: str, validators: Validators | None) -> FetchResult:
        current, seen, attempts = url, [url], 0
        conditional = validators.headers() if validators else {}
        for _ in range(self.settings.max_redirects + 1):
            bad = _bad_url(current)
            if bad:
                return FetchResult(url, current, None, error=bad, attempts=attempts)
            refusal = self._robots_refusal(current)
            if refusal is not None:   # an unreachable robots.txt may come back: transient
                reason, transient = refusal
                return FetchResult(url, current, None, error=reason, attempts=attempts, transient=transient)
            attempt, tries = self._with_retries(current, conditional)
            attempts += tries
            if attempt.status not in REDIRECT_STATUSES:
                return _result(url, current, attempt, attempts)
            target = attempt.headers.get("location")
            if not target:
                return FetchResult(url, current, attempt.status, attempts=attempts,
                                   error=f"HTTP {attempt.status} redirect without a Location header")
            current = urljoin(current, target.strip())
            if current in seen:
                loop = " -> ".join([*seen[seen.index(current):], current])
                return FetchResult(url, current, attempt.status, attempts=attempts,
                                   error=f"redirect loop ({loop})")
            seen.append(current)
        return FetchResult(url, current, None, attempts=attempts,
                           error=f"too many redirects (more than {self.settings.max_redirects})")

    # -- retries ----------------------------------------------------------------------------------

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[_Attempt, int]:
        tries = 0
        while True:
            self._wait_turn(url)
            if self.cancelled:
                return _Attempt(None, error=CANCELLED, transient=True), tries
            attempt = self._once(url, headers)
            tries += 1
            if not attempt.transient or tries > self.settings.retries:
                return attempt, tries
            wait = max(self.settings.backoff * 2 ** (tries - 1), _retry_after(attempt.headers))
            log.info("retrying %s in %.1f s (%s)", url, wait, attempt.error or attempt.status)
            self._sleep(wait)

    def _once(self, url: str, headers: dict[str, str]) -> _Attempt:
        """One request, streamed; the body is cut off past the size cap and the deadline."""
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES or status == 304:
                    return _Attempt(status, response.headers)
                if status >= 400:
                    return _Attempt(status, response.headers, error=_http_error(response),
                                    transient=status in RETRY_STATUSES)
                body, error = self._read_body(response)
                return _Attempt(status, response.headers, body, error)
        except httpx.TimeoutException as err:
            return _Attempt(None, error=f"timed out ({_timeout_kind(err)})", transient=True)
        except httpx.TransportError as err:   # refused, reset, broken HTTP, DNS failure
            return _Attempt(None, error=f"connection failed ({_describe(err)})",
                            transient=not isinstance(err, httpx.UnsupportedProtocol))
        except httpx.DecodingError as err:   # a gzip or brotli body that does not decompress
            return _Attempt(None, error=f"undecodable response body ({_describe(err)})")
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            return _Attempt(None, error=f"bad response or URL ({_describe(err)})")

    def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            return b"", _too_large(cap, int(declared))
        started, chunks, size = self._clock(), [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                return b"", _too_large(cap)
            if self._clock() - started > self.settings.deadline:
                return b"", f"too slow (the body took more than {self.settings.deadline:g} s)"
            chunks.append(chunk)
        return b"".join(chunks), None

    # -- rate limit -------------------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again, then mark the time."""
        host = _host(url)
        interval = max(self.settings.interval, self._crawl_delay(host))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _crawl_delay(self, host: str) -> float:
        robots = self._robots.get(host)
        if robots is None or robots.rules is None:
            return 0.0
        delay = robots.rules.crawl_delay(self.user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    # -- robots.txt -------------------------------------------------------------------------------

    def _robots_refusal(self, url: str) -> tuple[str, bool] | None:
        """None when robots.txt lets kizuna fetch `url`, else (why not, whether it may pass)."""
        if not self.settings.robots:
            return None
        robots = self._robots_for(_host(url))
        if robots.rules is None:
            return robots.reason or "robots.txt unreachable", True
        if not robots.rules.can_fetch(url, self.user_agent):
            return "forbidden by robots.txt", False
        return None

    def _robots_for(self, host: str) -> _Robots:
        cached = self._robots.get(host)
        if cached is not None:
            ttl = self.settings.robots_ttl
            if cached.rules is None:
                ttl = min(ROBOTS_RETRY, ttl)
            if self._clock() - cached.read_at < ttl:
                return cached
        robots = self._read_robots(host)
        if robots.reason != CANCELLED:
            self._robots[host] = robots
        return robots

    def _read_robots(self, host: str) -> _Robots:
        url = f"{host}/robots.txt"
        attempt = self._robots_attempt(url)
        now = self._clock()
        if attempt.error == CANCELLED:
            return _Robots(None, CANCELLED, now)
        if attempt.status is None or attempt.status >= 500:
            reason = attempt.error or f"HTTP {attempt.status}"
            return _Robots(None, f"robots.txt unreachable ({reason}): not fetching from {host} for now", now)
        if attempt.status != 200:   # 4xx: no rules (RFC 9309, 2.3.1.3)
            return _Robots(Protego.parse(""), None, now)
        try:
            rules = Protego.parse(attempt.body.decode("utf-8", errors="replace"))
        except Exception:   # protego on garbage: treat as no rules, like a missing file
            log.info("unparsable robots.txt at %s: ignored", url)
            rules = Protego.parse("")
        return _Robots(rules, None, now)

    def _robots_attempt(self, url: str) -> _Attempt:
        """GET robots.txt, following up to `max_redirects` redirects (RFC 9309 asks for 5)."""
        for _ in range(self.settings.max_redirects + 1):
            attempt, _tries = self._with_retries(url, {})
            if attempt.status not in REDIRECT_STATUSES or not attempt.headers.get("location"):
                return attempt
            url = urljoin(url, attempt.headers["location"])
            if _bad_url(url):
                break
        return _Attempt(404)   # redirected away or in circles: as if there were no robots.txt


# -- helpers ------------------------------------------------------------------------------------------

def _result(url: str, final_url: str, attempt: _Attempt, attempts: int) -> FetchResult:
    headers = attempt.headers
    error = attempt.error
    if error is None and attempt.status not in (200, 304):
        error = f"HTTP {attempt.status}: nothing to read"   # 204, 206 and other successes without a page
    return FetchResult(url=url, final_url=final_url, status=attempt.status, body=attempt.body,
                       content_type=headers.get("content-type"), etag=headers.get("etag"),
                       last_modified=headers.get("last-modified"), error=error, attempts=attempts,
                       transient=attempt.transient)


def _bad_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError as err:
        return f"not a valid URL ({err})"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "not an http(s) URL"
    return None


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _http_error(response: httpx.Response) -> str:
    reason = response.reason_phrase or ""
    return f"HTTP {response.status_code}{' ' + reason if reason else ''}"


def _too_large(cap: int, size: int | None = None) -> str:
    told = f"{_amount(size)}; " if size is not None else ""
    return f"too large ({told}the limit is {_amount(cap)})"


def _amount(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def _timeout_kind(err: httpx.TimeoutException) -> str:
    kinds = {httpx.ConnectTimeout: "connecting", httpx.ReadTimeout: "waiting for the server",
             httpx.WriteTimeout: "sending", httpx.PoolTimeout: "waiting for a connection"}
    return next((v for k, v in kinds.items() if isinstance(err, k)), "no answer")


def _describe(err: Exception) -> str:
    text = str(err).strip()
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _retry_after(headers: httpx.Headers) -> float:
    """Seconds a 429/503 asks us to wait (a number or an HTTP date), capped; 0 when not said."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return 0.0
    wait = when - time.time()
    return min(max(wait, 0.0), MAX_RETRY_AFTER) if math.isfinite(wait) else 0.0


def is_html(content_type: str | None) -> bool:
    """Whether a response is a page kizuna can clean (no header: assume it is)."""
    if not content_type:
        return True
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml", "text/plain") or kind.endswith("+html")


__all__ = ["CANCELLED", "CONTACT_URL", "DecodeError", "FetchResult", "FetchSettings", "Fetcher", "Validators",
           "charset_of", "decode_body", "is_html", "user_agent"]

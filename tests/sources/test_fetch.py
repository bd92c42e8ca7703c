"""Polite fetching against a local server: retries, timeouts, resets, redirects, size cap,
charsets, robots.txt, conditional GET and the per-host rate limit (counted, not timed)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.sources.decode import DecodeError
from kizuna.sources.fetch import (CANCELLED, Fetcher, FetchSettings, Validators, charset_of, decode_body,
                                  is_html, user_agent)

from .localweb import EN_BAC_NINH_SAITAMA, VI_NGHE_AN_GIFU, LocalWeb, Reply, Request, ja_page, to_cp1258

# No rate limit, tiny timeouts and backoff: the whole file runs in a few seconds.
FAST = FetchSettings(rate=0, connect_timeout=1.0, read_timeout=0.3, backoff=0.001, retries=2,
                     max_bytes=64 * 1024)
HTML_UTF8 = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture()
def web() -> Iterator[LocalWeb]:
    server = LocalWeb().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_web() -> Iterator[LocalWeb]:
    """One server for a property test's many examples (routes are replaced by each)."""
    server = LocalWeb().start()
    yield server
    server.stop()


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as client:
        yield client


class FakeTime:
    """A clock that moves only when slept on: waits are counted, the test never waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


# -- plain pages and charsets -------------------------------------------------------------------------

def test_a_page_comes_back_with_body_headers_and_a_user_agent_naming_kizuna(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/tin/nghe-an-gifu", Reply(body=VI_NGHE_AN_GIFU, headers={**HTML_UTF8, "ETag": '"a1"'}))
    result = fetcher.get(url)
    assert result.ok and result.error is None and result.status == 200
    assert result.body == VI_NGHE_AN_GIFU and result.etag == '"a1"' and result.final_url == url
    assert "tỉnh Gifu" in result.text()
    agent = next(r for r in web.requests if r.path == "/tin/nghe-an-gifu").headers["user-agent"]
    assert agent.startswith("kizuna/") and "contact" in agent
    assert agent == user_agent()


def test_shift_jis_declared_in_the_header_wins_over_a_wrong_meta(web: LocalWeb, fetcher: Fetcher) -> None:
    body = ja_page("shift_jis", meta_charset="utf-8")
    url = web.route("/ja", Reply(body=body, headers={"Content-Type": "text/html; charset=Shift_JIS"}))
    text = fetcher.get(url).text()
    assert "大阪府" in text and "ハイフォン" in text


def test_a_wrong_header_charset_gives_way_to_the_meta_one_that_decodes(web: LocalWeb, fetcher: Fetcher) -> None:
    body = ja_page("shift_jis")   # the meta says shift_jis, the server claims UTF-8
    url = web.route("/ja-wrong", Reply(body=body, headers=HTML_UTF8))
    assert "大阪府" in fetcher.get(url).text()


def test_windows_1258_declared_only_in_the_meta(web: LocalWeb, fetcher: Fetcher) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>'
            "<body><p>Tỉnh Quảng Nam và tỉnh Yamanashi ký biên bản hợp tác du lịch.</p></body></html>")
    url = web.route("/cp1258", Reply(body=to_cp1258(page), headers={"Content-Type": "text/html"}))
    assert "Tỉnh Quảng Nam và tỉnh Yamanashi ký biên bản hợp tác du lịch." in fetcher.get(url).text()


# -- failures that may pass: retries with backoff ----------------------------------------------------

def test_a_500_then_a_200_is_retried_after_a_pause(web: LocalWeb) -> None:
    url = web.route("/flaky", lambda req, n: Reply(500) if n == 1 else Reply(body=EN_BAC_NINH_SAITAMA))
    clock = FakeTime()
    with Fetcher(FetchSettings(rate=0, backoff=0.5), sleep=clock.sleep, clock=clock.clock) as client:
        result = client.get(url)
    assert result.ok and result.attempts == 2 and web.hits("/flaky") == 2
    assert clock.sleeps == [0.5]


def test_always_500_gives_up_after_the_retries_with_doubling_pauses(web: LocalWeb) -> None:
    url = web.route("/down", Reply(503, b"busy"))
    clock = FakeTime()
    with Fetcher(FetchSettings(rate=0, backoff=0.5, retries=3), sleep=clock.sleep, clock=clock.clock) as client:
        result = client.get(url)
    assert result.status == 503 and result.error == "HTTP 503 Service Unavailable"
    assert result.transient and not result.ok and result.attempts == 4
    assert web.hits("/down") == 4 and clock.sleeps == [0.5, 1.0, 2.0]


def test_a_404_is_not_retried(web: LocalWeb, fetcher: Fetcher) -> None:
    result = fetcher.get(web.url("/missing"))
    assert result.error == "HTTP 404 Not Found" and not result.transient and web.hits("/missing") == 1


def test_a_connection_reset_is_an_error_and_is_retried(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/reset", Reply(reset=True))
    result = fetcher.get(url)
    assert result.status is None and result.error.startswith("connection failed") and result.transient
    assert web.hits("/reset") == FAST.retries + 1


def test_a_reset_then_a_page(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/reset-once", lambda req, n: Reply(reset=True) if n == 1 else Reply(body=VI_NGHE_AN_GIFU))
    assert fetcher.get(url).ok


def test_a_server_slower_than_the_timeout(web: LocalWeb) -> None:
    url = web.route("/slow", Reply(body=b"late", delay=0.6))
    with Fetcher(FetchSettings(rate=0, read_timeout=0.2, retries=0)) as client:
        result = client.get(url)
    assert result.error == "timed out (waiting for the server)" and result.transient and result.status is None


def test_a_closed_port_is_an_error_not_an_exception() -> None:
    with Fetcher(FetchSettings(rate=0, retries=0, robots=False)) as client:
        result = client.get("http://127.0.0.1:9/nothing")   # the discard port: nobody listens
    assert result.error is not None and result.error.startswith("connection failed")


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "not a url", "http://", "mailto:press@gifu.example"])
def test_urls_kizuna_cannot_fetch(fetcher: Fetcher, url: str) -> None:
    result = fetcher.get(url)
    assert result.error == "not an http(s) URL" and fetcher.requests == 0


# -- redirects --------------------------------------------------------------------------------------

def test_a_redirect_is_followed_and_the_final_url_kept(web: LocalWeb, fetcher: Fetcher) -> None:
    start = web.route("/old", Reply(301, headers={"Location": "/new"}))
    web.route("/new", Reply(body=VI_NGHE_AN_GIFU, headers=HTML_UTF8))
    result = fetcher.get(start)
    assert result.ok and result.url == start and result.final_url == web.url("/new")


def test_a_redirect_loop_is_named(web: LocalWeb, fetcher: Fetcher) -> None:
    start = web.route("/a", Reply(302, headers={"Location": "/b"}))
    web.route("/b", Reply(302, headers={"Location": "/a"}))
    result = fetcher.get(start)
    assert result.error is not None and result.error.startswith("redirect loop")
    assert "/a -> " in result.error and web.hits("/a") == 1 and web.hits("/b") == 1


def test_too_many_redirects(web: LocalWeb, fetcher: Fetcher) -> None:
    for n in range(8):
        web.route(f"/hop{n}", Reply(302, headers={"Location": f"/hop{n + 1}"}))
    result = fetcher.get(web.url("/hop0"))
    assert result.error == "too many redirects (more than 5)" and web.hits("/hop6") == 0


# -- size cap -------------------------------------------------------------------------------------------

def test_a_streamed_body_past_the_cap_is_abandoned(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/huge", Reply(body=b"<p>Gifu</p>" * 1000, chunks=50, headers={"Content-Type": "text/html"}))
    result = fetcher.get(url)
    assert result.error == "too large (the limit is 64 KB)" and result.body == b"" and not result.transient


def test_a_declared_length_past_the_cap_is_refused_before_reading(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/big", Reply(body=b"x" * (200 * 1024), headers={"Content-Type": "text/html"}))
    assert fetcher.get(url).error == "too large (200 KB; the limit is 64 KB)"


# -- conditional GET --------------------------------------------------------------------------------------

def _validated(tag: str, stamp: str):
    def route(request: Request, number: int) -> Reply:
        if request.headers.get("if-none-match") == tag or request.headers.get("if-modified-since") == stamp:
            return Reply(304, headers={"ETag": tag})
        return Reply(body=VI_NGHE_AN_GIFU, headers={**HTML_UTF8, "ETag": tag, "Last-Modified": stamp})
    return route


def test_the_second_fetch_with_the_etag_is_not_modified(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/etag", _validated('"v7"', "Tue, 14 Oct 2025 01:00:00 GMT"))
    first = fetcher.get(url)
    second = fetcher.get(url, Validators(etag=first.etag))
    assert first.ok and first.etag == '"v7"'
    assert second.not_modified and second.status == 304 and second.error is None and second.body == b""
    assert web.requests[-1].headers["if-none-match"] == '"v7"'


def test_last_modified_alone_also_gives_a_304(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/lm", _validated('"x"', "Tue, 14 Oct 2025 01:00:00 GMT"))
    result = fetcher.get(url, Validators(last_modified=fetcher.get(url).last_modified))
    assert result.not_modified and "if-none-match" not in web.requests[-1].headers


# -- robots.txt -------------------------------------------------------------------------------------------

def test_robots_txt_forbids_a_path_and_is_read_once_per_host(web: LocalWeb, fetcher: Fetcher) -> None:
    web.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    web.route("/private/plan", Reply(body=VI_NGHE_AN_GIFU))
    web.route("/public", Reply(body=VI_NGHE_AN_GIFU))
    denied = fetcher.get(web.url("/private/plan"))
    allowed = fetcher.get(web.url("/public"))
    assert denied.error == "forbidden by robots.txt" and not denied.transient
    assert allowed.ok
    assert web.hits("/private/plan") == 0 and web.hits("/robots.txt") == 1


def test_robots_txt_rules_for_kizuna_by_name(web: LocalWeb, fetcher: Fetcher) -> None:
    web.route("/robots.txt", Reply(body=b"User-agent: kizuna\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
    url = web.route("/news", Reply(body=VI_NGHE_AN_GIFU))
    assert fetcher.get(url).error == "forbidden by robots.txt"


def test_robots_txt_missing_means_everything_is_allowed(web: LocalWeb, fetcher: Fetcher) -> None:
    url = web.route("/news", Reply(body=VI_NGHE_AN_GIFU))
    assert fetcher.get(url).ok and web.hits("/robots.txt") == 1


def test_robots_txt_failing_means_nothing_is_fetched_for_now(web: LocalWeb, fetcher: Fetcher) -> None:
    web.route("/robots.txt", Reply(500))
    url = web.route("/news", Reply(body=VI_NGHE_AN_GIFU))
    result = fetcher.get(url)
    assert result.error is not None and result.error.startswith("robots.txt unreachable (HTTP 500")
    assert result.transient and web.hits("/news") == 0


def test_robots_can_be_switched_off(web: LocalWeb) -> None:
    web.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    url = web.route("/news", Reply(body=VI_NGHE_AN_GIFU))
    with Fetcher(FetchSettings(rate=0, robots=False)) as client:
        assert client.get(url).ok
    assert web.hits("/robots.txt") == 0


# -- rate limit (requests counted on a fake clock) ----------------------------------------------------------

def test_one_host_is_asked_at_most_rate_times_a_second(web: LocalWeb) -> None:
    for n in range(3):
        web.route(f"/p{n}", Reply(body=VI_NGHE_AN_GIFU))
    clock = FakeTime()
    with Fetcher(FetchSettings(rate=2.0), sleep=clock.sleep, clock=clock.clock) as client:
        for n in range(3):
            assert client.get(web.url(f"/p{n}")).ok
        # a second host name for the same server: its own turn, no wait behind the first
        assert client.get(web.url("/p0", host="localhost")).ok
    assert len(web.requests) == client.requests == 6   # two robots.txt and four pages
    # 127.0.0.1: robots.txt, p0, p1, p2 -> three waits; localhost: robots.txt, p0 -> one wait
    assert clock.sleeps == [0.5, 0.5, 0.5, 0.5]


def test_crawl_delay_slows_a_host_further(web: LocalWeb) -> None:
    web.route("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 3\n"))
    web.route("/p", Reply(body=VI_NGHE_AN_GIFU))
    clock = FakeTime()
    with Fetcher(FetchSettings(rate=2.0), sleep=clock.sleep, clock=clock.clock) as client:
        client.get(web.url("/p"))
        client.get(web.url("/p"))
    assert clock.sleeps == [3.0, 3.0]   # once robots.txt is read, its delay spaces every request


def test_a_cancelled_fetcher_sends_nothing_more(web: LocalWeb) -> None:
    import threading
    cancel = threading.Event()
    cancel.set()
    with Fetcher(FAST, cancel=cancel) as client:
        result = client.get(web.route("/p", Reply(body=VI_NGHE_AN_GIFU)))
    assert result.error == CANCELLED and result.transient and web.requests == []


# -- helpers on untrusted text -------------------------------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    ('text/html; charset="Shift_JIS"', "Shift_JIS"), ("text/html;charset=windows-1258", "windows-1258"),
    ("text/html; boundary=x; CHARSET=utf-8", "utf-8"), ("text/html", None), (None, None), ("text/html; charset=", None),
])
def test_charset_of(header: str | None, expected: str | None) -> None:
    assert charset_of(header) == expected


@pytest.mark.parametrize("content_type, expected", [
    ("text/html; charset=utf-8", True), ("application/xhtml+xml", True), (None, True), ("text/plain", True),
    ("application/pdf", False), ("image/jpeg", False), ("application/rss+xml", False),
])
def test_is_html(content_type: str | None, expected: bool) -> None:
    assert is_html(content_type) is expected


def test_a_binary_body_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        decode_body(b"\x00\x01\x02" * 100, "text/html")


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=400), content_type=st.one_of(st.none(), st.text(max_size=60)))
def test_decode_body_never_crashes(body: bytes, content_type: str | None) -> None:
    try:
        text = decode_body(body, content_type)
    except DecodeError:
        return
    assert isinstance(text, str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_charset_of_never_crashes(header: str) -> None:
    value = charset_of(header)
    assert value is None or (value and value in header)



def test_an_unreachable_robots_txt_is_asked_again_after_a_while(web: LocalWeb) -> None:
    from kizuna.sources.fetch import ROBOTS_RETRY
    web.route("/robots.txt", lambda req, n: Reply(503) if n == 1 else Reply(body=b"User-agent: *\nAllow: /\n"))
    url = web.route("/news", Reply(body=VI_NGHE_AN_GIFU))
    clock = FakeTime()
    with Fetcher(FetchSettings(rate=0, retries=0), sleep=clock.sleep, clock=clock.clock) as client:
        assert client.get(url).error.startswith("robots.txt unreachable")
        assert client.get(url).error.startswith("robots.txt unreachable")   # not asked again at once
        clock.now += ROBOTS_RETRY + 1
        assert client.get(url).ok
    assert web.hits("/robots.txt") == 2


# -- whatever a server sends back, the answer is a result ------------------------------------------------------

_HEADER_LINES = st.sampled_from([
    b"Content-Type: text/html; charset=utf-8", b"Content-Type: text/html; charset=nonsense-42",
    b"Content-Length: 5", b"Content-Length: 999999", b"Content-Length: -3", b"Content-Length: abc",
    b"Content-Encoding: gzip", b"Content-Encoding: br", b"Content-Encoding: zstd, gzip",
    b"Transfer-Encoding: chunked", b"Location: /elsewhere", b"Location: http://[::1", b"Location: ",
    b"ETag: \"x\"", b"Last-Modified: yesterday", b"Retry-After: 9999999999", b"Retry-After: Tue, 99 Foo",
    b"X-\xff\xfe: \x00", b"no colon here",
])


# One client for every example: building an httpx client (its TLS context) costs more than a request.
_RAW_CLIENT = Fetcher(FetchSettings(rate=0, retries=0, robots=False, read_timeout=0.5))


@settings(max_examples=60, deadline=None)
@given(status=st.sampled_from([b"200 OK", b"301 Moved", b"304 Not Modified", b"404 X", b"500 X", b"999 ?",
                               b"abc", b"", b"204 No Content"]),
       headers=st.lists(_HEADER_LINES, max_size=4), body=st.binary(max_size=64),
       garbage=st.one_of(st.none(), st.binary(max_size=40)))
def test_a_broken_server_gives_a_result_never_an_exception(shared_web: LocalWeb, status: bytes,
                                                           headers: list[bytes], body: bytes,
                                                           garbage: bytes | None) -> None:
    raw = garbage if garbage is not None else b"HTTP/1.1 " + status + b"\r\n" + b"".join(
        h + b"\r\n" for h in headers) + b"\r\n" + body
    shared_web.route("/odd", Reply(raw=raw))
    shared_web.route("/elsewhere", Reply(raw=raw))
    result = _RAW_CLIENT.get(shared_web.url("/odd"))
    assert result.error is not None or result.status in (200, 304)
    assert isinstance(result.body, bytes) and len(result.body) <= FetchSettings().max_bytes

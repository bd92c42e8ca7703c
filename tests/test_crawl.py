"""Fetching into a knowledge base: pages and feeds from a local server, conditional GET, failures
that keep every stored document, a kill in the middle, and a watch that resumes its queue."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sources.localweb import (EN_BAC_NINH_SAITAMA, VI_NGHE_AN_GIFU, LocalWeb, Reply, Request, ja_page,
                              news_page, rss)

from kizuna import crawl
from kizuna.errors import UsageError
from kizuna.sources.fetch import FetchSettings
from kizuna.store import open_store

FAST = FetchSettings(rate=0, connect_timeout=1.0, read_timeout=0.5, backoff=0.001, retries=1)
HTML = {"Content-Type": "text/html; charset=utf-8"}
DATES = ["Tue, 14 Oct 2025 09:30:00 +0700", "Wed, 03 Sep 2025 16:00:00 +0700", "Wed, 20 Aug 2025 11:00:00 +0900"]


@pytest.fixture()
def web() -> Iterator[LocalWeb]:
    server = LocalWeb().start()
    yield server
    server.stop()


@pytest.fixture()
def db(kb: str) -> str:
    """A new knowledge base, once on SQLite and once on PostgreSQL (tests/conftest.py)."""
    return kb


def etagged(body: bytes, tag: str, headers: dict[str, str] | None = None):
    """A route that answers 304 to a request carrying its ETag."""
    def route(request: Request, number: int) -> Reply:
        if request.headers.get("if-none-match") == tag:
            return Reply(304, headers={"ETag": tag})
        return Reply(body=body, headers={**(headers or HTML), "ETag": tag})
    return route


def three_pages(web: LocalWeb) -> list[str]:
    return [web.route("/vi/nghe-an-gifu", etagged(VI_NGHE_AN_GIFU, '"vi1"')),
            web.route("/en/bac-ninh-saitama", etagged(EN_BAC_NINH_SAITAMA, '"en1"')),
            web.route("/ja/osaka", etagged(ja_page("shift_jis"), '"ja1"',
                                           {"Content-Type": "text/html; charset=Shift_JIS"}))]


def feed_of(web: LocalWeb, urls: list[str], path: str = "/rss") -> str:
    items = [(f"Tin {n}", url, DATES[n % len(DATES)]) for n, url in enumerate(urls)]
    return web.route(path, etagged(rss(items), '"feed1"', {"Content-Type": "application/rss+xml"}))


def documents(db: str) -> dict[str, str]:
    with open_store(db) as store:
        return {d.source: d.lang for d in store.documents()}


# -- pages ----------------------------------------------------------------------------------------------

def test_pages_are_fetched_extracted_and_stored_with_their_raw_response(web: LocalWeb, db: str) -> None:
    urls = three_pages(web)
    summary = crawl.fetch_urls(urls, db, settings=FAST)
    assert (summary.new, summary.failed) == (3, [])
    assert documents(db) == {urls[0]: "vi", urls[1]: "en", urls[2]: "ja"}
    with open_store(db) as store:
        row = store.fetchlog.page(urls[2])
        assert row is not None and row.status == 200 and row.etag == '"ja1"' and row.doc_id and row.has_body
        assert store.fetchlog.body(urls[2]) == (ja_page("shift_jis"), "text/html; charset=Shift_JIS")
        doc = store.document(row.doc_id)
        assert doc is not None and doc.url == urls[2] and "大阪府" in (doc.text or "")
        localities = {loc.name for loc in store.localities()}
    assert {"Nghệ An", "Bắc Ninh"} <= localities


def test_the_second_fetch_sends_the_etag_and_stores_nothing_new(web: LocalWeb, db: str) -> None:
    urls = three_pages(web)
    crawl.fetch_urls(urls, db, settings=FAST)
    again = crawl.fetch_urls(urls, db, settings=FAST)
    assert (again.new, again.not_modified, again.failed, again.all_failed) == (0, 3, [], False)
    assert web.requests[-1].headers.get("if-none-match") == '"ja1"'
    assert len(documents(db)) == 3


def test_a_redirected_page_keeps_the_url_given_as_its_source(web: LocalWeb, db: str) -> None:
    start = web.route("/r/1", Reply(301, headers={"Location": "/vi/bai-viet"}))
    web.route("/vi/bai-viet", Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    crawl.fetch_urls([start], db, settings=FAST)
    with open_store(db) as store:
        [doc] = store.documents()
    assert doc.source == start and doc.url == web.url("/vi/bai-viet")


def test_failures_are_named_and_every_good_page_is_kept(web: LocalWeb, db: str) -> None:
    good = three_pages(web)
    broken = [web.route("/down", Reply(500)), web.route("/reset", Reply(reset=True)),
              web.url("/missing"), web.route("/file.pdf", Reply(body=b"%PDF-1.4", headers={"Content-Type":
                                                                                          "application/pdf"})),
              web.route("/script-only", Reply(body=b"<html><body><script>var x = 1;</script></body></html>",
                                              headers=HTML))]
    summary = crawl.fetch_urls([good[0], *broken[:3], good[1], *broken[3:], good[2]], db, settings=FAST)
    reasons = dict(summary.failed)
    assert summary.new == 3 and len(summary.failed) == 5 and not summary.all_failed
    assert reasons[broken[0]] == "HTTP 500 Internal Server Error"
    assert reasons[broken[1]].startswith("connection failed")
    assert reasons[broken[2]] == "HTTP 404 Not Found"
    assert reasons[broken[3]] == "not a web page (content type application/pdf)"
    assert reasons[broken[4]].startswith("no article text found")
    assert set(documents(db)) == set(good)
    with open_store(db) as store:   # a page read but without text keeps its body: no need to fetch it again
        row = store.fetchlog.page(broken[4])
        assert row is not None and row.has_body and row.doc_id is None and row.error == reasons[broken[4]]


def test_a_failed_refetch_keeps_the_document_and_the_stored_body(web: LocalWeb, db: str) -> None:
    urls = three_pages(web)
    crawl.fetch_urls(urls, db, settings=FAST)
    for path in ("/vi/nghe-an-gifu", "/en/bac-ninh-saitama", "/ja/osaka"):
        web.route(path, Reply(503))
    summary = crawl.fetch_urls(urls, db, settings=FAST)
    assert summary.all_failed and len(summary.failed) == 3
    assert len(documents(db)) == 3
    with open_store(db) as store:
        row = store.fetchlog.page(urls[0])
        assert row is not None and row.status == 503 and row.error and row.doc_id and row.etag == '"vi1"'
        assert store.fetchlog.body(urls[0]) == (VI_NGHE_AN_GIFU, HTML["Content-Type"])


def test_a_kill_while_storing_leaves_no_half_document(web: LocalWeb, db: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    urls = three_pages(web)
    real_add = crawl.add_document
    stored: list[str] = []

    def add_then_die(store, extraction):   # the second document is written, then the process "dies"
        outcome = real_add(store, extraction)
        stored.append(extraction.document.source)
        if len(stored) == 2:
            raise KeyboardInterrupt
        return outcome

    monkeypatch.setattr(crawl, "add_document", add_then_die)
    with pytest.raises(KeyboardInterrupt):
        crawl.fetch_urls(urls, db, settings=FAST)
    assert documents(db) == {urls[0]: "vi"}   # the second one's transaction was rolled back whole
    with open_store(db) as store:
        assert store.fetchlog.page(urls[1]) is None and store.fetchlog.page(urls[0]) is not None
    monkeypatch.setattr(crawl, "add_document", real_add)
    summary = crawl.fetch_urls(urls, db, settings=FAST)   # a new run completes the work
    assert (summary.new, summary.not_modified) == (2, 1) and len(documents(db)) == 3


def test_a_store_error_on_one_page_is_a_failure_of_that_page(web: LocalWeb, db: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    urls = three_pages(web)
    real_add = crawl.add_document

    def refuse_english(store, extraction):
        if extraction.document.lang == "en":
            raise ValueError("disk says no")
        return real_add(store, extraction)

    monkeypatch.setattr(crawl, "add_document", refuse_english)
    summary = crawl.fetch_urls(urls, db, settings=FAST)
    assert summary.new == 2 and summary.failed == [(urls[1], "could not store: disk says no")]
    assert set(documents(db)) == {urls[0], urls[2]}


# -- feeds --------------------------------------------------------------------------------------------------

def test_a_feeds_file_queues_and_fetches_new_articles_once(web: LocalWeb, db: str, tmp_path: Path) -> None:
    feed = feed_of(web, three_pages(web))
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# local cooperation news\n\n{feed}   # Vietnamese outlet\nnot-a-url\n", "utf-8")
    first = crawl.fetch_feeds(feeds_file, db, settings=FAST)
    assert (first.feeds_read, first.queued, first.new, first.pending) == (1, 3, 3, 0)
    assert first.failed == [(f"{feeds_file}#L4", "not an http(s) feed URL: 'not-a-url'")]
    second = crawl.fetch_feeds(feeds_file, db, settings=FAST)
    assert (second.not_modified, second.queued, second.new, second.feeds_read) == (1, 0, 0, 0)
    assert all(web.hits(p) == 1 for p in ("/vi/nghe-an-gifu", "/en/bac-ninh-saitama", "/ja/osaka"))
    with open_store(db) as store:
        assert store.fetchlog.feed(feed).etag == '"feed1"'
        published = {d.source: d.published for d in store.documents()}
    assert published[web.url("/vi/nghe-an-gifu")] == "2025-10-14"


def test_a_feed_listing_known_articles_queues_nothing(web: LocalWeb, db: str) -> None:
    urls = three_pages(web)
    crawl.fetch_urls(urls, db, settings=FAST)
    summary = crawl.fetch_feeds([web.route("/rss", Reply(body=rss([("a", urls[0], DATES[0])])))], db,
                                settings=FAST)
    assert (summary.feeds_read, summary.queued, summary.new) == (1, 0, 0)


def test_a_malformed_feed_still_gives_its_articles(web: LocalWeb, db: str) -> None:
    page = web.route("/vi/1", Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    broken = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin & bài</title>'
              f"<item><title>Nghệ An & Gifu</title><link>{page}</link></item>").encode()
    summary = crawl.fetch_feeds([web.route("/broken.xml", Reply(body=broken))], db, settings=FAST)
    assert (summary.new, summary.failed) == (1, [])
    with open_store(db) as store:
        assert store.fetchlog.feed(web.url("/broken.xml")).error.startswith("malformed XML")


def test_a_feed_that_yields_nothing_fails_with_its_url(web: LocalWeb, db: str) -> None:
    feed = web.route("/not-a-feed", Reply(body="<html><body>Trang chủ</body></html>".encode(), headers=HTML))
    down = web.route("/feed-down", Reply(500))
    summary = crawl.fetch_feeds([feed, down], db, settings=FAST)
    assert summary.all_failed
    assert [u for u, _ in summary.failed] == [feed, down]
    assert dict(summary.failed)[feed].startswith("not an RSS or Atom feed")


def test_an_empty_or_missing_feeds_file_is_a_usage_error(tmp_path: Path, db: str) -> None:
    empty = tmp_path / "feeds.txt"
    empty.write_text("# nothing yet\n", "utf-8")
    with pytest.raises(UsageError, match="lists no feed URL"):
        crawl.fetch_feeds(empty, db, settings=FAST)
    with pytest.raises(UsageError, match="cannot read the feeds file"):
        crawl.fetch_feeds(tmp_path / "absent.txt", db, settings=FAST)


def test_read_feed_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("\ufeff# Vietnamese outlets\nhttps://tin.example.vn/rss.xml\n\n"
                       "  https://news.example.jp/atom.xml#top   # Japanese prefecture, English edition\n"
                       "ftp://old.example.org/feed\n", "utf-8")
    urls, bad = crawl.read_feed_list(listing)
    assert urls == ["https://tin.example.vn/rss.xml", "https://news.example.jp/atom.xml#top"]
    assert bad == [(f"{listing}#L5", "not an http(s) feed URL: 'ftp://old.example.org/feed'")]


# -- the queue: stopping, resuming, retrying -------------------------------------------------------------------

def test_watch_stopped_after_one_page_then_a_second_watch_resumes_the_queue(web: LocalWeb, db: str) -> None:
    feed = feed_of(web, three_pages(web))
    stop = threading.Event()

    def stop_after_first_page(url: str, outcome: str) -> None:
        if outcome == "new":
            stop.set()

    first = crawl.watch([feed], db, every_seconds=3600, stop=stop, settings=FAST, progress=stop_after_first_page)
    assert (first.rounds, first.new, first.pending, first.stopped) == (1, 1, 2, True)
    assert len(documents(db)) == 1

    rounds: list[int] = []
    again = threading.Event()
    second = crawl.watch([feed], db, every_seconds=3600, stop=again, settings=FAST,
                         on_round=lambda n, s: (rounds.append(n), again.set()))   # stop after one round
    assert rounds == [1] and (second.new, second.pending, second.not_modified) == (2, 0, 1)
    assert len(documents(db)) == 3
    assert all(web.hits(p) == 1 for p in ("/vi/nghe-an-gifu", "/en/bac-ninh-saitama", "/ja/osaka"))


def test_watch_runs_rounds_until_stopped_during_its_pause(web: LocalWeb, db: str) -> None:
    feed = feed_of(web, three_pages(web)[:1])
    stop = threading.Event()
    rounds: list[int] = []
    worker = threading.Thread(target=crawl.watch, args=([feed], db, 0.05, stop),
                              kwargs={"settings": FAST, "on_round": lambda n, s: rounds.append(n)})
    worker.start()
    while len(rounds) < 2 and worker.is_alive():
        worker.join(0.05)
    stop.set()
    worker.join(5)
    assert not worker.is_alive() and len(rounds) >= 2
    assert web.hits("/rss") >= 2 and web.hits("/vi/nghe-an-gifu") == 1


def test_a_kill_in_the_middle_of_the_queue_loses_nothing(web: LocalWeb, db: str) -> None:
    feed = feed_of(web, three_pages(web))

    def die_on_second(url: str, outcome: str) -> None:
        if outcome == "new" and len(documents(db)) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        crawl.fetch_feeds([feed], db, settings=FAST, progress=die_on_second)
    with open_store(db) as store:
        assert store.fetchlog.pending_count() == 1
    resumed = crawl.fetch_feeds([feed], db, settings=FAST)
    assert (resumed.new, resumed.pending) == (1, 0) and len(documents(db)) == 3


def test_a_queued_article_failing_for_a_passing_reason_is_retried_next_rounds(web: LocalWeb, db: str) -> None:
    flaky = web.route("/vi/flaky", lambda req, n: Reply(503) if n <= 2 * (FAST.retries + 1)
                      else Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    gone = web.url("/vi/gone")
    feed = feed_of(web, [flaky, gone])
    first = crawl.fetch_feeds([feed], db, settings=FAST)
    assert first.pending == 1 and len(first.failed) == 2   # the 404 leaves the queue, the 503 stays
    second = crawl.fetch_feeds([feed], db, settings=FAST)
    assert second.pending == 1 and second.new == 0
    third = crawl.fetch_feeds([feed], db, settings=FAST)
    assert third.new == 1 and third.pending == 0


def test_a_queued_article_that_keeps_failing_leaves_the_queue(web: LocalWeb, db: str) -> None:
    feed = feed_of(web, [web.route("/vi/down", Reply(503))])
    for _ in range(crawl.MAX_PENDING_ATTEMPTS):
        summary = crawl.fetch_feeds([feed], db, settings=FAST)
    assert summary.pending == 0
    with open_store(db) as store:
        assert store.fetchlog.page(web.url("/vi/down")).error == "HTTP 503 Service Unavailable"


def test_fetch_with_feeds_and_urls_together(web: LocalWeb, db: str) -> None:
    urls = three_pages(web)
    extra = web.route("/vi/khac", Reply(body=news_page(
        "Hưng Yên và Kanagawa hợp tác đào tạo điều dưỡng",
        ["Ngày 2/10/2025, tỉnh Hưng Yên và tỉnh Kanagawa ký thỏa thuận đào tạo 50 điều dưỡng viên."]),
        headers=HTML))
    summary = crawl.fetch([extra], feed_of(web, urls), db, settings=FAST)
    assert (summary.new, summary.feeds_read, summary.failed) == (4, 1, [])


# -- the fetch log itself -----------------------------------------------------------------------------------------

def test_fetch_log_keeps_the_last_good_body_and_validators_through_failures(db: str) -> None:
    from kizuna.store.fetchlog import PageRecord
    log = open_store(db).fetchlog   # its tables are made on first use
    url = "https://tin.example.vn/a/1.html"
    assert log.page(url) is None and log.validators(url) == (None, None) and log.body(url) is None
    log.record(PageRecord(url, url, 200, '"e1"', "Tue, 14 Oct 2025 01:00:00 GMT", "text/html", b"<p>Gifu</p>",
                          None, "doc1"))
    log.record(PageRecord(url, url, 503, error="HTTP 503 Service Unavailable"))
    row = log.page(url)
    assert row is not None and (row.status, row.error, row.doc_id, row.etag, row.has_body) == (
        503, "HTTP 503 Service Unavailable", "doc1", '"e1"', True)
    assert log.body(url) == (b"<p>Gifu</p>", "text/html") and log.validators(url)[0] == '"e1"'
    assert log.is_done(url)


def test_fetch_log_queue_and_feeds(db: str) -> None:
    from kizuna.store.fetchlog import PageRecord
    log = open_store(db).fetchlog
    done, fresh = "https://tin.example.vn/a/1.html", "https://tin.example.vn/a/2.html"
    log.record(PageRecord(done, done, 200, body=b"x", doc_id="doc1"))
    feed = "https://tin.example.vn/rss"
    added = log.enqueue([(done, feed, "Một", None), (fresh, feed, "Hai", "2025-10-14"), (fresh, feed, "Hai", None)])
    assert added == 1 and [e.url for e in log.pending()] == [fresh] and log.pending()[0].published == "2025-10-14"
    assert log.postpone(fresh, "timed out", max_attempts=2) and not log.postpone(fresh, "timed out", max_attempts=2)
    assert log.pending_count() == 0
    log.record_feed(feed, 200, validators=('"f1"', None), entries=2)
    log.record_feed(feed, 304)
    log.record_feed(feed, None, "connection failed")
    row = log.feed(feed)
    assert row is not None and (row.etag, row.entries, row.error) == ('"f1"', 2, "connection failed")
    assert log.counts() == {"pages": 1, "pages_with_document": 1, "pages_failed": 0, "feeds": 1, "pending": 0}


def test_fetch_log_on_a_bare_sqlite_connection() -> None:
    import sqlite3

    from kizuna.store.fetchlog import FetchLog, PageRecord
    log = FetchLog(sqlite3.connect(":memory:", isolation_level=None))   # a bare connection: tables made on use
    log.record(PageRecord("https://tin.example.vn/a/1.html", body=b"x", doc_id="doc1"))
    assert log.is_done("https://tin.example.vn/a/1.html") and log.counts()["pages"] == 1

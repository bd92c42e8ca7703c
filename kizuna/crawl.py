"""Keeping up with the news: fetch pages and feeds into a knowledge base.

    fetch_urls(["https://example.vn/tin/1"], db="kizuna.db")  -> FetchSummary
    fetch_feeds("feeds.txt", db="kizuna.db")                  -> FetchSummary
    watch("feeds.txt", db="kizuna.db", every_seconds=1800, stop=event)

Each page goes through the whole pipeline (`kizuna.pipeline.process`) and is stored with
`kizuna.api.add_document` in one transaction together with its fetch-log row (and its removal
from the pending queue), so a kill at any moment leaves either the whole document or nothing.

A feeds round: check each feed with a conditional GET, queue the article URLs not seen before
(the queue is in the database), then fetch the queue oldest first. A stopped or killed round
leaves the rest of the queue for the next one. Library code installs no signal handler: the
caller (the CLI) turns SIGINT/SIGTERM into `stop.set()`, and the current document finishes.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .api import add_document
from .errors import InputError, UsageError
from .model import Extraction, RawDocument
from .sources.decode import DecodeError
from .sources.feeds import parse_feed
from .sources.fetch import CANCELLED, Fetcher, FetchResult, FetchSettings, Validators, decode_body, is_html
from .store import SQLStore, open_store
from .store.fetchlog import FetchLog, PageRecord
from .store.writing import StoreWriteError

log = logging.getLogger(__name__)

# Rounds in which a queued article may fail for a reason that can pass (5xx, timeout, reset)
# before it leaves the queue; its last error stays in the fetch log.
MAX_PENDING_ATTEMPTS = 3

# (url, outcome): new, unchanged, updated, not modified, failed; for feeds "feed: N new",
# "feed not modified", "feed failed"
Progress = Callable[[str, str], None]
RoundDone = Callable[[int, "FetchSummary"], None]   # (round number, that round's summary)
Db = str | Path | SQLStore
_Outcome = tuple[str, str | None]   # (outcome for the progress display, failure reason or None)

_COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(slots=True)
class FetchSummary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    not_modified: int = 0     # pages and feeds that answered 304: nothing needed fetching
    feeds_read: int = 0       # feeds whose body was read
    queued: int = 0           # article URLs found in feeds and queued
    pending: int = 0          # still queued at the end (a stopped run, or failures to retry)
    rounds: int = 0
    stopped: bool = False     # the stop event ended the run before its queue was empty
    failed: list[tuple[str, str]] = field(default_factory=list)   # (url, reason)

    @property
    def stored(self) -> int:
        """Pages that are in the knowledge base after this run (new, updated or unchanged)."""
        return self.new + self.unchanged + self.updated

    @property
    def all_failed(self) -> bool:
        """Something was tried and nothing worked (the CLI's exit status 2)."""
        return bool(self.failed) and self.stored + self.not_modified + self.feeds_read == 0

    def add(self, other: FetchSummary) -> None:
        """Fold another round's counts into this one (pending and stopped: the latest)."""
        for name in ("new", "unchanged", "updated", "not_modified", "feeds_read", "queued", "rounds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed.extend(other.failed)
        self.pending, self.stopped = other.pending, other.stopped

    def to_dict(self) -> dict[str, object]:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated,
                "not_modified": self.not_modified, "feeds_read": self.feeds_read, "queued": self.queued,
                "pending": self.pending, "rounds": self.rounds, "stopped": self.stopped,
                "failed": [{"url": u, "reason": r} for u, r in self.failed]}


# -- the public API ------------------------------------------------------------------------------------

def fetch_urls(urls: Iterable[str], db: Db = "kizuna.db", *, settings: FetchSettings | None = None,
               progress: Progress | None = None, stop: threading.Event | None = None) -> FetchSummary:
    """Fetch web pages (conditional GET when fetched before) and store what they report."""
    return fetch(urls=urls, db=db, settings=settings, progress=progress, stop=stop)


def fetch_feeds(feeds: str | Path | Iterable[str], db: Db = "kizuna.db", *,
                settings: FetchSettings | None = None, progress: Progress | None = None,
                stop: threading.Event | None = None) -> FetchSummary:
    """One round over RSS/Atom feeds (a feeds file, or feed URLs): queue new articles, fetch the queue."""
    return fetch(feeds=feeds, db=db, settings=settings, progress=progress, stop=stop)


def fetch(urls: Iterable[str] = (), feeds: str | Path | Iterable[str] | None = None, db: Db = "kizuna.db", *,
          settings: FetchSettings | None = None, progress: Progress | None = None,
          stop: threading.Event | None = None) -> FetchSummary:
    """Feeds first (one round), then the pages given; one store and one polite client for both."""
    stop = stop or threading.Event()
    feed_urls, summary = _feed_list(feeds) if feeds is not None else ([], FetchSummary())
    with _crawler(db, settings, progress, stop) as crawler:
        if feeds is not None:
            summary.add(crawler.round(feed_urls))
        for url in _unique(urls):
            if stop.is_set():
                summary.stopped = True
                break
            crawler.page(url, summary)
    return summary


def watch(feeds: str | Path | Iterable[str], db: Db = "kizuna.db", every_seconds: float = 1800.0,
          stop: threading.Event | None = None, *, settings: FetchSettings | None = None,
          progress: Progress | None = None, on_round: RoundDone | None = None,
          max_rounds: int | None = None) -> FetchSummary:
    """Check the feeds every `every_seconds` until `stop` is set (or `max_rounds` are done).

    A feeds file is read again at each round, so feeds can be added while watching. The first
    round starts with whatever a previous, killed or stopped, run left in the queue.
    """
    if every_seconds <= 0:
        raise UsageError("the watch interval must be positive")
    stop = stop or threading.Event()
    if not isinstance(feeds, (str, Path)):
        feeds = list(feeds)   # read again each round: an iterator would be empty after the first
    total = FetchSummary()
    with _crawler(db, settings, progress, stop) as crawler:
        feed_urls: list[str] = []
        while not stop.is_set() and (max_rounds is None or total.rounds < max_rounds):
            started = time.monotonic()
            feed_urls, this_round = _reread(feeds, feed_urls, first=total.rounds == 0)
            this_round.add(crawler.round(feed_urls))
            total.add(this_round)
            if on_round is not None:
                on_round(total.rounds, this_round)
            if max_rounds is not None and total.rounds >= max_rounds:
                break
            stop.wait(max(0.0, every_seconds - (time.monotonic() - started)))
    total.stopped = stop.is_set()
    return total


def read_feed_list(path: str | Path) -> tuple[list[str], list[tuple[str, str]]]:
    """URLs of a feeds file (one a line; `#` comments and blank lines allowed), and the lines
    that are not http(s) URLs as (file#L<n>, reason). Raises UsageError when the file is unreadable."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        why = getattr(err, "strerror", None) or err
        raise UsageError(f"cannot read the feeds file {path}: {why}") from None
    urls: list[str] = []
    bad: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        entry = _COMMENT.sub("", line).strip()
        if not entry:
            continue
        if re.match(r"https?://\S+$", entry):
            urls.append(entry)
        else:
            bad.append((f"{path}#L{number}", f"not an http(s) feed URL: {entry[:80]!r}"))
    return urls, bad


# -- the crawler -----------------------------------------------------------------------------------------

@contextmanager
def _crawler(db: Db, settings: FetchSettings | None, progress: Progress | None,
             stop: threading.Event) -> Iterator[_Crawler]:
    store = db if isinstance(db, SQLStore) else open_store(db)
    try:
        with Fetcher(settings, cancel=stop) as fetcher:
            yield _Crawler(store, store.fetchlog, fetcher, progress, stop)
    finally:
        if store is not db:
            store.close()


class _Crawler:
    """One store, one fetch log and one polite client, shared by every page of a run."""

    def __init__(self, store: SQLStore, fetchlog: FetchLog, fetcher: Fetcher, progress: Progress | None,
                 stop: threading.Event) -> None:
        self.store, self.log, self.fetcher = store, fetchlog, fetcher
        self.progress, self.stop = progress, stop

    def round(self, feed_urls: list[str]) -> FetchSummary:
        """Check every feed, then fetch the whole queue (unless stopped)."""
        summary = FetchSummary(rounds=1)
        for url in _unique(feed_urls):
            if self.stop.is_set():
                break
            self.feed(url, summary)
        for entry in self.log.pending():
            if self.stop.is_set():
                break
            self.page(entry.url, summary, published=entry.published, queued=True)
        summary.pending = self.log.pending_count()
        summary.stopped = self.stop.is_set() and summary.pending > 0
        return summary

    # -- feeds ----------------------------------------------------------------------------------------

    def feed(self, url: str, summary: FetchSummary) -> None:
        etag, last_modified = self.log.feed_validators(url)
        result = self.fetcher.get(url, Validators(etag, last_modified))
        if result.error == CANCELLED:
            return
        if result.not_modified:
            with self.store.atomic():
                self.log.record_feed(url, 304)
            summary.not_modified += 1
            self._tell(url, "feed not modified")
            return
        if result.error is not None:
            self._feed_failed(url, result.status, result.error, summary)
            return
        try:
            feed = parse_feed(result.body, url, result.content_type)
        except InputError as err:
            self._feed_failed(url, result.status, err.reason, summary)
            return
        entries = [(e.link, url, e.title, e.published) for e in feed.entries]
        with self.store.atomic():
            added = self.log.enqueue(entries)
            self.log.record_feed(url, result.status, feed.warning, (result.etag, result.last_modified),
                                 len(entries))
        summary.feeds_read += 1
        summary.queued += added
        log.info("feed %s: %d entries, %d new", url, len(entries), added)
        self._tell(url, f"feed: {added} new")

    def _feed_failed(self, url: str, status: int | None, reason: str, summary: FetchSummary) -> None:
        with self.store.atomic():
            self.log.record_feed(url, status, reason)
        summary.failed.append((url, reason))
        log.info("feed %s failed: %s", url, reason)
        self._tell(url, "feed failed")

    # -- pages ----------------------------------------------------------------------------------------

    def page(self, url: str, summary: FetchSummary, published: str | None = None,
             queued: bool = False) -> None:
        """Fetch one page and store its document; every outcome is counted in `summary`."""
        etag, last_modified = self.log.validators(url)
        result = self.fetcher.get(url, Validators(etag, last_modified))
        if result.error == CANCELLED:
            return   # stopping: the page stays queued, untouched
        if result.not_modified:
            outcome, reason = self._not_modified(result, published, queued)
        elif result.error is not None:
            outcome, reason = self._failed(url, result.status, result.error, result.transient, queued,
                                           result.final_url)
        else:
            outcome, reason = self._store_page(result, published, queued)
        if reason is not None:
            summary.failed.append((url, reason))
        elif outcome == "not modified":
            summary.not_modified += 1
        else:
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        self._tell(url, outcome)

    def _not_modified(self, result: FetchResult, published: str | None, queued: bool) -> _Outcome:
        row = self.log.page(result.url)
        if row is not None and row.doc_id and self.store.has(row.doc_id):
            with self.store.atomic():
                self.log.record(PageRecord(result.url, result.final_url, 304, doc_id=row.doc_id))
                self.log.dequeue(result.url)   # queued or not, it is done: feeds list pages fetched by hand
            return "not modified", None
        stored = self.log.body(result.url)   # the server says "as before" but we have no document: make it
        if stored is None:
            return self._failed(result.url, 304, "HTTP 304 for a page kizuna holds no copy of", False, queued)
        body, content_type = stored
        again = FetchResult(result.url, row.final_url if row and row.final_url else result.final_url, 200,
                            body, content_type, row.etag if row else None, row.last_modified if row else None)
        return self._store_page(again, published, queued)

    def _store_page(self, result: FetchResult, published: str | None, queued: bool) -> _Outcome:
        url = result.url
        if not is_html(result.content_type):
            return self._failed(url, result.status, _not_a_page(result.content_type), False, queued,
                                result.final_url)
        extraction = self._extract(result, published)
        if isinstance(extraction, str):
            return self._failed(url, result.status, extraction, False, queued, result.final_url, result)
        record = PageRecord(url, result.final_url, result.status, result.etag, result.last_modified,
                            result.content_type, result.body, None, extraction.document.id)
        try:
            with self.store.atomic():   # the document, its fetch-log row and its leaving the queue: together
                outcome = add_document(self.store, extraction)
                self.log.record(record)
                self.log.dequeue(url)
        except StoreWriteError:   # the database itself cannot be written: stop the run, saying why
            raise
        except Exception as err:   # one page that cannot be stored must not stop the run
            log.exception("could not store %s", url)
            busy = isinstance(err, self.store.dialect.transient)   # locked, full, disconnected: may pass
            return self._failed(url, result.status, f"could not store: {err}", busy, queued, result.final_url)
        log.info("%s %s (%s)", outcome, url, extraction.document.id[:10])
        return outcome, None

    def _extract(self, result: FetchResult, published: str | None) -> Extraction | str:
        """The page's extraction, or why there is none."""
        from .pipeline import process   # the stages load their data on first use
        try:
            text = decode_body(result.body, result.content_type)
        except DecodeError as err:
            return str(err)
        plain = (result.content_type or "").lower().startswith("text/plain")
        raw = RawDocument(source=result.url, kind="text" if plain else "html", text=text, data=result.body, url=result.final_url,
                          published=published)
        try:
            return process(raw)
        except InputError as err:
            return err.reason
        except Exception as err:   # a bug on one page must not stop the run: report it like bad input
            log.debug("extraction failed on %s", result.url, exc_info=True)
            return (f"internal error while extracting ({type(err).__name__}: {err}); "
                    "please report it with this URL")

    def _failed(self, url: str, status: int | None, reason: str, transient: bool, queued: bool,
                final_url: str | None = None, kept: FetchResult | None = None) -> _Outcome:
        """Log a failure (keeping the body of a page that was read but gave no document)."""
        if kept is not None:
            record = PageRecord(url, final_url, status, kept.etag, kept.last_modified, kept.content_type,
                                kept.body, reason)
        else:
            record = PageRecord(url, final_url, status, error=reason)
        with self.store.atomic():
            self.log.record(record)
            if queued and not (transient and self.log.postpone(url, reason, MAX_PENDING_ATTEMPTS)):
                self.log.dequeue(url)
        log.info("failed %s: %s", url, reason)
        return "failed", reason

    def _tell(self, url: str, outcome: str) -> None:
        if self.progress is not None:
            self.progress(url, outcome)


# -- helpers ---------------------------------------------------------------------------------------------

def _feed_list(feeds: str | Path | Iterable[str]) -> tuple[list[str], FetchSummary]:
    """Feed URLs from a file or a list; bad lines of a file are failures of the summary."""
    summary = FetchSummary()
    if isinstance(feeds, Path) or (isinstance(feeds, str) and not re.match(r"https?://", feeds)):
        urls, bad = read_feed_list(feeds)
        summary.failed.extend(bad)
        if not urls and not bad:
            raise UsageError(f"the feeds file {feeds} lists no feed URL")
        return urls, summary
    return ([feeds] if isinstance(feeds, str) else list(feeds)), summary


def _reread(feeds: str | Path | Iterable[str], previous: list[str],
            first: bool) -> tuple[list[str], FetchSummary]:
    """The feed list for this round; after the first, an unreadable file keeps the last list."""
    try:
        return _feed_list(feeds)
    except UsageError as err:
        if first:
            raise
        log.warning("%s; keeping the %d feeds read before", err, len(previous))
        return previous, FetchSummary()


def _not_a_page(content_type: str | None) -> str:
    reason = f"not a web page (content type {content_type})"
    if any(word in (content_type or "").lower() for word in ("rss", "atom", "xml")):
        reason += ": if it is a feed, list it in a feeds file (--feeds)"
    return reason


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u.strip() for u in urls if u.strip()))


__all__ = ["MAX_PENDING_ATTEMPTS", "FetchSummary", "fetch", "fetch_feeds", "fetch_urls", "read_feed_list",
           "watch"]

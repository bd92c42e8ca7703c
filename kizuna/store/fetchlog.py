"""What was fetched from the web: all of kizuna's SQL for fetching.

Three tables, created on first use:

- `fetch_pages`: per URL (as given) the last status, validators (ETag, Last-Modified), when,
  the error if any, the document it became and the raw body, zlib-compressed with its content
  type, so that nothing has to be fetched again to re-extract. A failed re-fetch keeps the
  body, validators and document of the last good one.
- `fetch_feeds`: per feed its validators, when it was last checked, how it went.
- `fetch_pending`: article URLs found in feeds and not fetched yet, in the order found. A
  killed `watch` leaves them there and the next one starts with them.

The connection is in autocommit mode: callers group writes with the store's `atomic()`. The
SQL is the store's shared dialect (kizuna.store.dialect): it runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .dialect import SQLITE

_TABLES = (
    """CREATE TABLE IF NOT EXISTS fetch_pages (
        url TEXT PRIMARY KEY,          -- as given (a command-line argument or a feed's link)
        final_url TEXT,                -- after redirects
        status INTEGER,                -- last HTTP status; NULL when no response came
        etag TEXT,
        last_modified TEXT,
        content_type TEXT,
        body BLOB,                     -- the last good response body, zlib-compressed
        fetched_at TEXT NOT NULL,      -- last attempt, UTC ISO 8601
        error TEXT,                    -- why the last attempt gave no document; NULL when it did
        doc_id TEXT                    -- the document the body became
    )""",
    """CREATE TABLE IF NOT EXISTS fetch_feeds (
        url TEXT PRIMARY KEY,
        status INTEGER,
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL,
        entries INTEGER NOT NULL DEFAULT 0,   -- entries in the last feed body read
        error TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS fetch_pending (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- discovery order
        url TEXT NOT NULL UNIQUE,
        feed TEXT,
        title TEXT,
        published TEXT,
        queued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,     -- failed tries that may succeed later
        last_error TEXT
    )""",
)


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One fetch attempt of one URL, as the log stores it."""
    url: str
    final_url: str | None = None
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    body: bytes | None = None      # None: keep the body stored before (a failure or a 304)
    error: str | None = None
    doc_id: str | None = None


@dataclass(frozen=True, slots=True)
class PageRow:
    url: str
    final_url: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    fetched_at: str
    error: str | None
    doc_id: str | None
    has_body: bool


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str
    status: int | None
    etag: str | None
    last_modified: str | None
    checked_at: str
    entries: int
    error: str | None


@dataclass(frozen=True, slots=True)
class PendingEntry:
    url: str
    feed: str | None
    title: str | None
    published: str | None
    attempts: int


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FetchLog:
    """The fetch tables of one knowledge base; wrap related writes in the store's `atomic()`."""

    def __init__(self, conn: Any) -> None:   # a store's connection, SQLite or PostgreSQL
        self._db = conn
        dialect = getattr(conn, "dialect", SQLITE)   # a plain sqlite3 connection works too
        for statement in _TABLES:
            self._db.execute(dialect.ddl(statement))

    # -- pages ------------------------------------------------------------------------------------

    def page(self, url: str) -> PageRow | None:
        row = self._db.execute(
            """SELECT url, final_url, status, etag, last_modified, content_type, fetched_at, error, doc_id,
                      body IS NOT NULL FROM fetch_pages WHERE url = ?""", (url,)).fetchone()
        if row is None:
            return None
        return PageRow(url=row[0], final_url=row[1], status=row[2], etag=row[3], last_modified=row[4],
                       content_type=row[5], fetched_at=row[6], error=row[7], doc_id=row[8], has_body=bool(row[9]))

    def body(self, url: str) -> tuple[bytes, str | None] | None:
        """The stored raw body of `url` (decompressed) and its content type, if one was kept."""
        row = self._db.execute("SELECT body, content_type FROM fetch_pages WHERE url = ?", (url,)).fetchone()
        if row is None or row[0] is None:
            return None
        return zlib.decompress(row[0]), row[1]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) to send with the next GET of `url`: only when a body is kept,
        since a 304 is useless without the body it refers to."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM fetch_pages WHERE url = ? AND body IS NOT NULL", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def record(self, page: PageRecord) -> None:
        """Store one attempt. A record without a body keeps the body, validators and document
        stored before; a record with one replaces them."""
        if page.body is not None:
            self._db.execute(
                """INSERT INTO fetch_pages (url, final_url, status, etag, last_modified, content_type, body,
                                            fetched_at, error, doc_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET final_url = excluded.final_url, status = excluded.status,
                     etag = excluded.etag, last_modified = excluded.last_modified,
                     content_type = excluded.content_type, body = excluded.body,
                     fetched_at = excluded.fetched_at, error = excluded.error, doc_id = excluded.doc_id""",
                (page.url, page.final_url, page.status, page.etag, page.last_modified, page.content_type,
                 zlib.compress(page.body), _now(), page.error, page.doc_id))
            return
        self._db.execute(
            """INSERT INTO fetch_pages (url, final_url, status, fetched_at, error, doc_id)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET final_url = COALESCE(excluded.final_url, fetch_pages.final_url),
                 status = excluded.status, fetched_at = excluded.fetched_at, error = excluded.error,
                 doc_id = COALESCE(excluded.doc_id, fetch_pages.doc_id)""",
            (page.url, page.final_url, page.status, _now(), page.error, page.doc_id))

    def is_done(self, url: str) -> bool:
        """Whether `url` already became a document (feeds list the same article round after round)."""
        row = self._db.execute("SELECT 1 FROM fetch_pages WHERE url = ? AND doc_id IS NOT NULL",
                               (url,)).fetchone()
        return row is not None

    # -- feeds ------------------------------------------------------------------------------------

    def feed(self, url: str) -> FeedRow | None:
        row = self._db.execute("""SELECT url, status, etag, last_modified, checked_at, entries, error
                                  FROM fetch_feeds WHERE url = ?""", (url,)).fetchone()
        return FeedRow(*tuple(row)) if row else None

    def record_feed(self, url: str, status: int | None, error: str | None = None,
                    validators: tuple[str | None, str | None] | None = None,
                    entries: int | None = None) -> None:
        """Store one check of a feed. `validators` (ETag, Last-Modified) and `entries` are given
        when a feed body was read; a 304 or a failure keeps the ones stored before."""
        self._db.execute(
            """INSERT INTO fetch_feeds (url, status, checked_at, error) VALUES (?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at,
                 error = excluded.error""", (url, status, _now(), error))
        if validators is not None:
            self._db.execute("UPDATE fetch_feeds SET etag = ?, last_modified = ? WHERE url = ?",
                             (*validators, url))
        if entries is not None:
            self._db.execute("UPDATE fetch_feeds SET entries = ? WHERE url = ?", (entries, url))

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute("SELECT etag, last_modified FROM fetch_feeds WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # -- the pending queue ------------------------------------------------------------------------

    def enqueue(self, entries: Iterable[tuple[str, str | None, str | None, str | None]]) -> int:
        """Queue (url, feed, title, published) entries not fetched into a document yet and not
        queued already; returns how many were added."""
        added = 0
        now = _now()
        for url, feed, title, published in entries:
            if self.is_done(url):
                continue
            cursor = self._db.execute(
                """INSERT INTO fetch_pending (url, feed, title, published, queued_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", (url, feed, title, published, now))
            added += cursor.rowcount
        return added

    def pending(self, limit: int | None = None) -> list[PendingEntry]:
        """Queued entries, oldest first."""
        sql = "SELECT url, feed, title, published, attempts FROM fetch_pending ORDER BY seq"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [PendingEntry(*tuple(r)) for r in self._db.execute(sql, params).fetchall()]

    def pending_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM fetch_pending").fetchone()[0])

    def dequeue(self, url: str) -> None:
        self._db.execute("DELETE FROM fetch_pending WHERE url = ?", (url,))

    def postpone(self, url: str, error: str, max_attempts: int) -> bool:
        """Count a failed try that may succeed later; drop the entry after `max_attempts` tries.
        Returns whether it stays queued."""
        self._db.execute("UPDATE fetch_pending SET attempts = attempts + 1, last_error = ? WHERE url = ?",
                         (error, url))
        self._db.execute("DELETE FROM fetch_pending WHERE url = ? AND attempts >= ?", (url, max_attempts))
        return self._db.execute("SELECT 1 FROM fetch_pending WHERE url = ?", (url,)).fetchone() is not None

    # -- overview ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        one = self._db.execute
        return {
            "pages": int(one("SELECT COUNT(*) FROM fetch_pages").fetchone()[0]),
            "pages_with_document": int(one("SELECT COUNT(*) FROM fetch_pages WHERE doc_id IS NOT NULL")
                                       .fetchone()[0]),
            "pages_failed": int(one("SELECT COUNT(*) FROM fetch_pages WHERE error IS NOT NULL")
                                .fetchone()[0]),
            "feeds": int(one("SELECT COUNT(*) FROM fetch_feeds").fetchone()[0]),
            "pending": self.pending_count(),
        }


__all__ = ["FeedRow", "FetchLog", "PageRecord", "PageRow", "PendingEntry"]

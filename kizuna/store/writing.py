"""How a write transaction starts and how its failures are told: one writer at a time, a clear
wait instead of "database is locked", and one-line errors for a full disk or a read-only file.

SQLite lets one connection write at a time (in WAL mode readers never wait). Every write
transaction of kizuna starts with BEGIN IMMEDIATE, which takes the write lock at once or waits
`busy_timeout` for it inside SQLite. Another kizuna may hold it much longer than that (a
`reextract` is one transaction; an ingest batch extracts its documents inside its transaction),
so `begin_immediate` keeps asking: it logs once that it waits and why, and gives up after
KIZUNA_LOCK_WAIT seconds (default 30 minutes) with an error saying what to do.

Taking turns: SQLite's lock is no queue. A waiting writer sleeps between its tries, so a writer
that commits a batch and begins the next at once wins again, and a second `kizuna ingest` waited
for the whole of the first (measured: 148 documents of one, then 149 of the other). So a writer
first takes the database's turnstile, an flock on the side file `DB-turn`, and holds it only
while it waits for BEGIN IMMEDIATE: a writer that has just committed cannot begin again while
another waits, and the waiting one gets the lock between the other's batches. (PostgreSQL queues
its lock waiters itself: kizuna.store.postgres takes an advisory lock in turn.)

A failure of the file itself (disk full, file size limit, read-only file or folder, I/O error)
becomes a StoreWriteError: a KizunaError, so the command line prints it as one line, and an
sqlite3.OperationalError, so code that treats those as "may pass, try again later" (the crawler's
queue) goes on doing so.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import KizunaError

log = logging.getLogger(__name__)

WAIT_ENV = "KIZUNA_LOCK_WAIT"
DEFAULT_WAIT = 1800.0  # seconds: longer than any batch, shorter than forever
BUSY_TIMEOUT_MS = 5000  # each BEGIN IMMEDIATE waits this long inside SQLite before we ask again

# SQLite's primary result codes (the extended ones keep these in their low byte) -> what it means.
_REASONS = {
    "SQLITE_FULL": "the disk is full (or a file size limit was reached)",
    "SQLITE_IOERR": "a write to the disk failed (disk full, a file size limit, or a failing disk)",
    "SQLITE_READONLY": "the database file (or its folder, or its -wal/-shm files) is read-only",
    "SQLITE_CANTOPEN": "the file cannot be opened (its folder is missing or not writable)",
    "SQLITE_PERM": "permission denied",
    "SQLITE_CORRUPT": "the file is damaged (run `kizuna check --db {db}`)",
    "SQLITE_NOTADB": "the file is not a kizuna database",
}
_WHAT_TO_DO = {
    "SQLITE_FULL": "free some space",
    "SQLITE_IOERR": "free some space or check the disk",
    "SQLITE_READONLY": "make the file and its folder writable (or copy it somewhere writable)",
    "SQLITE_CANTOPEN": "check the path and its folder's permissions",
    "SQLITE_PERM": "check the file's permissions",
}


class StoreWriteError(KizunaError, sqlite3.OperationalError):
    """The database cannot be written (it is full, read-only or failing). The transaction that met
    it was rolled back whole: nothing of it is stored, everything committed before is kept."""

    def __init__(self, path: str, code: str, detail: str) -> None:
        self.path, self.code = path, code
        reason = _REASONS.get(code, detail).format(db=path)
        todo = _WHAT_TO_DO.get(code)
        message = f"cannot write to {path}: {reason} (SQLite: {detail})"
        if todo:
            message += (
                f"; the unfinished batch was not stored, what was stored before is kept: {todo}, "
                "then run the same command again"
            )
        super().__init__(message)


class StoreLockedError(KizunaError):
    """Another process kept the write lock for longer than this one was willing to wait."""

    def __init__(self, path: str, waited: float) -> None:
        super().__init__(
            f"{path}: another process has been writing to it for {waited:.0f} s (a kizuna ingest, reextract, "
            f"fetch or watch); run this again once it has finished, or wait longer with {WAIT_ENV}=SECONDS"
        )
        self.path = path


def _code(err: sqlite3.Error) -> str:
    """The primary result code's name ('SQLITE_FULL' for SQLITE_IOERR_WRITE's cousin too)."""
    name = getattr(err, "sqlite_errorname", "") or ""
    for primary in (*_REASONS, "SQLITE_BUSY", "SQLITE_LOCKED"):
        if name == primary or name.startswith(primary + "_"):
            return primary
    return name


def is_busy(err: BaseException) -> bool:
    return isinstance(err, sqlite3.OperationalError) and (
        _code(err) in ("SQLITE_BUSY", "SQLITE_LOCKED") or "database is locked" in str(err)
    )


def store_error(err: BaseException, path: str) -> StoreWriteError | None:
    """The StoreWriteError an SQLite error stands for, or None when it is another kind of error."""
    if isinstance(err, StoreWriteError):
        return err
    if isinstance(err, sqlite3.DatabaseError) and _code(err) in _REASONS:
        return StoreWriteError(path, _code(err), str(err))
    return None


def lock_wait() -> float:
    """Seconds to wait for another writer (KIZUNA_LOCK_WAIT, default 30 minutes)."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        log.warning(
            "%s=%r is no number of seconds; waiting %.0f s", WAIT_ENV, os.environ[WAIT_ENV], DEFAULT_WAIT
        )
        return DEFAULT_WAIT


class Waiting:
    """Says once per process and database that a writer waits for another, and when it goes on
    (a writer taking turns with another waits at every batch: one line, not one per batch)."""

    _told: set[str] = set()

    def __init__(self, path: str, limit: float, clock: Callable[[], float]) -> None:
        self.path, self.limit, self.clock = path, limit, clock
        self.started = clock()
        self.waiting = False

    def waited(self) -> float:
        return self.clock() - self.started

    def wait(self) -> None:
        """Called on each try that found the lock taken: raises StoreLockedError past the limit."""
        waited = self.waited()
        if waited >= self.limit:
            raise StoreLockedError(self.path, waited)
        if self.waiting:
            return
        self.waiting = True
        level = logging.INFO if self.path in self._told else logging.WARNING
        log.log(level, "%s: another process is writing to it (a kizuna ingest, reextract, fetch or watch); "
                "waiting for it (up to %.0f s, %s); the two take turns", self.path, self.limit, WAIT_ENV)

    def done(self) -> None:
        if not self.waiting:
            return
        level = logging.INFO if self.path in self._told else logging.WARNING
        self._told.add(self.path)
        log.log(level, "%s: the other writer is done after %.0f s; going on", self.path, self.waited())


TURN_SUFFIX = "-turn"
TURN_POLL = 0.02  # seconds between two looks at a taken turnstile


@contextmanager
def turnstile(path: str, waiting: Waiting) -> Iterator[None]:
    """Hold the database's turnstile (module docstring) for the duration of the block. Without a
    side file to lock (an in-memory database, a folder this process may not write) writers do not
    take turns, but still wait for each other."""
    try:
        fd = -1 if path == ":memory:" else os.open(path + TURN_SUFFIX, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        fd = -1
    try:
        while fd >= 0:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waiting.wait()
                time.sleep(TURN_POLL)
        yield
    finally:
        if fd >= 0:
            os.close(fd)   # releases the flock


def begin_immediate(db: sqlite3.Connection, path: str, clock: Callable[[], float] | None = None) -> None:
    """BEGIN IMMEDIATE, waiting for another writer (in turn) for as long as `lock_wait()` allows."""
    waiting = Waiting(path, lock_wait(), clock or time.monotonic)
    with turnstile(path, waiting):
        _until_not_busy(db, "BEGIN IMMEDIATE", path, waiting)


BUSY_POLL = 0.02  # seconds between two tries of a statement SQLite refused at once as busy


def execute_waiting(db: sqlite3.Connection, sql: str, path: str) -> None:
    """Run one statement that SQLite may refuse as busy without calling its busy handler, trying
    again for as long as `lock_wait()` allows. `PRAGMA journal_mode = WAL` is one: while another
    process turns a new file to WAL or creates its tables it fails at once, whatever busy_timeout
    says (seen as "database is locked" in about 1 of 15 starts of two ingests on a new file)."""
    _until_not_busy(db, sql, path, Waiting(path, lock_wait(), time.monotonic), pause=BUSY_POLL)


def _until_not_busy(db: sqlite3.Connection, sql: str, path: str, waiting: Waiting, pause: float = 0.0) -> None:
    while True:
        try:
            db.execute(sql)
        except sqlite3.OperationalError as err:
            if not is_busy(err):
                raise store_error(err, path) or err from err
            waiting.wait()
            time.sleep(pause)
            continue
        waiting.done()
        return


__all__ = [
    "BUSY_TIMEOUT_MS",
    "StoreLockedError",
    "StoreWriteError",
    "Waiting",
    "begin_immediate",
    "execute_waiting",
    "is_busy",
    "lock_wait",
    "store_error",
]

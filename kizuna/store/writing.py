"""How a write transaction starts and how its failures are told: one writer at a time, a clear
wait instead of "database is locked", and one-line errors for a full disk or a read-only file.

SQLite lets one connection write at a time (in WAL mode readers never wait). Every write
transaction of kizuna starts with BEGIN IMMEDIATE, which takes the write lock at once or waits
`busy_timeout` for it inside SQLite. Another kizuna may hold it much longer than that (a
`reextract` is one transaction; an ingest batch extracts its documents inside its transaction),
so `begin_immediate` keeps asking: it logs once that it waits and why, and gives up after
KIZUNA_LOCK_WAIT seconds (default 30 minutes) with an error saying what to do.

A failure of the file itself (disk full, file size limit, read-only file or folder, I/O error)
becomes a StoreWriteError: a KizunaError, so the command line prints it as one line, and an
sqlite3.OperationalError, so code that treats those as "may pass, try again later" (the crawler's
queue) goes on doing so.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable

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


def begin_immediate(db: sqlite3.Connection, path: str, clock: Callable[[], float] | None = None) -> None:
    """BEGIN IMMEDIATE, waiting for another writer for as long as `lock_wait()` allows."""
    clock = clock or time.monotonic
    started, limit, told = clock(), lock_wait(), False
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if not is_busy(err):
                raise store_error(err, path) or err from err
            waited = clock() - started
            if waited >= limit:
                raise StoreLockedError(path, waited) from None
            if not told:
                log.warning(
                    "%s: another process is writing to it (a kizuna ingest, reextract, fetch or watch); "
                    "waiting for it (up to %.0f s, %s)",
                    path,
                    limit,
                    WAIT_ENV,
                )
                told = True
            continue
        if told:
            log.warning("%s: the other writer is done after %.0f s; going on", path, clock() - started)
        return


__all__ = [
    "BUSY_TIMEOUT_MS",
    "StoreLockedError",
    "StoreWriteError",
    "begin_immediate",
    "is_busy",
    "lock_wait",
    "store_error",
]

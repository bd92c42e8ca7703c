"""The SQLite backend of `Store`: one file, WAL mode, foreign keys on. The queries are sql.py's."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import writing
from .dialect import SQLITE
from .schema import PRAGMAS, SCHEMA_VERSION, TABLES
from .sql import SQLStore


class _Connection(sqlite3.Connection):
    """sqlite3's connection, telling the shared queries which SQL it reads."""
    dialect = SQLITE


class SQLiteStore(SQLStore):
    """A kizuna knowledge base in one SQLite file (WAL mode, foreign keys on)."""

    _recreate = True

    def __init__(self, path: str, readonly: bool = False, shared: bool = False) -> None:
        self.path = path
        # Autocommit mode: transactions are opened explicitly by `atomic`, never implicitly.
        target = f"{Path(path).resolve().as_uri()}?mode=ro" if readonly else path
        self._db = sqlite3.connect(target, uri=readonly, isolation_level=None, check_same_thread=not shared,
                                   factory=_Connection)
        self._db.row_factory = sqlite3.Row
        self._depth = 0
        if readonly:
            self._db.execute("PRAGMA query_only = ON")
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._check_version()
            return
        try:
            for pragma in PRAGMAS:
                writing.execute_waiting(self._db, pragma, path)
            self._migrate()
        except sqlite3.DatabaseError as err:   # read-only, full, not a database: one line, not a traceback
            failure = writing.store_error(err, path) or err
            if not self._readable_as_is(failure):
                self._db.close()
                raise failure from err

    def _readable_as_is(self, failure: BaseException) -> bool:
        """A read-only file of this schema version can still be read (a write will say why it cannot)."""
        if not (isinstance(failure, writing.StoreWriteError) and failure.code == "SQLITE_READONLY"):
            return False
        return self._schema_version() == SCHEMA_VERSION

    # -- transactions (SQLite's: one writer at a time, see kizuna.store.writing) ----------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """BEGIN ... COMMIT at the outermost level, SAVEPOINTs inside; rolls back on any exception.

        The outermost level waits for another process's write to finish (kizuna.store.writing).
        A failure of the file itself (full, read-only, I/O) ends the whole transaction: SQLite may
        have rolled it all back already, so every enclosing level raises the same StoreWriteError,
        even when a caller in between (one bad document must not stop a run) swallowed it."""
        outermost = self._depth == 0
        savepoint = f"sp{self._depth}"
        if outermost:
            self._failure = None
            writing.begin_immediate(self._db, self.path)
        elif self._failure is not None:
            raise self._failure
        else:
            self._db.execute(f"SAVEPOINT {savepoint}")
        self._depth += 1
        try:
            yield
            if self._failure is not None:
                raise self._failure
        except BaseException as exc:
            self._depth -= 1
            self._roll_back(exc, None if outermost else savepoint)
            raise
        self._depth -= 1
        if outermost:
            self._commit()
        else:
            self._db.execute(f"RELEASE {savepoint}")

    _failure: writing.StoreWriteError | None = None

    def _roll_back(self, exc: BaseException, savepoint: str | None) -> None:
        failure = self._failure or writing.store_error(exc, self.path)
        self._failure = failure if savepoint is not None else None
        if not self._db.in_transaction:
            return   # SQLite rolled it back itself (a full disk, an I/O error)
        try:
            if savepoint is None:
                self._db.execute("ROLLBACK")
            elif failure is None:
                self._db.execute(f"ROLLBACK TO {savepoint}")
                self._db.execute(f"RELEASE {savepoint}")
        except sqlite3.Error:
            if failure is None:
                raise
        if failure is not None and failure is not exc:
            raise failure from exc

    def _commit(self) -> None:
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as err:   # the disk filled up while writing the batch out
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise writing.store_error(err, self.path) or err from err
        self._committed()

    def data_version(self) -> tuple[int, ...]:
        """The database file's and its WAL's modification times and sizes."""
        path = Path(self.path)
        stamp: list[int] = []
        for suffix in ("", "-wal"):
            file = path.with_name(path.name + suffix)
            stat = file.stat() if file.exists() else None
            stamp += [stat.st_mtime_ns, stat.st_size] if stat else [0, 0]
        return tuple(stamp)

    def _schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _set_schema_version(self, version: int) -> None:
        self._db.execute(f"PRAGMA user_version = {int(version)}")

    def _upgrade(self, version: int) -> None:
        if version < 4:
            self._reorder_cluster_places()
        super()._upgrade(version)

    def _reorder_cluster_places(self) -> None:
        """Version 4: cluster_places rebuilt with its key columns first (its rows copied as they are),
        so that SQLite's integrity check reads it right (schema.py says why)."""
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(cluster_places)")]
        if not columns or columns[:4] == ["name", "dated", "day_start", "member_id"]:
            return
        self._db.execute("ALTER TABLE cluster_places RENAME TO cluster_places_v3")
        self._db.execute(next(t for t in TABLES if "TABLE IF NOT EXISTS cluster_places" in t))
        self._db.execute("INSERT INTO cluster_places (name, dated, day_start, member_id, day_end)"
                         " SELECT name, dated, day_start, member_id, day_end FROM cluster_places_v3")
        self._db.execute("DROP TABLE cluster_places_v3")

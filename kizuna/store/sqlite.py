"""The SQLite backend of `Store`: one file, WAL mode, foreign keys on. The queries are sql.py's."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .dialect import SQLITE
from .schema import PRAGMAS, TABLES
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
        for pragma in PRAGMAS:
            self._db.execute(pragma)
        self._migrate()

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

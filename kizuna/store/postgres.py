"""The PostgreSQL backend of `Store` (psycopg 3). The queries are sql.py's, shared with SQLite.

A `PgConnection` gives psycopg's connection the small face the shared code uses (`execute`,
`executemany`, rows readable by name and position, `dialect`) and turns the SQL text into
PostgreSQL's (kizuna.store.dialect). The connection is in autocommit mode, like the SQLite one:
`atomic()` opens every transaction explicitly.

One writer at a time, as on SQLite: every write transaction first takes an advisory lock
(_WRITER_LOCK), held to its end. Without it two `kizuna ingest` at once would each place their
documents among events the other has not committed yet (and meet on the same document's rows).
PostgreSQL grants a lock to its waiters in the order they asked, so a writer that commits a batch
and begins the next queues behind the one already waiting: the two take turns. A writer that finds
the lock taken says so once and waits up to KIZUNA_LOCK_WAIT seconds (kizuna.store.writing).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import time

from ..errors import UsageError
from . import writing
from .base import MissingStoreError
from .connect import display
from .dialect import POSTGRES
from .sql import SQLStore

try:
    import psycopg
    from psycopg import errors as pg_errors
except ImportError:   # an optional dependency: kizuna[postgres]
    psycopg = None  # type: ignore[assignment]

# `VALUES (...)` of a one-row INSERT (placeholders and literals, no nested parentheses)
_VALUES = re.compile(r"^\s*INSERT\b.*?\bVALUES\s*(\([^()]*\))", re.IGNORECASE | re.DOTALL)
_ROWS_PER_INSERT = 500
_SCHEMA_LOCK = 0x6B697A75   # "kizu": the advisory lock held while the schema is created or upgraded
_WRITER_LOCK = 0x6B697A77   # held by every write transaction: one writer at a time (module docstring)


class Row:
    """A result row read like sqlite3.Row: by position, by column name, `keys()`, `dict(row)`."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)


def _rows(cursor: Any) -> Any:
    """psycopg row factory making `Row`s (one column index per result, shared by its rows)."""
    index = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class PgConnection:
    """psycopg's connection with the interface the shared queries use."""

    dialect = POSTGRES

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        # A list even when empty: psycopg then reads the query's %% as the % it stands for.
        return self._conn.execute(POSTGRES.sql(sql), list(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        """One INSERT of many rows where it means the same (one round trip instead of a pipeline of
        one statement a row); psycopg's executemany otherwise."""
        batch = [list(r) for r in rows]
        cursor = self._conn.cursor()
        if not batch:
            return cursor
        values = _VALUES.search(sql)
        if values is None or "DO UPDATE" in sql.upper():   # two rows of one key must not meet in one
            cursor.executemany(POSTGRES.sql(sql), batch)
            return cursor
        for start in range(0, len(batch), _ROWS_PER_INSERT):
            chunk = batch[start:start + _ROWS_PER_INSERT]
            many = sql[:values.start(1)] + ", ".join([values.group(1)] * len(chunk)) + sql[values.end(1):]
            cursor.execute(POSTGRES.sql(many), [v for row in chunk for v in row])
        return cursor

    def close(self) -> None:
        self._conn.close()


def connect(url: str, readonly: bool = False) -> PgConnection:
    """Connect, or say in one line why not and what to do."""
    if psycopg is None:
        raise UsageError(f"cannot open {display(url)}: PostgreSQL needs psycopg; install kizuna[postgres] "
                         "(pip install 'psycopg[binary]')")
    try:
        conn = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=10)
    except psycopg.OperationalError as err:
        raise UsageError(f"cannot connect to {display(url)}: {_reason(err)}") from None
    except psycopg.ProgrammingError as err:   # a URL psycopg cannot parse
        raise UsageError(f"cannot open {display(url)}: {_reason(err)}; the form is "
                         "postgresql://USER@HOST:PORT/DB") from None
    if readonly:   # the server itself refuses every write of this session (set here: the URL's options stay)
        conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return PgConnection(conn)


def _reason(err: Exception) -> str:
    """psycopg's message on one line, with the fix for the usual causes."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    reason = "; ".join(lines) or type(err).__name__
    if "does not exist" in reason and "database" in reason:
        return reason + " (create it: createdb -h HOST -p PORT -U USER DB)"
    if "refused" in reason or "No such file" in reason or "timeout" in reason:
        return reason + " (start the PostgreSQL server, or give --db / KIZUNA_DB the right host and port)"
    return reason


class PostgresStore(SQLStore):
    """A kizuna knowledge base in a PostgreSQL database (any server version 12 or later)."""

    def __init__(self, url: str, create: bool = True, readonly: bool = False) -> None:
        self.path = display(url)
        self._db = connect(url, readonly=readonly)
        self._depth = 0
        self._readonly = readonly
        if (not create or readonly) and self._schema_version() == 0:
            self._db.close()
            raise MissingStoreError(self.path)
        if readonly:
            self._check_version()
            return
        self._migrate()

    def data_version(self) -> tuple[int, ...]:
        """The count of kizuna's committed write transactions on this database (a sequence each
        writer advances after its COMMIT, so that a reader never caches data older than the count it
        read; writes made with other tools than kizuna are not counted). Not the server's WAL
        position: every other database of the server, and autovacuum, would move it too."""
        row = self._db.execute("SELECT last_value, is_called FROM kizuna_changes").fetchone()
        return (int(row[0]) if row[1] else 0,)

    def _committed(self) -> None:
        if self._readonly:
            return
        self._db.execute("SELECT nextval('kizuna_changes')")

    def _began(self) -> None:
        """Wait for this writer's turn (the advisory lock)."""
        if self._readonly:
            return
        if not self._db.execute("SELECT pg_try_advisory_xact_lock(?)", (_WRITER_LOCK,)).fetchone()[0]:
            self._wait_for_turn()

    def _wait_for_turn(self) -> None:
        waiting = writing.Waiting(self.path, writing.lock_wait(), time.monotonic)
        waiting.wait()   # says that it waits (or raises at once with KIZUNA_LOCK_WAIT=0)
        before = self._db.execute("SELECT current_setting('lock_timeout')").fetchone()[0]
        # for this transaction only; 0 would mean "forever": at least 1 ms
        self._db.execute("SELECT set_config('lock_timeout', ?, true)", (f"{max(1, int(waiting.limit * 1000))}ms",))
        try:
            self._db.execute("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK,))
        except pg_errors.LockNotAvailable:
            raise writing.StoreLockedError(self.path, waiting.waited()) from None
        self._db.execute("SELECT set_config('lock_timeout', ?, true)", (before,))
        waiting.done()

    def _schema_version(self) -> int:
        if self._db.execute("SELECT to_regclass('kizuna_schema')").fetchone()[0] is None:
            return 0
        row = self._db.execute("SELECT MAX(version) FROM kizuna_schema").fetchone()
        return int(row[0] or 0)

    def _set_schema_version(self, version: int) -> None:
        self._db.execute("DELETE FROM kizuna_schema")
        self._db.execute("INSERT INTO kizuna_schema (version) VALUES (?)", (version,))

    def _lock_schema(self) -> None:
        self._db.execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")


if psycopg is not None:
    POSTGRES.missing_table = (pg_errors.UndefinedTable,)
    # a lost connection, a deadlock, a serialization failure, a lock timeout: psycopg's OperationalError
    POSTGRES.transient = (psycopg.OperationalError,)

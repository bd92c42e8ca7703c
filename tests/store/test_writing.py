"""Opening one new SQLite file from several processes at once: SQLite refuses the switch to WAL
as busy without waiting for its busy_timeout, so kizuna tries again (kizuna.store.writing)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import sqlite3
from pathlib import Path

import pytest

from kizuna.store import writing
from kizuna.store.sqlite import SQLiteStore


class _RefusesTwice:
    """A connection whose first two statements SQLite called busy."""

    def __init__(self) -> None:
        self.tries: list[str] = []

    def execute(self, sql: str) -> None:
        self.tries.append(sql)
        if len(self.tries) <= 2:
            raise sqlite3.OperationalError("database is locked")


def test_a_statement_refused_as_busy_is_tried_again() -> None:
    db = _RefusesTwice()
    writing.execute_waiting(db, "PRAGMA journal_mode = WAL", "kb.db")  # type: ignore[arg-type]
    assert db.tries == ["PRAGMA journal_mode = WAL"] * 3


def test_a_statement_failing_otherwise_is_not_tried_again() -> None:
    class Broken(_RefusesTwice):
        def execute(self, sql: str) -> None:
            self.tries.append(sql)
            raise sqlite3.OperationalError("no such table: documents")

    db = Broken()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        writing.execute_waiting(db, "SELECT 1 FROM documents", "kb.db")  # type: ignore[arg-type]
    assert len(db.tries) == 1


def test_waiting_for_a_busy_statement_ends_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class AlwaysBusy(_RefusesTwice):
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("database is locked")

    monkeypatch.setenv(writing.WAIT_ENV, "0.1")
    with pytest.raises(writing.StoreLockedError, match="kb.db"):
        writing.execute_waiting(AlwaysBusy(), "PRAGMA journal_mode = WAL", "kb.db")  # type: ignore[arg-type]


_start_together: multiprocessing.synchronize.Barrier | None = None


def _share_barrier(barrier: multiprocessing.synchronize.Barrier) -> None:
    global _start_together
    _start_together = barrier


def _open(path: str) -> str:
    """Open (create) the store once the two other workers are ready to open the same file."""
    assert _start_together is not None
    _start_together.wait()
    try:
        SQLiteStore(path).close()
    except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
        return f"{type(error).__name__}: {error}"
    return "ok"


def test_three_processes_opening_one_new_file_all_open_it(tmp_path: Path) -> None:
    # Without the retry 2 to 5 of 60 new files failed here with "database is locked".
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(3)
    paths = [str(tmp_path / f"kb{n}.db") for n in range(60)]
    # Each worker waits at the barrier after taking a task, so the three take the three opens of
    # one file (tasks are handed out in order) and start them at the same moment.
    with context.Pool(3, initializer=_share_barrier, initargs=(barrier,)) as pool:
        results = pool.map(_open, [path for path in paths for _ in range(3)], chunksize=1)
    assert [r for r in results if r != "ok"] == []

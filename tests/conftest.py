"""Both storage backends for the tests: `kb` is a fresh knowledge base, an SQLite file or a database
on a throwaway PostgreSQL server that this session starts (initdb + pg_ctl on a loopback port in a
temporary folder) and removes at its end.

tests/pgserver.py starts it (as root, as the `postgres` user: PostgreSQL refuses to run as root).
KIZUNA_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB uses a running server
instead (USER must be allowed to create databases). The PostgreSQL half of a test is skipped, saying
why, only when no server binaries exist.

Every database the tests build passes `kizuna check` when the test ends: on SQLite its
integrity_check and foreign_key_check, the search index's own check and kizuna's invariants; on
PostgreSQL every constraint re-validated and the same invariants (kizuna.store.pgcheck; `quick`:
amcheck, when a test installs it, without heapallindexed).

Per test: the databases the test opened through the store (recorded by wrapping SQLiteStore and
PostgresStore) and the SQLite files left in its tmp_path (written by subprocesses too). At the end of the session: every
SQLite file under pytest's temporary folder, which catches the session-wide databases (the web
tests') as well. A test that damages a database on purpose says so with `@pytest.mark.damaged_db`.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pgserver import PgServer, ServerError, server_binaries, start

from kizuna.store import sqlite as store_sqlite

try:
    from kizuna.store import postgres as store_postgres
except ImportError:  # psycopg missing: the PostgreSQL half is skipped anyway
    store_postgres = None  # type: ignore[assignment]
from kizuna.store.check import check_database, render

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    given = os.environ.get("KIZUNA_TEST_POSTGRES")
    if given:
        yield PgServer(given)
        return
    bindir = server_binaries()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): install postgresql-15 (Debian) "
                    "or set KIZUNA_PG_BIN or KIZUNA_TEST_POSTGRES")
    try:
        server = start(bindir)
    except ServerError as err:
        pytest.fail(str(err))
    try:
        yield server
    finally:
        server.stop()


KnowledgeBase = Callable[[pytest.FixtureRequest, str, Path], str]


def _knowledge_base(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return str(folder / "kizuna.db")
    return request.getfixturevalue("pg_server").new_database()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def new_kb() -> KnowledgeBase:
    """`new_kb(request, backend, folder)`: where a new knowledge base goes on `backend` (sqlite or
    postgresql): a file in `folder`, or a new database on the test server."""
    return _knowledge_base


@pytest.fixture(params=BACKENDS)
def kb(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh knowledge base, once on each backend: an SQLite path or a postgresql:// URL."""
    return _knowledge_base(request, request.param, tmp_path)


# -- every database a test builds passes `kizuna check` ----------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
_EXEMPT = pytest.StashKey[set[Path]]()  # tmp folders of damaged_db tests: left out of the final sweep


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "damaged_db: leaves a database damaged or of an old schema on purpose (not checked)"
    )
    config.addinivalue_line("markers", "slow: long fault-injection runs, run by `make test-slow` only")
    config.stash[_EXEMPT] = set()


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def sqlite_files(folder: Path) -> set[Path]:
    return {
        p.resolve() for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and is_sqlite_file(p)
    }


def problems_of(paths: set[Path] | set[str]) -> list[str]:
    """The `kizuna check` report of each database (a file, or a postgresql:// URL) that fails it."""
    out: list[str] = []
    for path in sorted(paths, key=str):
        if isinstance(path, Path) and not path.is_file():
            continue  # deleted by the test
        report = check_database(path, quick=isinstance(path, str))
        if not report.ok:
            render(report, out.append)
    return out


@pytest.fixture(autouse=True)
def databases_pass_their_checks(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    opened: set[Path] = set()
    original = store_sqlite.SQLiteStore.__init__

    def recording(self: store_sqlite.SQLiteStore, path: str, *args: object, **kwargs: object) -> None:
        if path != ":memory:":
            opened.add(Path(path).resolve())
        original(self, path, *args, **kwargs)

    monkeypatch.setattr(store_sqlite.SQLiteStore, "__init__", recording)
    urls: set[str] = set()
    if store_postgres is not None:
        pg_original = store_postgres.PostgresStore.__init__

        def recording_url(self: store_postgres.PostgresStore, url: str, *args: object, **kwargs: object) -> None:
            pg_original(self, url, *args, **kwargs)
            urls.add(url)   # once it opened: a database that does not exist is no database built

        monkeypatch.setattr(store_postgres.PostgresStore, "__init__", recording_url)
    # asked for before the test runs, so that it is still there when this fixture ends
    tmp = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if request.node.get_closest_marker("damaged_db"):
        if tmp is not None:
            request.config.stash[_EXEMPT].add(tmp.resolve())
        return
    found = problems_of(opened | (sqlite_files(tmp) if tmp is not None else set())) + problems_of(urls)
    if found:
        pytest.fail("a database the test built fails `kizuna check`:\n" + "\n".join(found), pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def every_database_passes_its_checks(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[None]:
    yield
    exempt = request.config.stash[_EXEMPT]
    paths = {
        p
        for p in sqlite_files(tmp_path_factory.getbasetemp())
        if not any(p.is_relative_to(folder) for folder in exempt)
    }
    found = problems_of(paths)
    if found:
        pytest.fail(
            "a database built during the tests fails `kizuna check`:\n" + "\n".join(found), pytrace=False
        )

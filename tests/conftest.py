"""Both storage backends for the tests: `kb` is a fresh knowledge base, an SQLite file or a database
on a throwaway PostgreSQL server that this session starts (initdb + pg_ctl on a loopback port in a
temporary folder) and removes at its end.

tests/pgserver.py starts it (as root, as the `postgres` user: PostgreSQL refuses to run as root).
KIZUNA_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB uses a running server
instead (USER must be allowed to create databases). The PostgreSQL half of a test is skipped, saying
why, only when no server binaries exist.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pgserver import PgServer, ServerError, server_binaries, start

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

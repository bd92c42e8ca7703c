"""A small knowledge base built from articles written for these tests (tests/web/articles), one of
them hostile (markup, event handlers and javascript: URLs in its title, text and URL), on each backend."""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient

from kizuna import api
from kizuna.web import create_app

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session", params=("sqlite", "postgresql"))
def web_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    """The articles' knowledge base, once on each backend: every web test runs on both."""
    db = new_kb(request, request.param, tmp_path_factory.mktemp("web"))
    summary = api.ingest([ARTICLES], db=db)
    assert summary.new == len(list(ARTICLES.iterdir())), summary.failed
    return db


@pytest.fixture(scope="session")
def sqlite_web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same knowledge base as an SQLite file, for the tests of what SQLite does to its file."""
    db = tmp_path_factory.mktemp("web-sqlite") / "kizuna.db"
    api.ingest([ARTICLES], db=db)
    return db


@pytest.fixture(scope="session")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as c:
        yield c


@pytest.fixture(scope="session")
def doc_ids(client: TestClient) -> dict[str, str]:
    """Document ids by a word of their source file name (quangninh, longan, gunma, hostile)."""
    items = client.get("/api/documents", params={"limit": 50}).json()["items"]
    out = {}
    for item in items:
        name = Path(item["source"]).name
        for word in ("hostile", "longan", "ja_gunma", "vi_quangninh"):
            if word in name:
                out[word] = item["id"]
    return out


SCREENSHOTS = pytest.StashKey[list]()
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shots(pytestconfig: pytest.Config) -> Path:
    """Where a browser test module writes its screenshots: $KIZUNA_SCREENSHOTS or
    tests-output/screenshots/<timestamp>/ (printed at the end of the run)."""
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(os.environ.get("KIZUNA_SCREENSHOTS") or REPO / "tests-output" / "screenshots" / run)
    folder.mkdir(parents=True, exist_ok=True)
    pytestconfig.stash.setdefault(SCREENSHOTS, []).append(folder)
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say where the browser tests put their screenshots."""
    for folder in config.stash.get(SCREENSHOTS, []):
        terminalreporter.write_line(f"kizuna web: screenshots in {folder}")


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app on a free loopback port, in a thread, for a real browser; its base URL."""
    import threading
    import time

    import uvicorn
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

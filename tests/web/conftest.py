"""A small knowledge base built from articles written for these tests (tests/web/articles), one of
them hostile (markup, event handlers and javascript: URLs in its title, text and URL)."""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from kizuna import api  # noqa: E402
from kizuna.web import create_app  # noqa: E402

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "kizuna.db"
    summary = api.ingest([ARTICLES], db=db)
    assert summary.new == len(list(ARTICLES.iterdir())), summary.failed
    return db


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
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


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say where the browser tests put their screenshots."""
    for folder in config.stash.get(SCREENSHOTS, []):
        terminalreporter.write_line(f"kizuna web: screenshots in {folder}")

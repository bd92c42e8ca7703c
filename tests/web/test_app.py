"""The application object: read-only store, cached aggregates that follow the file, warm-up."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna import api
from kizuna.store import MissingStoreError, is_url
from kizuna.web import create_app

from .conftest import ARTICLES


def test_missing_database_fails_at_creation(tmp_path: Path) -> None:
    with pytest.raises(MissingStoreError):
        create_app(tmp_path / "nothing.db")


def test_cached_aggregates_follow_changes_to_the_database(kb: str, tmp_path: Path) -> None:
    db = kb
    api.ingest([ARTICLES], db=db)
    client = TestClient(create_app(db))
    before = client.get("/api/counts").json()["documents"]
    lists = ("/api/documents", "/api/ties", "/api/events", "/api/documents?language=vi", "/api/search?q=gifu")
    totals = {url: _total(client, url) for url in lists}
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "note.txt").write_text("Đoàn công tác tỉnh Nghệ An đã đến thăm tỉnh Gifu ngày 3/9/2025 để bàn về "
                                    "hợp tác đào tạo điều dưỡng viên.\n", encoding="utf-8")
    time.sleep(0.01)   # a different modification time, even on coarse clocks
    api.ingest([extra], db=db)
    assert client.get("/api/counts").json()["documents"] == before + 1
    assert any(p["name"] == "Nghệ An" for p in client.get("/api/localities").json()["items"])
    # The totals of lists and search results are cached too (app.state.pool's "totals" and
    # "searches" shelves): they follow as well.
    assert client.app.state.pool.names("totals") and client.app.state.pool.names("searches")
    assert {url: _total(client, url) for url in lists} == {url: n + 1 for url, n in totals.items()}


def _total(client: TestClient, url: str) -> int:
    return int(client.get(url).json()["total"])


def test_warm_up_fills_the_page_cache(web_db: str) -> None:
    app = create_app(web_db, warm=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(k.startswith("profile:") for k in app.state.pool.names()):
        time.sleep(0.05)
    assert any(k.startswith("profile:") for k in app.state.pool.names())


def test_pages_never_write(sqlite_web_db: Path) -> None:
    before = sqlite_web_db.stat().st_mtime_ns
    client = TestClient(create_app(sqlite_web_db))
    for url in ("/", "/localities/Gunma", "/search?q=gunma", "/api/documents"):
        assert client.get(url).status_code == 200
    assert sqlite_web_db.stat().st_mtime_ns == before


def test_pages_never_write_to_postgresql(web_db: str) -> None:
    """The pool's connections are read-only sessions: PostgreSQL itself refuses a write."""
    if not is_url(web_db):
        return   # SQLite: the test above
    import psycopg
    client = TestClient(create_app(web_db))
    assert client.get("/").status_code == 200
    with client.app.state.pool.store() as store:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store._db.execute("DELETE FROM documents")


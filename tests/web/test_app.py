"""The application object: read-only store, cached aggregates that follow the file, warm-up."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizuna import api
from kizuna.store import MissingStoreError
from kizuna.web import create_app


def test_missing_database_fails_at_creation(tmp_path: Path) -> None:
    with pytest.raises(MissingStoreError):
        create_app(tmp_path / "nothing.db")


def test_cached_aggregates_follow_changes_to_the_file(web_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    client = TestClient(create_app(db))
    before = client.get("/api/counts").json()["documents"]
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "note.txt").write_text("Đoàn công tác tỉnh Nghệ An đã đến thăm tỉnh Gifu ngày 3/9/2025 để bàn về "
                                    "hợp tác đào tạo điều dưỡng viên.\n", encoding="utf-8")
    time.sleep(0.01)   # a different modification time, even on coarse clocks
    api.ingest([extra], db=db)
    assert client.get("/api/counts").json()["documents"] == before + 1
    assert any(p["name"] == "Nghệ An" for p in client.get("/api/localities").json()["items"])


def test_warm_up_fills_the_page_cache(web_db: Path) -> None:
    app = create_app(web_db, warm=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(k.startswith("profile:") for k in app.state.pool._cache):
        time.sleep(0.05)
    assert any(k.startswith("profile:") for k in app.state.pool._cache)


def test_pages_never_write(web_db: Path) -> None:
    before = web_db.stat().st_mtime_ns
    client = TestClient(create_app(web_db))
    for url in ("/", "/localities/Gunma", "/search?q=gunma", "/api/documents"):
        assert client.get(url).status_code == 200
    assert web_db.stat().st_mtime_ns == before


"""SIGKILL at random points of `kizuna ingest`, `kizuna reextract` and `kizuna watch` (real
processes), each followed by a rerun: the knowledge base is then the one of an uninterrupted run
(a canonical dump, clusters included), and right after the kill it is sound (kizuna check) and
holds nothing half-written. Slow (about 5 minutes): `make test-slow`, also run by CI.

The kill points are drawn from a seeded generator (trial n uses seed n), so a failing trial can
be rerun alone; they are counted in documents the process reports (its -v log), plus a random
fraction of a second, so they fall anywhere from the start-up to the last commit.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from faults import SAMPLES, differences, dump, finish, generated_news, kizuna, no_traceback
from sources.localweb import LocalWeb, Reply, news_page, rss

from kizuna import api, crawl
from kizuna.sources.fetch import FetchSettings
from kizuna.store.check import check_database

pytestmark = pytest.mark.slow

INGEST_TRIALS = 10
REEXTRACT_TRIALS = 5
WATCH_TRIALS = 6
PAGES = 40  # articles of the watched feed


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_news(tmp_path_factory.mktemp("news"), 150, seed=23)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, news: Path) -> Path:
    db = tmp_path_factory.mktemp("uninterrupted") / "ingest.db"
    api.ingest([SAMPLES, news], db=db)
    return db


def _blank(db: Path) -> bool:
    """A file made by a process killed before its schema was committed: no table, version 0."""
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def _kill_after(process: subprocess.Popen[str], marker: str, count: int, rng: random.Random) -> list[str]:
    """SIGKILL the process once `count` stderr lines contain `marker` (and a random moment more)."""
    seen, lines = 0, []
    while seen < count:
        line = process.stderr.readline()
        if not line:
            break  # it finished first: a kill after the end is a trial too
        lines.append(line)
        seen += marker in line
    time.sleep(rng.random() * 0.2)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return lines


def _whole(db: Path, full: Path) -> None:
    """Right after a kill: sound, and each stored document has all its rows of the uninterrupted run."""
    if not db.exists() or _blank(db):
        return  # killed before its first commit
    report = check_database(db)
    assert report.ok, report.to_dict()
    got, want = dump(db, clusters=False), dump(full, clusters=False)
    stored = {row[0] for row in got["documents"]}
    for table, rows in got.items():
        if table not in ("document_order", "localities"):
            assert rows == [r for r in want[table] if r[0] in stored], table


@pytest.mark.parametrize("trial", range(INGEST_TRIALS))
def test_ingest_killed_then_rerun(trial: int, tmp_path: Path, news: Path, ingested: Path) -> None:
    rng = random.Random(trial)
    db = tmp_path / "k.db"
    total = len(dump(ingested)["documents"])
    process = kizuna("-v", "ingest", str(SAMPLES), str(news), "--db", str(db))
    _kill_after(process, "INFO kizuna.api: new ", rng.randrange(total + 1), rng)
    _whole(db, ingested)
    status, _, err = finish(kizuna("ingest", str(SAMPLES), str(news), "--db", str(db)))
    assert status == 0 and no_traceback(err), err
    assert differences(dump(db), dump(ingested)) == []


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory, ingested: Path) -> Path:
    """A store whose facts reextract must rewrite: ties gone, digests stale (as if an older kizuna
    had written them); its events are rebuilt from scratch in any case."""
    db = tmp_path_factory.mktemp("stale") / "stale.db"
    with sqlite3.connect(ingested) as source, sqlite3.connect(db) as target:
        source.backup(target)
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM ties")
        con.execute("UPDATE documents SET digest = 'stale'")
    return db


@pytest.fixture(scope="module")
def reextracted(tmp_path_factory: pytest.TempPathFactory, stale: Path) -> tuple[Path, float]:
    """The stale store re-extracted without interruption, and how long that took as a process."""
    db = tmp_path_factory.mktemp("reextracted") / "re.db"
    _copy(stale, db)
    started = time.monotonic()
    status, _, err = finish(kizuna("reextract", "--db", str(db)))
    assert status == 0, err
    return db, time.monotonic() - started


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)


@pytest.mark.parametrize("trial", range(REEXTRACT_TRIALS))
def test_reextract_killed_then_rerun(
    trial: int, tmp_path: Path, stale: Path, reextracted: tuple[Path, float]
) -> None:
    rng = random.Random(100 + trial)
    full, seconds = reextracted
    db = tmp_path / "k.db"
    _copy(stale, db)
    process = kizuna("reextract", "--db", str(db))
    time.sleep(seconds * rng.uniform(0.3, 1.0))  # from its start-up to its last document
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert check_database(db).ok
    assert dump(db) in (dump(stale), dump(full))  # one transaction: all of it, or nothing
    status, _, err = finish(kizuna("reextract", "--db", str(db)))
    assert status == 0 and no_traceback(err), err
    assert differences(dump(db), dump(full)) == []


# -- watch ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(news: Path, tmp_path_factory: pytest.TempPathFactory):
    web = LocalWeb().start()
    items = []
    for n, page in enumerate(sorted(news.iterdir())[:PAGES]):
        body = news_page(
            f"Tin {n}", page.read_text(encoding="utf-8").split("\n\n"), date=f"2025-09-{n % 28 + 1:02d}"
        )
        url = web.route(f"/tin/{n}", Reply(body=body, headers={"Content-Type": "text/html; charset=utf-8"}))
        items.append((f"Tin {n}", url, "Tue, 14 Oct 2025 09:30:00 +0700"))
    web.route("/rss", Reply(body=rss(items), headers={"Content-Type": "application/rss+xml"}))
    feeds = tmp_path_factory.mktemp("feeds") / "feeds.txt"
    feeds.write_text(web.url("/rss") + "\n", encoding="utf-8")
    db = feeds.parent / "fetched.db"
    crawl.fetch_feeds(feeds, db, settings=FetchSettings(rate=0, connect_timeout=2, read_timeout=5))
    yield feeds, db
    web.stop()


@pytest.mark.parametrize("trial", range(WATCH_TRIALS))
def test_watch_killed_then_rerun(trial: int, tmp_path: Path, site: tuple[Path, Path]) -> None:
    rng = random.Random(200 + trial)
    feeds, full = site
    db = tmp_path / "k.db"
    process = kizuna(
        "-v", "watch", "--feeds", str(feeds), "--every", "1h", "--db", str(db), "--rate", "1000", "--quiet"
    )
    _kill_after(process, "INFO kizuna.crawl: new ", rng.randrange(PAGES + 1), rng)
    _whole(db, full)
    status, _, err = finish(
        kizuna("fetch", "--feeds", str(feeds), "--db", str(db), "--rate", "1000", "--quiet")
    )
    assert status == 0 and no_traceback(err), err
    assert differences(dump(db, fetched=True), dump(full, fetched=True)) == []

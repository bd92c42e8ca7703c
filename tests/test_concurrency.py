"""Concurrent writers and readers on one database, as real processes: two `kizuna ingest` at
once, and `kizuna watch` writing while `kizuna serve` reads. No "database is locked" traceback,
a clear wait instead, and the knowledge base of one uninterrupted run."""

from __future__ import annotations

import fcntl
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from faults import SAMPLES, differences, dump, finish, generated_news, kizuna, no_traceback
from sources.localweb import LocalWeb, Reply, news_page, rss

from kizuna import api, crawl
from kizuna.sources.fetch import FetchSettings
from kizuna.store import open_store, writing
from kizuna.store.check import check_database


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_news(tmp_path_factory.mktemp("news"), 30)


def _counts(summary_line: str) -> tuple[int, int]:
    """(new, unchanged) of an ingest's summary line 'DB: 3 new, 2 unchanged, 0 updated, 0 failed'."""
    found = dict(reversed(part.split()) for part in summary_line.split(": ", 1)[1].split(", "))
    return int(found["new"]), int(found["unchanged"])


def test_two_ingests_at_once_give_the_knowledge_base_of_one(tmp_path: Path, news: Path) -> None:
    alone, shared = tmp_path / "alone.db", tmp_path / "shared.db"
    total = api.ingest([SAMPLES, news], db=alone).new
    first, second = (kizuna("ingest", str(SAMPLES), str(news), "--db", str(shared)) for _ in range(2))
    results = [finish(first), finish(second)]
    for status, _, err in results:
        assert status == 0, err
        assert no_traceback(err), err
    counts = [_counts(out.splitlines()[0]) for _, out, _ in results]
    # each document stored once, by one of them; the other found it there
    assert (sum(c[0] for c in counts), sum(c[1] for c in counts)) == (total, total)
    assert differences(dump(shared), dump(alone)) == []
    assert check_database(shared).ok


@pytest.mark.slow
def test_two_ingests_of_different_folders_at_once_keep_both(tmp_path: Path, news: Path) -> None:
    alone, shared = tmp_path / "alone.db", tmp_path / "shared.db"
    api.ingest([SAMPLES, news], db=alone)
    runs = [
        kizuna("ingest", str(SAMPLES), "--db", str(shared)),
        kizuna("ingest", str(news), "--db", str(shared)),
    ]
    for status, _, err in map(finish, runs):
        assert status == 0 and no_traceback(err), err
    # Events are built in the order documents come in, which two writers interleave: compared here
    # are the documents and their facts (check_database: each one is placed among the events).
    together, one = dump(shared, clusters=False), dump(alone, clusters=False)
    assert {i for _, i in together.pop("document_order")} == {i for _, i in one.pop("document_order")}
    assert differences(together, one) == []
    assert check_database(shared).ok


def test_a_writer_waits_for_another_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.db"
    store = open_store(db)
    store._db.execute("PRAGMA busy_timeout = 50")  # ask often: the test waits for the timer, not 5 s
    monkeypatch.setenv(writing.WAIT_ENV, "60")  # a bound: were the release lost, the test fails, never hangs
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    released = threading.Timer(0.2, holder.execute, ("COMMIT",))
    released.start()
    with caplog.at_level("WARNING", logger="kizuna.store.writing"), store.atomic():
        pass
    released.join()
    store.close()
    holder.close()
    assert "another process is writing to it" in caplog.text and "the other writer is done" in caplog.text


def test_a_writer_that_waited_too_long_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.db"
    store = open_store(db)
    store._db.execute("PRAGMA busy_timeout = 0")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    ticks = iter(range(0, 10_000, 7))  # a clock that moves 7 s per look: no real waiting
    monkeypatch.setenv(writing.WAIT_ENV, "60")  # a bound: this test must never hang
    monkeypatch.setattr(writing.time, "monotonic", lambda: next(ticks))
    with pytest.raises(writing.StoreLockedError, match=r"for 6\d s .*KIZUNA_LOCK_WAIT=SECONDS"):
        with store.atomic():
            pass
    holder.execute("COMMIT")
    with store.atomic():  # and the store is usable again afterwards
        pass
    store.close()
    holder.close()


# -- watch writes while serve reads --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site(web: LocalWeb, news: Path, count: int) -> Path:
    """A feed of `count` articles (the generated news as HTML pages); returns a feeds file."""
    items = []
    for n, page in enumerate(sorted(news.iterdir())[:count]):
        paragraphs = page.read_text(encoding="utf-8").split("\n\n")
        body = news_page(f"Tin hợp tác {n}", paragraphs, date=f"2025-10-{n % 28 + 1:02d}")
        url = web.route(f"/tin/{n}", Reply(body=body, headers={"Content-Type": "text/html; charset=utf-8"}))
        items.append((f"Tin {n}", url, "Tue, 14 Oct 2025 09:30:00 +0700"))
    web.route("/rss", Reply(body=rss(items), headers={"Content-Type": "application/rss+xml"}))
    feeds = news.parent / "feeds.txt"
    feeds.write_text(web.url("/rss") + "\n", encoding="utf-8")
    return feeds


def _wait_for_server(base: str, server) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(base + "/api/documents", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("kizuna serve did not start: " + (server.stderr.read() if server.poll() else ""))


def test_watch_writes_while_serve_reads(tmp_path: Path, news: Path) -> None:
    web = LocalWeb().start()
    try:
        feeds = _site(web, news, 30)
        db, alone = tmp_path / "live.db", tmp_path / "alone.db"
        crawl.fetch_feeds(feeds, alone, settings=FetchSettings(rate=0, connect_timeout=2, read_timeout=5))
        open_store(db).close()
        port = _free_port()
        server = kizuna("serve", "--db", str(db), "--port", str(port))
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(base, server)
        watcher = kizuna(
            "watch", "--feeds", str(feeds), "--every", "1h", "--db", str(db), "--rate", "1000", "--quiet"
        )
        seen, statuses = [], set()
        deadline = time.monotonic() + 240
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < deadline:
                for path in ("/api/documents?limit=5", "/api/events", "/", "/api/search?q=Gunma"):
                    statuses.add(client.get(path).status_code)
                seen.append(client.get("/api/documents", params={"limit": 1}).json()["total"])
                if seen[-1] >= 30:
                    break
        watcher.terminate()  # SIGTERM: watch stops after the current page
        status, _, watch_err = finish(watcher, 120)
        server.terminate()
        _, _, serve_err = finish(server, 60)
    finally:
        web.stop()
    assert seen[-1] == 30, seen
    assert seen == sorted(seen)  # the reader never saw a document vanish
    assert statuses == {200}
    assert status == 0 and no_traceback(watch_err), watch_err
    assert no_traceback(serve_err), serve_err
    assert differences(dump(db), dump(alone)) == []


# -- writers take turns ----------------------------------------------------------------------------


def _turns(kb: str, waiting: Callable[[], bool]) -> list[str]:
    """A writes; B asks to write meanwhile; A commits and asks again at once. In which order do
    they get in? `waiting()` tells when B is waiting."""
    first, second = open_store(kb, shared=True), open_store(kb, shared=True)
    order: list[str] = []

    def other() -> None:
        with second.atomic():
            order.append("B")

    try:
        with first.atomic():
            order.append("A1")
            thread = threading.Thread(target=other)
            thread.start()
            for _ in range(6000):  # a bound on the polling, not a timing assertion
                if waiting():
                    break
                time.sleep(0.01)
            else:
                raise AssertionError("the second writer never waited")
        with first.atomic():  # at once: the waiting writer must get in first
            order.append("A2")
        thread.join(120)
    finally:
        first.close()
        second.close()
    return order


def test_a_waiting_sqlite_writer_gets_its_turn_between_the_others_batches(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    open_store(db).close()

    def waiting() -> bool:  # B holds the turnstile while it waits for SQLite's lock
        with open(db + writing.TURN_SUFFIX, "a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(f, fcntl.LOCK_UN)
            return False

    assert _turns(db, waiting) == ["A1", "B", "A2"]


def test_a_waiting_postgres_writer_gets_its_turn_between_the_others_batches(pg_server) -> None:
    psycopg = pytest.importorskip("psycopg")
    url = pg_server.new_database()
    open_store(url).close()

    def waiting() -> bool:
        with psycopg.connect(url) as con:
            return bool(con.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                    ).fetchone()[0])

    assert _turns(url, waiting) == ["A1", "B", "A2"]


def test_a_postgres_writer_that_waited_too_long_says_what_to_do(
    pg_server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = pg_server.new_database()
    holder, store = open_store(url), open_store(url)
    monkeypatch.setenv(writing.WAIT_ENV, "0.2")
    try:
        with holder.atomic():
            with caplog.at_level("INFO", logger="kizuna.store.writing"):
                with pytest.raises(writing.StoreLockedError, match="KIZUNA_LOCK_WAIT=SECONDS"):
                    with store.atomic():
                        pass
        assert "another process is writing to it" in caplog.text
        with store.atomic():  # usable again, and the session's lock_timeout is as it was
            assert store._db.execute("SHOW lock_timeout").fetchone()[0] == "0"
    finally:
        holder.close()
        store.close()


def test_two_ingests_at_once_on_postgres_give_the_knowledge_base_of_one(pg_server, news: Path) -> None:
    psycopg = pytest.importorskip("psycopg")
    alone, shared = pg_server.new_database(), pg_server.new_database()
    total = api.ingest([SAMPLES, news], db=alone).new
    runs = [kizuna("ingest", str(SAMPLES), str(news), "--db", shared) for _ in range(2)]
    results = [finish(run) for run in runs]
    for status, _, err in results:
        assert status == 0 and no_traceback(err), err
    counts = [_counts(out.splitlines()[0]) for _, out, _ in results]
    assert (sum(c[0] for c in counts), sum(c[1] for c in counts)) == (total, total)

    def facts(url: str) -> dict[str, list[tuple]]:
        with psycopg.connect(url) as con:
            return {t: sorted(con.execute(f"SELECT {cols} FROM {t}").fetchall()) for t, cols in (
                ("documents", "id, digest"), ("ties", "doc_id, vn, jp, kind, evidence"),
                ("people", "doc_id, name, role, evidence"), ("figures", "doc_id, value, unit, evidence"),
                ("cluster_documents", "cluster_id, doc_id, headline"), ("event_clusters", "id, type, date"))}

    assert facts(shared) == facts(alone)
    assert check_database(shared).ok


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_long_ingests_take_turns_batch_by_batch(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, new_kb
) -> None:
    """Measured before the turnstile (SQLite): all 148 documents of one run, then the other's 149."""
    import itertools

    folders = [generated_news(tmp_path / name, 150, seed=seed) for name, seed in (("a", 1), ("b", 2))]
    db = new_kb(request, backend, tmp_path)
    runs = [kizuna("ingest", str(folder), "--db", db) for folder in folders]
    results = [finish(run, 900) for run in runs]
    for status, _, err in results:
        assert status == 0 and no_traceback(err), err
    store = open_store(db, readonly=True)
    try:
        order = [Path(r[0]).parent.name for r in store._db.execute(
            f"SELECT source FROM documents ORDER BY {store.dialect.rowid}")]
    finally:
        store.close()
    turns = [name for name, _ in itertools.groupby(order)]
    # each run stores 3 batches; had one waited for the whole of the other, there would be 2 turns
    assert len(turns) >= 4, turns
    assert check_database(db).ok

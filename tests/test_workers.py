"""Dask workers: a run on workers stores exactly what a serial run stores (same rows, same event
clusters, same order), and a worker killed mid-run costs nothing (its documents are redone, none is
lost or stored twice)."""
from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from kizuna import api
from kizuna.cli import app
from kizuna.errors import UsageError
from kizuna.workers import Workers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from crawlgen import crawl_pages, write_warc  # noqa: E402

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "eval" / "articles"
SAMPLES = ROOT / "kizuna" / "samples"


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in rowid order, without the columns that hold the time of the run."""
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in tables:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if not r[1].endswith("_at")]
            if not columns:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            out[table] = list(con.execute(f'SELECT {names} FROM "{table}"'))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as local:
        yield local


@pytest.fixture(scope="module")
def serial_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "k.db"
    summary = api.ingest([OWN, SAMPLES], db=db)
    assert summary.new > 20 and not summary.failed, summary
    return db


def test_workers_store_what_a_serial_run_stores(tmp_path: Path, serial_db: Path) -> None:
    db = tmp_path / "k.db"
    summary = api.ingest([OWN, SAMPLES], db=db, workers=2)
    assert not summary.failed
    expected = dump(serial_db)
    got = dump(db)
    assert set(got) == set(expected)
    for table in expected:
        assert got[table] == expected[table], table
    assert expected["documents"] and expected["event_clusters"]


def test_a_worker_killed_mid_run_costs_nothing(tmp_path: Path, serial_db: Path, cluster) -> None:
    client = distributed.Client(cluster)
    try:
        pids = client.run(os.getpid)
        killed: dict[str, object] = {}

        def on_document(source: str, outcome: str) -> None:
            if killed:
                return
            busy = {w: tasks for w, tasks in client.processing().items() if tasks}
            if not busy:
                return
            worker = next(iter(busy))   # a worker that holds documents right now
            killed.update(worker=worker, pid=pids[worker], tasks=len(busy[worker]))
            os.kill(pids[worker], signal.SIGKILL)

        db = tmp_path / "k.db"
        summary = api.ingest([OWN, SAMPLES], db=db, scheduler=cluster.scheduler_address, progress=on_document)
    finally:
        client.close()
    assert killed and killed["tasks"] >= 1, killed
    with pytest.raises(ProcessLookupError):
        os.kill(killed["pid"], 0)   # it really died
    assert not summary.failed
    assert dump(db) == dump(serial_db)   # nothing lost, nothing twice, same order


def test_a_crawl_on_workers_stores_what_a_serial_run_stores(tmp_path: Path) -> None:
    """The parent prefilters the pages and sends the workers the documents it keeps."""
    pages = list(crawl_pages(150, relevant_share=0.04, seed=8))
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, pages)
    cut = tmp_path / "cut.warc.gz"   # a damaged archive: its error comes in its place, in order
    cut.write_bytes(warc.read_bytes()[:-300])
    serial = api.ingest([warc, cut], db=tmp_path / "serial.db")
    parallel = api.ingest([warc, cut], db=tmp_path / "workers.db", workers=2)
    relevant = sum(p.kind == "relevant" for p in pages)
    assert relevant <= serial.new < 2 * relevant and serial.skipped > 200   # a few sidebars name both
    assert parallel.to_dict() == serial.to_dict()
    assert any("truncated" in reason for _, reason in parallel.failed)
    assert dump(tmp_path / "workers.db") == dump(tmp_path / "serial.db")


def test_reextract_on_workers_equals_a_serial_reextract(tmp_path: Path, serial_db: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    one.write_bytes(serial_db.read_bytes())
    two.write_bytes(serial_db.read_bytes())
    serial = api.reextract(one)
    parallel = api.reextract(two, workers=2)
    assert (parallel.documents, parallel.unchanged, parallel.events) == (serial.documents, serial.unchanged,
                                                                          serial.events)
    assert dump(one) == dump(two)


def test_bad_worker_options_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="1 or more"):
        Workers(0)
    with pytest.raises(UsageError, match="workers or a scheduler"):
        Workers()


def test_cli_ingest_with_workers_prints_the_summary(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    db = str(tmp_path / "k.db")
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert " new, " in result.output

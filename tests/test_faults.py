"""Faults of the disk under a real `kizuna ingest`: a full disk (a file size limit, RLIMIT_FSIZE, in
the child process) and a read-only database file. Each ends with one clear line naming the file,
the reason and what to do; nothing half-written (every stored document has all its facts, the
file passes `kizuna check`); and the rerun completes with the knowledge base of one run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from faults import KIZUNA, ROOT, SAMPLES, differences, dump, finish, generated_news, kizuna, no_traceback
from test_store import en_extraction, vi_extraction

from kizuna import api
from kizuna.api import add_document
from kizuna.errors import KizunaError
from kizuna.store import open_store
from kizuna.store.check import check_database
from kizuna.store.writing import StoreWriteError

# Run in the child: a write past the limit fails with EFBIG (SIGXFSZ ignored) as on a full disk.
LIMITED = (
    "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "limit = int(sys.argv.pop(1)); resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); "
    "sys.argv[0] = 'kizuna'; from kizuna.cli import app; app()"
)
# As root, permissions stop nothing: the child drops the capabilities that let root write anyway.
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_news(tmp_path_factory.mktemp("news"), 120, seed=5)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, news: Path) -> Path:
    db = tmp_path_factory.mktemp("baseline") / "alone.db"
    api.ingest([SAMPLES, news], db=db)
    return db


def _facts_of_stored_documents_are_whole(db: Path, baseline: Path) -> int:
    """Every document in `db` has exactly the rows it has in the uninterrupted run; returns how many."""
    got, full = dump(db, clusters=False), dump(baseline, clusters=False)
    stored = {row[0] for row in got["documents"]}
    for table, rows in got.items():
        if table not in ("document_order", "localities"):  # the others start with the document's id
            assert rows == [r for r in full[table] if r[0] in stored], table
    return len(stored)


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot write to "), stderr
    assert no_traceback(stderr)
    return lines[0]


def test_a_full_disk_stops_the_run_cleanly_and_the_rerun_completes(
    tmp_path: Path, news: Path, baseline: Path
) -> None:
    db = tmp_path / "full.db"
    limit = baseline.stat().st_size // 2  # about half of the batches fit
    limited = subprocess.Popen(
        [sys.executable, "-c", LIMITED, str(limit), "ingest", str(SAMPLES), str(news), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    status, _, err = finish(limited)
    assert status == 2
    line = _one_error_line(err)
    assert str(db) in line and "free some space" in line and "run the same command again" in line
    assert check_database(db).ok
    stored = _facts_of_stored_documents_are_whole(db, baseline)
    assert 0 < stored < len(dump(baseline)["documents"])  # it did stop in the middle
    status, _, err = finish(kizuna("ingest", str(SAMPLES), str(news), "--db", str(db)))
    assert status == 0 and no_traceback(err), err
    assert differences(dump(db), dump(baseline)) == []


@pytest.mark.slow
@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="running as root without setpriv: file permissions stop no write",
)
def test_a_read_only_database_is_read_but_not_written(tmp_path: Path, news: Path, baseline: Path) -> None:
    db = tmp_path / "ro.db"
    finish(kizuna("ingest", str(SAMPLES), "--db", str(db)))
    before = dump(db)
    db.chmod(0o444)
    prefix = UNPRIVILEGED if os.geteuid() == 0 else []
    try:
        run = subprocess.run
        written = run(
            [*prefix, *KIZUNA, "ingest", str(news), "--db", str(db)], capture_output=True, text=True
        )
        read = run(
            [*prefix, *KIZUNA, "localities", "--db", str(db), "--format", "jsonl"],
            capture_output=True,
            text=True,
        )
    finally:
        db.chmod(0o644)
    assert written.returncode == 2
    line = _one_error_line(written.stderr)
    assert "read-only" in line and "make the file and its folder writable" in line
    assert read.returncode == 0 and '"Gunma"' in read.stdout, read.stderr  # reading needs no write
    assert dump(db) == before
    for suffix in ("-wal", "-shm"):  # made by the refused open with the file's mode: writable again
        side = db.with_name(db.name + suffix)
        if side.exists():
            side.chmod(0o644)
    status, _, err = finish(kizuna("ingest", str(SAMPLES), str(news), "--db", str(db)))
    assert status == 0 and no_traceback(err), err
    assert differences(dump(db), dump(baseline)) == []


def _disk_full() -> sqlite3.OperationalError:
    err = sqlite3.OperationalError("database or disk is full")
    err.sqlite_errorname, err.sqlite_errorcode = "SQLITE_FULL", 13   # as SQLite sets them
    return err


def test_a_disk_failure_swallowed_by_a_caller_still_rolls_the_whole_batch_back(tmp_path: Path) -> None:
    """One bad document must not stop a run, so callers catch errors around each document; a full
    disk is no bad document: every level of the transaction raises it and nothing of it commits."""
    store = open_store(tmp_path / "k.db")
    with pytest.raises(StoreWriteError, match=r"cannot write to .*k\.db: the disk is full") as caught:
        with store.atomic():
            add_document(store, vi_extraction())
            try:
                with store.atomic():
                    raise _disk_full()
            except Exception:
                pass   # what a per-document handler does
            add_document(store, en_extraction())   # refused at once: the transaction is lost
    assert isinstance(caught.value, KizunaError) and isinstance(caught.value, sqlite3.OperationalError)
    assert store.counts()["documents"] == 0
    assert add_document(store, vi_extraction()) == "new"   # the store is usable again
    store.close()

"""Helpers of the concurrency and fault tests: a canonical dump of a knowledge base (to say "the
same as an uninterrupted run"), generated news to ingest, and kizuna run as a real process.

The dump leaves out what legitimately differs between two runs of the same input: times
(ingested_at, created_at, fetched_at) and row ids; it keeps everything else, clusters included,
and the order documents came in (reextract rebuilds events in that order).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "kizuna" / "samples"
KIZUNA = [sys.executable, "-m", "kizuna.cli"]

# table -> the query of its canonical rows (sorted, without ids and times)
_FACTS = {
    "documents": "SELECT id, source, url, title, lang, published, kind, digest, text, raw FROM documents",
    "document_order": "SELECT rowid, id FROM documents",
    "document_sources": "SELECT doc_id, source FROM document_sources",
    "localities": "SELECT key, name, name_fold, country, code, current, current_fold, level FROM localities",
    "mentions": "SELECT doc_id, locality_key, char_start, char_end, surface FROM mentions",
    "ties": "SELECT doc_id, vn, vn_fold, jp, jp_fold, kind, evidence FROM ties",
    "events": "SELECT doc_id, type, date, end_date, place, place_fold, evidence FROM events",
    "people": "SELECT doc_id, name, role, locality, locality_fold, organization, evidence FROM people",
    "organizations": "SELECT doc_id, name, evidence FROM organizations",
    "figures": "SELECT doc_id, value, unit, about, evidence FROM figures",
    "sectors": "SELECT doc_id, sector FROM sectors",
    "search": "SELECT doc_id, title, body FROM documents_fts",
}
_CLUSTERS = {
    "minhashes": "SELECT doc_id, lang, signature FROM minhashes",
    "minhash_bands": "SELECT key, doc_id FROM minhash_bands",
    "duplicates": "SELECT doc_id, original, similarity FROM duplicates",
    "event_clusters": "SELECT id, type, date, end_date, place, place_fold, occasion FROM event_clusters",
    "cluster_documents": "SELECT cluster_id, doc_id, headline, score, features FROM cluster_documents",
    "cluster_places": "SELECT p.name, p.dated, p.day_start, p.day_end, c.cluster_id, c.doc_id, c.headline"
    " FROM cluster_places p JOIN cluster_documents c ON c.id = p.member_id",
}
_FETCH = {
    "fetch_pages": "SELECT url, final_url, status, etag, content_type, body, error, doc_id FROM fetch_pages",
    "fetch_pending": "SELECT url, feed, title, published FROM fetch_pending",
}


def dump(path: str | Path, clusters: bool = True, fetched: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """The knowledge base at `path` as sorted rows per table (blobs as their SHA-1)."""
    queries = {**_FACTS, **(_CLUSTERS if clusters else {}), **(_FETCH if fetched else {})}
    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        out = {}
        for name, sql in queries.items():
            table = sql.split(" FROM ")[1].split()[0]
            rows = con.execute(sql).fetchall() if table in tables else []
            out[name] = sorted(tuple(_plain(v) for v in row) for row in rows)
        return out
    finally:
        con.close()


def differences(a: dict[str, list[tuple[Any, ...]]], b: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """The tables whose rows differ, with counts: readable in an assertion message."""
    return [
        f"{t}: {len(a[t])} vs {len(b[t])} rows, {len(set(a[t]) ^ set(b[t]))} differ"
        for t in a
        if a[t] != b.get(t)
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return "sha1:" + hashlib.sha1(value).hexdigest()
    return value


def generated_news(folder: Path, count: int, seed: int = 11) -> Path:
    """`count` generated news pages (bench/corpus.py: made-up sentences, no article text) as .txt files."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(corpus.pages(count, seed=seed, size=2500)):
        (folder / f"news_{n:04d}.txt").write_text(page, encoding="utf-8")
    return folder


def kizuna(*args: str, env: dict[str, str] | None = None, **popen: Any) -> subprocess.Popen[str]:
    """`kizuna ARGS...` as a separate process (stdout and stderr captured as text)."""
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.Popen(
        [*KIZUNA, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
        **popen,
    )


def finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    """Wait for a process (killing it past `timeout`): (exit status, stdout, stderr)."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
    return process.returncode, out, err


def no_traceback(stderr: str) -> bool:
    return "Traceback" not in stderr and "database is locked" not in stderr and "╭─" not in stderr

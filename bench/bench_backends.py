"""SQLite against PostgreSQL on the same generated knowledge base: ingest rate and serve latencies.

    .venv/bin/python bench/bench_backends.py [--docs 20000] [--requests 100]
                                             [--postgres postgresql://USER@HOST:PORT/DB]

1. Stores --docs generated documents (bench_web's extractions, the same seed) in a new SQLite file
   and in a new PostgreSQL database: a throwaway server this script starts (tests/pgserver.py:
   initdb + pg_ctl on a loopback port, fsync off) or, with --postgres, an empty database of a
   running server. Prints the time per 10,000 documents and the rate of each.
2. Serves each under uvicorn (`kizuna serve`'s application) and measures the median and p95
   latency of the overview, a locality profile, a document page and a search, as bench_web does.
Prints every figure with the PostgreSQL / SQLite ratio (the issue's target: serve latencies within
±20 % at 100,000 documents).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT.parent / "tests")]

import bench_web
import pgserver

from kizuna.api import add_document
from kizuna.store import browse, display, open_store

SEARCHES = ("quang ninh", "gunma", "tourism training", "ha noi")


@dataclass
class Result:
    backend: str
    seconds: float = 0.0
    per_10k: list[float] = field(default_factory=list)
    latency: dict[str, tuple[float, float]] = field(default_factory=dict)   # page -> (median, p95) ms


def fill(db: str, count: int, result: Result) -> None:
    """bench_web's documents, stored through Store.add in batches of 2,000 (one transaction each)."""
    vn_units, jp_units = bench_web._units()
    rng = random.Random(20251122)
    store = open_store(db)
    started = lap = time.perf_counter()
    try:
        for first in range(0, count, 2000):
            with store.atomic():
                for i in range(first, min(count, first + 2000)):
                    add_document(store, bench_web._extraction(i, rng, vn_units, jp_units))
            done = min(count, first + 2000)
            if done % 10_000 == 0 or done == count:
                now = time.perf_counter()
                result.per_10k.append((now - lap) * 10_000 / (done - (len(result.per_10k) * 10_000)))
                lap = now
                print(f"  {result.backend}: stored {done:,} ({now - started:.0f} s)", flush=True)
        result.seconds = time.perf_counter() - started
        browse.ensure_indexes(store)
        store._db.execute("ANALYZE")
    finally:
        store.close()


def serve_latencies(db: str, requests: int, result: Result) -> None:
    port = bench_web._free_port()
    server = bench_web._serve(db, port)   # type: ignore[arg-type]  # a path or a URL
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            top = client.get("/api/localities?limit=5").json()["items"]
            docs = [d["id"] for d in client.get("/api/documents?limit=200").json()["items"]]
            rng = random.Random(1)
            pages = {
                "overview": ["/"] * requests,
                "locality profile": [f"/localities/{top[k % len(top)]['name']}" for k in range(requests)],
                "document": [f"/documents/{rng.choice(docs)}" for _ in range(requests)],
                "search": [f"/search?q={rng.choice(SEARCHES)}" for _ in range(requests)],
                "events page": [f"/events?offset={20 * (k % 10)}" for k in range(requests)],
            }
            for name, urls in pages.items():
                bench_web._latencies(client, urls[:10])   # warm-up (and the page cache)
                ms = sorted(bench_web._latencies(client, urls))
                result.latency[name] = (statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)])
    finally:
        server.terminate()
        server.wait(timeout=10)


def report(lite: Result, pg: Result, docs: int) -> None:
    print(f"\n{docs:,} documents; ratio = PostgreSQL / SQLite")
    print(f"  {'':<22} {'SQLite':>10} {'PostgreSQL':>11} {'ratio':>7}")
    print(f"  {'ingest, docs/s':<22} {docs / lite.seconds:>10.0f} {docs / pg.seconds:>11.0f} "
          f"{lite.seconds / pg.seconds:>7.2f}")
    for k, (a, b) in enumerate(zip(lite.per_10k, pg.per_10k, strict=False)):
        print(f"  {f's per 10k, block {k + 1}':<22} {a:>10.1f} {b:>11.1f} {b / a:>7.2f}")
    for page in lite.latency:
        (a_med, a_p95), (b_med, b_p95) = lite.latency[page], pg.latency[page]
        print(f"  {page + ' median ms':<22} {a_med:>10.1f} {b_med:>11.1f} {b_med / a_med:>7.2f}")
        print(f"  {page + ' p95 ms':<22} {a_p95:>10.1f} {b_p95:>11.1f} {b_p95 / a_p95:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgres", help="an empty database of a running server (default: a throwaway one)")
    args = parser.parse_args()
    server = None
    if args.postgres:
        pg_db = args.postgres
    else:
        bindir = pgserver.server_binaries()
        if bindir is None:
            raise SystemExit("no PostgreSQL server binaries: install postgresql-15, or pass --postgres URL")
        server = pgserver.start(bindir)
        pg_db = server.new_database("kizuna_bench")
    folder = Path(tempfile.mkdtemp(prefix="kizuna-bench-"))
    try:
        results = []
        for backend, db in (("SQLite", str(folder / "kizuna.db")), ("PostgreSQL", pg_db)):
            result = Result(backend)
            print(f"filling {display(db)} with {args.docs:,} generated documents", flush=True)
            fill(db, args.docs, result)
            serve_latencies(db, args.requests, result)
            results.append(result)
        report(results[0], results[1], args.docs)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()

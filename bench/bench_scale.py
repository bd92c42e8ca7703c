"""Crawl-scale benchmark: a generated CC-News-like WARC (1 % relevant) through the prefilter and
`kizuna ingest` serially, on 1 and on 2 Dask workers; then relevant documents alone on 1 and 2
workers (the speed-up of the extraction itself); memory of each worker and of the parent.

    .venv/bin/python bench/bench_scale.py [--records 12000] [--relevant 0.01] [--warc PATH]

Every page is generated (bench/crawlgen.py), never real article text. Ratios are printed against
peers measured in the same run on the same archive: warcio's and FastWARC's bare iteration
(reading every payload), so the figures say how close kizuna comes to reading the file at all.
Targets (issue 13): >= 1,500 records/s with --workers 2 on a 2-core machine; 2 workers >= 1.7x one
on relevant documents.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawlgen import crawl_pages, write_warc


def _rss_mb() -> float:
    import psutil
    return psutil.Process().memory_info().rss / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def iterate_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator
    n = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    return n


def iterate_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    n = 0
    for record in ArchiveIterator(str(path), parse_http=True, fsspec_args=False):
        if record.record_type == WarcRecordType.response:
            record.reader.read()
            n += 1
    return n


def prefilter_pass(path: Path) -> tuple[int, list[str]]:
    """kizuna's reader with the prefilter: (records, URLs of the kept ones)."""
    from kizuna.model import RawDocument
    from kizuna.sources import iter_raw
    records, kept = 0, []
    for item in iter_raw([path], prefilter=True):
        records += 1
        if isinstance(item, RawDocument):
            kept.append(item.url)
    return records, kept


def write_crawl(path: Path, records: int, relevant: float) -> None:
    """The archive, and beside it each page's kind (for the prefilter's precision)."""
    kinds = path.with_name(path.name + ".kinds.tsv")
    with kinds.open("w", encoding="utf-8") as out:
        def pages():
            for page in crawl_pages(records, relevant):
                out.write(f"{page.uri}\t{page.kind}\n")
                yield page
        write_warc(path, pages())


def precision(path: Path, kept: list[str]) -> str:
    kinds_file = path.with_name(path.name + ".kinds.tsv")
    if not kinds_file.exists():
        return "(no kinds file beside the archive: precision not measured)"
    kinds = dict(line.rstrip("\n").split("\t") for line in kinds_file.open(encoding="utf-8"))
    kept_kinds = [kinds[u] for u in kept]
    relevant = sum(k == "relevant" for k in kinds.values())
    found = sum(k == "relevant" for k in kept_kinds)
    every = list(kinds.values())
    per_kind = ", ".join(f"{kind} {kept_kinds.count(kind)}/{every.count(kind)}"
                         for kind in ("other", "vn_only", "jp_only"))
    return (f"recall {found}/{relevant} = {found / relevant:.3f}, precision {found}/{len(kept)} = "
            f"{found / len(kept):.3f}; irrelevant kept: {per_kind}")


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    return result, seconds


def ingest(path: Path, workers: int | None) -> tuple[object, float, float, float, list[float]]:
    """(summary, seconds of the whole run, seconds of the cluster's start and warm-up, CPU seconds
    of this process during the ingest (with the LocalCluster's scheduler, which runs in it), CPU
    seconds of each worker). CPU time does not grow when other jobs share the cores: it says what
    the run would do on free cores."""
    from kizuna import api
    from kizuna.workers import Workers
    startup = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "k.db"
        if workers is None:
            cpu = time.process_time()
            summary, seconds = timed("serial", api.ingest, [path], db=db)
            return summary, seconds, startup, time.process_time() - cpu, []
        start = time.perf_counter()
        with Workers(workers) as pool:   # started here, then used through its scheduler address
            startup = time.perf_counter() - start
            address = pool.client.scheduler.address
            before = pool.client.run(_worker_cpu)
            cpu = time.process_time()
            summary, seconds = timed("workers", api.ingest, [path], db=db, scheduler=address)
            cpu = time.process_time() - cpu
            after = pool.client.run(_worker_cpu)
        return summary, seconds + startup, startup, cpu, [after[w] - before[w] for w in after if w in before]


def _worker_cpu() -> float:
    import psutil
    times = psutil.Process().cpu_times()
    return times.user + times.system


def _worker_mb() -> float:
    import psutil
    return psutil.Process().memory_info().rss / 1e6


def relevant_speedup(count: int) -> dict[int, tuple[float, list[float]]]:
    """docs/s of the extraction alone on 1 and 2 workers over `count` relevant pages, and each
    worker's memory (MB) afterwards."""
    import psutil  # noqa: F401  (the workers import it too)

    from kizuna.model import RawDocument
    from kizuna.pipeline import extract_raw
    from kizuna.workers import Workers
    pages = [p for p in crawl_pages(count * 2, relevant_share=0.5, seed=21) if p.kind == "relevant"][:count]
    docs = [RawDocument(source=p.uri, kind="html", text=p.html, data=p.html.encode()) for p in pages]
    out = {}
    for n in (1, 2):
        with Workers(n) as pool:
            list(pool.ordered(docs[:4 * n], extract_raw))   # every worker past its first documents
            start = time.perf_counter()
            results = list(pool.ordered(docs, extract_raw))
            rate = len(results) / (time.perf_counter() - start)
            memory = list(pool.client.run(_worker_mb).values())
        out[n] = (rate, memory)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=12_000)
    parser.add_argument("--relevant", type=float, default=0.01)
    parser.add_argument("--warc", type=Path, default=None, help="reuse (or write) the generated archive here")
    parser.add_argument("--relevant-docs", type=int, default=240, help="documents for the speed-up measure")
    args = parser.parse_args()

    path = args.warc or Path(tempfile.gettempdir()) / f"kizuna-crawl-{args.records}-{args.relevant}.warc.gz"
    if not path.exists():
        _, seconds = timed("write", write_crawl, path, args.records, args.relevant)
        print(f"generated {path} in {seconds:.0f} s")
    size = path.stat().st_size
    print(f"archive: {args.records:,} records, {args.relevant:.0%} relevant, {size / 1e6:.0f} MB "
          f"({size / args.records / 1e3:.0f} KB a record, gzipped); {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} (other jobs on the machine skew every figure)")

    from kizuna.pipeline import warm_up
    from kizuna.prefilter import load
    warm_up()
    load()
    n, t_warcio = timed("warcio", iterate_warcio, path)
    _, t_fast = timed("fastwarc", iterate_fastwarc, path)
    (records, kept_urls), t_pre = timed("prefilter", prefilter_pass, path)
    kept = len(kept_urls)
    print(f"\npeers (every payload read):  warcio {n / t_warcio:7,.0f} records/s   "
          f"FastWARC {n / t_fast:7,.0f} records/s   (FastWARC / warcio {t_warcio / t_fast:.2f}x)")
    print(f"reader + prefilter:          {records / t_pre:7,.0f} records/s   "
          f"({t_fast / t_pre:.2f}x of bare FastWARC); "
          f"kept {kept} of {records}")
    print(f"prefilter on the generated crawl: {precision(path, kept_urls)}")

    print(f"\ningest of the whole archive (memory of this process before: {_rss_mb():.0f} MB)")
    rates = {}
    for workers in (None, 1, 2):
        before = _rss_mb()
        summary, seconds, startup, cpu, worker_cpu = ingest(path, workers)
        steady = seconds - startup
        rates[workers] = records / seconds
        label = "serial   " if workers is None else f"{workers} worker{'s' if workers > 1 else ' '}"
        print(f"  {label}  {records / seconds:7,.0f} records/s overall, {records / steady:7,.0f} after the "
              f"cluster's start ({startup:4.1f} s)   new {summary.new}, {summary.skipped_line()}, "
              f"failed {len(summary.failed)}; parent memory {before:.0f} -> {_rss_mb():.0f} MB "
              f"({records / seconds / (n / t_fast):.2f}x of bare FastWARC)")
        busiest = max([cpu, *worker_cpu])
        spent = ", ".join(f"{w:.1f} s" for w in worker_cpu) or "none"
        print(f"             CPU: this process {cpu:5.1f} s, workers {spent}"
              f" -> on {1 + len(worker_cpu) if worker_cpu else 1} free cores at most "
              f"{records / busiest:7,.0f} records/s (each process on its own core)")

    print(f"\nrelevant documents only ({args.relevant_docs} generated pages, extraction on the workers)")
    speed = relevant_speedup(args.relevant_docs)
    for workers, (rate, memory) in speed.items():
        print(f"  {workers} worker{'s' if workers > 1 else ' '}  {rate:6.1f} docs/s   memory per worker "
              + ", ".join(f"{m:.0f} MB" for m in memory))
    print(f"  speed-up 2 workers / 1: {speed[2][0] / speed[1][0]:.2f}x (target 1.7x)")
    print(f"\npeak memory of this process: {_peak_mb():.0f} MB; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

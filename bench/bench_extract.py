"""Benchmark: extraction over a generated corpus of ~5 KB plain-text pages, on one core.

    .venv/bin/python bench/bench_extract.py [--docs 10000] [--size 5000]

Prints, for the foundation stages (clean + language + linking) and for the full
extraction (cleaning to sectors): documents per second, the time share of each
stage, resident memory at checkpoints (it must stay flat: documents are streamed),
and the ratio to a peer measured in the same run (trafilatura alone extracting the
same pages wrapped in HTML paragraphs).

Stage times are CPU time of this process (time.process_time), pinned to one core: on a
shared machine, wall time also counts the moments the scheduler gives the core to others.
The wall time of the whole run is printed too.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import pages  # noqa: E402

from kizuna import pipeline  # noqa: E402
from kizuna.clean import clean  # noqa: E402
from kizuna.extract.events import extract_events  # noqa: E402
from kizuna.extract.figures import extract_figures  # noqa: E402
from kizuna.extract.organizations import extract_organizations  # noqa: E402
from kizuna.extract.people import extract_people  # noqa: E402
from kizuna.extract.sectors import extract_sectors  # noqa: E402
from kizuna.extract.ties import extract_ties  # noqa: E402
from kizuna.gazetteer import load as load_gazetteer  # noqa: E402
from kizuna.lang import detect, preload as preload_languages  # noqa: E402
from kizuna.link import link  # noqa: E402
from kizuna.model import Context, RawDocument  # noqa: E402
from kizuna.text import fold, sentences  # noqa: E402


def rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_kizuna(count: int, size: int, density: float) -> tuple[dict[str, float], list[tuple[int, float]], float]:
    """Run every stage on `count` generated pages; return seconds per stage and RSS checkpoints."""
    seconds: dict[str, float] = defaultdict(float)
    checkpoints: list[tuple[int, float]] = []
    gazetteer = load_gazetteer()
    step = max(count // 5, 1)
    started = time.perf_counter()
    for n, page in enumerate(pages(count, size=size, density=density), 1):
        raw = RawDocument(source=f"gen/{n}.txt", kind="text", text=page, data=page.encode())
        t = time.process_time()
        cleaned = clean(raw)
        t, seconds["clean"] = _lap(t, seconds["clean"])
        lang = detect(cleaned.text)
        t, seconds["lang"] = _lap(t, seconds["lang"])
        folded = fold(cleaned.text)
        mentions = tuple(link(cleaned.text, gazetteer, folded))
        t, seconds["link"] = _lap(t, seconds["link"])
        ctx = Context(text=cleaned.text, lang=lang, published=cleaned.published, mentions=mentions,
                      sentences=tuple(sentences(cleaned.text)), folded=folded)
        t, seconds["sentences"] = _lap(t, seconds["sentences"])
        people = extract_people(ctx)
        t, seconds["people"] = _lap(t, seconds["people"])
        ctx = replace(ctx, mentions=pipeline._outside_names(ctx, people))
        extract_ties(ctx)
        t, seconds["ties"] = _lap(t, seconds["ties"])
        extract_events(ctx)
        t, seconds["events"] = _lap(t, seconds["events"])
        extract_organizations(ctx)
        t, seconds["organizations"] = _lap(t, seconds["organizations"])
        extract_figures(ctx)
        t, seconds["figures"] = _lap(t, seconds["figures"])
        extract_sectors(ctx)
        t, seconds["sectors"] = _lap(t, seconds["sectors"])
        if n % step == 0:
            checkpoints.append((n, rss_mb()))
    return dict(seconds), checkpoints, time.perf_counter() - started


def _lap(t: float, total: float) -> tuple[float, float]:
    now = time.process_time()
    return now, total + (now - t)


def run_peer(count: int, size: int, density: float) -> float:
    """trafilatura alone on the same pages wrapped as HTML: the peer for the ratio."""
    import trafilatura

    started = time.process_time()
    for page in pages(count, size=size, density=density):
        html = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in page.split("\n")) + \
               "</article></body></html>"
        trafilatura.extract(html, favor_precision=True)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=5000, help="approximate characters per page")
    parser.add_argument("--peer-docs", type=int, default=1000, help="pages for the trafilatura peer")
    parser.add_argument("--density", type=float, default=0.35,
                        help="share of sentences naming localities, people and figures (0.35: like the "
                             "shared real articles; 1.0: a stress test)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the issue asks

    # Warm-up: load the gazetteer, the language models and every data file once.
    preload_languages()   # lingua's models load once per process; pages may not need them early
    run_kizuna(20, args.size, args.density)
    pipeline.warm_up()    # as the CLI does: loaded tables frozen out of the garbage collector's walk
    base_rss = rss_mb()
    seconds, checkpoints, wall = run_kizuna(args.docs, args.size, args.density)
    foundation = seconds["clean"] + seconds["lang"] + seconds["link"]
    total = sum(seconds.values())
    print(f"kizuna extract benchmark: {args.docs} generated pages of ~{args.size} characters, "
          f"entity density {args.density}, one core")
    print(f"  foundation (clean + lang + link): {args.docs / foundation:8.0f} docs/s")
    print(f"  full extraction (clean..sectors): {args.docs / total:8.0f} docs/s   (wall {wall:.1f} s)")
    print("  time per stage:")
    for stage, secs in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"    {stage:<14}{1000 * secs / args.docs:7.3f} ms/doc  {100 * secs / total:5.1f} %")
    print(f"  resident memory after warm-up: {base_rss:.0f} MB; while streaming:")
    for n, mb in checkpoints:
        print(f"    after {n:>7} docs: {mb:7.1f} MB")
    print(f"  peak resident memory: {peak_rss_mb():.0f} MB")
    peer_docs = min(args.peer_docs, args.docs)
    peer = run_peer(peer_docs, args.size, args.density)
    peer_rate = peer_docs / peer
    print(f"  peer: trafilatura.extract on the same pages as HTML: {peer_rate:8.0f} docs/s")
    print(f"  ratio kizuna full extraction / trafilatura alone: {(args.docs / total) / peer_rate:.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: extraction on real text, on one core.

    .venv/bin/python bench/bench_extract.py [--docs 2000] [--corpora shared,real,generated]

Corpora, each measured the same way:
- shared: ~5 KB documents made of the shared corpus's paragraphs in random order (read from
  ../shared at run time, never copied): real sentences, brackets and name lists;
- real: the texts of the real development set (eval/real/texts), when restored;
- generated: pages written by bench/corpus.py (the benchmark of earlier sessions).

For each: documents per second of the foundation (clean + language + linking) and of the whole
extraction, the marginal rate after the first 200 documents, latency percentiles, time per stage,
resident memory while streaming, and two peers measured in the same run on the same documents:
trafilatura alone (the documents wrapped as HTML paragraphs) and a naive gazetteer matcher (one
regular expression per province-level unit). Then kizuna's whole extraction of the documents as
HTML pages against trafilatura alone, and the time of one adversarial paragraph of 10 KB and of
100 KB (a ratio near 10 says no stage is super-linear in a paragraph's length).

Stage times are CPU time of this process (time.process_time), pinned to one core: on a shared
machine, wall time also counts the moments the scheduler gives the core to others.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import pages
from real_text import adversarial, real_texts, shared_paragraphs

from kizuna import pipeline
from kizuna.clean import clean
from kizuna.extract.events import extract_events
from kizuna.extract.figures import extract_figures
from kizuna.extract.organizations import extract_organizations
from kizuna.extract.people import extract_people
from kizuna.extract.sectors import extract_sectors
from kizuna.extract.ties import extract_ties
from kizuna.gazetteer import load as load_gazetteer
from kizuna.lang import detect
from kizuna.lang import preload as preload_languages
from kizuna.link import link
from kizuna.model import Context, RawDocument
from kizuna.text import fold, sentences


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


def run_kizuna(docs: Iterable[str], step: int = 0) -> tuple[dict[str, float], list[tuple[int, float]], float,
                                                         list[float]]:
    """Run every stage on each document; return CPU seconds per stage, RSS checkpoints, the wall
    time and each document's CPU time (for latency percentiles)."""
    seconds: dict[str, float] = defaultdict(float)
    checkpoints: list[tuple[int, float]] = []
    latencies: list[float] = []
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    for n, page in enumerate(docs, 1):
        raw = RawDocument(source=f"bench/{n}.txt", kind="text", text=page, data=page.encode())
        t = first = time.process_time()
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
        latencies.append(t - first)
        if step and n % step == 0:
            checkpoints.append((n, rss_mb()))
    return dict(seconds), checkpoints, time.perf_counter() - started, latencies


def _lap(t: float, total: float) -> tuple[float, float]:
    now = time.process_time()
    return now, total + (now - t)


def run_trafilatura(docs: list[str]) -> float:
    """The peer for the ratio: trafilatura alone on the same documents wrapped as HTML paragraphs."""
    import trafilatura

    pages = [as_html(d) for d in docs]
    started = time.process_time()
    for html in pages:
        trafilatura.extract(html, favor_precision=True)
    return time.process_time() - started


def as_html(doc: str) -> str:
    from html import escape
    return "<html><body><article>" + "".join(f"<p>{escape(line)}</p>" for line in doc.split("\n")) + \
        "</article></body></html>"


def run_naive(docs: list[str]) -> float:
    """The naive peer: one regular expression per province-level unit's standard name (folded),
    each searched over the folded text: what a gazetteer matcher written in an afternoon does."""
    import re
    names = sorted({fold(u.name) for u in load_gazetteer().units})
    patterns = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)") for n in names]
    started = time.process_time()
    for doc in docs:
        text = fold(doc)
        for pattern in patterns:
            pattern.findall(text)
    return time.process_time() - started


def run_html(docs: list[str]) -> float:
    """kizuna's whole extraction of the same documents given as HTML pages (trafilatura inside)."""
    started = time.process_time()
    for n, doc in enumerate(docs):
        html = as_html(doc)
        pipeline.process(RawDocument(source=f"bench/{n}.html", kind="html", text=html, data=html.encode()))
    return time.process_time() - started


def linearity() -> tuple[float, float]:
    """CPU seconds of clean + extract for one 10 KB and one 100 KB adversarial paragraph."""
    out = []
    for size in (10_000, 100_000):
        text = adversarial(size)
        started = time.process_time()
        pipeline.process(RawDocument(source="bench/adversarial.txt", kind="text", text=text, data=text.encode()))
        out.append(time.process_time() - started)
    return out[0], out[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def corpus(name: str, count: int, size: int, density: float) -> list[str]:
    if name == "shared":
        return list(shared_paragraphs(count, size))
    if name == "real":
        texts = real_texts()
        return (texts * (count // max(len(texts), 1) + 1))[:count] if texts else []
    return list(pages(count, size=size, density=density))


def report(name: str, docs: list[str], peer_docs: int, html_docs: int) -> None:
    """One corpus: stage rates, marginal rate, latencies, memory and the two peers."""
    warm = min(200, len(docs) // 10)
    seconds, checkpoints, wall, latencies = run_kizuna(docs, step=max(len(docs) // 5, 1))
    total = sum(seconds.values())
    foundation = seconds["clean"] + seconds["lang"] + seconds["link"]
    marginal = (len(docs) - warm) / max(sum(latencies[warm:]), 1e-9)
    print(f"\ncorpus {name}: {len(docs)} documents, {sum(map(len, docs)) / len(docs):.0f} characters on average")
    print(f"  foundation (clean + lang + link): {len(docs) / foundation:8.0f} docs/s")
    print(f"  full extraction (clean..sectors): {len(docs) / total:8.0f} docs/s   (wall {wall:.1f} s)")
    print(f"  marginal rate (documents {warm + 1}..{len(docs)}): {marginal:8.0f} docs/s")
    print(f"  latency per document: p50 {1000 * percentile(latencies, .5):.2f} ms, "
          f"p95 {1000 * percentile(latencies, .95):.2f} ms, p99 {1000 * percentile(latencies, .99):.2f} ms")
    print("  time per stage:")
    for stage, secs in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"    {stage:<14}{1000 * secs / len(docs):7.3f} ms/doc  {100 * secs / total:5.1f} %  "
              f"{len(docs) / max(secs, 1e-9):9.0f} docs/s")
    print("  resident memory while streaming:", ", ".join(f"{n}: {mb:.0f} MB" for n, mb in checkpoints))
    sample = docs[:peer_docs]
    trafilatura_rate = len(sample) / run_trafilatura(sample)
    naive_rate = len(sample) / run_naive(sample)
    print(f"  peer trafilatura.extract on the same documents as HTML: {trafilatura_rate:8.0f} docs/s; "
          f"kizuna / trafilatura = {(len(docs) / total) / trafilatura_rate:.2f}")
    print(f"  peer naive gazetteer matcher ({len(load_gazetteer().units)} regular expressions): "
          f"{naive_rate:8.0f} docs/s; kizuna / naive = {(len(docs) / total) / naive_rate:.2f}")
    if html_docs:
        html = docs[:html_docs]
        html_rate = len(html) / run_html(html)
        peer = len(html) / run_trafilatura(html)
        print(f"  as HTML pages: kizuna whole extraction {html_rate:8.0f} docs/s, trafilatura alone {peer:8.0f} "
              f"docs/s: trafilatura is {peer / html_rate:.2f} times as fast")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="documents per corpus")
    parser.add_argument("--size", type=int, default=5000, help="approximate characters per document")
    parser.add_argument("--peer-docs", type=int, default=500, help="documents for the peers")
    parser.add_argument("--html-docs", type=int, default=300, help="documents run as HTML pages (0: none)")
    parser.add_argument("--corpora", default="shared,real,generated",
                        help="comma-separated: shared (the shared corpus's paragraphs), real (eval/real "
                             "texts, when restored), generated (written pages)")
    parser.add_argument("--density", type=float, default=0.35,
                        help="generated corpus: share of sentences naming localities, people and figures")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the issue asks
    preload_languages()
    pipeline.warm_up()    # as the CLI does: tables loaded once, frozen out of the garbage collector's walk
    print(f"kizuna extract benchmark, one core, CPU time; resident memory after warm-up {rss_mb():.0f} MB")
    for name in args.corpora.split(","):
        try:
            docs = corpus(name, args.docs, args.size, args.density)
        except FileNotFoundError as err:
            print(f"\ncorpus {name}: skipped ({err})")
            continue
        if not docs:
            print(f"\ncorpus {name}: skipped (no texts: restore eval/real/texts with eval/real/RESTORE.md)")
            continue
        run_kizuna(docs[:50])   # warm the caches of this corpus's languages
        report(name, docs, min(args.peer_docs, len(docs)), min(args.html_docs, len(docs)))
    small, large = linearity()
    print(f"\nlinearity: one adversarial paragraph (brackets, dashes, capitals) of 10 KB {1000 * small:.0f} ms, "
          f"of 100 KB {1000 * large:.0f} ms: ratio {large / small:.1f} (10 is linear)")
    print(f"peak resident memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

"""Benchmark: event clustering and near-duplicate detection over generated documents.

    .venv/bin/python bench/bench_cluster.py [--docs 100000] [--added 1000] [--db /tmp/kizuna-bench.db]

Generates `docs + added` documents as extractions (no text extraction: that is
bench_extract.py's job): events with a date, a Vietnamese–Japanese pair, a host and a guest,
each reported by one to four documents in several languages, some of them syndicated copies.
Then it measures, on one SQLite file:

1. storing and clustering every document as `kizuna ingest` does (facts, full text, clusters);
2. clustering all of them again from scratch (what `kizuna reextract` does to clusters);
3. the incremental case: the last `added` documents taken out, then placed again into the
   clusters of the other `docs` documents;

and prints documents per second, peak memory, the ratio of (2) to (3) per run (the issue asks
for incremental addition at least 20 times faster than clustering everything again), and the
pairwise quality against the generated truth (a sanity check of the generator, not a measure of
quality on real news: see eval/clusters for that).

Times are CPU time of this process (time.process_time) so that other work on the shared
machine does not count; wall time is printed too.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kizuna.api import add_document
from kizuna.cluster import place_document
from kizuna.cluster.placing import settle
from kizuna.gazetteer import load as load_gazetteer  # noqa: E402
from kizuna.model import Document, Event, Extraction, Locality, Person, Span, Tie  # noqa: E402
from kizuna.store import open_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import peak_rss_mb  # noqa: E402

TYPES = ["reception", "signing", "visit", "workshop", "investment_promotion", "forum", "other"]
LANGS = ["vi", "en", "ja", "sv", "fr"]
SYLLABLES = ["an", "binh", "chi", "dung", "hai", "hoa", "khanh", "lan", "minh", "nam", "phuc", "quang",
             "son", "thanh", "tuan", "viet", "ka", "ki", "mo", "ta", "ya", "ro", "shi", "no", "hi", "to"]
TOPICS = ("cooperation training agriculture investment semiconductor tourism logistics workforce "
          "festival delegation memorandum industrial park scholarship nursing port energy water "
          "digital startup university exchange culture youth seafood rice coffee factory").split()
# Body words: a vocabulary the size of a news article's (a few thousand distinct words), drawn
# with Zipf-like frequencies, so that unrelated articles share few word sequences, as real ones do.
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "t", "ng", "m")][:4000]
WEIGHTS = [1 / (rank + 10) for rank in range(len(VOCABULARY))]
COPY_SHARE = 0.05   # documents that are a syndicated copy of another one


@dataclass(frozen=True)
class Truth:
    event: int
    original: str | None


def names() -> tuple[list[str], list[str]]:
    """Province and prefecture names from kizuna's own gazetteer."""
    gazetteer = load_gazetteer()
    units = getattr(gazetteer, "units", None) or gazetteer
    vn = sorted({u.name for u in _iter_units(units) if u.country == "VN"})
    jp = sorted({u.name for u in _iter_units(units) if u.country == "JP"})
    return vn, jp


def _iter_units(units):
    values = units.values() if hasattr(units, "values") else units
    for unit in values:
        if hasattr(unit, "country") and hasattr(unit, "name"):
            yield unit


def generate(count: int, seed: int = 7) -> list[tuple[Extraction, Truth]]:
    """`count` documents reporting about count/2.5 events, in a stable order (by publication)."""
    rng = random.Random(seed)
    vn_names, jp_names = names()
    out: list[tuple[Extraction, Truth]] = []
    event = 0
    while len(out) < count:
        event += 1
        out += _reports(rng, event, vn_names, jp_names)
    out = out[:count]
    out.sort(key=lambda item: (item[0].document.published or "", item[0].document.id))
    return out


def _name(rng: random.Random, parts: int) -> str:
    return " ".join(rng.choice(SYLLABLES).capitalize() + rng.choice(SYLLABLES) for _ in range(parts))


def _reports(rng: random.Random, event: int, vn_names: list[str], jp_names: list[str]) -> list[tuple[Extraction, Truth]]:
    day = 738_000 + rng.randrange(3 * 365)   # 2021-08 .. 2024-08
    from datetime import date
    start = date.fromordinal(day)
    type_ = rng.choice(TYPES)
    end = date.fromordinal(day + 1).isoformat() if type_ in ("forum", "visit") and rng.random() < 0.5 else None
    vn, jp = rng.choice(vn_names), rng.choice(jp_names)
    place = vn if rng.random() < 0.6 else jp
    host, guest = _name(rng, 3), _name(rng, 2)
    topic = " ".join(rng.sample(TOPICS, 6))
    reports = []
    for n in range(rng.choice([1, 2, 2, 3, 3, 4])):
        lang = LANGS[n % len(LANGS)] if n else rng.choice(LANGS)
        text = (f"{start.isoformat()} {place}: {host} and {guest} of {jp} and {vn}, {type_} about {topic}. "
                + " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randrange(120, 260))))
        published = date.fromordinal(day + rng.randrange(0, 3)).isoformat()
        reports.append((_extraction(f"{event}-{n}", lang, text, published, type_, start.isoformat(), end,
                                    place, vn, jp, host, guest), Truth(event, None)))
    if rng.random() < COPY_SHARE * 2.5:   # a syndicated copy of the first report
        first, _ = reports[0]
        doc = first.document
        text = "Photo: provincial portal. " + doc.text + " Related news."
        copy = _extraction(f"{event}-copy", doc.lang, text, doc.published, type_, start.isoformat(), end, place,
                           vn, jp, host, guest)
        reports.append((copy, Truth(event, doc.id)))
    return reports


def _extraction(key: str, lang: str, text: str, published: str, type_: str, day: str, end: str | None,
                place: str, vn: str, jp: str, host: str, guest: str) -> Extraction:
    doc_id = hashlib.sha1(f"{key}|{text}".encode()).hexdigest()
    lead = Span(0, min(len(text), 120))
    doc = Document(id=doc_id, source=f"bench/{key}.txt", kind="text", text=text, lang=lang, published=published)
    return Extraction(
        document=doc,
        localities=(Locality(vn, "VN", None, vn, (lead,)), Locality(jp, "JP", None, jp, (lead,))),
        ties=(Tie(vn, jp, "visit", (lead,)),),
        events=(Event(type_, day, end, place, (lead,)),),
        people=(Person(host, "Chairman of the People's Committee", vn, (lead,)),
                Person(guest, "Governor", jp, (lead,))),
        sectors=("trade_investment",))


def timed(label: str, work, count: int) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:<44} {count:>7} docs  {cpu:8.1f} s CPU  {count / cpu:8.0f} docs/s  "
          f"(wall {wall:.1f} s)  peak RSS {peak_rss_mb():.0f} MB", flush=True)
    return cpu


def pairwise_f1(store, truth: dict[str, Truth]) -> float:
    predicted = {}
    for event in store.event_clusters():
        for d in event.documents:
            if d.headline:
                predicted[d.doc_id] = event.id
    gold_groups, pred_groups = defaultdict(list), defaultdict(list)
    for doc_id, t in truth.items():
        gold_groups[t.event].append(doc_id)
        pred_groups[predicted.get(doc_id, doc_id)].append(doc_id)

    def pairs(groups):
        return {frozenset((a, b)) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1:]}
    gold, pred = pairs(gold_groups), pairs(pred_groups)
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred)) if gold or pred else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--added", type=int, default=1_000)
    parser.add_argument("--db", default="/tmp/kizuna-bench-cluster.db")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)

    total = args.docs + args.added
    started = time.process_time()
    items = generate(total)
    print(f"generated {total} documents ({len({t.event for _, t in items})} events, "
          f"{sum(1 for _, t in items if t.original)} copies) in {time.process_time() - started:.1f} s CPU")
    extractions = [e for e, _ in items]
    truth = {e.document.id: t for e, t in items}
    store = open_store(args.db)

    def ingest_all() -> None:
        for start in range(0, total, 500):
            with store.atomic():
                for extraction in extractions[start:start + 500]:
                    add_document(store, extraction)
    timed("1. store + cluster (as kizuna ingest)", ingest_all, total)
    print(f"   events {len(store.event_clusters())}, pairwise F1 against the generated truth "
          f"{pairwise_f1(store, truth):.3f}")

    def recluster_all() -> None:
        with store.atomic():
            store.clusters.reset()
            for extraction in extractions:
                place_document(store, extraction)
    full = timed(f"2. cluster all {total} from scratch", recluster_all, total)

    added = extractions[args.docs:]
    with store.atomic():   # back to the state of `docs` clustered documents
        tables = store.clusters
        for extraction in added:
            settle(tables, tables.forget(extraction.document.id))

    def add_incrementally() -> None:
        with store.atomic():
            for extraction in added:
                place_document(store, extraction)
    incremental = timed(f"3. add {args.added} to a store of {args.docs}", add_incrementally, args.added)
    print(f"   incremental addition is {full / incremental:.0f} times faster than clustering all "
          f"{total} again (the issue asks for at least 20)")
    print(f"   events {len(store.event_clusters())}, pairwise F1 {pairwise_f1(store, truth):.3f}; "
          f"database {Path(args.db).stat().st_size / 1e6:.0f} MB")
    store.close()


if __name__ == "__main__":
    main()

"""Benchmark of the web application over a large knowledge base.

    .venv/bin/python bench/bench_web.py [--docs 100000] [--db bench/results/web-100000.db]
                                        [--requests 200] [--clients 8] [--seconds 15]
    .venv/bin/python bench/bench_web.py --growth sqlite|postgresql --docs 1000000 [--every 10000]
                                        [--postgres postgresql://USER@HOST:PORT/DB]

With --growth, only step 1: the documents go into a new, empty store (a temporary SQLite file or
a throwaway PostgreSQL server), and the time of each --every documents is printed as the store
grows, from empty to --docs (issue 13: storing must cost the same at a million documents as at
none). Nothing is kept.

1. Fills a store with generated documents and their facts (extractions built directly, stored
   through `Store.add`: running the extractor on 100,000 documents would take far too long).
   The store is kept and reused by later runs with the same --docs.
2. Starts `kizuna serve`'s application under uvicorn in a subprocess on a free loopback port.
3. Measures over HTTP (httpx) the median and p95 latency of the overview, a locality profile,
   a document page and a search (one client, --requests each, after a warm-up), then the
   requests per second the server holds with --clients concurrent clients on a mix of the four.
Prints the figures; the issue's target is p95 under 100 ms for each page.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from kizuna.api import add_document
from kizuna.gazetteer import load as load_gazetteer
from kizuna.model import (Document, Event, Extraction, Figure, Locality, Mention, Organization, Person, Span,
                          Tie)
from kizuna.query.resolve import Unit
from kizuna.store import browse, open_store

ROOT = Path(__file__).resolve().parent
SECTORS = ("agriculture", "manufacturing", "digital", "education_training", "labour", "tourism",
           "trade_investment", "infrastructure", "healthcare", "energy_environment")
EVENT_TYPES = ("visit", "reception", "forum", "workshop", "signing", "investment_promotion")
TIE_KINDS = ("agreement", "visit", "visit", "meeting", "proposed", "existing")
LANGS = ("vi", "vi", "vi", "en", "en", "ja", "sv", "fr", "de", "zh", "ko")
ORGS = ("JETRO", "JICA", "Embassy of Japan in Vietnam", "Ministry of Foreign Affairs of Vietnam", "VCCI")
PEOPLE = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Hải", "Phạm Minh Tuấn", "Yamada Taro",
          "Suzuki Hanako",
          "Tanaka Ken", "Sato Yuki", "Hoàng Thu Trang", "Kobayashi Mei")
# Sentences written for this benchmark; {vn} and {jp} are replaced by the names, {n} by a number.
OPENINGS = (
    "Leaders of {vn} and {jp} met on {date} to review their cooperation programme.",
    "A delegation from {jp} arrived in {vn} on {date} for talks on investment and training.",
    "Officials of {vn} travelled to {jp} on {date} and visited several industrial parks.",
)
MIDDLES = (
    "The two sides discussed vocational training, clean energy and the export of farm produce.",
    "Both agreed to exchange information regularly and to prepare concrete projects for next year.",
    "Business associations presented opportunities in logistics, food processing and tourism.",
    "Participants called for simpler procedures for companies that want to invest.",
)
FIGURE = "Around {n} companies from {jp} already operate in {vn}, according to the provincial government."
PERSON = "{person} said the partnership had grown steadily over the past years."
FILLER = "Further meetings are planned between the departments concerned. "


def _units() -> tuple[list[Unit], list[Unit]]:
    g = load_gazetteer()
    vn = [Unit(u.key, u.name, u.country, u.code, u.current, u.level) for u in g.units if u.country == "VN"]
    jp = [Unit(u.key, u.name, u.country, u.code, u.current, u.level) for u in g.units
          if u.country == "JP" and u.level == "prefecture"]
    return vn, jp


class _Text:
    """A text built piece by piece, remembering where each piece and each name landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, template: str, **values: str) -> tuple[Span, dict[str, Span]]:
        start = self.length
        names: dict[str, Span] = {}
        out = ""
        rest = template
        while "{" in rest:
            before, _, after = rest.partition("{")
            field, _, rest = after.partition("}")
            out += before
            names.setdefault(field, Span(start + len(out), start + len(out) + len(values[field])))
            out += values[field]
        out += rest + " "
        self.parts.append(out)
        self.length += len(out)
        return Span(start, start + len(out) - 1), names

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def _extraction(i: int, rng: random.Random, vn_units: list[Unit], jp_units: list[Unit]) -> Extraction:
    # Skewed choice: a few provinces and prefectures are in the news far more than others.
    vn = vn_units[min(int(rng.paretovariate(1.2)) - 1, len(vn_units) - 1) if rng.random() < 0.6
                  else rng.randrange(len(vn_units))]
    jp = jp_units[min(int(rng.paretovariate(1.2)) - 1, len(jp_units) - 1) if rng.random() < 0.6
                  else rng.randrange(len(jp_units))]
    day = 1 + rng.randrange(3 * 365)
    date = time.strftime("%Y-%m-%d", time.gmtime(1672531200 + day * 86400))   # from 2023-01-01
    published = time.strftime("%Y-%m-%d", time.gmtime(1672531200 + (day + rng.randrange(3)) * 86400))
    t = _Text()
    title = f"{vn.name} and {jp.name}: cooperation news #{i}"
    opening, names = t.add(rng.choice(OPENINGS), vn=vn.name, jp=jp.name, date=date)
    for _ in range(rng.randrange(1, 4)):
        t.add(rng.choice(MIDDLES))
    n = str(rng.randrange(5, 300))
    figure_span, fig_names = t.add(FIGURE, n=n, jp=jp.name, vn=vn.name)
    person = rng.choice(PEOPLE)
    person_span, _ = t.add(PERSON, person=person)
    t.add(FILLER * rng.randrange(0, 4))
    text = t.text()
    doc = Document(id=f"{i:040x}", source=f"bench/{i}.txt", kind="text", text=text, lang=rng.choice(LANGS),
                   title=title, url=f"https://news.example/{i}", published=published, raw=b"")
    mentions = tuple(
        Mention(start=s.start, end=s.end, surface=text[s.start:s.end], key=u.key, name=u.name,
                country=u.country, code=u.code, current=u.current, level=u.level)
        for u, s in ((vn, names["vn"]), (jp, names["jp"]), (vn, fig_names["vn"]), (jp, fig_names["jp"])))
    return Extraction(
        document=doc, mentions=mentions,
        localities=(Locality(vn.name, "VN", vn.code, vn.current, (names["vn"],)),
                    Locality(jp.name, "JP", jp.code, jp.current, (names["jp"],))),
        ties=(Tie(vn.name, jp.name, rng.choice(TIE_KINDS), (opening,)),),
        events=tuple(Event(rng.choice(EVENT_TYPES), date, None, rng.choice((vn.name, jp.name, None)),
                           (opening,)) for _ in range(rng.randrange(1, 3))),
        people=(Person(person, rng.choice(("Governor", "Chairman", "Director", None)),
                       rng.choice((vn.name, jp.name)), (person_span,)),),
        organizations=(Organization(rng.choice(ORGS), (figure_span,)),) if rng.random() < 0.5 else (),
        figures=(Figure(int(n), "companies", f"{jp.name} companies in {vn.name}", (figure_span,)),),
        sectors=tuple(sorted(set(rng.sample(SECTORS, rng.randrange(1, 4))))))


def fill(db: Path | str, count: int, every: int = 10_000) -> list[float]:
    """Store `count` generated documents (batches of 2,000, one transaction each) in a store (a
    file or a PostgreSQL URL), printing the time of each `every` documents as the store grows;
    returns those times in seconds."""
    vn_units, jp_units = _units()
    rng = random.Random(20251122)
    started = lap = time.perf_counter()
    laps: list[float] = []
    store = open_store(db)
    try:
        batch = min(2000, every)
        for first in range(0, count, batch):
            with store.atomic():
                for i in range(first, min(count, first + batch)):
                    add_document(store, _extraction(i, rng, vn_units, jp_units))
            done = min(count, first + batch)
            if done % every == 0 or done == count:
                now = time.perf_counter()
                laps.append(now - lap)
                size = done - (len(laps) - 1) * every
                print(f"  stored {done:>9,} documents: {now - lap:6.1f} s for the last {size:,}"
                      f" ({(now - lap) / size * 1000:5.2f} ms a document; {now - started:,.0f} s in all)",
                      flush=True)
                lap = now
        browse.ensure_indexes(store)
        store._db.execute("ANALYZE")
    finally:
        store.close()
    return laps


def growth(backend: str, count: int, every: int, postgres: str | None) -> None:
    """Time per `every` documents from an empty store to `count` (issue 13: the cost of storing a
    document must not grow with the store), in a new SQLite file or PostgreSQL database."""
    import tempfile
    server = None
    folder = Path(tempfile.mkdtemp(prefix="kizuna-growth-"))
    try:
        if backend == "sqlite":
            db: Path | str = folder / "kizuna.db"
        elif postgres:
            db = postgres
        else:
            sys.path.insert(0, str(ROOT.parent / "tests"))
            import pgserver
            bindir = pgserver.server_binaries()
            if bindir is None:
                raise SystemExit("no PostgreSQL server binaries: install postgresql-15, or pass --postgres URL")
            server = pgserver.start(bindir)
            db = server.new_database("kizuna_growth")
        print(f"{backend}: storing {count:,} generated documents into an empty store, time per {every:,}",
              flush=True)
        laps = fill(db, count, every)
        full = laps[:count // every]   # whole blocks only
        if full:
            print(f"{backend}: per {every:,} documents: first {full[0]:.1f} s, last {full[-1]:.1f} s, "
                  f"median {statistics.median(full):.1f} s, last / first {full[-1] / full[0]:.2f}")
    finally:
        if server is not None:
            server.stop()
        import shutil
        shutil.rmtree(folder, ignore_errors=True)


# -- measuring -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("import uvicorn; from kizuna.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}, warm=False), host='127.0.0.1', port={port}, "
            "log_level='warning')")
    server = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/kizuna.css", timeout=5)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _latencies(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return out


def _throughput(base: str, urls: list[str], clients: int, seconds: float) -> tuple[int, float]:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def work(k: int) -> None:
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                client.get(rng.choice(urls)).raise_for_status()
                done[k] += 1

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--growth", choices=("sqlite", "postgresql"),
                        help="only store --docs documents into a new, empty store of this backend, printing "
                             "the time per --every documents as it grows (nothing served, nothing kept)")
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--postgres", help="with --growth postgresql: an empty database of a running server "
                                           "(default: a throwaway server, tests/pgserver.py)")
    args = parser.parse_args()
    if args.growth:
        growth(args.growth, args.docs, args.every, args.postgres)
        return
    db = args.db or ROOT / "results" / f"web-{args.docs}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        print(f"filling {db} with {args.docs:,} generated documents")
        fill(db, args.docs)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(db, port)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            counts = client.get("/api/counts").json()
            print(f"store: {counts['documents']:,} documents, {counts['ties']:,} ties, "
                  f"{counts['events']:,} events, {counts['people']:,} people, {counts['figures']:,} figures")
            top = client.get("/api/localities?limit=5").json()["items"]
            docs = [d["id"] for d in client.get("/api/documents?limit=200").json()["items"]]
            rng = random.Random(1)
            # Cold: the first request of a page whose aggregates are not cached yet (a fresh server
            # without warm-up); `kizuna serve` warms this cache in the background at start-up.
            cold_profiles = [f"/localities/{loc['name']}" for loc in top]
            cold = {"overview": _latencies(client, ["/"]),
                    "locality profile": _latencies(client, cold_profiles)}
            print("\nfirst request, cold cache (no warm-up):")
            for name, ms in cold.items():
                print(f"  {name:<18} {max(ms):>8.1f} ms (worst of {len(ms)})")
            pages = {
                "overview": ["/"] * args.requests,
                "locality profile": [f"/localities/{top[k % len(top)]['name']}"
                                     for k in range(args.requests)],
                "document": [f"/documents/{rng.choice(docs)}" for _ in range(args.requests)],
                "search": [f"/search?q={rng.choice(['quang ninh', 'gunma', 'tourism training', 'ha noi'])}"
                           for _ in range(args.requests)],
            }
            print(f"\nlatency over loopback, one client, {args.requests} requests each (after 10 warm-up):")
            print("  (overview and profiles then come from the page cache; documents and searches "
                  "are not cached)")
            print(f"  {'page':<18} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
            for name, urls in pages.items():
                _latencies(client, urls[:10])
                ms = sorted(_latencies(client, urls))
                p95 = ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
                flag = "" if p95 < 100 else "   (over the 100 ms target)"
                print(f"  {name:<18} {statistics.median(ms):>10.1f} {p95:>8.1f} {ms[-1]:>8.1f}{flag}")
        mix = [u for urls in pages.values() for u in urls[:50]]
        total, elapsed = _throughput(base, mix, args.clients, args.seconds)
        print(f"\nthroughput: {total / elapsed:.0f} requests/s with {args.clients} concurrent clients "
              f"({total} requests in {elapsed:.1f} s, the four pages mixed)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

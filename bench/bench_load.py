"""Load test of `kizuna serve` over loopback: many concurrent clients over pages, API lists and
search, with hostile parameters mixed in. Counts responses >= 500 and transport errors, and prints
latency percentiles.

    .venv/bin/python bench/bench_load.py [--docs 100000] [--clients 50] [--seconds 60] [--hostile 0.25]
                                         [--workers 2] [--prime] [--settle S] [--survey N]

The store is bench_web.py's (generated documents, filled on first use and kept under
bench/results/). The server is the real command, `kizuna serve --db DB --port P`, on 127.0.0.1;
the clients are asyncio tasks sharing one httpx.AsyncClient, each sending its next request as soon
as the last one is answered, until the time is up (and at most --max-requests in all). Hostile
requests are expected to be refused with a 4xx or answered: never a 5xx.

--survey N: instead of the load, one client asks every path N times (after --prime's pass) and
prints the slowest: where the server spends its time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import ROOT, _free_port, fill

HOSTILE_QUERIES = [
    '"',
    '""',
    "NEAR(a b",
    "a*",
    "* OR *",
    "' OR 1=1 --",
    "title:x",
    "^x",
    "a AND",
    "(((",
    "\x00",
    "%",
    "\\",
    "x" * 5000,
    "Quảng " * 300,
    "<script>alert(1)</script>",
    "🙂" * 50,
    "NOT",
    "-",
]
HOSTILE_PATHS = [
    "/api/documents?limit=-1",
    "/api/documents?limit=1000000000",
    "/api/documents?offset=-5",
    "/api/documents?offset=99999999999999999999",
    "/api/events?since=2025-13-45",
    "/api/events?since=x&until=y",
    "/api/events?type=<script>",
    "/api/ties?vn=%00",
    "/api/people?locality=" + "a" * 10000,
    "/api/localities/" + "x" * 3000,
    "/api/localities/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/documents/../../etc/passwd",
    "/documents/" + "f" * 40,
    "/documents/%00",
    "/events/ev-" + "0" * 500,
    "/api/events/99999999999999999999999",
    "/localities/%F0%9F%99%82",
    "/api/documents?limit=abc",
    "/api/documents?lang=" + "z" * 400,
    "/search?q=",
    "/api/search",
    "/api/pairs?offset=1e9",
    "/?lang=xx",
    "/?lang=" + "../" * 50,
]


def _serve(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    # `python -m kizuna`: the kizuna of this interpreter's path (a worktree on PYTHONPATH included).
    command = [sys.executable, "-m", "kizuna", "serve", "--db", str(db), "--port", str(port)]
    return subprocess.Popen(
        command + (["--workers", str(workers)] if workers > 1 else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(base + "/api/counts", timeout=30).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit("kizuna serve did not start")


def _prime(base: str, paths: list[str]) -> None:
    """Ask every ordinary path once, one at a time, so that the load meets the page cache as a
    server running for a while has it (kizuna serve warms the busiest pages itself at start-up)."""
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=300) as client:
        for path in paths:
            client.get(path)
    print(f"primed the cache: {len(paths)} paths in {time.monotonic() - started:.0f} s")


def _survey(base: str, paths: list[str], repeat: int) -> None:
    """One client, each path `repeat` times: the slowest paths by median, to find where time goes."""
    timings: list[tuple[float, float, int, str]] = []
    with httpx.Client(base_url=base, timeout=300) as client:
        for path in paths:
            ms, status = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                status = client.get(path).status_code
                ms.append((time.perf_counter() - started) * 1000)
            timings.append((statistics.median(ms), max(ms), status, path))
    timings.sort(reverse=True)
    total = sum(t[0] for t in timings)
    print(f"one client, {len(paths)} paths x {repeat}: mean of medians {total / len(paths):.1f} ms; slowest:")
    print(f"  {'median ms':>9} {'max ms':>8} status  path")
    for median, worst, status, path in timings[:25]:
        print(f"  {median:>9.1f} {worst:>8.1f} {status:>6}  {path[:110]}")


def _urls(base: str) -> tuple[list[str], list[str]]:
    """(ordinary, hostile) request paths: pages, API lists, searches; the hostile ones as above."""
    with httpx.Client(base_url=base, timeout=120) as client:
        localities = [loc["name"] for loc in client.get("/api/localities?limit=40").json()["items"]]
        docs = [d["id"] for d in client.get("/api/documents?limit=200").json()["items"]]
        events = [e["id"] for e in client.get("/api/events?limit=100").json()["items"]]
    rng = random.Random(7)
    words = [
        "quang ninh",
        "gunma",
        "tourism training",
        "ha noi",
        "investment",
        "Tây Ninh",
        "大阪",
        "nông nghiệp",
    ]
    ordinary = ["/", "/events", "/ties", "/localities", "/api/overview", "/api/counts"]
    ordinary += [f"/localities/{quote(n)}" for n in localities] + [
        f"/api/localities/{quote(n)}" for n in localities
    ]
    ordinary += [f"/documents/{d}" for d in docs[:60]] + [f"/api/events/{e}" for e in events[:40]]
    for listing in ("documents", "events", "ties", "people", "figures", "pairs", "localities"):
        ordinary += [
            f"/api/{listing}?limit={rng.choice([10, 20, 50])}&offset={rng.randrange(0, 2000)}"
            for _ in range(8)
        ]
    ordinary += [f"/search?q={quote(w)}" for w in words] + [f"/api/search?q={quote(w)}" for w in words]
    hostile = HOSTILE_PATHS + [f"/api/search?q={quote(q)}" for q in HOSTILE_QUERIES]
    hostile += [f"/search?q={quote(q)}" for q in HOSTILE_QUERIES]
    return ordinary, hostile


async def _client(
    k: int,
    http: httpx.AsyncClient,
    ordinary: list[str],
    hostile: list[str],
    share: float,
    stop: float,
    budget: list[int],
    results: list[tuple[bool, int, float, str]],
) -> None:
    rng = random.Random(k)
    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        bad = rng.random() < share
        path = rng.choice(hostile if bad else ordinary)
        started = time.perf_counter()
        try:
            status = (await http.get(path)).status_code
        except httpx.HTTPError as err:  # a dropped connection or a timeout counts as an error
            status = 598 if isinstance(err, httpx.TimeoutException) else 599
            path = f"{path} ({type(err).__name__})"
        results.append((bad, status, (time.perf_counter() - started) * 1000, path))


async def _load(
    base: str,
    ordinary: list[str],
    hostile: list[str],
    clients: int,
    seconds: float,
    share: float,
    max_requests: int,
) -> tuple[list[tuple[bool, int, float, str]], float]:
    results: list[tuple[bool, int, float, str]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        started = time.monotonic()
        stop, budget = started + seconds, [max_requests]
        await asyncio.gather(
            *(_client(k, http, ordinary, hostile, share, stop, budget, results) for k in range(clients))
        )
        return results, time.monotonic() - started


def _load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" over {os.cpu_count()} cores"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def _report(results: list[tuple[bool, int, float, str]], elapsed: float, clients: int) -> int:
    errors = [r for r in results if r[1] >= 500]
    server = [r for r in errors if r[1] < 598]
    print(
        f"{len(results):,} requests in {elapsed:.1f} s ({len(results) / elapsed:.0f}/s) "
        f"from {clients} clients"
    )
    print(f"responses >= 500: {len(errors)} ({len(server)} from the server; client side: "
          f"{sum(r[1] == 598 for r in errors)} timeouts (598), {sum(r[1] == 599 for r in errors)} "
          f"connection errors (599))")
    print(f"4xx answers: {sum(400 <= r[1] < 500 for r in results)} "
          f"({sum(400 <= r[1] < 500 for r in results if not r[0])} of them to ordinary requests)")
    for _, status, _, path in errors[:10]:
        print(f"  {status} {path[:120]}")
    print(
        f"  {'requests':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses"
    )
    for name, chosen in (
        ("all", results),
        ("ordinary", [r for r in results if not r[0]]),
        ("hostile", [r for r in results if r[0]]),
    ):
        ms = [r[2] for r in chosen]
        if not ms:
            continue
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(Counter(r[1] for r in chosen).items()))
        print(
            f"  {name:<10} {len(ms):>7} {statistics.median(ms):>8.1f} {_percentile(ms, 95):>8.1f} "
            f"{_percentile(ms, 99):>8.1f} {max(ms):>8.1f}  {statuses}"
        )
    return 1 if errors else 0


WRK_SCRIPT = """
local paths = {%s}
local count = 0
request = function()
  count = count + 1
  return wrk.format("GET", paths[math.random(#paths)])
end
s5xx, s4xx, s2xx = 0, 0, 0
response = function(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 else s2xx = s2xx + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local t5, t4, t2 = 0, 0, 0
  for _, thread in ipairs(threads) do
    t5 = t5 + thread:get("s5xx"); t4 = t4 + thread:get("s4xx"); t2 = t2 + thread:get("s2xx")
  end
  local e = summary.errors
  io.write(string.format("wrk: %%d requests in %%.1f s (%%.0f/s); responses 2xx/3xx %%d, 4xx %%d, >= 500 %%d; "
    .. "socket errors: connect %%d, read %%d, write %%d, timeout %%d\\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6), t2, t4, t5,
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency ms: p50 %%.1f  p95 %%.1f  p99 %%.1f  max %%.1f\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def _lua_string(path: str) -> str:
    safe = quote(path, safe="/?&=%:+,;@!$'()*-._~")   # ASCII only, already-escaped parts kept
    return '"' + safe.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk(base: str, ordinary: list[str], hostile: list[str], clients: int, seconds: float, share: float,
         server: subprocess.Popen[bytes]) -> int:
    """The same paths and hostile share through wrk: the mix is a list drawn at random, ordinary
    paths repeated so that `share` of the draws are hostile."""
    repeat = max(1, round(len(hostile) * (1 - share) / (share * len(ordinary)))) if share else 1
    paths = ordinary * repeat + (hostile if share else [])
    script = Path(os.environ.get("TMPDIR", "/tmp")) / f"kizuna-load-{os.getpid()}.lua"
    script.write_text(WRK_SCRIPT % ",".join(_lua_string(p) for p in paths), encoding="utf-8")
    print(f"wrk: {len(paths)} paths in the draw ({len(hostile) / len(paths):.0%} hostile), {clients} connections")
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "30s",
                              "-s", str(script), base], capture_output=True, text=True, check=False)
    finally:
        script.unlink(missing_ok=True)
    print(out.stdout.strip() or out.stderr.strip())
    print(f"load average after: {_load_average()}")
    fives = next((line for line in out.stdout.splitlines() if line.startswith("wrk:")), "")
    return 0 if out.returncode == 0 and ">= 500 0;" in fives else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hostile", type=float, default=0.25, help="share of hostile requests")
    parser.add_argument("--prime", action="store_true", help="ask every ordinary path once before the load")
    parser.add_argument("--workers", type=int, default=1, help="kizuna serve --workers")
    parser.add_argument("--settle", type=float, default=0, metavar="S",
                        help="wait S seconds before the load: each worker warms its page cache at start-up "
                             "(every locality's profile), which a load right after the start competes with")
    parser.add_argument("--survey", type=int, default=0, metavar="N",
                        help="instead of the load: one client asks every path N times; prints the slowest")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="a bound on the run, whatever its time"
    )
    parser.add_argument("--wrk", action="store_true",
                        help="drive the load with wrk (C, Debian's wrk package) instead of the Python clients, "
                             "which need about a core of their own on a small machine")
    args = parser.parse_args()
    db = args.db or ROOT / "results" / f"web-{args.docs}.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"filling {db} with {args.docs:,} generated documents")
        fill(db, args.docs)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(db, port, args.workers)
    try:
        _wait(base, server)
        ordinary, hostile = _urls(base)
        if args.survey:
            _prime(base, ordinary)   # the survey measures a server past its warm-up
            time.sleep(args.settle)
            _survey(base, ordinary + hostile, args.survey)
            return 0
        if args.prime:
            _prime(base, ordinary)
        if args.settle:
            time.sleep(args.settle)
        print(
            f"store {db.name}; {len(ordinary)} ordinary and {len(hostile)} hostile request paths, "
            f"{args.hostile:.0%} hostile"
        )
        print(f"kizuna serve --workers {args.workers}; load average before: {_load_average()}")
        if args.wrk:
            return _wrk(base, ordinary, hostile, args.clients, args.seconds, args.hostile, server)
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        results, elapsed = asyncio.run(
            _load(base, ordinary, hostile, args.clients, args.seconds, args.hostile, args.max_requests)
        )
        used = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
        print(f"load average after: {_load_average()}; the clients themselves used {client_cpu:.0f} s of CPU "
              f"in the {elapsed:.0f} s (they share the machine with the server)")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    status = _report(results, elapsed, args.clients)
    if b"Traceback" in err:
        print("the server logged a traceback:\n" + err.decode(errors="replace")[-3000:])
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

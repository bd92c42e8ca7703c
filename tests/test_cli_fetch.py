"""`kizuna fetch` and `kizuna watch` on a Typer app of their own: help, summaries, exit codes,
durations, and the signal handlers that turn Ctrl-C/SIGTERM into a clean stop."""
from __future__ import annotations

import dataclasses
import functools
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from sources.localweb import EN_BAC_NINH_SAITAMA, VI_NGHE_AN_GIFU, LocalWeb, Reply, rss
from typer.testing import CliRunner

from kizuna import cli_fetch, crawl
from kizuna.store import open_store

runner = CliRunner()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST_OPTIONS = ["--rate", "1000", "--timeout", "1", "--quiet"]


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """kizuna (the fetch commands only)."""

    cli_fetch.register(app)
    return app


APP = make_app()


@pytest.fixture()
def web() -> Iterator[LocalWeb]:
    server = LocalWeb().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's settings, with a backoff short enough for tests (no flag exposes it)."""
    real = cli_fetch._settings
    monkeypatch.setattr(cli_fetch, "_settings", lambda *a: dataclasses.replace(real(*a), backoff=0.001, retries=1))


@pytest.mark.parametrize("command, words", [
    ("fetch", ["robots.txt", "--feeds", "--rate", "Exit status", "ETag"]),
    ("watch", ["--every", "--feeds", "Ctrl-C", "queued"]),
])
def test_help_explains_the_command(command: str, words: list[str]) -> None:
    result = runner.invoke(APP, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    for word in words:
        assert word in result.output


def test_fetch_stores_pages_and_prints_a_summary(web: LocalWeb, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    urls = [web.route("/vi/1", Reply(body=VI_NGHE_AN_GIFU, headers=HTML)),
            web.route("/en/1", Reply(body=EN_BAC_NINH_SAITAMA, headers=HTML))]
    result = runner.invoke(APP, ["fetch", *urls, "--db", str(db), *FAST_OPTIONS])
    assert result.exit_code == 0, result.output
    assert f"{db}: 2 new, 0 updated, 0 unchanged, 0 not modified, 0 failed" in result.output
    with open_store(db) as store:
        assert {d.source for d in store.documents()} == set(urls)


def test_fetch_exit_code_is_0_when_some_fail_and_2_when_all_fail(web: LocalWeb, tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    good = web.route("/vi/1", Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    bad = web.route("/down", Reply(500))
    some = runner.invoke(APP, ["fetch", good, bad, "--db", db, *FAST_OPTIONS])
    assert some.exit_code == 0 and f"failed: {bad}: HTTP 500 Internal Server Error" in some.output
    every = runner.invoke(APP, ["fetch", bad, web.url("/missing"), "--db", db, *FAST_OPTIONS])
    assert every.exit_code == 2
    assert f"failed: {web.url('/missing')}: HTTP 404 Not Found" in every.output


def test_fetch_with_nothing_to_fetch_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(APP, ["fetch", "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2 and "give web page URLs, or --feeds FILE" in result.output


def test_fetch_feeds_and_then_nothing_needs_fetching(web: LocalWeb, tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    page = web.route("/vi/1", Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    feed = web.route("/rss", lambda req, n: Reply(304) if req.headers.get("if-none-match") == '"f"' else
                     Reply(body=rss([("Nghệ An – Gifu", page, "Tue, 14 Oct 2025 09:30:00 +0700")]),
                           headers={"ETag": '"f"'}))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{feed}\n", "utf-8")
    first = runner.invoke(APP, ["fetch", "--feeds", str(feeds), "--db", db, *FAST_OPTIONS])
    assert first.exit_code == 0 and "1 new" in first.output and "1 feeds read (1 articles queued)" in first.output
    second = runner.invoke(APP, ["fetch", "--feeds", str(feeds), "--db", db, *FAST_OPTIONS])
    assert second.exit_code == 0 and "0 new" in second.output and "1 not modified" in second.output


def test_a_missing_feeds_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(APP, ["fetch", "--feeds", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2 and "cannot read the feeds file" in result.output


def test_watch_runs_rounds_and_summarises(web: LocalWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "k.db")
    page = web.route("/vi/1", Reply(body=VI_NGHE_AN_GIFU, headers=HTML))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(web.route("/rss", Reply(body=rss([("Tin", page, "Tue, 14 Oct 2025 09:30:00 +0700")]))) + "\n",
                     "utf-8")
    monkeypatch.setattr(cli_fetch.crawl, "watch", functools.partial(crawl.watch, max_rounds=2))
    result = runner.invoke(APP, ["watch", "--feeds", str(feeds), "--every", "0.01s",
                                 "--db", db, "--rate", "1000"])
    assert result.exit_code == 0, result.output
    assert "round 1: 1 new" in result.output and "round 2: 0 new" in result.output
    assert web.hits("/vi/1") == 1 and web.hits("/rss") == 2


def test_watch_rejects_a_bad_interval(tmp_path: Path) -> None:
    result = runner.invoke(APP, ["watch", "--feeds", str(tmp_path / "f.txt"), "--every", "soon"])
    assert result.exit_code == 2 and "not a duration" in result.output


def test_sigterm_and_sigint_set_the_stop_event_and_are_restored() -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be installed from the main thread")
    before = signal.getsignal(signal.SIGTERM)
    for sig in (signal.SIGTERM, signal.SIGINT):
        stop = threading.Event()
        with cli_fetch._stop_on_signals(stop):
            signal.raise_signal(sig)
            assert stop.is_set()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_second_ctrl_c_interrupts_at_once() -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be installed from the main thread")
    stop = threading.Event()
    with pytest.raises(KeyboardInterrupt), cli_fetch._stop_on_signals(stop):
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGINT)


@pytest.mark.parametrize("text, seconds", [
    ("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86400), ("90", 90), ("1h30m", 5400), (" 2H ", 7200),
    ("0.5m", 30),
])
def test_parse_duration(text: str, seconds: float) -> None:
    assert cli_fetch.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "10 minutes", "-5m", "0s", "m", "1h-30m", "5w"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        cli_fetch.parse_duration(text)


@given(st.text(max_size=20))
def test_parse_duration_never_crashes(text: str) -> None:
    try:
        assert cli_fetch.parse_duration(text) > 0
    except ValueError:
        pass


# -- a real process, really signalled ----------------------------------------------------------------------

_CHILD = ("import typer; from kizuna import cli_fetch; app = typer.Typer(); "
          "app.callback()(lambda: None); cli_fetch.register(app); app()")


def _watch_process(feeds: Path, db: str):
    import subprocess
    import sys
    return subprocess.Popen([sys.executable, "-c", _CHILD, "watch", "--feeds", str(feeds), "--every", "1h",
                             "--db", db, "--rate", "1000", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(db: str) -> int:
    if not Path(db).exists():
        return 0
    with open_store(db) as store:
        return len(store.documents())


def _wait_for_documents(db: str, count: int, process, seconds: float = 30.0) -> None:
    import time
    deadline = time.monotonic() + seconds
    while _stored(db) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the watch process stored nothing in time"
        time.sleep(0.05)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_watch_process_signalled_mid_queue_resumes_in_the_next_run(web: LocalWeb, tmp_path: Path,
                                                                    how: signal.Signals) -> None:
    db = str(tmp_path / "k.db")
    pages = [web.route(f"/vi/{n}", Reply(body=VI_NGHE_AN_GIFU.replace(b"1.200", str(1000 + n).encode()),
                                         headers=HTML, delay=0.3)) for n in range(4)]
    feeds = tmp_path / "feeds.txt"
    items = [(f"Tin {n}", url, "Tue, 14 Oct 2025 09:30:00 +0700") for n, url in enumerate(pages)]
    feeds.write_text(web.route("/rss", Reply(body=rss(items))) + "\n", "utf-8")
    process = _watch_process(feeds, db)
    try:
        _wait_for_documents(db, 1, process)
        process.send_signal(how)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    if how == signal.SIGTERM:   # a clean stop: the page in hand finishes, the rest stays queued
        assert process.returncode == 0, err
        assert "stopped:" in out and "stay queued" in out
    left = 4 - _stored(db)
    with open_store(db) as store:
        assert store.fetchlog.pending_count() == left > 0
    resumed = crawl.fetch_feeds(str(feeds), db, settings=crawl.FetchSettings(rate=0, retries=0))
    assert resumed.new == left and resumed.pending == 0 and _stored(db) == 4

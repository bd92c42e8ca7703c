"""`kizuna fetch` and `kizuna watch`: argument translation, a progress display, one call of
`kizuna.crawl`, a summary. Signals are handled here and only here: SIGINT and SIGTERM set the
crawl's stop event, so the page being stored finishes and nothing stored is lost.

Registered on the main app by `register(app)`.
"""
from __future__ import annotations

import inspect
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import crawl
from .errors import KizunaError
from .sources.fetch import CONTACT_URL, FetchSettings

USAGE_ERROR = 2
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)?", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
_DEFAULTS = FetchSettings()

# Options shared by both commands, declared once.
DbOption = Annotated[str, typer.Option("--db", envvar="KIZUNA_DB",
                                       help="The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB.")]
FeedsOption = Annotated[Path | None, typer.Option(
    "--feeds", help="A file of RSS/Atom feed URLs, one a line ('#' comments and blank lines allowed).")]
RateOption = Annotated[float, typer.Option(
    "--rate", min=0.01,
    help="Requests per second to any one site (robots.txt Crawl-delay can slow it further).")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0.1, help="Seconds to wait for a server to connect or to send more of a page.")]
ContactOption = Annotated[str, typer.Option(
    "--contact", envvar="KIZUNA_CONTACT",
    help="URL or e-mail put in the User-Agent so site owners can reach you.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def parse_duration(text: str) -> float:
    """'30s', '10m', '2h', '1d', '1h30m' or plain seconds ('90') -> seconds; ValueError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    parts = list(_DURATION.finditer(compact))
    if not compact or "".join(m.group(0) for m in parts) != compact:
        raise ValueError(f"not a duration: {text!r} (write e.g. 30s, 10m, 2h or 1h30m)")
    seconds = sum(float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "s")] for m in parts)
    if seconds <= 0:
        raise ValueError(f"the duration must be positive, not {text!r}")
    return seconds


def _settings(rate: float, timeout: float, contact: str) -> FetchSettings:
    return FetchSettings(contact=contact, rate=rate, connect_timeout=timeout, read_timeout=timeout)


def register(app: typer.Typer) -> None:
    """Add `fetch` and `watch` to the kizuna command line."""
    app.command("fetch", help=_unwrapped(fetch.__doc__))(fetch)
    app.command("watch", help=_unwrapped(watch.__doc__))(watch)


def _unwrapped(doc: str | None) -> str:
    """A docstring with each paragraph on one line: the help display keeps single line breaks,
    which would cut its own wrapping in odd places."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def fetch(urls: Annotated[list[str] | None, typer.Argument(help="Web pages to fetch (http or https).",
                                                           show_default=False)] = None,
          feeds: FeedsOption = None, db: DbOption = "kizuna.db",
          rate: RateOption = _DEFAULTS.rate, timeout: TimeoutOption = _DEFAULTS.read_timeout,
          contact: ContactOption = CONTACT_URL, quiet: QuietOption = False) -> None:
    """Fetch web pages and the articles of RSS/Atom feeds, extract them and store them.

    Politely: robots.txt is obeyed, each site is asked at most --rate times a second, pages over
    5 MB are refused, server errors and timeouts are retried with growing pauses. A page fetched
    before is asked for again with its ETag/Last-Modified, so an unchanged one costs nothing.
    Each response is kept compressed in the database, so nothing has to be fetched again.

    With --feeds, each feed's new articles are queued in the database and fetched; articles
    a stopped run did not reach are fetched next time. Ctrl-C stops after the current page.

    Exit status: 0 when something was fetched or nothing needed fetching, 2 when everything failed.

    Example: kizuna fetch https://example.vn/tin/hop-tac-nghe-an-gifu.html --feeds feeds.txt
    """
    if not urls and feeds is None:
        _fail("give web page URLs, or --feeds FILE with feed URLs (see kizuna fetch --help)")
    stop = threading.Event()
    err = Console(stderr=True)
    with _stop_on_signals(stop), _progress(err, quiet) as on_page:
        try:
            summary = crawl.fetch(urls or (), feeds, db, settings=_settings(rate, timeout, contact),
                                  progress=on_page, stop=stop)
        except KizunaError as error:
            _fail(str(error))
    _print_summary(summary, db)
    if summary.all_failed:
        raise typer.Exit(USAGE_ERROR)


def watch(feeds: Annotated[Path, typer.Option("--feeds", help="A file of RSS/Atom feed URLs, one a line; "
                                              "read again every round.")],
          every: Annotated[str, typer.Option(
              "--every", help="Time between rounds: 30s, 10m, 2h, 1h30m.")] = "30m",
          db: DbOption = "kizuna.db", rate: RateOption = _DEFAULTS.rate,
          timeout: TimeoutOption = _DEFAULTS.read_timeout, contact: ContactOption = CONTACT_URL,
          quiet: QuietOption = False) -> None:
    """Keep fetching the feeds' new articles, one round every --every, until stopped.

    Each round checks every feed (an unchanged feed costs one short request), queues the
    articles not seen before in the database, and fetches the queue. Ctrl-C or SIGTERM stops
    after the current page; what was stored stays, and the next `kizuna watch` (or `kizuna fetch
    --feeds`) starts with the articles still queued.

    Example: kizuna watch --feeds feeds.txt --every 30m --db kizuna.db
    """
    try:
        every_seconds = parse_duration(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    stop = threading.Event()
    err = Console(stderr=True)
    if not quiet:
        err.print(f"watching the feeds of {escape(str(feeds))} every {escape(every)}; Ctrl-C to stop",
                  highlight=False)
    with _stop_on_signals(stop), _progress(err, quiet) as on_page:
        try:
            summary = crawl.watch(feeds, db, every_seconds, stop, settings=_settings(rate, timeout, contact),
                                  progress=on_page, on_round=_round_printer(err, quiet))
        except KizunaError as error:
            _fail(str(error))
    _print_summary(summary, db)
    if summary.all_failed:
        raise typer.Exit(USAGE_ERROR)


# -- display -----------------------------------------------------------------------------------------

@contextmanager
def _progress(console: Console, quiet: bool) -> Iterator[Callable[[str, str], None] | None]:
    """A spinner with a page count on a terminal (the house style of `kizuna ingest`); nothing
    when quiet or piped."""
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed} fetched"), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def on_page(url: str, outcome: str) -> None:
            bar.update(task, advance=0 if outcome.startswith("feed") else 1,
                       description=escape(f"{outcome}: {url}"))
        yield on_page


def _round_printer(console: Console, quiet: bool) -> crawl.RoundDone:
    def on_round(number: int, summary: crawl.FetchSummary) -> None:
        if not quiet:
            console.print(f"round {number}: {_counts(summary)}", highlight=False, soft_wrap=True)
    return on_round


def _counts(summary: crawl.FetchSummary) -> str:
    return (f"{summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.not_modified} not modified, {len(summary.failed)} failed, {summary.pending} queued")


def _print_summary(summary: crawl.FetchSummary, db: str) -> None:
    out = Console(soft_wrap=False)
    feeds = f", {summary.feeds_read} feeds read ({summary.queued} articles queued)" if summary.rounds else ""
    out.print(f"{db}: {_counts(summary)}{feeds}", highlight=False, soft_wrap=True)
    for url, reason in summary.failed:
        out.print(f"  failed: {escape(url)}: {escape(reason)}", highlight=False, soft_wrap=True)
    if summary.stopped:
        out.print(f"  stopped: {summary.pending} articles stay queued for the next run", highlight=False)


def _fail(message: str) -> NoReturn:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


# -- signals -----------------------------------------------------------------------------------------

@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` (a second SIGINT interrupts at once); handlers restored after.
    Only the main thread may install handlers: elsewhere (a test runner's thread) nothing is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(number: int, frame: FrameType | None) -> None:
        if stop.is_set() and number == signal.SIGINT:
            raise KeyboardInterrupt   # asked twice: stop now (the open transaction rolls back)
        stop.set()
        os.write(2, b"\nstopping after the current page...\n")

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


__all__ = ["fetch", "parse_duration", "register", "watch"]

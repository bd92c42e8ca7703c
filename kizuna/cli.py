"""The command line: argument translation plus one call of the API, then rendering.

Library errors become clean exits here and only here: a usage problem (unknown locality, missing
database, nothing readable) prints `error: ...` with what to do and exits with status 2.
"""
from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from . import api, query
from .errors import InputError, KizunaError
from .store import ClusterRow, Store, display
from .store.browse import EventCluster

USAGE_ERROR = 2

HELP = ("kizuna: a sourced knowledge base of Vietnam–Japan local cooperation, read from the news.\n\n"
        "Example: kizuna ingest news/ && kizuna show \"Long An\"")
app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


# Each option is declared once and shared by every command that takes it. --db is a string, not
# a Path: a Path would turn postgresql://host into postgresql:/host.
DB_HELP = "The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB."
DbOption = Annotated[str, typer.Option("--db", envvar="KIZUNA_DB", help=DB_HELP)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table (for reading), jsonl or csv (for piping).")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", "-w", min=1, help="Extract on a local Dask cluster of this many processes (storing stays "
                                   "here, in order: the result equals a serial run).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", envvar="KIZUNA_SCHEDULER", help="Extract on the running Dask cluster at this address "
                                                  "(tcp://HOST:8786; see the README).")]
LocalityArg = Annotated[str | None, typer.Argument(
    help="A province or prefecture, any spelling, old or new name (e.g. \"Long An\", \"tay ninh\").")]
DEFAULT_DB = "kizuna.db"


def _out() -> Console:
    return Console(soft_wrap=False)


def _err() -> Console:
    return Console(stderr=True)


def _fail(message: str) -> NoReturn:
    _err().print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


@contextmanager
def _reading(db: str) -> Iterator[Store]:
    """Open an existing database for a read command; library errors become usage errors."""
    try:
        store = api.open_store(db, create=False)
    except KizunaError as err:
        _fail(str(err))
    try:
        yield store
    except KizunaError as err:
        _fail(str(err))
    finally:
        store.close()


@app.callback()
def main(verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                              help="Log what happens (-v: info, -vv: debug) on stderr.")] = 0) -> None:
    """Configure logging for the library (which never does it itself)."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


# -- extract and ingest ---------------------------------------------------------------------------

@app.command()
def extract(paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
            with_text: Annotated[bool, typer.Option("--with-text", help="Add the cleaned text and each "
                                                    "evidence span's text.")] = False) -> None:
    """Print each document's extraction as one JSON line (the extraction contract).

    Unreadable inputs are reported on stderr as `error: PATH: reason` and the run goes on.

    Example: kizuna extract news/ article.html > out.jsonl
    """
    read, err = 0, _err()
    for item in api.extract_files(paths):
        if isinstance(item, InputError):
            err.print(f"error: {escape(item.path)}: {escape(item.reason)}", highlight=False, soft_wrap=True)
            continue
        read += 1
        sys.stdout.write(json.dumps(item.to_json(with_text), ensure_ascii=False) + "\n")
    if read == 0:
        _fail("no document could be read from the given paths")


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
           db: DbOption = DEFAULT_DB,
           quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
           workers: WorkersOption = None, scheduler: SchedulerOption = None,
           no_prefilter: Annotated[bool, typer.Option(
               "--no-prefilter", help="Store every document, even those that name neither Vietnam nor Japan "
                                      "(or only one of them).")] = False) -> None:
    """Extract every document and store it with its facts in the database.

    Documents that cannot be about Vietnam and Japan (they name neither both countries nor a locality
    of each) are skipped before any parsing and counted in the summary. Running it again stores only
    what is new or changed (re-extracted facts replace the old ones). WARC archives and JSON Lines
    dumps (.jsonl, .jsonl.gz) of any size are streamed.

    Example: kizuna ingest CC-NEWS-20250101.warc.gz --workers 2 --db kizuna.db
    """
    err = _err()
    with _progress(err, quiet) as on_document:
        try:
            summary = api.ingest(paths, db=db, progress=on_document, workers=workers, scheduler=scheduler,
                                 prefilter=not no_prefilter)
        except KizunaError as error:
            _fail(str(error))
    _print_summary(summary, db)
    if summary.read == 0 and summary.skipped == 0:
        _fail("no document could be read from the given paths")


@app.command()
def reextract(since: Annotated[str | None, typer.Option(
                  "--since", help="Only documents ingested on or after this ISO date (default: all).")] = None,
              db: DbOption = DEFAULT_DB,
              quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
              workers: WorkersOption = None, scheduler: SchedulerOption = None) -> None:
    """Recompute facts and events of stored documents after kizuna improves.

    Works from the original bytes kept in the database: nothing is read or fetched again.
    Without --since, every event cluster is rebuilt (event ids stay the same when the facts do).
    A document that can no longer be read keeps its previous facts and is listed at the end.

    Example: kizuna reextract --db kizuna.db
    """
    err = _err()
    bar = None if quiet or not err.is_terminal else Progress(
        TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=err, transient=True)
    task = bar.add_task("", total=None) if bar else None

    def on_start(total: int) -> None:
        if bar is not None:
            bar.update(task, total=total)

    def on_document(source: str, outcome: str) -> None:
        if bar is not None:
            bar.update(task, advance=1, description=escape(f"{outcome}: {Path(source).name}"))
    try:
        with bar or nullcontext():
            summary = api.reextract(db, since=since, progress=on_document, on_start=on_start, workers=workers,
                                    scheduler=scheduler)
    except KizunaError as error:
        _fail(str(error))
    out = _out()
    out.print(f"{display(db)}: {summary.documents} documents re-extracted: {summary.updated} changed, "
              f"{summary.unchanged} unchanged, {len(summary.failed)} failed; {summary.events} events",
              highlight=False, soft_wrap=True)
    for source, reason in summary.failed:
        out.print(f"  failed (previous facts kept): {escape(source)}: {escape(reason)}", highlight=False,
                  soft_wrap=True)
    if summary.orphaned:
        out.print(f"  {summary.orphaned} review(s) name a fact no longer found: `kizuna reviews --orphaned`",
                  highlight=False, soft_wrap=True)


@contextmanager
def _progress(console: Console, quiet: bool) -> Iterator[Callable[[str, str], None] | None]:
    """A spinner with a document count on a terminal; nothing when quiet or piped."""
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed} records, {task.fields[skipped]} skipped"),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None, skipped=0)
        skipped = 0

        def on_document(source: str, outcome: str) -> None:
            nonlocal skipped
            if outcome == "skipped":   # thousands a second: the count moves, the description stays
                skipped += 1
                bar.update(task, advance=1, skipped=skipped)
                return
            bar.update(task, advance=1, description=escape(f"{outcome}: {Path(source).name}"))
        yield on_document


def _print_summary(summary: api.IngestSummary, db: str) -> None:
    out = _out()
    out.print(f"{display(db)}: {summary.new} new, {summary.unchanged} unchanged, {summary.updated} updated, "
              f"{len(summary.failed)} failed", highlight=False, soft_wrap=True)
    if summary.skipped:
        out.print(summary.skipped_line(), highlight=False, soft_wrap=True)
    for path, reason in summary.failed:
        out.print(f"  failed: {escape(path)}: {escape(reason)}", highlight=False, soft_wrap=True)


# -- read commands -----------------------------------------------------------------------------

@app.command()
def localities(country: Annotated[str | None, typer.Option("--country", help="VN or JP.")] = None,
               db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """List every locality the news mentions, with its document and mention counts.

    Example: kizuna localities --country JP --format csv
    """
    if country is not None and country.upper() not in ("VN", "JP"):
        _fail(f"--country must be VN or JP, not {country!r}")
    with _reading(db) as store:
        rows = query.localities(store, country.upper() if country else None)
    _render([r.to_dict() for r in rows], format,
            ["name", "country", "code", "current", "level", "documents", "mentions"])


@app.command()
def show(locality: Annotated[str, typer.Argument(help="Old or new name, any spelling, e.g. \"Long An\".")],
         db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """Show one locality: its documents, mentions, partners, events, people, figures and sources.

    Old and new names both work: "Long An" says it was merged into Tây Ninh on 2025-07-01; "Tây Ninh" lists today's province together with the former Long An.

    Example: kizuna show "Long An"
    """
    with _reading(db) as store:
        found = query.profile(store, locality)
    if format is Format.jsonl:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
    elif format is Format.csv:
        _write_csv([dict(unit=r.unit.name, **m.to_dict()) for r in found.units for m in r.mentions])
    else:
        _render_profile(found)


@app.command()
def search(q: Annotated[str, typer.Argument(metavar="QUERY", help="Words (all must match) or \"a phrase\".")],
           limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many documents.")] = 20,
           db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """Full-text search of the stored documents, ignoring case and diacritics.

    Example: kizuna search "quang ninh"   (finds "Quảng Ninh")
    """
    with _reading(db) as store:
        hits = query.search(store, q, limit)
    if format is Format.table:
        table = Table("published", "title", "snippet", "source", show_lines=True)
        for h in hits:
            table.add_row(h.published or "", escape(h.title or ""), h.marked("[bold yellow]", "[/bold yellow]")
                          if _safe_markup(h.snippet) else escape(h.snippet), escape(h.source))
        _out().print(table)
        return
    _render([dict(h.to_dict(), marked=h.marked()) for h in hits], format, [])


@app.command()
def ties(locality: LocalityArg = None, db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """List province–prefecture pairs, their strongest kind and the sentence they rest on.

    A new province name includes the ties of the old provinces merged into it.

    Example: kizuna ties "Tây Ninh"
    """
    with _reading(db) as store:
        rows = query.ties(store, locality)
    _render(_with_quote(rows), format, ["vn", "jp", "kind", "published", "quote", "source"])


@app.command()
def events(since: Annotated[str | None, typer.Option("--since", help="ISO date, e.g. 2025-01-01.")] = None,
           until: Annotated[str | None, typer.Option("--until", help="ISO date (inclusive).")] = None,
           locality: Annotated[str | None, typer.Option("--locality", "-l", help="Old or new name.")] = None,
           type: Annotated[str | None, typer.Option("--type", "-t", help=(
               "visit, reception, forum, workshop, signing, investment_promotion or other."))] = None,
           db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """List events, newest first: each once, with every report of it in every language.

    An event's `occasion` is the larger event it happened at (a reception on the margin of a
    forum). `kizuna event ID` shows one event with its sources.

    Example: kizuna events --since 2025-07-01 --locality Gunma --format jsonl
    """
    with _reading(db) as store:
        rows = query.clustered_events(store, locality, since=since, until=until, type=type)
    if format is Format.table:
        records = [dict(r.to_dict(), localities=", ".join(r.localities), reports=len(r.sources),
                        languages=" ".join(sorted({d.lang for d in r.documents if d.headline})))
                   for r in rows]
        _render(records, format, ["id", "date", "type", "place", "localities", "occasion", "reports", "languages"])
        return
    _render([r.to_dict() for r in rows], format, [])


@app.command()
def event(event_id: Annotated[str, typer.Argument(metavar="ID", help="An id from `kizuna events`.")],
          db: DbOption = DEFAULT_DB, format: FormatOption = Format.table,
          include_rejected: Annotated[bool, typer.Option(
              "--include-rejected", help="Show the event even if a reviewer rejected it or merged it "
                                         "into another.")] = False) -> None:
    """Show one event as the lists show it (reviews applied): date, place, type, occasion, people, and
    every document that reports it.

    A corrected field is shown with the machine's value beside it; an event merged into another is
    shown as that one (with a note on stderr); a rejected one is an error unless --include-rejected.

    Example: kizuna event ev-95b1fb850a10
    """
    with _reading(db) as store:
        try:
            found = query.event(store, event_id, rejected=include_rejected)
        except query.MergedEvent as merged:
            _err().print(escape(str(merged)))
            found = query.event(store, merged.into)
        occasion = store.event_cluster(found.occasion) if found.occasion else None
    if format is not Format.table:
        _render([found.to_dict()], format, [])
        return
    _print_event(found, occasion)


def _print_event(found: EventCluster, occasion: ClusterRow | None) -> None:
    out = _out()
    fields, machine = found.fields, found.machine or {}

    def shown(key: str, unknown: str) -> str:
        """A field as people left it, with the machine's value beside a correction."""
        text = escape(fields.get(key) or unknown)
        return text + (f" (machine: {escape(machine[key] or unknown)})" if key in machine else "")

    when = shown("date", "date unknown")
    if fields.get("end") or "end" in machine:
        when += f" to {shown('end', '?')}"
    out.print(f"[bold]{escape(found.id)}[/bold]: {shown('type', '?')}, {when}, {shown('place', 'place unknown')}")
    if found.review is not None:
        out.print(f"Reviewed: {escape(found.review.verdict)} by {escape(found.review.user)}, {found.review.at}")
    if found.listed_as:
        out.print(f"Merged into {escape(found.listed_as)} by a reviewer")
    if found.merged:
        out.print("Events merged into it: " + ", ".join(found.merged))
    if found.localities:
        out.print("Localities: " + escape(", ".join(found.localities)))
    if occasion is not None:
        out.print(f"On the occasion of: {escape(occasion.id)} ({occasion.type}, {occasion.date or '?'}, "
                  f"{escape(occasion.place or '?')})")
    if found.parts:
        out.print("Events held at it: " + ", ".join(found.parts))
    _profile_section("People", list(found.people), ["name", "role", "locality"])
    _profile_section("Pairs", list(found.ties), ["vn", "jp", "kind"])
    _profile_section("Figures", list(found.figures), ["value", "unit", "about"])
    _profile_section("Sources", [dict(d.to_dict(), report="yes" if d.headline else "mentions it",
                                      copy_of=d.duplicate_of or "") for d in found.documents],
                     ["published", "lang", "report", "title", "source", "copy_of"])
    if found.split_off:
        out.print("Reports split off it by a reviewer: " + ", ".join(found.split_off))


@app.command()
def people(locality: LocalityArg = None, db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """List named people, their roles and the locality they represent.

    Example: kizuna people Gunma
    """
    with _reading(db) as store:
        rows = query.people(store, locality)
    _render(_with_quote(rows), format, ["name", "role", "locality", "organization", "quote", "source"])


@app.command()
def figures(locality: LocalityArg = None, db: DbOption = DEFAULT_DB, format: FormatOption = Format.table) -> None:
    """List amounts, counts and percentages reported by the documents of a locality (or all).

    Example: kizuna figures "Hậu Giang" --format csv
    """
    with _reading(db) as store:
        rows = query.figures(store, locality)
    _render(_with_quote(rows), format, ["value", "unit", "about", "published", "quote", "source"])


# -- rendering ---------------------------------------------------------------------------------

QUOTE_WIDTH = 160   # characters of evidence shown in a table cell


def _with_quote(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as dicts, each with `quote`: the first evidence sentence, for tables and CSV."""
    out = []
    for row in rows:
        record = row.to_dict()
        record["quote"] = row.evidence[0].text if row.evidence else ""
        out.append(record)
    return out


def _render(records: list[dict[str, Any]], format: Format, columns: list[str]) -> None:
    if format is Format.jsonl:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif format is Format.csv:
        _write_csv(records)
    else:
        table = Table(*columns)
        for record in records:
            table.add_row(*(escape(_cell(record.get(c))) for c in columns))
        _out().print(table)
        if not records:
            _err().print("(nothing found)")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= QUOTE_WIDTH else text[:QUOTE_WIDTH - 1] + "…"


def _write_csv(records: list[dict[str, Any]]) -> None:
    if not records:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v
                         for k, v in record.items()})


def _safe_markup(text: str) -> bool:
    """Snippets with square brackets of their own are shown unmarked rather than misread as markup."""
    return "[" not in text and "]" not in text


def _render_profile(found: query.Profile) -> None:
    out = _out()
    unit = found.unit
    head = f"[bold]{escape(unit.name)}[/bold] ({unit.country}{', ' + unit.code if unit.code else ''}, {unit.level})"
    if found.merged_into:
        head += f" — merged into [bold]{escape(found.merged_into)}[/bold] on {found.merged_on or '?'}"
    elif len(found.units) > 1:
        olds = ", ".join(escape(r.unit.name) for r in found.units if r.unit.key != unit.key)
        head += f" — today's unit, including the former {olds}"
    out.print(head)
    for report in found.units:
        label = escape(report.unit.name) + (" (former unit)" if report.unit.merged else "")
        out.print(f"\n[bold]{label}[/bold]: {len(report.documents)} documents, "
                  f"{sum(d.mentions for d in report.documents)} mentions")
        for m in report.mentions[:10]:
            out.print(f"  {m.published or '':10} {escape(m.surface)} @{m.start}: {escape(_cell(m.sentence))}",
                      highlight=False)
    _profile_section("Partners (ties)", _with_quote(found.ties), ["vn", "jp", "kind", "published", "quote"])
    _profile_section("Events", _with_quote(found.events), ["date", "type", "place", "quote"])
    _profile_section("People", _with_quote(found.people), ["name", "role", "locality"])
    _profile_section("Figures", _with_quote(found.figures), ["value", "unit", "about"])
    if found.sectors:
        out.print("\n[bold]Sectors[/bold]: " + ", ".join(f"{s.sector} ({s.documents})" for s in found.sectors))
    _profile_section("Sources", [d.to_dict() for d in found.sources], ["published", "title", "source"])


def _profile_section(title: str, records: list[dict[str, Any]], columns: list[str]) -> None:
    if not records:
        return
    table = Table(*columns, title=title, title_justify="left")
    for record in records:
        table.add_row(*(escape(_cell(record.get(c))) for c in columns))
    _out().print(table)


# Commands kept in their own modules; registered last because they import nothing from here.
from . import cli_check, cli_curation, cli_fetch, cli_partners  # noqa: E402
from .web.cli import register as register_web  # noqa: E402
cli_fetch.register(app)
cli_check.register(app)
cli_curation.register(app)
cli_partners.register(app)
register_web(app)


if __name__ == "__main__":
    app()

"""`kizuna check`: the database engine's own checks (SQLite's, or PostgreSQL's equivalents) and the
store's invariants on a knowledge base, with what to do about each problem. Registered on the main
app by `register(app)`.

Exit status: 0 when every check passed, 1 when a problem was found, 2 when the database is missing
or cannot be reached.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .errors import KizunaError
from .store.check import check_database, render

PROBLEMS_FOUND = 1
USAGE_ERROR = 2


def register(app: typer.Typer) -> None:
    """Add `check` to the kizuna command line."""
    app.command("check")(check)


def check(
    # a string, not a Path: a Path would turn postgresql://host into postgresql:/host
    db: Annotated[
        str,
        typer.Option("--db", envvar="KIZUNA_DB", help="The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB."),
    ] = "kizuna.db",
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help="PRAGMA quick_check instead of the full integrity_check (faster on a big file); on "
            "PostgreSQL, amcheck without heapallindexed.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of lines.")] = False,
) -> None:
    """Check a knowledge base: SQLite's integrity_check and foreign_key_check and the search index
    (on PostgreSQL: every constraint re-validated, amcheck on the B-tree indexes), and kizuna's own
    invariants (every fact's evidence inside its text, every document placed among the events).
    Read-only: safe while another kizuna writes. Prints what it found and what to do.

    Exit status: 0 all checks passed, 1 problems found, 2 no such database (or no connection).

    Example: kizuna check --db kizuna.db
    """
    try:
        report = check_database(db, quick=quick)
    except KizunaError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        render(report, typer.echo)
    if not report.ok:
        raise typer.Exit(PROBLEMS_FOUND)


__all__ = ["check", "register"]

"""`kizuna user`, `kizuna token` and `kizuna reviews`: accounts of the people who correct the machine,
their API tokens, and what they said. Registered on the main app by `register(app)`; each command is
argument translation plus one call of kizuna.curation.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated

import typer

from . import curation
from .errors import KizunaError
from .store import open_store

USAGE_ERROR = 2
DbOption = Annotated[str, typer.Option("--db", envvar="KIZUNA_DB",
                                       help="The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB.")]
DEFAULT_DB = "kizuna.db"


class Role(str, Enum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"


users = typer.Typer(help="Accounts of the people who review facts in `kizuna serve --editable`.\n\n"
                         "Example: kizuna user add lan --role editor < password.txt", no_args_is_help=True)
tokens = typer.Typer(help="API tokens (sent as `Authorization: Bearer TOKEN`).\n\n"
                          "Example: kizuna token create lan", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `user`, `token` and `reviews` to the kizuna command line."""
    app.add_typer(users, name="user")
    app.add_typer(tokens, name="token")
    app.command("reviews")(reviews)


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(USAGE_ERROR) from None


def _password() -> str:
    """The password from standard input: typed twice at a terminal, else its first line."""
    if sys.stdin.isatty():
        first = typer.prompt("password", hide_input=True)
        if typer.prompt("again", hide_input=True) != first:
            _fail(KizunaError("the two passwords differ"))
        return str(first)
    return sys.stdin.readline().rstrip("\r\n")


@users.command("add")
def user_add(name: Annotated[str, typer.Argument(help="The login name.")],
             role: Annotated[Role, typer.Option("--role", help="viewer (reads), editor (reviews facts), "
                                                              "admin (reviews facts).")] = Role.viewer,
             replace: Annotated[bool, typer.Option("--replace", help="Set the role and password of an "
                                                                     "existing account (its sessions end).")] = False,
             db: DbOption = DEFAULT_DB) -> None:
    """Create an account; the password is read from standard input (never from the command line).

    Example: kizuna user add lan --role editor < password.txt
    """
    try:
        user = curation.add_user(db, name, role.value, _password(), replace=replace)
    except KizunaError as err:
        _fail(err)
    typer.echo(f"user {user.name} ({user.role})")


@users.command("list")
def user_list(db: DbOption = DEFAULT_DB) -> None:
    """List the accounts with their roles.

    Example: kizuna user list --db kizuna.db
    """
    try:
        found = curation.list_users(db)
    except KizunaError as err:
        _fail(err)
    for user in found:
        typer.echo(f"{user.name}\t{user.role}\t{user.created_at}")


@users.command("remove")
def user_remove(name: Annotated[str, typer.Argument(help="The login name.")], db: DbOption = DEFAULT_DB) -> None:
    """Remove an account with its tokens and sessions; its reviews stay in the history, under its name.

    Example: kizuna user remove lan
    """
    try:
        curation.remove_user(db, name)
    except KizunaError as err:
        _fail(err)
    typer.echo(f"removed {name}")


@tokens.command("create")
def token_create(name: Annotated[str, typer.Argument(help="The user the token acts for.")],
                 db: DbOption = DEFAULT_DB) -> None:
    """Print a new API token for a user (only its digest is stored: keep it, it is shown once).

    Example: kizuna token create lan
    """
    try:
        typer.echo(curation.create_token(db, name))
    except KizunaError as err:
        _fail(err)


def reviews(orphaned: Annotated[bool, typer.Option("--orphaned", help="Only the reviews whose fact "
                                                                      "re-extraction no longer finds.")] = False,
            limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many, newest first.")] = 100,
            db: DbOption = DEFAULT_DB) -> None:
    """Print the reviews people made (JSON Lines, newest first): who, when, verdict, old and new value.

    Example: kizuna reviews --orphaned --db kizuna.db
    """
    try:
        with open_store(db, create=False, readonly=True) as store:
            found = curation.orphaned_reviews(store)[:limit] if orphaned else curation.reviews(store, limit)[0]
    except KizunaError as err:
        _fail(err)
    for r in found:
        typer.echo(json.dumps(r.to_dict(), ensure_ascii=False))


__all__ = ["register"]

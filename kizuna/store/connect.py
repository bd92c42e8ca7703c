"""Opening a knowledge base: a file path (SQLite) or a postgresql:// URL (PostgreSQL)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import UsageError
from .base import MissingStoreError
from .sql import SQLStore

_SCHEMES = ("postgresql://", "postgres://")
_ANY_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")
URL_HELP = "a file path (SQLite) or postgresql://USER@HOST:PORT/DB"


def is_url(target: str | os.PathLike[str]) -> bool:
    """Whether `target` names a PostgreSQL database rather than an SQLite file."""
    return str(target).startswith(_SCHEMES)


def display(target: str | os.PathLike[str]) -> str:
    """How a knowledge base is named in messages: a path, or a URL without its password."""
    text = str(target)
    return _PASSWORD.sub(r"\1***@", text) if _ANY_URL.match(text) else text


def open_store(path: str | os.PathLike[str] = "kizuna.db", create: bool = True, readonly: bool = False,
               shared: bool = False) -> SQLStore:
    """Open (and, if `create`, create) a knowledge base. Raises MissingStoreError otherwise.

    `path`: an SQLite file, `sqlite:///PATH`, or `postgresql://USER@HOST:PORT/DB` (the database
    must exist; its tables are created on the first writable open). `readonly`: every write is
    refused (the web application); the database must have this kizuna's schema. `shared`: the
    connection may pass from thread to thread, one at a time."""
    target = str(path)
    if is_url(target):
        from .postgres import PostgresStore  # psycopg is loaded only for PostgreSQL
        return PostgresStore(target, create=create, readonly=readonly)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):] or ":memory:"
    elif _ANY_URL.match(target):
        raise UsageError(f"cannot open {target}: kizuna stores in {URL_HELP}")
    from .sqlite import SQLiteStore
    if (readonly or not create) and target != ":memory:" and not Path(target).is_file():
        raise MissingStoreError(target)
    return SQLiteStore(target, readonly=readonly, shared=shared)

"""What differs between SQLite and PostgreSQL, in one place.

The store's queries are written once, in the SQL both engines read (`?` placeholders,
`INSERT ... ON CONFLICT`, `RETURNING`). A `Dialect` turns that text into what its driver takes and
holds the few pieces that cannot be shared: the DDL types, full-text search (FTS5 against a
tsvector column), string aggregation, the column that keeps insertion order, and the exceptions
a missing table raises.

Two rules keep results identical on both engines:
- NULL sorts first in SQLite (below every value); PostgreSQL sorts it last. The PostgreSQL dialect
  adds `NULLS FIRST` / `NULLS LAST` to every ORDER BY term so that it sorts as SQLite does.
- SQLite compares text byte by byte (BINARY); every PostgreSQL text column is `COLLATE "C"`,
  which does the same whatever the server's locale.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

from . import fulltext


class Dialect:
    """SQLite: the store's SQL text is already SQLite's."""

    name = "sqlite"
    begin = "BEGIN IMMEDIATE"     # take the write lock at once: no deadlock between two writers
    rowid = "rowid"               # the hidden column that keeps insertion order
    missing_table: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
    # Errors that may pass if the same write is tried again later (a lock, a full disk, a lost server)
    transient: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
    # Full-text search over `documents_fts` (one `?`: the query from `fts_query`). Rank: lower is better.
    fts_match = "documents_fts MATCH ?"
    fts_rank = "bm25(documents_fts, 0, 5, 1)"
    fts_rank_params = 0           # how many times the rank expression takes the query
    ordered_join = "CROSS JOIN"   # an inner join whose left table the planner must read first

    def sql(self, statement: str) -> str:
        return statement

    def ddl(self, statement: str) -> str:
        return statement

    def group_concat(self, expression: str) -> str:
        """Distinct values joined by commas."""
        return f"GROUP_CONCAT(DISTINCT {expression})"

    def json_has(self, expression: str, key: str) -> str:
        """Whether the JSON object `expression` (text) has the key `key` (its value may be null)."""
        return f"json_type({expression}, '$.{key}') IS NOT NULL"

    def json_text(self, expression: str, key: str) -> str:
        """The text value of `key` in the JSON object `expression` (NULL for null or no such key)."""
        return f"json_extract({expression}, '$.{key}')"

    def fts_query(self, terms: list[fulltext.Term]) -> str:
        return fulltext.fts_query(terms)

    def fts_insert(self, doc_id: str, title: str, text: str) -> tuple[str, Sequence[object]]:
        return ("INSERT INTO documents_fts (doc_id, title, body) VALUES (?, ?, ?)",
                (doc_id, fulltext.index_form(title), fulltext.index_form(text)))


class PostgresDialect(Dialect):
    """PostgreSQL (psycopg 3): `%s` placeholders, explicit NULL order, a tsvector for search."""

    name = "postgresql"
    begin = "BEGIN"
    rowid = "seq"                 # an identity column: PostgreSQL has no rowid
    missing_table = ()            # these two are set by kizuna.store.postgres when psycopg loads
    transient = ()
    # Title lexemes weigh A, body lexemes D: {D, C, B, A} = {0.2, 0, 0, 1}, the title five times the
    # body as in SQLite's bm25 weights. Negated, so that lower is better on both engines.
    fts_match = "documents_fts.terms @@ CAST(? AS tsquery)"
    fts_rank = "-ts_rank('{0.2, 0, 0, 1}', documents_fts.terms, CAST(? AS tsquery))"
    fts_rank_params = 1
    ordered_join = "JOIN"         # PostgreSQL's CROSS JOIN takes no ON; its planner weighs the order itself

    def sql(self, statement: str) -> str:
        return _postgres_sql(statement)

    def ddl(self, statement: str) -> str:
        return _postgres_ddl(statement)

    def group_concat(self, expression: str) -> str:
        return f"string_agg(DISTINCT {expression}, ',')"

    def json_has(self, expression: str, key: str) -> str:
        return f"(CAST({expression} AS jsonb) -> '{key}') IS NOT NULL"   # `?` would read as a placeholder

    def json_text(self, expression: str, key: str) -> str:
        return f"(CAST({expression} AS jsonb) ->> '{key}') COLLATE \"C\""   # as every TEXT column

    def fts_query(self, terms: list[fulltext.Term]) -> str:
        """Every term (AND), each a phrase of adjacent lexemes: the FTS5 query's meaning."""
        return " & ".join("(" + " <-> ".join(_lexeme(t) for t in term.tokens) + ")" for term in terms)

    def fts_insert(self, doc_id: str, title: str, text: str) -> tuple[str, Sequence[object]]:
        return ("INSERT INTO documents_fts (doc_id, terms) VALUES (?, CAST(? AS tsvector))",
                (doc_id, tsvector(title, text)))


def tsvector(title: str, text: str) -> str:
    """A tsvector literal from kizuna's own tokens (folded, one token per CJK character), so that
    PostgreSQL indexes exactly what FTS5 does, whatever the server's locale or parser.

    Title lexemes come first with weight A; a gap of one position keeps a phrase from running
    from the title into the body. PostgreSQL keeps 256 positions per lexeme and clamps positions
    at 16,383: a phrase far into a very long text may match less precisely than in FTS5."""
    positions: dict[str, list[str]] = {}
    at = 0
    for tokens, weight in ((fulltext.tokens(title), "A"), (fulltext.tokens(text), "")):
        for token in tokens:
            at += 1
            positions.setdefault(token, []).append(f"{min(at, 16383)}{weight}")
        at += 1
    return " ".join(f"{_lexeme(token)}:{','.join(dict.fromkeys(p))}" for token, p in positions.items())


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


# -- PostgreSQL query text -----------------------------------------------------------------------

_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\?|%")
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|FETCH)\b", re.IGNORECASE)
_HAS_NULLS = re.compile(r"\bNULLS\s+(FIRST|LAST)\s*$", re.IGNORECASE)
_DESC = re.compile(r"\bDESC\s*$", re.IGNORECASE)
# Terms that are never NULL need no NULLS clause, which would keep PostgreSQL off their index.
_NOT_NULL = re.compile(r"^(\w+\.)?(id|doc_id|key|rowid|seq)(\s+(ASC|DESC))?$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _postgres_sql(statement: str) -> str:
    def mark(m: re.Match[str]) -> str:
        token = m.group(0)   # psycopg reads every % as a placeholder, even inside a literal
        return {"?": "%s", "%": "%%"}.get(token, token.replace("%", "%%"))
    return _null_order(_QUOTED_OR_MARK.sub(mark, statement))


def _null_order(sql: str) -> str:
    """Every ORDER BY term sorted as SQLite sorts it: NULLs first ascending, last descending."""
    out, last = [], 0
    for m in _ORDER_BY.finditer(sql):
        if m.start() < last:
            continue
        end, terms = _order_terms(sql, m.end())
        out.append(sql[last:m.end()])
        out.append(",".join(_with_nulls(t) for t in terms))
        last = end
    out.append(sql[last:])
    return "".join(out)


def _order_terms(sql: str, start: int) -> tuple[int, list[str]]:
    """The terms of the ORDER BY clause starting at `start`, and where the clause ends."""
    depth, i, term_start, terms = 0, start, start, []
    while i < len(sql):
        c = sql[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c == ",":
            terms.append(sql[term_start:i])
            term_start = i + 1
        elif depth == 0 and _CLAUSE_END.match(sql, i) and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            break
        i += 1
    terms.append(sql[term_start:i])
    return i, terms


def _with_nulls(term: str) -> str:
    body = term.rstrip()
    trailing = term[len(body):]
    if not body.strip() or _HAS_NULLS.search(body) or _NOT_NULL.match(body.strip()):
        return term
    return body + (" NULLS LAST" if _DESC.search(body) else " NULLS FIRST") + trailing


# -- PostgreSQL DDL ------------------------------------------------------------------------------

_DDL_TYPES = (
    (re.compile(r"\bINTEGER PRIMARY KEY(\s+AUTOINCREMENT)?"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),           # SQLite integers are 64-bit (LSH band keys need it)
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),    # byte order, as SQLite's BINARY
    (re.compile(r"\)\s*WITHOUT ROWID\s*$"), ")"),
)
_INDEX_COLUMNS = re.compile(r"^(CREATE INDEX IF NOT EXISTS \w+ ON \w+)\s*\(([^)]*)\)\s*$")


@lru_cache(maxsize=256)
def _postgres_ddl(statement: str) -> str:
    index = _INDEX_COLUMNS.match(statement)
    if index:
        # Indexes sort NULL first, as SQLite does: the queries' ORDER BY can walk them.
        columns = ", ".join(f"{c.strip()} NULLS FIRST" for c in index.group(2).split(","))
        return f"{index.group(1)} ({columns})"
    for pattern, replacement in _DDL_TYPES:
        statement = pattern.sub(replacement, statement)
    return statement


SQLITE = Dialect()
POSTGRES = PostgresDialect()

"""The SQLite schema: plain tables any SQLite tool can read, plus one FTS5 index.

Facts keep their evidence as a JSON list of {"start", "end"} offsets into `documents.text`
(SQLite's json_each reads it). Every fact row belongs to one document and goes with it
(ON DELETE CASCADE). The `*_fold` columns hold names folded by kizuna.text.fold_name
(lower case, no diacritics, đ -> d) so "Quang Ninh" finds "Quảng Ninh" without custom
SQL functions.
"""
from __future__ import annotations

SCHEMA_VERSION = 1

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",   # safe with WAL: a crash loses at most the last commit
    "PRAGMA busy_timeout = 5000",
)

TABLES = (
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,            -- sha1 of the normalised text
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        lang TEXT NOT NULL,
        published TEXT,
        kind TEXT NOT NULL,
        raw BLOB,                       -- the original bytes, zlib-compressed
        text TEXT NOT NULL,             -- the cleaned NFC text every offset refers to
        digest TEXT NOT NULL,           -- sha1 of the extraction: tells "unchanged" from "updated"
        ingested_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS localities (
        key TEXT PRIMARY KEY,           -- gazetteer key, e.g. VN:long-an
        name TEXT NOT NULL,
        name_fold TEXT NOT NULL,
        country TEXT NOT NULL,
        code TEXT,
        current TEXT NOT NULL,
        current_fold TEXT NOT NULL,
        level TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        locality_key TEXT NOT NULL REFERENCES localities(key),
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        surface TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ties (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        vn TEXT NOT NULL, vn_fold TEXT NOT NULL,
        jp TEXT NOT NULL, jp_fold TEXT NOT NULL,
        kind TEXT NOT NULL,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        date TEXT,
        end_date TEXT,
        place TEXT, place_fold TEXT,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS people (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT,
        locality TEXT, locality_fold TEXT,
        organization TEXT,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS organizations (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS figures (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        about TEXT NOT NULL,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS sectors (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sector TEXT NOT NULL,
        PRIMARY KEY (doc_id, sector)
    )""",
    # The folded copy (kizuna.text.fold, CJK characters spaced out so each is a token) is what
    # is indexed: FTS5's remove_diacritics does not map đ to d, and unicode61 would otherwise
    # read a whole run of kanji as one word.
    """CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
        doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
    )""",
)

INDEXES = (
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id)",
    "CREATE INDEX IF NOT EXISTS mentions_locality ON mentions(locality_key)",
    "CREATE INDEX IF NOT EXISTS localities_name ON localities(name_fold)",
    "CREATE INDEX IF NOT EXISTS localities_current ON localities(current_fold)",
    "CREATE INDEX IF NOT EXISTS ties_doc ON ties(doc_id)",
    "CREATE INDEX IF NOT EXISTS ties_vn ON ties(vn_fold)",
    "CREATE INDEX IF NOT EXISTS ties_jp ON ties(jp_fold)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id)",
    "CREATE INDEX IF NOT EXISTS events_date ON events(date)",
    "CREATE INDEX IF NOT EXISTS people_doc ON people(doc_id)",
    "CREATE INDEX IF NOT EXISTS people_locality ON people(locality_fold)",
    "CREATE INDEX IF NOT EXISTS organizations_doc ON organizations(doc_id)",
    "CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc_id)",
)

# Tables holding one document's facts: emptied when the document is re-extracted.
FACT_TABLES = ("mentions", "ties", "events", "people", "organizations", "figures", "sectors")

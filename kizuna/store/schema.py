"""The schema, for SQLite and PostgreSQL alike: plain tables any SQLite or PostgreSQL tool can
read, plus one full-text index (FTS5 in SQLite, a tsvector column with a GIN index in PostgreSQL).

The tables are written once, in SQLite's DDL; kizuna.store.dialect maps its types for PostgreSQL
(INTEGER -> BIGINT, REAL -> DOUBLE PRECISION, BLOB -> BYTEA, TEXT -> TEXT COLLATE "C", an
INTEGER PRIMARY KEY -> an identity column). What only one engine has is below the tables.

Facts keep their evidence as a JSON list of {"start", "end"} offsets into `documents.text`
(SQLite's json_each reads it). Every fact row belongs to one document and goes with it
(ON DELETE CASCADE). The `*_fold` columns hold names folded by kizuna.text.fold_name
(lower case, no diacritics, đ -> d) so "Quang Ninh" finds "Quảng Ninh" without custom
SQL functions, and the full-text index holds text kizuna folded itself: neither engine needs an
extension (`unaccent`) or a function registered by the application.

Versions: SQLite keeps the version in `PRAGMA user_version`, PostgreSQL in the one-row table
`kizuna_schema`. Opening a database for writing creates what is missing and runs the steps of
each older version (the backends' `_upgrade`); reading refuses any other version.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dialect import Dialect

SCHEMA_VERSION = 6   # 2: near-duplicates and event clusters (documents of a version-1 file are
                     # clustered by `kizuna reextract`); 3: every source of a document, browsing indexes;
                     # 4: cluster_places with its key columns first (see below); 5: stable fact ids
                     # (`fid`, kizuna.factid) and curation: reviews, accounts, tokens, sessions;
                     # 6: failed logins, shared by every server process (login_failures)

PRAGMAS = (
    # First: switching a new file to WAL takes a lock, which another kizuna opening the same file
    # at the same moment may hold (without a timeout that is "database is locked" at once).
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",   # safe with WAL: a crash loses at most the last commit
    # A writer's page cache of 64 MiB instead of SQLite's 2 MiB: every document adds rows to some
    # 40 indexes, and once those outgrow the cache each insert reads its pages back from the OS
    # (issue 13: storing slowed as the file grew). Pages are taken as needed, not up front.
    "PRAGMA cache_size = -65536",
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
        fid TEXT,                       -- the stable fact id (kizuna.factid)
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        locality_key TEXT NOT NULL REFERENCES localities(key),
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        surface TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ties (
        id INTEGER PRIMARY KEY,
        fid TEXT,                       -- the stable fact id (kizuna.factid)
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        vn TEXT NOT NULL, vn_fold TEXT NOT NULL,
        jp TEXT NOT NULL, jp_fold TEXT NOT NULL,
        kind TEXT NOT NULL,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY,
        fid TEXT,                       -- the stable fact id (kizuna.factid)
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        date TEXT,
        end_date TEXT,
        place TEXT, place_fold TEXT,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS people (
        id INTEGER PRIMARY KEY,
        fid TEXT,                       -- the stable fact id (kizuna.factid)
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT,
        locality TEXT, locality_fold TEXT,
        organization TEXT,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS organizations (
        id INTEGER PRIMARY KEY,
        fid TEXT,                       -- the stable fact id (kizuna.factid)
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        evidence TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS figures (
        id INTEGER PRIMARY KEY,
        fid TEXT,                       -- the stable fact id (kizuna.factid)
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
    # Every path or URL a document was read from: the same text under two names is stored once.
    """CREATE TABLE IF NOT EXISTS document_sources (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        PRIMARY KEY (doc_id, source)
    ) WITHOUT ROWID""",
    # -- near-duplicates (kizuna.cluster.minhash) --
    """CREATE TABLE IF NOT EXISTS minhashes (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        signature BLOB NOT NULL         -- MinHash values, unsigned 32-bit, little-endian
    )""",
    """CREATE TABLE IF NOT EXISTS minhash_bands (
        key INTEGER NOT NULL,           -- one LSH band of a signature, hashed
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (key, doc_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS duplicates (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        original TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        similarity REAL NOT NULL        -- estimated Jaccard similarity of their word shingles
    )""",
    # -- events across documents (kizuna.cluster) --
    """CREATE TABLE IF NOT EXISTS event_clusters (
        id TEXT PRIMARY KEY,            -- stable: derived from the first document that reported it
        type TEXT NOT NULL,
        date TEXT,
        end_date TEXT,
        place TEXT, place_fold TEXT,
        occasion TEXT REFERENCES event_clusters(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cluster_documents (
        id INTEGER PRIMARY KEY,
        cluster_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        headline INTEGER NOT NULL,      -- 1: the document's headline event; 0: an occasion it mentions
        score REAL,                     -- the similarity that made it join (NULL for the founder)
        features TEXT NOT NULL          -- kizuna.cluster.DocFeatures as JSON
    )""",
    # The candidate index: one row per (locality, member), with the member's days, so finding
    # the events near a new report is one range scan per locality.
    # The primary key's columns come first and in its order: with them declared in another order,
    # SQLite 3.40's PRAGMA integrity_check reads a WITHOUT ROWID row's columns shifted and reports
    # "NULL value in cluster_places.day_end" on a sound table (reproduced with a one-row table).
    """CREATE TABLE IF NOT EXISTS cluster_places (
        name TEXT NOT NULL,
        dated INTEGER NOT NULL,         -- 1: days of the event itself; 0: the report's publication day;
                                        -- 2: no day known (days 0): found by its localities only
        day_start INTEGER NOT NULL,     -- proleptic ordinal of the event's first day
        member_id INTEGER NOT NULL REFERENCES cluster_documents(id) ON DELETE CASCADE,
        day_end INTEGER NOT NULL,
        PRIMARY KEY (name, dated, day_start, member_id)
    ) WITHOUT ROWID""",
    # -- curation (kizuna.curation): what people said of the machine's facts --
    # Reviews point at facts by their stable id, never by a foreign key: they outlive re-extraction,
    # and a review whose fact no longer exists is an orphan to show, not a row to cascade away.
    """CREATE TABLE IF NOT EXISTS reviews (
        id INTEGER PRIMARY KEY,
        fact_id TEXT NOT NULL,          -- kizuna.factid id (tie-..., evt-...) or an event's (ev-...)
        kind TEXT NOT NULL,             -- locality, tie, event, person, organization, figure, cluster
        doc_id TEXT,                    -- the fact's document when reviewed (no foreign key, see above)
        verdict TEXT NOT NULL,          -- confirm, reject, correct, merge, split, rejoin
        value TEXT,                     -- JSON: the correction (or the event merged into, split off)
        old_value TEXT,                 -- JSON: the fact's value as shown before this review
        note TEXT,
        user_name TEXT NOT NULL,        -- a name, not a key: the history stays when an account goes
        created_at TEXT NOT NULL
    )""",
    # The standing verdict of each reviewed fact: its latest review (what reads apply).
    """CREATE TABLE IF NOT EXISTS curation (
        fact_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        verdict TEXT NOT NULL,
        value TEXT,
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,             -- viewer, editor, admin
        password TEXT NOT NULL,         -- argon2id hash (argon2-cffi)
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        digest TEXT NOT NULL UNIQUE,    -- sha256 of the token (the token itself is shown once)
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS sessions (
        digest TEXT PRIMARY KEY,        -- sha256 of the session cookie's value
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )""",
    # Failed logins of the last minutes, for the login limit of every server process on this
    # database (kizuna.web.curate.RateLimit); older ones are pruned as new ones come.
    """CREATE TABLE IF NOT EXISTS login_failures (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,              -- sha256 of "ip:ADDRESS" or "user:NAME" (no address or name kept)
        failed_at REAL NOT NULL         -- seconds since the epoch: one clock for every process
    )""",
)

# The folded copy (kizuna.text.fold, CJK characters spaced out so each is a token) is what
# is indexed: FTS5's remove_diacritics does not map đ to d, and unicode61 would otherwise
# read a whole run of kanji as one word.
SQLITE_ONLY = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
        doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
    )""",
)

# PostgreSQL has no rowid: `seq` keeps the order documents came in (re-extraction replays it).
# Its full-text index holds the same tokens as FTS5 (kizuna.store.dialect.tsvector): title
# lexemes weigh A, body lexemes D.
POSTGRES_ONLY = (
    "CREATE TABLE IF NOT EXISTS kizuna_schema (version INTEGER NOT NULL)",
    # advanced after every write transaction: what readers cache by (PostgresStore.data_version)
    "CREATE SEQUENCE IF NOT EXISTS kizuna_changes",
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS seq BIGINT GENERATED ALWAYS AS IDENTITY",
    """CREATE TABLE IF NOT EXISTS documents_fts (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        terms TSVECTOR NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS documents_fts_terms ON documents_fts USING GIN (terms)",
    "CREATE INDEX IF NOT EXISTS documents_fts_doc ON documents_fts (doc_id)",
    "CREATE INDEX IF NOT EXISTS documents_seq ON documents (seq)",
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
    "CREATE INDEX IF NOT EXISTS minhash_bands_doc ON minhash_bands(doc_id)",
    # for browsing page by page (kizuna.store.browse, the web application)
    "CREATE INDEX IF NOT EXISTS documents_published ON documents(published, id)",
    "CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date)",
    "CREATE INDEX IF NOT EXISTS sectors_sector ON sectors(sector, doc_id)",
    "CREATE INDEX IF NOT EXISTS ties_pair ON ties(vn_fold, jp_fold, doc_id)",
    "CREATE INDEX IF NOT EXISTS mentions_locality_doc ON mentions(locality_key, doc_id)",
    # the order of the people and organisations lists: a page is read, not the whole table sorted
    "CREATE INDEX IF NOT EXISTS people_name ON people(name, id)",
    "CREATE INDEX IF NOT EXISTS organizations_name ON organizations(name, id)",
    "CREATE INDEX IF NOT EXISTS duplicates_original ON duplicates(original)",
    "CREATE INDEX IF NOT EXISTS event_clusters_date ON event_clusters(date)",
    "CREATE INDEX IF NOT EXISTS event_clusters_occasion ON event_clusters(occasion)",
    "CREATE INDEX IF NOT EXISTS cluster_documents_doc ON cluster_documents(doc_id)",
    "CREATE INDEX IF NOT EXISTS cluster_documents_cluster ON cluster_documents(cluster_id)",
    "CREATE INDEX IF NOT EXISTS cluster_places_member ON cluster_places(member_id)",
    # stable fact ids and curation
    "CREATE INDEX IF NOT EXISTS mentions_fid ON mentions(fid)",
    "CREATE INDEX IF NOT EXISTS ties_fid ON ties(fid)",
    "CREATE INDEX IF NOT EXISTS events_fid ON events(fid)",
    "CREATE INDEX IF NOT EXISTS people_fid ON people(fid)",
    "CREATE INDEX IF NOT EXISTS organizations_fid ON organizations(fid)",
    "CREATE INDEX IF NOT EXISTS figures_fid ON figures(fid)",
    "CREATE INDEX IF NOT EXISTS reviews_fact ON reviews(fact_id, id)",
    "CREATE INDEX IF NOT EXISTS curation_review ON curation(review_id)",
    "CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens(user_id)",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id)",
    "CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures(key, failed_at)",
    "CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures(failed_at)",
)

# Tables holding one document's facts: emptied when the document is re-extracted.
FACT_TABLES = ("mentions", "ties", "events", "people", "organizations", "figures", "sectors")
# Tables holding a document's place among the others: emptied when it is re-extracted, then redone.
CLUSTER_TABLES = ("cluster_documents", "duplicates", "minhash_bands", "minhashes")
# Tables with a stable fact id (`fid`), by kind of fact (kizuna.factid.TABLES)
FID_TABLES = ("mentions", "ties", "events", "people", "organizations", "figures")


def statements(dialect: Dialect) -> tuple[str, ...]:
    """Every CREATE statement of the schema, in the dialect's DDL, in an order that works."""
    own = POSTGRES_ONLY if dialect.name == "postgresql" else SQLITE_ONLY
    return tuple(dialect.ddl(s) for s in TABLES) + tuple(own) + tuple(dialect.ddl(s) for s in INDEXES)

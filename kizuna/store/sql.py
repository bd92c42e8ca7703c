"""The SQL both backends share: every read and write of a knowledge base, written once.

`SQLStore` holds a DB-API connection whose `dialect` (kizuna.store.dialect) says which engine it
talks to; the query text is the SQL SQLite and PostgreSQL both read, with the few differences
(full-text search, string aggregation, insertion order) asked of the dialect. The backends
(sqlite.py, postgres.py) only connect, check the schema version and migrate.
"""
from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from ..factid import FactIds
from ..errors import UsageError
from ..model import Extraction, Mention, Span
from ..text import fold_name, sentence_of, sentences
from . import fulltext, schema
from .base import (
    AddResult,
    ClusterRow,
    DocumentRow,
    EventRow,
    Evidence,
    FigureRow,
    LocalityRow,
    MentionRow,
    Names,
    OrganizationRow,
    PersonRow,
    SearchHit,
    SectorCount,
    TieRow,
)
from .clusters import ClusterTables
from .curation import corrected_columns, folded_in, not_rejected, reviewed, reviewed_join, standing
from .dialect import Dialect
from .schema import FACT_TABLES, SCHEMA_VERSION

log = logging.getLogger(__name__)

_DOC_COLUMNS = "d.id, d.source, d.url, d.title, d.lang, d.published, d.kind, d.ingested_at"
_KIND_OF_TABLE = {"ties": "tie", "events": "event", "people": "person", "organizations": "organization",
                  "figures": "figure"}
_SENTENCE_MAX = 300   # a mention's context is cut to this many characters (some "sentences" are pages)


class SQLStore:
    """A kizuna knowledge base over one connection (made by a backend: SQLiteStore, PostgresStore)."""

    _clusters = None   # the ClusterTables, made on first use (see `clusters`)
    path: str
    _db: Any           # sqlite3.Connection or postgres.PgConnection: execute, executemany, dialect
    _depth = 0
    # Whether each writable open runs the (idempotent) CREATE ... IF NOT EXISTS statements even on a
    # current schema, which adds an index a release added without a new version.
    _recreate = False

    @property
    def dialect(self) -> Dialect:
        return self._db.dialect  # type: ignore[no-any-return]

    def data_version(self) -> tuple[int, ...]:
        """Changes whenever the stored data may have changed: a key for caching what was read."""
        raise NotImplementedError

    # -- schema -------------------------------------------------------------------------------

    def _schema_version(self) -> int:
        raise NotImplementedError

    def _set_schema_version(self, version: int) -> None:
        raise NotImplementedError

    def _upgrade(self, version: int) -> None:
        """Steps from an older schema `version` that creating the missing tables cannot do."""
        if version < 5:   # stable fact ids, computed from the stored facts (kizuna.factid)
            from .curation import add_fid_columns
            add_fid_columns(self._db)

    def _lock_schema(self) -> None:
        """Keep two processes from migrating at once (inside the migration's transaction)."""

    def _check_version(self) -> None:
        """Reading cannot migrate: say how to, rather than fail query by query."""
        version = self._schema_version()
        if version != SCHEMA_VERSION:
            self._db.close()
            raise UsageError(f"{self.path} has schema version {version}, this kizuna reads {SCHEMA_VERSION}: "
                             f"run `kizuna ingest` or `kizuna reextract` on it once with this kizuna (it upgrades "
                             f"the database)")

    def _migrate(self) -> None:
        """Create or upgrade the schema to SCHEMA_VERSION (schema.py), in one transaction."""
        if self._schema_version() > SCHEMA_VERSION:
            raise UsageError(   # a newer kizuna wrote it
                f"{self.path} has schema version {self._schema_version()}; this kizuna knows {SCHEMA_VERSION}: "
                f"upgrade kizuna")
        with self.atomic():
            self._lock_schema()
            version = self._schema_version()   # another process may have migrated meanwhile
            if version == SCHEMA_VERSION and not self._recreate:
                return
            if version > 0:
                self._upgrade(version)
            for statement in schema.statements(self.dialect):
                self._db.execute(statement)
            self._set_schema_version(SCHEMA_VERSION)

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """BEGIN ... COMMIT at the outermost level, SAVEPOINTs inside; rolls back on any exception."""
        savepoint = f"sp{self._depth}"
        self._db.execute(self.dialect.begin if self._depth == 0 else f"SAVEPOINT {savepoint}")
        self._depth += 1
        try:
            if self._depth == 1:
                self._began()
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO {savepoint}")
                self._db.execute(f"RELEASE {savepoint}")
            raise
        self._depth -= 1
        self._db.execute("COMMIT" if self._depth == 0 else f"RELEASE {savepoint}")
        if self._depth == 0:
            self._committed()

    def _began(self) -> None:
        """Called inside each outermost transaction, first (a backend may wait for its turn)."""

    def _committed(self) -> None:
        """Called after each outermost COMMIT (a backend may mark that the data changed)."""

    @property
    def clusters(self) -> ClusterTables:
        if self._clusters is None:   # one per store: its index keeps decoded features between documents
            self._clusters = ClusterTables(self._db)
        return self._clusters

    def event_clusters(self, names: Names = None, since: str | None = None, until: str | None = None,
                       type: str | None = None, limit: int | None = None, offset: int = 0) -> list[ClusterRow]:
        return self.clusters.events(names, since, until, type, limit, offset)

    def event_cluster(self, cluster_id: str) -> ClusterRow | None:
        return self.clusters.event(cluster_id)

    @property
    def fetchlog(self):  # -> fetchlog.FetchLog; imported here so reading a store never loads it
        """What was fetched from the web, when, with which validators, and the raw responses."""
        from .fetchlog import FetchLog
        return FetchLog(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def add(self, extraction: Extraction) -> AddResult:
        """Store a document with its mentions and facts (an older version's facts replaced). Where
        it stands among the events is kizuna.cluster's to decide: kizuna.api.add_document stores
        and places in one transaction."""
        doc = extraction.document
        digest = _digest(extraction)
        with self.atomic():   # read inside too: another process may store the same document meanwhile
            row = self._db.execute("SELECT digest FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if row is not None and row["digest"] == digest:
                self._db.execute("INSERT INTO document_sources (doc_id, source) VALUES (?, ?)"
                                 " ON CONFLICT DO NOTHING", (doc.id, doc.source))
                return "unchanged"
            if row is not None:
                self._delete_facts(doc.id)
            self._put_document(extraction, digest)
            ids = FactIds(doc.id, doc.text)   # mentions and facts: one counter of repeats (kizuna.factid)
            self._put_mentions(extraction, ids)
            self._put_facts(extraction, ids)
        return "new" if row is None else "updated"

    def _delete_facts(self, doc_id: str) -> None:
        for table in FACT_TABLES:
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))

    def _put_document(self, extraction: Extraction, digest: str) -> None:
        doc = extraction.document
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._db.execute(
            """INSERT INTO documents (id, source, url, title, lang, published, kind, raw, text, digest,
                                      ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET source = excluded.source, url = excluded.url,
                 title = excluded.title, lang = excluded.lang, published = excluded.published,
                 kind = excluded.kind, raw = excluded.raw, text = excluded.text,
                 digest = excluded.digest""",   # ingested_at stays: when it first came in
            (doc.id, doc.source, doc.url, _storable(doc.title), doc.lang, doc.published, doc.kind,
             zlib.compress(doc.raw) if doc.raw else None, _storable(doc.text), digest, now))
        self._db.execute("INSERT INTO document_sources (doc_id, source) VALUES (?, ?) ON CONFLICT DO NOTHING",
                         (doc.id, doc.source))
        self._db.execute(*self.dialect.fts_insert(doc.id, doc.title or "", doc.text))

    def _put_mentions(self, extraction: Extraction, ids: FactIds) -> None:
        """Each locality once (its last mention's names win), then every mention: two statements a
        document, whatever its number of mentions."""
        mentions = _all_mentions(extraction)
        units = {m.key: (m.key, m.name, fold_name(m.name), m.country, m.code, m.current, fold_name(m.current),
                         m.level) for m in mentions}
        # An unchanged locality is not rewritten: PostgreSQL would otherwise store a new version of its
        # row for every document that names it.
        self._db.executemany(
            """INSERT INTO localities (key, name, name_fold, country, code, current, current_fold, level)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET name = excluded.name, name_fold = excluded.name_fold,
                 country = excluded.country, code = excluded.code, current = excluded.current,
                 current_fold = excluded.current_fold, level = excluded.level
               WHERE localities.name <> excluded.name OR localities.country <> excluded.country
                 OR COALESCE(localities.code, '') <> COALESCE(excluded.code, '')
                 OR localities.current <> excluded.current OR localities.level <> excluded.level""",
            list(units.values()))
        self._db.executemany(
            "INSERT INTO mentions (fid, doc_id, locality_key, char_start, char_end, surface) VALUES (?, ?, ?, ?, ?, ?)",
            [(ids.make("locality", {"key": m.key}), extraction.document.id, m.key, m.start, m.end, m.surface)
             for m in mentions])

    def _put_facts(self, extraction: Extraction, ids: FactIds) -> None:
        doc_id = extraction.document.id
        run = self._db.executemany

        def fid(kind: str, fact: Any, **row: Any) -> str:
            return ids.make(kind, row, [s.start for s in fact.evidence])

        run("INSERT INTO ties (fid, doc_id, vn, vn_fold, jp, jp_fold, kind, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(fid("tie", t, vn=t.vn, jp=t.jp), doc_id, t.vn, fold_name(t.vn), t.jp, fold_name(t.jp), t.kind,
              _spans_json(t.evidence)) for t in extraction.ties])
        run("""INSERT INTO events (fid, doc_id, type, date, end_date, place, place_fold, evidence)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [(fid("event", e, type=e.type), doc_id, e.type, e.date, e.end, e.place, _fold_or_none(e.place),
              _spans_json(e.evidence)) for e in extraction.events])
        run("""INSERT INTO people (fid, doc_id, name, role, locality, locality_fold, organization, evidence)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [(fid("person", p, name=p.name), doc_id, p.name, p.role, p.locality, _fold_or_none(p.locality),
              p.organization, _spans_json(p.evidence)) for p in extraction.people])
        run("INSERT INTO organizations (fid, doc_id, name, evidence) VALUES (?, ?, ?, ?)",
            [(fid("organization", o, name=o.name), doc_id, o.name, _spans_json(o.evidence))
             for o in extraction.organizations])
        run("INSERT INTO figures (fid, doc_id, value, unit, about, evidence) VALUES (?, ?, ?, ?, ?, ?)",
            [(fid("figure", f, value=f.value, unit=f.unit), doc_id, f.value, f.unit, f.about,
              _spans_json(f.evidence)) for f in extraction.figures])
        run("INSERT INTO sectors (doc_id, sector) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(doc_id, s) for s in extraction.sectors])

    # -- documents ----------------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def document(self, doc_id: str) -> DocumentRow | None:
        row = self._db.execute(f"SELECT {_DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?",
                               (doc_id,)).fetchone()
        return DocumentRow(**dict(row)) if row else None

    def raw(self, doc_id: str) -> bytes | None:
        row = self._db.execute("SELECT raw FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return zlib.decompress(row["raw"]) if row["raw"] else b""

    def document_ids(self, since: str | None = None) -> list[str]:
        """Ids of the stored documents in the order they first came in (optionally since a date)."""
        where, params = ("WHERE ingested_at >= ?", [since]) if since else ("", [])
        sql = f"SELECT id FROM documents {where} ORDER BY {self.dialect.rowid}"
        return [r[0] for r in self._db.execute(sql, params)]

    def delete(self, doc_id: str) -> None:
        """Remove a document with its facts and its rows in the clusters (events it leaves empty
        go too). kizuna.cluster.remove_document also gives the events it leaves their type, date
        and place again from the reports left."""
        with self.atomic():
            tables = self.clusters
            for event_id in tables.forget(doc_id):
                if tables.is_empty(event_id):
                    tables.drop_event(event_id)
            self._delete_facts(doc_id)
            self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def documents(self, limit: int | None = None) -> list[DocumentRow]:
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents d ORDER BY d.published DESC, d.id"
                                + _limit(limit)).fetchall()
        return [DocumentRow(**dict(r)) for r in rows]

    # -- localities and mentions --------------------------------------------------------------

    def localities(self, country: str | None = None) -> list[LocalityRow]:
        where, params = ("WHERE l.country = ? AND ", [country.upper()]) if country else ("WHERE ", [])
        where += not_rejected("m.fid")
        rows = self._db.execute(
            f"""SELECT l.key, l.name, l.country, l.code, l.current, l.level,
                       COUNT(DISTINCT m.doc_id) AS documents, COUNT(m.id) AS mentions
                FROM localities l JOIN mentions m ON m.locality_key = l.key {where}
                GROUP BY l.key ORDER BY documents DESC, mentions DESC, l.name, l.key""", params).fetchall()
        return [LocalityRow(**dict(r)) for r in rows]

    def find_localities(self, name: str) -> list[LocalityRow]:
        folded = fold_name(name)
        rows = self._db.execute(
            """SELECT l.key, l.name, l.country, l.code, l.current, l.level,
                      COUNT(DISTINCT m.doc_id) AS documents, COUNT(m.id) AS mentions
               FROM localities l LEFT JOIN mentions m ON m.locality_key = l.key
               WHERE l.name_fold = ? OR l.current_fold = ? GROUP BY l.key ORDER BY l.name, l.key""",
            (folded, folded)).fetchall()
        return [LocalityRow(**dict(r)) for r in rows]

    def locality_documents(self, names: Iterable[str], keys: Iterable[str] = ()) -> list[DocumentRow]:
        where, params = _locality_filter(names, keys)
        where += f" AND {not_rejected('m.fid')}"
        rows = self._db.execute(
            f"""SELECT {_DOC_COLUMNS}, COUNT(m.id) AS mentions
                FROM documents d JOIN mentions m ON m.doc_id = d.id
                JOIN localities l ON l.key = m.locality_key {where}
                GROUP BY d.id ORDER BY d.published DESC, d.id""", params).fetchall()
        return [DocumentRow(**dict(r)) for r in rows]

    def mentions_of(self, names: Iterable[str], keys: Iterable[str] = (),
                    limit: int | None = None) -> list[MentionRow]:
        where, params = _locality_filter(names, keys)
        where += f" AND {not_rejected('m.fid')}"
        rows = self._db.execute(
            f"""SELECT m.doc_id, l.key, l.name, l.current, m.char_start, m.char_end, m.surface,
                       d.title, d.published
                FROM mentions m JOIN localities l ON l.key = m.locality_key
                JOIN documents d ON d.id = m.doc_id {where}
                ORDER BY d.published DESC, m.doc_id, m.char_start, m.id""" + _limit(limit), params).fetchall()
        texts = self._texts({r["doc_id"] for r in rows})
        splits = {doc_id: sentences(text) for doc_id, text in texts.items()}
        return [MentionRow(doc_id=r["doc_id"], key=r["key"], name=r["name"], current=r["current"],
                           start=r["char_start"], end=r["char_end"], surface=r["surface"],
                           sentence=_sentence(texts[r["doc_id"]], splits[r["doc_id"]], r["char_start"]),
                           title=r["title"], published=r["published"]) for r in rows]

    # -- search -------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        terms = fulltext.parse_query(query)
        if not terms:
            return []
        dialect = self.dialect
        match = dialect.fts_query(terms)
        rows = self._db.execute(
            f"""SELECT d.id, d.source, d.title, d.published, d.url, d.text, {dialect.fts_rank} AS score
                FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id
                WHERE {dialect.fts_match} ORDER BY score, documents_fts.{dialect.rowid} LIMIT ?""",
            [match] * dialect.fts_rank_params + [match, limit]).fetchall()
        hits = []
        for r in rows:
            text, marks = fulltext.snippet(r["text"], terms)
            hits.append(SearchHit(doc_id=r["id"], source=r["source"], title=r["title"],
                                  published=r["published"], url=r["url"], snippet=text, marks=marks,
                                  score=-float(r["score"])))
        return hits

    # -- facts --------------------------------------------------------------------------------

    def ties(self, names: Names = None) -> list[TieRow]:
        where, params = _name_filter(names, "f.vn_fold", "f.jp_fold")
        rows = self._facts("f.vn, f.jp, f.kind", "ties", where, params,
                           "ORDER BY f.vn, f.jp, d.published DESC, f.id")
        return [TieRow(vn=r["vn"], jp=r["jp"], kind=r["kind"], **self._common(r)) for r in rows]

    def events(self, names: Names = None, since: str | None = None) -> list[EventRow]:
        # An event of a locality: held there, or reported by a document that mentions it.
        where, params = _name_filter(names, "f.place_fold", mentioned_by="f.doc_id")
        date = reviewed(self._db, "event", "date", "f.date")   # the date people corrected, if they did
        if since:
            where += (" AND " if where else "WHERE ") + f"{date} >= ?"
            params.append(since)
        rows = self._facts("f.type, f.date, f.end_date, f.place", "events", where, params,
                           f"ORDER BY {date} IS NULL, {date}, d.published, f.id")
        return [EventRow(type=r["type"], date=r["date"], end=r["end_date"], place=r["place"],
                         **self._common(r)) for r in rows]

    def people(self, names: Names = None) -> list[PersonRow]:
        where, params = "", []
        if names is not None:   # the locality people corrected a person to, where they did
            test, params = folded_in(self._db, "person", "locality", "f.locality_fold", "f.fid", _folds(names))
            where = f"WHERE {test}"
        rows = self._facts("f.name, f.role, f.locality, f.organization", "people", where, params,
                           "ORDER BY f.locality, f.name, f.id")
        return [PersonRow(name=r["name"], role=r["role"], locality=r["locality"],
                          organization=r["organization"], **self._common(r)) for r in rows]

    def organizations(self, names: Names = None) -> list[OrganizationRow]:
        where, params = _name_filter(names, mentioned_by="f.doc_id")
        rows = self._facts("f.name", "organizations", where, params, "ORDER BY f.name, f.id")
        return [OrganizationRow(name=r["name"], **self._common(r)) for r in rows]

    def figures(self, names: Names = None) -> list[FigureRow]:
        # Figures name no locality: those of a locality are the ones its documents report.
        where, params = _name_filter(names, mentioned_by="f.doc_id")
        rows = self._facts("f.value, f.unit, f.about", "figures", where, params,
                           "ORDER BY d.published DESC, f.unit, f.value DESC, f.id")
        return [FigureRow(value=_number(r["value"]), unit=r["unit"], about=r["about"], **self._common(r))
                for r in rows]

    def sectors_of(self, names: Names = None) -> list[SectorCount]:
        where, params = _name_filter(names, mentioned_by="f.doc_id")
        rows = self._db.execute(
            f"""SELECT f.sector, COUNT(DISTINCT f.doc_id) AS documents FROM sectors f {where}
                GROUP BY f.sector ORDER BY documents DESC, f.sector""", params).fetchall()
        return [SectorCount(sector=r["sector"], documents=r["documents"]) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {"documents": self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]}
        out["localities"] = self._db.execute(
            "SELECT COUNT(DISTINCT locality_key) FROM mentions").fetchone()[0]
        for table in FACT_TABLES:
            out[table] = self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def _facts(self, columns: str, table: str, where: str, params: Sequence[Any], order: str) -> list[Any]:
        """The rows of a fact table people did not reject, as dicts with their corrections applied."""
        where = f"{where} AND {not_rejected('f.fid')}" if where else f"WHERE {not_rejected('f.fid')}"
        rows = self._db.execute(
            f"""SELECT {columns}, f.fid, f.doc_id, f.evidence, d.title, d.published, d.source
                FROM {table} f JOIN documents d ON d.id = f.doc_id {reviewed_join('f.fid')} {where} {order}""",
            params).fetchall()
        out = [dict(zip(r.keys(), r)) for r in rows]
        said = standing(self, [r["fid"] for r in out])
        if said:
            kind = _KIND_OF_TABLE[table]
            for r in out:
                if r["fid"] in said:
                    r.update(corrected_columns(kind, r, said[r["fid"]]))
        return out

    def _common(self, row: Any) -> dict[str, Any]:
        return {"doc_id": row["doc_id"], "evidence": self._evidence(row["doc_id"], row["evidence"]),
                "title": row["title"], "published": row["published"], "source": row["source"]}

    def _evidence(self, doc_id: str, spans_json: str) -> tuple[Evidence, ...]:
        spans = json.loads(spans_json)
        if not spans:
            return ()
        # substr() counts characters, as Python does: one small query per fact, no whole texts.
        out = []
        for s in spans:
            row = self._db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                   (s["start"] + 1, s["end"] - s["start"], doc_id)).fetchone()
            out.append(Evidence(start=s["start"], end=s["end"], text=row[0] if row else ""))
        return tuple(out)

    def _texts(self, doc_ids: set[str]) -> dict[str, str]:
        ids = sorted(doc_ids)
        if not ids:
            return {}   # and no empty IN (), which PostgreSQL refuses
        rows = self._db.execute(f"SELECT id, text FROM documents WHERE id IN ({_marks(ids)})", ids)
        return {r["id"]: r["text"] for r in rows}


# -- helpers -------------------------------------------------------------------------------------

def _all_mentions(extraction: Extraction) -> list[Mention]:
    """The linker's mentions, plus the evidence of any locality that came without them
    (an extraction built by hand or by another tool), under a key made from its name."""
    mentions = list(extraction.mentions)
    covered = {fold_name(m.name) for m in mentions}
    text = extraction.document.text
    for loc in extraction.localities:
        if fold_name(loc.name) in covered:
            continue
        key = f"{loc.country}:{fold_name(loc.name).replace(' ', '-')}"
        mentions += [Mention(start=s.start, end=s.end, surface=text[s.start:s.end], key=key, name=loc.name,
                             country=loc.country, code=loc.code, current=loc.current, level="unknown")
                     for s in loc.evidence]
    return mentions


def _digest(extraction: Extraction) -> str:
    """A fingerprint of everything stored for a document, to tell "unchanged" from "updated".

    Where it was read from (source, url) is left out: the same text found under two paths would
    otherwise be "updated" back and forth on every run, never "unchanged"."""
    payload = extraction.to_json(with_text=False)
    del payload["source"], payload["url"]
    payload["kind"] = extraction.document.kind
    payload["mentions"] = [[m.start, m.end, m.key, m.current] for m in extraction.mentions]
    return hashlib.sha1(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _storable(text: str | None) -> str | None:
    """The text with any NUL character as U+FFFD: PostgreSQL's text cannot hold NUL (a JSON record
    may carry one), and one character for one keeps every offset. Done on both backends alike."""
    return text.replace("\x00", "\ufffd") if text and "\x00" in text else text


def _spans_json(spans: Iterable[Span]) -> str:
    return json.dumps([{"start": s.start, "end": s.end} for s in spans])


def _fold_or_none(name: str | None) -> str | None:
    return fold_name(name) if name else None


def _folds(names: Iterable[str]) -> list[str]:
    return sorted({fold_name(n) for n in names if n and n.strip()}) or [""]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit is not None else ""


def _name_filter(names: Names, *columns: str, mentioned_by: str | None = None) -> tuple[str, list[Any]]:
    """A WHERE clause keeping rows whose name columns (folded) are among `names`, or whose
    document mentions one of them; no clause at all when `names` is None."""
    if names is None:
        return "", []
    folds = _folds(names)
    tests, params = [], []
    for column in columns:
        tests.append(f"{column} IN ({_marks(folds)})")
        params += folds
    if mentioned_by:
        tests.append(f"""{mentioned_by} IN (SELECT m.doc_id FROM mentions m JOIN localities l
                         ON l.key = m.locality_key WHERE l.name_fold IN ({_marks(folds)}))""")
        params += folds
    return "WHERE (" + " OR ".join(tests) + ")", params


def _locality_filter(names: Iterable[str], keys: Iterable[str]) -> tuple[str, list[str]]:
    """Mentions of the units with these keys when any is stored, else of the units with these names:
    a key tells the old Tây Ninh from today's, a name cannot."""
    keys = sorted(set(keys))
    if keys:
        return f"WHERE l.key IN ({_marks(keys)})", keys
    folds = _folds(names)
    return f"WHERE l.name_fold IN ({_marks(folds)})", folds


def _sentence(text: str, spans: list[Span], offset: int) -> str:
    span = sentence_of(spans, offset)
    start, end = (span.start, span.end) if span else (max(0, offset - 80), min(len(text), offset + 80))
    if end - start > _SENTENCE_MAX:   # a "sentence" without stops (a list, a page): keep the middle
        start = max(start, offset - _SENTENCE_MAX // 2)
        end = min(end, start + _SENTENCE_MAX)
    return " ".join(text[start:end].split())


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value

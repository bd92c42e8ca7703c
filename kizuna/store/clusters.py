"""The SQL of clustering: the rows kizuna.cluster asks for and writes, and the events people read.

kizuna.cluster decides (which stored report a new one copies, which event it joins, what an
event's type and date are); this module only persists and answers. Writing: raw candidate
queries (`copy_candidates`, `hits_near`, `hits_at`, `members_by_id`, `members_of`), the writes a placement
is made of (`put_signature`, `put_duplicate`, `put_event`, `put_member`, `set_occasion`,
`update_event`), `forget` (a document taken out before it is placed again), `drop_event` and
`reset`. Reading: `events` and `event` build ClusterRow values.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from ..text import fold_name
from .base import (ClusterRow, ClusterSource, CopyCandidate, DayWindow, EventHead, MemberHit, MemberRow, Names,
                   PlaceKey)
from .curation import CLUSTER, corrected, not_hidden_cluster, reviewed, reviewed_join, standing

TIE_STRENGTH = ("agreement", "visit", "meeting", "proposed", "existing")   # the contract's order, strongest first
BATCH = 500   # ids per IN (...) list (SQLite allows 32,766 parameters; smaller lists plan better)
# Candidate rows read per locality name and side of the report's day (see hits_near): far above
# what real news puts at one place within a fortnight, so it binds only in a crowded store.
SCAN_PER_NAME = 512

_MEMBER_COLUMNS = "m.id, m.cluster_id, m.features, m.headline, s.signature"


class ClusterTables:
    """Writes and reads of the cluster tables (the store hands its connection)."""

    def __init__(self, db: Any) -> None:
        self._db = db

    # -- candidate queries (raw rows; kizuna.cluster decodes them) -----------------------------

    def copy_candidates(self, band_keys: Sequence[int], per_band: int, limit: int) -> list[CopyCandidate]:
        """Documents sharing the most of these LSH band keys, the first `limit` (in doc_id order).
        At most `per_band` documents are read from each band (the first by doc_id, on both
        backends): a band shared by more is boilerplate, and reading all of it would make this
        lookup grow with the store."""
        if not band_keys:
            return []
        bands = " UNION ALL ".join(
            f"SELECT * FROM (SELECT doc_id FROM minhash_bands WHERE key = ? ORDER BY doc_id LIMIT {int(per_band)})"
            f" AS b{k}" for k in range(len(band_keys)))
        rows = self._db.execute(
            f"""SELECT s.doc_id, s.lang, s.signature FROM minhashes s JOIN (
                    SELECT doc_id, count(*) AS hits FROM ({bands}) AS u GROUP BY doc_id
                    ORDER BY hits DESC, doc_id LIMIT {int(limit)}) AS c ON c.doc_id = s.doc_id
                ORDER BY s.doc_id""",
            list(band_keys)).fetchall()
        return [CopyCandidate(r["doc_id"], r["lang"], r["signature"]) for r in rows]

    def original_of(self, doc_id: str) -> str:
        row = self._db.execute("SELECT original FROM duplicates WHERE doc_id = ?", (doc_id,)).fetchone()
        return row["original"] if row else doc_id

    def event_of(self, doc_id: str) -> str | None:
        """The event a stored document's headline event belongs to."""
        row = self._db.execute("SELECT cluster_id FROM cluster_documents WHERE doc_id = ? AND headline = 1",
                               (doc_id,)).fetchone()
        return row["cluster_id"] if row else None

    def hits_near(self, names: Sequence[str], windows: Sequence[DayWindow], day: int, limit: int) -> list[MemberHit]:
        """Reports indexed under one of `names` within one of the day windows, ranked: those under
        the most of the names first, then those whose first day is nearest `day`, then the most
        recent; the first `limit`. Ids and event ids only: the caller chooses whose features to read.

        Each name's rows are read nearest `day` first and at most SCAN_PER_NAME on each side of it
        (an index range scan that stops): however many reports a crowded window holds, a look-up
        reads a bounded number of rows, so storing does not slow down as the store fills."""
        selects, params = [], []
        for name in names:
            for window in windows:
                base = "SELECT member_id, day_start FROM cluster_places WHERE name = ? AND dated = ?" \
                       " AND day_start BETWEEN ? AND ? AND day_end >= ?"
                before = (window.first_from, min(window.first_to, day))
                after = (max(window.first_from, day + 1), window.first_to)
                for (first, last), order in ((before, "DESC"), (after, "ASC")):
                    if first > last:
                        continue
                    selects.append(f"SELECT member_id, day_start FROM ({base} ORDER BY day_start {order},"
                                   f" member_id {order} LIMIT {SCAN_PER_NAME}) AS s{len(selects)}")
                    params += [name, window.dated, first, last, window.last_from]
        if not selects:
            return []
        return self._hits(" UNION ALL ".join(selects), params, day, limit)

    def hits_at(self, names: Sequence[str], limit: int, dated: int | None = None) -> list[MemberHit]:
        """Reports indexed under one of `names` (only those with this `dated` code, when given),
        ranked: those under the most of the names first, then the most recent; the first `limit`.
        At most SCAN_PER_NAME rows of each name are read, the latest days first."""
        if not names:
            return []
        selects, params = [], []
        for name in names:
            where, args = "name = ?", [name]
            if dated is not None:
                where += " AND dated = ?"
                args.append(dated)
            selects.append(f"SELECT member_id, day_start FROM (SELECT member_id, day_start FROM cluster_places"
                           f" WHERE {where} ORDER BY dated DESC, day_start DESC, member_id DESC"
                           f" LIMIT {SCAN_PER_NAME}) AS s{len(selects)}")
            params += args
        return self._hits(" UNION ALL ".join(selects), params, None, limit)

    def _hits(self, places_sql: str, params: Sequence[Any], day: int | None, limit: int) -> list[MemberHit]:
        gap = "0" if day is None else f"min(abs(p.day_start - {int(day)}))"
        rows = self._db.execute(
            f"""SELECT p.member_id, m.cluster_id, count(*) AS hits, {gap} AS gap
                FROM ({places_sql}) AS p JOIN cluster_documents m ON m.id = p.member_id
                GROUP BY p.member_id, m.cluster_id ORDER BY hits DESC, gap, p.member_id DESC
                LIMIT {int(limit)}""", params).fetchall()
        return [MemberHit(int(r[0]), r[1], int(r[2]), int(r[3])) for r in rows]

    def members_by_id(self, member_ids: Sequence[int]) -> list[MemberRow]:
        """These reports with their features and signatures, the most recent first."""
        out: list[MemberRow] = []
        for start in range(0, len(member_ids), BATCH):
            chunk = list(member_ids[start:start + BATCH])
            out += [_member(r) for r in self._db.execute(
                f"""SELECT {_MEMBER_COLUMNS} FROM cluster_documents m LEFT JOIN minhashes s ON s.doc_id = m.doc_id
                    WHERE m.id IN ({_marks(chunk)})""", chunk).fetchall()]
        return sorted(out, key=lambda r: -r.member_id)

    def members_of(self, cluster_id: str) -> list[MemberRow]:
        """Every report of one event, in the order they joined (without signatures: what an
        event is needs only the features)."""
        rows = self._db.execute(
            """SELECT m.id, m.cluster_id, m.features, m.headline, NULL AS signature FROM cluster_documents m
               WHERE m.cluster_id = ? ORDER BY m.id""", (cluster_id,)).fetchall()
        return [_member(r) for r in rows]

    def is_empty(self, cluster_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM cluster_documents WHERE cluster_id = ?",
                                (cluster_id,)).fetchone() is None

    # -- writing (what kizuna.cluster decided) --------------------------------------------------

    def put_signature(self, doc_id: str, lang: str, signature: bytes, band_keys: Iterable[int]) -> None:
        self._db.execute("INSERT INTO minhashes (doc_id, lang, signature) VALUES (?, ?, ?) ON CONFLICT (doc_id)"
                         " DO UPDATE SET lang = excluded.lang, signature = excluded.signature",
                         (doc_id, lang, signature))
        self._db.executemany("INSERT INTO minhash_bands (key, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             [(key, doc_id) for key in band_keys])

    def put_duplicate(self, doc_id: str, original: str, similarity: float) -> None:
        self._db.execute("INSERT INTO duplicates (doc_id, original, similarity) VALUES (?, ?, ?)"
                         " ON CONFLICT (doc_id) DO UPDATE SET original = excluded.original,"
                         " similarity = excluded.similarity", (doc_id, original, similarity))

    def put_event(self, event_id: str, head: EventHead) -> None:
        """A new event (or one whose id is given back to the document that made it)."""
        self._db.execute(
            "INSERT INTO event_clusters (id, type, date, end_date, place, place_fold, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type,"   # a reused id
            " date = excluded.date, end_date = excluded.end_date, place = excluded.place,"
            " place_fold = excluded.place_fold",
            (event_id, head.type, head.date, head.end, head.place, _fold_or_none(head.place),
             datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def update_event(self, event_id: str, head: EventHead) -> None:
        self._db.execute("UPDATE event_clusters SET type = ?, date = ?, end_date = ?, place = ?, place_fold = ?"
                         " WHERE id = ?",
                         (head.type, head.date, head.end, head.place, _fold_or_none(head.place), event_id))

    def put_member(self, event_id: str, doc_id: str, headline: bool, score: float | None, features: str,
                   places: Iterable[PlaceKey]) -> int:
        """A report of an event, with the rows that find it by place and day; returns its member id."""
        member_id = self._db.execute(
            "INSERT INTO cluster_documents (cluster_id, doc_id, headline, score, features) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id", (event_id, doc_id, int(headline), score, features)).fetchone()[0]
        self._db.executemany(
            "INSERT INTO cluster_places (name, dated, day_start, day_end, member_id)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(p.name, p.dated, p.day_start, p.day_end, member_id) for p in places])
        return int(member_id)

    def set_occasion(self, event_id: str, occasion: str) -> None:
        """The first occasion found stays (later reports do not move an event); never itself."""
        if event_id != occasion:
            self._db.execute("UPDATE event_clusters SET occasion = ? WHERE id = ? AND occasion IS NULL",
                             (occasion, event_id))

    def forget(self, doc_id: str) -> dict[str, bool]:
        """Take a document out of every cluster (before it is placed again, or removed). Returns
        the events it was in ({id: as headline}); those left empty stay until `drop_event`, so
        that placing the document again can give them back their ids."""
        rows = self._db.execute("SELECT id, cluster_id, headline FROM cluster_documents WHERE doc_id = ?",
                                (doc_id,)).fetchall()
        touched = {r[1]: bool(r[2]) for r in rows}
        # A document never placed has no rows to delete (every row below comes with its signature):
        # one lookup instead of five deletes for each new document.
        signed = self._db.execute("SELECT 1 FROM minhashes WHERE doc_id = ?", (doc_id,)).fetchone()
        if not touched and signed is None:
            return touched
        for table in ("cluster_documents", "duplicates", "minhash_bands", "minhashes"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM duplicates WHERE original = ?", (doc_id,))
        return touched

    def absorb(self, into: str, other: str) -> None:
        """Move the reports of event `other` into event `into` and drop `other` (a report that is
        in both already keeps its row in `into`); what `other` was the occasion of points at `into`."""
        self._db.execute("DELETE FROM cluster_documents WHERE cluster_id = ? AND doc_id IN"
                         " (SELECT doc_id FROM cluster_documents WHERE cluster_id = ?)", (other, into))
        self._db.execute("UPDATE cluster_documents SET cluster_id = ? WHERE cluster_id = ?", (into, other))
        self._db.execute("UPDATE event_clusters SET occasion = NULL WHERE id = ? AND occasion = ?", (into, other))
        self._db.execute("UPDATE event_clusters SET occasion = ? WHERE occasion = ?", (into, other))
        self._db.execute("UPDATE event_clusters SET occasion = COALESCE(occasion,"
                         " (SELECT occasion FROM event_clusters WHERE id = ? AND occasion <> ?)) WHERE id = ?",
                         (other, into, into))
        self._db.execute("DELETE FROM event_clusters WHERE id = ?", (other,))

    def is_reviewed(self, cluster_id: str) -> bool:
        """Has anyone reviewed this event across documents (merged, split, corrected it)?"""
        return self._db.execute("SELECT 1 FROM reviews WHERE fact_id = ? LIMIT 1", (cluster_id,)).fetchone() \
            is not None

    def drop_event(self, cluster_id: str) -> None:
        self._db.execute("DELETE FROM event_clusters WHERE id = ?", (cluster_id,))

    def reset(self) -> None:
        """Empty every cluster table (before a full re-clustering)."""
        for table in ("cluster_places", "cluster_documents", "event_clusters", "duplicates", "minhash_bands",
                      "minhashes"):
            self._db.execute(f"DELETE FROM {table}")

    # -- reading ------------------------------------------------------------------------------

    def events(self, names: Names = None, since: str | None = None, until: str | None = None,
               type: str | None = None, limit: int | None = None, offset: int = 0) -> list[ClusterRow]:
        """Events as people left them: those rejected or merged into another left out, corrections
        applied (to what is shown, filtered and ordered)."""
        dialect = self._db.dialect
        own = {column: reviewed(self._db, CLUSTER, field, f"c.{column}")
               for field, column in (("type", "type"), ("date", "date"), ("end", "end_date"), ("place", "place"))}
        where, params = [not_hidden_cluster(dialect, "c.id")], []
        if names is not None:
            folds = [fold_name(n) for n in names] or [""]   # never an empty IN (): PostgreSQL refuses it
            where.append(f"""(c.place_fold IN ({_marks(folds)}) OR c.id IN (
                SELECT m.cluster_id FROM cluster_documents m JOIN cluster_places p ON p.member_id = m.id
                JOIN localities l ON l.name = p.name
                WHERE l.name_fold IN ({_marks(folds)}) OR l.current_fold IN ({_marks(folds)})))""")
            params += folds * 3
        if since:
            where.append(f"{own['date']} >= ?")
            params.append(since)
        if until:
            where.append(f"{own['date']} <= ?")
            params.append(until + "\uffff")
        if type:
            where.append(f"{own['type']} = ?")
            params.append(type)
        columns = ", ".join(f"{expression} AS {column}" for column, expression in own.items())
        sql = (f"SELECT c.id, c.occasion, {columns} FROM event_clusters c {reviewed_join('c.id')}"
               f" WHERE {' AND '.join(where)} ORDER BY {own['date']} DESC NULLS LAST, c.id")
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._rows(self._db.execute(sql, params).fetchall())

    def event(self, cluster_id: str) -> ClusterRow | None:
        found = self.by_ids([cluster_id])
        return found[0] if found else None

    def by_ids(self, cluster_ids: Sequence[str]) -> list[ClusterRow]:
        """These events (those stored, in this order) with their merged people, ties and figures,
        read in a few batched queries however many there are."""
        rows: dict[str, Any] = {}
        for start in range(0, len(cluster_ids), BATCH):
            chunk = list(cluster_ids[start:start + BATCH])
            rows |= {r["id"]: r for r in self._db.execute(
                f"SELECT * FROM event_clusters WHERE id IN ({_marks(chunk)})", chunk)}
        return self._rows([rows[i] for i in cluster_ids if i in rows], detail=True)

    def copies(self, doc_id: str) -> list[tuple[str, float]]:
        """Near-duplicates of a document (its copies, or its original and the original's copies)."""
        original = self.original_of(doc_id)
        rows = self._db.execute(
            "SELECT doc_id, similarity FROM duplicates WHERE original = ? AND doc_id != ?"
            " UNION SELECT original, similarity FROM duplicates WHERE doc_id = ?",
            (original, doc_id, doc_id)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def _rows(self, rows: Sequence[Any], detail: bool = False) -> list[ClusterRow]:
        """ClusterRows for event rows: their documents and parts read in a few batched queries."""
        members: dict[str, list[Any]] = {}
        parts: dict[str, list[str]] = {}
        also: dict[str, list[str]] = {}
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            for m in self._db.execute(
                    f"""SELECT m.cluster_id, m.headline, m.features, d.id, d.source, d.title, d.lang, d.published,
                               d.url, dup.original FROM cluster_documents m JOIN documents d ON d.id = m.doc_id
                        LEFT JOIN duplicates dup ON dup.doc_id = d.id
                        WHERE m.cluster_id IN ({_marks(chunk)}) ORDER BY m.headline DESC, d.published, m.id""",
                    chunk):
                members.setdefault(m["cluster_id"], []).append(m)
            for p in self._db.execute(f"SELECT occasion, id FROM event_clusters WHERE occasion IN ({_marks(chunk)})"
                                      " ORDER BY date, id", chunk):
                parts.setdefault(p["occasion"], []).append(p["id"])
            for a in self._db.execute(
                    f"""SELECT s.doc_id, s.source FROM document_sources s JOIN documents d ON d.id = s.doc_id
                        JOIN cluster_documents m ON m.doc_id = s.doc_id
                        WHERE m.cluster_id IN ({_marks(chunk)}) AND s.source != d.source
                        GROUP BY s.doc_id, s.source ORDER BY s.source""", chunk):
                also.setdefault(a["doc_id"], []).append(a["source"])
        # Facts of every headline report at once (a copy's are skipped later, in _row).
        facts = self._fact_rows([m["id"] for ms in members.values() for m in ms if m["headline"]]) if detail \
            else None
        return [self._row(r, members.get(r["id"], []), parts.get(r["id"], []), also, facts) for r in rows]

    def _fact_rows(self, doc_ids: Sequence[str]) -> dict[str, list[Any]]:
        """The people, ties and figures of these documents, by table, each in the order stored."""
        out: dict[str, list[Any]] = {table: [] for table in _FACT_SELECTS}
        ids = sorted(set(doc_ids))
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            for table, select in _FACT_SELECTS.items():
                out[table] += self._db.execute(f"{select} WHERE doc_id IN ({_marks(chunk)})", chunk).fetchall()
        for table, rows in out.items():
            out[table] = _as_reviewed(self, _FACT_KIND[table], rows)
            out[table].sort(key=lambda r: r["id"])
        return out

    def _row(self, row: Any, members: list[Any], parts: list[str], also: dict[str, list[str]],
             facts: dict[str, list[Any]] | None) -> ClusterRow:
        reports = [m for m in members if m["headline"]] or members   # an occasion may have no report of its own
        localities = Counter(name for m in reports for name in json.loads(m["features"])["localities"])
        sources = tuple(ClusterSource(doc_id=m["id"], source=m["source"], title=m["title"], lang=m["lang"],
                                      published=m["published"], url=m["url"], headline=bool(m["headline"]),
                                      duplicate_of=m["original"], also=tuple(also.get(m["id"], ())))
                        for m in members)
        # Facts merged over the event's reports; a copy's facts are its original's, not counted again.
        reporting = {s.doc_id for s in sources if s.headline and s.duplicate_of is None}
        own = {table: [r for r in rows if r["doc_id"] in reporting] for table, rows in (facts or {}).items()}
        return ClusterRow(id=row["id"], type=row["type"], date=row["date"], end=row["end_date"], place=row["place"],
                          occasion=row["occasion"], localities=tuple(n for n, _ in localities.most_common()),
                          parts=tuple(parts), documents=sources, people=_people(own.get("people", [])),
                          ties=_ties(own.get("ties", [])), figures=_figures(own.get("figures", [])))


# What an event's reports say, merged: the rows read for it by ClusterTables._fact_rows.
_FACT_SELECTS = {"people": "SELECT id, fid, doc_id, name, role, locality FROM people",
                 "ties": "SELECT id, fid, doc_id, vn, jp, kind FROM ties",
                 "figures": "SELECT id, fid, doc_id, value, unit, about FROM figures"}
_FACT_KIND = {"people": "person", "ties": "tie", "figures": "figure"}


def _as_reviewed(tables: ClusterTables, kind: str, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Fact rows as people left them: the rejected left out, corrections applied."""
    said = standing(tables, [r["fid"] for r in rows if r["fid"]])   # reads tables._db, as a store's
    out = []
    for row in rows:
        fields = dict(zip(row.keys(), row))
        verdict = said.get(fields["fid"])
        if verdict is not None and verdict.rejected:
            continue
        out.append(corrected(kind, fields, verdict)[0] if verdict is not None else fields)
    return out


def _ties(rows: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """Pairs named by the event's reports, each with the strongest kind any report gives."""
    def stronger(entry: dict[str, Any], row: Any) -> None:
        if TIE_STRENGTH.index(row["kind"]) < TIE_STRENGTH.index(entry["kind"]):
            entry["kind"] = row["kind"]
    return _merged(rows, key=lambda r: (r["vn"], r["jp"]),
                   first=lambda r: {"vn": r["vn"], "jp": r["jp"], "kind": r["kind"]}, update=stronger)


def _figures(rows: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """Amounts and counts reported for the event, one entry per value and unit."""
    return _merged(rows, key=lambda r: (r["value"], r["unit"]),
                   first=lambda r: {"value": int(r["value"]) if float(r["value"]).is_integer() else r["value"],
                                    "unit": r["unit"], "about": r["about"]})


def _people(rows: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """People named by the event's reports, one entry per person (first spelling kept)."""
    return _merged(rows, key=lambda r: " ".join(sorted(fold_name(r["name"]).split())) or r["name"],
                   first=lambda r: {"name": r["name"], "role": r["role"], "locality": r["locality"]})


def _merged(rows: Sequence[Any], key: Callable[[Any], Any], first: Callable[[Any], dict[str, Any]],
            update: Callable[[dict[str, Any], Any], None] | None = None) -> tuple[dict[str, Any], ...]:
    """One entry per `key` over these fact rows (in the order stored), each listing the documents
    that give it (`first` builds an entry from its first row, `update` folds in the others)."""
    merged: dict[Any, dict[str, Any]] = {}
    for row in rows:
        entry = merged.get(key(row))
        if entry is None:
            entry = merged[key(row)] = {**first(row), "documents": []}
        elif update is not None:
            update(entry, row)
        if row["doc_id"] not in entry["documents"]:
            entry["documents"].append(row["doc_id"])
    return tuple(merged.values())


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _member(row: Any) -> MemberRow:
    return MemberRow(member_id=row["id"], cluster_id=row["cluster_id"], features=row["features"],
                     signature=row["signature"], headline=bool(row["headline"]))


def _fold_or_none(name: str | None) -> str | None:
    return fold_name(name) if name else None

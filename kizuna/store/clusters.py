"""The SQL of clustering: the index `kizuna.cluster.place` asks, and the event rows people read.

Writing: `ClusterTables.index` answers the ClusterIndex questions (LSH band lookups, events
near a date at a locality) and `apply` stores a Placement; `forget` takes a document out (before
it is re-extracted); `reset` empties every cluster table (before a full re-clustering).
Reading: `events` and `event` build ClusterRow values.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from ..cluster import DocFeatures, Happening, Join, Placement, minhash
from ..cluster.dates import full, ordinal
from ..text import fold_name
from .base import ClusterRow, ClusterSource, Names
from .curation import CLUSTER, corrected, not_hidden_cluster, reviewed, reviewed_join, standing

# How far around a report's days to look for candidate events: the score decides the exact
# tolerance, these windows only have to include it. Dated events are compared by their days;
# an undated report stands at its publication day, which may come a week after the event.
# Events longer than LONGEST_EVENT days are looked up by their first day only.
TIE_STRENGTH = ("agreement", "visit", "meeting", "proposed", "existing")   # the contract's order, strongest first
BATCH = 500   # ids per IN (...) list (SQLite allows 32,766 parameters; smaller lists plan better)
# Bounds that keep adding a document cheap however crowded the store: a band shared by this many
# documents is boilerplate, not a copy; beyond this many reports near in time and place, the
# most recent are compared.
MAX_COPY_CANDIDATES = 256
MAX_CANDIDATES = 400
ANY_PLACE = "*"   # not a locality name: every member is listed under it too
DAYLESS = 2       # cluster_places.dated for a report that gives no day (no full date nor publication date)
DATED_SLACK = 2
UNDATED_SLACK = 10
LONGEST_EVENT = 14


class ClusterIndex:
    """kizuna.cluster.ClusterIndex over the tables of one store's connection (SQLite or PostgreSQL)."""

    PARSED_CACHE = 50_000   # members whose features stay decoded (reports near in time come back often)

    def __init__(self, db: Any) -> None:
        self._db = db
        self._parsed: dict[int, DocFeatures] = {}   # by member id; a member's features never change
        # (but SQLite gives a deleted member's id to the next one: `forget` and `reset` drop them)

    def clear(self, member_ids: Iterable[int] | None = None) -> None:
        """Forget the decoded features of these members (all when None)."""
        if member_ids is None:
            self._parsed.clear()
        for member_id in member_ids or ():
            self._parsed.pop(member_id, None)

    def near_duplicates(self, features: DocFeatures) -> list[tuple[str, str, Any]]:
        keys = minhash.band_keys(features.signature)
        rows = self._db.execute(
            f"""SELECT s.doc_id, s.lang, s.signature FROM minhashes s
                WHERE s.doc_id IN (SELECT doc_id FROM minhash_bands WHERE key IN ({_marks(keys)})
                                   LIMIT {MAX_COPY_CANDIDATES})""",
            keys).fetchall()
        return [(r["doc_id"], r["lang"], minhash.from_bytes(r["signature"])) for r in rows]

    def original_of(self, doc_id: str) -> str:
        row = self._db.execute("SELECT original FROM duplicates WHERE doc_id = ?", (doc_id,)).fetchone()
        return row["original"] if row else doc_id

    def event_of(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT cluster_id FROM cluster_documents WHERE doc_id = ? AND headline = 1",
                               (doc_id,)).fetchone()
        return row["cluster_id"] if row else None

    def candidates(self, features: DocFeatures) -> list[tuple[str, list[DocFeatures]]]:
        days = day_range(features)
        if days is None:
            return self._by_place_only(features)
        # A report that names no locality the gazetteer knows (a Korean translation) is compared
        # with every report of its days, through the rows every member has under ANY_PLACE.
        names = features.localities or (ANY_PLACE,)
        start, end = days
        # (first day from, first day to, last day from) for dated members, then for undated ones
        if full(features.headline.date):
            dated = (start - DATED_SLACK - LONGEST_EVENT, end + DATED_SLACK, start - DATED_SLACK)
            undated = (start - DATED_SLACK, end + UNDATED_SLACK, start - DATED_SLACK)
        else:
            dated = (start - UNDATED_SLACK - LONGEST_EVENT, end + DATED_SLACK, start - UNDATED_SLACK)
            undated = (start - UNDATED_SLACK, end + UNDATED_SLACK, start - UNDATED_SLACK)
        marks = _marks(names)
        rows = self._db.execute(
            f"""SELECT m.id, m.cluster_id, m.features, s.signature FROM cluster_documents m
                LEFT JOIN minhashes s ON s.doc_id = m.doc_id
                WHERE m.id IN (SELECT member_id FROM cluster_places WHERE name IN ({marks}) AND dated = 1
                                 AND day_start BETWEEN ? AND ? AND day_end >= ?
                               UNION ALL
                               SELECT member_id FROM cluster_places WHERE name IN ({marks}) AND dated = 0
                                 AND day_start BETWEEN ? AND ? AND day_end >= ?)
                ORDER BY m.id DESC LIMIT {MAX_CANDIDATES}""",
            [*names, *dated, *names, *undated]).fetchall()
        # and the reports that give no day at all (no full date, no publication date) at its places
        rows += self._dayless(features.localities)
        return self._grouped(rows)

    def _by_place_only(self, features: DocFeatures) -> list[tuple[str, list[DocFeatures]]]:
        """A report without a full date or publication date ("--11-25" in a translation): every
        report at one of its localities, however dated (the score then asks more evidence)."""
        if not features.localities:
            return []
        marks = _marks(features.localities)
        rows = self._db.execute(
            f"""SELECT m.id, m.cluster_id, m.features, s.signature FROM cluster_documents m
                LEFT JOIN minhashes s ON s.doc_id = m.doc_id
                WHERE m.id IN (SELECT member_id FROM cluster_places WHERE name IN ({marks}))
                ORDER BY m.id DESC LIMIT {MAX_CANDIDATES}""", list(features.localities)).fetchall()
        return self._grouped(rows)

    def _dayless(self, names: Sequence[str]) -> list[Any]:
        if not names:
            return []
        return self._db.execute(
            f"""SELECT m.id, m.cluster_id, m.features, s.signature FROM cluster_documents m
                LEFT JOIN minhashes s ON s.doc_id = m.doc_id
                WHERE m.id IN (SELECT member_id FROM cluster_places WHERE name IN ({_marks(names)}) AND dated = {DAYLESS})
                ORDER BY m.id DESC LIMIT {MAX_CANDIDATES}""", list(names)).fetchall()

    def _grouped(self, rows: Iterable[Any]) -> list[tuple[str, list[DocFeatures]]]:
        grouped: dict[str, list[DocFeatures]] = {}
        seen: set[int] = set()
        for row in rows:
            if row["id"] not in seen:
                seen.add(row["id"])
                grouped.setdefault(row["cluster_id"], []).append(self._features(row))
        return list(grouped.items())

    def _features(self, row: Any) -> DocFeatures:
        found = self._parsed.get(row["id"])
        if found is None:
            if len(self._parsed) >= self.PARSED_CACHE:
                self._parsed.clear()
            signature = minhash.from_bytes(row["signature"]) if row["signature"] else None
            found = self._parsed[row["id"]] = DocFeatures.from_json(row["features"], signature)
        return found


class ClusterTables:
    """Writes and reads of the cluster tables (the store hands its connection)."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self.index = ClusterIndex(db)

    # -- writing ------------------------------------------------------------------------------

    def put_signature(self, features: DocFeatures) -> None:
        self._db.execute("INSERT INTO minhashes (doc_id, lang, signature) VALUES (?, ?, ?) ON CONFLICT (doc_id)"
                         " DO UPDATE SET lang = excluded.lang, signature = excluded.signature",
                         (features.doc_id, features.lang, minhash.to_bytes(features.signature)))
        self._db.executemany("INSERT INTO minhash_bands (key, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             [(key, features.doc_id) for key in minhash.band_keys(features.signature)])

    def apply(self, placement: Placement) -> None:
        """Store where a new document went: its duplicate link, its headline event, its occasions."""
        if placement.duplicate_of is not None:
            self._db.execute("INSERT INTO duplicates (doc_id, original, similarity) VALUES (?, ?, ?)"
                             " ON CONFLICT (doc_id) DO UPDATE SET original = excluded.original,"
                             " similarity = excluded.similarity",
                             (placement.doc_id, placement.duplicate_of, placement.headline.score or 1.0))
        self._join(placement.headline, headline=True)
        event_id = placement.headline.event_id
        for occasion in placement.occasions:
            self._join(occasion, headline=False)
            self._set_occasion(event_id, occasion.event_id)
        if placement.held_by is not None:
            self._set_occasion(event_id, placement.held_by)
        for part in placement.parts:
            self._set_occasion(part, event_id)

    def _set_occasion(self, event_id: str, occasion: str) -> None:
        """The first occasion found stays (later reports do not move an event); never itself."""
        if event_id != occasion:
            self._db.execute("UPDATE event_clusters SET occasion = ? WHERE id = ? AND occasion IS NULL",
                             (occasion, event_id))

    def forget(self, doc_id: str) -> dict[str, bool]:
        """Take a document out of every cluster (before it is placed again). Returns the events it
        was in ({id: as headline}); those left empty stay until `drop_empty`, so that placing the
        document again can give them back their ids."""
        rows = self._db.execute("SELECT id, cluster_id, headline FROM cluster_documents WHERE doc_id = ?",
                                (doc_id,)).fetchall()
        touched = {r[1]: bool(r[2]) for r in rows}
        self.index.clear(r[0] for r in rows)
        # A document never placed has no rows to delete (every row below comes with its signature):
        # one lookup instead of five deletes for each new document.
        signed = self._db.execute("SELECT 1 FROM minhashes WHERE doc_id = ?", (doc_id,)).fetchone()
        if not touched and signed is None:
            return touched
        for table in ("cluster_documents", "duplicates", "minhash_bands", "minhashes"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self._db.execute("DELETE FROM duplicates WHERE original = ?", (doc_id,))
        return touched

    def drop_empty(self, cluster_ids: Iterable[str]) -> None:
        """Delete the events among these that no document belongs to any more; refresh the others."""
        for cluster_id in cluster_ids:
            if self._db.execute("SELECT 1 FROM cluster_documents WHERE cluster_id = ?", (cluster_id,)).fetchone():
                self._refresh(cluster_id)
            else:
                self._db.execute("DELETE FROM event_clusters WHERE id = ?", (cluster_id,))

    def is_empty(self, cluster_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM cluster_documents WHERE cluster_id = ?",
                                (cluster_id,)).fetchone() is None

    def reset(self) -> None:
        self.index.clear()
        for table in ("cluster_places", "cluster_documents", "event_clusters", "duplicates", "minhash_bands",
                      "minhashes"):
            self._db.execute(f"DELETE FROM {table}")

    def _join(self, join: Join, headline: bool) -> None:
        if join.new is not None:
            self._db.execute(
                "INSERT INTO event_clusters (id, type, date, end_date, place, place_fold, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type,"   # a reused id
                " date = excluded.date, end_date = excluded.end_date, place = excluded.place,"
                " place_fold = excluded.place_fold",
                (join.event_id, join.new.type, join.new.date, join.new.end, join.new.place,
                 fold_name(join.new.place) if join.new.place else None,
                 datetime.now(timezone.utc).isoformat(timespec="seconds")))
        member_id = self._db.execute(
            "INSERT INTO cluster_documents (cluster_id, doc_id, headline, score, features) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id",
            (join.event_id, join.features.doc_id, int(headline), join.score, join.features.to_json())).fetchone()[0]
        days = day_range(join.features)
        if days is not None:
            self._db.executemany(
                "INSERT INTO cluster_places (name, dated, day_start, day_end, member_id)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(name, int(full(join.features.headline.date)), days[0], days[1], member_id)
                 for name in (*join.features.localities, ANY_PLACE)])
        else:   # no day known: found by its localities only (never under ANY_PLACE: that is every report)
            self._db.executemany(
                "INSERT INTO cluster_places (name, dated, day_start, day_end, member_id)"
                f" VALUES (?, {DAYLESS}, 0, 0, ?) ON CONFLICT DO NOTHING",
                [(name, member_id) for name in join.features.localities])
        if join.new is None:
            self._refresh(join.event_id)

    def _refresh(self, cluster_id: str) -> None:
        """The event's type, date and place: the most common among its reports (headline ones first)."""
        rows = self._db.execute("SELECT features, headline FROM cluster_documents WHERE cluster_id = ?",
                                (cluster_id,)).fetchall()
        reports = [DocFeatures.from_json(r["features"]).headline for r in rows if r["headline"]] or \
                  [DocFeatures.from_json(r["features"]).headline for r in rows]
        canonical = _canonical(reports)
        self._db.execute("UPDATE event_clusters SET type = ?, date = ?, end_date = ?, place = ?, place_fold = ?"
                         " WHERE id = ?",
                         (canonical.type, canonical.date, canonical.end, canonical.place,
                          fold_name(canonical.place) if canonical.place else None, cluster_id))

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
        original = self.index.original_of(doc_id)
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


def day_range(features: DocFeatures) -> tuple[int, int] | None:
    """The days a report's event covers (its publication day when the event is undated)."""
    event = features.headline
    if full(event.date):
        start = ordinal(event.date)   # type: ignore[arg-type]
        end = ordinal(event.end) if full(event.end) else start   # type: ignore[arg-type]
        return start, max(start, end)
    if full(features.published):
        day = ordinal(features.published)   # type: ignore[arg-type]
        return day, day
    return None


def _canonical(reports: Iterable[Happening]) -> Happening:
    reports = list(reports)
    type_ = Counter(r.type for r in reports).most_common(1)[0][0]
    dated = [(r.date, r.end) for r in reports if full(r.date)] or [(r.date, r.end) for r in reports if r.date]
    date, end = Counter(dated).most_common(1)[0][0] if dated else (None, None)
    places = [r.place for r in reports if r.place]
    return Happening(type_, date, end, Counter(places).most_common(1)[0][0] if places else None)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))

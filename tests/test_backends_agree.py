"""The same corpus gives the same knowledge base on SQLite and PostgreSQL: the bundled samples (and
the shared seed articles, when beside the repository) are ingested into both, and every read the
store, the query layer and the web application's browse layer make is compared.

Only what is the engine's own may differ: when a document was ingested, and full-text scores
(FTS5's bm25 against PostgreSQL's ts_rank: the same documents match, in an order of their own).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kizuna import api, query
from kizuna.store import browse, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "kizuna" / "samples"
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds"
FILTERS = (browse.Filters(), browse.Filters(country="JP"), browse.Filters(since="2025-03", until="2025-11"),
           browse.Filters(localities=("Long An", "Tây Ninh")), browse.Filters(sector="agriculture"),
           browse.Filters(event_type="visit"), browse.Filters(lang="vi"), browse.Filters(localities=("Gunma",)))
QUERIES = ("quang ninh", "Gunma", "群馬", "nông nghiệp", '"long an"', "kyoto hue", "đà nẵng", "osaka")


def plain(value: Any) -> Any:
    """Rows as plain data; what is the engine's own (ingestion time, search score) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in ("ingested_at", "score")}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _doc_id(hit: dict[str, Any]) -> str:
    return str(hit["doc_id"])


@pytest.fixture(scope="module")
def stores(pg_server, tmp_path_factory: pytest.TempPathFactory):
    paths = [SAMPLES] + ([SEEDS] if SEEDS.is_dir() else [])
    opened = {}
    for name, db in (("sqlite", str(tmp_path_factory.mktemp("agree") / "kizuna.db")),
                     ("postgresql", pg_server.new_database())):
        summary = api.ingest(paths, db=db)
        assert summary.new > 10 and not summary.failed, summary.failed
        opened[name] = open_store(db, create=False)
    yield opened
    for store in opened.values():
        store.close()


def both(stores: dict, read: Callable[..., Any], *args: Any) -> tuple[Any, Any]:
    """`read(store, *args)` on each backend, as plain data."""
    return plain(read(stores["sqlite"], *args)), plain(read(stores["postgresql"], *args))


def test_same_documents_ties_localities_and_events(stores) -> None:
    for read in (lambda s: s.counts(), lambda s: s.documents(), lambda s: s.localities(),
                 lambda s: s.localities("VN"), lambda s: s.ties(), lambda s: s.events(),
                 lambda s: s.people(), lambda s: s.organizations(), lambda s: s.figures(),
                 lambda s: s.sectors_of(), lambda s: s.document_ids(), lambda s: s.event_clusters()):
        lite, pg = both(stores, read)
        assert lite == pg
    assert len(stores["sqlite"].ties()) > 5 and len(stores["sqlite"].event_clusters()) > 5


def test_same_answers_per_locality(stores) -> None:
    names = [row.name for row in stores["sqlite"].localities()]
    assert len(names) > 10
    for name in names:
        for read in (query.profile, lambda s, n: s.ties([n]), lambda s, n: s.events([n]),
                     lambda s, n: s.people([n]), lambda s, n: s.figures([n]), lambda s, n: s.sectors_of([n]),
                     lambda s, n: s.event_clusters([n]), lambda s, n: s.find_localities(n)):
            lite, pg = both(stores, read, name)
            assert lite == pg, name


def test_same_event_clusters_in_detail(stores) -> None:
    ids = [c.id for c in stores["sqlite"].event_clusters()]
    for cluster_id in ids:
        lite, pg = both(stores, lambda s, c: s.event_cluster(c), cluster_id)
        assert lite == pg
        lite, pg = both(stores, browse.cluster, cluster_id)
        assert lite == pg


def test_search_finds_the_same_documents(stores) -> None:
    for q in QUERIES:
        lite, pg = both(stores, lambda s, q: s.search(q, limit=100), q)
        assert sorted(lite, key=_doc_id) == sorted(pg, key=_doc_id), q
        lite, pg = both(stores, lambda s, q: browse.search(s, q, browse.Filters(), 100).items, q)
        assert sorted(lite, key=_doc_id) == sorted(pg, key=_doc_id), q
        lite, pg = both(stores, browse.search_entities, q)
        assert lite == pg, q
    assert stores["postgresql"].search("quang ninh") and stores["postgresql"].search("群馬")


def test_same_pages_in_the_web_application(stores) -> None:
    for filters in FILTERS:
        for kind in browse.FACT_KINDS:
            for offset in (0, 3):
                lite, pg = both(stores, browse.facts, kind, filters, 5, offset)
                assert lite == pg, (kind, filters)
        for read in (lambda s, f: browse.documents(s, f, 50), browse.localities, browse.tie_pairs,
                     lambda s, f: browse.clusters(s, f, 50), browse.sectors):
            lite, pg = both(stores, read, filters)
            assert lite == pg, filters
    for read in (browse.counts, browse.languages):
        lite, pg = both(stores, read)
        assert lite == pg


def test_same_document_and_event_details(stores) -> None:
    for doc_id in stores["sqlite"].document_ids():
        lite, pg = both(stores, browse.document, doc_id)
        assert lite == pg
        assert stores["sqlite"].raw(doc_id) == stores["postgresql"].raw(doc_id)
    events = browse.facts(stores["sqlite"], "events", browse.Filters(), 1000).items
    for item in events:
        lite, pg = both(stores, browse.event, item.id)
        assert lite == pg
        lite, pg = both(stores, browse.cluster_of_event, item.id)
        assert lite == pg
    for pair in browse.tie_pairs(stores["sqlite"], browse.Filters()):
        lite, pg = both(stores, browse.tie_history, [pair.vn], [pair.jp])
        assert lite == pg

"""kizuna.store.browse: read-only opening, filters, stable pages, evidence kept inside the text."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.store import browse
from kizuna.store.base import Evidence, MissingStoreError
from kizuna.web import views


@pytest.fixture(scope="module")
def store(web_db: str):
    s = browse.open_readonly(web_db)
    yield s
    s.close()


def test_readonly_store_refuses_writes(store) -> None:
    if store.dialect.name == "postgresql":
        import psycopg
        refused: type[Exception] = psycopg.errors.ReadOnlySqlTransaction
    else:
        refused = sqlite3.OperationalError
    with pytest.raises(refused):
        store._db.execute("DELETE FROM documents")


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(MissingStoreError):
        browse.open_readonly(tmp_path / "none.db")


def test_locality_filter_uses_every_stored_name(store) -> None:
    both = browse.facts(store, "ties", browse.Filters(localities=("Tây Ninh", "Long An")), 10)
    alone = browse.facts(store, "ties", browse.Filters(localities=("Tây Ninh",)), 10)
    assert [t.fields["vn"] for t in both.items] == ["Long An"] and alone.total == 0


def test_filters_combine(store) -> None:
    page = browse.facts(store, "events", browse.Filters(since="2025-04-01", lang="en"), 10)
    assert page.total == len(page.items) >= 1
    assert all(e.lang == "en" and e.fields["date"] >= "2025-04-01" for e in page.items)
    assert browse.documents(store, browse.Filters(sector="agriculture", country="JP"), 10).total >= 1


@pytest.mark.parametrize("kind", browse.FACT_KINDS)
def test_pages_are_stable(store, kind: str) -> None:
    everything = browse.facts(store, kind, browse.Filters(), 100)
    paged = [item.id for offset in range(everything.total)
             for item in browse.facts(store, kind, browse.Filters(), 1, offset).items]
    assert paged == [item.id for item in everything.items]


def test_tie_pairs_take_the_strongest_kind(store) -> None:
    pairs = {(p.vn, p.jp): p for p in browse.tie_pairs(store, browse.Filters())}
    gunma = pairs[("Quảng Ninh", "Gunma")]
    assert gunma.kind == "agreement" and set(gunma.kinds) == {"agreement", "visit"}


def test_search_entities_finds_people_without_diacritics(store) -> None:
    kinds = {(h.kind, h.name) for h in browse.search_entities(store, "yamamoto")}
    assert ("person", "Yamamoto Ichita") in kinds
    assert browse.search_entities(store, "   ") == []


SPANS = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=6)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=50), spans=SPANS)
def test_segments_cover_the_text_exactly(text: str, spans: list[tuple[int, int]]) -> None:
    facts = [browse.DocFact("locality", i, {}, (Evidence(a, b, text[a:b]),))
             for i, (a, b) in enumerate(spans) if 0 <= a < b <= len(text)]
    cut = views.segments(text, facts)
    assert "".join(s.text for s in cut) == text
    assert all(s.text for s in cut)


@settings(max_examples=60, deadline=None)
@given(snippet=st.text(max_size=40),
       marks=st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=5))
def test_marked_never_loses_text(snippet: str, marks: list[tuple[int, int]]) -> None:
    ok = tuple((a, b) for a, b in marks if 0 <= a < b)
    runs = views.marked(snippet, ok)
    assert "".join(t for t, _ in runs) == snippet


@pytest.mark.damaged_db   # of an old schema version on purpose
def test_a_database_of_another_schema_version_is_refused(sqlite_web_db: Path, tmp_path: Path) -> None:
    import shutil

    from kizuna.errors import UsageError
    old = tmp_path / "old.db"
    shutil.copy(sqlite_web_db, old)
    with sqlite3.connect(old) as db:
        db.execute("PRAGMA user_version = 1")
    with pytest.raises(UsageError, match="schema version 1"):
        browse.open_readonly(old)

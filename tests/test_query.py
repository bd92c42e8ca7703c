"""Read-side queries: name resolution across the 2025 merger, profiles, fact filters."""
from __future__ import annotations

import pytest
from test_store import en_extraction, vi_extraction   # hand-built extractions, shared with the store tests

from kizuna import query
from kizuna.api import add_document
from kizuna.store import open_store


@pytest.fixture()
def store(kb: str):
    s = open_store(kb)
    add_document(s, vi_extraction())
    add_document(s, en_extraction())
    yield s
    s.close()


def test_old_name_says_where_it_went(store) -> None:
    found = query.profile(store, "Long An")
    assert found.unit.name == "Long An"
    assert found.merged_into == "Tây Ninh" and found.merged_on == "2025-07-01"
    assert [r.unit.name for r in found.units] == ["Long An"]
    assert found.units[0].documents[0].id == "a" * 40
    assert found.units[0].mentions[0].surface == "Long An"
    assert [(t.vn, t.jp) for t in found.ties] == [("Long An", "Ibaraki")]


@pytest.mark.parametrize("spelling", ["Tây Ninh", "tay ninh", "TAY NINH"])
def test_new_name_includes_the_old_units(store, spelling: str) -> None:
    found = query.profile(store, spelling)
    assert found.merged_into is None
    assert found.unit.name == "Tây Ninh"
    assert "Long An" in [r.unit.name for r in found.units]
    assert [(t.vn, t.jp) for t in found.ties] == [("Long An", "Ibaraki")]
    assert {s.sector for s in found.sectors} == {"agriculture", "education_training"}
    assert [d.id for d in found.sources] == ["a" * 40]


def test_japanese_prefecture_profile(store) -> None:
    found = query.profile(store, "gunma")
    assert found.unit.country == "JP" and found.merged_into is None
    assert [p.name for p in found.people] == ["Yamamoto Ichita"]
    assert [f.value for f in found.figures] == [56]
    assert [e.type for e in found.events] == ["forum"]


def test_unknown_locality_is_a_usage_error(store) -> None:
    with pytest.raises(query.UnknownLocality, match="kizuna localities"):
        query.profile(store, "Atlantis")


def test_fact_filters_take_old_and_new_names(store) -> None:
    assert [t.jp for t in query.ties(store, "Tây Ninh")] == ["Ibaraki"]
    assert [t.jp for t in query.ties(store, "long an")] == ["Ibaraki"]
    assert [t.vn for t in query.ties(store, "Quang Ninh")] == ["Quảng Ninh"]
    assert len(query.ties(store)) == 2
    assert query.people(store, "Tây Ninh") == []
    assert [e.date for e in query.events(store, since="2025-06-01")] == ["2025-11-24"]
    assert [e.type for e in query.events(store, "Long An")] == ["visit"]
    assert query.figures(store, "Ibaraki") == []


def test_localities_and_search(store) -> None:
    assert {r.name for r in query.localities(store, "VN")} == {"Long An", "Đà Nẵng", "Quảng Ninh"}
    assert [h.doc_id for h in query.search(store, "ibaraki")] == ["a" * 40]

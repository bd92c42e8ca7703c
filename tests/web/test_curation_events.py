"""Merging and splitting events across documents, on both backends: an event merged into another,
split off again and merged again; two editors who disagree; every verdict kept in order in the
history while what is listed follows the latest; and the same after `kizuna reextract`."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizuna import api, curation

from .conftest import ARTICLES

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def events_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    db = new_kb(request, request.param, tmp_path_factory.mktemp("curation-events"))
    api.ingest([ARTICLES], db=db)
    curation.add_user(db, "ed", "editor", PASSWORD)
    curation.add_user(db, "ada", "admin", PASSWORD)
    return db


@pytest.fixture(scope="module")
def app(events_db: str) -> Iterator[TestClient]:
    from kizuna.web import create_app
    with TestClient(create_app(events_db, editable=True)) as c:
        yield c


@pytest.fixture(scope="module")
def tokens(events_db: str) -> dict[str, str]:
    return {name: curation.create_token(events_db, name) for name in ("ed", "ada")}


@pytest.fixture()
def fresh(app: TestClient, events_db: str) -> Iterator[None]:
    """Each test starts from the machine's events: the reviews of the one before are taken away."""
    from kizuna.store import open_store
    with open_store(events_db) as store, store.atomic():
        store._db.execute("DELETE FROM curation")
        store._db.execute("DELETE FROM reviews")
    yield


def _review(app: TestClient, tokens: dict[str, str], user: str, event: str, verdict: str,
            value: dict[str, Any] | None = None) -> dict[str, Any]:
    response = app.post(f"/api/facts/{event}/review", json={"verdict": verdict, "value": value},
                        headers={"Authorization": f"Bearer {tokens[user]}"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _listed(app: TestClient) -> dict[str, set[str]]:
    """Every listed event with the documents of its reports."""
    page = app.get("/api/events", params={"limit": 200}).json()
    assert page["total"] == len(page["items"])
    return {e["id"]: {d["doc_id"] for d in e["documents"]} for e in page["items"]}


def _events(app: TestClient, n: int) -> list[tuple[str, str]]:
    """n events of one report each: (event id, its document)."""
    single = [(e, next(iter(docs))) for e, docs in _listed(app).items() if len(docs) == 1]
    assert len(single) >= n
    return sorted(single)[:n]


def test_merged_split_off_and_merged_again(app: TestClient, tokens: dict[str, str], events_db: str,
                                           fresh: None) -> None:
    (a, doc_a), (b, doc_b) = _events(app, 2)
    before = _listed(app)
    _review(app, tokens, "ed", a, "merge", {"into": b})
    merged = _listed(app)
    assert a not in merged and merged[b] == {doc_a, doc_b} and len(merged) == len(before) - 1
    assert app.get(f"/api/events/{b}").json()["merged"] == [a]
    # split off again: A is its own event once more, with its report
    _review(app, tokens, "ed", b, "split", {"doc_id": doc_a})
    assert _listed(app) == before
    assert "merged" not in app.get(f"/api/events/{b}").json()
    # and merged again: the earlier split does not keep its report out
    _review(app, tokens, "ed", a, "merge", {"into": b})

    def state() -> None:
        again = _listed(app)
        assert a not in again and again[b] == {doc_a, doc_b} and len(again) == len(before) - 1
    state()
    # every verdict, newest first, with who and what; the history page shows them in that order
    history = app.get("/api/reviews").json()["items"]
    assert [(r["fact_id"], r["verdict"], r["value"]) for r in history] == [
        (a, "merge", {"into": b}), (b, "split", {"doc_id": doc_a}), (a, "merge", {"into": b})]
    assert all(r["user"] == "ed" and r["at"] for r in history)
    assert [h["verdict"] for h in app.get(f"/api/facts/{a}").json()["history"]] == ["merge", "merge"]
    page = app.get("/reviews").text
    spots = [page.find(f"/facts/{fact}") for fact in (a, b)]
    assert all(s > 0 for s in spots) and page.count(f'href="/facts/{a}"') >= 2
    api.reextract(events_db)   # events keep their ids: the reviews apply as before
    state()


def test_two_editors_who_disagree_the_latest_stands(app: TestClient, tokens: dict[str, str],
                                                    fresh: None) -> None:
    (c, doc_c), (d, doc_d) = _events(app, 2)
    before = _listed(app)
    _review(app, tokens, "ed", c, "merge", {"into": d})
    _review(app, tokens, "ada", d, "merge", {"into": c})      # the other way round: the latest stands
    listed = _listed(app)
    assert d not in listed and listed[c] == {doc_c, doc_d} and len(listed) == len(before) - 1
    assert app.get(f"/api/events/{c}").json()["merged"] == [d]
    # a confirmation of the merged event says nothing of where its reports belong
    _review(app, tokens, "ed", d, "confirm")
    assert _listed(app) == listed
    # ed splits it off again; ada corrects the event it was merged into: the split stays
    _review(app, tokens, "ed", c, "split", {"doc_id": doc_d})
    _review(app, tokens, "ada", c, "correct", {"type": "forum"})
    after = _listed(app)
    assert after == before
    shown = {e["id"]: e for e in app.get("/api/events", params={"limit": 200}).json()["items"]}
    assert shown[c]["type"] == "forum" and shown[d]["review"]["verdict"] == "confirm"
    history = app.get("/api/reviews").json()["items"]
    assert [(r["user"], r["fact_id"], r["verdict"]) for r in history] == [
        ("ada", c, "correct"), ("ed", c, "split"), ("ed", d, "confirm"), ("ada", d, "merge"), ("ed", c, "merge")]


def test_several_events_merged_into_one_split_off_one_by_one(app: TestClient, tokens: dict[str, str],
                                                            fresh: None) -> None:
    (a, doc_a), (b, doc_b), (c, doc_c) = _events(app, 3)
    before = _listed(app)
    _review(app, tokens, "ed", a, "merge", {"into": b})
    _review(app, tokens, "ed", c, "merge", {"into": b})
    assert _listed(app)[b] == {doc_a, doc_b, doc_c}
    _review(app, tokens, "ed", b, "split", {"doc_id": doc_a})
    listed = _listed(app)
    assert listed[a] == {doc_a} and listed[b] == {doc_b, doc_c} and c not in listed   # only A comes back
    _review(app, tokens, "ed", b, "split", {"doc_id": doc_c})
    assert _listed(app) == before
    # B merged into D now: what B's page showed follows it (no report is lost on the way)
    (d, doc_d) = next(x for x in _events(app, 4) if x[0] not in (a, b, c))
    _review(app, tokens, "ed", a, "merge", {"into": b})
    _review(app, tokens, "ed", b, "merge", {"into": d})
    listed = _listed(app)
    assert a not in listed and b not in listed and listed[d] == {doc_a, doc_b, doc_d}

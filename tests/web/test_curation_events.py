"""Merging and splitting events across documents, on both backends: an event merged into another,
split off again and merged again; two editors who disagree; every verdict kept in order in the
history while what is listed follows the latest; and the same after `kizuna reextract`."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
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


# -- one event's views (API, page, CLI) read through the same curated read model as the lists ----

def _cli(events_db: str, *args: str) -> Any:
    from typer.testing import CliRunner

    from kizuna.cli import app as cli_app
    return CliRunner().invoke(cli_app, [*args, "--db", events_db])


def test_one_event_shows_the_reports_people_and_corrections_the_list_shows(
        app: TestClient, tokens: dict[str, str], events_db: str, fresh: None) -> None:
    (a, doc_a), (b, doc_b) = _events(app, 2)
    machine = app.get(f"/api/events/{b}").json()
    people_of_a = {p["name"] for p in app.get(f"/api/events/{a}").json()["people"]}
    _review(app, tokens, "ed", a, "merge", {"into": b})
    new_type = "forum" if machine["type"] != "forum" else "visit"
    _review(app, tokens, "ed", b, "correct", {"type": new_type, "date": "2024-02-03"})
    listed = next(e for e in app.get("/api/events", params={"limit": 200}).json()["items"] if e["id"] == b)
    one = app.get(f"/api/events/{b}").json()
    # the same event as the list's: its reports with A's, corrected, the machine's values beside
    assert {d["doc_id"] for d in one["documents"]} == {d["doc_id"] for d in listed["documents"]} == {doc_a, doc_b}
    assert (one["type"], one["date"]) == (listed["type"], listed["date"]) == (new_type, "2024-02-03")
    assert one["machine"] == {"type": machine["type"], "date": machine["date"]} and one["merged"] == [a]
    assert people_of_a <= {p["name"] for p in one["people"]}
    page = app.get(f"/events/{b}")
    assert page.status_code == 200 and f"/documents/{doc_a}" in page.text and "Machine" in page.text
    # the merged event is answered as the one it is listed as, unless asked for as it is
    moved = app.get(f"/api/events/{a}", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/api/events/{b}"
    assert app.get(f"/events/{a}", follow_redirects=False).headers["location"] == f"/events/{b}"
    itself = app.get(f"/api/events/{a}", params={"include": "rejected"}).json()
    assert itself["listed_as"] == b and itself["review"]["verdict"] == "merge"
    # the CLI: the same event, the correction with the machine's value beside it
    shown = _cli(events_db, "event", b, "--format", "jsonl")
    assert shown.exit_code == 0, shown.output
    found = json.loads(shown.stdout)
    assert found["type"] == new_type and found["machine"]["type"] == machine["type"]
    assert {d["doc_id"] for d in found["documents"]} == {doc_a, doc_b}
    table = _cli(events_db, "event", b)
    assert table.exit_code == 0 and f"{new_type} (machine: {machine['type']})" in table.stdout
    via_a = _cli(events_db, "event", a, "--format", "jsonl")
    assert via_a.exit_code == 0 and json.loads(via_a.stdout)["id"] == b and f"merged into {b}" in via_a.stderr


def test_a_rejected_event_is_not_found_unless_rejected_ones_are_asked_for(
        app: TestClient, tokens: dict[str, str], events_db: str, fresh: None) -> None:
    (a, _doc), = _events(app, 1)
    _review(app, tokens, "ed", a, "reject")
    assert a not in _listed(app)
    gone = app.get(f"/api/events/{a}")
    assert gone.status_code == 404 and "include=rejected" in gone.json()["detail"]
    assert app.get(f"/events/{a}").status_code == 404
    shown = app.get(f"/api/events/{a}", params={"include": "rejected"})
    assert shown.status_code == 200 and shown.json()["review"]["verdict"] == "reject"
    assert app.get(f"/events/{a}", params={"include": "rejected"}).status_code == 200
    refused = _cli(events_db, "event", a)
    assert refused.exit_code == 2 and "rejected" in refused.stderr
    asked = _cli(events_db, "event", a, "--include-rejected", "--format", "jsonl")
    assert asked.exit_code == 0 and json.loads(asked.stdout)["review"]["verdict"] == "reject"


def test_a_report_split_off_its_own_event_rejoins_it(app: TestClient, tokens: dict[str, str], events_db: str,
                                                      tmp_path: Path, fresh: None) -> None:
    # A second report of one event: a reposted copy of a fixture article (last in this module, as
    # it adds a document to the module's knowledge base).
    article = ARTICLES / "en_longan_ibaraki.txt"
    (tmp_path / "repost.txt").write_text(article.read_text(encoding="utf-8") + "\nReposted by a partner site.\n",
                                         encoding="utf-8")
    assert api.ingest([tmp_path], db=events_db).new == 1
    before = _listed(app)
    event, docs = next((e, d) for e, d in sorted(before.items()) if len(d) >= 2)
    doc = min(docs)
    _review(app, tokens, "ed", event, "split", {"doc_id": doc})
    assert _listed(app)[event] == docs - {doc}
    assert app.get(f"/api/events/{event}").json()["split_off"] == [doc]
    editor = _login(app)
    page = editor.get(f"/events/{event}").text
    assert 'value="rejoin"' in page and f'name="doc_id" value="{doc}"' in page
    # a report never split off cannot rejoin it
    other = min(docs - {doc})
    refused = app.post(f"/api/facts/{event}/review", json={"verdict": "rejoin", "value": {"doc_id": other}},
                       headers={"Authorization": f"Bearer {tokens['ed']}"})
    assert refused.status_code == 422
    _review(app, tokens, "ada", event, "rejoin", {"doc_id": doc})
    assert _listed(app) == before
    one = app.get(f"/api/events/{event}").json()
    assert {d["doc_id"] for d in one["documents"]} == docs and "split_off" not in one
    # both reviews stay in the history, newest first; the standing verdict is the rejoin
    history = app.get("/api/reviews").json()["items"]
    assert [(r["user"], r["verdict"], r["value"]) for r in history] == [
        ("ada", "rejoin", {"doc_id": doc}), ("ed", "split", {"doc_id": doc})]
    assert one["review"]["verdict"] == "rejoin"
    assert _cli(events_db, "check").exit_code == 0
    api.reextract(events_db)   # the rejoin stands after re-extraction too
    assert _listed(app) == before


def _login(app: TestClient) -> TestClient:
    """A second client of the same app, logged in as the editor by the form (its cookie kept)."""
    client = TestClient(app.app)
    response = client.post("/login", data={"username": "ed", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client

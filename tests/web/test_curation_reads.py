"""Corrections reach every aggregate, on both backends: a tie's corrected kind, an event's corrected
type and date are what lists, counts, filters, the map, the charts, partners, digests and the exports
show, read at read time from the review tables, and still after `kizuna reextract`. Rejected facts
leave the partner index, the digest and the charts too."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizuna import api, curation, query
from kizuna.query import exports
from kizuna.store import browse, open_store
from kizuna.text import fold_name

from .conftest import ARTICLES

PASSWORD = "correct horse battery"
NEW_KIND = "proposed"          # no test article states a proposed tie: the corrected kind is unmistakable
FAR_DATE = "2031-05-06"        # after every article's events: a corrected event becomes the newest


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def reviewed_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    db = new_kb(request, request.param, tmp_path_factory.mktemp("curation-reads"))
    api.ingest([ARTICLES], db=db)
    curation.add_user(db, "ed", "editor", PASSWORD)
    return db


@pytest.fixture(scope="module")
def app(reviewed_db: str) -> Iterator[TestClient]:
    from kizuna.web import create_app
    with TestClient(create_app(reviewed_db, editable=True)) as c:
        c.headers["Authorization"] = f"Bearer {curation.create_token(reviewed_db, 'ed')}"
        yield c


def _review(app: TestClient, fact_id: str, verdict: str, value: dict[str, Any] | None = None) -> None:
    response = app.post(f"/api/facts/{fact_id}/review", json={"verdict": verdict, "value": value})
    assert response.status_code == 201, response.text


def _pair(items: list[dict[str, Any]], vn: str, jp: str) -> dict[str, Any]:
    return next(p for p in items if (p["vn"], p["jp"]) == (vn, jp))


def _chart_counts(svg: str) -> dict[tuple[str, str], int]:
    """(series, year) -> count, from the <title> of every bar of a chart."""
    return {(name, year): int(n) for name, year, n in re.findall(r"<title>([^<,]+), (\d{4}): (\d+) \w+</title>", svg)}


# -- a tie's kind --------------------------------------------------------------------------------

def test_a_corrected_tie_kind_is_the_kind_of_every_list_map_chart_and_export(app: TestClient,
                                                                            reviewed_db: str) -> None:
    ties = app.get("/api/ties").json()["items"]
    pairs = [(t["vn"], t["jp"]) for t in ties]
    # a dated tie whose pair no other document states: its kind is the pair's kind
    tie = next(t for t in ties if pairs.count((t["vn"], t["jp"])) == 1 and t["published"])
    vn, jp, machine = tie["vn"], tie["jp"], tie["kind"]
    year = tie["published"][:4]
    assert machine != NEW_KIND
    chart_before = _chart_counts(app.get("/charts/ties.svg").text)
    with open_store(reviewed_db) as store:
        exports_before = exports.graphml(store)
    _review(app, tie["id"], "correct", {"kind": NEW_KIND})

    def everywhere() -> None:
        shown = next(t for t in app.get("/api/ties").json()["items"] if t["id"] == tie["id"])
        assert shown["kind"] == NEW_KIND and shown["machine"] == {"kind": machine}
        pair = _pair(app.get("/api/pairs").json()["items"], vn, jp)
        assert pair["kind"] == NEW_KIND and pair["kinds"] == [NEW_KIND]
        lines = app.get("/api/ties", params={"format": "geojson"}).json()["features"]
        assert [f["properties"]["kind"] for f in lines if (f["properties"]["vn"], f["properties"]["jp"]) == (vn, jp)] \
            == [NEW_KIND]
        overview = app.get("/api/overview").json()
        assert _pair(overview["map"]["lines"], vn, jp)["kind"] == NEW_KIND
        assert _pair(overview["pairs"], vn, jp)["kind"] == NEW_KIND
        profile = app.get(f"/api/localities/{vn}").json()
        assert _pair(profile["partners"], vn, jp)["kind"] == NEW_KIND
        # the ties chart counts it under its corrected kind
        chart = _chart_counts(app.get("/charts/ties.svg").text)
        assert chart.get((NEW_KIND, year)) == chart_before.get((NEW_KIND, year), 0) + 1
        assert chart.get((machine, year), 0) == chart_before[(machine, year)] - 1
        # the digest says it with its corrected kind
        said = [i for i in app.get("/api/digest", params={"since": "0000"}).json()["items"]
                if i["fact"] == "tie" and (i["vn"], i["jp"]) == (vn, jp)]
        assert [i["kind"] for i in said] == [NEW_KIND] and said[0]["summary"].endswith(f": {NEW_KIND}")
        # partner matching: the engagement of the Japanese side names the corrected kind
        reasons = [r["text"] for c in app.get("/api/partners", params={"locality": "Quảng Ninh", "limit": 50}
                                              ).json()["candidates"] if c["partner"] == jp for r in c["reasons"]
                   if r["signal"] == "engagement"]
        assert reasons and f"the latest: {NEW_KIND}," in reasons[0]
        # the CLI's and the profile's lists (store.ties), the event its document reports, the exports
        with open_store(reviewed_db) as store:
            events = [e for e in query.clustered_events(store) if tie["doc_id"] in [d.doc_id for d in e.documents]]
            assert events and [t["kind"] for t in query.event(store, events[0].id).ties
                               if (t["vn"], t["jp"]) == (vn, jp)] == [NEW_KIND]
            assert [t.kind for t in query.ties(store, vn) if t.jp == jp] == [NEW_KIND]
            assert [t.kind for t in query.profile(store, vn).ties if t.jp == jp] == [NEW_KIND]
            graphml = exports.graphml(store)
            geojson = exports.geojson(store)
            lines_out = [json.loads(line) for line in exports.jsonl(store)]
        edge = next(e for e in lines_out if e["type"] == "pair" and (e["vn"], e["jp"]) == (vn, jp))
        assert edge["kind"] == NEW_KIND and edge["kinds"] == NEW_KIND
        assert [f["properties"]["kind"] for f in geojson["features"]
                if f["geometry"]["type"] == "LineString" and (f["properties"]["vn"], f["properties"]["jp"]) == (vn, jp)] \
            == [NEW_KIND]
        assert f">{NEW_KIND}<" in graphml and graphml.count(f">{machine}<") < exports_before.count(f">{machine}<")

    everywhere()
    api.reextract(reviewed_db)   # reviews are read at read time: re-extraction changes nothing
    everywhere()


# -- an event's type and date --------------------------------------------------------------------

def test_a_corrected_event_across_documents_is_listed_filtered_and_ordered_as_corrected(
        app: TestClient, reviewed_db: str) -> None:
    events = app.get("/api/events").json()["items"]
    event = next(e for e in events if e["type"] != "forum" and e["date"] and e["date"] < "2030")
    machine = {"type": event["type"], "date": event["date"]}
    _review(app, event["id"], "correct", {"type": "forum", "date": FAR_DATE})

    def ids(**params: str) -> list[str]:
        return [e["id"] for e in app.get("/api/events", params=params).json()["items"]]

    def everywhere() -> None:
        newest = app.get("/api/events").json()["items"][0]   # newest first: by the corrected date
        assert newest["id"] == event["id"] and (newest["type"], newest["date"]) == ("forum", FAR_DATE)
        assert newest["machine"] == machine
        assert ids(event_type="forum") == [event["id"]]
        assert event["id"] not in ids(event_type=machine["type"])
        assert ids(since="2031-01") == [event["id"]]
        assert event["id"] not in ids(until="2030-12-31") and event["id"] in ids(until="2031")
        assert app.get("/api/overview").json()["events"][0]["id"] == event["id"]
        with open_store(reviewed_db) as store:   # the CLI's `kizuna events` (query.clustered_events)
            listed = query.clustered_events(store)
            assert (listed[0].id, listed[0].type, listed[0].date) == (event["id"], "forum", FAR_DATE)
            assert [e.id for e in query.clustered_events(store, type="forum")] == [event["id"]]
            assert [e.id for e in query.clustered_events(store, since="2031")] == [event["id"]]
            assert event["id"] not in [e.id for e in query.clustered_events(store, type=machine["type"])]

    everywhere()
    api.reextract(reviewed_db)   # events keep their ids across re-extraction, and their corrections
    everywhere()


def test_a_corrected_event_of_a_document_is_filtered_ordered_and_counted_as_corrected(
        app: TestClient, reviewed_db: str) -> None:
    with open_store(reviewed_db) as store:
        listed = browse.facts(store, "events", browse.Filters(), 100).items
    # an event alone in its document, so that the document's events are this one
    per_doc = [e.doc_id for e in listed]
    event = next(e for e in listed if per_doc.count(e.doc_id) == 1 and e.fields["type"] == "visit")
    doc_id, machine_date = event.doc_id, event.fields["date"]
    locality = next(loc["name"] for loc in app.get("/api/localities", params={"limit": 200}).json()["items"]
                    if loc["country"] == "VN" and doc_id in [d["id"] for d in app.get(
                        "/api/documents", params={"locality": loc["name"]}).json()["items"]])
    _review(app, event.id, "correct", {"type": "workshop", "date": "2019-11-02"})

    def everywhere() -> None:
        with open_store(reviewed_db) as store:
            def found(**filters: Any) -> list[str]:
                return [e.id for e in browse.facts(store, "events", browse.Filters(**filters), 100).items]
            assert found(event_type="workshop") == [event.id]
            assert event.id not in found(event_type="visit")
            assert found(until="2019-12") == [event.id] and event.id not in found(since="2020")
            assert found()[-1] == event.id                       # newest first: the oldest now
            shown = browse.fact(store, "events", event.id)
            assert shown is not None and shown.fields["type"] == "workshop"
            assert shown.machine == {"type": "visit", "date": machine_date}
            # the locality's profile and the CLI's lists (store.events)
            mine = [e for e in query.profile(store, locality).events if e.doc_id == doc_id]
            assert [(e.type, e.date) for e in mine] == [("workshop", "2019-11-02")]
            assert doc_id not in [e.doc_id for e in query.events(store, locality, since="2020")]
        # other lists filtered by event type: the documents reporting one, as corrected
        docs = [d["id"] for d in app.get("/api/documents", params={"event_type": "workshop"}).json()["items"]]
        assert docs == [doc_id]
        ties = app.get("/api/ties", params={"event_type": "workshop"}).json()["items"]
        assert ties and {t["doc_id"] for t in ties} == {doc_id}
        assert doc_id not in [d["id"] for d in app.get("/api/documents", params={"event_type": "visit"}
                                                       ).json()["items"]]
        # the digest tells it as corrected; the locality's chart counts it in its corrected year
        said = [i for i in app.get("/api/digest", params={"since": "0000"}).json()["items"]
                if i["fact"] == "event" and i["source"]["doc_id"] == doc_id]
        assert [(i["type"], i["date"]) for i in said] == [("workshop", "2019-11-02")]
        assert said[0]["summary"].startswith("workshop 2019-11-02")
        chart = _chart_counts(app.get(f"/charts/localities/{locality}/events.svg").text)
        assert any(year == "2019" for _, year in chart), chart

    everywhere()
    api.reextract(reviewed_db)
    everywhere()


# -- rejections reach what the snapshot feeds (partners, digests, charts) ------------------------

def test_a_rejected_tie_leaves_the_digest_and_the_ties_chart(app: TestClient) -> None:
    ties = app.get("/api/ties").json()["items"]
    tie = next(t for t in ties if t["kind"] != NEW_KIND)

    def charted(kind: str) -> int:   # bars of every year: an undated document is charted by its events
        return sum(n for (name, _), n in _chart_counts(app.get("/charts/ties.svg").text).items() if name == kind)
    before = charted(tie["kind"])

    def in_digest() -> bool:
        return any(i["fact"] == "tie" and i["source"]["doc_id"] == tie["doc_id"]
                   and (i["vn"], i["jp"], i["kind"]) == (tie["vn"], tie["jp"], tie["kind"])
                   for i in app.get("/api/digest", params={"since": "0000"}).json()["items"])
    assert in_digest()
    _review(app, tie["id"], "reject")
    assert not in_digest()
    assert charted(tie["kind"]) == before - 1
    _review(app, tie["id"], "confirm")   # a later verdict brings it back
    assert in_digest()


# -- a person's locality -------------------------------------------------------------------------

def test_a_person_corrected_to_another_locality_is_listed_under_the_new_one(
        app: TestClient, reviewed_db: str) -> None:
    def listed(locality: str) -> set[str]:
        return {p["id"] for p in app.get("/api/people", params={"locality": locality, "limit": 200}
                                         ).json()["items"]}
    people = app.get("/api/people", params={"limit": 200}).json()["items"]
    person = next(p for p in people if p["locality"] and p["id"] in listed(p["locality"]))
    old = person["locality"]
    with open_store(reviewed_db) as store:
        new = next(loc.name for loc in query.localities(store) if query.resolve(store, loc.name).names
                   and old not in query.resolve(store, loc.name).names)
    assert person["id"] not in listed(new)
    # corrected to the new locality in another spelling (no diacritics, other case): folded as kizuna folds
    _review(app, person["id"], "correct", {"locality": fold_name(new).upper()})

    def everywhere() -> None:
        assert person["id"] in listed(new) and person["id"] not in listed(old)
        with open_store(reviewed_db) as store:   # the CLI's list and the profile (store.people)
            assert person["name"] in {p.name for p in query.people(store, new)}
            assert (person["name"], fold_name(new).upper()) in {(p.name, p.locality)
                                                                 for p in query.profile(store, new).people}
            assert (person["name"], old) not in {(p.name, p.locality) for p in query.people(store, old)}

    everywhere()
    api.reextract(reviewed_db)
    everywhere()

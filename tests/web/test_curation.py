"""Curation over HTTP, on both backends: stable fact ids, every status code of a review, reads that
apply the verdicts, and reviews that survive `kizuna reextract` (or are listed as orphaned)."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizuna import api, curation, factid
from kizuna.store import open_store

from .conftest import ARTICLES

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def curated_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    """The test articles with three accounts (an editor, a viewer, an admin), once per backend."""
    db = new_kb(request, request.param, tmp_path_factory.mktemp("curation"))
    api.ingest([ARTICLES], db=db)
    for name, role in (("ed", "editor"), ("vic", "viewer"), ("ada", "admin")):
        curation.add_user(db, name, role, PASSWORD)
    return db


@pytest.fixture()
def editable(curated_db: str) -> Iterator[TestClient]:
    from kizuna.web import create_app
    with TestClient(create_app(curated_db, editable=True)) as c:
        yield c


def _login(client: TestClient, name: str) -> str:
    """Log in with a session cookie; returns its CSRF token."""
    response = client.post("/login", data={"username": name, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client.get("/api/me").json()["csrf"]  # type: ignore[no-any-return]


def _single_tie(client: TestClient) -> dict:
    """A tie whose pair no other document reports: rejecting it takes the pair off the map."""
    ties = client.get("/api/ties").json()["items"]
    pairs = [(t["vn"], t["jp"]) for t in ties]
    return next(t for t in ties if pairs.count((t["vn"], t["jp"])) == 1)


# -- stable ids ----------------------------------------------------------------------------------

def test_every_fact_in_lists_and_documents_has_a_stable_id(client: TestClient, doc_ids: dict[str, str]) -> None:
    for kind in ("ties", "events", "people", "organizations", "figures"):
        for item in client.get(f"/api/{kind}", params={"limit": 200}).json()["items"]:
            # events are listed across documents (ev-..., stable too: kizuna.cluster), reviewable alike
            assert factid.kind_of(item["id"]) is not None or (kind == "events" and item["id"].startswith("ev-"))
            assert client.get(f"/api/facts/{item['id']}").json()["id"] == item["id"]
    doc = client.get(f"/api/documents/{doc_ids['vi_quangninh']}").json()
    assert {f["fact"] for f in doc["facts"]} >= {"locality", "tie", "person"}
    for f in doc["facts"]:
        assert factid.kind_of(f["id"]) == f["fact"]
        detail = client.get(f"/api/facts/{f['id']}").json()
        assert detail["id"] == f["id"] and detail["doc_id"] == doc["id"]
        assert all(doc["text"][e["start"]:e["end"]] == e["text"] for e in detail["evidence"])


def test_get_fact_statuses(client: TestClient) -> None:
    assert client.get("/api/facts/tie-0123456789abcdef").status_code == 404
    assert client.get("/api/facts/42").status_code == 422
    assert client.get("/api/facts/<script>").status_code in (404, 422)


def test_fact_ids_are_the_same_after_reextract_and_from_the_upgrade(kb: str) -> None:
    api.ingest([ARTICLES], db=kb)
    tables = ("mentions", "ties", "events", "people", "organizations", "figures")

    def ids() -> dict[str, list[str]]:
        with open_store(kb) as store:
            return {t: [r[0] for r in store._db.execute(f"SELECT fid FROM {t} ORDER BY doc_id, fid")]
                    for t in tables}
    before = ids()
    assert sum(bool(before[t]) for t in tables) >= 4 and all(i for t in tables for i in before[t])
    api.reextract(kb)
    assert ids() == before
    # An older database's facts get the same ids from the schema upgrade as from a new extraction.
    from kizuna.store.curation import fill_fact_ids
    with open_store(kb) as store, store.atomic():
        for t in tables:
            store._db.execute(f"UPDATE {t} SET fid = NULL")
        fill_fact_ids(store._db)
    assert ids() == before


def test_ids_ignore_corrected_attributes_and_span_width() -> None:
    text = "Quang Ninh and Gunma signed an agreement on 2 May. They met again in June."
    a, b = factid.FactIds("d" * 40, text), factid.FactIds("d" * 40, text)
    assert a.make("tie", {"vn": "Quảng Ninh", "jp": "Gunma"}, [0]) == b.make("tie", {"vn": "quang ninh", "jp": "GUNMA"}, [15])
    # an event: its sentence counts, not the exact span; another sentence is another event
    e1 = factid.FactIds("d" * 40, text).make("event", {"type": "signing"}, [21])
    assert e1 == factid.FactIds("d" * 40, text).make("event", {"type": "signing"}, [0])
    assert e1 != factid.FactIds("d" * 40, text).make("event", {"type": "signing"}, [60])
    assert e1 != factid.FactIds("e" * 40, text).make("event", {"type": "signing"}, [21])
    # the same identity twice in one document: two ids, in order
    c = factid.FactIds("d" * 40, text)
    assert c.make("figure", {"value": 2, "unit": "people"}, [0]) != c.make("figure", {"value": 2.0, "unit": "people"}, [0])
    assert re.match(factid.PATTERN, e1)


# -- who may write -------------------------------------------------------------------------------

def test_a_read_only_server_refuses_every_write(client: TestClient) -> None:
    fact = client.get("/api/ties").json()["items"][0]["id"]
    response = client.post(f"/api/facts/{fact}/review", json={"verdict": "reject"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 403


def test_review_status_codes(editable: TestClient, curated_db: str) -> None:
    fact = editable.get("/api/ties").json()["items"][0]["id"]
    url = f"/api/facts/{fact}/review"
    assert editable.post(url, json={"verdict": "confirm"}).status_code == 401              # anonymous
    assert editable.post(url, json={"verdict": "confirm"},
                         headers={"Authorization": "Bearer kz_not-a-token"}).status_code == 401
    _login(editable, "vic")
    viewer_csrf = editable.get("/api/me").json()["csrf"]
    assert editable.post(url, json={"verdict": "confirm"},
                         headers={"X-CSRF-Token": viewer_csrf}).status_code == 403          # a viewer
    editable.cookies.clear()
    csrf = _login(editable, "ed")
    assert editable.post(url, json={"verdict": "confirm"}).status_code == 403              # no CSRF token
    assert editable.post(url, json={"verdict": "confirm"},
                         headers={"X-CSRF-Token": "wrong"}).status_code == 403
    ok = editable.post(url, json={"verdict": "confirm", "note": "checked against the MOU"},
                       headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201 and ok.json()["user"] == "ed" and ok.json()["verdict"] == "confirm"
    headers = {"X-CSRF-Token": csrf}
    assert editable.post("/api/facts/tie-0123456789abcdef/review", json={"verdict": "reject"},
                         headers=headers).status_code == 404
    for bad in ({"verdict": "approve"}, {"verdict": "correct"}, {"verdict": "correct", "value": {"vn": "Hà Nội"}},
                {"verdict": "correct", "value": {"kind": "friendship"}}, {"verdict": "merge", "value": {"into": fact}},
                {"verdict": "confirm", "note": "x" * 5000}):
        assert editable.post(url, json=bad, headers=headers).status_code == 422, bad
    # a token needs no CSRF token: no browser sends it by itself
    editable.cookies.clear()
    token = curation.create_token(curated_db, "ada")
    assert editable.post(url, json={"verdict": "confirm"},
                         headers={"Authorization": f"Bearer {token}"}).status_code == 201
    with open_store(curated_db) as store:
        stored = [r[0] for r in store._db.execute("SELECT digest FROM api_tokens")]
        passwords = [r[0] for r in store._db.execute("SELECT password FROM users")]
    assert token not in stored and curation.digest(token) in stored
    assert all(p.startswith("$argon2id$") and PASSWORD not in p for p in passwords)


def test_session_cookie_and_login_limits(editable: TestClient) -> None:
    response = editable.post("/login", data={"username": "ed", "password": PASSWORD}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert response.headers["location"] == "/"
    evil = editable.post("/login", data={"username": "ed", "password": PASSWORD, "next": "//evil.example/"},
                         follow_redirects=False)
    assert evil.headers["location"] == "/"
    csrf = editable.get("/api/me").json()["csrf"]
    assert editable.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    editable.cookies.clear()
    assert editable.get("/api/me").status_code == 401
    # from an address of its own: failures are kept in the database, for the module's other tests too
    elsewhere = TestClient(editable.app, client=("192.0.2.10", 50000))
    statuses = [elsewhere.post("/login", data={"username": "nobody-" + str(i % 2), "password": "wrong password"}
                               ).status_code for i in range(7)]
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429


def test_the_login_limit_is_shared_by_every_server_process_and_kept_across_restarts(curated_db: str) -> None:
    from kizuna.store import accounts
    from kizuna.web import create_app

    def server(address: str, app: Any = None) -> TestClient:
        """A client at `address` of `app`, or of another `kizuna serve --editable` on the same database."""
        return TestClient(app or create_app(curated_db, editable=True), client=(address, 50000))

    def login(client: TestClient, name: str, password: str) -> int:
        return client.post("/login", data={"username": name, "password": password},
                           follow_redirects=False).status_code

    one, two = server("198.51.100.1"), server("198.51.100.1")
    # one address: three failures on one server, two on the other, and both refuse the next
    assert [login(c, "nobody", "wrong password") for c in (one, two, one, two, one)] == [401] * 5
    assert login(two, "ed", PASSWORD) == 429 and login(one, "nobody", "wrong password") == 429
    refused = two.post("/login", data={"username": "ed", "password": PASSWORD}, follow_redirects=False)
    assert 0 < int(refused.headers["retry-after"]) <= 301
    assert login(server("198.51.100.1"), "ed", PASSWORD) == 429          # a restart does not reset it
    # one user name tried from many addresses, on both servers: the name's own limit holds
    assert [login(server(f"203.0.113.{i}", (one, two)[i % 2].app), "ada", "wrong password")
            for i in range(5)] == [401] * 5
    assert login(server("203.0.113.99"), "ada", PASSWORD) == 429
    with open_store(curated_db) as store:
        kept = accounts.login_failures(store)
        names = [r[0] for r in store._db.execute("SELECT key FROM login_failures")]
    assert kept >= 10 and not [k for k in names if "198.51" in k or "ada" in k]   # digests only
    # once the window has passed, the name may log in again, and old failures are pruned
    later = server("203.0.113.100")
    later.app.state.curator.logins.clock = lambda: time.time() + 301
    assert login(later, "ada", PASSWORD) == 303
    assert login(later, "nobody-else", "wrong password") == 401
    with open_store(curated_db) as store:
        assert accounts.login_failures(store) == 2      # the two keys of the one failure just made


def test_a_login_form_sent_from_another_site_logs_nobody_in(editable: TestClient) -> None:
    # login CSRF: a browser sends the Origin of the page that held the form
    evil = editable.post("/login", data={"username": "ed", "password": PASSWORD},
                         headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert evil.status_code == 403 and "set-cookie" not in evil.headers
    here = editable.post("/login", data={"username": "ed", "password": PASSWORD},
                         headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert here.status_code == 303 and "set-cookie" in here.headers
    cross = editable.post("/login", data={"username": "ed", "password": PASSWORD},
                          headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"}, follow_redirects=False)
    assert cross.status_code == 403


# -- what reads do with a verdict ----------------------------------------------------------------

def test_a_rejected_tie_leaves_lists_counts_map_and_exports(editable: TestClient, curated_db: str) -> None:
    tie = _single_tie(editable)
    pair = (tie["vn"], tie["jp"])
    counts = editable.get("/api/counts").json()
    csrf = _login(editable, "ed")
    response = editable.post(f"/api/facts/{tie['id']}/review", json={"verdict": "reject", "note": "<b>no</b>"},
                             headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201
    assert tie["id"] not in [t["id"] for t in editable.get("/api/ties").json()["items"]]
    again = [t for t in editable.get("/api/ties", params={"include": "rejected"}).json()["items"]
             if t["id"] == tie["id"]]
    assert again and again[0]["review"]["verdict"] == "reject"
    assert pair not in [(p["vn"], p["jp"]) for p in editable.get("/api/pairs").json()["items"]]
    lines = editable.get("/api/overview").json()["map"]["lines"]
    assert pair not in [(line["vn"], line["jp"]) for line in lines]
    after = editable.get("/api/counts").json()
    assert after["ties"] == counts["ties"] - 1 and after["pairs"] == counts["pairs"] - 1
    csv = editable.get("/api/ties", params={"format": "csv", "limit": 1000}).text
    assert tie["id"] not in csv
    doc = editable.get(f"/api/documents/{tie['doc_id']}").json()
    assert tie["id"] not in [f["id"] for f in doc["facts"]]
    # the note is untrusted: escaped on the pages, under the same CSP
    page = editable.get(f"/facts/{tie['id']}")
    assert "&lt;b&gt;no&lt;/b&gt;" in page.text and "<b>no</b>" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    history = editable.get("/api/reviews").json()["items"]
    assert history[0]["fact_id"] == tie["id"] and history[0]["user"] == "ed" and history[0]["at"]
    assert history[0]["old_value"]["kind"] == tie["kind"]
    # undone by a correction: back in the lists, corrected, the machine's value beside it
    response = editable.post(f"/api/facts/{tie['id']}/review", json={"verdict": "correct",
                             "value": {"kind": "agreement" if tie["kind"] != "agreement" else "visit"}},
                             headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201
    back = [t for t in editable.get("/api/ties").json()["items"] if t["id"] == tie["id"]]
    assert back and back[0]["kind"] != tie["kind"] and back[0]["machine"] == {"kind": tie["kind"]}
    assert pair in [(p["vn"], p["jp"]) for p in editable.get("/api/pairs").json()["items"]]


def test_review_buttons_only_for_editors_of_an_editable_server(editable: TestClient, client: TestClient,
                                                              doc_ids: dict[str, str]) -> None:
    doc = doc_ids["vi_quangninh"]
    assert 'action="/facts/' not in client.get(f"/documents/{doc}").text          # read-only server
    assert 'action="/facts/' not in editable.get(f"/documents/{doc}").text        # anonymous
    assert 'href="/login' in editable.get("/").text
    _login(editable, "ed")
    html = editable.get(f"/documents/{doc}").text
    facts = re.findall(r'<li id="fact-(\w+)-([a-z]{3}-[0-9a-f]{16})"', html)
    forms = set(re.findall(r'action="/facts/([^"/]+)/review"', html))
    assert facts and {fid for _, fid in facts} <= forms
    assert 'name="csrf_token"' in html
    for url in ("/localities/Gunma", "/ties/Quảng Ninh/Gunma"):
        assert 'action="/facts/' in editable.get(url).text, url
    event = editable.get("/api/events").json()["items"][0]["id"]
    assert f'action="/facts/{event}/review"' in editable.get(f"/events/{event}").text


def test_form_review_redirects_back_and_needs_its_csrf_field(editable: TestClient) -> None:
    person = editable.get("/api/people").json()["items"][0]
    csrf = _login(editable, "ed")
    url = f"/facts/{person['id']}/review"
    assert editable.post(url, data={"verdict": "confirm"}, follow_redirects=False).status_code == 403
    response = editable.post(url, data={"verdict": "confirm", "csrf_token": csrf, "next": "/people"},
                             follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/people"
    response = editable.post(url, data={"verdict": "correct", "csrf_token": csrf, "set_role": "Vice Governor",
                                        "next": "https://evil.example/"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/facts/{person['id']}"
    shown = editable.get(f"/api/facts/{person['id']}").json()
    assert shown["role"] == "Vice Governor" and shown["machine"] == {"role": person["role"]}
    assert [h["verdict"] for h in shown["history"]][:2] == ["correct", "confirm"]
    assert "Vice Governor" in editable.get("/reviews").text


# -- across re-extraction ------------------------------------------------------------------------

def test_reviews_survive_reextract_and_orphans_are_listed(editable: TestClient, curated_db: str) -> None:
    csrf = _login(editable, "ed")
    headers = {"X-CSRF-Token": csrf}
    tie = _single_tie(editable)
    figure = editable.get("/api/figures").json()["items"][0]
    assert editable.post(f"/api/facts/{tie['id']}/review", json={"verdict": "reject"},
                         headers=headers).status_code == 201
    assert editable.post(f"/api/facts/{figure['id']}/review", json={"verdict": "correct",
                         "value": {"about": "invented for this test"}}, headers=headers).status_code == 201
    summary = api.reextract(curated_db)
    assert summary.documents >= 4
    assert tie["id"] not in [t["id"] for t in editable.get("/api/ties").json()["items"]]
    assert (tie["vn"], tie["jp"]) not in [(p["vn"], p["jp"]) for p in editable.get("/api/pairs").json()["items"]]
    shown = editable.get(f"/api/facts/{figure['id']}").json()
    assert shown["about"] == "invented for this test" and shown["machine"] == {"about": figure["about"]}
    assert not [r for r in editable.get("/api/reviews", params={"orphaned": "true"}).json()["items"]
                if r["fact_id"] in (tie["id"], figure["id"])]
    # the fact disappears from the extraction (here: its document is gone): the review stays, orphaned
    with open_store(curated_db) as store:
        store.delete(figure["doc_id"])
    orphans = editable.get("/api/reviews", params={"orphaned": "true"}).json()["items"]
    assert figure["id"] in [r["fact_id"] for r in orphans]
    assert editable.get(f"/api/facts/{figure['id']}").status_code == 404
    assert figure["id"] in [r["fact_id"] for r in editable.get("/api/reviews").json()["items"]]
    api.ingest([ARTICLES], db=curated_db)   # back as it was: the review applies again
    assert not [r for r in editable.get("/api/reviews", params={"orphaned": "true"}).json()["items"]
                if r["fact_id"] == figure["id"]]


def test_the_store_with_reviews_passes_kizuna_check(curated_db: str, tmp_path: Path) -> None:
    from kizuna.store.check import check_database
    with open_store(curated_db) as store:
        curation.review(store, next(iter(store._db.execute("SELECT fid FROM people LIMIT 1")))[0], "confirm", "ed")
    assert check_database(curated_db).ok


def test_a_version_5_database_gets_the_login_failures_table(kb: str) -> None:
    from kizuna.store import accounts
    from kizuna.store.schema import SCHEMA_VERSION
    with open_store(kb) as store, store.atomic():   # as a database of the previous release
        store._db.execute("DROP TABLE login_failures")
        if store.dialect.name == "postgresql":
            store._db.execute("DELETE FROM kizuna_schema")
            store._db.execute("INSERT INTO kizuna_schema (version) VALUES (5)")
        else:
            store._db.execute("PRAGMA user_version = 5")
    with open_store(kb) as store:   # a writable open migrates
        assert store._schema_version() == SCHEMA_VERSION == 6
        accounts.login_failed(store, ["k"], time.time(), 300)
        assert accounts.login_failures(store) == 1

"""Every /api route through FastAPI's TestClient: filters, pagination, downloads, errors, bounds."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from kizuna.web import security


def test_counts_and_overview(client: TestClient) -> None:
    counts = client.get("/api/counts").json()
    assert counts["documents"] == 4 and counts["ties"] >= 3 and counts["pairs"] >= 3
    overview = client.get("/api/overview").json()
    assert overview["counts"] == counts
    lines = {(line["vn"], line["jp"]) for line in overview["map"]["lines"]}
    assert ("Quảng Ninh", "Gunma") in lines and ("Long An", "Ibaraki") in lines
    assert all(line["path"].startswith("M") for line in overview["map"]["lines"])
    assert {p["country"] for p in overview["map"]["points"]} == {"VN", "JP"}


def test_localities_filter_by_country_and_name(client: TestClient) -> None:
    jp = client.get("/api/localities", params={"country": "JP"}).json()
    assert jp["items"] and all(i["country"] == "JP" for i in jp["items"])
    found = client.get("/api/localities", params={"name": "quang ninh"}).json()["items"]
    assert [i["name"] for i in found] == ["Quảng Ninh"]


def test_merged_province_profile_gathers_its_old_units(client: TestClient) -> None:
    profile = client.get("/api/localities/tay ninh").json()
    assert profile["name"] == "Tây Ninh"
    members = {m["name"]: m for m in profile["members"]}
    assert members["Long An"]["merged"] and members["Long An"]["documents"] == 1
    assert [(p["vn"], p["jp"]) for p in profile["partners"]] == [("Long An", "Ibaraki")]
    old = client.get("/api/localities/Long An").json()
    assert old["merged_into"] == "Tây Ninh" and old["merged_on"] == "2025-07-01"


def test_unknown_locality_is_404(client: TestClient) -> None:
    assert client.get("/api/localities/Atlantis").status_code == 404
    assert client.get("/api/events", params={"locality": "Atlantis"}).status_code == 404


def test_ties_filtered_by_locality_and_tie_history(client: TestClient) -> None:
    ties = client.get("/api/ties", params={"locality": "Gunma"}).json()["items"]
    assert ties and all(t["jp"] == "Gunma" for t in ties)
    assert all(t["evidence"] and t["evidence"][0]["text"] for t in ties)
    history = client.get("/api/ties/Gunma/Quang Ninh").json()   # either order, any spelling
    assert history["vn"] == "Quảng Ninh" and history["jp"] == "Gunma"
    assert {h["kind"] for h in history["history"]} >= {"agreement"}
    assert client.get("/api/ties/Quảng Ninh/Ibaraki").status_code == 404


def test_pairs(client: TestClient) -> None:
    pairs = client.get("/api/pairs").json()["items"]
    gunma = next(p for p in pairs if p["jp"] == "Gunma")
    assert gunma["kind"] == "agreement" and gunma["documents"] >= 1


@pytest.mark.parametrize("params, expected, allowed", [
    ({"since": "2025-05-01"}, {"2025-05-20", "2025-06-01"}, lambda d: d >= "2025-05-01"),
    ({"until": "2025-04"}, {"2025-04-08"}, lambda d: d < "2025-05"),
    ({"since": "2025-04-01", "until": "2025-05-31"}, {"2025-04-08", "2025-05-20"},
     lambda d: "2025-04-01" <= d <= "2025-05-31"),
    ({"language": "ja"}, {"2025-05-20"}, lambda d: True),
    ({"event_type": "visit", "locality": "Hai Phong"}, {"2025-06-01"}, lambda d: True),
])
def test_event_filters(client: TestClient, params: dict[str, str], expected: set[str], allowed) -> None:
    items = client.get("/api/events", params=params).json()["items"]
    dates = {i["date"] for i in items}
    assert expected <= dates and all(d and allowed(d) for d in dates)
    if "language" in params:
        assert all(any(d["lang"] == params["language"] for d in i["documents"]) for i in items)


def test_event_across_documents_and_404(client: TestClient) -> None:
    first = client.get("/api/events", params={"locality": "Ibaraki"}).json()["items"][0]
    detail = client.get(f"/api/events/{first['id']}").json()
    assert "Ibaraki" in detail["localities"]
    assert {p["name"] for p in detail["people"]} >= {"Nguyen Minh Lam"}
    sources = detail["documents"]
    assert sources and all(d["evidence"] for d in sources if d["headline"])
    assert client.get("/api/events/ev-000000000000").status_code == 404
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/events/0").status_code == 422
    assert client.get("/api/events/<script>").status_code == 422


def test_one_documents_event_points_at_its_event_across_documents(client: TestClient,
                                                                  doc_ids: dict[str, str]) -> None:
    doc = client.get(f"/api/documents/{doc_ids['longan']}").json()
    event_id = next(f["id"] for f in doc["facts"] if f["fact"] == "event")
    detail = client.get(f"/api/events/{event_id}").json()
    assert detail["document"]["id"] == doc_ids["longan"]
    assert detail["cluster"] and detail["cluster"].startswith("ev-")
    page = client.get(f"/events/{event_id}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/events/{detail['cluster']}"


def test_people_organizations_figures(client: TestClient) -> None:
    people = client.get("/api/people", params={"locality": "Gunma"}).json()["items"]
    assert {p["name"] for p in people} >= {"Yamamoto Ichita"}
    figures = client.get("/api/figures", params={"sector": "agriculture"}).json()
    assert figures["total"] >= 1 and all(isinstance(f["value"], (int, float)) for f in figures["items"])
    assert client.get("/api/organizations").status_code == 200


def test_document_has_text_and_every_fact_with_its_evidence(client: TestClient,
                                                             doc_ids: dict[str, str]) -> None:
    doc = client.get(f"/api/documents/{doc_ids['vi_quangninh']}").json()
    text = doc["text"]
    kinds = {f["fact"] for f in doc["facts"]}
    assert {"locality", "tie", "person", "figure"} <= kinds
    for fact in doc["facts"]:
        for e in fact["evidence"]:
            assert 0 <= e["start"] < e["end"] <= len(text)
            assert text[e["start"]:e["end"]] == e["text"]
    assert client.get("/api/documents/" + "0" * 40).status_code == 404
    assert client.get("/api/documents/not-an-id").status_code == 422


def test_original_is_an_opaque_download(client: TestClient, doc_ids: dict[str, str]) -> None:
    r = client.get(f"/api/documents/{doc_ids['hostile']}/original")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")


def test_documents_filtered_by_language(client: TestClient) -> None:
    items = client.get("/api/documents", params={"language": "vi"}).json()["items"]
    assert [i["lang"] for i in items] == ["vi"]


def test_search_ignores_case_and_diacritics(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "QUANG ninh"}).json()
    assert body["total"] >= 1
    hit = body["items"][0]
    start, end = hit["marks"][0]
    assert hit["snippet"][start:end] == "Quảng Ninh"
    assert {"kind": "locality", "name": "Quảng Ninh"}.items() <= body["entities"][0].items()
    japanese = client.get("/api/search", params={"q": "群馬"}).json()
    assert japanese["total"] == 1
    assert client.get("/api/search", params={"q": "zzzzqqq"}).json()["total"] == 0


def test_pagination_is_stable_and_linked(client: TestClient) -> None:
    everything = client.get("/api/figures", params={"limit": 50}).json()["items"]
    one_by_one = []
    url = "/api/figures?limit=1"
    while url:
        page = client.get(url).json()
        one_by_one += page["items"]
        url = page["next"]
    assert [f["id"] for f in one_by_one] == [f["id"] for f in everything]


def test_csv_and_jsonl_downloads(client: TestClient) -> None:
    r = client.get("/api/ties", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {"vn", "jp", "kind", "evidence", "quote"} <= set(rows[0])
    r = client.get("/api/events", params={"format": "jsonl"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == client.get("/api/events").json()["total"]


def test_csv_neutralises_spreadsheet_formulas(client: TestClient) -> None:
    from kizuna.web.api import _formula_safe
    assert _formula_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _formula_safe("Quảng Ninh") == "Quảng Ninh"
    assert _formula_safe(42) == 42


@pytest.mark.parametrize("url, status", [
    (f"/api/events?limit={security.MAX_PAGE + 1}&format=csv", 200),  # downloads may be longer
    (f"/api/events?limit={security.MAX_DOWNLOAD + 1}&format=csv", 422),
    ("/api/events?offset=-1", 422),
    ("/api/events?since=yesterday", 422),
    ("/api/events?country=FR", 422),
    ("/api/search?q=" + "a" * (security.MAX_QUERY + 1), 422),
    ("/api/search?q=", 422),
    ("/api/localities/" + "x" * (security.MAX_QUERY + 1), 422),
    ("/api/documents?x=" + "y" * security.MAX_URL, 414),
])
def test_bounds(client: TestClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_json_pages_are_cut_to_the_page_bound(client: TestClient) -> None:
    body = client.get("/api/figures", params={"limit": security.MAX_PAGE + 50}).json()
    assert body["limit"] == security.MAX_PAGE


def test_security_headers_on_api(client: TestClient) -> None:
    r = client.get("/api/counts")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/localities", "/api/localities/{name}", "/api/ties", "/api/ties/{vn}/{jp}",
                 "/api/pairs",
                 "/api/events", "/api/events/{event_id}", "/api/people", "/api/organizations", "/api/figures",
                 "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/counts", "/api/overview"):
        assert path in paths
    assert not any(p.startswith("/localities") for p in paths)   # pages stay out of the API description

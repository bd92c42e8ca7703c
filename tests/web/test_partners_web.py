"""The partner page, digests, Atom feeds, GeoJSON and charts in the web application, over the partner
fixtures (tests/fixtures/partners), on both backends."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from kizuna import api
from kizuna.web import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "partners"


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def partners_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    db = new_kb(request, request.param, tmp_path_factory.mktemp("partners-web"))
    api.ingest([FIXTURES], db=db)
    return db


@pytest.fixture(scope="module")
def pc(partners_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(partners_db)) as c:
        yield c


def test_api_partners_with_reasons(pc: TestClient) -> None:
    body = pc.get("/api/partners", params={"locality": "Long An"}).json()
    assert body["locality"] == "Tây Ninh"
    names = [c["partner"] for c in body["candidates"]]
    assert names[0] == "Gunma" and "Ibaraki" not in names
    for c in body["candidates"]:
        for r in c["reasons"]:
            assert r["documents"] and r["evidence"] and r["evidence"][0]["url"].startswith("/documents/")
    # every cited sentence is there on the document page it links to
    e = body["candidates"][0]["reasons"][0]["evidence"][0]
    page = pc.get(e["url"].split("#")[0])
    assert page.status_code == 200 and "Gunma" in page.text
    existing = pc.get("/api/partners", params={"locality": "Long An", "include_existing": "true"}).json()
    assert any(c["partner"] == "Ibaraki" and c["existing"] for c in existing["candidates"])


def test_api_partners_downloads_as_csv_and_json_lines(pc: TestClient) -> None:
    import csv
    import io
    import json
    ranked = pc.get("/api/partners", params={"locality": "Long An"}).json()["candidates"]
    table = pc.get("/api/partners", params={"locality": "Long An", "format": "csv"})
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert {r["partner"] for r in rows} == {c["partner"] for c in ranked}
    assert all(r["documents"] and r["reason"] for r in rows)   # every reason cites its documents
    lines = pc.get("/api/partners", params={"locality": "Long An", "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["partner"] for line in lines] == [c["partner"] for c in ranked]


def test_api_partners_errors(pc: TestClient) -> None:
    assert pc.get("/api/partners", params={"locality": "Nowhere at all"}).status_code == 404
    assert pc.get("/api/partners", params={"locality": "Long An", "sector": "xyzzy"}).status_code == 422
    same = pc.get("/api/partners", params={"locality": "Long An", "country": "VN"})
    assert same.status_code == 200 and same.json()["candidates"] == [] and "other country" in same.json()["note"]


def test_profile_links_partner_page(pc: TestClient) -> None:
    profile = pc.get("/localities/Quảng Ninh")
    assert 'href="/partners/Qu%E1%BA%A3ng%20Ninh"' in profile.text
    page = pc.get("/partners/Quảng Ninh", params={"sector": "agriculture"})
    assert page.status_code == 200 and "Shizuoka" in page.text and 'class="cite"' in page.text


def test_digest_api_and_page(pc: TestClient) -> None:
    body = pc.get("/api/digest", params={"locality": "Gunma", "since": "2025-06-01"}).json()
    assert body["items"] and all(i["source"]["sentence"] for i in body["items"])
    page = pc.get("/digest", params={"locality": "Gunma", "since": "2025-06-01"})
    assert page.status_code == 200 and "Quang Ninh" in page.text
    assert pc.get("/api/digest", params={"since": "yesterday"}).status_code == 422


@pytest.mark.parametrize("path", ["/feeds/localities/Gunma.atom", "/feeds/sectors/agriculture.atom"])
def test_atom_feeds_parse_and_link_to_events(pc: TestClient, path: str) -> None:
    r = pc.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.entries
    for entry in feed.entries:
        assert "/events/" in entry.link and entry.updated and entry.summary
        assert pc.get(entry.link.replace("http://testserver", "")).status_code == 200


def test_unknown_feed_is_404(pc: TestClient) -> None:
    assert pc.get("/feeds/localities/Atlantis.atom").status_code == 404
    assert pc.get("/feeds/sectors/astrology.atom").status_code == 422


def test_geojson_on_localities_and_ties(pc: TestClient) -> None:
    points = pc.get("/api/localities", params={"format": "geojson"})
    assert points.headers["content-type"].startswith("application/geo+json")
    body = points.json()
    assert body["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in body["features"]} == {"Point"}
    assert all(f["properties"]["documents"] >= 1 for f in body["features"])
    lines = pc.get("/api/ties", params={"format": "geojson"}).json()
    assert {f["geometry"]["type"] for f in lines["features"]} == {"LineString"}
    assert all(len(f["geometry"]["coordinates"]) == 2 and f["properties"]["kind"] for f in lines["features"])
    assert pc.get("/api/events", params={"format": "geojson"}).status_code == 422


def test_charts_are_svg(pc: TestClient) -> None:
    overview = pc.get("/")
    assert 'src="/charts/ties.svg"' in overview.text
    for path in ("/charts/ties.svg", "/charts/localities/Gunma/events.svg"):
        r = pc.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        svg = ET.fromstring(r.text)
        bars = svg.findall(".//{http://www.w3.org/2000/svg}rect[@class='bar']")
        assert bars, path
    years = {b.get("data-year") for b in ET.fromstring(pc.get("/charts/ties.svg").text).iter()
             if b.get("class") == "bar"}
    assert {"2023", "2024", "2025"} <= years

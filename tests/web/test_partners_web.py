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


def test_cited_links_land_on_their_fact(pc: TestClient) -> None:
    """Every link of a reason or a digest item names a fact the document page holds (id="fact-...")."""
    links = [e["url"] for c in pc.get("/api/partners", params={"locality": "Long An", "include_existing": "true"})
             .json()["candidates"] for r in c["reasons"] for e in r["evidence"] if "#" in e["url"]]
    links += [i["source"]["link"] for i in pc.get("/api/digest", params={"since": "2000"}).json()["items"]]
    assert len(links) > 10
    pages: dict[str, str] = {}
    for link in links:
        path, anchor = link.split("#")
        pages.setdefault(path, pc.get(path).text)
        assert f'id="{anchor}"' in pages[path], link


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


def test_digest_by_sector_api_and_page(pc: TestClient) -> None:
    every = pc.get("/api/digest", params={"since": "2020"}).json()
    farming = pc.get("/api/digest", params={"since": "2020", "sector": "agriculture"}).json()
    assert farming["sector"] == "agriculture" and 0 < farming["documents"] < every["documents"]
    labour = pc.get("/api/digest", params={"since": "2020", "sector": "labour"}).json()
    # the Gunma governor's visit to Quảng Ninh is about schools and workers, not farming
    visit = [i for i in every["items"] if i["fact"] == "event" and i["type"] == "visit"
             and "Governor" in i["source"]["sentence"]]
    assert visit and all(i["source"]["doc_id"] in {x["source"]["doc_id"] for x in labour["items"]} for i in visit)
    assert not {i["source"]["doc_id"] for i in visit} & {i["source"]["doc_id"] for i in farming["items"]}
    assert {i["source"]["doc_id"] for i in farming["items"]} <= {i["source"]["doc_id"] for i in every["items"]}
    assert pc.get("/api/digest", params={"since": "2020", "sector": "astrology"}).status_code == 422
    # the page: the sector chosen in its form, its feed linked, the same items as its API twin
    page = pc.get("/digest", params={"since": "2020", "sector": "agriculture"})
    assert page.status_code == 200
    assert '<option value="agriculture" selected>' in page.text
    assert 'href="/feeds/sectors/agriculture.atom"' in page.text
    for item in farming["items"]:
        assert f'href="{item["source"]["link"]}"' in page.text
    assert pc.get("/digest", params={"since": "2020", "sector": ""}).status_code == 200   # "All" in the form
    assert "/feeds/sectors/" not in pc.get("/digest", params={"since": "2020"}).text


def test_sector_feed_is_the_sector_digest(pc: TestClient) -> None:
    """The sector feed and the digest by sector are one query: the same events, in the same order."""
    for sector in ("agriculture", "labour"):
        feed = feedparser.parse(pc.get(f"/feeds/sectors/{sector}.atom").content)
        found = pc.get("/api/digest", params={"since": "0000", "sector": sector}).json()
        events = [i["event_url"] for i in found["items"] if i["fact"] == "event"]
        assert events and [e.link.replace("http://testserver", "") for e in feed.entries] == events


def test_feeds_are_in_the_api_description(pc: TestClient) -> None:
    spec = pc.get("/openapi.json").json()
    for path, example in (("/feeds/localities/{name}.atom", "/feeds/localities/Gunma.atom"),
                          ("/feeds/sectors/{name}.atom", "/feeds/sectors/agriculture.atom")):
        responses = spec["paths"][path]["get"]["responses"]
        assert list(responses["200"]["content"]) == ["application/atom+xml"]
        assert responses["422"]["content"]["text/html"]
        served = pc.get(example).headers["content-type"].split(";")[0]
        assert served in responses["200"]["content"]
    assert "404" in spec["paths"]["/feeds/localities/{name}.atom"]["get"]["responses"]
    sectors = spec["paths"]["/feeds/sectors/{name}.atom"]["get"]["parameters"][0]["schema"]["$ref"]
    digest_sector = next(p for p in spec["paths"]["/api/digest"]["get"]["parameters"] if p["name"] == "sector")
    assert {"$ref": sectors} in digest_sector["schema"]["anyOf"]   # one sector vocabulary for both
    assert set(spec["paths"]["/api/partners"]["get"]["responses"]["200"]["content"]) == {
        "application/json", "text/csv", "application/x-ndjson"}
    docs = pc.get("/docs").text
    for path in ("/feeds/localities/{name}.atom", "/feeds/sectors/{name}.atom"):
        row = docs[docs.index(f"<code>{path}</code>"):]
        assert "<code>application/atom+xml</code>" in row[:row.index("</tr>")]


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


def test_feed_ids_are_iris_of_the_unit(pc: TestClient) -> None:
    """RFC 4287: atom:id and the self link are IRIs (no spaces), one per feed whatever spelling asked;
    the self link serves the same feed; entry ids are unique."""
    import re
    from urllib.parse import urlsplit
    feeds = [feedparser.parse(pc.get(f"/feeds/localities/{n}.atom").content) for n in ("Quảng Ninh", "quang ninh")]
    assert feeds[0].feed.id == feeds[1].feed.id
    for feed in feeds:
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        for iri in [feed.feed.id, self_link] + [e.id for e in feed.entries]:
            parts = urlsplit(iri)
            assert parts.scheme == "http" and parts.netloc and not re.search(r"\s", iri), iri
        assert len({e.id for e in feed.entries}) == len(feed.entries)
        again = feedparser.parse(pc.get(urlsplit(self_link).path).content)
        assert again.feed.id == feed.feed.id and [e.id for e in again.entries] == [e.id for e in feed.entries]


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

"""Server-rendered pages: each one answers, shows what its users look for, escapes article text,
and speaks the interface language asked for."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

PAGES = ["/", "/localities", "/localities/Quảng Ninh", "/localities/tay ninh", "/localities/Long An",
         "/ties",
         "/ties/Quảng Ninh/Gunma", "/events", "/documents", "/people", "/organizations", "/figures",
         "/search?q=gunma", "/search", "/docs"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_with_html_and_security_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "<script>" not in r.text.replace('<script src="/static/kizuna.js" defer></script>', "")
    assert ' style="' not in r.text and " onclick=" not in r.text   # the CSP would block them anyway


def test_overview_map_links_ties_and_localities(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/ties/Qu%E1%BA%A3ng%20Ninh/Gunma"' in html
    assert 'href="/localities/Gunma"' in html
    assert '<image href="/map/base.svg"' in html
    assert re.search(r'class="tie k-agreement"', html)


def test_base_map_is_svg_with_both_countries(client: TestClient) -> None:
    r = client.get("/map/base.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    if 'class="vn"' not in r.text:
        pytest.skip("world-atlas not installed into kizuna/web/static/vendor (run `make`)")
    assert 'class="jp"' in r.text


def test_merged_province_shows_old_units_marked(client: TestClient) -> None:
    html = client.get("/localities/Tây Ninh").text
    assert "Long An" in html and "as-old" in html
    old = client.get("/localities/Long An").text
    assert 'href="/localities/T%C3%A2y%20Ninh"' in old


def test_document_page_highlights_evidence_with_the_fact_on_hover(client: TestClient,
                                                                  doc_ids: dict[str, str]) -> None:
    html = client.get(f"/documents/{doc_ids['vi_quangninh']}").text
    marks = re.findall(r'<mark class="ev k-(\w+)[^"]*" data-facts="([^"]*)" title="([^"]*)">', html)
    assert {kind for kind, _, _ in marks} >= {"locality", "person"}
    assert any("Yamamoto Ichita" in title for _, _, title in marks)
    ids = set(re.findall(r'<li id="(fact-[^"]+)"', html))
    assert all(i in ids for _, facts, _ in marks for i in facts.split())


def test_hostile_article_is_escaped_everywhere(client: TestClient, doc_ids: dict[str, str]) -> None:
    for url in (f"/documents/{doc_ids['hostile']}", "/documents", "/search?q=kitakyushu", "/events", "/"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert 'href="javascript:' not in html and "<iframe" not in html
    html = client.get(f"/documents/{doc_ids['hostile']}").text
    assert "&lt;script&gt;window.__pwned=" in html
    assert 'class="original"' not in html   # its javascript: URL is not made a link


def test_event_page_lists_participants_and_sources(client: TestClient) -> None:
    event = client.get("/api/events", params={"locality": "Ibaraki"}).json()["items"][0]
    html = client.get(f"/events/{event['id']}").text
    assert "Nguyen Minh Lam" in html
    assert all(f'/documents/{d["doc_id"]}' in html for d in event["documents"])


def test_filters_form_sends_empty_values(client: TestClient) -> None:
    r = client.get("/events?locality=&country=&since=&until=&sector=&event_type=&language=")
    assert r.status_code == 200
    assert client.get("/events?country=JP&event_type=visit").status_code == 200


def test_pagination_links(client: TestClient) -> None:
    html = client.get("/figures?limit=1").text
    assert 'rel="next" href="/figures?limit=1&amp;offset=1"' in html
    assert client.get("/figures?limit=20000").status_code == 422


def test_downloads_linked_from_lists(client: TestClient) -> None:
    html = client.get("/events?country=VN").text
    assert "/api/events?country=VN&amp;format=csv&amp;limit=10000" in html


def test_not_found_pages(client: TestClient) -> None:
    for url in ("/localities/Atlantis", "/events/424242", "/documents/" + "a" * 40, "/nothing-here",
                "/ties/Gunma/Osaka"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), url


def test_a_method_not_allowed_page_says_which_are(client: TestClient) -> None:
    """A 405 names the methods the path takes (RFC 9110), on pages and feeds as on the API."""
    for url in ("/digest", "/feeds/sectors/agriculture.atom", "/api/digest"):
        r = client.request("TRACE", url)
        assert r.status_code == 405 and r.headers["allow"] == "GET", url


# -- languages -----------------------------------------------------------------------------------

def test_language_from_accept_language(client: TestClient) -> None:
    fresh = TestClient(client.app)
    html = fresh.get("/", headers={"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}).text
    assert '<html lang="ja">' in html and "概要" in html and "群馬県" in html
    html = fresh.get("/", headers={"Accept-Language": "vi"}).text
    assert '<html lang="vi">' in html and "Tổng quan" in html
    assert '<html lang="en">' in fresh.get("/", headers={"Accept-Language": "de"}).text


def test_language_switch_is_remembered(client: TestClient) -> None:
    fresh = TestClient(client.app)
    r = fresh.get("/localities?lang=vi")
    assert "Địa phương" in r.text and r.cookies.get("kizuna_lang") == "vi"
    again = fresh.get("/events", headers={"Accept-Language": "ja"})
    assert '<html lang="vi">' in again.text                    # the cookie wins over the browser
    links = re.findall(r'href="([^"]*lang=ja[^"]*)"', again.text)
    assert links and all(link.startswith("/events?") for link in links)


def test_locality_names_follow_the_interface_language(client: TestClient) -> None:
    fresh = TestClient(client.app)
    html = fresh.get("/localities/Gunma?lang=ja").text
    assert "群馬県" in html and "クアンニン" in html


def test_a_document_page_lists_its_copies(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from kizuna import api
    from kizuna.web.app import create_app
    text = ("Ngày 4/3, tỉnh Bắc Ninh và tỉnh Tochigi đã ký biên bản ghi nhớ hợp tác về đào tạo nhân lực "
            "và thu hút đầu tư vào các khu công nghiệp, trong chuyến thăm của Thống đốc Fukuda Tomikazu. "
            "Hai bên thống nhất mỗi năm tổ chức một hội nghị kết nối doanh nghiệp luân phiên tại mỗi địa phương.\n")
    (tmp_path / "a.txt").write_text("Bắc Ninh ký kết với Tochigi\n\n05/03/2025 08:00\n\n" + text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tochigi và Bắc Ninh hợp tác\n\n05/03/2025 10:30\n\n(Ảnh: Cổng thông tin)\n\n"
                                    + text, encoding="utf-8")
    db = tmp_path / "k.db"
    api.ingest([tmp_path / "a.txt", tmp_path / "b.txt"], db=db)
    client = TestClient(create_app(db))
    docs = client.get("/api/documents").json()["items"]
    first = next(d for d in docs if d["source"].endswith("a.txt"))
    detail = client.get(f"/api/documents/{first['id']}").json()
    assert [c["source"].endswith("b.txt") for c in detail["copies"]] == [True]
    page = client.get(f"/documents/{first['id']}").text
    assert "Copies of this article" in page and "Tochigi và Bắc Ninh hợp tác" in page


def test_a_document_with_many_copies_lists_the_closest_and_counts_the_rest(tmp_path, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from kizuna import api
    from kizuna.store import browse
    from kizuna.web.app import create_app
    text = ("Ngày 4/3, tỉnh Bắc Ninh và tỉnh Tochigi đã ký biên bản ghi nhớ hợp tác về đào tạo nhân lực "
            "và thu hút đầu tư vào các khu công nghiệp, trong chuyến thăm của Thống đốc Fukuda Tomikazu. "
            "Hai bên thống nhất mỗi năm tổ chức một hội nghị kết nối doanh nghiệp luân phiên tại mỗi địa phương.\n")
    for name, head in (("a", "Bắc Ninh ký kết với Tochigi"), ("b", "Tochigi và Bắc Ninh hợp tác"),
                       ("c", "Bắc Ninh, Tochigi: biên bản ghi nhớ")):
        (tmp_path / f"{name}.txt").write_text(f"{head}\n\n05/03/2025 08:00\n\n" + text, encoding="utf-8")
    db = tmp_path / "k.db"
    api.ingest([tmp_path / f"{name}.txt" for name in "abc"], db=db)
    monkeypatch.setattr(browse, "COPIES_LISTED", 1)
    client = TestClient(create_app(db))
    first = next(d for d in client.get("/api/documents").json()["items"] if d["source"].endswith("a.txt"))
    detail = client.get(f"/api/documents/{first['id']}").json()
    assert detail["copies_total"] == 2 and len(detail["copies"]) == 1
    page = client.get(f"/documents/{first['id']}").text
    assert "1 more copies, less similar, are not listed." in page

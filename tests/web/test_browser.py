"""The web application in a real browser: Debian's Chromium driven by Playwright, headless, with
background networking off, against a server started here on a free loopback port.

Walks what a user does (overview -> tie on the map -> locality -> event -> document with its
evidence highlighted; switching the interface language; searching without diacritics), checks that
nothing from the hostile article ever runs, and writes a screenshot of each page at 1280x800 into
$KIZUNA_SCREENSHOTS or tests-output/screenshots/<timestamp>/ (the folder is printed at the end).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install the Debian package chromium", allow_module_level=True)

uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from kizuna.web import create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def base_url(web_db: str) -> Iterator[str]:
    with served(create_app(web_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object, base_url: str) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=VIEWPORT, base_url=base_url, locale="en-US")
    page = context.new_page()
    page.dialogs = []   # any alert()/confirm() the page opens: hostile script that ran
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


from .conftest import served


def _shot(page: object, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))  # type: ignore[attr-defined]


def test_overview_to_tie_to_locality_to_event_to_document(page, shots: Path) -> None:
    page.goto("/")
    assert page.locator("svg.map a.tie").count() >= 3
    _shot(page, shots, "01-overview")

    # Click the middle of the drawn line, where a user would: a curve's bounding box centre is off it.
    x, y = page.locator('svg.map a.tie[data-vn="Quảng Ninh"][data-jp="Gunma"] path.line').evaluate(
        """path => { const p = path.getPointAtLength(path.getTotalLength() / 2);
                     const m = path.getScreenCTM();
                     return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f]; }""")
    page.mouse.click(x, y)
    page.wait_for_url("**/ties/**")
    assert "Gunma" in page.locator("h1").inner_text()
    assert page.locator("ol.history li.step").count() >= 2
    _shot(page, shots, "02-tie")

    page.locator("h1 a.loc", has_text="Quảng Ninh").click()
    page.wait_for_url("**/localities/**")
    assert page.locator("table.list").first.inner_text().count("Gunma") >= 1
    _shot(page, shots, "03-locality")

    page.locator("ol.timeline a.event").first.click()
    page.wait_for_url("**/events/**")
    assert page.locator("dl.facts").is_visible()
    _shot(page, shots, "04-event")

    page.locator("main a.source").first.click()
    page.wait_for_url("**/documents/**")
    marks = page.locator("article.text mark.ev")
    assert marks.count() >= 3
    person = page.locator("article.text mark.ev.k-person").first
    person.hover()
    card = page.locator("#fact-card")
    sync_api.expect(card).to_be_visible()
    assert "Governor" in card.inner_text()
    assert page.locator("li.fact.active").count() >= 1
    _shot(page, shots, "05-document")


def test_hostile_article_runs_nothing(page, base_url: str, shots: Path) -> None:
    page.goto("/documents?language=en")
    page.locator("table.list a", has_text="Kitakyushu").first.click()
    page.wait_for_url("**/documents/**")
    text = page.locator("article.text").inner_text()
    assert "<script>window.__pwned='body'</script>" in text        # shown as text, not run
    page.locator("article.text mark.ev").first.hover()
    for link in page.locator("a").all():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    _shot(page, shots, "06-hostile-document")
    for url in ("/", "/documents", "/events", "/search?q=kitakyushu", "/people", "/ties"):
        page.goto(url)
        page.locator("body").hover()
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def test_switch_language_to_vietnamese_and_japanese(page, shots: Path) -> None:
    page.goto("/localities/Gunma")
    page.locator("ul.langs a[data-lang=vi]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Tổng quan" in page.locator("header nav").inner_text()
    _shot(page, shots, "07-locality-vi")
    page.goto("/")                                                 # remembered on the next page
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("ul.langs a[data-lang=ja]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "概要" in page.locator("header nav").inner_text()
    assert "群馬県" in page.locator("svg.map").inner_html()
    _shot(page, shots, "08-overview-ja")


def test_search_without_diacritics(page, shots: Path) -> None:
    page.goto("/")
    page.locator("header form.search input[name=q]").fill("quang ninh")
    page.locator("header form.search button").click()
    page.wait_for_url("**/search?q=quang+ninh")
    marks = page.locator("ol.hits .snippet mark")
    assert marks.count() >= 1 and "Quảng Ninh" in marks.all_inner_texts()
    assert page.locator("ul.entities a.loc", has_text="Quảng Ninh").count() == 1
    _shot(page, shots, "09-search")


def test_every_list_page_screenshot(page, shots: Path) -> None:
    for name, url in (("10-localities", "/localities"), ("11-ties", "/ties"), ("12-events", "/events"),
                      ("13-people", "/people"), ("14-figures", "/figures"), ("15-documents", "/documents"),
                      ("16-api", "/docs"), ("17-merged-tay-ninh", "/localities/Tây Ninh")):
        page.goto(url)
        sync_api.expect(page.locator("main h1")).to_be_visible()
        _shot(page, shots, name)


# -- curation: log in, reject a tie, see it gone, re-extract, still gone --------------------------

@pytest.fixture(scope="module")
def editable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """An editable server over its own copy of the articles (the shared one stays unreviewed)."""
    from kizuna import api, curation

    from .conftest import ARTICLES
    db = str(tmp_path_factory.mktemp("browser-curation") / "kizuna.db")
    api.ingest([ARTICLES], db=db)
    curation.add_user(db, "ed", "editor", "correct horse battery")
    with served(create_app(db, editable=True)) as url:
        yield url, db


def test_log_in_reject_a_tie_and_it_stays_gone_after_reextract(browser, editable_server, shots: Path) -> None:
    from kizuna import api
    base, db = editable_server
    context = browser.new_context(viewport=VIEWPORT, base_url=base, locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto("/")
        line = 'svg.map a.tie[data-vn="Hải Phòng"][data-jp="Kitakyushu"]'
        assert page.locator(line).count() == 1
        page.locator("a.login").click()
        page.fill('input[name="username"]', "ed")
        page.fill('input[name="password"]', "correct horse battery")
        page.locator('form.login button[type="submit"]').click()
        page.wait_for_url(base + "/")
        assert "ed" in page.locator(".account .me").inner_text()

        page.goto("/ties/Hải Phòng/Kitakyushu")
        _shot(page, shots, "10-tie-before-review")
        page.locator("ol.history li.step button.reject").first.click()
        page.wait_for_load_state()
        _shot(page, shots, "11-tie-rejected")

        def gone() -> None:
            page.goto("/")
            assert page.locator(line).count() == 0
            page.goto("/ties")
            assert "Kitakyushu" not in page.locator("main").inner_text()
            assert page.locator("table.list").count() >= 1
        gone()
        _shot(page, shots, "12-partnerships-without-it")
        page.goto("/reviews")
        assert "reject" in page.locator("table.reviews").inner_html().lower()

        api.reextract(db)
        gone()
        page.goto("/ties?include=rejected")
        assert "Kitakyushu" in page.locator("main").inner_text()
    finally:
        context.close()

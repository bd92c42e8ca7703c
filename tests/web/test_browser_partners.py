"""The partner page and the charts in Debian's Chromium (Playwright, headless), against a server over
the partner fixtures (tests/fixtures/partners): profile -> partner suggestions -> a cited sentence's
document; the overview's chart loads as an image; the digest filtered by sector in its form.
Screenshots go where test_browser.py puts its own (the `shots` fixture of conftest)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install the Debian package chromium", allow_module_level=True)

uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from kizuna import api
from kizuna.web import create_app

from .conftest import served
from .test_browser import ARGS, VIEWPORT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "partners"


@pytest.fixture(scope="module")
def partners_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("partners-browser") / "kizuna.db"
    api.ingest([FIXTURES], db=db)
    with served(create_app(db)) as url:
        yield url


@pytest.fixture()
def page(partners_url: str) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport=VIEWPORT, base_url=partners_url, locale="en-US")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.errors = errors
        yield page
        context.close()
        browser.close()


def test_profile_to_partner_suggestions_to_cited_sentence(page, shots: Path) -> None:
    page.goto("/localities/Long%20An")
    page.click("a.partners-link")
    page.wait_for_url("**/partners/**")
    first = page.locator("li.candidate").first
    assert first.get_attribute("data-partner") == "Gunma"
    assert first.locator("li.reason").count() >= 1
    page.screenshot(path=str(shots / "partners-01-suggestions.png"))
    # choose a sector and rank again
    page.select_option("select[name=sector]", "agriculture")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**sector=agriculture**")
    assert page.locator("li.candidate").count() >= 2
    cite = page.locator("li.candidate a.cite").first
    sentence = cite.inner_text().strip("“”\"")
    cite.click()
    page.wait_for_url("**/documents/**")
    assert sentence[:40] in " ".join(page.locator("article#text").inner_text().split())
    page.screenshot(path=str(shots / "partners-02-cited-document.png"))


def test_overview_and_profile_charts_load(page, shots: Path) -> None:
    for path in ("/", "/localities/Gunma"):
        page.goto(path)
        chart = page.locator("img.chart")
        chart.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll('img.chart')].every(i => i.complete)")
        assert chart.evaluate("img => img.naturalWidth") > 0, path
    page.screenshot(path=str(shots / "partners-03-profile-chart.png"))
    assert not [e for e in page.errors if "Content Security Policy" in e]


def test_digest_by_sector_in_the_form(page, shots: Path) -> None:
    page.goto("/digest?since=2020")
    everything = page.locator("ul.digest li").count()
    assert everything and not page.locator("a.feed").count()
    page.select_option("select[name=sector]", "agriculture")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**sector=agriculture**")
    assert 0 < page.locator("ul.digest li").count() < everything
    assert page.locator("select[name=sector]").input_value() == "agriculture"
    assert "Governor" not in page.locator("main").inner_text()   # the Gunma visit is about workers
    feed = page.locator("a.feed[href='/feeds/sectors/agriculture.atom']")
    assert feed.count() == 1
    page.screenshot(path=str(shots / "partners-04-digest-sector.png"))
    # back to every sector ("All" sends an empty sector, which the page reads as none)
    page.select_option("select[name=sector]", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/digest?*sector=")
    assert page.locator("ul.digest li").count() == everything
    assert not [e for e in page.errors if "Content Security Policy" in e]

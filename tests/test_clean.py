"""Cleaning: main text kept exactly, boilerplate dropped, titles and publication dates found."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.clean import clean, clean_page, find_published
from kizuna.errors import InputError
from kizuna.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_vietnamese_page_keeps_the_article_and_drops_menus_and_lists() -> None:
    cleaned = clean_page(_page("page_vi.txt"))
    assert cleaned.text.startswith("Chiều 13-8, Phó Chủ tịch UBND thành phố Hải Phòng")
    assert "mong muốn hợp tác lâu dài" in cleaned.text
    for boilerplate in ("Trang chủ", "Tin liên quan", "Sakai", "Saitama", "Thanh Hóa", "Lào Cai"):
        assert boilerplate not in cleaned.text
    assert cleaned.title == "Hải Phòng và Kanagawa bàn cách đưa kỹ sư trẻ sang làm việc"
    assert cleaned.published == "2025-08-14"


def test_swedish_page_drops_comments_related_list_and_file_names() -> None:
    cleaned = clean_page(_page("page_sv.txt"))
    assert "tog ordföranden för folkkommittén i Lam Dong-provinsen emot" in cleaned.text
    assert "(Foto: VNA)" in cleaned.text            # a caption is article text
    for boilerplate in ("Kommentar", "I samma ämne", "Saitama", "Hue lockar", ".jpg", "Vietnam.vn"):
        assert boilerplate not in cleaned.text
    assert cleaned.published == "2025-06-12"


def test_kept_lines_are_unchanged_lines_of_the_page() -> None:
    page = _page("page_vi.txt")
    for paragraph in clean_page(page).text.split("\n\n"):
        assert paragraph in page


def test_header_date_is_read_and_removed() -> None:
    cleaned = clean_page(" date 2024-09 Sáng 12-9, đoàn công tác của tỉnh Bắc Ninh đã đến tỉnh Shizuoka để tìm hiểu "
                         "về công nghiệp chế tạo.")
    assert cleaned.published == "2024-09"
    assert cleaned.text.startswith("Sáng 12-9")


def test_no_date_means_none_not_a_guess() -> None:
    cleaned = clean_page("Ngày 7/10, tại thành phố Buôn Ma Thuột, hội thảo về hợp tác với các đối tác Nhật Bản "
                         "đã diễn ra với sự tham gia của nhiều doanh nghiệp.")
    assert cleaned.published is None


@pytest.mark.parametrize("line, expected", [
    ("ClockThứ Ba, 25/11/2025 15:50", "2025-11-25"),
    ("VietnamPlusVietnamPlus03/02/2024", "2024-02-03"),
    ("2025年11月25日 10時00分", "2025-11-25"),
    ("November 5, 2025 | 08:14 GMT+7", "2025-11-05"),
    ("den 5 november 2025", "2025-11-05"),
    ("le 5 novembre 2025", "2025-11-05"),
    ("Ngày 7/10", None),
    ("31/02/2025", None),
])
def test_datelines(line: str, expected: str | None) -> None:
    assert find_published([line]) == expected


def test_record_metadata_wins_and_text_is_cleaned() -> None:
    raw = RawDocument(source="x.json", kind="record", title="Tiêu đề", published="2025-01-02",
                      url="https://example.org/a", text=_page("page_vi.txt"))
    cleaned = clean(raw)
    assert cleaned.published == "2025-01-02" and cleaned.title == "Tiêu đề" and cleaned.url == "https://example.org/a"
    assert "Đọc nhiều" not in cleaned.text


def test_html_page_with_trafilatura_and_htmldate() -> None:
    html = """<html><head><title>Gunma and Quang Ninh</title>
    <meta property="article:published_time" content="2025-11-25T10:00:00+07:00"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Gunma governor visits Quang Ninh</h1>
    <p>The Governor of Gunma Prefecture arrived in Quang Ninh province on Tuesday for the first local cooperation
    forum between the two countries, bringing a delegation of business leaders.</p>
    <p>Both sides agreed to expand training programmes for nurses and mechanical engineers next year.</p></article>
    <aside><h3>Related news</h3><ul><li>Osaka firms eye Da Nang</li></ul></aside>
    <footer>Copyright 2025 Example News</footer></body></html>"""
    cleaned = clean(RawDocument(source="page.html", kind="html", text=html))
    assert "arrived in Quang Ninh province" in cleaned.text
    assert "Osaka" not in cleaned.text and "Copyright" not in cleaned.text
    assert cleaned.published == "2025-11-25"


def test_a_page_with_only_boilerplate_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        clean(RawDocument(source="empty.txt", kind="text", text="Tin liên quan\nĐọc nhiều\n"))
    assert err.value.path == "empty.txt"


@pytest.mark.parametrize("name", ["001", "002", "004"])
def test_shared_seeds_boilerplate_is_gone(name: str) -> None:
    if not SHARED.exists():
        pytest.skip("../shared/corpus is not present: the shared-corpus checks are skipped")
    seed = next((SHARED / "seeds").glob(f"{name}_*.txt"))
    gold = json.loads((SHARED / "gold" / (seed.stem + ".json")).read_text(encoding="utf-8"))
    cleaned = clean(RawDocument(source=str(seed), kind="text", text=seed.read_text(encoding="utf-8")))
    from kizuna.gazetteer import load
    from kizuna.link import link
    found = {m.name for m in link(cleaned.text, load())}
    assert found == set(gold["vn_localities"]) | set(gold["jp_localities"])
    assert cleaned.published == gold["published"]

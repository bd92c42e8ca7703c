"""Cleaning: main text kept exactly, boilerplate dropped, titles and publication dates found."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizuna.clean import clean, clean_page, find_published, headline_of
from kizuna.clean.page import classify
from kizuna.clean.published import find_timestamp
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


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
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


# Fixture pages written for these tests: (file, text that must stay, text that must go, title, published).
PAGES = [
    ("vi_related.txt",
     ["tỉnh Nghệ An do Phó Chủ tịch", "hơn 3.000 lao động Việt Nam", "(Ảnh: Minh Khoa)"],
     ["Trang chủ", "Facebook", "Đà Nẵng", "Cà Mau", "Huế", "Kiên Giang", "Hà Nội", "Bình Định", ".jpg", "©",
      "Tin liên quan"],
     "Nghệ An và tỉnh Shizuoka mở rộng hợp tác đào tạo nhân lực kỹ thuật", "2025-11-24"),
    ("en_widgets.txt",
     ["toured industrial parks in Bac Ninh", "not for one contract,\""],
     ["Hai Phong", "Hue", "Binh Duong", "Ninh Binh", "Quang Tri", "Tags", "Share", "Copy link", "Comments",
      "All rights reserved", "Home |"],
     "Bac Ninh courts semiconductor suppliers from Fukuoka", "2025-11-20"),
    ("ja_kanren.txt",
     ["ゲアン省の代表団と県庁で会談し", "記者団に語った。"],
     ["北海道", "大阪", "福岡", "関連記事", "アクセスランキング", "トップ"],
     "静岡県とベトナム・ゲアン省が人材育成で協力へ", "2025-11-21"),
    ("sv_kommentar.txt",
     ["tog ledningen för Nghe An emot", "(Foto: Lan Anh)", "över 40 000 vietnamesiska"],
     ["Lao Cai", "Ben Tre", "Kommentar", "Källa", "Nyhetsportalen", ".jpg", "Av samma"],
     "Nghe An och Aichi prefektur enas om att utbilda fler tekniker", "2025-10-24"),
    ("fr_no_date.txt",
     ["Le 7 octobre, une réunion", "dans la préfecture de Nagano."],
     ["Tuyen Quang", "Lang Son", "Soc Trang", "Tous droits", "Le Courrier"],
     "Dak Nong et la préfecture de Nagano renforcent leurs échanges agricoles", None),
    ("de_inline_box.txt",
     ["die japanische Präfektur wollen", "zwölf Unternehmen aus der Präfektur in Thai Nguyen",
      "Universitäten beider Regionen ausbauen."],
     ["Lao Cai", "Ha Giang", "Yen Bai", "Mehr zum Thema", "Kommentare"],
     "Thai Nguyen und die Präfektur Hyogo planen gemeinsames Technologiezentrum", None),
    ("es_list.txt",
     ["- Formación de técnicos agrícolas en Kagoshima", "- Promoción del turismo de naturaleza en Vinh Long",
      "en una reunión anual."],
     ["Tra Vinh", "Hau Giang", "arroz", "relacionadas"],
     "Vinh Long y la prefectura de Kagoshima firman un plan de cooperación", "2025-10-25"),
]


@pytest.mark.parametrize("name, kept, dropped, title, published", PAGES, ids=[p[0] for p in PAGES])
def test_fixture_pages(name: str, kept: list[str], dropped: list[str], title: str, published: str | None) -> None:
    page = _page(name)
    cleaned = clean(RawDocument(source=name, kind="text", text=page))
    for phrase in kept:
        assert phrase in cleaned.text
    body = cleaned.text[cleaned.headline_end:]
    for phrase in dropped:
        assert phrase not in cleaned.text
    # the headline opens the text (it is main text) and is not repeated in the body
    assert cleaned.text.startswith(f"{title}\n\n") and cleaned.headline_end == len(title)
    assert title not in body.split("\n\n")
    assert cleaned.title == title
    assert cleaned.published == published
    for paragraph in cleaned.text.split("\n\n"):
        assert paragraph in page.split("\n") or paragraph in [line.strip() for line in page.split("\n")]


def test_an_unpunctuated_sapo_is_article_text_not_the_title() -> None:
    cleaned = clean_page(_page("page_sv.txt"))
    assert cleaned.title == "Guvernören i Nagano besökte Lam Dong"
    assert cleaned.text.startswith("Guvernören i Nagano-prefekturen uppmanade")


def test_a_share_widget_under_the_lead_does_not_cut_the_article() -> None:
    page = "\n".join([
        "Long An và Ibaraki ký kết biên bản ghi nhớ về nông nghiệp",
        "Hai địa phương cam kết chia sẻ kinh nghiệm trồng rau công nghệ cao trong ba năm tới.",
        "Chia sẻ", "Bình luận (0)",
        "Buổi lễ diễn ra tại trụ sở UBND tỉnh với sự có mặt của đại diện nhiều doanh nghiệp hai bên.",
        "Theo biên bản, tỉnh Ibaraki sẽ cử chuyên gia sang hướng dẫn nông dân về quy trình canh tác sạch.",
        "Đại diện doanh nghiệp Nhật Bản cho biết họ sẵn sàng mở rộng vùng nguyên liệu tại tỉnh Long An.",
    ])
    cleaned = clean_page(page)
    assert "cử chuyên gia sang hướng dẫn" in cleaned.text and "vùng nguyên liệu tại tỉnh Long An." in cleaned.text
    assert "Chia sẻ" not in cleaned.text and "Bình luận" not in cleaned.text


def test_a_related_list_without_heading_ends_the_article() -> None:
    page = "\n".join([
        "Tokyo reaffirms support for Can Tho flood defences and clean water projects in the delta region.",
        "Engineers from both sides will survey the river banks together in the dry season next year.",
        "Lam Dong flower growers look for buyers in Osaka and Kobe",
        "Quang Nam marks the anniversary of its sister ties with a Japanese town",
        "Gia Lai opens a new coffee processing plant with foreign partners",
        "Dong Nai industrial parks attract record capital in the third quarter",
    ])
    cleaned = clean_page(page)
    assert "dry season next year." in cleaned.text
    assert "Lam Dong" not in cleaned.text and "Dong Nai" not in cleaned.text


def test_a_glued_teaser_inside_the_body_is_dropped() -> None:
    page = "\n".join([
        "Thành phố Đà Nẵng tiếp đoàn đại biểu tỉnh Kumamoto trong chuyến thăm và làm việc ba ngày.",
        "Kết nối du lịch hai nướcBình Thuận quảng bá bãi biển tới du khách Nhật Bản dịp cuối năm",
        "Hai bên đã thảo luận việc mở đường bay thẳng và trao đổi học sinh giữa các trường phổ thông.",
    ])
    cleaned = clean_page(page)
    assert "Bình Thuận" not in cleaned.text and "trao đổi học sinh" in cleaned.text


@pytest.mark.parametrize("line", [
    "Tin bài liên quan", "ĐỌC NHIỀU", "Related news", "Most read", "関連記事", "I samma ämne", "Av samma författare",
    "Sur le même sujet", "Mehr zum Thema", "Noticias relacionadas", "Notícias relacionadas", "Berita terkait",
    "Читайте также", "相关新闻", "관련 기사", "Kommentar (0)", "Comments (12)", "© 2025 Example Media",
    "Bản quyền thuộc về Báo Điện tử", "Alle Rechte vorbehalten.",
])
def test_boilerplate_headings_in_every_language(line: str) -> None:
    assert classify(line).heading


@pytest.mark.parametrize("line", [
    "Bình luận viên nổi tiếng người Nhật đến thăm tỉnh Gunma trong tháng này.",
    "The related agreement was signed in Osaka on Monday.",
    "Mehr zum Thema Ausbildung erklärte der Gouverneur am Dienstag.",
    "関連する協定が大阪で署名された。",
    "Copyrighted software was one of the topics of the forum.",
])
def test_article_sentences_are_not_headings(line: str) -> None:
    line_info = classify(line)
    assert not line_info.heading and not line_info.junk


@pytest.mark.parametrize("line", [
    "ttxvn-2511-gunma-quang-ninh.jpg", "Xem thêm: Doanh nghiệp Đà Nẵng tìm đối tác", "Read more: Hue festival opens",
    "Läs också: Hanoi växer", "Lire aussi : Hué accueille un festival", "Baca juga: Bali dan Osaka",
    "Tags: Long An, Ibaraki", "Từ khóa: Hậu Giang", "[Video] Thanh Hóa đón khách", "[Infographic] Kinh tế 2025",
    "Theo vietnamplus.vn", "Källa: https://example.org/a", "Facebook | Zalo | Twitter",
    "We use cookies to improve your experience. Accept",
])
def test_junk_lines(line: str) -> None:
    assert classify(line).junk


@pytest.mark.parametrize("line, expected", [
    ("Tuesday, November 25th, 2025", "2025-11-25"),
    ("1er décembre 2025", "2025-12-01"),
    ("25. November 2025, 10:00 Uhr", "2025-11-25"),
    ("25 de noviembre de 2025", "2025-11-25"),
    ("25 de novembro de 2025", "2025-11-25"),
    ("Selasa, 25 November 2025", "2025-11-25"),
    ("25 ноября 2025 г.", "2025-11-25"),
    ("2025년 11월 25일", "2025-11-25"),
    ("2025-11-25T08:00:00+07:00", "2025-11-25"),
    ("11/25/2025 3:50 PM", "2025-11-25"),
    ("25.11.2025", "2025-11-25"),
    ("Năm 2025 là năm bản lề", None),
    ("November 2025", None),
])
def test_datelines_in_more_languages(line: str, expected: str | None) -> None:
    assert find_published([line]) == expected


def test_a_timestamp_glued_to_the_lead_is_the_date_but_a_date_in_prose_is_not() -> None:
    assert find_timestamp("25/11/2025 15:50 GMT+7 Quảng Ninh đón đoàn công tác tỉnh Gunma.") == "2025-11-25"
    assert find_timestamp("Ngày 25/11/2025, tỉnh Quảng Ninh đón đoàn công tác tỉnh Gunma.") is None
    lead_only = clean_page("Ngày 25/11/2025, tỉnh Quảng Ninh đón đoàn công tác của tỉnh Gunma sang thăm và làm việc.")
    assert lead_only.published is None


def test_the_dateline_under_the_title_wins_over_the_banner_date() -> None:
    page = "\n".join([
        "Thứ Bảy, 29/11/2025", "Báo Điện tử Ví Dụ",
        "Bắc Giang và Tochigi hợp tác phát triển nông nghiệp xanh",
        "Thứ Ba, 25/11/2025 08:00",
        "Lãnh đạo hai địa phương đã ký kết thỏa thuận hợp tác về nông nghiệp xanh tại Bắc Giang hôm qua.",
    ])
    assert clean_page(page).published == "2025-11-25"


def test_record_title_is_not_guessed_and_not_kept_in_the_body() -> None:
    text = ("Hà Nam và Okayama hợp tác\nĐoàn công tác của tỉnh Okayama đã đến thăm tỉnh Hà Nam để bàn về đào tạo "
            "nghề cho thanh niên.")
    cleaned = clean(RawDocument(source="r.jsonl#L1", kind="record", text=text, title="Hà Nam và Okayama hợp tác"))
    assert cleaned.title == "Hà Nam và Okayama hợp tác"
    assert cleaned.text.startswith("Đoàn công tác")


def test_shared_seed_lines_after_the_page_tail_do_not_survive() -> None:
    """On every seed, no line that comes after the first boilerplate heading following the
    article is in the cleaned text (related lists, widgets, footers)."""
    if not SHARED.exists():
        pytest.skip("../shared/corpus is not present: the shared-corpus checks are skipped")
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        page = seed.read_text(encoding="utf-8")
        cleaned = clean(RawDocument(source=str(seed), kind="text", text=page))
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        kept = set(cleaned.text.split("\n\n"))
        last_kept = max(i for i, line in enumerate(lines) if line in kept)
        tail = [i for i, line in enumerate(lines) if i > last_kept and classify(line).heading]
        if tail:
            assert not kept & set(lines[tail[0]:])


def test_html_fixture_keeps_the_article_and_drops_tags_related_and_footer() -> None:
    page = _page("en_related.html")
    cleaned = clean(RawDocument(source="en_related.html", kind="html", text=page, url="https://example.org/x"))
    assert "delegation from Nghe An province met officials of Shizuoka" in cleaned.text
    assert "most of them in food processing." in cleaned.text
    for boilerplate in ("Binh Dinh", "Da Nang", "Ca Mau", "Hue", "Kien Giang", "Hanoi", "Copyright", "Home"):
        assert boilerplate not in cleaned.text
    assert cleaned.title == "Nghe An and Shizuoka expand vocational training ties"
    assert cleaned.title not in cleaned.text.split("\n\n")
    assert cleaned.published == "2025-11-24" and cleaned.url == "https://example.org/x"


@pytest.mark.parametrize("page, published, starts", [
    (" date 2025-03 Sáng 30-3, đoàn công tác tỉnh Long An thăm tỉnh Ibaraki để bàn về hợp tác đầu tư.",
     "2025-03", "Sáng 30-3"),
    ("Published: 25/11/2025\nThe Gunma delegation arrived in Quang Ninh for a two-day forum on local ties.",
     "2025-11-25", "The Gunma"),
    ("title Okayama và Hà Nam\ndate 2024-07\nĐoàn đại biểu tỉnh Okayama đã làm việc với lãnh đạo tỉnh Hà Nam.",
     "2024-07", "Đoàn đại biểu"),
    ("Ngày 25/11/2025, tỉnh Quảng Ninh đón đoàn công tác của tỉnh Gunma sang thăm và làm việc tại địa phương.",
     None, "Ngày 25/11/2025, tỉnh"),
])
def test_header_fields(page: str, published: str | None, starts: str) -> None:
    cleaned = clean_page(page)
    assert cleaned.published == published
    assert cleaned.text.startswith(starts)


def test_a_headline_ending_in_a_bracketed_country_is_a_title_not_the_article() -> None:
    page = ("Thái Nguyên ký kết hợp tác với Toyama (Nhật Bản)\nBÁO TỈNH ĐIỆN TỬ\n"
            "Trang chủ | Thời sự | Kinh tế | Xã hội | Quốc tế\n\n12/03/2026 09:10\n\n"
            "Sáng 11/3, UBND tỉnh Thái Nguyên và tỉnh Toyama đã ký biên bản ghi nhớ hợp tác về công nghiệp hỗ trợ "
            "và dược liệu, với sự tham dự của 18 doanh nghiệp Nhật Bản.\n\n"
            "Hai bên thống nhất tổ chức hội nghị kết nối doanh nghiệp hằng năm luân phiên tại mỗi địa phương.\n")
    cleaned = clean_page(page)
    assert cleaned.title == "Thái Nguyên ký kết hợp tác với Toyama (Nhật Bản)"
    assert cleaned.text.startswith("Sáng 11/3") and "luân phiên" in cleaned.text
    assert "Trang chủ" not in cleaned.text and cleaned.published == "2026-03-12"


def test_a_japanese_headline_ending_on_its_bracketed_country_is_the_title() -> None:
    # no space before the bracket in Japanese; a caption that ends as a sentence stays text
    page = ("富山県タイグエン省訪問団(ベトナム)\n\n"
            "タイグエン省の代表団は3月11日に富山県を訪れ、県知事と会談して医薬品分野での協力について意見を交わした。\n\n"
            "代表団は知事と記念写真を撮りました(日本)\n\n"
            "双方は毎年、企業の交流会を交互に開催することで一致した。\n")
    cleaned = clean_page(page)
    assert cleaned.title == "富山県タイグエン省訪問団(ベトナム)"
    assert "記念写真" in cleaned.text and cleaned.text.startswith("タイグエン省の代表団")


def test_a_japanese_breadcrumb_is_a_menu_and_a_subheading_sharing_the_headline_is_kept() -> None:
    # a fullwidth ＞ breadcrumb is page furniture; "鳥取県知事への表敬訪問" shares 鳥取 and 取県 with
    # the headline, so it is the article's own subheading (a sapo), not a stray line
    page = ("トップ ＞ 県政 ＞ 国際交流 ＞ お知らせ\n"
            "鳥取県とタインホア省の代表団が交流を深める\n"
            "＊鳥取県知事への表敬訪問\n\n"
            "タインホア省の代表団は6月3日に県庁を訪れ、知事と会談して農業分野での協力について意見を交わした。\n\n"
            "双方は来年、企業の交流会を開催することで一致した。\n")
    cleaned = clean_page(page)
    assert cleaned.title == "鳥取県とタインホア省の代表団が交流を深める"
    assert cleaned.text.startswith("＊鳥取県知事への表敬訪問") and "トップ" not in cleaned.text


def test_a_menu_line_is_junk_but_a_table_row_with_figures_is_not() -> None:
    assert classify("Trang chủ | Thời sự | Kinh tế | Quốc tế").junk
    assert classify("Home > News > Politics > Asia").junk
    assert not classify("| 2024 | 120 dự án | 35 doanh nghiệp |").junk


def test_the_value_of_a_date_field_stays_in_the_text() -> None:
    html = ("<html><head><title>セミナーを開催します</title></head><body><main><article>"
            "<h1>「ベトナム・ザライ省投資セミナー」を開催します</h1><p class=\"date\">2026年9月28日（月曜日）発表</p>"
            "<p>愛知県は、ザライ省人民委員会及びジェトロ名古屋と共催で、同省の投資環境を紹介するセミナーを開催します。"
            "ザライ省は2025年7月に旧ビンディン省と統合し、沿岸部を併せ持つ省となりました。</p>"
            "<h2>1　日時</h2><p>2026年10月8日（木曜日）午後1時30分から午後4時まで</p>"
            "<h2>2　場所</h2><p>ウインクあいち 11階 会議室</p>"
            "<h2>3　内容</h2><p>ザライ省の投資環境紹介、進出企業による事例紹介、個別相談会を予定しています。</p>"
            "</article></main></body></html>")
    cleaned = clean(RawDocument(source="aichi.html", kind="html", text=html, data=html.encode()))
    assert "1 日時\n\n2026年10月8日" in cleaned.text


def test_a_document_without_a_title_gets_its_first_line_as_headline() -> None:
    from kizuna.clean import clean, headline_of
    from kizuna.model import RawDocument
    body = ("Ngày 3/4, đoàn công tác tỉnh Nghệ An đã làm việc với lãnh đạo tỉnh Shizuoka về hợp tác đào tạo "
            "điều dưỡng viên, nông nghiệp công nghệ cao và du lịch trong giai đoạn tới.\n\nHai bên nhất trí.")
    cleaned = clean(RawDocument(source="folder/no-title.txt", kind="text", text=body, data=body.encode()))
    assert cleaned.title and "folder" not in cleaned.title and cleaned.title.startswith("Ngày 3/4")
    assert len(headline_of("word " * 100)) <= 121 and headline_of("Short line.\nMore") == "Short line."


def test_a_last_paragraph_cut_off_mid_sentence_is_kept() -> None:
    page = ("Da Nang officials tour Sakai\n\n"
            "Officials of Da Nang spent three days in Sakai city to study its waste treatment plants.\n\n"
            "The two cities agreed to exchange engineers next spring, the deputy mayor of Sakai told reporters.\n\n"
            "During the stay, the guests also toured a bicycle museum and a harbour park run by the ci")
    assert clean_page(page).text.endswith("a harbour park run by the ci")


@pytest.mark.parametrize("last", ["By Minh Chau - Translated by Lan Phuong",
                                  "関連ページ：岡山県の国際交流事業と留学生支援制度についてのご案内はこちら"])
def test_a_byline_or_labelled_last_line_still_goes(last: str) -> None:
    page = ("Da Nang officials tour Sakai\n\n"
            "Officials of Da Nang spent three days in Sakai city to study its waste treatment plants.\n\n"
            "The two cities agreed to exchange engineers next spring, the deputy mayor of Sakai told reporters.\n\n"
            + last)
    assert last not in clean_page(page).text


def test_arrowed_related_news_lines_go() -> None:
    page = ("Da Nang officials tour Sakai\n\n"
            "Officials of Da Nang spent three days in Sakai city to study its waste treatment plants.\n\n"
            ">> Aichi leaders tour factories in Binh Duong\n\n"
            "The two cities agreed to exchange engineers next spring, the deputy mayor of Sakai told reporters.")
    text = clean_page(page).text
    assert "Aichi" not in text and "exchange engineers" in text


def test_a_date_stamp_a_related_link_or_the_font_size_bar_is_never_the_headline() -> None:
    page = ("October 22, 2019 | 14:17 (GMT+7)\n"
            "Font size: Smaller (A-) Default (A) Larger (A+)\n"
            ">>Hai Phong welcomes Kitakyushu firms\n"
            "Bac Ninh and Shiga sign a cooperation agreement\n"
            "Leaders of Bac Ninh province and Shiga prefecture signed an agreement on farming and training "
            "in Bac Ninh on October 21, the first of its kind between the two localities.\n")
    cleaned = clean_page(page)
    assert "Font size" not in cleaned.text
    title = cleaned.title or headline_of(cleaned.text)   # what `clean` gives a page with no headline found
    assert title == "Bac Ninh and Shiga sign a cooperation agreement"


def test_a_short_japanese_headline_with_a_number_stays_the_headline() -> None:
    page = ("ダナンで日越地方協力フォーラム　25都道府県・市が参加\n"
            "ベトナム中部ダナン市で25日、日越地方協力フォーラムが開かれ、日本の25の都道府県と市の代表が参加した。"
            "会議では人材育成や観光の協力について意見が交わされた。\n")
    assert clean_page(page).title.startswith("ダナンで日越地方協力フォーラム")


def test_a_long_unpunctuated_lead_opening_with_a_date_is_text_not_a_dateline() -> None:
    # the page lost the lead's final stop and shows no headline: the lead is still article text
    lead = ("Ngày 14/03/2024, tại trụ sở Ủy ban nhân dân tỉnh, Phó Chủ tịch tỉnh Lâm Đồng tiếp "
            "đoàn doanh nghiệp của tỉnh Niigata đến tìm hiểu cơ hội đầu tư nông nghiệp")
    body = ("Tại buổi tiếp, hai bên trao đổi về hợp tác trồng rau và hoa theo công nghệ cao. "
            "Đoàn cho biết sẽ quay lại vào mùa thu để khảo sát vùng nguyên liệu.")
    cleaned = clean_page(f"{lead}\n\n{body}\n")
    assert cleaned.text.startswith(lead)
    # a short date line above the article stays a dateline
    assert "14/03/2024" not in clean_page(f"14/03/2024 08:15\n\n{body}\n").text


def test_a_profile_fact_box_above_the_article_is_kept_but_a_lone_widget_field_is_not() -> None:
    # a partner profile opens with its fields (contract: the article's tables are main text)
    body = ("Tỉnh Nagano nằm ở miền trung đảo Honshu, nổi tiếng với các khu nghỉ dưỡng trên núi. "
            "Hai tỉnh trao đổi đoàn học sinh mỗi năm.")
    box = "Diện tích: 13.562 km2\n\nDân số: khoảng 2 triệu người (năm 2020)\n\nKết nghĩa với tỉnh Lâm Đồng: 15/11/2016"
    cleaned = clean_page(f"Tỉnh Nagano (Nhật Bản)\n\n{box}\n\n{body}\n")
    assert cleaned.text.startswith("Diện tích: 13.562 km2") and "Kết nghĩa với tỉnh Lâm Đồng" in cleaned.text
    # its fields are neither the headline nor the page's date
    assert cleaned.title == "Tỉnh Nagano (Nhật Bản)" and cleaned.published is None
    # a single "Label: number" line above an article is a widget or a stamp, not a fact box
    assert "Lượt xem" not in clean_page(f"Tỉnh Nagano (Nhật Bản)\n\nLượt xem: 1520\n\n{body}\n").text


def test_a_headline_printed_twice_above_a_fact_box_is_kept_once() -> None:
    body = ("Tỉnh Nagano nằm ở miền trung đảo Honshu, nổi tiếng với các khu nghỉ dưỡng trên núi. "
            "Hai tỉnh trao đổi đoàn học sinh mỗi năm.")
    headline = "Quan hệ hữu nghị giữa tỉnh Lâm Đồng và tỉnh Nagano (Nhật Bản)"
    box = "1. Diện tích: 13.562 km2\n\n2. Dân số: khoảng 2 triệu người (năm 2020)"
    cleaned = clean_page(f"{headline}\n\n{headline}\n\n{box}\n\n{body}\n")
    assert cleaned.text.count(headline) <= 1 and cleaned.text.count("Diện tích") == 1


def test_a_guessed_headline_opens_the_text_and_its_partner_is_a_locality_but_not_an_event() -> None:
    from kizuna import pipeline
    page = ("Đà Nẵng và Sakai thắt chặt hợp tác du lịch\n\n"
            "Chiều 12/3, Phó Chủ tịch UBND thành phố tiếp đoàn công tác của thành phố Sakai, Nhật Bản. "
            "Hai bên trao đổi về việc mở đường bay thẳng giữa hai thành phố.\n\n"
            "Ông cho biết thành phố sẵn sàng đón thêm nhiều đoàn doanh nghiệp trong năm nay.")
    raw = RawDocument(source="headline.txt", kind="text", text=page)
    cleaned = clean(raw)
    assert cleaned.title == "Đà Nẵng và Sakai thắt chặt hợp tác du lịch"
    assert cleaned.text.startswith(cleaned.title + "\n\n") and cleaned.headline_end == len(cleaned.title)
    extraction = pipeline.process(raw)
    assert "Đà Nẵng" in {loc.name for loc in extraction.localities}   # named only in the headline
    # the events are the body's: the headline's "hợp tác" tells nothing, the reception is dated
    assert {(e.type, e.date) for e in extraction.events} == {("reception", "--03-12")}
    assert all(s.start >= cleaned.headline_end for e in extraction.events for s in e.evidence)
    # a record's own title is not added to its text
    record = RawDocument(source="r.json", kind="record", text=page, title="Given title")
    assert clean(record).headline_end == 0

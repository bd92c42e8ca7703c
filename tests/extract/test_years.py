"""The year of a date written without one, when the publication date is unknown (extract/years.py)."""
from __future__ import annotations

from kizuna.extract.events import extract_events


def keys(events):
    return {(e.type, e.date) for e in events}


def test_a_date_with_its_month_elsewhere_gives_the_story_its_year(context) -> None:
    text = ("Kedua provinsi menandatangani nota kesepahaman pada 21 Oktober.\n\n"
            "Kerja sama ini melanjutkan kunjungan Perdana Menteri pada bulan April 2025.")
    assert ("signing", "2025-10-21") in keys(extract_events(context(text, "id")))


def test_a_bare_year_that_starts_something_else_gives_no_year(context) -> None:
    text = ("A seminar on tourism workforce was held in Thua Thien Hue province on August 29.\n\n"
            "Kumamoto prefecture has trained Hue's tourism staff since 2018.")
    assert keys(extract_events(context(text, "en"))) == {("workshop", "--08-29")}


def test_a_year_range_gives_its_last_year(context) -> None:
    text = ("Quang Ninh and Hokkaido held a festival in Ha Long on 16 November.\n\n"
            "It marked fifty years of friendship (1973-2023).")
    assert ("other", "2023-11-16") in keys(extract_events(context(text, "en")))


def test_a_plan_gives_no_year_but_an_event_name_does(context) -> None:
    text = ("Officials of Bac Ninh visited Saitama prefecture from June 3-5.\n\n"
            "Saitama announced plans to send a trade mission to Bac Ninh in March 2026.")
    assert ("visit", "--06-03") in keys(extract_events(context(text, "en")))
    named = text + "\n\nThe tour coincided with the Saitama Vietnam Festival 2025 in Kawagoe."
    assert ("visit", "2025-06-03") in keys(extract_events(context(named, "en")))


def test_the_anniversary_of_relations_written_with_the_two_countries_gives_the_year(context) -> None:
    text = ("Chiều 8/5, thành phố Cần Thơ ký biên bản ghi nhớ với tỉnh Tochigi.\n\n"
            "Các bên mừng 50 năm ngày Nhật Bản - Việt Nam chính thức thiết lập quan hệ ngoại giao.")
    assert ("signing", "2023-05-08") in keys(extract_events(context(text, "vi")))


def test_a_year_that_starts_a_period_in_the_dates_own_sentence_is_not_its_year(context) -> None:
    text = "3月27日、ビンディン省は、2022年から現在まで同省で勤務した泉佐野市の職員を表敬訪問で迎えた。"
    found = keys(extract_events(context(text, "ja")))
    assert not any(date and date.startswith("2022") for _, date in found)


def test_the_anniversary_of_relations_in_the_forms_translations_write(context) -> None:
    """'50-ю годовщину дипломатических отношений' (no 'of the establishment'), 'der Aufnahme
    diplomatischer Beziehungen' (a genitive without article), 외교관계 수립, 外交关系, 'peringatan ke-50'."""
    cases = [
        ("ru", "Днем 7 ноября заместитель министра принял делегацию префектуры Нагано, посетившую Вьетнам, "
               "когда две страны отмечают 50-ю годовщину дипломатических отношений."),
        ("de", "Am 7. November empfing der Vorsitzende der Provinz Bac Ninh die Delegation der Präfektur Nagano "
               "zum 50. Jahrestag der Aufnahme diplomatischer Beziehungen."),
        ("ko", "11월 7일 박닌성 위원장은 외교관계 수립 50주년을 맞아 나가노현 대표단을 접견했다."),
        ("zh", "11月7日，北宁省主席会见长野县代表团。今年是越日外交关系50周年。"),
        ("id", "Pada 7 November, Ketua Provinsi Bac Ninh menerima delegasi Prefektur Nagano dalam rangka "
               "peringatan ke-50 hubungan diplomatik."),
    ]
    for lang, text in cases:
        assert ("reception", "2023-11-07") in keys(extract_events(context(text, lang))), lang

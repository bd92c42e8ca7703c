"""Date finder: resolution against the publication date, ranges, partial forms, non-dates."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract.dates import find_dates


def values(text: str, lang: str, published: str | None) -> list[str]:
    return [d.value + (f"..{d.end_value}" if d.end_value else "") for d in find_dates(text, lang, published)]


@pytest.mark.parametrize("lang, text, published, expected", [
    # Vietnamese: day-month order, prefixes, ranges, month words
    ("vi", "Chiều 12-4, lãnh đạo tỉnh đã gặp đối tác.", "2024-04", ["2024-04-12"]),
    ("vi", "Đoàn sẽ ở lại từ ngày 28-5 đến ngày 2-6 để khảo sát.", "2024-05-20", ["2024-05-28..2024-06-02"]),
    ("vi", "Sự kiện kéo dài từ ngày 14-15/9 với nhiều phiên họp.", "2024-09-16", ["2024-09-14..2024-09-15"]),
    ("vi", "Ngày 3/8, hai bên trao đổi kinh nghiệm.", "2024-08-05", ["2024-08-03"]),
    ("vi", "Ngày 3/8, hai bên trao đổi kinh nghiệm.", None, ["--08-03"]),
    ("vi", "Ngày 29/12, đoàn đã về nước.", "2025-01-10", ["2024-12-29"]),
    ("vi", "Trong tháng 5 vừa qua, tỉnh đã cử cán bộ đi học.", "2024-09-01", ["2024-05"]),
    ("vi", "Trong tháng 11 vừa qua, tỉnh đã cử cán bộ đi học.", "2024-02-01", ["2023-11"]),
    ("vi", "Trong tháng 5 vừa qua, tỉnh đã cử cán bộ đi học.", None, ["--05"]),
    ("vi", "Số liệu tính đến tháng 6/2022 cho thấy tăng trưởng.", None, ["2022-06"]),
    ("vi", "Chiều 9/3/2023, lễ trao quà diễn ra.", None, ["2023-03-09"]),
    ("vi", "Vào ngày 5 tháng 7 năm 2024 có cuộc họp.", None, ["2024-07-05"]),
    # a part of a month ("late April 2025", "akhir April", "fin avril"): the month
    ("en", "The governor came in late April 2025 with a trade mission.", None, ["2025-04"]),
    ("id", "Gubernur datang pada akhir April 2025 bersama pengusaha.", None, ["2025-04"]),
    ("fr", "Le gouverneur est venu fin avril 2025 avec des entreprises.", None, ["2025-04"]),
    ("es", "El gobernador llegó a finales de abril de 2025 con empresas.", None, ["2025-04"]),
    ("de", "Der Gouverneur kam Ende April 2025 mit Unternehmen.", None, ["2025-04"]),
    ("ru", "Губернатор приехал в конце апреля 2025 года.", None, ["2025-04"]),
    # Japanese, with era years
    ("ja", "2024年6月3日に知事が訪れた。", None, ["2024-06-03"]),
    ("ja", "6月3日に知事が訪れた。", "2024-06-10", ["2024-06-03"]),
    ("ja", "令和5年2月14日に協定を結んだ。", None, ["2023-02-14"]),
    ("ja", "平成元年4月1日から始まった。", None, ["1989-04-01"]),
    ("ja", "令和元年10月1日の式典。", None, ["2019-10-01"]),
    ("ja", "会議は9月10日～12日に開かれた。", "2024-09-20", ["2024-09-10..2024-09-12"]),
    ("ja", "会議は9月10～12日に開かれた。", "2024-09-20", ["2024-09-10..2024-09-12"]),
    ("zh", "代表团于9月10日至12日访问。", "2024-09-20", ["2024-09-10..2024-09-12"]),
    ("zh", "双方于2024年9月10日签署。", None, ["2024-09-10"]),
    ("ko", "대표단은 9월 10일 도착했다.", "2024-09-20", ["2024-09-10"]),
    ("ja", "知事は12日に市長と会った。", "2024-09-20", ["2024-09-12"]),
    ("ja", "知事は28日に市長と会った。", "2024-09-20", ["2024-08-28"]),
    ("ja", "知事は12日に市長と会った。", None, []),
    # days without their month: the first day's month decides ("21～26日" read on the 23rd is a stay
    # under way this month, not the 26th of last month)
    ("ja", "訪問団は21～26日の6日間、日本に滞在する。", "2024-04-23", ["2024-04-21..2024-04-26"]),
    ("ja", "訪問団は21日～26日に滞在した。", "2024-05-02", ["2024-04-21..2024-04-26"]),
    ("ja", "訪問団は21～26日に滞在した。", None, []),
    ("ja", "3日間の日程で、日本の企業を回った。", "2024-09-20", []),
    ("ko", "행사는 9월 10~12일 열렸다.", "2024-09-20", ["2024-09-10..2024-09-12"]),
    # Latin and Cyrillic scripts: day-month and month-day orders
    ("en", "The mayor arrived on 14 June and left soon after.", "2024-06-20", ["2024-06-14"]),
    ("en", "On June 14, 2023, the mayor arrived.", None, ["2023-06-14"]),
    ("en", "The fair ran 14-16 June in the capital.", "2024-06-20", ["2024-06-14..2024-06-16"]),
    ("en", "The mission lasted from May 30 to June 3.", "2024-06", ["2024-05-30..2024-06-03"]),
    ("en", "In March 2022 the partners met.", None, ["2022-03"]),
    ("fr", "Le maire est arrivé le 14 juin.", "2024-06-20", ["2024-06-14"]),
    ("fr", "La foire a eu lieu du 14 au 16 juin.", "2024-06-20", ["2024-06-14..2024-06-16"]),
    ("de", "Der Bürgermeister kam am 14. Juni an.", "2024-06-20", ["2024-06-14"]),
    ("de", "Die Messe fand vom 14. bis 16. Juni statt.", "2024-06-20", ["2024-06-14..2024-06-16"]),
    ("es", "El alcalde llegó el 14 de junio.", "2024-06-20", ["2024-06-14"]),
    ("sv", "Borgmästaren kom den 14 juni.", "2024-06-20", ["2024-06-14"]),
    ("sv", "På eftermiddagen den 14 juni hölls mötet.", "2024-06-20", ["2024-06-14"]),
    ("pt", "O prefeito chegou em 14 de junho.", "2024-06-20", ["2024-06-14"]),
    ("id", "Wali kota tiba pada 14 Juni.", "2024-06-20", ["2024-06-14"]),
    ("ru", "Мэр прибыл 14 июня.", "2024-06-20", ["2024-06-14"]),
    ("ru", "Ярмарка прошла 14-16 июня.", "2024-06-20", ["2024-06-14..2024-06-16"]),
    ("en", "The talks were held on 14 June.", "2025-01-05", ["2024-06-14"]),
])
def test_dates_resolve(lang: str, text: str, published: str | None, expected: list[str]) -> None:
    assert values(text, lang, published) == expected


@pytest.mark.parametrize("lang, text", [
    ("vi", "Quan hệ hai nước đã trải qua 30 năm phát triển."),
    ("vi", "Năm 2024 là năm bản lề của kế hoạch."),
    ("vi", "Tỷ lệ đạt 37/52 chỉ tiêu, vốn 1.500 tỷ đồng."),
    ("vi", "Có 12.5 triệu USD và 3,4 nghìn lao động."),
    ("en", "Exports rose 7.5 percent, with a score of 18/20."),
    ("ja", "投資額は12億円で、従業員は300人。"),
    ("ja", "11月25は未定。"),
    ("sv", "Provinsen har 56 företag och 16 000 invånare."),
])
def test_not_dates(lang: str, text: str) -> None:
    assert find_dates(text, lang, "2024-06-20") == []


def test_offsets_point_at_the_date() -> None:
    text = "Tin mới: Sáng 30-3, đoàn lên đường."
    (found,) = find_dates(text, "vi", "2025-03")
    assert text[found.start:found.end] == "30-3"


def test_window_limits_the_search() -> None:
    text = "Ngày 1/2, A. Ngày 3/4, B."
    found = find_dates(text, "vi", "2024-05", start=10)
    assert [d.value for d in found] == ["2024-04-03"]


def test_month_only_publication_keeps_day_dates_in_that_month() -> None:
    assert values("Sáng 2-4, đoàn về.", "vi", "2025-04") == ["2025-04-02"]


@pytest.mark.parametrize("published", ["2025", "2025-13", "garbage", "", "2025-03-30T08:00:00"])
def test_odd_publication_dates(published: str) -> None:
    for found in find_dates("Sáng 30-3 và 2日, tháng 7 vừa qua.", "und", published):
        assert found.value


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/-.～~ 年月日월일ngàytháng vừa qua ofNovemberde,の")), max_size=60),
       st.sampled_from(["vi", "ja", "en", "sv", "und"]),
       st.sampled_from([None, "2025-03", "2025-11-25"]))
def test_never_crashes_and_offsets_stay_inside(text: str, lang: str, published: str | None) -> None:
    for found in find_dates(text, lang, published):
        assert 0 <= found.start < found.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text(text: str) -> None:
    for found in find_dates(text, "vi", "2025-11-25"):
        assert 0 <= found.start < found.end <= len(text)


def test_weekdays_resolve_against_a_full_publication_date() -> None:
    assert values("Hiroshima Prefecture on Monday signed a memorandum", "en", "2024-10-15") == ["2024-10-14"]
    assert values("The delegation arrived on Monday", "en", "2025-03") == []    # no full date: no guess


def test_range_with_an_article_after_the_range_word() -> None:
    assert values("arbetsresa till Japan från den 16 till den 21 november", "sv", "2025-11-19") == [
        "2025-11-16..2025-11-21"]


@pytest.mark.parametrize("text, lang, value", [
    ("Hôm qua, tại Sa Pa, tỉnh Lào Cai tổ chức hội thảo", "vi", "2026-11-12"),
    ("Sáng nay, đoàn công tác tỉnh Lào Cai lên đường", "vi", "2026-11-13"),
    ("The workshop was held in Sa Pa yesterday", "en", "2026-11-12"),
    ("県は昨日、ラオカイ省とワークショップを開いた", "ja", "2026-11-12"),
    ("Workshopen hölls i går i Sa Pa", "sv", "2026-11-12"),
])
def test_yesterday_and_today_count_from_publication(text: str, lang: str, value: str) -> None:
    assert [d.value for d in find_dates(text, lang, "2026-11-13")] == [value]


def test_yesterday_without_a_publication_date_is_no_date() -> None:
    assert find_dates("The workshop was held yesterday", "en", None) == []


def test_yesterday_in_news_dated_by_its_month_is_that_month() -> None:
    # contract: when only a year and month are known, the date is the month
    assert [d.value for d in find_dates("Hôm qua, tại Sa Pa, tỉnh Lào Cai tổ chức hội thảo", "vi", "2026-11")] \
        == ["2026-11"]


def test_two_days_joined_by_and_are_a_range() -> None:
    # "entre os dias 11 e 17 de novembro", "del 11 y 12 de junio": the days of one trip
    (found,) = find_dates("veio ao Vietnã entre os dias 11 e 17 de novembro", "pt", "2025-11-20")
    assert (found.value, found.end_value) == ("2025-11-11", "2025-11-17")


def test_a_vietnamese_range_written_in_words() -> None:
    (found,) = find_dates("Từ ngày 3 đến ngày 5 tháng 3 năm 2024, đoàn công tác đã sang Nhật Bản", "vi", None)
    assert (found.value, found.end_value) == ("2024-03-03", "2024-03-05")

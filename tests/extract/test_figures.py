"""Figures: money, counts and percentages with expanded values (own test sentences)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract.figures import extract_figures, parse_cjk, parse_number
from kizuna.extract.phrases import load
from kizuna.model import FIGURE_UNITS, Context
from kizuna.text import sentences

from .conftest import shared_corpus

LANGS = ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko")


def ctx(text: str, lang: str) -> Context:
    text = unicodedata.normalize("NFC", text)
    return Context(text=text, lang=lang, published="2025-06-01", mentions=(), sentences=tuple(sentences(text)))


def figures(text: str, lang: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in extract_figures(ctx(text, lang))]


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Vốn đăng ký của nhà máy là 82 triệu USD.", [(82_000_000, "USD")]),
    ("vi", "Khoản vay trị giá 1,2 tỷ yên đã được duyệt.", [(1_200_000_000, "JPY")]),
    ("vi", "Tỉnh dành 3.000 tỷ đồng cho hạ tầng.", [(3_000_000_000_000, "VND")]),
    ("vi", "Hiện có khoảng 1.000 người sống ở đó.", [(1000, "people")]),
    ("vi", "Địa phương đã đưa gần 500 thực tập sinh sang làm việc.", [(500, "people")]),
    ("vi", "Tổng vốn đạt hơn 82 triệu USD.", [(82_000_000, "USD")]),
    ("vi", "Có 4 doanh nghiệp mới đăng ký.", [(4, "companies")]),
    ("vi", "Hai nước có 42/69 cặp quan hệ mới lập gần đây.", [(42, "partnerships"), (69, "partnerships")]),
    ("vi", "Khoảng 70% các công ty muốn mở rộng.", [(70, "%")]),
    # a range counts both ends; a dash between a day and a month is no range (it descends)
    ("en", "The fair should bring 2,000-3,500 visitors to the city.", [(2000, "people"), (3500, "people")]),
    ("ja", "来場者は約3千～4千人を見込む。", [(4000, "people")]),
    ("vi", "Chiều 26-4 có 15 doanh nghiệp tham gia.", [(15, "companies")]),
    ("vi", "Chiều 26-4 các doanh nghiệp tham gia.", []),
    ("vi", "Sáng 10-11 các doanh nghiệp tham gia.", []),
    ("vi", "Có 12 dự án đang triển khai.", [(12, "projects")]),
    ("vi", "Đại diện 30 địa phương đã có mặt.", [(30, "localities")]),
    ("en", "The fund pledged $82 million to the park.", [(82_000_000, "USD")]),
    ("en", "A US$1.5 billion plant opens next year.", [(1_500_000_000, "USD")]),
    ("en", "Sales reached ¥1.2 billion.", [(1_200_000_000, "JPY")]),
    ("en", "About 1,500 students enrolled.", [(1500, "people")]),
    ("en", "Some 56 firms took part.", [(56, "companies")]),
    ("ja", "投資額は82億円に達した。", [(8_200_000_000, "JPY")]),
    ("ja", "円借款は総額120億円(2兆500億VND相当)に上る。", [(12_000_000_000, "JPY"), (2_050_000_000_000, "VND")]),
    ("ko", "현재 1,500여 개 일본 기업이 이 성에 투자하고 있다.", [(1500, "companies")]),
    ("zh", "目前,已有800多家企业投资,500余人参加了论坛。", [(800, "companies"), (500, "people")]),
    ("ja", "在住者は1万6千人に増えた。", [(16_000, "people")]),
    ("ja", "約1,000人が集まった。", [(1000, "people")]),
    ("ja", "県内の30社が参加した。", [(30, "companies")]),
    ("sv", "Omkring 16 000 personer bor i regionen.", [(16_000, "people")]),
    ("sv", "Omkring 16\u00a0000 personer bor i regionen.", [(16_000, "people")]),
    ("sv", "Omkring 16\u202f000 personer bor i regionen.", [(16_000, "people")]),
    ("sv", "Hela 56 företag har investerat.", [(56, "companies")]),
    ("sv", "Nästan 50 orter anmälde sig. Ombud från 50 orter talade.", [(50, "localities")]),
    ("fr", "Un apport de 82 millions de dollars est prévu.", [(82_000_000, "USD")]),
    ("de", "Geplant sind 82 Millionen US-Dollar.", [(82_000_000, "USD")]),
    ("de", "Der Kredit beträgt 1,2 Milliarden Yen.", [(1_200_000_000, "JPY")]),
    ("es", "Se invirtieron 82 millones de dólares.", [(82_000_000, "USD")]),
    ("pt", "Foram investidos 82 milhões de dólares.", [(82_000_000, "USD")]),
    ("id", "Nilainya 82 juta dolar AS.", [(82_000_000, "USD")]),
    ("ru", "Вложено 82 млн долларов.", [(82_000_000, "USD")]),
    ("zh", "投资额达8200万美元。", [(82_000_000, "USD")]),
    ("ko", "투자액은 8200만 달러다.", [(82_000_000, "USD")]),
    # numbers written as words; parts of a count before them ("of them"); a "-strong" group
    ("en", "The port city keeps friendly ties with nine cities abroad.", [(9, "localities")]),
    ("en", "Four Japanese firms opened offices this year.", [(4, "companies")]),
    ("fr", "Trois entreprises japonaises ont signé.", [(3, "companies")]),
    ("vi", "Tỉnh có tám dự án của Nhật Bản.", [(8, "projects")]),
    ("vi", "Hiện có hai đường bay thẳng giữa thành phố và Osaka.", [(2, "other")]),
    ("en", "Some 900 workers came from the province; 300 of them stayed on.", [(900, "people"), (300, "people")]),
    ("fr", "La ville compte 2.100 Vietnamiens. Près de 800 d'entre eux sont étudiants.",
     [(2100, "people"), (800, "people")]),
    ("id", "Ada 45.000 warga Vietnam di sana, sekitar 9.000 di antaranya pekerja magang.",
     [(45000, "people"), (9000, "people")]),
    ("ru", "В городе работают 120 компаний, из них 30 японских.", [(120, "companies"), (30, "companies")]),
    ("vi", "Có 1.500 thực tập sinh, trong số đó 700 là nữ.", [(1500, "people"), (700, "people")]),
    ("en", "The province thanked the city for its help to the 1,200-strong Vietnamese community.", [(1200, "people")]),
])
def test_figures_in_every_number_style(lang: str, text: str, expected: list) -> None:
    assert figures(text, lang) == expected


@pytest.mark.parametrize("lang,text", [
    ("vi", "Năm 2025 là một năm bản lề."),                 # a year
    ("vi", "Sáng 30-3, hội nghị khai mạc."),              # a date
    ("vi", "Ngày 25/11 các bên gặp nhau."),                # a date
    ("vi", "Hai bên kỷ niệm 50 năm quan hệ."),             # an anniversary
    ("vi", "Tỉnh đứng ở vị trí thứ 34 cả nước."),          # a rank
    ("vi", "Đại hội lần thứ IV bế mạc."),                  # a rank in Roman numerals
    ("vi", "Sau gần 20 năm thành lập, hội phát triển."),   # a duration
    ("vi", "Trong 5 năm trở lại đây, quan hệ khởi sắc."),  # a duration
    ("vi", "Thực hiện Nghị quyết số 68 của Trung ương."),  # a document number
    ("vi", "Ông năm nay 58 tuổi."),                        # an age
    ("vi", "Tháng 7 doanh nghiệp Nhật sang khảo sát."),    # a month, not 7 companies
    ("vi", "Ngày 24 người dân đón đoàn."),                 # a day, not 24 people
    ("vi", "Trong 50 năm các doanh nghiệp đã đến."),       # a duration before a counted noun
    ("vi", "1. Tăng cường hợp tác giữa hai bên."),         # a list item
    ("en", "The 50th anniversary was celebrated."),
    ("en", "Call 0123 456 789 for details."),
    ("en", "In 2023 the two sides met again."),
    ("en", "He came for the second time."),
    ("en", "They ranked in the top 10 companies."),
    ("ja", "国交樹立50周年を祝った。"),
    ("sv", "Samarbetet har pågått i 30 år."),
    ("de", "Die Partnerschaft besteht seit 20 Jahren."),
    # number words that count nothing: the partners themselves, a rank, a look-alike word
    ("en", "The two countries agreed to meet again."),            # the partners themselves
    ("en", "Trade grew between the two countries."),
    ("vi", "Quan hệ giữa hai nước phát triển tốt đẹp."),
    ("vi", "Đây là lĩnh vực hai bên cùng quan tâm."),            # a counted noun further on
    ("en", "The two provinces signed a memorandum."),
    ("vi", "Đây là một trong bốn khu công nghiệp lớn nhất."),     # a rank: one of the four largest
    ("en", "It is one of the ten largest investors in the province."),
    ("vi", "Bà Tâm gặp các doanh nghiệp."),                       # "tâm" is no "tám"
])
def test_years_dates_ranks_and_durations_are_not_figures(lang: str, text: str) -> None:
    assert figures(text, lang) == []


def test_a_count_written_with_the_other_thousands_mark_is_whole() -> None:
    assert figures("Có 1,500 người tham dự.", "vi") == [(1500, "people")]
    assert figures("Đạt 1,5 tỷ USD.", "vi") == [(1_500_000_000, "USD")]


def test_a_figure_after_a_year_is_kept() -> None:
    assert figures("Năm 2023, 56 doanh nghiệp đã đầu tư.", "vi") == [(56, "companies")]
    assert figures("Có 4 doanh nghiệp năm nay đầu tư.", "vi") == [(4, "companies")]


def test_same_figure_twice_is_one_figure_with_both_sentences() -> None:
    text = "Nästan 50 orter anmälde sig. Ombud från 50 orter talade."
    (figure,) = extract_figures(ctx(text, "sv"))
    assert [text[s.start:s.end] for s in figure.evidence] == ["Nästan 50 orter anmälde sig.", "Ombud från 50 orter talade."]
    assert figure.about


def test_evidence_is_the_sentence() -> None:
    text = "Mở đầu. Tỉnh có 12 dự án của Nhật. Kết thúc."
    (figure,) = extract_figures(ctx(text, "vi"))
    assert text[figure.evidence[0].start:figure.evidence[0].end] == "Tỉnh có 12 dự án của Nhật."


@pytest.mark.parametrize("text,decimal,value", [
    ("1.000", ",", 1000), ("1,2", ",", 1.2), ("1.5", ".", 1.5), ("1,500", ".", 1500),
    ("16 000", ",", 16000), ("16\u00a0000", ",", 16000), ("1.234.567", ",", 1234567),
    ("1.234,5", ",", 1234.5), ("1,234.5", ".", 1234.5), ("82", ".", 82),
])
def test_parse_number_respects_the_language_separators(text: str, decimal: str, value: float) -> None:
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize("text,value", [("82億", 8.2e9), ("1万6千", 16000), ("1,000", 1000), ("8200만", 8.2e7),
                                        ("12억 6천만", 1.26e9), ("3千万", 3e7)])
def test_parse_cjk(text: str, value: float) -> None:
    scales = {"千": 1e3, "万": 1e4, "億": 1e8, "兆": 1e12, "천": 1e3, "만": 1e4, "억": 1e8}
    assert parse_cjk(text, scales) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", "."]),
       st.sampled_from([".", ",", " ", "\u00a0", "\u202f"]))
def test_parse_number_round_trips_grouped_integers(number: int, decimal: str, sep: str) -> None:
    if sep == decimal:
        sep = " "
    grouped = f"{number:,}".replace(",", sep)
    assert parse_number(grouped, decimal) == number


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99), st.sampled_from([",", "."]))
def test_parse_number_round_trips_decimals(whole: int, fraction: int, decimal: str) -> None:
    text = f"{whole}{decimal}{fraction:02d}"
    assert parse_number(text, decimal) == pytest.approx(whole + fraction / 100)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,/%$¥€-\u00a0年人万億千円社名 triệu tỷ người USD million yen")),
               max_size=60), st.sampled_from(LANGS))
def test_extract_figures_never_crashes_and_stays_inside(text: str, lang: str) -> None:
    for figure in extract_figures(ctx(text, lang)):
        assert figure.unit in FIGURE_UNITS
        assert figure.evidence
        for span in figure.evidence:
            assert 0 <= span.start < span.end <= len(unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_sourced_figures_file_with_contract_units(lang: str) -> None:
    data = load(f"figures.{lang}")
    assert data is not None and data["_source"]
    assert set(data["units"].values()) <= set(FIGURE_UNITS)
    assert data["decimal"] in (",", ".")


def test_shared_corpus_figures_match_gold() -> None:
    seeds, gold_dir = shared_corpus()
    from kizuna.pipeline import process
    from kizuna.sources import iter_raw
    tp = fp = fn = 0
    for raw in iter_raw([seeds]):
        gold = json.loads((gold_dir / f"{Path(raw.source).stem}.json").read_text(encoding="utf-8"))
        predicted = {(float(f.value), f.unit) for f in process(raw).figures}
        wanted = {(float(g["value"]), g["unit"]) for g in gold["figures"]}
        tp += len(predicted & wanted)
        fp += len(predicted - wanted)
        fn += len(wanted - predicted)
    assert tp / (tp + (fp + fn) / 2) >= 0.9


@pytest.mark.parametrize("lang,text", [
    ("vi", "Hội nghị có 2 đồng chủ tịch điều hành."),   # "đồng" as the prefix co-, not dong
    ("vi", "Dự án nằm trên Quốc lộ 1 tỉnh Long An."),    # a road number
])
def test_look_alike_units_are_not_figures(lang: str, text: str) -> None:
    assert figures(text, lang) == []


@pytest.mark.parametrize("lang", ["ja", "zh", "ko", "vi", "en", "sv"])
def test_long_runs_of_digits_and_separators_are_no_figures(lang: str) -> None:
    # these once made the CJK number pattern backtrack exponentially
    for text in ("0" * 200, "1 " * 100, "1," * 100, "1万" * 60, "0\u00a0" * 100):
        assert figures(text, lang) == []


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Các doanh nghiệp đã ký 14 hợp đồng về du lịch.", [(14, "other")]),        # "ký" (sign) is no "kỳ" (term)
    ("vi", "Mô hình chính quyền địa phương 2 cấp đã vận hành.", []),                 # "cấp" (tier) is no "cặp" (pair)
    ("vi", "Co 42 cap quan he huu nghi.", [(42, "partnerships")]),                   # text typed without diacritics
    ("en", "Miyazaki will train 15 Vietnamese fisheries technicians a year.", [(15, "people")]),
    ("en", "The city has over 100 industrial parks.", [(100, "other")]),
    ("en", "The prefecture will host 30 nursing and caregiving trainees.", [(30, "people")]),
    ("sv", "Staden tar emot 20 tjänstemän för kurser.", [(20, "people")]),
    ("de", "Jährlich werden 25 junge Landwirte eingeladen.", [(25, "people")]),
])
def test_counted_nouns_keep_their_diacritics(lang: str, text: str, expected: list) -> None:
    assert figures(text, lang) == expected


def test_a_currency_sign_wins_over_the_counted_noun() -> None:
    from .conftest import make_context
    found = {(f.value, f.unit) for f in extract_figures(make_context(
        "Shiga will support investment worth $200 million in industrial zones of Hai Duong.", "en"))}
    assert found == {(200_000_000, "USD")}


@pytest.mark.parametrize("lang, text, expected", [
    ("vi", "Lễ hội có 45 gian hàng và 120 cây hoa anh đào được trồng.", [(45, "other"), (120, "other")]),
    ("en", "Investors from 38 countries and territories run 12 stores there.", [(38, "other"), (12, "other")]),
    ("ja", "会場にはおよそ40のブースが並び、約25のプロジェクトが紹介された。", [(40, "other"), (25, "projects")]),
    ("ko", "양국 지방 간 교류는 약 70쌍에 이릅니다.", [(70, "partnerships")]),
    ("vi", "Tỉnh có quy mô dân số 1,5 triệu người.", [(1500000, "people")]),
])
def test_counted_nouns_outside_the_named_units(lang: str, text: str, expected: list) -> None:
    assert sorted(figures(text, lang)) == sorted(expected)


def test_the_two_partners_are_not_a_figure() -> None:
    assert figures("Lãnh đạo 2 tỉnh đã ký kết, có 30 doanh nghiệp tham dự.", "vi") == [(30, "companies")]
    assert figures("Số 2 đường Lê Lợi", "vi") == []   # "số" (number) before it is still refused


def test_practitioners_and_citizens_are_people(context) -> None:
    from kizuna.extract.figures import extract_figures
    got = {(f.value, f.unit) for f in extract_figures(context("Nagano hosts about 2,500 practitioners from Vietnam.", "en"))}
    assert (2500, "people") in got
    got = {(f.value, f.unit) for f in extract_figures(context("Ada lebih dari 450.000 warga Vietnam di Jepang.", "id"))}
    assert (450000, "people") in got


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Population: 2.1 million (2020)", [(2_100_000, "people")]),
    ("vi", "Dân số: khoảng 950.000 (năm 2020)", [(950_000, "people")]),
    ("sv", "Befolkning: 1,9 miljoner", [(1_900_000, "people")]),
    # a number with no label and no noun stays no figure
    ("en", "Area: 6,100 km2", []),
])
def test_the_number_of_a_population_field_is_people(lang: str, text: str, expected: list) -> None:
    assert figures(text, lang) == expected


def test_a_hyphenated_word_between_a_number_and_its_noun() -> None:
    assert figures("The province hosts 21 Japanese-invested projects.", "en") == [(21, "projects")]


def test_a_korean_sum_with_a_two_character_scale() -> None:
    assert figures("총 투자액은 미화 7억 5천만 달러이다.", "ko") == [(750_000_000, "USD")]


@pytest.mark.parametrize("lang,text", [
    ("en", "About 900 workers came. In 2024 of them all, few stayed."),   # a year
    ("en", "Only 12 of them were signed."),                                # nothing counted before
    ("en", "About 900 workers came. " + "The programme went on for a long while. " * 9 + "Then 300 of them left."),
])
def test_a_partitive_needs_a_count_close_before_it(lang: str, text: str) -> None:
    assert all(value != 300 and value != 2024 and value != 12 for value, _ in figures(text, lang))


@pytest.mark.parametrize("lang, text, expected", [
    ("es", "Las empresas japonesas invirtieron cuatro mil millones de dólares en la ciudad.", [(4e9, "USD")]),
    ("en", "Trade between the two sides reached five billion USD last year.", [(5e9, "USD")]),
    ("fr", "Les investissements atteignent trois milliards de dollars.", [(3e9, "USD")]),
    ("en", "A ticket costs two dollars.", []),   # money written as a word alone is no figure
])
def test_a_number_word_with_a_scale_counts_money_too(lang: str, text: str, expected: list) -> None:
    assert figures(text, lang) == expected

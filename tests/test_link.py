"""The locality linker: positive and negative sentences in several languages (written for these
tests), offsets, NFD input, and recall on the shared seed articles when they are present."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kizuna.link import link
from kizuna.text import fold_name

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def keys(text: str) -> list[str]:
    return [m.key for m in link(text)]


@pytest.mark.parametrize("text,expected", [
    # Vietnamese
    ("Đoàn công tác của tỉnh Long An sang thăm Nhật Bản.", ["VN:long-an"]),
    ("Anh Long Anh làm việc ở Hà Nội.", ["VN:ha-noi"]),
    ("Lãnh đạo tỉnh Hiroshima gặp lãnh đạo thành phố Hiroshima.", ["JP:hiroshima", "JP:hiroshima-city"]),
    ("Sinh viên Trường Đại học Cần Thơ và Đại học Cần Thơ tham dự.", []),
    ("Hội thảo tổ chức ở Tây Nguyên với doanh nghiệp Đắk Lắk.", ["VN:dak-lak"]),
    ("Quan hệ Việt Nam và Nhật Bản phát triển tốt.", []),
    ("Khánh Hoà và Khánh Hòa là một.", ["VN:khanh-hoa", "VN:khanh-hoa"]),
    ("Người dân mong hòa bình, còn long an là từ thường.", []),
    ("Chủ tịch Hồ Chí Minh sinh ra ở Nghệ An; TP.HCM là thành phố lớn.", ["VN:nghe-an", "VN:ho-chi-minh"]),
    ("Thị trường Hà Nội sôi động, theo Báo Quảng Ninh.", ["VN:ha-noi"]),
    ("Khu vực Châu Á - Thái Bình Dương và tỉnh Thái Bình.", ["VN:thai-binh"]),
    ("QUẢNG NINH đón đoàn khách từ GUNMA.", ["VN:quang-ninh", "JP:gunma"]),
    # English
    ("The Gunma Prefecture delegation met Quang Ninh officials.", ["JP:gunma", "VN:quang-ninh"]),
    ("Students of Can Tho University and the University of Tokyo met in Nara.", ["JP:nara"]),
    ("A park in Narashino is not Nara.", ["JP:nara"]),
    ("Osaka City and Osaka Prefecture signed; Ho Chi Minh City joined.",
     ["JP:osaka-city", "JP:osaka", "VN:ho-chi-minh"]),
    ("Mr Chiba spoke about the Kansai region and Tokyo.", ["JP:tokyo"]),
    ("Gia Lai2 is a code, Gia Lai is a province.", ["VN:gia-lai"]),
    # Japanese
    ("群馬県とクアンニン省が協力する。", ["JP:gunma", "VN:quang-ninh"]),
    ("大阪府と大阪市は別の自治体だ。", ["JP:osaka", "JP:osaka-city"]),
    ("東大阪市と大阪湾の話。", []),
    ("東京大学の研究者が長野県を訪れた。", ["JP:nagano"]),
    ("福岡県北九州市でロンアン省の代表団と会談した。", ["JP:fukuoka", "JP:kitakyushu-city", "VN:long-an"]),
    ("関西と九州の企業がハノイで交流した。", ["VN:ha-noi"]),
    ("バクリュウ省とコントゥム省の一行が福岡県を訪れた。", ["VN:bac-lieu", "VN:kon-tum", "JP:fukuoka"]),
    # Swedish
    ("Guvernören i Gunma-provinsen besökte Quang Ninh-provinsen.", ["JP:gunma", "VN:quang-ninh"]),
    ("Gunma prefekturs delegation reste till Ho Chi Minh-staden.", ["JP:gunma", "VN:ho-chi-minh"]),
    ("Festivalen i Kansai-regionen lockade många.", []),
    # French, German, Spanish, Indonesian
    ("La préfecture de Gunma coopère avec Hô Chi Minh-Ville.", ["JP:gunma", "VN:ho-chi-minh"]),
    ("Die Präfektur Gunma und die Provinz Quang Ninh.", ["JP:gunma", "VN:quang-ninh"]),
    ("La prefectura de Gunma y la provincia de Quang Ninh.", ["JP:gunma", "VN:quang-ninh"]),
    ("Prefektur Gunma dan Provinsi Quang Ninh bekerja sama.", ["JP:gunma", "VN:quang-ninh"]),
    # Russian, Chinese, Korean
    ("Префектура Гумма и провинция Куангнинь подписали план; в Ханое прошла встреча.",
     ["JP:gunma", "VN:quang-ninh", "VN:ha-noi"]),
    ("群马县与广宁省合作，胡志明市和河内也参加。", ["JP:gunma", "VN:quang-ninh", "VN:ho-chi-minh", "VN:ha-noi"]),
    ("군마현과 꽝닌성이 협력하고 하노이에서 회의를 열었다.", ["JP:gunma", "VN:quang-ninh", "VN:ha-noi"]),
    ("서울대학교와 하노이 대학교.", []),
    ("우리 나라와 나라현, 기후 변화.", ["JP:nara"]),
    ("山口さんが千葉県を訪問した。", ["JP:chiba"]),
])
def test_sentences(text, expected):
    assert keys(text) == expected


def test_mention_fields_and_offsets():
    text = "Chuyến thăm của tỉnh Long An tới Ibaraki."
    first, second = link(text)
    assert (first.surface, first.name, first.current, first.code, first.level) == \
        ("Long An", "Long An", "Tây Ninh", "VN-41", "province")
    assert text[first.start:first.end] == "Long An"
    assert (second.name, second.country, second.code, second.level) == ("Ibaraki", "JP", "JP-08", "prefecture")


def test_wrapper_words_are_outside_the_span():
    text = "Samarbetet med Quang Ninh-provinsen växer."
    (m,) = link(text)
    assert m.surface == "Quang Ninh" and m.name == "Quảng Ninh"


def test_designated_city_unit():
    (m,) = link("Đoàn của thành phố Yokohama.")
    assert (m.key, m.name, m.level, m.code) == ("JP:yokohama-city", "Yokohama", "designated_city", None)


def test_nfd_input_gives_the_same_mentions():
    text = "Quảng Ninh, Khánh Hòa và Đà Nẵng hợp tác với tỉnh Gunma."
    nfd = unicodedata.normalize("NFD", text)
    nfc_mentions, nfd_mentions = link(text), link(nfd)
    assert [m.key for m in nfd_mentions] == [m.key for m in nfc_mentions]
    for m in nfd_mentions:
        assert nfd[m.start:m.end] == m.surface
        assert unicodedata.normalize("NFC", m.surface) in text


def test_sorted_and_non_overlapping():
    mentions = link("Tỉnh Bà Rịa - Vũng Tàu, TP Hồ Chí Minh, Hokkaido-provinsen och 北海道。")
    assert [m.key for m in mentions] == ["VN:ba-ria-vung-tau", "VN:ho-chi-minh", "JP:hokkaido", "JP:hokkaido"]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_empty_text():
    assert link("") == []


def _seeds():
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared corpus not found at {seeds.resolve()}")
    return sorted(seeds.glob("*.txt"))


def test_recall_on_shared_seeds():
    for path in _seeds():
        gold = json.loads((path.parent.parent / "gold" / f"{path.stem}.json").read_text("utf-8"))
        mentions = link(path.read_text("utf-8"))
        found = {fold_name(m.name) for m in mentions} | {fold_name(m.current) for m in mentions}
        missing = [n for n in gold["vn_localities"] + gold["jp_localities"] if fold_name(n) not in found]
        assert not missing, (path.name, missing)


def test_possessive_organisation_names_are_not_localities() -> None:
    from kizuna.link import link
    assert link("Okayama University's vice president spoke online.") == []


def test_explicit_wrapping_is_recognised() -> None:
    from kizuna.link import is_explicit, link
    text = "Ishikawa Prefecture, tỉnh Chiba, Gunma-provinsen; Ishikawa said."
    assert [is_explicit(text, m) for m in link(text)] == [True, True, True, False]


def test_russian_names_of_every_old_province() -> None:
    import json
    from importlib.resources import files

    from kizuna.gazetteer import load
    from kizuna.link import link
    names_file = json.loads(files("kizuna.gazetteer").joinpath("data/vn_names.json").read_text(encoding="utf-8"))
    units = json.loads(files("kizuna.gazetteer").joinpath("data/vn_units.json").read_text(encoding="utf-8"))
    old = [u["key"] for u in units["units"] if u.get("before")]
    assert len(old) == 64   # the 63 provinces of 30 June 2025 and Thừa Thiên Huế, renamed before
    assert [k for k in old if not names_file["units"].get(k, {}).get("ru")] == []
    found = {m.name for m in link("префектура Тоттори и провинция Ниньбинь подписали меморандум", load())}
    assert found == {"Tottori", "Ninh Bình"}


def test_datelines_are_found_wherever_the_agency_follows() -> None:
    from kizuna.gazetteer import load
    from kizuna.link import is_dateline, link
    for text, name in [("Tokyo (VNA) – The ambassador met leaders.", "Tokyo"),
                       ("A photo (Photo: VNA)Hanoi (VNA) - The President received", "Hà Nội"),
                       ("HÀ NỘI — Hôm nay, đoàn đã đến.", "Hà Nội")]:
        mention = next(m for m in link(text, load()) if m.name == name)
        assert is_dateline(text, mention), text
    text = "The delegation arrived in Tokyo (Japan) on Monday."
    assert not any(is_dateline(text, m) for m in link(text, load()))


def test_an_office_named_after_its_city_is_not_a_mention_of_it() -> None:
    from kizuna.gazetteer import load
    from kizuna.link import link
    for text in ["the Vietnamese Consulate General in Osaka said on Monday",
                 "Tổng Lãnh sự quán Nhật Bản tại TP Hồ Chí Minh cho biết",
                 "cónsul general adjunta de Japón en Ciudad Ho Chi Minh, expresó"]:
        assert link(text, load()) == [], text
    assert [m.name for m in link("The delegation flew to Osaka.", load())] == ["Osaka"]


def test_a_prefecture_that_only_situates_its_city_is_marked() -> None:
    from kizuna.gazetteer import load as load_gazetteer
    from kizuna.link import situating
    gazetteer = load_gazetteer()
    for text in ("ハナム省は兵庫県神戸市と協定を結んだ。", "하남성은 효고현 고베시와 협정을 맺었다.",
                 "Ha Nam signed a deal with Kobe city, Hyogo prefecture."):
        mentions = link(text, gazetteer)
        marked = {text[s:e] for s, e in situating(text, mentions, gazetteer)}
        assert len(marked) == 1 and {m.name for m in mentions if text[m.start:m.end] in marked} == {"Hyogo"}
    # a prefecture and its city named apart are two localities
    text = "Hyogo and Fukuoka sent governors; Kobe sent its mayor."
    assert situating(text, link(text, gazetteer), gazetteer) == set()


def test_exonyms_of_other_languages_name_the_prefecture() -> None:
    from kizuna.gazetteer import load
    from kizuna.link import link
    from kizuna.text import fold
    for text, name in [("Ein Seminar fand in Tokio statt.", "Tokyo"), ("Um encontro em Tóquio.", "Tokyo"),
                       ("Una visita a Kioto.", "Kyoto")]:
        assert [m.name for m in link(text, load(), fold(text))] == [name]


def test_a_prefecture_that_situates_an_ordinary_city_is_marked() -> None:
    from kizuna.gazetteer import load as load_gazetteer
    from kizuna.link import situating
    gazetteer = load_gazetteer()
    for text, name in [("Đoàn công tác thành phố Isesaki, tỉnh Gunma đến Cần Thơ.", "Gunma"),
                       ("La ciudad de Ota de la prefectura japonesa de Gunma firmó con Can Tho.", "Gunma"),
                       ("Le jumelage entre les villes de Vinh et de Kakegawa, préfecture de Shizuoka.", "Shizuoka"),
                       ("カントー市と群馬県伊勢崎市が覚書を締結した。", "群馬県")]:
        marked = {text[s:e] for s, e in situating(text, link(text, gazetteer), gazetteer)}
        assert name in marked, text
    # a list of partners, one of them a city of the gazetteer, and municipalities in general
    for text in ["Hue signed with Nara Prefecture, Kyoto city, Gifu Prefecture in tourism.",
                 "群馬県内の市町村とカントー市が交流した。", "Can Tho signed with Gunma prefecture."]:
        assert situating(text, link(text, gazetteer), gazetteer) == set(), text

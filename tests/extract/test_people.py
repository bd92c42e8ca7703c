"""People: named officials with role and locality, in several languages (own test sentences)."""
from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract.people import extract_people
from kizuna.model import Context, Person
from kizuna.text import fold

from .conftest import make_context, shared_corpus  # noqa: E402



def ctx(text: str, lang: str) -> Context:
    return make_context(unicodedata.normalize("NFC", text), lang)


def people(text: str, lang: str) -> list[Person]:
    return extract_people(ctx(text, lang))


def summary(text: str, lang: str) -> set[tuple[str, str | None, str | None]]:
    return {(p.name, p.role, p.locality) for p in people(text, lang)}


# -- Vietnamese ---------------------------------------------------------------------------------------

def test_vi_title_place_name() -> None:
    text = "Sáng nay, Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn Hùng đã tiếp đoàn doanh nghiệp tỉnh Saitama."
    assert summary(text, "vi") == {("Nguyễn Văn Hùng", "Chairman of the People's Committee", "Bắc Ninh")}


def test_vi_appositive_with_honorific_and_later_partial_mention_merge() -> None:
    text = ("Đoàn do ông Ono Motohiro, Thống đốc tỉnh Saitama, dẫn đầu đã tới Hà Nội. "
            "Thống đốc Ono cảm ơn sự đón tiếp nồng hậu.")
    found = people(text, "vi")
    assert [(p.name, p.role, p.locality) for p in found] == [("Ono Motohiro", "Governor", "Saitama")]
    assert len(found[0].evidence) >= 2
    name_span = found[0].name_span
    assert name_span is not None and text[name_span.start:name_span.end] == "Ono Motohiro"


def test_vi_vice_chair_after_name_and_academic_titles_stripped() -> None:
    text = ("Phát biểu tại buổi gặp, bà Lê Thị Hoa, Phó Chủ tịch Ủy ban nhân dân tỉnh Nghệ An, cảm ơn đối tác. "
            "Phó Giáo sư, Tiến sĩ Trần Thị Lan, Hiệu trưởng Trường Đại học Cần Thơ, cho biết trường sẽ mở rộng.")
    got = {p.name: p for p in people(text, "vi")}
    assert set(got) == {"Lê Thị Hoa", "Trần Thị Lan"}
    assert got["Lê Thị Hoa"].role == "Vice Chairman of the People's Committee"
    assert got["Lê Thị Hoa"].locality == "Nghệ An"
    assert got["Trần Thị Lan"].organization == "Can Tho University"


def test_vi_minister_and_director_general_with_organisation_between() -> None:
    text = ("Bí thư Trung ương Đảng, Bộ trưởng Ngoại giao Bùi Minh Trung gặp đối tác. "
            "Cục trưởng Cục Ngoại vụ, Bộ Ngoại giao Đỗ Văn Khoa phát biểu khai mạc.")
    got = {p.name: p for p in people(text, "vi")}
    assert set(got) == {"Bùi Minh Trung", "Đỗ Văn Khoa"}
    assert got["Bùi Minh Trung"].role == "Minister of Foreign Affairs"
    assert got["Bùi Minh Trung"].locality is None
    assert got["Đỗ Văn Khoa"].role == "Director General of the Department of External Affairs"


def test_vi_ambassador_with_japanese_name() -> None:
    found = people("Đại sứ Nhật Bản tại Việt Nam Sato Kenji phát biểu tại lễ khai mạc.", "vi")
    assert [p.name for p in found] == ["Sato Kenji"]
    assert found[0].role is not None and found[0].role.startswith("Ambassador")


@pytest.mark.parametrize("text", [
    "Thủ tướng tiếp Thống đốc tỉnh Saitama tại trụ sở Chính phủ.",
    "Đại sứ Việt Nam tại Nhật Bản cùng đại diện UBND tỉnh tham dự buổi lễ.",
    "Các đại biểu dự hội nghị. (Ảnh: Minh Đức/TTXVN)",
    "Đại sứ Hà Lan tại Việt Nam dự lễ. Đoàn thăm Quảng Ninh và Hạ Long.",
    "Thống đốc tỉnh Ibaraki và Chủ tịch UBND tỉnh đã trao đổi về nông nghiệp.",
    "Hai bên cắt băng khai mạc ngày hội. Ảnh: Trần Văn Hải/TTXVN",        # a credit with a family name
    "(Ảnh: Lê Minh Tâm)",
    "Số cây được trồng ở công viên Lý Thái Tổ và Công viên Nguyễn Văn Cừ.",  # parks named after people
    "Đoàn làm việc tại Quảng trường Trần Hưng Đạo.",
])
def test_vi_unnamed_officials_credits_and_places_are_not_people(text: str) -> None:
    assert people(text, "vi") == []


@pytest.mark.parametrize("text, lang", [
    ("The fair opens in Quang Ninh, home to Ha Long Bay, next week.", "en"),
    ("The fair opens in Quang Ninh, home to UNESCO-listed Ha Long Bay.", "en"),   # a place and its place word
    ("La consulesa de Japón en Ciudad Ho Chi Minh asistió al acto.", "es"),
])
def test_places_with_a_place_word_are_not_people(text: str, lang: str) -> None:
    assert people(text, lang) == []


# -- other languages ----------------------------------------------------------------------------------

def test_en_titles_before_names_and_locality_before_title() -> None:
    text = "Prime Minister Pham Minh Chinh received Gunma Governor Yamamoto Ichita in Hanoi."
    assert summary(text, "en") == {("Pham Minh Chinh", "Prime Minister", None),
                                   ("Yamamoto Ichita", "Governor", "Gunma")}


def test_en_mr_name_comma_title() -> None:
    text = "Mr. Tran Van Nam, Chairman of the Long An People's Committee, said the province wants investors."
    assert summary(text, "en") == {("Tran Van Nam", "Chairman of the People's Committee", "Long An")}


def test_en_unnamed_governor_is_not_a_person() -> None:
    assert people("The Governor of Ibaraki Prefecture welcomed the delegation warmly.", "en") == []


def test_sv_forms_former_nationality_and_lone_family_name() -> None:
    text = ("Guvernören i Nagano-provinsen, Abe Shuichi, besökte Quang Ninh. Han träffade den tidigare "
            "japanska premiärministern Kishida Fumio och premiärminister Takaichi.")
    got = {p.name: p for p in people(text, "sv")}
    assert set(got) == {"Abe Shuichi", "Kishida Fumio", "Takaichi"}
    assert got["Abe Shuichi"].locality == "Nagano"
    assert got["Kishida Fumio"].role == "former Prime Minister of Japan"


def test_sv_premier_without_name_is_not_a_person() -> None:
    assert people("Premiärministern tar emot ledare från japanska provinser i Hanoi.", "sv") == []


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le gouverneur de la préfecture de Gunma, Yamamoto Ichita, a rencontré le Premier ministre "
           "Pham Minh Chinh."),
    ("es", "El gobernador de Gunma, Yamamoto Ichita, se reunió con el primer ministro Pham Minh Chinh."),
    ("pt", "O governador de Gunma, Yamamoto Ichita, reuniu-se com o primeiro-ministro Pham Minh Chinh."),
    ("id", "Gubernur Gunma Yamamoto Ichita bertemu Perdana Menteri Pham Minh Chinh di Hanoi."),
])
def test_romance_and_indonesian_titles(lang: str, text: str) -> None:
    assert summary(text, lang) == {("Yamamoto Ichita", "Governor", "Gunma"),
                                   ("Pham Minh Chinh", "Prime Minister", None)}


def test_de_lone_family_name_after_title() -> None:
    assert {p.name for p in people("Gouverneur Yamamoto traf Premierminister Pham Minh Chinh in Hanoi.", "de")} \
        == {"Yamamoto", "Pham Minh Chinh"}


def test_ru_cyrillic_names() -> None:
    names = {p.name for p in people("Премьер-министр Фам Минь Тинь принял губернатора Ямамото Ититу.", "ru")}
    assert "Фам Минь Тинь" in names


def test_ja_name_then_title_in_both_orders() -> None:
    text = ("群馬県の山本一太知事は、ファム・ミン・チン首相と会談した。"
            "グエン・バン・ウト省人民委員会委員長も出席した。山本知事は歓迎した。")
    got = {p.name: p for p in people(text, "ja")}
    assert set(got) == {"山本一太", "ファム・ミン・チン", "グエン・バン・ウト"}
    assert got["山本一太"].role == "Governor" and got["山本一太"].locality == "Gunma"
    assert len(got["山本一太"].evidence) == 2          # 山本知事 joins 山本一太
    assert got["グエン・バン・ウト"].role == "Chairman of the People's Committee"


def test_ja_prefecture_governor_without_name_is_not_a_person() -> None:
    assert people("群馬県知事は日本の首相と会談した。", "ja") == []


def test_zh_title_before_name() -> None:
    assert {p.name for p in people("越南政府总理范明政会见了群马县知事山本一太。", "zh")} == {"范明政", "山本一太"}


def test_zh_a_verb_after_a_title_is_no_name_and_a_latin_gloss_confirms_one() -> None:
    assert {p.name for p in people("越南政府总理强调合作的重要性。", "zh")} == set()
    assert {p.name for p in people("范明政总理所提的领域很重要。", "zh")} == {"范明政"}
    # a name ending like a place (道, as in 北海道) is still one when its Latin spelling follows
    assert "高桥秀道" in {p.name for p in people("日本北海道知事高桥秀道(Takahashi Hidemichi)出席了会议。", "zh")}


# -- properties ---------------------------------------------------------------------------------------

_WORDS = st.sampled_from(["Chủ tịch", "UBND", "tỉnh", "Long An", "Nguyễn", "Văn", "Út", ",", ".", "ông", "bà",
                          "Thống đốc", "Gunma", "Yamamoto", "Ichita", "Governor", "of", "Mr.", "知事", "山本",
                          "首相", "・", "ファム", "Prime Minister", "(Ảnh:", "/TTXVN)", "\n", "premiärminister"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.sampled_from(["vi", "en", "sv", "ja", "zh", "ru", "xx"]))
def test_never_crashes_and_spans_stay_inside(words: list[str], lang: str) -> None:
    text = " ".join(words)
    for person in people(text, lang):
        for span in (*person.evidence, person.name_span):
            assert span is not None and 0 <= span.start < span.end <= len(text)
        assert person.name_span is not None
        assert text[person.name_span.start:person.name_span.end] == person.name


# -- the shared corpus ---------------------------------------------------------------------------------

def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"\W+", fold(name)) if w)


def test_every_gold_person_is_found_in_the_shared_seeds() -> None:
    seed_dir, gold_dir = shared_corpus()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        text = (seed_dir / f"{gold_file.stem}.txt").read_text("utf-8")
        found = [_words(p.name) for p in people(text, gold["lang"])]
        for person in gold["people"]:
            assert any(_words(person["name"]) <= f for f in found), (gold_file.stem, person["name"])


def test_a_form_of_address_needs_a_capitalised_name_after_it() -> None:
    from kizuna.extract.people import extract_people
    names = {p.name for p in extract_people(ctx("Tỉnh có cơ chế hỗ trợ và có cô Nguyễn Thị Hoa phụ trách.", "vi"))}
    assert "Nguyễn Thị Hoa" in names and not any(n.startswith("cơ") for n in names)


def test_long_province_names_in_a_title_and_vice_governors_in_machine_translations() -> None:
    found = {(p.name, p.role, p.locality) for p in extract_people(ctx(
        "El vicepresidente del Comité Popular de la provincia de Ba Ria-Vung Tau, Nguyen Cong Vinh, "
        "recibió a la delegación.", "es"))}
    assert ("Nguyen Cong Vinh", "Vice Chairman of the People's Committee", "Bà Rịa-Vũng Tàu") in found
    found = {(p.name, p.role) for p in extract_people(ctx(
        "Die Delegation der Präfektur Hokkaido stand unter der Leitung von Vizegouverneur Sato Kenji.", "de"))}
    assert ("Sato Kenji", "Vice Governor") in found


def test_japanese_family_names_with_be_and_katakana_vice_chairmen() -> None:
    assert [(p.name, p.role) for p in people("服部誠太郎知事は、ハノイ市を訪問しました。", "ja")] == [("服部誠太郎", "Governor")]
    assert [(p.name, p.role) for p in people("ダナン市人民委員会 ホー・キー・ミン副委員長 ほか", "ja")] == [
        ("ホー・キー・ミン", "Vice Chairman")]
    assert people("商工労働部の担当者が説明した。", "ja") == []


def test_assembly_chairs_in_machine_translations() -> None:
    found = {(p.name, p.role, p.locality) for p in people(
        "Le vice-président de l'Assemblée nationale Nguyen Duc Hai a reçu une délégation de la préfecture de "
        "Shizuoka, conduite par le président de l'assemblée préfectorale Nakazawa Kazuhiro.", "fr")}
    assert ("Nguyen Duc Hai", "Vice Chairman of the National Assembly", None) in found
    assert ("Nakazawa Kazuhiro", "Chairman of the Prefectural Assembly", "Shizuoka") in found


def test_a_prefecture_name_that_is_a_surname_after_a_title() -> None:
    assert [(p.name, p.role) for p in people(
        "The company will hire engineers, chief executive Ishikawa Daisuke told the ceremony.", "en")] == [
        ("Ishikawa Daisuke", "CEO")]
    # a place and then a two-word name: the place stays a place
    assert {p.name for p in people("Gubernur Gunma Yamamoto Ichita bertemu Perdana Menteri.", "id")} == {
        "Yamamoto Ichita"}


@pytest.mark.parametrize("lang, text, name", [
    ("ja", "使節団は岐阜県の古田肇知事と懇談した。", "古田肇"),
    ("ja", "山形県の吉村美栄子知事は5日、式典で挨拶した。", "吉村美栄子"),
    ("ja", "一行を前に平井伸治鳥取県知事が歓迎の言葉を述べた。", "平井伸治"),
])
def test_japanese_names_are_read_with_the_dictionary(lang: str, text: str, name: str) -> None:
    from kizuna.extract import japanese
    if not japanese.available():
        pytest.skip("fugashi with unidic-lite is not installed")
    assert name in {p.name for p in people(text, lang)}


@pytest.mark.parametrize("lang, text, names", [
    ("de", "Die Gruppe kam mit Herrn Pham Quoc Bao nach Gifu; auch Kishida Fumio sprach dort.",
     {"Pham Quoc Bao", "Kishida Fumio"}),
    ("fr", "Le vice-président du Comité de la province de Nghe An chargé des routes, Bui Dinh Long, a parlé.",
     {"Bui Dinh Long"}),
    ("vi", "Đoàn đi qua Hà Đông và Từ Sơn, rồi ông Lê Hoài Trung tiếp đoàn.", {"Lê Hoài Trung"}),
])
def test_names_without_a_title(lang: str, text: str, names: set) -> None:
    assert {p.name for p in people(text, lang)} == names


def test_the_party_general_secretary_in_romance_languages(context) -> None:
    from kizuna.extract.people import extract_people
    for text, lang in (("Na sede, o Secretário-Geral To Lam recebeu o governador de Nara.", "pt"),
                       ("El secretario general To Lam recibió ayer al gobernador de Nara.", "es")):
        assert "To Lam" in {p.name for p in extract_people(context(text, lang))}


def test_a_kanji_family_name_may_open_with_a_place_character(context) -> None:
    from kizuna.extract.people import extract_people
    names = {p.name for p in extract_people(context("式典には山口県の村岡嗣政知事と市川太郎氏が出席した。", "ja"))}
    assert {"村岡嗣政", "市川太郎"} <= names
    # a village is still no name
    assert "白川村" not in {p.name for p in extract_people(context("白川村長が出席した。", "ja"))}


def test_dotted_katakana_names_in_a_list_of_participants(context) -> None:
    from kizuna.extract.people import extract_people
    text = "同行者: レ・ヴァン・タム – 省党委員会委員。 ホー・ティ・マイ – 省人民委員会副委員長。 ハイ・フォン・シティ – 会場。"
    names = {p.name for p in extract_people(context(text, "ja"))}
    assert {"レ・ヴァン・タム", "ホー・ティ・マイ"} <= names and "ハイ・フォン・シティ" not in names


def test_a_japanese_family_name_in_capitals_before_the_given_name_is_a_name() -> None:
    # Vietnamese outlets write "Đại sứ ITO Naoki", "Thống đốc UEDA Kiyoshi"; acronyms stay out
    found = people("Chủ tịch tỉnh tiếp Thống đốc tỉnh Shiga MIKAZUKI Taizo và đại diện JETRO Hà Nội.", "vi")
    assert [p.name for p in found] == ["MIKAZUKI Taizo"]
    assert people("Đại diện UBND Hanoi và JETRO Tokyo phát biểu.", "vi") == []


def test_a_place_word_with_a_possessive_after_a_title_is_no_name() -> None:
    text = "The Vice Mayor of Sapporo City's trip lasted two days."
    assert {p.name for p in people(text, "en")} == set()


def test_comrade_after_a_katakana_name_and_declined_russian_forms_of_address(context) -> None:
    from kizuna.extract.people import extract_people
    ja = {p.name for p in extract_people(context("会議では、グエン・ヴァン・ロイ同志が省の計画を説明した。", "ja"))}
    assert "グエン・ヴァン・ロイ" in ja
    ru = {p.name for p in extract_people(context("Делегация встретилась с г-ном Кэнтаро Мацуи в мэрии.", "ru"))}
    assert "Кэнтаро Мацуи" in ru


def test_an_untitled_vietnamese_name_in_cyrillic(context) -> None:
    from kizuna.extract.people import extract_people
    text = "На встрече Нгуен Ван Тхань рассказал о проектах провинции. Выступил Мэр Города Осака."
    names = {p.name for p in extract_people(context(text, "ru"))}
    assert "Нгуен Ван Тхань" in names and not any("Осака" in n for n in names)


@pytest.mark.parametrize("text, lang, name, role", [
    ("Le maire a lu le message de la Première ministre japonaise Takaichi aux invités de Gunma.", "fr",
     "Takaichi", "Prime Minister of Japan"),
    ("O governador leu a carta do primeiro-ministro japonês Takaichi aos convidados de Gunma.", "pt",
     "Takaichi", "Prime Minister of Japan"),
])
def test_a_nationality_after_the_title_stands_before_a_one_word_name(text: str, lang: str, name: str,
                                                                       role: str) -> None:
    assert summary(text, lang) >= {(name, role, None)}


def test_a_capitalised_form_of_address_inside_a_sentence_before_a_japanese_name() -> None:
    text = "Tổng lãnh sự chúc mừng Ông Kato Jun và ông Mori Taichi nhận nhiệm vụ mới tại tỉnh Gunma."
    assert {p.name for p in people(text, "vi")} == {"Kato Jun", "Mori Taichi"}
    # before Vietnamese syllables "Anh", "Ông" may be names: no form of address is assumed
    assert people("Chúng tôi gặp Anh Tuấn và Ông Minh ở tỉnh Gunma.", "vi") == []


@pytest.mark.parametrize("text, lang, name", [
    ("Le maire a accueilli Chiba Takeshi et sa délégation à Hué.", "fr", "Chiba Takeshi"),
    ("Fukushima Nobuyuki nói Đà Nẵng là đối tác quan trọng.", "vi", "Fukushima Nobuyuki"),
])
def test_a_prefecture_name_before_a_romanised_given_name_is_a_family_name(text: str, lang: str, name: str) -> None:
    assert name in {p.name for p in people(text, lang)}


@pytest.mark.parametrize("text, lang", [
    ("Kyoto Animation opened a studio in Da Nang.", "en"),        # not a given name as romanised (ti)
    ("The FUKUOKA Matsuri drew crowds in Hanoi.", "en"),           # a festival word
    ("Chiba Prefecture signed a memorandum with Da Nang.", "en"),
])
def test_a_prefecture_name_before_other_words_stays_a_place(text: str, lang: str) -> None:
    assert people(text, lang) == []


def test_the_german_dative_form_of_address_is_no_part_of_the_name() -> None:
    text = "Die Delegation wurde von Herrn Kenji Sato, Bürgermeister der Stadt, in Dien Bien empfangen."
    assert "Kenji Sato" in {p.name for p in people(text, "de")}


@pytest.mark.parametrize("text", [
    "Tại buổi lễ có Phó Chủ tịch Hội hữu nghị Việt - Nhật Trần Văn Hải.",
    "Tại buổi lễ có Phó Chủ tịch Hội hữu nghị Việt - Nhật tỉnh Bình Định Trần Văn Hải.",
])
def test_a_name_right_after_an_association_and_its_locality_is_found(text: str) -> None:
    # the association's name ends with its partner country or its locality, not one word further
    assert "Trần Văn Hải" in {p.name for p in people(text, "vi")}


def test_a_declined_country_adjective_after_a_russian_title_is_no_name() -> None:
    text = "Он встретился с губернатором Ниси Кадзуо и председателем Японской ассоциации друзей Вьетнама."
    assert {p.name for p in people(text, "ru")} == {"Ниси Кадзуо"}
    # nor is the body a title heads ("директор Департамента ...")
    text = "Фестиваль открыли директор Департамента культуры и г-н Сато Кэн."
    assert "Департамента" not in {p.name for p in people(text, "ru")}


def test_an_honorary_committee_title_is_no_part_of_a_japanese_name() -> None:
    text = "式典では名誉実行委員長を務める田中一郎さんがあいさつし、北海道の副知事も出席した。"
    assert {p.name for p in people(text, "ja")} == {"田中一郎"}


def test_a_japanese_assembly_chairman_title_compounds_with_its_assembly() -> None:
    # "辻中同市議会議長": surname, then "the said city's assembly chairman"
    text = "市からは、松本市長のほか、辻中同市議会議長をはじめとする訪問団がベトナムを訪れた。"
    assert ("辻中", "Chairman of the Assembly") in {(p.name, p.role) for p in people(text, "ja")}


@pytest.mark.parametrize("text, name", [
    ("調印式では、大阪市長とズン・ビンディン省人民委員長との間で覚書が交わされた。", "ズン"),
    ("式典にはグエン・ヴァン・フン・クアンナム省人民委員会委員長が出席した。", "グエン・ヴァン・フン"),
])
def test_a_katakana_name_glued_by_a_dot_to_its_locality_and_title(text: str, name: str) -> None:
    assert name in {p.name for p in people(text, "ja")}


def test_the_head_of_an_agency_titled_sosai_is_a_person() -> None:
    text = "観光庁を訪れた知事に対し、同庁のソムチャイ・ウォンサワット総裁が協力を約束した。"
    assert ("ソムチャイ・ウォンサワット", "President") in {(p.name, p.role) for p in people(text, "ja")}


def test_a_kanji_surname_whose_head_the_dictionary_reads_as_prefixes(context) -> None:
    from kizuna.extract import japanese
    from kizuna.extract.people import extract_people
    if not japanese.available():
        pytest.skip("fugashi with unidic-lite is not installed")
    # UniDic tags 原 and 中 as prefixes before 誠志: they are the surname's head
    names = {p.name for p in extract_people(context("式典では知事ならびに原中誠志副議長が挨拶した。", "ja"))}
    assert "原中誠志" in names and "誠志" not in names
    # 故 (the late) stands before a name and is no part of it
    assert [start for start, _, _ in japanese.name_spans("故安倍晋三元首相の功績")] == [1]


def test_a_place_before_a_title_is_its_locality_only_when_nothing_stands_between() -> None:
    """'{loc} governor' needs the place right before the title (or a unit word between): a banquet
    "in Da Nang for Governor of Shizuoka ..." names the governor of Shizuoka, not of Da Nang."""
    text = ("The city hosted a banquet in Da Nang for Governor of Shizuoka prefecture Suzuki Yasutomo "
            "last week, and Kagoshima Vice Governor Fujita Masaru came too.")
    assert summary(text, "en") == {("Suzuki Yasutomo", "Governor", "Shizuoka"),
                                   ("Fujita Masaru", "Vice Governor", "Kagoshima")}
    assert ("Nguyen Van Thanh", "Secretary of the Provincial Party Committee", "Bắc Ninh") in summary(
        "Bac Ninh provincial party committee secretary Nguyen Van Thanh opened the meeting.", "en")


def test_a_possessive_is_no_part_of_the_name() -> None:
    text = ("Chairman Tran Sy Thanh thanked Kanagawa Governor Kuroiwa Yuji for his visit. He praised "
            "Governor Kuroiwa Yuji's warm feelings towards Vietnam.")
    names = {p.name for p in people(text, "en")}
    assert "Kuroiwa Yuji" in names and not any(n.endswith(("'s", "’s")) for n in names)


def test_a_japanese_name_written_with_a_space_keeps_its_surname() -> None:
    """Prefectural pages write 阿部 守一: the surname before the space is part of the name."""
    names = {p.name for p in people("調印式で発言に立った長野県の阿部 守一知事は、協力の拡大を述べた。", "ja")}
    assert names == {"阿部 守一"}


def test_a_school_or_company_after_a_title_is_no_person() -> None:
    text = ("The delegation was led by Mr. Tomoyuki Mizoguchi, President of Nishi Nippon Junior College, "
            "with teachers of Hakata High School.")
    assert {p.name for p in people(text, "en")} == {"Tomoyuki Mizoguchi"}


@pytest.mark.parametrize("lang, text, name", [
    # "Trương" folds like "Trường" (a school), "Tô" like "tổ": a family name is a family name
    ("en", "Vice Chairman of the municipal People’s Committee Truong Quang Hoai Nam said so.",
     "Truong Quang Hoai Nam"),
    ("vi", "Tham dự buổi lễ có ông Trương Quang Hoài Nam và các đại biểu.", "Trương Quang Hoài Nam"),
])
def test_a_family_name_that_folds_like_an_ordinary_word(lang: str, text: str, name: str) -> None:
    assert name in {p.name for p in people(text, lang)}


def test_a_school_is_still_no_family_name() -> None:
    assert people("Trường Đại học Cần Thơ Nam Bộ đã hợp tác với tỉnh.", "vi") == []

"""Ties rest on the sentence that links two localities, with the strongest kind it supports."""
from __future__ import annotations

from kizuna.extract.ties import extract_ties

from .conftest import shared_corpus


def ties(ctx) -> set[tuple[str, str, str]]:
    return {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)}


def test_governor_received_in_the_host_province_is_a_visit(context) -> None:
    ctx = context("Ngày 25/11, tại tỉnh Quảng Ninh, Bộ trưởng đã tiếp ông Yamamoto Ichita, Thống đốc tỉnh Gunma.",
                  "vi", "2025-11-25")
    assert ties(ctx) == {("Quảng Ninh", "Gunma", "visit")}


def test_delegation_calls_on_a_governor_in_a_later_sentence(context) -> None:
    ctx = context("Đoàn công tác của tỉnh Long An thăm và làm việc tại Nhật Bản. Trong chuyến đi, đoàn đến chào "
                  "xã giao Thống đốc tỉnh Ibaraki. Tỉnh Long An mong muốn mở rộng hợp tác.", "vi", "2025-03")
    assert ties(ctx) == {("Long An", "Ibaraki", "visit")}


def test_signing_now_is_agreement_but_a_caption_of_an_old_signing_is_existing(context) -> None:
    now = context("Sáng nay, tỉnh Bắc Ninh và tỉnh Shizuoka đã ký kết biên bản ghi nhớ về hợp tác.", "vi", "2025-05")
    assert ties(now) == {("Bắc Ninh", "Shizuoka", "agreement")}
    old = context("Lãnh đạo tỉnh Bắc Ninh (phải) và tỉnh Shizuoka tại lễ ký kết năm 2023.", "vi", "2025-05")
    assert ties(old) == {("Bắc Ninh", "Shizuoka", "existing")}


def test_cooperation_between_named_pair_is_existing_and_wish_is_proposed(context) -> None:
    ctx = context("Han berömde det långa samarbetet mellan Hokkaido-provinsen och Quang Ninh-provinsen.", "sv")
    assert ties(ctx) == {("Quảng Ninh", "Hokkaido", "existing")}
    ctx = context("Osaka hopes to work with Da Nang on logistics.", "en")
    assert ties(ctx) == {("Đà Nẵng", "Osaka", "proposed")}


def test_co_occurrence_without_a_linking_cue_is_not_a_tie(context) -> None:
    ctx = context("Festivals are held every year in Ho Chi Minh City, in Hokkaido and in Ha Long.", "en")
    assert ties(ctx) == set()


def test_a_province_holding_its_programme_in_a_prefecture_visits_it(context) -> None:
    # contract: a delegation of one in the other, whatever the occasion, is a visit
    ctx = context("Chương trình xúc tiến đầu tư của tỉnh Long An được tổ chức ở Tokyo vào ngày 31-3.", "vi", "2025-03")
    assert ties(ctx) == {("Long An", "Tokyo", "visit")}
    ctx = context("Lễ hội du lịch được tổ chức ở Tokyo vào ngày 31-3.", "vi", "2025-03")
    assert ties(ctx) == set()   # no province of the other side: nothing to pair


def test_leaders_named_at_the_meeting_are_at_the_host_province(context) -> None:
    ctx = context("Ngày 25/11, tại tỉnh Quảng Ninh, Thủ tướng đã tiếp các đại biểu Nhật Bản. Tại buổi tiếp, "
                  "lãnh đạo các tỉnh Nara, Kochi và Akita giới thiệu về địa phương mình.", "vi", "2025-11-25")
    assert ties(ctx) == {("Quảng Ninh", "Nara", "visit"), ("Quảng Ninh", "Kochi", "visit"),
                         ("Quảng Ninh", "Akita", "visit")}
    # without a reference back to the meeting, a list of prefectures is only a list
    ctx = context("Ngày 25/11, tại tỉnh Quảng Ninh, Thủ tướng đã tiếp các đại biểu Nhật Bản. Nhật Bản có "
                  "nhiều tỉnh như Nara, Kochi và Akita.", "vi", "2025-11-25")
    assert ("Quảng Ninh", "Nara", "visit") not in ties(ctx)


def test_roll_call_of_prefectures_makes_no_pair_with_an_absent_province(context) -> None:
    ctx = context("Tại tỉnh Quảng Ninh, lãnh đạo các tỉnh Yamanashi, Niigata, Tokushima và Shimane giới thiệu "
                  "tiềm năng. Thủ tướng tiếp đoàn các địa phương Nhật Bản gồm Yamanashi, Niigata, Tokushima.",
                  "vi", "2025-11-25")
    assert all(kind != "visit" or jp not in {"Yamanashi", "Niigata", "Tokushima"} or vn == "Quảng Ninh"
               for vn, jp, kind in ties(ctx))
    assert not any(t[1] == "Shimane" and t[2] == "visit" for t in ties(ctx) if "tiếp" not in ctx.text[:40])


# --- diacritics, look-alike cues, venues, every language's table, the shared corpus ---

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kizuna.extract.phrases import load  # noqa: E402
from kizuna.model import TIE_KINDS  # noqa: E402

LANGS = ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko")


def test_words_that_fold_like_cues_are_not_cues(context) -> None:
    # "sáng" (morning) folds like "sang" (go over), "tham dự" (attend) like "thăm" (visit)
    # "sáng" (morning) folds like "sang" (go over), "thăm" (visit) like "tham" in "tham dự" (attend):
    # attending the same workshop elsewhere is a meeting, not a visit
    ctx = context("Sáng nay, tỉnh Ninh Bình và tỉnh Nara tham dự hội thảo chung.", "vi", "2025-05")
    assert ties(ctx) == {("Ninh Bình", "Nara", "meeting")}
    assert ties(context("Sáng nay tỉnh Ninh Bình và tỉnh Nara công bố kết quả khảo thí.", "vi")) == set()


def test_attending_an_event_held_in_the_other_is_a_visit(context) -> None:
    ctx = context("Đại diện các tỉnh Hà Nam, Nam Định tham dự hội nghị xúc tiến đầu tư tại tỉnh Aichi.", "vi", "2025-05")
    assert ties(ctx) == {("Hà Nam", "Aichi", "visit"), ("Nam Định", "Aichi", "visit")}
    ctx = context("The governor of Gunma attended the forum held in Quang Ninh.", "en", "2025-05")
    assert ties(ctx) == {("Quảng Ninh", "Gunma", "visit")}


def test_a_roll_call_of_participants_makes_no_pairs(context) -> None:
    ctx = context("Hội nghị có sự tham dự của đại diện tỉnh Quảng Ninh và các tỉnh Yamanashi, Niigata, Tokushima, "
                  "Shimane.", "vi", "2025-05")
    assert ties(ctx) == set()


def test_continue_is_not_receive(context) -> None:
    # "tiếp tục" (continue) contains "tiếp" (receive) but says the cooperation goes on
    ctx = context("Tỉnh Hưng Yên và tỉnh Kanagawa tiếp tục hợp tác về nông nghiệp.", "vi", "2025-05")
    assert ties(ctx) == {("Hưng Yên", "Kanagawa", "existing")}


def test_meeting_in_a_third_place_is_a_meeting_and_the_venue_is_no_partner(context) -> None:
    ctx = context("Lãnh đạo tỉnh Nghệ An gặp Thống đốc tỉnh Gifu tại Hà Nội.", "vi", "2025-05")
    assert ties(ctx) == {("Nghệ An", "Gifu", "meeting")}


def test_meeting_held_in_one_of_the_two_is_a_visit(context) -> None:
    ctx = context("Chủ tịch tỉnh Nghệ An tiếp Thống đốc tỉnh Gifu tại Nghệ An.", "vi", "2025-05")
    assert ties(ctx) == {("Nghệ An", "Gifu", "visit")}


def test_a_signing_dated_in_an_earlier_year_is_existing(context) -> None:
    ctx = context("Năm 2019, tỉnh Hà Nam và tỉnh Toyama đã ký thỏa thuận hợp tác.", "vi", "2025-05")
    assert ties(ctx) == {("Hà Nam", "Toyama", "existing")}


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Tỉnh Thanh Hóa mong muốn thúc đẩy hợp tác với tỉnh Shizuoka.", ("Thanh Hóa", "Shizuoka", "proposed")),
    ("vi", "Tỉnh Quảng Nam và tỉnh Shiga có quan hệ hữu nghị từ lâu.", ("Quảng Nam", "Shiga", "existing")),
    ("en", "The governor of Gunma visited Quang Ninh province for the forum.", ("Quảng Ninh", "Gunma", "visit")),
    ("en", "Da Nang and Yokohama have been sister cities for years.", ("Đà Nẵng", "Yokohama", "existing")),
    ("sv", "Quang Ninh-provinsen och Gunma-provinsen undertecknade ett avtal.", ("Quảng Ninh", "Gunma", "agreement")),
    ("sv", "Guvernören i Gunma besökte Quang Ninh.", ("Quảng Ninh", "Gunma", "visit")),
    ("ja", "ビンズオン省の代表団が神奈川県を訪問した。", ("Bình Dương", "Kanagawa", "visit")),
    ("ja", "新潟県とタイビン省は覚書に署名した。", ("Thái Bình", "Niigata", "agreement")),
])
def test_kinds_in_several_languages(lang: str, text: str, expected: tuple[str, str, str], context) -> None:
    assert ties(context(text, lang, "2025-05")) == {expected}


def test_one_tie_per_pair_keeps_the_strongest_kind_and_all_evidence(context) -> None:
    text = ("Tỉnh Bắc Ninh và tỉnh Saitama có quan hệ hợp tác. "
            "Hôm nay tỉnh Bắc Ninh và tỉnh Saitama ký kết biên bản ghi nhớ.")
    (tie,) = extract_ties(context(text, "vi", "2025-05"))
    assert tie.kind == "agreement"
    assert len(tie.evidence) == 2
    assert all(0 <= s.start < s.end <= len(text) for s in tie.evidence)


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_a_sourced_cue_file(lang: str) -> None:
    data = load(f"ties.{lang}")
    assert data is not None and data["_source"]
    assert any(data.get(kind) for kind in TIE_KINDS)
    assert data.get("delegation")


def test_shared_corpus_pairs_match_gold() -> None:
    seeds, gold_dir = shared_corpus()
    from kizuna.pipeline import process
    from kizuna.sources import iter_raw
    from kizuna.text import fold_name
    tp = fp = fn = 0
    for raw in iter_raw([seeds]):
        gold = json.loads((gold_dir / f"{Path(raw.source).stem}.json").read_text(encoding="utf-8"))
        wanted = {(fold_name(p["vn"]), fold_name(p["jp"]), p["kind"]) for p in gold["pairs"]}
        predicted = {(fold_name(t.vn), fold_name(t.jp), t.kind) for t in process(raw).ties}
        tp, fp, fn = tp + len(predicted & wanted), fp + len(predicted - wanted), fn + len(wanted - predicted)
    assert tp / (tp + (fp + fn) / 2) >= 0.8


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["tỉnh", "Quảng Ninh", "Gunma", "Long An", "Ibaraki", "ký kết", "thăm", "tiếp", "tại", "đoàn", "và",
          "tham dự", "năm 2019", "(ảnh", ".", ",", "\n", "visited", "signed", "in", "Hokkaido", "Da Nang", "東京都",
          "クアンニン省", "訪問", "署名", "sáng", "tiếp tục", "hợp tác", "mong muốn"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(_WORDS), max_size=40), lang=st.sampled_from(LANGS),
       published=st.sampled_from([None, "2025-05"]))
def test_extract_ties_never_crashes_and_stays_inside(words: list[str], lang: str, published: str | None,
                                                    context) -> None:
    text = " ".join(words)
    for tie in extract_ties(context(text, lang, published)):
        assert tie.kind in TIE_KINDS
        assert tie.evidence
        assert all(0 <= s.start < s.end <= len(text) for s in tie.evidence)


def test_a_dateline_is_not_a_party(context) -> None:
    text = ("HANOI, June 3 (VNA) - A delegation of Okayama prefecture paid a working visit to Binh Dinh province.\n"
            "Okayama and Binh Dinh will open a joint office.")
    assert ties(context(text, "en", "2025-06")) == {("Bình Định", "Okayama", "visit")}
    assert ties(context("HÀ NỘI — Đoàn tỉnh Okayama thăm tỉnh Bình Định.", "vi", "2025-06")) == {
        ("Bình Định", "Okayama", "visit")}


def test_a_headline_naming_two_partners_is_not_a_dateline(context) -> None:
    assert ties(context("Hà Nội - Fukuoka ký kết thỏa thuận hợp tác", "vi", "2025-06")) == {
        ("Hà Nội", "Fukuoka", "agreement")}


def test_a_city_and_its_own_prefecture_are_one_partner(context) -> None:
    text = "Chủ tịch UBND thành phố Hải Phòng tiếp đoàn công tác thành phố Kitakyushu, tỉnh Fukuoka."
    assert ties(context(text, "vi", "2025-03")) == {("Hải Phòng", "Kitakyushu", "visit")}
    text = "Phó Chủ tịch thành phố Đà Nẵng tiếp đoàn thành phố Osaka (tỉnh Osaka) sang làm việc."
    assert ties(context(text, "vi", "2025-03")) == {("Đà Nẵng", "Osaka", "visit")}


def test_a_delegation_in_tokyo_visits_tokyo_whatever_the_occasion(context) -> None:
    # contract: a delegation of one in the other is a visit, whatever the occasion (here the
    # national ministry); the real development set annotates such stops in Tokyo as visits
    text = ("Đoàn công tác tỉnh Quảng Ngãi thăm tỉnh Hiroshima. "
            "Đoàn cũng đến Tokyo làm việc với Bộ Ngoại giao Nhật Bản.")
    assert ties(context(text, "vi", "2025-03")) == {("Quảng Ngãi", "Hiroshima", "visit"),
                                                    ("Quảng Ngãi", "Tokyo", "visit")}


def test_receiving_is_a_visit_unless_held_in_a_third_place(context) -> None:
    assert ties(context("Chủ tịch UBND thành phố Hà Nội tiếp Thống đốc tỉnh Fukuoka.", "vi", "2025-04")) == {
        ("Hà Nội", "Fukuoka", "visit")}
    assert ties(context("Lãnh đạo tỉnh Nghệ An tiếp Thống đốc tỉnh Gifu tại Hà Nội.", "vi", "2025-04")) == {
        ("Nghệ An", "Gifu", "meeting")}


def test_a_proposed_visit_is_proposed(context) -> None:
    text = "Ông đề nghị tỉnh Mie cử đoàn doanh nghiệp sang khảo sát tỉnh Thanh Hóa vào năm tới."
    assert ties(context(text, "vi", "2025-04")) == {("Thanh Hóa", "Mie", "proposed")}


def test_a_merged_province_keeps_its_pair_and_its_holder_inherits_it(context) -> None:
    text = ("Tỉnh Tây Ninh và tỉnh Ibaraki ký kết biên bản ghi nhớ. "
            "Tỉnh Long An và tỉnh Ibaraki đã có quan hệ hợp tác từ trước.")
    # keyed by name (contract): both pairs, each with its own kind, before and after the merger
    assert ties(context(text, "vi", "2025-11")) == {("Tây Ninh", "Ibaraki", "agreement"),
                                                    ("Long An", "Ibaraki", "existing")}
    assert ties(context(text, "vi", "2025-03")) == {("Tây Ninh", "Ibaraki", "agreement"),
                                                    ("Long An", "Ibaraki", "existing")}
    inherited = ("Thành phố Hồ Chí Minh mở rộng hợp tác quốc tế. "
                 "Tỉnh Bình Dương và tỉnh Yamaguchi đã có quan hệ hữu nghị từ năm 2019.")
    assert ties(context(inherited, "vi", "2025-11")) == {("Bình Dương", "Yamaguchi", "existing"),
                                                         ("Hồ Chí Minh", "Yamaguchi", "existing")}
    # before the merger Bình Dương was a province of its own: nothing to inherit
    assert ties(context(inherited, "vi", "2025-03")) == {("Bình Dương", "Yamaguchi", "existing")}


def test_the_two_sides_signing_after_the_linking_sentence_is_an_agreement(context) -> None:
    text = ("Le président de la province de Thua Thien Hue a reçu une délégation de la préfecture de Kyoto. "
            "Lors de la réunion, les deux parties ont signé une lettre d'intention.")
    assert ties(context(text, "fr", "2025-11")) == {("Thừa Thiên Huế", "Kyoto", "agreement")}
    alone = "Lors de la réunion, les deux parties ont signé une lettre d'intention."
    assert ties(context(alone, "fr", "2025-11")) == set()


def test_a_prefectures_press_release_on_a_forum_held_in_a_province_is_a_visit() -> None:
    from .conftest import make_context
    ctx = make_context("山本一太知事は、11月24日から25日までクアンニン省で開催されたフォーラムに出席しました。\n\n"
                       "首相からは、群馬県とクアンニン省の協力をさらに進めてほしいとの期待が示されました。",
                       "ja", "2025-11-27")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Quảng Ninh", "Gunma", "visit")}


def test_swedish_inflected_signing_and_compound_agreement_words() -> None:
    from .conftest import make_context
    ctx = make_context("Vice premiärministern uppskattade vänskapsavtalet mellan Hanoi och Fukuoka, som "
                       "undertecknades 2008.", "sv", "2025-05-14")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Hà Nội", "Fukuoka", "existing")}
    ctx = make_context("På eftermiddagen den 13 maj i Hanoi tog vice premiärminister Bui Thanh Son emot guvernören "
                       "i Fukuoka prefektur.", "sv", "2025-05-14")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Hà Nội", "Fukuoka", "visit")}


def test_localities_listed_after_a_venue_are_venues_too() -> None:
    from .conftest import make_context
    ctx = make_context("Trong tháng 7 vừa qua, đoàn doanh nghiệp Aichi đã sang khảo sát đầu tư tại Nghệ An và Hà Tĩnh.",
                       "vi", "2025-07-18")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Nghệ An", "Aichi", "visit"),
                                                                 ("Hà Tĩnh", "Aichi", "visit")}


def test_a_meeting_in_a_third_city_is_a_meeting_even_when_the_other_side_is_named_later() -> None:
    from .conftest import make_context
    ctx = make_context("Governor Mikazuki Taizo told a meeting with Hai Duong leaders in Hanoi that some 30 Shiga "
                       "companies are considering expanding to Vietnam.", "en", "2025-03-06")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Hải Dương", "Shiga", "meeting")}


def test_japanese_verb_at_the_end_of_the_clause_still_says_the_kind() -> None:
    from .conftest import make_context
    ctx = make_context("静岡県の知事は19日、県庁でベトナム北部バクニン省の人民委員会委員長と会談し、経済交流に関する覚書に署名した。",
                       "ja", "2025-08-20")
    assert {(t.vn, t.jp, t.kind) for t in extract_ties(ctx)} == {("Bắc Ninh", "Shizuoka", "agreement")}


def test_a_list_of_pairs_forms_only_the_pairs_it_joins(context) -> None:
    text = ("Ties now reach the local level, such as Hanoi - Fukuoka, Hai Phong - Niigata, "
            "and Khanh Hoa with Okinawa and Kagoshima prefectures.")
    assert ties(context(text, "en")) == {("Hà Nội", "Fukuoka", "existing"), ("Hải Phòng", "Niigata", "existing"),
                                        ("Khánh Hòa", "Okinawa", "existing"), ("Khánh Hòa", "Kagoshima", "existing")}
    # a list of both countries' localities joined by commas alone pairs none of them
    assert ties(context("Hanoi, Hai Phong, Fukuoka and Niigata sent teams.", "en")) == set()


def test_a_reception_written_as_a_noun_places_the_guest_in_the_host_city(context) -> None:
    text = "At a reception in Hanoi for the Governor of Nagano prefecture, the Prime Minister praised the ties."
    assert ties(context(text, "en", "2024-05-02")) == {("Hà Nội", "Nagano", "visit")}


def test_officials_present_at_an_event_held_in_a_province_visit_it(context) -> None:
    text = ("Une réunion des dirigeants locaux a eu lieu le 3 mars dans la grande ville de Can Tho. "
            "Côté japonais, étaient présents des gouverneurs des préfectures de Tottori, Kochi et Oita.")
    assert ties(context(text, "fr", "2024-03-04")) == {("Cần Thơ", "Tottori", "visit"), ("Cần Thơ", "Kochi", "visit"),
                                                       ("Cần Thơ", "Oita", "visit")}


def test_co_organising_is_a_meeting(context) -> None:
    text = "Tối 5/6, tỉnh Bắc Ninh phối hợp với tỉnh Saitama tổ chức tuần văn hóa Nhật Bản."
    assert ("Bắc Ninh", "Saitama", "meeting") in ties(context(text, "vi", "2025-06-06"))
    text = "Osaka and Da Nang co-organised a food fair on 2 May."
    assert ("Đà Nẵng", "Osaka", "meeting") in ties(context(text, "en", "2025-05-03"))


def test_the_city_a_prefecture_situates_is_the_partner(context) -> None:
    assert ties(context("ハナム省は5月2日、兵庫県神戸市と友好協定に署名した。", "ja", "2025-05-03")) \
        == {("Hà Nam", "Kobe", "agreement")}


def test_a_stop_of_the_trip_in_a_prefecture_is_a_visit_of_the_travelling_province(context) -> None:
    # the trip is told once; later sentences name only where each activity was held
    ctx = context("Die Delegation der Provinz Binh Phuoc reiste nach Japan. In Osaka traf die Delegation "
                  "Unternehmen. Ein Seminar zur Investitionsförderung fand in Tokio am 23. Mai statt.", "de")
    assert ties(ctx) == {("Bình Phước", "Osaka", "visit"), ("Bình Phước", "Tokyo", "visit")}
    # no delegation of the province is told: a seminar held in Tokyo places nobody there
    alone = context("Die Provinz Binh Phuoc wirbt um Investoren. Ein Seminar fand in Tokio am 23. Mai statt.", "de")
    assert ties(alone) == set()


def test_a_prefecture_that_only_situates_an_ordinary_city_is_no_party() -> None:
    from kizuna import pipeline
    from kizuna.model import RawDocument
    text = ("Sáng 8/5, thành phố Cần Thơ và thành phố Isesaki, tỉnh Gunma ký biên bản ghi nhớ hợp tác "
            "về giáo dục.")
    found = pipeline.process(RawDocument(source="a.txt", kind="text", text=text, data=text.encode()))
    assert [loc.name for loc in found.localities] == ["Cần Thơ"]
    assert found.ties == ()


def test_partners_listed_after_the_province_are_existing_ties(context) -> None:
    # the article's own province is named once; its partners follow "the province" (contract)
    ctx = context("Binh Dinh province is promoting exchanges with Japan. Over the years the province has "
                  "signed cooperation agreements with Osaka Prefecture and Shiga Prefecture in education.", "en")
    assert ties(ctx) == {("Bình Định", "Osaka", "existing"), ("Bình Định", "Shiga", "existing")}


def test_cooperation_with_the_other_country_is_no_tie_to_its_main_locality(context) -> None:
    ctx = context("Governor Kuroiwa of Kanagawa met the delegation. He said Quang Ninh cooperates closely "
                  "with Japan in tourism.", "en")
    assert ("Quảng Ninh", "Kanagawa", "existing") not in ties(ctx)


def test_the_venues_of_a_trips_gatherings_are_visit_pairs(context) -> None:
    """Each conference of the programme 'tại Osaka', 'tại Tokyo': the province's delegation is there."""
    text = ("Đoàn công tác tỉnh Tây Ninh sẽ làm việc tại Nhật Bản từ ngày 16 đến 22/11.\n\n"
            "Điểm nhấn là chuỗi hội nghị: Hội nghị Kết nối đầu tư vùng Kansai - Tây Ninh tại Osaka (ngày 17-11) "
            "và Hội nghị Xúc tiến đầu tư tỉnh Tây Ninh tại Tokyo (19-11).")
    assert ties(context(text, "vi")) >= {("Tây Ninh", "Osaka", "visit"), ("Tây Ninh", "Tokyo", "visit")}


def test_a_prefecture_after_a_place_word_with_nothing_happening_is_no_venue(context) -> None:
    text = "Tỉnh Tây Ninh hiện có 20 doanh nghiệp tại Osaka đầu tư."
    assert ("Tây Ninh", "Osaka", "visit") not in ties(context(text, "vi"))


def test_the_venue_of_a_planned_gathering_is_no_visit(context) -> None:
    planned = "Cuối buổi tiếp, hai bên trao đổi về khả năng tổ chức hội nghị xúc tiến đầu tư Nghệ An tại Kobe."
    assert ("Nghệ An", "Kobe", "visit") not in ties(context(planned, "vi"))

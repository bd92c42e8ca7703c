"""Ties rest on the sentence that links two localities, with the strongest kind it supports."""
from __future__ import annotations

from kizuna.extract.ties import extract_ties


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
    ctx = context("Han lade grunden för samarbetet mellan Hokkaido-provinsen och Quang Ninh-provinsen.", "sv")
    assert ties(ctx) == {("Quảng Ninh", "Hokkaido", "existing")}
    ctx = context("Osaka hopes to work with Da Nang on logistics.", "en")
    assert ties(ctx) == {("Đà Nẵng", "Osaka", "proposed")}


def test_co_occurrence_without_a_linking_cue_is_not_a_tie(context) -> None:
    ctx = context("Festivals are held every year in Ho Chi Minh City, in Hokkaido and in Ha Long.", "en")
    assert ties(ctx) == set()


def test_a_venue_city_is_not_a_partner(context) -> None:
    ctx = context("Chương trình xúc tiến đầu tư của tỉnh Long An được tổ chức ở Tokyo vào ngày 31-3.", "vi", "2025-03")
    assert ties(ctx) == set()


def test_roll_call_of_prefectures_makes_no_pair_with_an_absent_province(context) -> None:
    ctx = context("Tại tỉnh Quảng Ninh, lãnh đạo các tỉnh Yamanashi, Niigata, Tokushima và Shimane giới thiệu "
                  "tiềm năng. Thủ tướng tiếp đoàn các địa phương Nhật Bản gồm Yamanashi, Niigata, Tokushima.",
                  "vi", "2025-11-25")
    assert all(kind != "visit" or jp not in {"Yamanashi", "Niigata", "Tokushima"} or vn == "Quảng Ninh"
               for vn, jp, kind in ties(ctx))
    assert not any(t[1] == "Shimane" and t[2] == "visit" for t in ties(ctx) if "tiếp" not in ctx.text[:40])

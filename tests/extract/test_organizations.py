"""Organisations: canonical English names from aliases, acronyms and templates (own test sentences)."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract.organizations import extract_organizations, find_organizations, unaccent
from kizuna.model import Context
from kizuna.text import fold

from .conftest import make_context, shared_corpus  # noqa: E402



def ctx(text: str, lang: str) -> Context:
    return make_context(unicodedata.normalize("NFC", text), lang)


def names(text: str, lang: str) -> list[str]:
    return [o.name for o in extract_organizations(ctx(text, lang))]


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Đoàn làm việc với Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO) tại Tokyo.", ["JETRO"]),
    ("vi", "Cơ quan Hợp tác Quốc tế Nhật Bản tài trợ dự án cấp nước.", ["JICA"]),
    ("ja", "ジェトロと国際協力機構が説明会を開いた。", ["JETRO", "JICA"]),
    ("en", "The Japan External Trade Organization and JICA opened offices.", ["JETRO", "JICA"]),
    ("vi", "Bộ Ngoại giao và Đại sứ quán Nhật Bản tại Việt Nam cùng tổ chức hội thảo.",
     ["Ministry of Foreign Affairs of Vietnam", "Embassy of Japan in Vietnam"]),
    ("vi", "Đại diện Bộ Ngoại giao Nhật Bản phát biểu.", ["Ministry of Foreign Affairs of Japan"]),
    ("ja", "外務省と駐日ベトナム大使館が協力した。",
     ["Ministry of Foreign Affairs of Japan", "Embassy of Vietnam in Japan"]),
    ("vi", "Cục Ngoại vụ và Hội đồng Chính quyền địa phương Nhật Bản về quan hệ quốc tế ký kết biên bản.",
     ["Department of External Affairs", "CLAIR"]),
    ("sv", "Han träffade den parlamentariska vänskapsalliansen mellan Japan och Vietnam i Hanoi.",
     ["Japan-Vietnam Parliamentary Friendship Alliance"]),
    ("vi", "Liên minh Nghị sĩ Hữu nghị Nhật-Việt cử đoàn sang thăm.", ["Japan-Vietnam Parliamentary Friendship Alliance"]),
])
def test_aliases_in_every_language(lang: str, text: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


def test_bare_foreign_ministry_counts_only_in_vietnamese() -> None:
    assert names("Bộ Ngoại giao chủ trì hội nghị.", "vi") == ["Ministry of Foreign Affairs of Vietnam"]
    assert names("The Ministry of Foreign Affairs hosted it.", "en") == []


def test_acronyms_must_be_capitals() -> None:
    assert names("Xem thêm tại jetro-vietnam và jica.go.jp.", "vi") == []


@pytest.mark.parametrize("lang,text,expected", [
    ("vi", "Đoàn gặp Hiệp hội Hữu nghị Việt Nam - Saitama và doanh nghiệp.", ["Vietnam - Saitama Friendship Association"]),
    ("vi", "Ông giữ chức Chủ tịch nhiều năm tại Hội Hữu nghị Việt Nam - Nhật Bản tỉnh Nghệ An.",
     ["Vietnam - Japan Friendship Association of Nghệ An"]),
    ("vi", "Hiệp hội Du lịch tỉnh Nagano giới thiệu các tour mới.", ["Nagano Tourism Association"]),
    ("vi", "Sinh viên Trường Đại học Đà Nẵng sang thực tập.", ["Da Nang University"]),
    ("sv", "Studenter vid Hue-universitetet reste till Japan.", ["Hue University"]),
])
def test_templates(lang: str, text: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize("lang,text", [
    ("vi", "Hội Hữu nghị Việt Nam - Thái Lan tổ chức đại hội."),       # not a Japan partner
    ("vi", "UBND tỉnh Long An và Ủy ban nhân dân tỉnh Saitama ký kết."),  # governments are their locality
    ("vi", "Hội nông dân xã tham gia."),                                # field but no province
    ("vi", "Đại học sẽ tuyển thêm sinh viên."),                         # no name
    ("vi", "Các đại biểu chụp ảnh. (Ảnh: JICA/TTXVN)"),                 # photo credit
    ("sv", "Premiärministern tog emot dem. (Foto: Duong Giang/VNA)"),
])
def test_negatives(lang: str, text: str) -> None:
    assert names(text, lang) == []


def test_one_organisation_with_every_occurrence_as_evidence() -> None:
    text = "JICA tài trợ dự án. Sau đó JICA mở văn phòng mới."
    found = extract_organizations(ctx(text, "vi"))
    assert [o.name for o in found] == ["JICA"]
    assert len(found[0].evidence) == 2
    assert all("JICA" in text[s.start:s.end] for s in found[0].evidence)


def test_unaccent_keeps_case() -> None:
    assert unaccent("Đại học Cần Thơ") == "Dai hoc Can Tho"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Hội", "Hữu nghị", "Việt Nam", "-", "Nhật Bản", "tỉnh", "Hậu Giang", "JETRO",
                                 "Đại học", "Cần Thơ", "(Ảnh:", ")", "Bộ Ngoại giao", "外務省", "\n", ","]),
                max_size=25), st.sampled_from(["vi", "en", "sv", "ja", "xx"]))
def test_never_crashes_and_spans_stay_inside(words: list[str], lang: str) -> None:
    text = " ".join(words)
    c = ctx(text, lang)
    for match in find_organizations(c):
        assert 0 <= match.start < match.end <= len(text)
    for org in extract_organizations(c):
        for span in org.evidence:
            assert 0 <= span.start < span.end <= len(text)


def test_every_gold_organisation_is_found_in_the_shared_seeds() -> None:
    seed_dir, gold_dir = shared_corpus()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        text = (seed_dir / f"{gold_file.stem}.txt").read_text("utf-8")
        found = {fold(n) for n in names(text, gold["lang"])}
        for name in gold["organizations"]:
            assert fold(name) in found, (gold_file.stem, name)

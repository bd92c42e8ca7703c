"""Korean people: Hangul names beside their titles (extract/korean.py)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.extract import korean
from kizuna.extract.people import extract_people


def names(ctx) -> set[str]:
    return {p.name for p in extract_people(ctx)}


def test_a_name_before_its_title_with_a_case_ending(context) -> None:
    text = "쩐 홍 하 부총리는 5월 3일 오후 하노이에서 시즈오카현 스즈키 야스토모 지사를 만났다."
    assert names(context(text, "ko")) == {"쩐 홍 하", "스즈키 야스토모"}


def test_a_bracketed_original_and_a_locality_between_name_and_title(context) -> None:
    text = "훙 총리는 어제 미야기현 무라이 요시히로(村井嘉浩) 미야기현 지사를 맞이했다."
    assert names(context(text, "ko")) == {"훙", "무라이 요시히로"}


def test_a_name_after_its_title_with_its_latin_spelling(context) -> None:
    text = "어제 회의에 외교부 부차관 레 티 투 항(Le Thi Thu Hang)이 왔다."
    assert names(context(text, "ko")) == {"레 티 투 항"}


def test_a_name_before_an_honorific_word(context) -> None:
    text = "행사장에서 나라현 지사인 야마시타 마코토 씨는 교류를 높이 평가했다."
    assert "야마시타 마코토" in names(context(text, "ko"))


def test_a_list_of_names_each_with_its_title_in_brackets(context) -> None:
    # the department before a glued title inside the bracket is no name ("성 기획국장")
    text = ("행사에는 레반남(빈딘성 인민위원회 부위원장), 도티란(요코하마 주재 베트남 총영사), "
            "호반칸(성 기획투자국장)이 참석했다.")
    assert names(context(text, "ko")) == {"레반남", "도티란", "호반칸"}


def test_bodies_times_and_counters_are_not_names(context) -> None:
    text = "3월 2일 베-일 친선협회 회장이 연설했다. 재무부 장관도 함께했다."
    assert names(context(text, "ko")) == set()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="레민카이 부총리는()福田,.응우옌씨인가 Nguyen7일", max_size=80), st.integers(0, 80))
def test_the_readers_take_any_text(text: str, at: int) -> None:
    at = min(at, len(text))
    for span in (korean.name_before(text, at, ()), korean.name_after(text, at), korean.name_before_bracket(text, at)):
        assert span is None or 0 <= span.start <= span.end <= len(text)
    for span in korean.honorific_names(text, ()):
        assert 0 <= span.start < span.end <= len(text)


def test_a_tourism_ambassador_of_a_city_is_a_title(context) -> None:
    text = "축제 개막식에는 야마다 하나코(Yamada Hanako) 다낭시 관광대사가 참석했다."
    found = {(p.name, p.role) for p in extract_people(context(text, "ko"))}
    assert found == {("야마다 하나코", "Tourism Ambassador")}

"""The same-event score: dates, types, places, people and the host conflict."""
from __future__ import annotations

from dataclasses import replace

from kizuna.cluster.features import DocFeatures, Happening, PersonKey
from kizuna.cluster.similarity import date_gap, same_event, score

GOVERNOR = PersonKey(("ichita yamamoto", "governor@gunma"), True)
CHAIRMAN = PersonKey(("an duc pham", "chairman of the people s committee@quang ninh"), True)
PRIME_MINISTER = PersonKey(("chinh minh pham", "prime minister@"), True)


def _report(lang: str = "vi", date: str | None = "2025-11-24", type_: str = "reception",
            people: tuple[PersonKey, ...] = (CHAIRMAN, GOVERNOR), published: str = "2025-11-25") -> DocFeatures:
    return DocFeatures(doc_id=f"{lang}{date}{type_}", lang=lang, published=published,
                       headline=Happening(type_, date, None, "Quảng Ninh"), dated=True, occasions=(),
                       localities=("Gunma", "Quảng Ninh"), pairs=("Quảng Ninh|Gunma",),
                       sides=(("Quảng Ninh",), ("Gunma",)), people=people,
                       figures=("56 companies",))


def test_two_languages_reporting_one_reception_agree() -> None:
    assert same_event(_report("vi"), _report("en"))


def test_a_report_in_katakana_matches_by_role_and_locality() -> None:
    japanese = _report("ja", people=(PersonKey(("ファム・ドゥク・アン", "chairman of the people s committee@quang ninh"),
                                               True), PersonKey(("山本一太", "governor@gunma"), True)))
    assert same_event(_report("vi"), japanese)


def test_different_hosts_on_the_same_day_are_two_receptions() -> None:
    other_host = _report("sv", people=(PRIME_MINISTER, GOVERNOR))
    assert not same_event(_report("vi"), other_host)


def test_other_provinces_at_the_same_place_and_day_are_another_event() -> None:
    other_pair = replace(_report("en", people=()), localities=("Huế", "Kyoto", "Quảng Ninh"),
                         sides=(("Huế",), ("Kyoto",)), pairs=("Huế|Kyoto",))
    assert not same_event(replace(_report("vi"), people=()), other_pair)


def test_a_report_without_events_is_still_compared_by_its_facts() -> None:
    no_event = replace(_report("en"), headline=Happening("other", None, None, None), dated=False)
    assert same_event(_report("vi"), no_event)


def test_dates_beyond_the_tolerance_are_never_one_event() -> None:
    assert score(_report("vi"), _report("en", date="2024-11-24", published="2024-11-25")) is None
    assert score(_report("vi"), _report("en", date="2025-11-28", published="2025-11-29")) is None


def test_a_misread_date_in_a_report_of_the_same_days_costs_but_does_not_forbid() -> None:
    misdated = _report("en", date="2025-10-24")   # published with the other, dated a month before
    found = score(_report("vi"), misdated)
    assert found is not None and found < score(_report("vi"), _report("en"))


def test_a_reception_is_never_the_forum_it_happened_at() -> None:
    assert score(_report("vi"), _report("en", type_="forum")) is None


def test_a_conference_typed_forum_in_one_report_and_workshop_in_another_is_one_event() -> None:
    # the contract types conferences as workshops; an outlet may call the same one a forum, and
    # give its two days where another gives its first: one gathering, not a part and its whole
    forum = replace(_report("en", type_="forum"), headline=Happening("forum", "2025-11-24", "2025-11-25", "Quảng Ninh"))
    assert same_event(_report("vi", type_="workshop"), forum)


def test_undated_reports_published_far_apart_are_not_compared() -> None:
    undated = replace(_report("en", date=None, published="2026-01-20"))
    assert score(_report("vi"), undated) is None


def test_date_gap_of_overlapping_ranges_is_zero() -> None:
    forum = Happening("forum", "2025-11-24", "2025-11-25", "Quảng Ninh")
    assert date_gap(forum, Happening("reception", "2025-11-25", None, None)) == 0
    assert date_gap(forum, Happening("reception", "2025-11-28", None, None)) == 3
    assert date_gap(forum, Happening("reception", "--11-25", None, None)) is None


def test_identical_ranges_and_a_range_that_holds_a_day_have_no_gap() -> None:
    week = Happening("visit", "2025-11-10", "2025-11-12", "Quảng Ninh")
    assert date_gap(week, Happening("visit", "2025-11-10", "2025-11-12", None)) == 0
    assert date_gap(week, Happening("visit", "2025-11-11", None, None)) == 0
    assert date_gap(Happening("visit", "2025-11-11", None, None), week) == 0


def test_a_day_without_its_year_is_the_same_day_as_the_full_date() -> None:
    partial = replace(_report("en"), headline=Happening("reception", "--11-24", None, "Quảng Ninh"))
    full_date = _report("vi")
    month = replace(partial, headline=Happening("reception", "2025-11", None, "Quảng Ninh"))
    assert score(partial, full_date) == score(full_date, partial) > score(month, full_date)


def test_a_visit_and_the_signing_held_during_it_are_part_and_whole() -> None:
    visit = replace(_report("vi", type_="visit"), headline=Happening("visit", "2025-11-23", "2025-11-25", "Quảng Ninh"))
    signing = _report("en", date="2025-11-24", type_="signing")
    assert score(visit, signing) is None


def test_a_kanji_name_meets_its_latin_spelling_by_surname_and_locality() -> None:
    from kizuna.cluster.features import _person_key
    from kizuna.cluster.similarity import same_person
    from kizuna.extract import japanese
    from kizuna.model import Person
    if not japanese.available():
        import pytest
        pytest.skip("fugashi with unidic-lite is not installed")
    kanji = _person_key(Person(name="大井川和彦", role="Governor", locality="Ibaraki", evidence=()), None)
    latin = _person_key(Person(name="Oigawa Kazuhiko", role=None, locality="Ibaraki", evidence=()), None)
    elsewhere = _person_key(Person(name="Oigawa Kazuhiko", role=None, locality="Gunma", evidence=()), None)
    assert same_person(kanji, latin) and not same_person(kanji, elsewhere)


def test_a_festival_and_the_agreement_signed_on_its_first_day_are_part_and_whole() -> None:
    festival = replace(_report("en", type_="other"), headline=Happening("other", "2025-11-24", "2025-11-26", "Quảng Ninh"))
    signing = _report("fr", date="2025-11-24", type_="signing")
    assert score(festival, signing) is None
    # a two-day conference reported as a forum and as the investment conference it was: one event
    forum = replace(_report("en", type_="forum"), headline=Happening("forum", "2025-11-24", "2025-11-25", "Quảng Ninh"))
    assert score(forum, _report("vi", type_="investment_promotion")) is not None


def test_a_month_agrees_with_a_day_of_it_without_being_a_neighbouring_day() -> None:
    # "in November" against "17 November": the festival in one report and its workshop in another
    # are not vetoed as two days of one programme
    month = replace(_report("en", type_="workshop"), headline=Happening("workshop", "2025-11", None, "Quảng Ninh"))
    day = replace(_report("vi", type_="other"), headline=Happening("other", "2025-11-24", None, "Quảng Ninh"))
    assert score(month, day) is not None


def test_a_city_and_its_province_are_one_place() -> None:
    in_city = replace(_report("en"), headline=Happening("reception", "2025-11-24", None, "Hạ Long"))
    elsewhere = replace(_report("en"), headline=Happening("reception", "2025-11-24", None, "Hà Nội"))
    assert score(in_city, _report("vi")) > score(elsewhere, _report("vi"))   # type: ignore[operator]


def test_an_unrecognised_event_weighs_against_a_typed_one_and_a_range_inside_another_is_a_part() -> None:
    festival = replace(_report("en", type_="other"), headline=Happening("other", "2025-11-24", None, "Quảng Ninh"))
    assert score(festival, _report("vi", type_="signing")) < score(_report("en", type_="signing"),  # type: ignore[operator]
                                                                   _report("vi", type_="signing"))
    trip = replace(_report("ja", type_="other"), headline=Happening("other", "2025-11-23", "2025-11-27", None))
    days = replace(_report("en", type_="other"), headline=Happening("other", "2025-11-24", "2025-11-26", None))
    assert score(trip, days) is None


def test_an_undated_report_published_on_the_events_day_is_not_marked_down() -> None:
    dated = _report("fr", published="2023-09-08", date="2023-09-08")
    undated_same_day = _report("vi", date=None, published="2023-09-08")
    undated_next_day = _report("vi", date=None, published="2023-09-09")
    undated_later = _report("vi", date=None, published="2023-09-12")
    # on the day or the next, undated costs nothing; later it still costs
    assert score(dated, undated_same_day) == score(dated, undated_next_day) == score(undated_next_day, dated)
    assert score(dated, undated_later) < score(dated, undated_same_day)   # type: ignore[operator]
    # a report published the day before the event is not a report of it
    assert score(dated, _report("vi", date=None, published="2023-09-07")) < score(dated, undated_same_day)  # type: ignore[operator]


def test_the_score_does_not_depend_on_which_report_came_first() -> None:
    # one report's unqualified "prime minister" is the same office as both of the other's
    japanese_pm = PersonKey(("sanae takaichi", "prime minister of japan@"), False)
    minister = PersonKey(("hoai le trung", "minister of foreign affairs of vietnam@"), False)
    first = _report("de", people=(PRIME_MINISTER, japanese_pm))
    second = _report("fr", people=(japanese_pm, minister))
    assert score(first, second) == score(second, first)
    assert score(first, second) == score(_report("de", people=(japanese_pm,)), second)


def test_an_undated_report_of_a_known_month_reports_nothing_of_another_time() -> None:
    # the signing of 24 November and an undated report published in January: two occasions
    assert score(_report("vi", type_="signing"), _report("en", date=None, type_="signing", published="2026-01")) is None
    # published in the month of the event (or days after it), it may be its report
    assert score(_report("vi", type_="signing"), _report("en", date=None, type_="signing", published="2025-11")) \
        is not None
    assert score(_report("vi", date="2025-10-28", type_="signing"),
                 _report("en", date=None, type_="signing", published="2025-11")) is not None



def test_a_name_the_other_report_could_not_have_written_is_no_host_conflict() -> None:
    """A Chinese report writes the Vietnamese host in characters (阮春记) without a role to meet;
    a French report's "Nguyen Xuan Ky" cannot be shown absent from it, so the two hosts are no
    conflict. Two Latin names that differ still are."""
    han = PersonKey(("阮春记",), True)
    latin = PersonKey(("ky nguyen xuan",), True)
    chinese = _report("zh", people=(han, GOVERNOR))
    french = _report("fr", people=(latin, GOVERNOR))
    assert same_event(chinese, french)
    other_host = _report("en", people=(PersonKey(("an duc pham",), True), GOVERNOR))
    assert not same_event(french, other_host)


def test_two_full_names_without_a_word_in_common_are_two_people_in_one_role() -> None:
    """A city has several vice chairmen: one role, two names, two people (and two visits a
    year apart are not one). A surname alone or a name in katakana may still be met by the role."""
    from kizuna.cluster.similarity import same_person
    role = "vice chairman of the people s committee@ho chi minh"
    first = PersonKey(("tuan anh le", role), True)
    assert not same_person(first, PersonKey(("hung quoc tran", role), True))
    assert same_person(first, PersonKey(("le", role), True))
    assert same_person(first, PersonKey(("レ・アイン・トゥアン", role), True))

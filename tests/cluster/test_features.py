"""Headline events, occasions and people keys: what clustering compares across languages."""
from __future__ import annotations

from kizuna.cluster.features import DocFeatures, features_of, headline_event, occasions_of
from kizuna.model import Document, Event, Extraction, Locality, Person, Span, Tie


def _event(type_: str, date: str | None, start: int, end: str | None = None, place: str | None = "Quảng Ninh") -> Event:
    return Event(type=type_, date=date, end=end, place=place, evidence=(Span(start, start + 10),))


def test_headline_is_the_event_named_first() -> None:
    visit, promotion = _event("visit", "2025-03-30", 0), _event("investment_promotion", "2025-03-31", 300)
    assert headline_event([promotion, visit]) is visit


def test_in_one_sentence_the_more_specific_event_is_the_headline() -> None:
    forum, reception = _event("forum", "2025-11-25", 199), _event("reception", "2025-11-25", 199)
    assert headline_event([forum, reception]) is reception
    assert occasions_of(reception, [forum, reception]) == [forum]


def test_a_forum_spanning_the_day_holds_the_reception() -> None:
    forum = _event("forum", "2025-11-24", 50, end="2025-11-25")
    reception = _event("reception", "2025-11-25", 10)
    assert occasions_of(reception, [reception, forum]) == [forum]


def test_an_event_on_another_day_is_not_an_occasion() -> None:
    reception = _event("reception", "2025-11-25", 10)
    earlier_forum = _event("forum", "2025-07-02", 50)
    assert occasions_of(reception, [reception, earlier_forum]) == []


def test_a_longer_visit_holds_the_conference_its_delegation_held() -> None:
    visit = _event("visit", "2025-03-30", 0, end="2025-04-04")
    promotion = _event("investment_promotion", "2025-03-31", 300)
    assert occasions_of(promotion, [visit, promotion]) == [visit]
    assert occasions_of(visit, [visit, promotion]) == []


def test_an_undated_larger_event_named_with_the_headline_is_its_occasion() -> None:
    reception, forum = _event("reception", "2025-11-24", 0), _event("forum", None, 0)
    assert occasions_of(reception, [reception, forum]) == [forum]


def _extraction(people: tuple[Person, ...], lang: str = "vi") -> Extraction:
    text = "x" * 200
    doc = Document(id="d1", source="a.txt", kind="text", text=text, lang=lang, published="2025-11-25")
    return Extraction(document=doc, events=(_event("reception", "2025-11-24", 0),),
                      localities=(Locality("Quảng Ninh", "VN", "VN-13", "Quảng Ninh", (Span(0, 5),)),
                                  Locality("Osaka", "JP", "JP-27", "Osaka", (Span(150, 160),))),
                      ties=(Tie("Quảng Ninh", "Gunma", "visit", (Span(0, 10),)),), people=people)


def test_people_keys_ignore_order_and_diacritics_and_carry_role_and_locality() -> None:
    vi = features_of(_extraction((Person("Phạm Minh Chính", "Prime Minister", None, (Span(0, 20),)),
                                  Person("Yamamoto Ichita", "Governor", "Gunma", (Span(100, 120),)))))
    en = features_of(_extraction((Person("Pham Minh Chinh", "Prime Minister", None, (Span(0, 20),)),
                                  Person("Ichita Yamamoto", "Governor", "Gunma", (Span(30, 40),))), "en"))
    assert vi.people[0].keys[0] == en.people[0].keys[0] == "chinh minh pham"
    assert vi.people[1].keys == en.people[1].keys == ("ichita yamamoto", "governor@gunma", "~ichita@gunma",
                                                      "~yamamoto@gunma")
    assert vi.people[0].headline and not vi.people[1].headline   # only the first is in the lead sentence


def test_kanji_names_are_kept_whole_and_matched_by_role() -> None:
    ja = features_of(_extraction((Person("山本 一太", "Governor", "Gunma", (Span(0, 5),)),), "ja"))
    assert ja.people[0].keys[:2] == ("山本一太", "governor@gunma")
    assert ja.people[0].keys[2:] in ((), ("~yamamoto@gunma",))   # the surname's reading, with UniDic


def test_localities_are_the_pair_and_place_not_every_name_in_a_list() -> None:
    found = features_of(_extraction(()))
    assert found.localities == ("Gunma", "Quảng Ninh") and "Osaka" not in found.localities
    assert found.pairs == ("Quảng Ninh|Gunma",)


def test_features_survive_a_json_round_trip() -> None:
    found = features_of(_extraction((Person("Yamamoto Ichita", "Governor", "Gunma", (Span(0, 20),)),)))
    assert DocFeatures.from_json(found.to_json()) == found


def test_a_document_without_events_has_an_undated_other_headline() -> None:
    doc = Document(id="d2", source="b.txt", kind="text", text="x", lang="en", published=None)
    found = features_of(Extraction(document=doc))
    assert (found.headline.type, found.headline.date, found.dated) == ("other", None, False)


def test_an_unrecognised_event_told_first_on_its_days_is_the_headline_over_a_later_undated_one() -> None:
    from kizuna.model import Event, Span
    festival = Event(type="other", date="2025-11-17", end="2025-11-19", place="Hạ Long",
                     evidence=(Span(start=0, end=80),))
    workshop = Event(type="workshop", date="2025-11", end=None, place=None, evidence=(Span(start=400, end=480),))
    assert headline_event([festival, workshop]) is festival
    undated = Event(type="other", date=None, end=None, place=None, evidence=(Span(start=0, end=80),))
    assert headline_event([undated, workshop]) is workshop


def test_a_reception_told_paragraphs_after_the_forum_leaves_the_forum_the_headline() -> None:
    forum, reception = _event("forum", "2025-11-25", 0), _event("reception", "2025-11-25", 700)
    assert headline_event([forum, reception]) is forum
    close = _event("reception", "2025-11-25", 120)   # told with the forum in the lead: the report of the meeting
    assert headline_event([forum, close]) is close


def test_a_japanese_name_in_simplified_chinese_meets_its_romaji_spelling() -> None:
    # a Chinese report writes 铃木直道 (simplified 铃); a French one "Suzuki Naomichi"
    zh = features_of(_extraction((Person("铃木直道", "Governor", "Hokkaido", (Span(0, 5),)),), "zh"))
    fr = features_of(_extraction((Person("Suzuki Naomichi", "Governor", "Hokkaido", (Span(0, 5),)),), "fr"))
    assert "~suzuki@hokkaido" in set(zh.people[0].keys) & set(fr.people[0].keys)

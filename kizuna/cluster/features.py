"""What a document says about its headline event, in a form that does not depend on its language.

The headline event is the one the article is mainly about: the event named earliest in the text;
when one sentence names two (a reception "on the occasion of" a forum), the more specific one
(lower level in data/clustering.json) is the headline and the larger one its occasion.

Everything here is language-free: ISO dates, event types from the contract's vocabulary,
localities by their gazetteer names, people as keys that agree across spellings and scripts
where that is possible ("ichita yamamoto" for "Yamamoto Ichita" and "Ichita Yamamoto";
"governor@gunma" for 山本一太 知事 when the article says which prefecture he governs).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..model import Document, Event, Extraction, Person, Span
from ..text import fold_name
from .dates import days, full

_CJK = range(0x3040, 0xA000)   # kana and CJK ideographs: names in these scripts have no word order to undo


@cache
def settings() -> dict[str, Any]:
    """The clustering settings and weights (kizuna/cluster/data/clustering.json)."""
    return json.loads(resources.files(__package__).joinpath("data/clustering.json").read_text("utf-8"))


def level(event_type: str | None) -> int:
    """0 for a happening (reception, signing), 1 for a visit, 2 for a forum-like gathering."""
    return settings()["levels"].get(event_type or "other", 0)


@dataclass(frozen=True, slots=True)
class Happening:
    """One event as clustering sees it."""
    type: str
    date: str | None      # ISO date, possibly partial ("--11-25", "2025-11")
    end: str | None
    place: str | None     # the locality's standard name (from the gazetteer, so comparable as is)


@dataclass(frozen=True, slots=True)
class PersonKey:
    keys: tuple[str, ...]   # any one shared key means "the same person"
    headline: bool          # named in the sentence that reports the headline event


@dataclass(frozen=True, slots=True)
class DocFeatures:
    doc_id: str
    lang: str
    published: str | None
    headline: Happening
    dated: bool                           # False when the headline event was not found in the text
    occasions: tuple[Happening, ...]      # larger events the headline happened at
    localities: tuple[str, ...]           # standard names of the localities the event is about
    sides: tuple[tuple[str, ...], tuple[str, ...]]   # those of them in Vietnam, in Japan
    pairs: tuple[str, ...]                # "vn|jp" standard names of tied pairs
    people: tuple[PersonKey, ...]
    figures: tuple[str, ...]              # "value unit"
    signature: Any = field(default=None, compare=False)   # MinHash of the text (numpy array)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("signature")
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, signature: Any = None) -> DocFeatures:
        data = json.loads(text)
        return cls(doc_id=data["doc_id"], lang=data["lang"], published=data["published"],
                   headline=Happening(**data["headline"]), dated=data["dated"],
                   occasions=tuple(Happening(**o) for o in data["occasions"]),
                   localities=tuple(data["localities"]), pairs=tuple(data["pairs"]),
                   sides=(tuple(data["sides"][0]), tuple(data["sides"][1])),
                   people=tuple(PersonKey(tuple(p["keys"]), p["headline"]) for p in data["people"]),
                   figures=tuple(data["figures"]), signature=signature)

    def as_occasion(self, occasion: Happening) -> DocFeatures:
        """The same document seen as a report of one of its occasions (a forum it mentions)."""
        return DocFeatures(doc_id=self.doc_id, lang=self.lang, published=self.published, headline=occasion,
                           dated=True, occasions=(), localities=self.localities, pairs=self.pairs,
                           sides=self.sides,
                           people=tuple(PersonKey(p.keys, False) for p in self.people),
                           figures=(), signature=None)


def features_of(extraction: Extraction, signature: Any = None) -> DocFeatures:
    """The clustering features of one extracted document (pure: document in, features out)."""
    doc = extraction.document
    headline = headline_event(extraction.events)
    lead = headline.evidence[0] if headline and headline.evidence else None
    # The localities the event is about: its place, its pairs and the people's localities. Every
    # locality named (a list of forum participants, a comparison) would match too widely.
    places = {loc.name for loc in extraction.localities}
    vietnamese = {loc.name for loc in extraction.localities if loc.country == "VN"} | {t.vn for t in extraction.ties}
    japanese = {loc.name for loc in extraction.localities if loc.country == "JP"} | {t.jp for t in extraction.ties}
    pairs = sorted({f"{t.vn}|{t.jp}" for t in extraction.ties})
    main = {name for pair in pairs for name in pair.split("|")}
    main |= {p.locality for p in extraction.people if p.locality}
    if headline and headline.place and headline.place not in _countries():
        main.add(headline.place)
    if not main & places:   # the place is a city ("Hạ Long"): add the provinces the article names
        main |= places
    # No tie found, and no locality of one country among those the event is about: when the
    # article names a single one of that country ("the Hokkaido festival in Quảng Ninh"), it is
    # the other side (several would be a list of participants).
    if not pairs:
        for country in (vietnamese, japanese):
            named = {name for name in places if name in country}
            if named and not main & country and len({province_of(n) or n for n in named}) == 1:
                main |= named
    # A designated city speaks for its prefecture too (Kitakyushu's news is Fukuoka's).
    prefectures = {_prefecture_of(name) for name in main} - {None}
    main |= prefectures   # type: ignore[arg-type]
    japanese |= prefectures   # type: ignore[arg-type]
    return DocFeatures(
        doc_id=doc.id, lang=doc.lang, published=doc.published,
        headline=_happening(headline) if headline else Happening("other", _lead_date(doc), None, None),
        dated=headline is not None,
        occasions=tuple(_happening(e) for e in occasions_of(headline, extraction.events)),
        localities=tuple(sorted(main)),
        sides=(tuple(sorted(main & vietnamese)), tuple(sorted(main & japanese))),
        pairs=tuple(pairs),
        people=tuple(_person_key(p, lead) for p in extraction.people),
        figures=tuple(sorted({f"{f.value:g} {f.unit}" for f in extraction.figures})),
        signature=signature)


@cache
def _prefectures() -> dict[str, str]:
    from ..gazetteer import load
    return {unit.name: unit.prefecture for unit in load().units
            if unit.country == "JP" and unit.prefecture and unit.prefecture != unit.name}


def _prefecture_of(name: str) -> str | None:
    return _prefectures().get(name)


def province_of(place: str | None) -> str | None:
    """The province or prefecture a city lies in (Hạ Long: Quảng Ninh; Sapporo: Hokkaido), else None."""
    if not place:
        return None
    return settings()["city_provinces"].get(place) or _prefecture_of(place)


def same_place(first: str, second: str) -> bool:
    """One place, or a city and the province it lies in ("in Ha Long" and "in Quảng Ninh")."""
    return first == second or province_of(first) == second or province_of(second) == first \
        or (province_of(first) or first) == (province_of(second) or second)


def headline_event(events: tuple[Event, ...] | list[Event]) -> Event | None:
    """The event named first; in a tie (one sentence, two events) the most specific one. Never an
    'other' event over a typed one (an unrecognised kind tells less), and never a gathering over a
    reception or signing held at it that the article tells ("At the forum, the PM received ..."):
    the article is the report of the meeting, the forum its occasion."""
    located = [e for e in events if e.evidence]
    typed = [e for e in located if e.type != "other"]
    if not located:
        return None
    first = min(typed or located, key=lambda e: (_lead_sentence(e), _rank(e)))
    # ... except an unrecognised happening told first and on its days ("the festival of 17-19
    # November in Ha Long") against a typed event told later without a day (the workshop "in
    # November" of its programme): the dated one is the news, the typed one a part of it.
    told_first = min(located, key=lambda e: (_lead_sentence(e), _rank(e)))
    if told_first.type == "other" and full(told_first.date) and not full(first.date) \
            and _lead_sentence(told_first) < _lead_sentence(first):
        return told_first
    if level(first.type) == GATHERING_LEVEL:
        # told in the lead with it: a reception told paragraphs later ("Before the opening
        # ceremony, the PM received ...") is one more item of the forum's report
        held = [e for e in typed if e is not first and level(e.type) == 0 and e.type != "workshop"
                and e.date is not None and holds(first, e)
                and _lead_sentence(e) - _lead_sentence(first) <= LEAD_CHARS]
        if held:
            return min(held, key=lambda e: (_lead_sentence(e), _rank(e)))
    return first


GATHERING_LEVEL = 2   # forums and investment-promotion conferences (data/clustering.json levels)


def _rank(event: Event) -> float:
    """Which of two events told in one sentence is the headline: the more specific one, except
    that a visit is told through the reception its hosts gave it ("received the delegation
    visiting from 3 to 5 March"), so a visit comes before a reception; and a visit of one day
    or none only says who came to the conference or signing it tells, so it comes last."""
    if event.type == "visit" and not (full(event.date) and full(event.end)):
        return settings()["headline_rank"]["one_day_visit"]
    return settings()["headline_rank"].get(event.type, level(event.type))


LEAD_CHARS = 300   # where an article without a recognised event tells when it happened


def _lead_date(doc: Document) -> str | None:
    """The first full date of the lead, for an article whose event the extractor did not name
    ("Ngày 19/6, tại Yokohama, ... tổ chức chương trình ..."): still the day it reports."""
    from ..extract.dates import find_dates
    found = [d.value for d in find_dates(doc.text[:LEAD_CHARS], doc.lang, doc.published) if full(d.value)]
    return found[0] if found else None


def occasions_of(headline: Event | None, events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """Larger events in the same article that the headline event happened at: ones whose dates
    hold the headline's and that last longer or are of a larger kind (a forum's day holds the
    reception on its margin; a visit of a week holds the conference its delegation held)."""
    if headline is None:
        return []
    return [e for e in events if e is not headline and holds(e, headline)]


def _lead_sentence(event: Event) -> int:
    return min(span.start for span in event.evidence)


def holds(whole: Event | Happening, part: Event | Happening) -> bool:
    """Whether `part` can have happened at `whole` (its dates inside, and a larger kind or span)."""
    if full(whole.date) and full(part.date):
        whole_end = whole.end if full(whole.end) else whole.date
        part_end = part.end if full(part.end) else part.date
        if days(whole.date, part.date) < 0 or days(part_end, whole_end) < 0:   # type: ignore[arg-type]
            return False
        longer = days(whole.date, whole_end) > days(part.date, part_end)   # type: ignore[arg-type]
        return longer or level(whole.type) > level(part.type)
    # An undated larger event named with the headline ("on the sidelines of the forum"), or
    # partial dates ("--11-25" when the year is unknown) that agree: a larger kind holds it.
    return (whole.date is None or whole.date == part.date) and level(whole.type) > level(part.type)


def _happening(event: Event) -> Happening:
    # "in Japan" says less than another report's "in Osaka" and must not contradict it
    place = None if event.place in _countries() else event.place
    return Happening(event.type, event.date, event.end, place)


@cache
def _countries() -> frozenset[str]:
    """The countries an event's place may name (kizuna/extract/data/places.json)."""
    from ..extract.phrases import load
    return frozenset(load("places")["countries"])


def _person_key(person: Person, lead: Span | None) -> PersonKey:
    keys = [_name_key(person.name)]
    if person.role:
        keys.append(f"{fold_name(person.role)}@{fold_name(person.locality) if person.locality else ''}")
    keys += _surname_keys(person)
    in_lead = lead is not None and any(s.start < lead.end and lead.start < s.end for s in person.evidence)
    return PersonKey(tuple(k for k in keys if k), in_lead)


SURNAME_KEY = "~"   # "~yamamoto@gunma": a surname and the locality its bearer represents, in any script


def _surname_keys(person: Person) -> list[str]:
    """Keys that meet across scripts: 山本一太 (governor of Gunma) and "Yamamoto Ichita" of Gunma
    share "~yamamoto@gunma" (the kanji surname read with UniDic and pykakasi). Only with a
    locality: a surname alone names too many people."""
    if not person.locality:
        return []
    place = fold_name(person.locality)
    if any(ord(ch) in _CJK for ch in person.name):
        from ..extract.japanese import surname_reading
        reading = surname_reading(person.name)
        return [f"{SURNAME_KEY}{reading}@{place}"] if reading else []
    from ..extract.japanese import fold_long_vowels
    return sorted({f"{SURNAME_KEY}{fold_long_vowels(word)}@{place}" for word in fold_name(person.name).split()
                   if len(word) >= 3})


def _name_key(name: str) -> str:
    """Order-free and diacritic-free for Latin names; CJK names as written without spaces."""
    if any(ord(ch) in _CJK for ch in name):
        return "".join(name.split())
    return " ".join(sorted(fold_name(name).split()))


"""Events (`type`, `date`, `end`, `place`) reported by an article.

An article reports one or two events (its headline event and the occasion it belongs to,
or the items of a visit's programme), not one per sentence. A sentence makes an event when
it holds a trigger word of the event type (per-language data, `data/events.<lang>.json`);
its date is the date written right after the trigger ("Diễn đàn ... từ ngày 24-25/11") or
else the date that opens the sentence ("Ngày 25/11, ... đã tiếp ..."). Events without a
date come only from the lead paragraph, where the headline event is told; captions (which
often show earlier occasions) and sentences about the future make no events. The same
(type, date) told in several sentences is one event with all of them as evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import EVENT_TYPES, Context, Event, Mention, Span
from ..text import fold
from .dates import DateMention, find_dates
from .phrases import PhraseTable, compile_phrases, languages, load

OPENING_CHARS = 40      # a date this close to the sentence start governs the whole sentence
PLACE_WINDOW = 120      # a place phrase further than this from the trigger is not the event's
CAPITALISED = re.compile(r"(?:[A-ZÀ-ỸĐ][\w'’-]*)(?:\s+[A-ZÀ-ỸĐ][\w'’-]*){0,3}")


@dataclass(frozen=True)
class _Tables:
    triggers: PhraseTable
    places: re.Pattern[str] | None
    heads: re.Pattern[str] | None
    future: re.Pattern[str] | None
    caption: tuple[str, ...]
    countries: dict[str, str] = field(default_factory=dict)
    country_re: re.Pattern[str] | None = None


@lru_cache(maxsize=32)
def _tables(lang: str) -> _Tables:
    datas = [d for d in (load(f"events.{code}") for code in languages(lang)) if d]
    triggers: dict[str, list[str]] = {}
    for data in datas:
        for event_type, words in data["triggers"].items():
            assert event_type in EVENT_TYPES, event_type
            triggers.setdefault(event_type, []).extend(words)
    countries = {fold(name): canonical for canonical, names in load("places")["countries"].items()
                 for name in names}
    return _Tables(triggers=PhraseTable(triggers),
                   places=compile_phrases(w for d in datas for w in d["place_words"]),
                   heads=compile_phrases(w for d in datas for w in d["place_heads"]),
                   future=compile_phrases(w for d in datas for w in d["future"]),
                   caption=tuple(fold(c) for d in datas for c in d["caption"]),
                   countries=countries, country_re=compile_phrases(countries))


@dataclass
class _Found:
    type: str
    date: DateMention | None
    place: str | None
    evidence: list[Span]


def extract_events(ctx: Context) -> list[Event]:
    tables = _tables(ctx.lang)
    if not tables.triggers:
        return []
    folded = fold(ctx.text)
    dates = find_dates(ctx.text, ctx.lang, ctx.published)
    lead_end = _lead_end(ctx, tables)
    found: list[_Found] = []
    for sentence in ctx.sentences:
        found.extend(_sentence_events(ctx, folded, sentence, dates, tables, sentence.start < lead_end))
    return _merged(found)


def _lead_end(ctx: Context, tables: _Tables) -> int:
    """End of the lead: the first paragraph that is not a photo caption (the headline event's)."""
    folded = fold(ctx.text)
    start = 0
    while start < len(ctx.text):
        end = ctx.text.find("\n\n", start)
        end = len(ctx.text) if end < 0 else end
        if not any(marker in folded[start:end] for marker in tables.caption):
            return end
        start = end + 2
    return 0


def _sentence_events(ctx: Context, folded: str, sentence: Span, dates: list[DateMention],
                     tables: _Tables, in_lead: bool) -> list[_Found]:
    text = folded[sentence.start:sentence.end]
    if any(marker in text for marker in tables.caption):
        return []
    if tables.future and tables.future.search(text):
        return []
    triggers = tables.triggers.finditer(ctx.text, folded, sentence.start, sentence.end)
    if not triggers:
        return []
    inside = [d for d in dates if sentence.start <= d.start < sentence.end]
    opening = next((d for d in inside if d.start - sentence.start <= OPENING_CHARS), None)
    attached = _attach(inside, opening, triggers)
    out = []
    for index, (start, end, event_type) in enumerate(triggers):
        date = attached.get(index, opening)
        if date is None and not in_lead:
            continue
        place = _place(ctx, folded, sentence, start, tables)
        out.append(_Found(event_type, date, place, [sentence]))
    return out


def _attach(inside: list[DateMention], opening: DateMention | None,
            triggers: list[tuple[int, int, str]]) -> dict[int, DateMention]:
    """Each date after the opening one belongs to the nearest trigger before it (else after it)."""
    attached: dict[int, DateMention] = {}
    for date in inside:
        if date is opening:
            continue
        before = [i for i, t in enumerate(triggers) if t[1] <= date.start]
        index = before[-1] if before else 0
        current = attached.get(index)
        if current is None or (date.end_value and not current.end_value):
            attached[index] = date
    return attached


def _place(ctx: Context, folded: str, sentence: Span, trigger: int, tables: _Tables) -> str | None:
    """The place phrase of the sentence nearest the trigger: a locality, a country or a named city."""
    if tables.places is None:
        return None
    best: tuple[int, str] | None = None
    for m in tables.places.finditer(folded, sentence.start, sentence.end):
        distance = abs(m.start() - trigger)
        if distance > PLACE_WINDOW or (best and best[0] <= distance):
            continue
        name = _place_after(ctx, folded, m.end(), sentence.end, tables)
        if name:
            best = (distance, name)
    return best[1] if best else None


def _place_after(ctx: Context, folded: str, at: int, stop: int, tables: _Tables) -> str | None:
    while at < stop and ctx.text[at] == " ":
        at += 1
    if tables.heads:
        head = tables.heads.match(folded, at)
        if head:
            at = head.end()
            while at < stop and ctx.text[at] == " ":
                at += 1
    mention = _mention_at(ctx.mentions, at)
    if mention:
        return mention.name
    country = tables.country_re.match(folded, at) if tables.country_re else None
    if country:
        return tables.countries.get(country.group())
    named = CAPITALISED.match(ctx.text, at, stop)
    return named.group() if named else None


def _mention_at(mentions: tuple[Mention, ...], at: int) -> Mention | None:
    return next((m for m in mentions if m.start == at), None)


def _merged(found: list[_Found]) -> list[Event]:
    """One event per (type, date); an undated mention joins a dated event of its type."""
    by_key: dict[tuple[str, str | None], _Found] = {}
    for item in found:
        key = (item.type, item.date.value if item.date else None)
        if key in by_key:
            kept = by_key[key]
            kept.evidence.extend(s for s in item.evidence if s not in kept.evidence)
            kept.place = kept.place or item.place
            if item.date and item.date.end_value and not (kept.date and kept.date.end_value):
                kept.date = item.date
        else:
            by_key[key] = item
    dated_types = {t for (t, d) in by_key if d is not None}
    events = []
    for (event_type, date_value), item in by_key.items():
        if date_value is None and event_type in dated_types:
            dated = next(v for (t, d), v in by_key.items() if t == event_type and d is not None)
            dated.evidence.extend(s for s in item.evidence if s not in dated.evidence)
            continue
        events.append(item)
    return [Event(type=e.type, date=e.date.value if e.date else None,
                  end=e.date.end_value if e.date else None, place=e.place, evidence=tuple(e.evidence))
            for e in events]

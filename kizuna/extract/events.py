"""Events (`type`, `date`, `end`, `place`) reported by an article.

An article reports one or two events (its headline event and the occasion it belongs to,
or the items of a visit's programme), not one per sentence. A sentence makes an event when
it holds a trigger word of the event type (per-language data, `data/events.<lang>.json`).
Its date is the date written after the trigger ("Diễn đàn ... từ ngày 24-25/11"), else the
date that opens the sentence ("Ngày 25/11, ... đã tiếp ..."), else the last date of the
sentence before in the same paragraph. Undated events come only from the lead paragraph,
where the headline event is told, and not beside an earlier year ("đã ký năm 2019").
Captions (they often show earlier occasions) make no events, nor do plans ("sẽ ký") unless
dated before publication. The same (type, date) told in several sentences is one event with
all of them as evidence; undated mentions elsewhere only add evidence to their type's event.
Places: the place phrase that opens the sentence, else the nearest one (data: place words,
country and city names in `data/places.json`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date as day
from functools import lru_cache

from ..link import is_dateline
from ..model import EVENT_TYPES, Context, Event, Mention, Span
from ..text import fold, sentence_of
from .dates import DateMention, find_dates, years_written
from .phrases import PhraseScanner, compile_phrases, languages, load
from .years import with_years, year_context

AFTER_LEAD_PARAGRAPHS = 1  # undated triggers this many paragraphs after the lead take the lead's date
RANGE_GAP = 12            # a range this close after a trigger's first date restates it with its end
OPENING_CHARS = 40        # a date this close to the sentence start governs the whole sentence
OPENING_PLACE_CHARS = 60  # so does a place phrase this close to it, before the trigger
PLACE_WINDOW = 200        # a place phrase further than this from the trigger is not the event's
OFFICE_WINDOW = 40        # "Đại sứ quán Nhật Bản tại ...": an office word this close makes a name
NOT_AN_EVENT = ""           # the type of a "not_triggers" phrase
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CAPITALISED = re.compile(r"(?:[A-ZÀ-ỸĐ][\w'’-]*)(?:\s+[A-ZÀ-ỸĐ][\w'’-]*){0,3}")


@dataclass(frozen=True)
class _Tables:
    triggers: PhraseScanner
    trigger_type: dict[str, str]
    places: re.Pattern[str] | None
    postpositions: re.Pattern[str] | None
    heads: re.Pattern[str] | None
    offices: re.Pattern[str] | None
    future: re.Pattern[str] | None
    future_after: re.Pattern[str] | None   # "agreed to": a plan of what follows it only
    caption: tuple[str, ...]
    countries: dict[str, str] = field(default_factory=dict)
    country_re: re.Pattern[str] | None = None
    cities: dict[str, str] = field(default_factory=dict)
    city_re: re.Pattern[str] | None = None
    date_fields: PhraseScanner | None = None   # "日時", "Date:": a press release's date field
    back_references: re.Pattern[str] | None = None   # "at the meeting": the event told just before
    dated_again: re.Pattern[str] | None = None   # "the event took place on ...": the event told before
    within: re.Pattern[str] | None = None   # "activities such as", "during the trip": inside the event before
    host_verbs: frozenset[str] = frozenset()   # "hosted": a reception, unless what was hosted is a forum
    host_clauses: re.Pattern[str] | None = None   # "the forum, which ... hosted": the forum was hosted
    meet_verbs: frozenset[str] = frozenset()   # "met": a reception, unless they met *for* a conference
    meet_links: re.Pattern[str] | None = None
    recall: re.Pattern[str] | None = None   # "vừa qua", "last year": an earlier activity recalled
    named: re.Pattern[str] | None = None    # 'sự kiện "X"', 「X」を開催: a quoted event name
    recent: re.Pattern[str] | None = None   # "vừa", "recently": an undated event just before publication
    neutral_meetings: frozenset[str] = frozenset()   # "met", "hội đàm": a meeting that names no host
    travellers: re.Pattern[str] | None = None        # "the delegation", "đoàn": the visiting side
    not_travellers: re.Pattern[str] | None = None    # "tập đoàn" (a group of companies), "đoàn kết"
    # "called on Japanese firms to ...", "welcomes Japanese investors": a call or an invitation, no meeting
    urging: re.Pattern[str] | None = None
    commemorated: re.Pattern[str] | None = None   # "the 10th anniversary of the signing of ...": no signing
    verb_final: bool = False   # Japanese, Korean: "AはBと会談した", the topic named first holds the meeting
    year_start_before: re.Pattern[str] | None = None   # "since 2014", "từ năm 2018": a start, not a name's year
    year_start_after: tuple[str, ...] = ()             # "2014年から", "2014년부터"
    mergers: re.Pattern[str] | None = None   # "hợp nhất", "merger": the date after it is the merger's
    anniversaries: re.Pattern[str] | None = None   # "樹立10周年(12月12日)": the bracketed date is the founding's


@lru_cache(maxsize=32)
def _tables(lang: str) -> _Tables:
    datas = [d for d in (load(f"events.{code}") for code in languages(lang)) if d]
    triggers: dict[str, list[str]] = {}
    for data in datas:
        for event_type, words in data["triggers"].items():
            if event_type not in EVENT_TYPES:
                raise ValueError(f"events data: unknown event type {event_type!r}")
            triggers.setdefault(event_type, []).extend(words)
        # longer phrases that win over a trigger inside them and then count for nothing
        triggers.setdefault(NOT_AN_EVENT, []).extend(data.get("not_triggers", ()))
    places = load("places")
    countries = _by_folded_name(places["countries"])
    cities = _by_folded_name(places["cities"])

    def words(key: str) -> re.Pattern[str] | None:
        return compile_phrases(w for d in datas for w in d.get(key, ()))

    return _Tables(triggers=PhraseScanner(w for ws in triggers.values() for w in ws),
                   trigger_type={_key(fold(w)): t for t, ws in triggers.items() for w in ws},
                   places=words("place_words"),
                   postpositions=words("postpositions"), heads=words("place_heads"),
                   offices=words("offices"), future=words("future"), future_after=words("future_after"),
                   date_fields=PhraseScanner(w for d in datas for w in d.get("date_fields", ())),
                   host_verbs=frozenset(_key(fold(w)) for d in datas for w in d.get("host_verbs", ())),
                   host_clauses=words("host_clauses"),
                   meet_verbs=frozenset(_key(fold(w)) for d in datas for w in d.get("meet_verbs", ())),
                   meet_links=words("meet_links"),
                   back_references=compile_phrases(w for d in datas for k in ("back_references", "same_day")
                                                   for w in d.get(k, ())),
                   within=words("within"), dated_again=words("event_dated_again"),
                   recall=words("recall"),
                   named=_named_event_pattern(datas), recent=words("recent"),
                   neutral_meetings=frozenset(_key(fold(w)) for d in datas for w in d.get("neutral_meetings", ())),
                   travellers=compile_phrases(w for t in (load(f"ties.{c}") for c in languages(lang)) if t
                                              for w in t.get("delegation", ())),
                   not_travellers=compile_phrases(w for t in (load(f"ties.{c}") for c in languages(lang)) if t
                                                  for w in t.get("not_delegation", ())),
                   caption=tuple(fold(c) for d in datas for c in d["caption"]),
                   urging=_patterns(p for d in datas for k in ("urging", "invitations") for p in d.get(k, ())),
                   commemorated=_patterns(p for d in datas for p in d.get("commemorated", ())),
                   verb_final=len(datas) == 1 and bool(datas[0].get("verb_final")),
                   year_start_before=compile_phrases(w for d in datas for w in d.get("year_starts", {}).get("before", ())),
                   year_start_after=tuple(w for d in datas for w in d.get("year_starts", {}).get("after", ())),
                   mergers=words("mergers"), anniversaries=words("anniversaries"),
                   countries=countries, country_re=compile_phrases(countries),
                   cities=cities, city_re=compile_phrases(cities))


def _patterns(patterns: Iterator[str]) -> re.Pattern[str] | None:
    """Regular expressions from the data, as one alternation (None when there are none)."""
    listed = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in listed)) if listed else None


_QUOTED = r"[\"“„«「『]([^\"”“»」』\n]{3,80})[\"”»」』]"


def _named_event_pattern(datas: list[dict]) -> re.Pattern[str] | None:
    """A quoted name after an event noun ('chương trình "X"') or before an event word (「X」を開催);
    matched on the folded text."""
    before = [fold(w) for d in datas for w in d.get("named_event_words", {}).get("before", [])]
    after = [fold(w) for d in datas for w in d.get("named_event_words", {}).get("after", [])]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    parts = []
    if before:
        parts.append(rf"(?<!\w)(?:{alt(before)})\s*{_QUOTED}")
    if after:
        parts.append(rf"{_QUOTED}\s*(?:{alt(after)})".replace("([^", "(?P<after>[^", 1))
    return re.compile("|".join(parts)) if parts else None


MEETING_TYPES = frozenset({"reception", "visit"})
# a quotation this long, or one that ends as a sentence does, is what someone said, not a name
_SPEECH = re.compile(r"「([^「」\n]{25,}|[^「」\n]{6,}(?:ます|です|ました|でした|たい|ください|。))」")


def _outside_speech(folded: str, triggers: list[Trigger]) -> list[Trigger]:
    """「現地では地域を挙げて歓迎してくれる…」: the words of a quoted speaker (a Japanese quotation
    of a sentence or more) report no event; a short 「…」 is a name and stays."""
    if "「" not in folded:
        return triggers
    spans = [(m.start(1), m.end(1)) for m in _SPEECH.finditer(folded)]
    if not spans:
        return triggers
    starts = [s for s, _ in spans]
    out = []
    for t in triggers:
        i = bisect_right(starts, t[0]) - 1
        if i >= 0 and spans[i][0] <= t[0] < spans[i][1]:
            continue
        out.append(t)
    return out


def _not_commemorated(folded: str, tables: _Tables, triggers: list[Trigger]) -> list[Trigger]:
    """The signing words inside an anniversary of that signing ("le 10e anniversaire de la signature
    du protocole d'accord", "締結10周年") tell the commemoration (`other`), not a signing: what is
    celebrated happened years before (contract: background agreements are no events)."""
    if tables.commemorated is None or not any(t[2] == "signing" for t in triggers):
        return triggers
    spans = [m.span() for m in tables.commemorated.finditer(folded)]
    return [(t[0], t[1], "other") if t[2] == "signing" and any(s <= t[0] and t[1] <= e for s, e in spans) else t
            for t in triggers]


def _named_events(folded: str, tables: _Tables, triggers: list[Trigger]) -> list[Trigger]:
    """The triggers with named events typed: a name that no trigger word inside it types is 'other'
    (a programme, a festival). A meeting word inside a programme's name does not type it: the
    programme « Rencontre avec le Japon » (Meet Japan) is a programme, not a reception."""
    if tables.named is None:
        return triggers
    out = list(triggers)
    for m in tables.named.finditer(folded):
        group = 1 if m.group(1) is not None else "after"
        start, end = m.start(group), m.end(group)
        inside = [t for t in out if start <= t[0] < end]
        if all(t[2] in MEETING_TYPES for t in inside):
            out = [t for t in out if t not in inside] + [(m.start(), m.end(), "other")]
    return sorted(out)


PROMOTION_GAP_WORDS = 6   # "the province promoted its investment chances to Japanese firms at a seminar"
_LIST_BREAK = re.compile(r"[,;:.()、。；：，]")


def _promotion_gatherings(folded: str, triggers: list[Trigger]) -> list[Trigger]:
    """"an investment and trade promotion seminar", "promoted its investment ... at a seminar": a
    seminar, conference or forum that an investment promotion phrase qualifies, with no list break
    between them, is that promotion (contract: the most specific type wins). A list of activities
    ("an investment promotion conference, a cuisine exhibition, ... a workshop") keeps each its own."""
    promotions = [t for t in triggers if t[2] == "investment_promotion"]
    if not promotions:
        return triggers
    out = []
    for t in triggers:
        if t[2] in ("workshop", "forum") and any(_qualifies(folded, p, t) for p in promotions):
            t = (t[0], t[1], "investment_promotion")
        out.append(t)
    return out


def _qualifies(folded: str, promotion: Trigger, gathering: Trigger) -> bool:
    first, second = sorted((promotion, gathering))
    if first[1] > second[0]:
        return False   # nested or overlapping: the longer phrase typed it already
    gap = folded[first[1]:second[0]]
    return len(gap.split()) <= PROMOTION_GAP_WORDS and len(gap) <= 10 * PROMOTION_GAP_WORDS \
        and _LIST_BREAK.search(gap) is None


OLDEST_EVENT_YEAR = 1990   # "21/9/1973": the founding of relations is background, never this article's event
LONGEST_EVENT_DAYS = 92    # "(21/9/1973 – 21/9/2023)", "2021-2025": a period or an anniversary span


def _can_date_an_event(date: DateMention) -> bool:
    year = date.value[:4]
    if year.isdigit() and int(year) < OLDEST_EVENT_YEAR:
        return False
    if date.end_value and DAY_DATE.fullmatch(date.value) and DAY_DATE.fullmatch(date.end_value) \
            and date.value[:4].isdigit() and date.end_value[:4].isdigit():
        first, last = day.fromisoformat(date.value), day.fromisoformat(date.end_value)
        return (last - first).days <= LONGEST_EVENT_DAYS
    return True


def _trigger_type(tables: _Tables, matched: str) -> str:
    key = _key(matched)
    if key in tables.trigger_type:
        return tables.trigger_type[key]
    words = key.split()
    for phrase, event_type in tables.trigger_type.items():
        head, gap, tail = phrase.partition(" … ")
        if gap and words[:len(head.split())] == head.split() and words[-len(tail.split()):] == tail.split():
            return event_type
    raise KeyError(matched)  # every match comes from one of the phrases: a bug if reached


def _by_folded_name(table: dict[str, list[str]]) -> dict[str, str]:
    """Folded spelling -> canonical name."""
    return {_key(fold(name)): canonical for canonical, names in table.items() for name in names}


@dataclass
class _Found:
    type: str
    date: DateMention | None
    place: str | None
    evidence: list[Span]
    supporting: bool = False    # an undated mention outside the lead: evidence only, never an event
    words: set[str] = field(default_factory=set)   # the trigger words that told it (folded)
    borrowed: bool = False      # dated only by the lead's date: an event only if its type has none of its own
    undated: bool = False       # supporting only because no date is told for it (not background)


def extract_events(ctx: Context) -> list[Event]:
    """The events this article reports, each with its type, date, place and evidence sentences."""
    tables = _tables(ctx.lang)
    if tables.triggers.automaton is None and tables.triggers.gapped is None:
        return []
    folded = ctx.folded   # fold(text), computed once per document by the pipeline
    # one pass over the whole text, then each sentence takes its own triggers
    triggers = [(m.start(), m.end(), _trigger_type(tables, m.group())) for m in tables.triggers.finditer(folded)]
    triggers = [t for t in triggers if t[2] != NOT_AN_EVENT
                and not (tables.urging is not None and tables.urging.match(folded, t[0]))]
    triggers = _not_commemorated(folded, tables, triggers)
    triggers = _named_events(folded, tables, sorted(triggers))
    triggers = _promotion_gatherings(folded, triggers)
    triggers = _outside_speech(folded, triggers)
    if not triggers:
        return []
    dates = [d for d in _dates_near(ctx, triggers, tables)
             if _can_date_an_event(d) and not _merger_date(ctx, d, tables)]
    story_year: int | None = None   # the year an undated article's news is of, when it says
    if ctx.published is None and any(d.value.startswith("--") for d in dates):
        # "ngày 25/11" takes the year the article implies, when it does
        # the story's year comes from what it tells as done, not from its plans ("plans to visit
        # Hue in May 2026" after a June tour)
        planned = _planned(ctx, tables)
        known = year_context(ctx.text, ctx.lang, dates, planned=planned,
                             named=lambda: _named_years(folded, triggers, planned, tables), folded=folded,
                             starts=lambda year: _starts_something(folded, year, tables))
        dates = with_years(dates, known, ctx.sentences)
        # "수교 50주년" in an undated article: the story's year; a date of an earlier year written
        # with its year is background recalled ("the agreement signed on 9 September 2022")
        story_year = known.anniversary
    captions = _captions(ctx.text, folded, tables)
    lead_end = _lead_end(ctx.text, captions)
    field_date = _field_date(ctx.text, folded, dates, tables)
    # the lead tells a trip (a visit word in it): the article is told from the travellers' side
    trip_told = any(t[2] == "visit" and t[0] < lead_end for t in triggers)
    # the lead's first date: the day of the headline event, which the next paragraphs go on telling
    lead_date = next((d for d in dates if d.start < lead_end), None)
    # a lead dated near publication tells this article's news: what is dated long before is background
    recent_lead = lead_date is not None and not _long_before(lead_date, ctx.published)
    after_lead = _paragraph_end(ctx.text, lead_end, AFTER_LEAD_PARAGRAPHS)
    doc = _Doc(ctx.text, folded, {m.start: m for m in ctx.mentions}, {m.end: m for m in ctx.mentions},
               ctx.mentions, _dateline(ctx))
    # where the trip the lead tells goes ("クアンナムを訪問し"): its hosts hold the meetings there
    trip_to = next((_destination(doc, t, tables) for t in triggers if t[2] == "visit" and t[0] < lead_end), None)
    found: list[_Found] = []
    # the phrases that point back at an event told before, found in one pass
    back_refs = list(tables.back_references.finditer(folded)) if tables.back_references is not None else []
    back_starts = [m.start() for m in back_refs]
    last_dated: DateMention | None = None   # the date of the latest dated event told so far
    last_meeting: DateMention | None = None   # ... and of the latest dated reception
    last_of_type: dict[str, DateMention] = {}   # ... and of the latest of each type
    trip_span: DateMention | None = None   # the days of the trip the lead tells, if it gives them
    for before, sentence, own in _with_triggers(_sentences_whole_dates(ctx.sentences, dates), triggers):
        in_caption = next(((start, end) for start, end in captions if start <= sentence.start < end), None)
        if in_caption is not None:
            # a caption glued to the lead: the sentence's triggers after the caption still count,
            # from the end of the caption on
            own = [t for t in own if t[0] >= in_caption[1]]
            if not own:
                continue
            sentence = Span(in_caption[1], sentence.end)
        within: DateMention | None = None   # the date of the event this sentence tells the inside of
        same_paragraph = before is not None and "\n\n" not in ctx.text[before.end:sentence.start]
        inherited = _last_date_of(before, dates) if before is not None and same_paragraph else None
        if inherited is None and sentence.start < lead_end:
            inherited = field_date   # a press release's "日時 / Date:" field dates its lead
        if inherited is None and lead_end <= sentence.start < after_lead and not _dates_in(dates, sentence) \
                and not any(f.date is not None for f in found):
            # "Hanoi - The PM on August 14 expressed ... \n\n During a reception for the governor, ...":
            # a lead that names no event is told by the next paragraph, on the lead's date
            inherited = lead_date
        if inherited is None and last_dated is not None and _spans_days(last_dated) and tables.within is not None \
                and tables.within.search(folded, sentence.start, sentence.end):
            # "Diverse activities such as an investment conference, a cuisine exhibition ... will be
            # held on this occasion": activities inside the festival (or trip) told before
            inherited = within = last_dated
        ref = _first_within(back_refs, back_starts, sentence)   # "at the meeting", "lors du forum"
        back = ref if inherited is None and last_dated is not None else None
        if back is not None:
            # "Lors de la réunion, les deux parties ont signé ...": the date of that meeting (the
            # latest reception told), else of the event told just before; "At this seminar, ...":
            # of the latest event of the kind the phrase names
            named = next((t[2] for t in triggers if back.start() <= t[0] < back.end()), None)
            if named in last_of_type:
                inherited = last_of_type[named]
            elif named in ("workshop", "forum") and "investment_promotion" in last_of_type:
                # "at the seminar" after "an investment promotion seminar": that promotion
                inherited = last_of_type["investment_promotion"]
            elif named is None or named in MEETING_TYPES or named == "other":
                # a meeting is told as a visit or a reception; "the ceremony" opens any event
                inherited = last_meeting or last_dated
            # else "No fórum, ..." before any dated forum: the phrase dates nothing
        ref = ref if found else None
        # "En la reunión, ... la visita del emperador en marzo de 2017": the meeting the phrase points
        # back at is told already; the sentence's own date is another event's
        pointing_back = {" ".join(folded[t[0]:t[1]].split()) for t in own if ref.start() <= t[0] < ref.end()} \
            if ref is not None else set()
        inside_trip = False
        if inherited is None and trip_span is not None and lead_end <= sentence.start \
                and not _dates_in(dates, sentence) and _month_of(trip_span) is not trip_span \
                and not any(f.date is not None and not _spans_days(f.date) for f in found):
            # (once a day of the trip is told, the next sentences go on telling that day)
            # the lead tells a trip of several days: an undated activity told after it is one of
            # the trip's ("ベトナムでは...を初めて訪れ、...協定を締結しました")
            inherited, inside_trip = trip_span, True
        borrowed_lead = inherited is not None and inherited is lead_date and within is None and not inside_trip
        span_date = inherited if inherited is not None and inherited.end_value else None
        if span_date is not None and sentence.start >= lead_end and not _dates_in(dates, sentence):
            # an activity inside a trip or festival of several days, with no day of its own, is
            # dated to the month (contract: each activity's dates are its own)
            inherited = _month_of(span_date)
        events_here = _sentence_events(doc, sentence, own, dates, inherited, tables,
                                       sentence.start < lead_end, ctx.published, trip_told,
                                       planned_with=within is not None, trip_to=trip_to,
                                       field_date=field_date)
        own_dates = _dates_in(dates, sentence) if pointing_back else []   # (read only when needed)
        for item in events_here:
            if not item.words <= pointing_back:
                continue
            if item.date is not None and item.date is not inherited and any(item.date is d for d in own_dates):
                # "durante a visita oficial do primeiro-ministro ... em abril de 2025": the phrase names
                # a dated event of its own, recalled: background, neither the event told before nor news
                item.supporting = True
                continue
            # evidence of the event told before, with its date
            item.date, item.supporting = inherited, inherited is None
            item.undated = False   # (never news of its own, even in an article that dates nothing)
        if recent_lead or sentence.start >= lead_end:
            for item in events_here:
                item.supporting = item.supporting or _long_before(item.date, ctx.published) \
                    or _before_story(item.date, story_year)
        if sentence.start >= lead_end:
            _named_again_earlier(events_here, found, lead_end)
        if span_date is not None and inherited is not span_date:
            # the trip or festival itself, named again ("The festival ..."), keeps its days
            container_words = set().union(*(f.words for f in found if f.date is span_date or (
                inside_trip and f.type == "visit" and f.evidence[0].start < lead_end)))
            for item in events_here:
                if item.date is inherited and any(w in c for w in item.words for c in container_words):
                    item.date = span_date
        if borrowed_lead and sentence.start >= lead_end:
            for item in events_here:
                item.borrowed = item.date is inherited
        found.extend(events_here)
        if trip_span is None and trip_told and sentence.start < lead_end:
            trip_span = next((f.date for f in events_here if f.type == "visit" and f.date is not None
                              and f.date.end_value and not f.supporting), None)
        # the sentence's main event (its first dated one) is what "at the meeting" points back to
        told = [e for e in events_here if e.date is not None and not e.supporting]   # not background
        last_dated = next((e.date for e in told), last_dated)
        last_meeting = next((e.date for e in told if e.type == "reception"), last_meeting)
        for e in reversed(told):   # the sentence's first of each type wins, as for last_dated
            last_of_type[e.type] = e.date
    _dated_again(ctx, found, tables, lead_end)
    return _merged(found)


def _dated_again(ctx: Context, found: list[_Found], tables: _Tables, lead_end: int) -> None:
    """"O evento ocorreu na tarde de 8 de agosto": a sentence that names the event told before
    only generically, with a date of a day, dates that event when it had no date (the sentence
    has no trigger word of its own, so the sentence loop never reads it)."""
    if tables.dated_again is None or all(f.date is not None for f in found):
        return   # (most articles: every event found has its date, and the text is not read again)
    for m in tables.dated_again.finditer(ctx.folded):
        sentence = sentence_of(ctx.sentences, m.start())
        # the dates near triggers do not hold this sentence's: read them here
        day = next((d for d in find_dates(ctx.text, ctx.lang, ctx.published, sentence.start, sentence.end,
                                          folded=ctx.folded) if DAY_DATE.fullmatch(d.value)), None) \
            if sentence is not None else None
        told = [f for f in found if f.evidence[0].start < m.start()]
        if not told and m.start() < lead_end:
            # "O evento ocorreu na tarde de 8 de agosto, com ..." opening the article: its event,
            # named in the next sentences
            told = [f for f in found if f.type in GATHERINGS | {"other"}][:1]
        if day is None or not told:
            continue
        event = max(told, key=lambda f: f.evidence[0].start)
        if event.date is None:
            event.date, event.supporting = day, False
            event.evidence.append(sentence)


def _first_within(matches: list[re.Match[str]], starts: list[int], sentence: Span) -> re.Match[str] | None:
    """The first of `matches` (in text order, `starts` their offsets) inside the sentence."""
    i = bisect_left(starts, sentence.start)
    return matches[i] if i < len(matches) and matches[i].end() <= sentence.end else None


def _named_again_earlier(events_here: list[_Found], found: list[_Found], lead_end: int) -> None:
    """"The forum ... is the realisation of the agreement reached in April 2025": the lead's event
    named again beside a date of an earlier month is the same event, and that date is another's
    (background): it neither dates it again nor is a new event."""
    lead = [f for f in found if f.evidence[0].start < lead_end and f.date is not None and not f.supporting
            and f.date.value[:1].isdigit()]
    for item in events_here:
        if item.date is None or not item.date.value[:1].isdigit():
            continue
        # an earlier month: a day before the lead's may be an earlier day of the same trip
        if any(f.type == item.type and f.words & item.words and item.date.value[:7] < f.date.value[:7]
               for f in lead):
            item.supporting = True


Trigger = tuple[int, int, str]   # start, end, event type
DATE_MARGIN = 40   # a date phrase crossing a region's edge is still seen whole


def _dates_near(ctx: Context, triggers: list[Trigger], tables: _Tables) -> list[DateMention]:
    """Dates only where events can use them: the sentences with triggers and the sentence before
    each (an event may take its date from there), and after date-field labels. Figures-heavy
    pages have many numbers in sentences no event reads."""
    regions: list[tuple[int, int]] = []
    spans = ctx.sentences
    starts = [s.start for s in spans]
    for start, _, _ in triggers:
        i = bisect_right(starts, start) - 1
        lo = spans[max(i - 1, 0)].start if i >= 0 else 0
        hi = spans[i].end if i >= 0 else len(ctx.text)
        regions.append((max(0, lo - DATE_MARGIN), min(len(ctx.text), hi + DATE_MARGIN)))
    if tables.date_fields is not None:
        regions += [(m.start(), min(len(ctx.text), m.end() + FIELD_REACH + DATE_MARGIN))
                    for m in tables.date_fields.finditer(ctx.folded)]
    dates: list[DateMention] = []
    last_end = -1
    for lo, hi in _merged_regions(regions):
        for d in find_dates(ctx.text, ctx.lang, ctx.published, lo, hi, folded=ctx.folded):
            if d.start >= last_end:
                dates.append(d)
                last_end = d.end
    return dates


NAME_YEAR_REACH = 25   # "the Saitama Vietnam Festival 2025", "the 2024 Hue Week": a year this close to an event word


def _named_years(folded: str, triggers: list[Trigger], planned, tables: _Tables) -> list[int]:
    """Years written in events' names, beside their trigger words (not in plans, and not the start
    of something: "Since 2014, the programme ...")."""
    found = []
    for start, end, _ in triggers:
        for m in YEAR.finditer(folded, max(0, start - NAME_YEAR_REACH), end + NAME_YEAR_REACH):
            if not planned(m.start()) and not _starts_something(folded, m, tables):
                found.append(int(m.group()))
    return found


YEAR_START_REACH = 16   # "kể từ năm 2018": the start word ends this close before the year


def _starts_something(folded: str, year: re.Match[str], tables: _Tables) -> bool:
    if any(folded.startswith(w, year.end()) for w in tables.year_start_after):
        return True
    if tables.year_start_before is None:
        return False
    lo = max(0, year.start() - YEAR_START_REACH)
    return any(not folded[m.end():year.start()].strip()
               for m in tables.year_start_before.finditer(folded, lo, year.start()))


ANNIVERSARY_REACH = 12   # "10th anniversary (": the anniversary word ends this close before the bracket
MERGER_REACH = 90   # "sáp nhập tỉnh A (cũ) và tỉnh B (cũ) vào ngày 1/7": the date may stand this far on


def _merger_date(ctx: Context, date: DateMention, tables: _Tables) -> bool:
    """"tỉnh mới ra đời từ việc hợp nhất hai tỉnh ... ngày 1/7": the date of a merger of units, which
    is no event (contract), however near an event word stands."""
    if tables.anniversaries is not None and date.start >= 1 and ctx.folded[date.start - 1] in "(（":
        # "両地域の友好協力関係樹立10周年(12月12日)を祝う式典": the day of the founding commemorated
        opening = date.start - 1
        if tables.anniversaries.search(ctx.folded, max(0, opening - ANNIVERSARY_REACH), opening):
            return True
    if tables.mergers is None:
        return False
    lo = max(0, date.start - MERGER_REACH)
    cut = max(ctx.folded.rfind(". ", lo, date.start), ctx.folded.rfind("\n", lo, date.start))
    return tables.mergers.search(ctx.folded, max(lo, cut + 1), date.start) is not None


def _planned(ctx: Context, tables: _Tables):
    """A test of whether an offset lies in a sentence that speaks of the future ("will", "plans to", "sẽ")."""
    starts = [s.start for s in ctx.sentences]
    seen: dict[int, tuple[int, bool]] = {}   # per sentence: the dates and years of one sentence ask once

    def planned(offset: int) -> bool:
        if tables.future is None:
            return False
        i = bisect_right(starts, offset) - 1
        if i not in seen:
            sentence = ctx.sentences[i] if i >= 0 else Span(0, len(ctx.text))
            # (offset of the first plan word, and whether every plan word only plans what follows it)
            words = list(tables.future.finditer(ctx.folded, sentence.start, sentence.end))
            seen[i] = (words[0].start() if words else -1, bool(words) and tables.future_after is not None
                       and all(tables.future_after.fullmatch(w.group()) for w in words))
        first, after_only = seen[i]
        # "Dalam kunjungan ... pada akhir April 2025, kedua negara sepakat untuk ...": a date before
        # "agreed to" is of the visit, not of the plan
        return first >= 0 and not (after_only and offset < first)
    return planned


def _merged_regions(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(regions):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
FIELD_REACH = 40   # the date of a "日時" / "Date:" field follows its label within this many characters


def _field_date(text: str, folded: str, dates: list[DateMention], tables: _Tables) -> DateMention | None:
    """The date of a labelled date field at a line start ("1　日時\n令和6年7月12日", "Date: 12 July")."""
    if tables.date_fields is None:
        return None
    for m in tables.date_fields.finditer(folded):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if len(text[line_start:m.start()].strip(" \t\u3000.:：0123456789０-９")) > 0:
            continue   # the label must open its line (after an item number at most)
        found = next((d for d in dates if m.end() <= d.start <= m.end() + FIELD_REACH), None)
        if found is not None:
            return found
    return None


def _with_triggers(spans: list[Span], triggers: list[Trigger]
                   ) -> Iterator[tuple[Span | None, Span, list[Trigger]]]:
    """(previous sentence, sentence, its triggers) for each sentence that has triggers; both
    lists are in text order, so one walk pairs them."""
    first = 0
    previous: Span | None = None
    for sentence in spans:
        while first < len(triggers) and triggers[first][0] < sentence.start:
            first += 1
        last = first
        while last < len(triggers) and triggers[last][0] < sentence.end:
            last += 1
        if last > first:
            yield previous, sentence, triggers[first:last]
        previous = sentence


@dataclass(frozen=True)
class _Doc:
    """One document as the event finder reads it."""
    text: str
    folded: str
    mention_starting: dict[int, Mention]
    mention_ending: dict[int, Mention]
    mentions: tuple[Mention, ...] = ()
    dateline: Mention | None = None   # "Tokyo (VNA) –": where the report was filed
    delegations: frozenset[str] | None = None   # localities the article names as sending a delegation


def _sentences_whole_dates(spans: tuple[Span, ...], dates: list[DateMention]) -> list[Span]:
    """Sentences, joined where a date runs over a boundary (the splitter may cut the German
    ordinal "14. Juni" after "14.")."""
    inner = {offset for d in dates for offset in range(d.start + 1, d.end)}
    out: list[Span] = []
    for span in spans:
        if out and out[-1].end in inner:
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def _dates_in(dates: list[DateMention], sentence: Span) -> list[DateMention]:
    """The dates that start inside the sentence (`dates` is in text order)."""
    first = bisect_left(dates, sentence.start, key=lambda d: d.start)
    last = bisect_left(dates, sentence.end, lo=first, key=lambda d: d.start)
    return dates[first:last]


def _last_date_of(sentence: Span, dates: list[DateMention]) -> DateMention | None:
    inside = _dates_in(dates, sentence)
    return inside[-1] if inside else None


CAPTION_TAIL = 40   # a paragraph running on this far past its caption's credit glues the caption to the lead


def _captions(text: str, folded: str, tables: _Tables) -> list[tuple[int, int]]:
    """Paragraphs that are photo captions (they often show an earlier occasion). A scraped page
    may glue a caption to the lead ("... (Photo: VNA)Hanoi (VNA) - President ..."): then the
    caption ends with the bracket of its credit, and what follows is article text."""
    out = []
    start = 0
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        found = [(folded.find(marker, start, end), marker) for marker in tables.caption]
        found = [(at, marker) for at, marker in found if at >= 0]
        if found:
            at, marker = min(found)
            close = folded.find(")", at, end) if marker.startswith("(") else -1
            out.append((start, close + 1 if close >= 0 and end - close > CAPTION_TAIL else end))
        start = end + 2
    return out


def _paragraph_end(text: str, start: int, paragraphs: int) -> int:
    """Where the `paragraphs` paragraphs after offset `start` end."""
    end = start
    for _ in range(paragraphs):
        found = text.find("\n\n", end + 2)
        if found < 0:
            return len(text)
        end = found
    return end


def _lead_end(text: str, captions: list[tuple[int, int]]) -> int:
    """End of the lead: the first paragraph that is not a photo caption (the headline event's)."""
    start = 0
    for cap_start, cap_end in captions:
        if cap_start > start:
            break
        # a caption glued to the lead ends inside its paragraph: the lead follows it there
        start = cap_end + 2 if text.startswith("\n\n", cap_end) or cap_end >= len(text) else cap_end
    if start >= len(text):
        return 0
    end = text.find("\n\n", start)
    return len(text) if end < 0 else end


def _sentence_events(doc: _Doc, sentence: Span, triggers: list[Trigger],
                     dates: list[DateMention], inherited: DateMention | None, tables: _Tables, in_lead: bool,
                     published: str | None, trip_told: bool = False, planned_with: bool = False,
                     trip_to: str | None = None, field_date: DateMention | None = None) -> list[_Found]:
    """The sentence's events; `planned_with`: its undated activities are inside the event told
    before, so a plan among them ("will be held on this occasion") has that event's date."""
    # "hosted" naming a forum's organiser is no reception; its date is the forum's (attached below)
    triggers = [t for t in triggers
                if not (t[2] == "reception" and _hosts_a_gathering(doc.folded, t[0], t[1], triggers, tables))]
    triggers = _meetings_typed_by_side(doc, sentence, triggers, tables, trip_told, trip_to)
    text = doc.folded[sentence.start:sentence.end]
    future = tables.future is not None and tables.future.search(text) is not None
    inside = _dates_in(dates, sentence)
    opening = next((d for d in inside if d.start - sentence.start <= OPENING_CHARS), None)
    if not inside:
        opening = inherited  # "Hai bên đã ký ...": the date of the sentence before, same paragraph
    attached = _attach(inside, opening, triggers, doc.folded)
    # "đã ký kết năm 2019": an undated trigger beside an earlier year is background, even in the lead
    past = _names_earlier_year(text, published)
    # "Tháng 7 vừa qua, tỉnh cử một đoàn ...": outside the lead, an activity recalled
    # with a month at most is background to this article's news (contract: not an event)
    recalled = not in_lead and tables.recall is not None and tables.recall.search(text) is not None
    candidates: list[_Candidate] | None = None   # the sentence's place phrases, found once if needed
    raw = doc.text[sentence.start:sentence.end].strip()
    heading = "\n" not in raw and not raw.endswith(SENTENCE_ENDS) and len(raw.split()) < HEADING_WORDS
    named_year = bool(years_written(text))
    out = []
    for index, (start, end, event_type) in enumerate(triggers):
        # its own date, else the sentence's opening date, else the next date of the sentence
        date = attached.get(index) or opening
        if date is None and in_lead and published and len(published) >= 7 and tables.recent is not None \
                and tables.recent.search(text) is not None and not past:
            # "tỉnh ... vừa tổ chức ...", "recently held": the month of publication is the date known
            date = DateMention(sentence.start, sentence.start, published[:7])
        borrowed = date is not None and not any(date is d for d in inside)   # the sentence before's
        if future and (not _reported(date, published) or (borrowed and date is not field_date)) \
                and (_vague(date) or not in_lead or borrowed) \
                and not (planned_with and date is opening) and not _announced_month(date, attached.get(index)):
            # "hai bên sẽ ký kết...": a plan, not this article's event; but a lead that announces an
            # event for a day ("will take place from November 17-19") tells the article's news
            # (contract: an upcoming event with its planned date is an event); "Under the deal, both
            # sides will bolster ... investment promotion" after the signing of 12 November: that
            # day is the signing's, and what the sentence plans has happened on none
            continue
        word = " ".join(doc.folded[start:end].split())
        supporting = (date is None and (not in_lead or past)) or (recalled and _vague(date))
        # news told without a date, which an article that dates nothing still lists: not a heading
        # ("5. Famous sights and festivals"), and not a sentence that names a year it could not
        # date the event by ("the two signed an MoU in 2014")
        undated = date is None and not past and not recalled and not heading and not named_year
        place = None
        if not supporting:
            candidates = _place_candidates(doc, sentence, tables) if candidates is None else candidates
            place = _place(candidates, sentence, start)
        out.append(_Found(event_type, date, place, [sentence], supporting=supporting, words={word},
                          undated=undated))
    return _occasions_dated(_signed_at_the_meeting(_without_hosted_visits(out)))


def _signed_at_the_meeting(found: list[_Found]) -> list[_Found]:
    """"vừa tổ chức hội đàm và ký kết thoả thuận", "at a working session with ... and signed": the
    talks and the signing told together in one sentence, on one date, are one session, typed by
    its most specific kind (contract: a document signed at this event is a signing)."""
    signings = [f for f in found if f.type == "signing"]
    if not signings:
        return found
    # a visit told with other activities beside the signing is a trip of several activities, an
    # event of its own (contract); so is a visit of several days, or dated by a month only
    lone_signing = {f.type for f in found} - {"visit", "reception"} == {"signing"}
    out = []
    for f in found:
        # an undated session and signing told together are one too, whether or not the article
        # lists undated events
        meeting = f.type == "reception" or (f.type == "visit" and lone_signing and _one_day_or_undated(f))
        same = next((s for s in signings if _day_of(s) == _day_of(f) and s.supporting == f.supporting),
                    None) if meeting else None
        if same is None:
            out.append(f)
        else:
            same.words |= f.words
            same.place = same.place or f.place
    return out


def _one_day_or_undated(found: _Found) -> bool:
    return found.date is None or (not found.date.end_value and DAY_DATE.fullmatch(found.date.value) is not None)


def _day_of(found: _Found) -> str | None:
    return found.date.value if found.date else None


def _occasions_dated(found: list[_Found]) -> list[_Found]:
    """"À l'occasion de sa participation au Forum ..., le Premier ministre a rencontré, le 25
    novembre, ...": a gathering named undated in the sentence of the one dated meeting held at it
    was on that day too."""
    days = {f.date.value: f.date for f in found if f.type in MEETING_TYPES | {"signing"} and f.date is not None
            and not f.date.end_value and DAY_DATE.fullmatch(f.date.value)}
    if len(days) != 1:
        return found
    (day,) = days.values()
    for f in found:
        if f.type in GATHERINGS and f.date is None and not f.supporting:
            f.date = day
    return found


SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "…", ":", ")", "”", '"', "»")
HEADING_WORDS = 12   # an unpunctuated line shorter than this is a heading or a caption, not news told


GATHERINGS = {"forum", "workshop", "investment_promotion"}
HOSTED_REACH = 80   # characters between "hosted" and the gathering it names


def _hosts_a_gathering(folded: str, start: int, end: int, triggers: list[Trigger], tables: _Tables) -> bool:
    """"Da Nang hosted the ... Forum", "the Forum, which Can Tho hosted": the host verb names
    who organised the forum, not a reception ("the chairman hosted the governor" stays one)."""
    word = " ".join(folded[start:end].split())
    meeting = word in tables.meet_verbs   # "met in Da Lat on Friday for their third conference"
    if word not in tables.host_verbs and not meeting:
        return False
    for gathering, gathering_end, event_type in triggers:
        if event_type not in GATHERINGS:
            continue
        if 0 <= gathering - end <= HOSTED_REACH and (
                not meeting or (tables.meet_links is not None
                                and tables.meet_links.search(folded, end, gathering) is not None)):
            return True
        if meeting:
            continue
        between = folded[gathering_end:start]
        if 0 <= start - gathering_end <= HOSTED_REACH and tables.host_clauses is not None \
                and tables.host_clauses.search(between):
            return True
    return False


def _without_hosted_visits(found: list[_Found]) -> list[_Found]:
    """A sentence that tells a reception of a delegation on a day tells one event: the
    reception ("received a business delegation from Fukuoka on 8 October"); the guests'
    visit is an event of its own only with a date of its own (an undated one is the reception)."""
    receptions = [f for f in found if f.type == "reception"]
    visits = [f for f in found if f.type == "visit" and f.date is not None]
    for reception in receptions:
        days = reception.date
        if days is None or not days.end_value or not DAY_DATE.fullmatch(days.value):
            continue
        # "10月21日下午 ... 会见于10月21日至23日对河内进行工作访问的代表团": a range of days is the
        # trip's, a reception is held on one day (the sentence's other date, else the first day)
        trip = next((v for v in visits if not v.date.end_value), None)
        if trip is not None:
            reception.date, trip.date = trip.date, days
        elif not any(v.date == days for v in visits):
            continue
        else:
            reception.date = replace(days, end_value=None)
    for reception in receptions:
        if reception.date is None and visits:   # "received a delegation ... on 8 October"
            reception.date, reception.supporting = visits[0].date, False
            reception.place = reception.place or visits[0].place
    received = {f.date for f in receptions if f.date is not None}
    return [f for f in found
            if not (f.type == "visit" and receptions and (f.date is None or f.date in received))]


DAY_DATE = re.compile(r"(?:\d{4}|-)-\d{2}-\d{2}")   # 2023-07-15 or --07-15
PARTIAL_MONTH = re.compile(r"--\d{2}")                # --07: a month whose year is unknown


def _dateline(ctx: Context) -> Mention | None:
    # the linker's own reading of "Tokyo (VNA) –"
    return next((m for m in ctx.mentions[:3] if is_dateline(ctx.text, m)), None)


COUNTRY_CODES = {"Japan": "JP", "Vietnam": "VN"}
PLACE_PHRASE_REACH = 24   # a place word's locality follows it within this many characters ("tại tỉnh ")


def _away_from_home(doc: _Doc, sentence: Span, trigger: Trigger, tables: _Tables) -> bool:
    """"Tokyo (VNA) – ... the Vice President at her meeting with leaders of Fukuoka", "em Kanagawa
    (Japão), o Vice-Ministro reuniu-se com o Governador de Kanagawa": a meeting held in the country of
    the partner named after the meeting word, by a side not from there (the sentence names none of
    that country before the word), is the travellers' call: part of their visit."""
    candidates = _place_candidates(doc, sentence, tables)
    where = next((COUNTRY_CODES.get(c.name) if c.is_country else _country_of(doc, c.name)
                  for c in candidates), None) or (doc.dateline.country if doc.dateline else None)
    if where is None:
        return False
    # the sides: the localities named in the sentence, but not in its place phrases ("em Kanagawa")
    inside = [m for m in doc.mentions if sentence.start <= m.start < sentence.end and m is not doc.dateline
              and not any(0 <= m.start - c.start <= PLACE_PHRASE_REACH for c in candidates)]
    before = [m.country for m in inside if m.end <= trigger[0]]
    after = [m.country for m in inside if m.start >= trigger[1]]
    if before:   # the side holding the meeting: the nearest before it ("of Hung Yen, NAME, met")
        return (before[0] if tables.verb_final else before[-1]) != where
    return bool(after) and after[0] == where


def _holder(doc: _Doc, sentence: Span, trigger: Trigger, tables: _Tables) -> str | None:
    """The locality of the side that holds a meeting: the one named nearest before the meeting word
    (the first one in Japanese and Korean)."""
    before = [m for m in doc.mentions if sentence.start <= m.start and m.end <= trigger[0] and m is not doc.dateline]
    if not before:
        return None
    return (before[0] if tables.verb_final else before[-1]).name


DELEGATION_REACH = 30   # "đoàn công tác của TP Hồ Chí Minh": the delegation's locality follows this close


def _delegations(doc: _Doc, tables: _Tables) -> frozenset[str]:
    """The localities the article names as sending a delegation ("đón đoàn công tác của TPHCM",
    "the Hanoi delegation", "ロンアン省代表団"): their people are the travellers, so a meeting they
    hold is a call of their visit. Read once per document."""
    if doc.delegations is not None:
        return doc.delegations
    found: set[str] = set()
    if tables.travellers is not None:
        not_spans = [(m.start(), m.end()) for m in tables.not_travellers.finditer(doc.folded)] \
            if tables.not_travellers is not None else []
        for m in tables.travellers.finditer(doc.folded):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in not_spans):
                continue
            # "đoàn công tác của TPHCM": the locality after the word; Japanese and Korean name it
            # before ("ロンアン省代表団"), and what follows is the next clause's
            after = None if tables.verb_final else \
                next((x for x in doc.mentions if m.end() <= x.start <= m.end() + DELEGATION_REACH), None)
            before = next((x for x in doc.mentions if 0 <= m.start() - x.end <= 3), None)
            found |= {x.name for x in (after, before) if x is not None and x is not doc.dateline}
    object.__setattr__(doc, "delegations", frozenset(found))
    return doc.delegations  # type: ignore[return-value]


def _country_of(doc: _Doc, name: str) -> str | None:
    return next((m.country for m in doc.mentions if m.name == name), None)


def _meetings_typed_by_side(doc: _Doc, sentence: Span, triggers: list[Trigger], tables: _Tables,
                            trip_told: bool, trip_to: str | None = None) -> list[Trigger]:
    """"Đoàn ... hội đàm với Thống đốc", "the delegation met the governor": a meeting word that names
    no host is the travellers' call, part of their visit, when the sentence names the travellers
    before it or the article's lead tells their trip; an explicit host verb ("received", "tiếp")
    in the sentence keeps it a reception (contract: one meeting is one event, typed by whose side
    tells it)."""
    receptions = [t for t in triggers if t[2] == "reception"]
    if not receptions:
        return triggers
    neutral = [t for t in receptions if _key(doc.folded[t[0]:t[1]]) in tables.neutral_meetings]
    if len(neutral) < len(receptions):
        return triggers   # a host verb names the host
    out = []
    for t in triggers:
        if t in neutral:
            before = doc.folded[sentence.start:t[0]]
            visits_before = [v for v in triggers if v[2] == "visit" and v[0] < t[0]]
            named = bool(visits_before) or (
                tables.travellers is not None and tables.travellers.search(before) is not None)
            holder = _holder(doc, sentence, t, tables)
            if tables.verb_final and holder is not None and holder not in _delegations(doc, tables):
                # "タイビン省人民委員会は、ベトナムを訪問した宮城県の代表団と会談": the visit word
                # tells the guests' trip to the holder's own country: the holder receives them
                going_to = (_destination(doc, visits_before[0], tables) if visits_before else None) or \
                    (trip_to if trip_told else None)
                if going_to is not None and going_to == _country_of(doc, holder):
                    out.append(t)
                    continue
            if named or trip_told or _away_from_home(doc, sentence, t, tables) \
                    or holder in _delegations(doc, tables):
                t = (t[0], t[1], "visit")
        out.append(t)
    return out


_OBJECT_MARKERS = ("を", "을", "를")   # Japanese and Korean: the place visited stands right before these


def _destination(doc: _Doc, trigger: Trigger, tables: _Tables) -> str | None:
    """The country a visit word's trip goes to, in verb-final languages ("ベトナムを訪問",
    "クアンナムを訪問", "베트남을 방문"): the locality or country right before the object marker."""
    window = doc.folded[max(0, trigger[0] - 24):trigger[0]]
    before = window.rstrip()
    if not before.endswith(_OBJECT_MARKERS):
        return None
    end = trigger[0] - (len(window) - len(before)) - 1   # where the marker starts
    mention = doc.mention_ending.get(end)
    if mention is not None:
        return mention.country
    country = next((name for folded_name, name in tables.countries.items()
                    if folded_name and before[:-1].endswith(folded_name)), None)
    return COUNTRY_CODES.get(country) if country else None


def _spans_days(date: DateMention) -> bool:
    """A range of days or a whole month: a trip or festival that activities can be inside of."""
    return bool(date.end_value) or DAY_DATE.fullmatch(date.value) is None


def _month_of(date: DateMention) -> DateMention:
    """The month of a range within one month ("2023-11-17" to "2023-11-19" is "2023-11"), else
    the range itself."""
    start, end = date.value, date.end_value or date.value
    cut = 7 if start[:1].isdigit() else 4          # "2023-11" or "--11"
    if len(start) < 10 and not start.startswith("--") or start[:cut] != end[:cut]:
        return date
    return DateMention(date.start, date.end, start[:cut], year_guessed=date.year_guessed)


def _announced_month(date: DateMention | None, own: DateMention | None) -> bool:
    """"plan to visit Hanoi in January 2024": a plan given its own month and year is an announced
    event with its planned date (contract), unlike "will cooperate further"."""
    if date is None or date is not own:
        return False
    # "la 5e Fête ... prévue en juillet prochain" in an article with no year: the month is all
    # the article says, and it is the plan's own date
    return PARTIAL_MONTH.fullmatch(date.value) is not None or (
        not date.year_guessed and len(date.value) == 7 and date.value[:4].isdigit())


def _vague(date: DateMention | None) -> bool:
    """No date, or one that names a month (or a year) but no day."""
    return date is None or DAY_DATE.fullmatch(date.value) is None


def _reported(date: DateMention | None, published: str | None) -> bool:
    """A date before publication: the event has happened, whatever else the sentence plans
    (on the day of publication itself a "will" may still be ahead)."""
    if date is None or published is None or date.value.startswith("-"):
        return False
    if date.year_guessed and len(date.value) == 7:
        return False   # "agreed to hold a conference in October": a bare month's year is only our guess
    return date.value[:len(published)] < published


BACKGROUND_DAYS = 120   # news is at most this old when published (the real set's gold: 76 days at most)


def _long_before(date: DateMention | None, published: str | None) -> bool:
    """"the Emperor's visit in March 2017" in an article of November 2018: a date this long before
    publication is background (contract: visits recalled as background are not events), unless it
    is the lead's own date (the news, however late the report)."""
    if date is None or published is None or len(published) < 7 or not date.value[:4].isdigit():
        return False
    when, then = _as_day(published), _as_day(date.end_value or date.value)
    return when is not None and then is not None and (when - then).days > BACKGROUND_DAYS


def _before_story(date: DateMention | None, story_year: int | None) -> bool:
    """A date written with a year before the year of an undated article's news."""
    return story_year is not None and date is not None and not date.year_guessed and date.value[:4].isdigit() \
        and int(date.value[:4]) < story_year


def _as_day(value: str) -> day | None:
    """2018-11-12, 2018-11 (its middle) or 2018 (its middle) as a day; None if malformed."""
    try:
        year = int(value[:4])
        month = int(value[5:7]) if len(value) >= 7 else 7
        return day(year, month, int(value[8:10]) if len(value) >= 10 else 15)
    except ValueError:
        return None


def _names_earlier_year(text: str, published: str | None) -> bool:
    published_year = int(published[:4]) if published and published[:4].isdigit() else None
    if published_year is None:
        return False  # without a publication date, "năm 2023" may be this article's own year
    return any(year < published_year for year in years_written(text))


# A date phrase that is a clause of its own: after a comma (or the sentence start) and at most
# two words ("ngày", "on", "den"), and followed by a comma.
_CLAUSE_OPEN = re.compile(r"(?:^|[,;:])\s*(?:[^\W\d_]+\s+){0,2}$")


VERB_DATE_GAP = 6   # ", le " / ", on ": what may stand between a meeting verb and its set-off date


def _attach(inside: list[DateMention], opening: DateMention | None,
            triggers: list[Trigger], folded: str = "") -> dict[int, DateMention]:
    """Each date after the opening one belongs to the nearest trigger before it (else after it);
    a date that opens a clause ("..., ngày 11/6, đoàn đã đến thăm ...", "On 11 June, ...")
    belongs to the trigger after it."""
    attached: dict[int, DateMention] = {}
    for date in inside:
        if date is opening:
            continue
        before = [i for i, t in enumerate(triggers) if t[1] <= date.start]
        after = [i for i, t in enumerate(triggers) if t[0] >= date.end]
        # "a rencontré, le 25 novembre, le gouverneur": a date set off right after its verb is the verb's
        right_after_verb = bool(before) and date.start - triggers[before[-1]][1] <= VERB_DATE_GAP
        fronted = bool(after) and not right_after_verb and folded[date.end:date.end + 2].lstrip().startswith(",") \
            and _CLAUSE_OPEN.search(folded, max(0, date.start - 20), date.start) is not None
        index = after[0] if fronted else (before[-1] if before else 0)
        current = attached.get(index)
        # the first date after a trigger is its own; a range further on replaces it only when
        # nothing but the trigger's own words stand between them ("Diễn đàn ... ngày 24, 25/11")
        if current is None or (date.end_value and not current.end_value and date.start - current.end <= RANGE_GAP):
            attached[index] = date
    return attached


def _place(candidates: list[_Candidate], sentence: Span, trigger: int) -> str | None:
    """The event's place: the place phrase that opens the sentence ("Ngày 25/11, tại tỉnh Quảng
    Ninh, ...") governs it; else the nearest place phrase to the trigger, a province or city
    before a mere country. "Đại sứ quán Nhật Bản tại Việt Nam" names an embassy, not a place."""
    if not candidates:
        return None
    opening = [c for c in candidates if c.start - sentence.start <= OPENING_PLACE_CHARS and c.start < trigger]
    if opening:
        return opening[0].name
    in_window = [c for c in candidates if abs(c.start - trigger) <= PLACE_WINDOW]
    if not in_window:
        return None
    # rank: a locality beats a country, then a place after the trigger beats one before, then distance
    best = min(in_window, key=lambda c: (c.is_country, c.start < trigger, abs(c.start - trigger)))
    return best.name


@dataclass(frozen=True)
class _Candidate:
    start: int
    name: str
    is_country: bool


def _place_candidates(doc: _Doc, sentence: Span, tables: _Tables) -> list[_Candidate]:
    found: list[_Candidate] = []
    if tables.places is not None:
        for m in tables.places.finditer(doc.folded, sentence.start, sentence.end):
            candidate = _place_after(doc, m.start(), m.end(), sentence.end, tables)
            if candidate and not _names_an_office(doc.folded, sentence.start, m.start(), tables):
                found.append(candidate)
    if tables.postpositions is not None:
        for m in tables.postpositions.finditer(doc.folded, sentence.start, sentence.end):
            mention = doc.mention_ending.get(m.start()) or doc.mention_ending.get(m.start() - 1)
            if mention and not _names_an_office(doc.folded, sentence.start, mention.start, tables):
                found.append(_Candidate(mention.start, mention.name, False))
    return sorted(found, key=lambda c: c.start)


def _names_an_office(folded: str, sentence_start: int, at: int, tables: _Tables) -> bool:
    """True when an embassy-like word stands just before `at` in the same clause."""
    if tables.offices is None:
        return False
    window_start = max(sentence_start, at - OFFICE_WINDOW)
    for m in tables.offices.finditer(folded, window_start, at):
        if not any(ch in folded[m.end():at] for ch in ",;:()"):
            return True
    return False


def _place_after(doc: _Doc, word_start: int, at: int, stop: int, tables: _Tables) -> _Candidate | None:
    """What a place word ("tại", "in", "i") introduces: a linked locality, a country, a known
    city, or a capitalised name right after a city word ("thành phố Buôn Ma Thuột")."""
    text, folded = doc.text, doc.folded
    at = _skip_spaces(text, at, stop)
    mention = doc.mention_starting.get(at)
    head = tables.heads.match(folded, at) if tables.heads and mention is None else None
    if head:
        at = _skip_spaces(text, head.end(), stop)
        mention = doc.mention_starting.get(at)
    if mention:
        return _Candidate(word_start, mention.name, False)
    country = tables.country_re.match(folded, at) if tables.country_re else None
    if country:
        return _Candidate(word_start, tables.countries[_key(country.group())], True)
    city = tables.city_re.match(folded, at) if tables.city_re else None
    if city:
        return _Candidate(word_start, tables.cities[_key(city.group())], False)
    if head:
        named = CAPITALISED.match(text, at, stop)
        if named:
            return _Candidate(word_start, named.group(), False)
    return None


def _skip_spaces(text: str, at: int, stop: int) -> int:
    while at < stop and text[at].isspace():
        at += 1
    return at


def _key(folded: str) -> str:
    return " ".join(folded.split())


def _merged(found: list[_Found]) -> list[Event]:
    """One event per (type, date); an undated mention joins the dated event of its type, and
    a supporting mention (undated, outside the lead) joins the only event of its type, if any."""
    by_key: dict[tuple[str, str | None], _Found] = {}
    own_types = {f.type for f in found if not f.supporting and not f.borrowed}
    for item in found:
        if item.borrowed and item.type in own_types:
            # "Đây là hoạt động ... xúc tiến đầu tư" after a lead dated by the trip: the promotion has a
            # date of its own elsewhere, so this mention only supports that event
            item.supporting, item.date = True, None
    for item in (f for f in found if not f.supporting):
        key = (item.type, item.date.value if item.date else None)
        if key in by_key:
            _absorb(by_key[key], item)
        else:
            by_key[key] = item
    for (event_type, date_value), item in list(by_key.items()):
        dated = [v for (t, d), v in by_key.items() if t == event_type and d is not None]
        if date_value is None and dated:
            _absorb(dated[0], item, keep_date=True)
            del by_key[(event_type, date_value)]
    if not by_key:
        for item in (f for f in found if f.supporting and f.undated):
            key = (item.type, None)
            if key in by_key:
                _absorb(by_key[key], item)
            else:
                by_key[key] = item
    for item in (f for f in found if f.supporting and all(f is not v for v in by_key.values())):
        same_type = [v for (t, _), v in by_key.items() if t == item.type]
        if len(same_type) == 1:
            _absorb(same_type[0], item, keep_date=True)
    _fold_generic_mentions(by_key)
    _promotion_named_again(by_key)
    _one_meeting_per_day(by_key)
    _undated_visit_of_one_reception(by_key)
    return [Event(type=e.type, date=e.date.value if e.date else None,
                  end=e.date.end_value if e.date else None, place=e.place,
                  evidence=tuple(sorted(e.evidence, key=lambda s: s.start)))
            for e in by_key.values()]


def _one_meeting_per_day(by_key: dict[tuple[str, str | None], _Found]) -> None:
    """"Sáng 25-9, the vice chairman worked with the vice governor of Osaka" and, further on, "the
    vice governor was glad to welcome the delegation": a one-day visit and a reception on the same
    day are one meeting told from both sides (contract: one meeting is one event); the side the
    article tells first types it."""
    for (event_type, date_value), item in list(by_key.items()):
        if event_type != "visit" or date_value is None or item.date is None or item.date.end_value:
            continue
        other = by_key.get(("reception", date_value))
        if other is None:
            continue
        # told in the same sentence first, the reception wins (as within one sentence)
        first, second = (item, other) if item.evidence[0].start < other.evidence[0].start else (other, item)
        _absorb(first, second, keep_date=True)
        del by_key[(second.type, date_value)]


def _undated_visit_of_one_reception(by_key: dict[tuple[str, str | None], _Found]) -> None:
    """"A Nagasaki delegation visited Quảng Nam" beside "on the afternoon of 30 August, the Quảng Nam
    leaders held talks with the delegation": a visit told without dates or activities of its own is
    the side of the one reception the article dates (contract: one meeting is one event)."""
    visit = by_key.get(("visit", None))
    others = [key for key in by_key if key != ("visit", None)]
    if visit is None or len(others) != 1 or others[0][0] != "reception" or others[0][1] is None:
        return
    _absorb(by_key[others[0]], visit, keep_date=True)
    del by_key[("visit", None)]


def _fold_generic_mentions(by_key: dict[tuple[str, str | None], _Found]) -> None:
    """"福岡県ビジネスセミナー ... セミナーでは": a generic word ("seminar") on the same day as a
    longer trigger that contains it (a business seminar, an investment promotion) names the
    same event again, not a second one."""
    for key, item in list(by_key.items()):
        if key[1] is None:
            continue
        longer = [v for k, v in by_key.items() if k != key and k[1] == key[1] and k[0] != key[0]
                  and all(any(w in other and w != other for other in v.words) for w in item.words)]
        if longer:
            _absorb(longer[0], item, keep_date=True)
            del by_key[key]


def _promotion_named_again(by_key: dict[tuple[str, str | None], _Found]) -> None:
    """"Un forum de promotion de l'investissement ... lors du forum": the gathering word that an
    investment promotion phrase qualified (see `_promotion_gatherings`), said again on the same day,
    names that promotion again."""
    for key, item in list(by_key.items()):
        if key[0] not in ("workshop", "forum") or key[1] is None:
            continue
        promotion = by_key.get(("investment_promotion", key[1]))
        if promotion is not None and (item.words <= promotion.words or _day_precise(key[1])):
            _absorb(promotion, item, keep_date=True)
            del by_key[key]


def _day_precise(value: str) -> bool:
    """"2023-09-07", "--09-07": a day, not a month ("2023-11") or a year."""
    return len(value) == 10 or (value.startswith("--") and len(value) == 7)


def _absorb(kept: _Found, item: _Found, keep_date: bool = False) -> None:
    """Merge `item` into `kept`: its evidence, its place when `kept` has none, its range end."""
    kept.evidence.extend(s for s in item.evidence if s not in kept.evidence)
    kept.words |= item.words
    kept.place = kept.place or item.place
    if not keep_date and item.date and item.date.end_value and not (kept.date and kept.date.end_value):
        kept.date = item.date

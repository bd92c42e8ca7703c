"""Ties: the Vietnamese–Japanese locality pairs an article presents as cooperating or meeting,
with the strongest kind it supports (agreement > visit > meeting > proposed > existing).

A tie rests on a sentence, never on co-occurrence in the article:
- a sentence naming both localities, with a cue word of some kind near them
  (`data/ties.<lang>.json`); a meeting (or attending one event) held in one of the two is a
  visit; a signing told in a caption or dated before the article's year is an existing tie,
  not this article's agreement; a roll call of many localities attending is no pair;
- a sentence naming one side where a delegation of the article's main locality of the
  other country is received, or where the event's host province receives the other side's
  official ("the delegation paid a courtesy call on the Governor of Ibaraki").
Places that are only where something happens are no partners: a prefecture after "held
in", a Vietnamese city after "in" when another province of the sentence is the actor, and
the dateline a report was filed from ("HANOI, June 3 (VNA) -").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from itertools import pairwise

from ..gazetteer import load as load_gazetteer
from ..link import is_dateline, situating
from ..model import TIE_KINDS, Context, Mention, Span, Tie
from ..text import fold, sentence_of
from .phrases import KeywordTable, compile_phrases, languages, load

STRENGTH = {kind: rank for rank, kind in enumerate(reversed(TIE_KINDS))}   # existing 0 ... agreement 4
# Japanese and Korean put the verb at the end of a long clause, and Chinese packs a clause into
# few characters: there the whole sentence is the reach of a pair's cue words.
VERB_FINAL = frozenset({"ja", "ko", "zh"})
# A cue word this close to a pair's span (or inside it) says how they are linked. Measured on the
# eval/real dev split: 30 -> 50 took pairs F1 from 0.67 to 0.70; 70 and more add false pairs.
CUE_REACH = 50
MAX_ONE_SIDED = 2     # a sentence listing more localities than this is a roll call, not a visit
MAX_LISTED_PARTNERS = 5   # "signed cooperation relationships with Nara, Kyoto, Gifu": a partner list
# "dans la ville centrale de Da Nang": how far after a place word its locality may start
# (25 -> 32 characters: dev pairs F1 0.74 -> 0.77; 40 and 48 changed nothing more)
PLACE_REACH = 32
ACTIVITY_REACH = 80   # "Hội nghị Kết nối đầu tư vùng Kansai - Tây Ninh tại Osaka": the gathering before its venue
VENUE_REACH = 30      # "được tổ chức ở Tokyo": how far before a prefecture its venue words may end
NOT_A_CUE = "-"       # label of phrases that contain a cue but mean something else
ATTEND = "attend"     # label of "took part in": a meeting, unless a roll call of many localities
RECEIVE = "receive"   # label of "received", "courtesy call": the guest is at the host's (a visit)
MAX_PAIRS_IN_SENTENCE = 64   # beyond this many (vn, jp) mentions, a sentence is read as a list of joined pairs
ROLL_CALL = 4         # this many localities of one country in a sentence: a list of participants
YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")

Hit = tuple[int, int, str]


@dataclass(frozen=True)
class _Cues:
    kinds: KeywordTable
    delegation: KeywordTable
    past: tuple[str, ...]
    capitals: frozenset[str]
    both_sides: KeywordTable
    places: KeywordTable
    held_in: KeywordTable
    venue: KeywordTable
    present: KeywordTable
    activity: KeywordTable


@lru_cache(maxsize=32)
def _cues(lang: str) -> _Cues:
    datas = [d for d in (load(f"ties.{code}") for code in languages(lang)) if d]
    kinds: dict[str, list[str]] = {k: [w for d in datas for w in d.get(k, [])] for k in TIE_KINDS}
    # Longer phrases that contain a cue but say something else ("tiếp tục" = continue, not
    # "tiếp" = receive): the leftmost-longest match takes them, then they are dropped.
    kinds[NOT_A_CUE] = [w for d in datas for w in d.get("not_cues", [])]
    kinds[ATTEND] = [w for d in datas for w in d.get("attend", [])]
    kinds[RECEIVE] = [w for d in datas for w in d.get("receive", [])]
    events = [e for e in (load(f"events.{code}") for code in languages(lang)) if e]
    places = [w for e in events for w in e.get("place_words", [])]
    return _Cues(kinds=KeywordTable(kinds),
                 delegation=KeywordTable({
                     "delegation": [w for d in datas for w in d["delegation"]],
                     NOT_A_CUE: [w for d in datas for w in d.get("not_delegation", [])]}),
                 past=tuple(fold(w) for d in datas for w in d["past"]),
                 capitals=frozenset((load("ties.common") or {}).get("capitals", [])),
                 both_sides=KeywordTable({"both": [w for d in datas for w in d.get("both_sides", [])]}),
                 places=KeywordTable({"place": places}),
                 held_in=KeywordTable({"held_in": [w for d in datas for w in d.get("held_in", [])]}),
                 venue=KeywordTable({"venue": [w for d in datas for w in d.get("venue", [])]}),
                 # "at the meeting": events data says which phrases point back at the event told before
                 present=KeywordTable({"present": [w for d in datas for w in d.get("present", [])],
                                       "back": [w for e in events for w in e.get("back_references", [])]
                                       + [w for d in datas for w in d.get("at_event", [])]}),
                 # the events data's trigger words: something happens in the sentence (a seminar,
                 # a meeting), whatever kind of tie it supports
                 activity=KeywordTable({"activity": [w for e in events for words in e.get("triggers", {}).values()
                                                     for w in words],
                                        NOT_A_CUE: [w for e in events for w in e.get("not_triggers", [])]}))


class _Hits:
    """The matches of one table in one document, found on first use (many pages never need
    some tables) and then read by range."""

    def __init__(self, find: Callable[[], list[Hit]]) -> None:
        self._find = find
        self._hits: list[Hit] | None = None
        self._starts: list[int] = []

    @property
    def hits(self) -> list[Hit]:
        if self._hits is None:
            self._hits = [h for h in self._find() if h[2] != NOT_A_CUE]
            self._starts = [h[0] for h in self._hits]
        return self._hits

    def within(self, start: int, end: int) -> list[Hit]:
        hits = self.hits
        i = bisect_left(self._starts, start)
        out = []
        while i < len(hits) and hits[i][0] < end:
            if hits[i][1] <= end:
                out.append(hits[i])
            i += 1
        return out


@dataclass(frozen=True)
class _Doc:
    ctx: Context
    folded: str
    cues: _Cues
    kinds: _Hits
    delegation: _Hits
    both_sides: _Hits
    places: _Hits
    held_in: _Hits
    venue: _Hits
    present: _Hits
    activity: _Hits
    abroad: list[bool] = field(default_factory=list)   # _abroad's answer, once known


def _doc(ctx: Context) -> _Doc:
    cues = _cues(ctx.lang)
    folded = ctx.folded   # fold(text), computed once per document (Context)
    return _Doc(ctx, folded, cues, *(_Hits(partial(table.finditer, ctx.text, folded)) for table in
                                     (cues.kinds, cues.delegation, cues.both_sides, cues.places, cues.held_in,
                                      cues.venue, cues.present, cues.activity)))


def extract_ties(ctx: Context) -> list[Tie]:
    if not ({m.country for m in ctx.mentions} >= {"VN", "JP"}):
        return []   # a pair needs a locality of each country named in the article
    doc = _doc(ctx)
    main_vn, main_jp = _main(ctx.mentions, "VN"), _main(ctx.mentions, "JP")
    host_vn = cache(partial(_host, doc))   # looked for only when a one-sided meeting needs it
    host_jp = cache(partial(_host, doc, "JP"))
    sole_jp = len({m.name for m in ctx.mentions if m.country == "JP"}) == 1
    ties: dict[tuple[str, str], tuple[str, list[Span]]] = {}
    mentions = sorted((m for m in ctx.mentions if not is_dateline(ctx.text, m)), key=lambda m: m.start)
    starts = [m.start for m in mentions]
    for sentence in ctx.sentences:
        inside = mentions[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
        if not inside:
            continue
        vn_side = [m for m in inside if m.country == "VN"]
        jp_named = [m for m in inside if m.country == "JP"]
        jp_venues = [m for m in jp_named if _venue_only(doc, m)]
        if jp_venues:   # "tại Fukuoka và Tokyo": localities listed right after a venue are venues too
            listed = _listed_with(doc.folded, jp_named, {m.name for m in jp_venues})
            jp_venues += [m for m in jp_named if m.name in listed and m not in jp_venues]
        jp_side = _without_enclosing([m for m in jp_named if m not in jp_venues], ctx.text)
        if vn_side and jp_venues:
            # "UBND tỉnh Long An ... tổ chức ở Tokyo": the province holds its programme in the
            # prefecture, so its delegation is there: a visit, whatever the occasion (contract)
            for vn in _actors(doc, sentence, vn_side):
                for jp in _without_enclosing(jp_venues, ctx.text):
                    _add(ties, vn.name, jp.name, "visit", sentence)
        if vn_side and jp_side:
            roll_call = max(len(_names(vn_side)), len(_names(jp_side))) >= ROLL_CALL
            actors = _actors(doc, sentence, vn_side)
            third_place = len(actors) < len(vn_side)
            # several of each, or a roll call too long to pair one by one (a long paragraph of names)
            listing = (len(_names(actors)) >= 2 and len(_names(jp_side)) >= 2) or \
                len(actors) * len(jp_side) > MAX_PAIRS_IN_SENTENCE
            # a sentence listing several of each forms only the pairs it joins, never every
            # combination ("Hải Phòng - Kitakyushu, Đà Nẵng - Yokohama"; contract)
            pairs = _joined_pairs(doc, actors, jp_side) if listing else \
                [(vn, jp) for vn in actors for jp in jp_side]
            for vn, jp in pairs:
                reach = sentence if ctx.lang in VERB_FINAL else \
                    Span(max(sentence.start, min(vn.start, jp.start) - CUE_REACH),
                         min(sentence.end, max(vn.end, jp.end) + CUE_REACH))
                pair = [vn, jp] if listing else [m for m in inside if m.name in (vn.name, jp.name)]
                # a pair the sentence writes joined is presented as a tie even without a cue word
                kind = _kind(doc, sentence, reach, pair, roll_call and not listing, third_place) or \
                    ("existing" if listing else None)
                if kind:
                    _add(ties, vn.name, jp.name, kind, sentence)
            continue
        if jp_side and not vn_side and _present_at_meeting(doc, sentence) and (host := host_vn()):
            # "At the meeting, the leaders of Yamanashi, Niigata, ... presented their prefectures":
            # every prefecture so named was at the host province's meeting, however many they are
            for jp in _names(jp_side):
                _add(ties, host, jp, "visit", sentence)
            continue
        if vn_side and not jp_side and _present_at_meeting(doc, sentence) and (host := host_jp()):
            # "Lors du forum, les représentants de localités vietnamiennes telles que Dien Bien, Hung
            # Yen ... ont présenté ...": the same, at a forum held in a prefecture
            for vn in _names(vn_side):
                _add(ties, vn, host, "visit", sentence)
            continue
        if jp_named and not vn_side and main_vn and len(_names(jp_named)) <= MAX_ONE_SIDED \
                and _abroad(doc, main_vn) and (jp_venues or _held_in_one(doc, sentence, jp_named)) \
                and doc.activity.within(sentence.start, sentence.end):
            # "В Токио Чан Ши Тхань провел встречи ...", "a seminar in Tokyo on 23 May": a stop
            # of the trip the article tells, so the travelling province was there (contract: a
            # delegation present in another locality is a visit pair)
            for jp in _names(_without_enclosing(jp_venues or jp_named, ctx.text)):
                _add(ties, main_vn, jp, "visit", sentence)
            continue
        kind = _kind(doc, sentence, sentence, inside, roll_call=False)
        if kind is None:
            continue
        for vn_name, jp_name, pair_kind in _one_sided(doc, sentence, kind, _names(vn_side), _names(jp_side),
                                                      main_vn, main_jp, host_vn, sole_jp):
            _add(ties, vn_name, jp_name, pair_kind, sentence)
    _both_sides(doc, main_vn, main_jp, ties)
    return _merged(ties, _absorbed(ctx))


def _abroad(doc: _Doc, main_vn: str) -> bool:
    """The article tells a trip of its main Vietnamese locality's delegation: a delegation word in
    a sentence that names that locality and no Japanese one's own delegation before it. Read once
    per document (main_vn is the document's own)."""
    if doc.abroad:
        return doc.abroad[0]
    mentions = sorted(doc.ctx.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    found = False
    for start, _, _ in doc.delegation.hits:
        sentence = sentence_of(doc.ctx.sentences, start)
        if sentence is None:
            continue
        named = mentions[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
        if any(m.name == main_vn for m in named) and not any(m.country == "JP" and m.end <= start for m in named):
            found = True
            break
    doc.abroad.append(found)
    return found


def _both_sides(doc: _Doc, main_vn: str | None, main_jp: str | None,
                ties: dict[tuple[str, str], tuple[str, list[Span]]]) -> None:
    """"Les deux parties ont signé ...": a sentence about "the two sides" that names no pair of its
    own says how the article's main pair, already linked by an earlier sentence, is tied."""
    if main_vn is None or main_jp is None or (main_vn, main_jp) not in ties:
        return
    for sentence in doc.ctx.sentences:
        if sentence in ties[(main_vn, main_jp)][1] or not doc.both_sides.within(sentence.start, sentence.end):
            continue
        kind = _kind(doc, sentence, sentence, [], roll_call=False)
        if kind is not None:
            _add(ties, main_vn, main_jp, kind, sentence)


def _absorbed(ctx: Context) -> dict[str, str]:
    """Old provinces -> the unit that holds them, for an article written after their merger or
    renaming (or of unknown date) that also names that unit: then the unit holds the old one's ties."""
    gazetteer = load_gazetteer()
    named = {m.name for m in ctx.mentions}
    out = {}
    for m in ctx.mentions:
        merged_on = gazetteer.merged_on(m.key) if m.country == "VN" and m.current != m.name else None
        published = ctx.published
        if merged_on and m.current in named and \
                (published is None or published[:len(merged_on)] >= merged_on[:len(published)]):
            out[m.name] = m.current
    return out


def _merged(ties: dict[tuple[str, str], tuple[str, list[Span]]], absorbed: dict[str, str]) -> list[Tie]:
    """Ties are keyed by the names the article gives (contract): "Bình Dương's former partner
    Yamaguchi" in an article about Hồ Chí Minh City is a Bình Dương pair, and the unit that holds
    Bình Dương today inherits it, so the Hồ Chí Minh pair is listed too (with its own kind when
    the article ties it itself)."""
    out = dict(ties)
    for (vn, jp), (kind, spans) in ties.items():
        holder = absorbed.get(vn)
        if holder is not None and (holder, jp) not in ties:
            out[(holder, jp)] = (kind, list(spans))
    return [Tie(vn=vn, jp=jp, kind=kind, evidence=tuple(spans)) for (vn, jp), (kind, spans) in out.items()]


def _one_sided(doc: _Doc, sentence: Span, kind: str, vns: list[str], jps: list[str],
               main_vn: str | None, main_jp: str | None,
               host_vn: Callable[[], str | None], sole_jp: bool = False) -> list[tuple[str, str, str]]:
    """Pairs from a sentence that names one side only, when the other side is the delegation
    (the article's main locality of that country) or the host province of the event."""
    if kind == "agreement" and len(jps or vns) >= 2:
        # several partners signed with, told in one sentence: a summary of the ties in place, not
        # one signing at this article's event
        kind = "existing"
    if kind == "existing":
        # "the province has signed partnerships with Nara, Kyoto and Gifu", a fact box's "sister
        # province: Binh Duong (2014)" on Yamaguchi's page: partners listed after the article's own
        # locality (contract: existing). A sentence
        # that names a country ("Quang Ninh cooperates closely with Japan") ties it to the country.
        if _countries().search(doc.folded, sentence.start, sentence.end) is not None:
            return []
        if jps and not vns and main_vn and len(jps) <= MAX_LISTED_PARTNERS:
            return [(main_vn, jp, "existing") for jp in jps]
        if vns and not jps and main_jp and len(vns) <= MAX_LISTED_PARTNERS:
            return [(vn, main_jp, "existing") for vn in vns]
        return []
    if kind not in ("visit", "meeting"):
        return []
    # a delegation in Hà Nội meets the central government there, not the city's own (the data
    # file says why Tokyo is not listed)
    vns = [name for name in vns if name not in doc.cues.capitals]
    delegation = bool(doc.delegation.within(sentence.start, sentence.end))
    if jps and len(jps) <= MAX_ONE_SIDED:
        if delegation and main_vn:
            return [(main_vn, jp, "visit") for jp in jps]        # our delegation calls on them
        if kind == "meeting" and (host := host_vn()):
            return [(host, jp, "visit") for jp in jps]           # their official received in our host
    if vns and len(vns) <= MAX_ONE_SIDED and main_jp and (delegation or (kind == "visit" and sole_jp)):
        # their delegation comes to us; or, on a page whose only prefecture is theirs (a
        # prefecture's own press release), their official attends an event held in our province
        return [(vn, main_jp, "visit") for vn in vns]
    return []


@cache
def _countries() -> re.Pattern[str]:
    """Vietnam and Japan in every language of the data (kizuna/extract/data/places.json)."""
    from .phrases import compile_phrases
    pattern = compile_phrases(name for names in load("places")["countries"].values() for name in names)
    assert pattern is not None
    return pattern


def _joined_pairs(doc: _Doc, vn_side: list[Mention], jp_side: list[Mention]) -> list[tuple[Mention, Mention]]:
    """The pairs a list sentence joins: a Vietnamese and a Japanese locality with only joining
    words between them ("Hải Phòng - Kitakyushu", "Huế with Kyoto and Gifu"), or other localities
    of one of the two countries listed between them ("Huế with Kyoto and Gifu" joins Huế and Gifu)."""
    fillers, joiners = _list_words()
    ordered = sorted(vn_side + jp_side, key=lambda m: m.start)
    # the words between consecutive mentions, read once (reading every gap anew was quadratic)
    gaps = [_GAP_TOKEN.findall(doc.folded[a.end:b.start]) for a, b in pairwise(ordered)]
    fills = [all(w in fillers or w in joiners for w in gap) for gap in gaps]
    out: list[tuple[Mention, Mention]] = []
    for i, left in enumerate(ordered):
        for j in range(i + 1, min(len(ordered), i + 1 + MAX_LISTED)):
            right = ordered[j]
            if not fills[j - 1]:
                break
            if right.country == left.country:
                continue
            between = ordered[i + 1:j]
            if len({m.country for m in between}) > 1:
                break   # both countries in between: another pair stands there
            # the gap where the pair is joined: next to the anchor of a list ("Huế with Kyoto and
            # Gifu": the first gap; "Kyoto and Gifu with Huế": the last); a comma there ends a list
            # item ("Osaka, Hải Phòng", "Yokohama, and Huế"), it joins no pair
            joint = gaps[j - 1] if between and between[0].country == left.country else gaps[i]
            if not any(w in joiners for w in joint) or any(w in _LIST_SEPARATORS for w in joint):
                continue
            vn, jp = (left, right) if left.country == "VN" else (right, left)
            out.append((vn, jp))
    return out


MAX_LISTED = 12   # a list joins at most this many localities to one anchor


_GAP_TOKEN = re.compile(r"[^\W\d_]+\.?|[^\w\s]")
_LIST_SEPARATORS = frozenset(",、，;")


@lru_cache(maxsize=1)
def _list_words() -> tuple[frozenset[str], frozenset[str]]:
    data = load("ties.common") or {}
    fillers = frozenset(w for phrase in data.get("list_fillers", []) for w in fold(phrase).split())
    return fillers, frozenset(fold(w) for w in data.get("pair_joiners", []))


def _present_at_meeting(doc: _Doc, sentence: Span) -> bool:
    """The sentence points back at the meeting told before and puts people of the localities it
    names there (their leaders, representatives, delegations)."""
    labels = {label for _, _, label in doc.present.within(sentence.start, sentence.end)}
    if labels == {"present", "back"}:
        return True
    # "étaient présents des gouverneurs des préfectures de Nara, Yamagata ...": attending, in person
    return "present" in labels and any(kind == ATTEND for _, _, kind in doc.kinds.within(sentence.start, sentence.end))


def _kind(doc: _Doc, sentence: Span, reach: Span, inside: list[Mention], roll_call: bool,
          third_place: bool = False) -> str | None:
    """The strongest kind the cue words within `reach` support, with the contract's adjustments."""
    hits = doc.kinds.within(reach.start, reach.end)
    found = {kind for _, _, kind in hits}
    if ATTEND in found:
        found = (found - {ATTEND}) | (set() if roll_call else {"meeting"})
    if RECEIVE in found:
        found = (found - {RECEIVE}) | {"meeting" if third_place else "visit"}
    if not found:
        return None
    kind = max(found, key=STRENGTH.__getitem__)
    if kind == "agreement" and _past(doc.folded[sentence.start:sentence.end], doc.cues, doc.ctx.published):
        kind = max(found - {"agreement"} | {"existing"}, key=STRENGTH.__getitem__)
    if kind == "meeting" and _held_in_one(doc, sentence, inside):
        kind = "visit"
    if kind in ("agreement", "visit") and _proposed_first(hits, kind):
        kind = "proposed"
    return kind


def _proposed_first(hits: list[Hit], kind: str) -> bool:
    """"proposed that a Mie business delegation survey Thanh Hóa": a wish that comes before the
    visit (or signing) it asks for makes that visit only proposed."""
    strong = {kind, ATTEND, RECEIVE} if kind == "visit" else {kind}
    first_proposal = next((s for s, _, label in hits if label == "proposed"), None)
    first_strong = next((s for s, _, label in hits if label in strong), None)
    return first_proposal is not None and first_strong is not None and first_proposal < first_strong


def _past(text: str, cues: _Cues, published: str | None) -> bool:
    """A signing shown in a caption or dated before the article's year is background."""
    if any(marker in text for marker in cues.past):
        return True
    if published and published[:4].isdigit():
        return any(int(y) < int(published[:4]) for y in YEAR.findall(text))
    return False


def _held_in_one(doc: _Doc, sentence: Span, inside: list[Mention]) -> bool:
    """"tại tỉnh Quảng Ninh ... tiếp Thống đốc Gunma": the meeting is in one of `inside`."""
    everyone = [m for m in doc.ctx.mentions if sentence.start <= m.start < sentence.end]
    names = {m.name for m in inside}
    if any((v := _venue_of(doc.folded, end, everyone)) is not None and v.name in names
           for _, end, _ in doc.places.within(sentence.start, sentence.end)):
        return True
    # postpositions after the name (Japanese, Korean): "クアンニン省で開催", "꽝닌성에서"
    after = {start for start, _, _ in doc.held_in.within(sentence.start, sentence.end)}
    return any(m.end in after for m in inside)


def _venue_of(folded: str, place_end: int, mentions: list[Mention]) -> Mention | None:
    """The mention that a place word ending at `place_end` introduces ("tại [tỉnh] Nghệ An")."""
    after = folded[place_end:place_end + PLACE_REACH]
    for mention in sorted(mentions, key=lambda m: m.start):   # the nearest one: "in Hanoi that ... Shiga"
        close = 0 <= mention.start - place_end <= PLACE_REACH - len(mention.surface)
        if close and fold(mention.surface) in after:
            return mention
    return None


def _actors(doc: _Doc, sentence: Span, vn_side: list[Mention]) -> list[Mention]:
    """Vietnamese localities of a sentence minus the one that is only where it happens:
    "Nghệ An meets Gifu in Hà Nội" pairs Nghệ An with Gifu, not Hà Nội. A venue that is the
    only Vietnamese locality stays (a governor who comes to a province visits it)."""
    if len({m.name for m in vn_side}) < 2:
        return vn_side
    venues = {v.name for _, end, _ in doc.held_in.within(sentence.start, sentence.end)
              if (v := _venue_of(doc.folded, end, vn_side)) is not None}
    venues |= _listed_with(doc.folded, vn_side, venues)
    actors = [m for m in vn_side if m.name not in venues]
    return actors or vn_side


_LIST_JOINER = re.compile(r"\s*(?:,|;|&|\b(?:va|and|och|et|und|y|e|dan|и)\b)\s*(?:(?:tinh|thanh pho|the|province of|provinsen)\s+)?$")


def _listed_with(folded: str, mentions: list[Mention], venues: set[str]) -> set[str]:
    """"tại Nghệ An và Hà Tĩnh": localities listed right after a venue are venues too."""
    found: set[str] = set()
    ordered = sorted(mentions, key=lambda m: m.start)
    for before, after in pairwise(ordered):
        if (before.name in venues or before.name in found) and _LIST_JOINER.match(folded[before.end:after.start]):
            found.add(after.name)
    return found


def _host(doc: _Doc, country: str = "VN") -> str | None:
    """The locality of `country` the article's events take place in ("tại tỉnh Quảng Ninh", "i Quang
    Ninh", "dans la préfecture d'Osaka")."""
    vn = [m for m in doc.ctx.mentions if m.country == country and not is_dateline(doc.ctx.text, m)]
    for _, end, _ in doc.places.hits:
        venue = _venue_of(doc.folded, end, vn)
        if venue is not None:
            return venue.name
    return None


def _without_enclosing(jp_side: list[Mention], text: str = "") -> list[Mention]:
    """"Kitakyushu City, Fukuoka Prefecture" / "đến Hokkaido ... tại Sapporo": a designated city
    and its own prefecture in one sentence are one partner, the one named first, unless the
    prefecture only situates the city beside it ("兵庫県神戸市": the city)."""
    gazetteer = load_gazetteer()
    situates = situating(text, sorted(jp_side, key=lambda m: m.start), gazetteer) if text else set()
    names = {m.name for m in jp_side}
    drop: set[str] = set()
    for m in jp_side:
        unit = gazetteer.get(m.key)
        parent = unit.prefecture if unit is not None else None
        if parent in names and parent != m.name and m.name not in drop:
            first = next(x for x in jp_side if x.name in (m.name, parent))
            beside = any((x.start, x.end) in situates for x in jp_side if x.name == parent)
            drop.add(parent if first.name == m.name or beside else m.name)
    return [m for m in jp_side if m.name not in drop]


def _main(mentions: tuple[Mention, ...], country: str) -> str | None:
    """The locality of a country the article is about: the most mentioned (first on a tie)."""
    counts = Counter(m.name for m in mentions if m.country == country)
    if not counts:
        return None
    best = max(counts.values())
    return next(m.name for m in mentions if m.country == country and counts[m.name] == best)


def _names(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.name for m in mentions))


def _venue_only(doc: _Doc, mention: Mention) -> bool:
    """A prefecture named as the venue of the article's programme ("tổ chức ở Tokyo", "held in
    Osaka") is where things happen, not a partner; Vietnamese host provinces are actors (they
    co-host), so only the Japanese side is treated this way."""
    if any(not doc.folded[end:mention.start].strip()
           for _, end, _ in doc.venue.within(max(0, mention.start - VENUE_REACH), mention.start)):
        return True
    # "Hội nghị Xúc tiến đầu tư tỉnh Tây Ninh tại Tokyo (19-11)", "a seminar ... in Osaka": a place
    # word right before the prefecture, and something happening earlier in the same clause
    # (the place word read from the few characters before the mention: the document's hits of such
    # frequent words are not computed for this)
    place_words = _place_word_before(doc.ctx.lang)
    before = place_words.search(doc.folded, max(0, mention.start - VENUE_REACH), mention.start) \
        if place_words is not None else None
    if before is None:
        return False
    place_word = before.start(1)
    reach = max(0, place_word - ACTIVITY_REACH)
    clause_start = max(reach - 1, *(doc.folded.rfind(c, reach, place_word) for c in ",;.:\n("))
    if not any(clause_start < start and end <= place_word
               for start, end, _ in doc.activity.within(reach, place_word)):
        return False
    # ... told as done now: not a plan ("khả năng tổ chức hội nghị ... tại Kobe", "a proposé
    # d'organiser une conférence ... à Yokohama") nor an activity recalled ("Tháng 7 vừa qua, ...")
    sentence = sentence_of(doc.ctx.sentences, mention.start) or Span(clause_start + 1, mention.end)
    told = doc.folded[sentence.start:mention.start]
    plans = _plan_words(doc.ctx.lang)
    return not (plans is not None and plans.search(told)) and \
        not any(kind == "proposed" for _, _, kind in doc.kinds.within(sentence.start, mention.start))


@lru_cache(maxsize=32)
def _place_word_before(lang: str) -> re.Pattern[str] | None:
    """A place word ("tại", "in", "à") ending right before the end of the searched span."""
    words = sorted({fold(w) for code in languages(lang) if (d := load(f"ties.{code}"))
                    for w in d.get("held_in", ())}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)({'|'.join(re.escape(w) for w in words)})\s*$") if words else None


@lru_cache(maxsize=32)
def _plan_words(lang: str) -> re.Pattern[str] | None:
    """Words that make what a sentence tells a plan or a memory: the events data's future and recall
    words, and the ties data's `venue_plans` ("khả năng", "possibility")."""
    words = [w for code in languages(lang) for data in (load(f"events.{code}"), load(f"ties.{code}")) if data
             for key in ("future", "recall", "venue_plans") for w in data.get(key, ())]
    return compile_phrases(words) if words else None


def _add(ties: dict[tuple[str, str], tuple[str, list[Span]]], vn: str, jp: str, kind: str,
         sentence: Span) -> None:
    if (vn, jp) not in ties:
        ties[(vn, jp)] = (kind, [sentence])
        return
    old_kind, spans = ties[(vn, jp)]
    if sentence not in spans:
        spans.append(sentence)
    ties[(vn, jp)] = (max(old_kind, kind, key=STRENGTH.__getitem__), spans)

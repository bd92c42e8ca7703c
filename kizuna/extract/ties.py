"""Ties: the Vietnamese–Japanese locality pairs an article presents as cooperating or meeting,
with the strongest kind it supports (agreement > visit > meeting > proposed > existing).

A tie rests on a sentence, never on co-occurrence in the article:
- a sentence naming both localities, with a cue word of some kind (`data/ties.<lang>.json`);
  a meeting held in one of the two is a visit; a signing told in a caption or as past
  background is an existing tie, not this article's agreement;
- a sentence naming one side where a delegation of the article's main locality of the
  other country is received, or where the event's host province receives the other side's
  official ("the delegation paid a courtesy call on the Governor of Ibaraki").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..model import TIE_KINDS, Context, Mention, Span, Tie
from ..text import fold
from .phrases import languages, load
from .sectors import KeywordTable, folded_text

STRENGTH = {kind: rank for rank, kind in enumerate(reversed(TIE_KINDS))}   # existing 0 ... agreement 4
CUE_REACH = 30        # a cue word this close to a pair's span (or inside it) says how they are linked
MAX_ONE_SIDED = 2     # a sentence listing more localities than this is a roll call, not a visit
PLACE_REACH = 25      # "tại thành phố Hà Nội": how far after a place word its locality may start
VENUE_REACH = 30      # "được tổ chức ở Tokyo": how far before a prefecture its venue words may end
NOT_A_CUE = "-"       # label of phrases that contain a cue but mean something else
ATTEND = "attend"     # label of "took part in": a meeting, unless a roll call of many localities
ROLL_CALL = 4         # this many localities of one country in a sentence: a list of participants
DATELINE = re.compile(r"[ \t]*(?:\(|,\s*(?:\w+\.?\s+)?\d{1,2}\b)")   # "HANOI (VNA)", "Hanoi, June 3"
DATELINE_DASH = re.compile(r"[ \t]*[—–-]\s")                                   # "HANOI — " (capitals only)
YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")

Hit = tuple[int, int, str]


@dataclass(frozen=True)
class _Cues:
    kinds: KeywordTable
    delegation: KeywordTable
    past: tuple[str, ...]
    places: KeywordTable
    held_in: KeywordTable
    venue: KeywordTable


@lru_cache(maxsize=32)
def _cues(lang: str) -> _Cues:
    datas = [d for d in (load(f"ties.{code}") for code in languages(lang)) if d]
    kinds: dict[str, list[str]] = {k: [w for d in datas for w in d.get(k, [])] for k in TIE_KINDS}
    # Longer phrases that contain a cue but say something else ("tiếp tục" = continue, not
    # "tiếp" = receive): the leftmost-longest match takes them, then they are dropped.
    kinds[NOT_A_CUE] = [w for d in datas for w in d.get("not_cues", [])]
    kinds[ATTEND] = [w for d in datas for w in d.get("attend", [])]
    places = [w for code in languages(lang) if (e := load(f"events.{code}")) for w in e.get("place_words", [])]
    return _Cues(kinds=KeywordTable(kinds),
                 delegation=KeywordTable({"delegation": [w for d in datas for w in d["delegation"]],
                                          NOT_A_CUE: [w for d in datas for w in d.get("not_delegation", [])]}),
                 past=tuple(fold(w) for d in datas for w in d["past"]),
                 places=KeywordTable({"place": places}),
                 held_in=KeywordTable({"held_in": [w for d in datas for w in d.get("held_in", [])]}),
                 venue=KeywordTable({"venue": [w for d in datas for w in d.get("venue", [])]}))


class _Hits:
    """The matches of one table in one document, found once and then read by range."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = [h for h in hits if h[2] != NOT_A_CUE]
        self.starts = [h[0] for h in self.hits]

    def within(self, start: int, end: int) -> list[Hit]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.hits) and self.hits[i][0] < end:
            if self.hits[i][1] <= end:
                out.append(self.hits[i])
            i += 1
        return out


@dataclass(frozen=True)
class _Doc:
    ctx: Context
    folded: str
    cues: _Cues
    kinds: _Hits
    delegation: _Hits
    places: _Hits
    held_in: _Hits
    venue: _Hits


def _doc(ctx: Context) -> _Doc:
    cues = _cues(ctx.lang)
    folded = folded_text(ctx.text)
    return _Doc(ctx, folded, cues, *(_Hits(table.finditer(ctx.text, folded)) for table in
                                     (cues.kinds, cues.delegation, cues.places, cues.held_in, cues.venue)))


def extract_ties(ctx: Context) -> list[Tie]:
    doc = _doc(ctx)
    main_vn, main_jp = _main(ctx.mentions, "VN"), _main(ctx.mentions, "JP")
    host_vn = _host(doc)
    ties: dict[tuple[str, str], tuple[str, list[Span]]] = {}
    mentions = [m for m in ctx.mentions if not _dateline(ctx.text, m)]
    for sentence in ctx.sentences:
        inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
        vn_side = [m for m in inside if m.country == "VN"]
        jp_side = [m for m in inside if m.country == "JP" and not _venue_only(doc, m)]
        if vn_side and jp_side:
            roll_call = max(len(_names(vn_side)), len(_names(jp_side))) >= ROLL_CALL
            for vn in _actors(doc, sentence, vn_side):
                for jp in jp_side:
                    reach = Span(max(sentence.start, min(vn.start, jp.start) - CUE_REACH),
                                 min(sentence.end, max(vn.end, jp.end) + CUE_REACH))
                    pair = [m for m in inside if m.name in (vn.name, jp.name)]
                    kind = _kind(doc, sentence, reach, pair, roll_call)
                    if kind:
                        _add(ties, vn.name, jp.name, kind, sentence)
            continue
        kind = _kind(doc, sentence, sentence, inside, roll_call=False)
        if kind is None:
            continue
        for vn_name, jp_name, pair_kind in _one_sided(doc, sentence, kind, _names(vn_side), _names(jp_side),
                                                      main_vn, main_jp, host_vn):
            _add(ties, vn_name, jp_name, pair_kind, sentence)
    return [Tie(vn=vn, jp=jp, kind=kind, evidence=tuple(spans)) for (vn, jp), (kind, spans) in ties.items()]


def _one_sided(doc: _Doc, sentence: Span, kind: str, vns: list[str], jps: list[str],
               main_vn: str | None, main_jp: str | None, host_vn: str | None) -> list[tuple[str, str, str]]:
    """Pairs from a sentence that names one side only, when the other side is the delegation
    (the article's main locality of that country) or the host province of the event."""
    if kind not in ("visit", "meeting"):
        return []
    delegation = bool(doc.delegation.within(sentence.start, sentence.end))
    if jps and len(jps) <= MAX_ONE_SIDED:
        if delegation and main_vn:
            return [(main_vn, jp, "visit") for jp in jps]        # our delegation calls on them
        if host_vn and kind == "meeting":
            return [(host_vn, jp, "visit") for jp in jps]        # their official received in our host province
    if vns and len(vns) <= MAX_ONE_SIDED and delegation and main_jp:
        return [(vn, main_jp, "visit") for vn in vns]            # their delegation comes to us
    return []


def _kind(doc: _Doc, sentence: Span, reach: Span, inside: list[Mention], roll_call: bool) -> str | None:
    """The strongest kind the cue words within `reach` support, with the contract's adjustments."""
    found = {kind for _, _, kind in doc.kinds.within(reach.start, reach.end)}
    if ATTEND in found:
        found = (found - {ATTEND}) | (set() if roll_call else {"meeting"})
    if not found:
        return None
    kind = max(found, key=STRENGTH.__getitem__)
    if kind == "agreement" and _past(doc.folded[sentence.start:sentence.end], doc.cues, doc.ctx.published):
        kind = max(found - {"agreement"} | {"existing"}, key=STRENGTH.__getitem__)
    if kind == "meeting" and _held_in_one(doc, sentence, inside):
        kind = "visit"
    return kind


def _past(text: str, cues: _Cues, published: str | None) -> bool:
    """A signing shown in a caption or dated before the article's year is background."""
    if any(marker in text for marker in cues.past):
        return True
    if published and published[:4].isdigit():
        return any(int(y) < int(published[:4]) for y in YEAR.findall(text))
    return False


def _held_in_one(doc: _Doc, sentence: Span, inside: list[Mention]) -> bool:
    """"tại tỉnh Quảng Ninh ... tiếp Thống đốc Gunma": the meeting is in one of `inside`."""
    return any(_venue_of(doc.folded, end, inside) is not None
               for _, end, _ in doc.places.within(sentence.start, sentence.end))


def _venue_of(folded: str, place_end: int, mentions: list[Mention]) -> Mention | None:
    """The mention that a place word ending at `place_end` introduces ("tại [tỉnh] Nghệ An")."""
    after = folded[place_end:place_end + PLACE_REACH]
    for mention in mentions:
        if 0 <= mention.start - place_end <= PLACE_REACH - len(mention.surface) and fold(mention.surface) in after:
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
    actors = [m for m in vn_side if m.name not in venues]
    return actors or vn_side


def _host(doc: _Doc) -> str | None:
    """The Vietnamese locality the article's events take place in ("tại tỉnh Quảng Ninh", "i Quang Ninh")."""
    vn = [m for m in doc.ctx.mentions if m.country == "VN"]
    for _, end, _ in doc.places.hits:
        venue = _venue_of(doc.folded, end, vn)
        if venue is not None:
            return venue.name
    return None


def _dateline(text: str, mention: Mention) -> bool:
    """"HANOI, June 3 (VNA) -", "HÀ NỘI —": the place a report was filed from opens a line and is
    followed by a date, an agency in brackets or a dash; it is not a party to anything."""
    if mention.start and text[mention.start - 1] != "\n":
        return False
    if DATELINE.match(text, mention.end):
        return True
    # "Hà Nội - Fukuoka ..." opening a headline names two partners; only a capitalised place is a dateline
    return mention.surface.isupper() and bool(DATELINE_DASH.match(text, mention.end))


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
    return any(not doc.folded[end:mention.start].strip()
               for _, end, _ in doc.venue.within(max(0, mention.start - VENUE_REACH), mention.start))


def _add(ties: dict[tuple[str, str], tuple[str, list[Span]]], vn: str, jp: str, kind: str, sentence: Span) -> None:
    if (vn, jp) not in ties:
        ties[(vn, jp)] = (kind, [sentence])
        return
    old_kind, spans = ties[(vn, jp)]
    if sentence not in spans:
        spans.append(sentence)
    ties[(vn, jp)] = (max(old_kind, kind, key=STRENGTH.__getitem__), spans)

"""Locality linking: text in, Mention list (exact offsets) out.

Entry point: `link(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]`.

How a mention is found:
1. Every written form of every unit, region and blocker (from the gazetteer) is matched at once
   by an Aho-Corasick automaton over the `fold`ed text (lower case, no diacritics, same offsets),
   so "Quang Ninh", "Quảng Ninh" and "QUẢNG NINH" match alike. Combining marks left by NFD input
   are skipped through an offset map, so NFD and NFC text give the same mentions.
2. Each candidate must stand alone in its script (see `_bounded`): Latin, Cyrillic and Hangul
   forms must not touch letters or digits ("Long Anh", "Narashino"); a Cyrillic name may take a
   case ending, a Hangul name a particle. Kanji/kana have no spaces, so the rule is: a kana name
   must not touch kana of the same kind; a bare kanji name must not touch another ideograph
   (東大阪, 大阪湾) unless that ideograph is one of the connectors listed in data ("在", "県" that
   ends a previous name, "的"...); a kanji form ending with a unit suffix (県 府 都 道 市 省) may be
   followed by anything (群馬県知事) and preceded by anything (日本群马县) - compounds such as
   東大阪 are listed as blockers and win by being leftmost and as long.
3. A Latin or Cyrillic name must be capitalised in the original (each word starting upper case),
   so "hòa bình" (peace) or "long an" in running text is not a province.
4. A name right after an organisation head word (Đại học Cần Thơ) or right before one (Can Tho
   University, 東京大学), or right after a person's title (Chủ tịch Hồ Chí Minh, Mr Chiba), is
   not a mention of the place.
5. Among the candidates left, the longest wins (ties: the leftmost); regions and blockers (Tây
   Nguyên, Kansai, Việt Nam, Thái Bình Dương) take part in this choice, then are dropped, so
   they hide the province names inside them. For one written form shared by several units the
   lowest gazetteer rank wins (bare "Osaka" is the prefecture).
"""
from __future__ import annotations

import json
import re
import unicodedata
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick_rs

from ..gazetteer import Gazetteer, NameForm, load
from ..model import Mention
from ..text import fold

__all__ = ["is_explicit", "link"]

_WINDOW = 48   # characters of context inspected around a candidate for org/person words


@dataclass(frozen=True, slots=True)
class _Rules:
    before: dict[str, bool]          # folded phrase -> must be capitalised (org heads, person titles)
    after_spaced: frozenset[str]     # folded Latin/Cyrillic phrases closing an organisation name
    after_fused: tuple[str, ...]     # CJK/Hangul words closing one (大学, 銀行, 대학)
    longest_phrase: int              # most words in a before/after phrase
    before_last: frozenset[str]      # last words of the `before` phrases: a cheap first test
    after_first: frozenset[str]      # first words of the `after_spaced` phrases
    blockers: tuple[str, ...]
    cjk_before: frozenset[str]
    cjk_after: frozenset[str]
    suffix_chars: frozenset[str]
    particles: tuple[str, ...]
    cyrillic_endings: tuple[str, ...]


def _words(section: dict[str, Any]) -> tuple[str, ...]:
    """All words of a per-language section, longest first (so 'Trường Đại học' is tried first)."""
    words = {unicodedata.normalize("NFC", w) for lang, ws in section.items() if not lang.startswith("_")
             for w in ws}
    return tuple(sorted(words, key=len, reverse=True))


def _phrases(before: tuple[str, ...], after: tuple[str, ...]) -> dict[str, Any]:
    """Fold the context words once; a word listed with a capital must be capitalised in the text
    ("Trường Đại học X" is a school, "thị trường X" a market)."""
    before_map: dict[str, bool] = {}
    for word in before:
        key = " ".join(fold(word).split())
        before_map[key] = before_map.get(key, True) and word[0].isupper()
    fused = tuple(w for w in after if not _spaced_script(w[-1]))
    spaced = frozenset(" ".join(fold(w).split()) for w in after if _spaced_script(w[-1]))
    longest = max(len(p.split()) for p in (*before_map, *spaced))
    return {"before": before_map, "after_spaced": spaced, "after_fused": fused, "longest_phrase": longest,
            "before_last": frozenset(p.split()[-1] for p in before_map if p.split()),
            "after_first": frozenset(p.split()[0] for p in spaced if p.split())}


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = json.loads(resources.files(__name__).joinpath("data", "context.json").read_text("utf-8"))
    cjk = raw["cjk"]
    return _Rules(
        **_phrases(_words(raw["org_before"]) + _words({"all": raw["person_before"]["words"]}),
                   _words(raw["org_after"])),
        blockers=_words(raw["blockers"]),
        cjk_before=frozenset(cjk["allowed_before"]), cjk_after=frozenset(cjk["allowed_after"]),
        suffix_chars=frozenset(cjk["suffix_chars"]),
        particles=tuple(sorted(raw["hangul"]["particles"], key=len, reverse=True)),
        cyrillic_endings=tuple(sorted(raw["cyrillic"]["endings"], key=len, reverse=True)),
    )


# -- scripts ---------------------------------------------------------------------------------------

def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FFFF or ch == "々"


def _is_katakana(ch: str) -> bool:
    cp = ord(ch)
    return (0x30A0 <= cp <= 0x30FF and ch != "・") or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F


def _is_hiragana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x309F


def _is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


def _is_cyrillic(ch: str) -> bool:
    return 0x400 <= ord(ch) < 0x530


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.combining(ch) > 0


# -- the index: automaton + what each pattern stands for -----------------------------------------

@dataclass(frozen=True, slots=True)
class _Pattern:
    text: str            # the form as written (NFC)
    kind: str            # "unit", "region" or "blocker"
    key: str             # unit or region key ("" for a blocker)
    core_start: int
    core_end: int
    # What `_valid` asks of the form's first and last letters, worked out once per form rather
    # than once per candidate (`_script` of each; a kanji form ending with a unit suffix)
    first: str = field(init=False, compare=False)
    last: str = field(init=False, compare=False)
    explicit_han: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", _script(self.text[0]))
        object.__setattr__(self, "last", _script(self.text[-1]))
        object.__setattr__(self, "explicit_han", self.last == _HAN and self.text[-1] in _rules().suffix_chars)


_HAN, _KATAKANA, _HANGUL, _CYRILLIC, _OTHER = "han", "katakana", "hangul", "cyrillic", "other"


def _script(ch: str) -> str:
    """The script class of a letter, as the boundary checks tell them apart (first match wins)."""
    if _is_han(ch):
        return _HAN
    if _is_katakana(ch):
        return _KATAKANA
    if _is_hangul(ch):
        return _HANGUL
    return _CYRILLIC if _is_cyrillic(ch) else _OTHER


class _Index:
    def __init__(self, gazetteer: Gazetteer, rules: _Rules) -> None:
        best: dict[str, NameForm] = {}
        for form in gazetteer.forms:
            folded = fold(form.text)
            if _is_hiragana(form.text[0]):   # hiragana names collide with running text (なら 'if')
                continue
            if folded not in best or form.rank < best[folded].rank:
                best[folded] = form
        patterns = {k: _Pattern(f.text, f.kind, f.key, f.core_start, f.core_end) for k, f in best.items()}
        for word in rules.blockers:
            patterns.setdefault(fold(word), _Pattern(word, "blocker", "", 0, len(word)))
        self.keys = list(patterns)
        self.patterns = [patterns[k] for k in self.keys]
        self.automaton = ahocorasick_rs.AhoCorasick(self.keys)


_INDEXES: "weakref.WeakKeyDictionary[Gazetteer, _Index]" = weakref.WeakKeyDictionary()


def _index(gazetteer: Gazetteer) -> _Index:
    """The automaton of a gazetteer, built once (it depends on nothing but the gazetteer)."""
    found = _INDEXES.get(gazetteer)
    if found is None:
        found = _INDEXES[gazetteer] = _Index(gazetteer, _rules())
    return found


# -- checks ----------------------------------------------------------------------------------------

def _left_ok(text: str, start: int, first: str, explicit_han: bool, rules: _Rules) -> bool:
    """May a form whose first letter is of script `first` (`_script`) start at `start`?"""
    if start == 0:
        return True
    prev = text[start - 1]
    if first is _HAN:
        return explicit_han or not _is_han(prev) or prev in rules.cjk_before
    if first is _KATAKANA:
        return not _is_katakana(prev)
    if first is _HANGUL:
        return not (_is_hangul(prev) or _is_word(prev))
    return not _is_word(prev)


def _right_ok(text: str, end: int, last: str, last_char: str, rules: _Rules) -> bool:
    """May a form whose last letter `last_char` is of script `last` (`_script`) end at `end`?"""
    if end >= len(text):
        return True
    nxt = text[end]
    if last is _HAN:
        return last_char in rules.suffix_chars or not _is_han(nxt) or nxt in rules.cjk_after
    if last is _KATAKANA:
        return not _is_katakana(nxt)
    if last is _HANGUL:
        return not _is_word(nxt) or text.startswith(rules.particles, end)
    if not _is_word(nxt):
        return True
    if last is _CYRILLIC:   # a case ending: Хошимин-е, Куангнинь-ю
        return any(text.startswith(e, end) and (end + len(e) >= len(text) or not _is_word(text[end + len(e)]))
                   for e in rules.cyrillic_endings)
    return False


@lru_cache(maxsize=4096)   # a function of the written name alone, and the same names recur on every page
def _capitalised(core: str) -> bool:
    """Every Latin/Cyrillic word of the name starts with a capital letter (or the name is all caps)."""
    words = "".join(c if c.isalpha() else " " for c in core).split()
    return all(w[0].isupper() for w in words if not _is_han(w[0]) and not _is_hangul(w[0])
               and not _is_katakana(w[0]) and not _is_hiragana(w[0]))


def _spaced_script(ch: str) -> bool:
    """Scripts that separate words with spaces (Latin, Cyrillic, Greek...)."""
    return not (_is_han(ch) or _is_katakana(ch) or _is_hiragana(ch) or _is_hangul(ch))


def _no_possessive(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) else token


def _tokens_before(text: str, n: int) -> list[str]:
    """The last `n` whitespace-separated tokens of `text` (a short window before a name)."""
    return text.split()[-n:]


def _after_org_head(window: str, original: str, rules: _Rules) -> bool:
    """Is the name right after an organisation head word or a person's title?"""
    tokens = _tokens_before(window, rules.longest_phrase)
    if window and not window[-1].isspace() and tokens and _spaced_script(window[-1]) \
            and window[-1].isalnum():
        return False   # the name is glued to a word: no phrase can end just before it
    if not tokens or tokens[-1] not in rules.before_last:
        return False   # every phrase that ends just before the name ends with this word
    original_tokens = _tokens_before(original, rules.longest_phrase)
    for k in range(1, len(tokens) + 1):
        phrase = " ".join(tokens[-k:])
        must_cap = rules.before.get(phrase)
        if must_cap is None:
            continue
        if not must_cap or original_tokens[-k][:1].isupper():
            return True
    return False


def _before_org_tail(window: str, rules: _Rules) -> bool:
    """Does an organisation's closing word follow the name (Can Tho University, 東京大学)?"""
    if rules.after_fused and window.lstrip().startswith(rules.after_fused):   # one C call for the tuple
        return True
    tokens = window.split(maxsplit=rules.longest_phrase)[:rules.longest_phrase]
    if not tokens or _NOT_NAME_CHAR.sub("", _no_possessive(tokens[0])) not in rules.after_first:
        return False   # every closing phrase starts with the word right after the name
    tokens = [_NOT_NAME_CHAR.sub("", _no_possessive(t)) for t in tokens]   # "Okayama University's"
    return any(" ".join(tokens[:k]) in rules.after_spaced for k in range(1, len(tokens) + 1))


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    pattern: _Pattern


def _valid(c: _Candidate, text: str, folded: str, rules: _Rules) -> bool:
    p = c.pattern
    if p.kind != "unit" and (p.first is _HAN or p.first is _KATAKANA):
        return True   # a CJK compound that hides a name (東大阪) blocks wherever it stands
    if not (_left_ok(text, c.start, p.first, p.explicit_han, rules)
            and _right_ok(text, c.end, p.last, p.text[-1], rules)):
        return False
    if p.kind != "unit":
        return True
    core_start, core_end = c.start + p.core_start, c.start + p.core_end
    if not _capitalised(text[core_start:core_end]):
        return False
    lo = max(0, c.start - _WINDOW)
    if _after_org_head(folded[lo:c.start], text[lo:c.start], rules):
        return False
    return not _before_org_tail(folded[c.end:c.end + _WINDOW], rules)


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, the longest first. The chosen ones are kept sorted by start, so
    each new one is checked against its two neighbours only (checking all of them was quadratic
    in a long paragraph full of names)."""
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        i = bisect_left(starts, cand.start)
        if (i == 0 or chosen[i - 1].end <= cand.start) and (i == len(chosen) or chosen[i].start >= cand.end):
            starts.insert(i, cand.start)
            chosen.insert(i, cand)
    return chosen


_NOT_NAME_CHAR = re.compile(r"[^\w.]|_")   # what isalnum() (or ".") refuses

# Combining diacritical marks (and their supplements): present only in NFD text.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]")


def _folded_view(text: str, folded: str | None = None) -> tuple[str, list[int] | None]:
    """The folded text, without combining marks (NFD input), and the map back to `text` offsets."""
    folded = fold(text) if folded is None or len(folded) != len(text) else folded
    if not _COMBINING.search(folded):   # NFC text (the usual case): no map needed
        return folded, None
    keep = [i for i, ch in enumerate(folded) if not unicodedata.combining(ch)]
    return "".join(folded[i] for i in keep), keep


@lru_cache(maxsize=1)
def _area_forms() -> tuple[tuple[str, str], ...]:
    """(before, after) folded wrappers of "province/prefecture of X" in every language."""
    data = json.loads(resources.files("kizuna.gazetteer").joinpath("data", "affixes.json").read_text("utf-8"))
    forms = {tuple(fold(part) for part in form.split("{name}", 1))
             for lang, ps in data["area"].items() if not lang.startswith("_") for form in ps if "{name}" in form}
    return tuple(sorted(forms))


def is_explicit(text: str, mention: Mention, folded: str | None = None) -> bool:
    """Does the text wrap the mention in a province/prefecture word ("Ishikawa Prefecture",
    "tỉnh Chiba", "Gunma-provinsen")? A bare name can also be a person's surname."""
    folded = fold(text) if folded is None else folded
    for before, after in _area_forms():
        if before and folded[max(0, mention.start - len(before)):mention.start] != before:
            continue
        if after and folded[mention.end:mention.end + len(after)] != after:
            continue
        if before or after:
            return True
    return False


# "HANOI, June 3 (VNA) -", "Tokyo (VNA) –", "Hanoi(VNA) –": the place a report was filed from, before
# a date, an agency in brackets or a dash (agency words: data/context.json "datelines").
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\(|,\s*(?:\w+\.?\s+)?\d{1,2}\b)")
_DATELINE_DASH = re.compile(r"[ \t]*[—–-]\s")


def is_dateline(text: str, mention: Mention) -> bool:
    """The place a report was filed from is not a party to anything nor a locality of the article
    (contract): it opens a line (a glued caption or header may stand before it) and is followed by
    a date, an agency in brackets or a dash; or, anywhere, by a news agency's name in brackets."""
    if _agency_after().match(text, mention.end):
        return True
    if mention.start and text[mention.start - 1] != "\n":
        return False
    if _DATELINE_AFTER.match(text, mention.end):
        return True
    # "Hà Nội - Fukuoka ..." opening a headline names two partners; only a capitalised place is a dateline
    return mention.surface.isupper() and bool(_DATELINE_DASH.match(text, mention.end))


# "兵庫県神戸市", "효고현 고베시": a prefecture written right before one of its designated cities;
# "Kobe city, Hyogo prefecture", "Kobe (Hyogo)": right after it, behind a comma or a bracket.
_PREFECTURE_THEN_CITY = re.compile(r"[ の・]?")
_CITY_THEN_PREFECTURE = re.compile(r"(?:\s*(?:city|City|市|시|thành phố))?\s*[,(（、]\s*(?:(?:the|tỉnh|préfecture de)\s+)?")


def situating(text: str, mentions: list[Mention] | tuple[Mention, ...],
              gazetteer: Gazetteer) -> set[tuple[int, int]]:
    """(start, end) of the prefecture mentions that only situate one of their designated cities
    written beside them (contract: a place that only situates another place is not a locality)."""
    found: set[tuple[int, int]] = set()
    for a, b in zip(mentions, mentions[1:]):
        for prefecture, city, gap in ((a, b, _PREFECTURE_THEN_CITY), (b, a, _CITY_THEN_PREFECTURE)):
            unit = gazetteer.get(city.key)
            if unit is None or unit.level != "designated_city" or unit.prefecture != prefecture.name:
                continue
            first, second = (prefecture, city) if gap is _PREFECTURE_THEN_CITY else (city, prefecture)
            between = text[first.end:second.start]
            if gap.fullmatch(between):
                found.add((prefecture.start, prefecture.end))
    starts = [m.start for m in mentions]
    for m in mentions:
        if m.country != "JP" or m.level != "prefecture":
            continue
        city_start = _ordinary_city_before(text, m.start, m.end)
        # the city named there is no unit of the gazetteer ("Kyoto city, Gifu Prefecture" is a list)
        if city_start is not None and not any(city_start <= s < m.start for s in starts):
            found.add((m.start, m.end))
    return found


@lru_cache(maxsize=4096)
def _ordinary_city_before(text: str, start: int, end: int) -> int | None:
    """Where the ordinary city that the prefecture at [start, end) situates begins, if one does
    (the ties stage asks again for each sentence: the answer is kept; a str keeps its hash)."""
    before, after_cjk, city_word = _ordinary_city_context()
    lo = max(0, start - SITUATING_REACH)
    # most prefectures have no city word before them: a plain search of the words first
    city = before.search(text, lo, start) if city_word.search(text, lo, start) else None
    if city is not None:
        return city.start()
    return start if _city_follows(text, end, after_cjk) else None


SITUATING_REACH = 80   # characters before a prefecture that may hold the ordinary city it situates


@lru_cache(maxsize=1)
def _ordinary_city_context() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    """The phrases of data/context.json 'situating_city': an ordinary city named right before a
    prefecture (one pattern, each alternative anchored at the prefecture's name), and the unit
    characters that close a city written straight after a kanji prefecture (栃木県那須塩原市)."""
    raw = json.loads(resources.files(__name__).joinpath("data", "context.json").read_text("utf-8"))
    entry = raw["situating_city"]
    return (re.compile("|".join(f"(?:{p})" for p in entry["before"]), re.IGNORECASE),
            frozenset(entry["after_cjk"]),
            re.compile("|".join(re.escape(w) for w in entry["city_words"]), re.IGNORECASE))


def _city_follows(text: str, end: int, units: frozenset[str]) -> bool:
    """"栃木県那須塩原市": kanji or katakana, then a unit character, right after the prefecture
    (not "県内の市町村": the municipalities in general)."""
    i = end
    while i < len(text) and i - end < 8 and ("\u4e00" <= text[i] <= "\u9fff" or "\u30a0" <= text[i] <= "\u30ff"):
        if text[i] in units and i > end and text[end:i + 1] != "市町村"[:i + 1 - end]:
            return True
        i += 1
    return False


@lru_cache(maxsize=1)
def _agency_after() -> re.Pattern[str]:
    raw = json.loads(resources.files(__name__).joinpath("data", "context.json").read_text("utf-8"))
    names = "|".join(re.escape(n) for n in sorted(raw["datelines"]["agencies"], key=len, reverse=True))
    return re.compile(rf"[ \t]*\((?:{names})\)[ \t]*[—–-]*")


def link(text: str, gazetteer: Gazetteer | None = None, folded: str | None = None) -> list[Mention]:
    """Every locality mention in `text`, sorted by start, non-overlapping, with exact offsets.

    `folded` may pass `fold(text)` when the caller already has it (the pipeline folds once)."""
    if not text:
        return []
    gazetteer = gazetteer or load()
    index, rules = _index(gazetteer), _rules()
    folded, offsets = _folded_view(text, folded)
    # Work on a view of the text aligned with `folded` (identical to `text` unless it was NFD).
    view = text if offsets is None else "".join(text[i] for i in offsets)
    candidates = [_Candidate(start, end, index.patterns[i])
                  for i, start, end in index.automaton.find_matches_as_indexes(folded, overlapping=True)]
    chosen = _longest_first([c for c in candidates if _valid(c, view, folded, rules)])
    return [_mention(text, c, gazetteer, offsets) for c in chosen if c.pattern.kind == "unit"]


def _mention(text: str, c: _Candidate, gazetteer: Gazetteer, offsets: list[int] | None) -> Mention:
    start, end = c.start + c.pattern.core_start, c.start + c.pattern.core_end
    if offsets is not None:   # back to the NFD text; the last letter keeps its combining marks
        start, end = offsets[start], offsets[end - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
    unit = gazetteer.unit(c.pattern.key)
    return Mention(start=start, end=end, surface=text[start:end], key=unit.key, name=unit.name,
                   country=unit.country, code=unit.code, current=unit.current, level=unit.level)

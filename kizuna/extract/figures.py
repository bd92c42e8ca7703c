"""Figures: money, counts and percentages, with the value fully expanded and the unit
from the contract's vocabulary ("82 triệu USD" -> 82000000 USD, "1万6千人" -> 16000 people,
"16 000 personer" -> 16000 people, "42/69 cặp" -> 42 and 69 partnerships, "4,000-5,000 people"
-> 4000 and 5000 people).

A number is a figure only when something counted follows it (a currency, a scale and a
currency, a counted noun of the unit tables, a percent sign) or a currency sign precedes
it: years, dates, ages, anniversaries and ranks have no counted noun, and the words that
announce them ("năm 2025", "lần thứ 4", "50 năm") are refused explicitly. Number style
(which of "." and "," is the decimal mark) is per language, in `data/figures.<lang>.json`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Context, Figure, Span
from ..text import fold, sentence_of
from .phrases import KeywordTable, by_first_character, languages, load, word_starts

ABOUT_WORDS = 7
REFUSAL_REACH = 12    # how far before (or after) a number a year/rank/duration word may stand
MIN_DONG = 1000       # below this a "đồng" after a number is the prefix co- ("đồng chủ trì"), not money
COUNT_UNITS = ("people", "companies", "projects", "localities", "partnerships")
THOUSANDS_GROUP = re.compile(r"\d{1,3}[.,]\d{3}")
_SPACES = "\u0020\u00a0\u202f"
NUMBER = rf"(\d{{1,3}}(?:[{_SPACES}.,]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_CJK_DIGITS = r"\d[\d,，]*(?:\.\d+)?"
_CJK_SCALE = r"[千万萬億亿兆천만억조]"
# Digit groups joined by scale characters ("1万6千", "2億8500万"): a scale must stand between two
# groups, so a long run of digits can be split only one way (no catastrophic backtracking).
# A scale may be two characters that multiply ("6천만", "3千万": 6 x 1000 x 10000).
CJK_NUMBER = rf"({_CJK_DIGITS}(?:\s*{_CJK_SCALE}{{1,2}}\s*{_CJK_DIGITS})*(?:\s*{_CJK_SCALE}{{1,2}})?)"
# The same two numbers as the opening of a pattern: the first digit, then what may not stand
# before it as a look-behind over that digit and the character before (re skips to the next
# digit in C; a pattern opening with look-arounds is tried at every position of the page).
OPENING_NUMBER = rf"(\d(?<![\w.,/]\d)(?:\d{{0,2}}(?:[{_SPACES}.,]\d{{3}})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))"
OPENING_CJK_NUMBER = (rf"(\d(?<![\d.]\d)(?<!\d[,，]\d)[\d,，]*(?:\.\d+)?"
                      rf"(?:\s*{_CJK_SCALE}{{1,2}}\s*{_CJK_DIGITS})*(?:\s*{_CJK_SCALE}{{1,2}})?)")


@dataclass(frozen=True)
class _Style:
    lang: str
    decimal: str
    pattern: re.Pattern[str]
    cjk: bool
    scales: dict[str, float]
    units: dict[str, str]
    spellings: dict[str, set[str]]      # folded unit word -> its lower-case spellings
    partitive_after: re.Pattern[str] | None = None    # "3.400 d'entre eux": counted like the figure before
    partitive_before: re.Pattern[str] | None = None   # "из них 3400", "davon 3.400"
    words: re.Pattern[str] | None = None              # "eight cities", "hai đường bay": a number word
    word_values: dict[str, tuple[int, set[str]]] = field(default_factory=dict)   # folded -> value, spellings
    partner_nouns: frozenset[str] = frozenset()       # "countries": "the two countries" are the partners


def _key(text: str) -> str:
    return " ".join(fold(text).split())


@lru_cache(maxsize=1)
def _common() -> dict:
    return load("figures.common")


@lru_cache(maxsize=32)
def _styles(lang: str) -> tuple[_Style, ...]:
    return tuple(s for s in (_style(code) for code in languages(lang)) if s is not None)


def _style(code: str) -> _Style | None:
    data = load(f"figures.{code}")
    if data is None:
        return None
    units = {_key(k): v for k, v in data["units"].items()}
    scales = {_key(k): v for k, v in data["scales"].items()}
    cjk = data["gap"] == 0
    unit_re = _alternation(units, grouped=not cjk)   # (the CJK pattern ignores case: see _alternation)
    if cjk:
        # "およそ60のブース": Japanese may join a number to what it counts with の; "2,000여 개",
        # "300余人": a mark of approximation may stand between them
        approx = _alternation(data.get("approx_after", []), grouped=False) or "(?!)"
        # (the text is read as written: Latin currency codes "VND" match in any case; a comma
        # before the number ends a clause unless a digit stands before it: "合作,300余人")
        pattern = re.compile(rf"{OPENING_CJK_NUMBER}\s*(?:(?:{approx})\s*)?(?:の\s*)?"
                             rf"({unit_re}|%|％)", re.IGNORECASE)
    else:
        scale_re = _alternation(scales)
        # words between a number and its noun, hyphenated ones too ("18 Japanese-invested projects")
        gap = rf"(?:[^\W\d]+(?:-[^\W\d]+)*\s+){{0,{data['gap']}}}?"
        # The pattern starts at the number (a currency sign before it is looked up separately):
        # an optional group in front would make the engine try every position of the page.
        pattern = re.compile(
            rf"{OPENING_NUMBER}(?:\s*(?:/|[-–~〜](?=\s*\d))\s*{NUMBER})?(?![\d/])\s*"
            rf"(?:({scale_re})(?!\w)\.?\s*)?(?:(%|％|{_alternation(_percent_words(units))})|"
            rf"{gap}({unit_re})(?!\w))?")
    spellings: dict[str, set[str]] = {}
    for word in data["units"]:
        spellings.setdefault(_key(word), set()).add(" ".join(word.lower().split()))
    partitive = _alternation({_key(w) for w in data.get("partitive", [])})
    word_values: dict[str, tuple[int, set[str]]] = {}
    for word, value in data.get("number_words", {}).items():
        word_values.setdefault(_key(word), (value, set()))[1].add(" ".join(word.lower().split()))
    words = None
    if word_values and not cjk:
        # a number word, [a scale,] then at most `gap` words, then a counted noun; money only with
        # a scale ("cuatro mil millones de dólares", never "two dollars")
        words = re.compile(rf"({word_starts(word_values)})\s+(?:({_alternation(scales)})(?!\w)\.?\s*)?"
                           rf"{gap}({unit_re})(?!\w)")
    return _Style(code, data["decimal"], pattern, cjk, scales, units, spellings,
                  re.compile(rf"\s*(?:{partitive})(?!\w)") if partitive else None,
                  re.compile(rf"(?<!\w)(?:{partitive})\s+(?:[^\W\d]+\s+){{0,2}}$") if partitive else None,
                  words, word_values, frozenset(_key(w) for w in data.get("partner_nouns", [])))


def _percent_words(units: dict[str, str]) -> set[str]:
    return {k for k, v in units.items() if v == "%"}


def _alternation(words, grouped: bool = True) -> str:
    """The words as one alternation, longest first, spaces matching any white space. Grouped by
    first character (phrases.by_first_character: the same matches, and an attempt reads a few
    branches instead of every word), unless the pattern ignores case, where two first
    characters may match the same letter and grouping would change which word wins."""
    ordered = sorted(set(words), key=len, reverse=True)
    if not grouped or not all(ordered):
        return "|".join(_spaced(w) for w in ordered)
    return by_first_character([(w[0], _spaced(w[1:])) for w in ordered])


def _spaced(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+")


def extract_figures(ctx: Context) -> list[Figure]:
    folded = ctx.folded   # fold(text), computed once per document (Context)
    found: dict[tuple[float, str], tuple[str, list[Span]]] = {}
    for style in _styles(ctx.lang):
        source = ctx.text if style.cjk else folded
        counted: tuple[str, int] | None = None   # the last count's unit and where it stood
        for m in style.pattern.finditer(source):
            figures = _figures_of(m, style, ctx.text, folded)
            if not figures and counted is not None and m.start() - counted[1] <= PARTITIVE_REACH:
                figures = _partitive(m, style, ctx.text, folded, counted[0])
            for value, unit in figures:
                if unit in COUNT_UNITS:
                    counted = (unit, m.start())
                _keep(found, ctx, value, unit, m.start())
        for m in (style.words.finditer(folded) if style.words is not None else ()):
            if (spelled := _spelled(m, style, ctx.text, folded)) is not None:
                _keep(found, ctx, *spelled, m.start())
    return [Figure(value=_tidy(value), unit=unit, about=about, evidence=tuple(spans))
            for (value, unit), (about, spans) in found.items() if not _the_two_partners(value, unit)]


def _keep(found: dict[tuple[float, str], tuple[str, list[Span]]], ctx: Context, value: float, unit: str,
          start: int) -> None:
    """One figure per (value, unit), with every sentence that gives it."""
    sentence = sentence_of(ctx.sentences, start) or Span(start, start + 1)
    key = (round(value, 6), unit)
    if key not in found:
        found[key] = (_about(ctx.text, start, sentence), [sentence])
    elif sentence not in found[key][1]:
        found[key][1].append(sentence)


YEAR = re.compile(r"(?:19|20)\d\d")
PARTITIVE_REACH = 300   # characters from a count to the "of them" that refers to it


def _partitive(m: re.Match[str], style: _Style, text: str, folded: str, unit: str) -> list[tuple[float, str]]:
    """"5.950 Vietnamiens ... Plus de 3.400 d'entre eux étaient des stagiaires": a number with no
    counted noun of its own, said to be part of the count just before ("of them", "из них"),
    counts what that count counts."""
    if style.cjk or style.partitive_after is None or m.group(2) or m.group(3) or m.group(4) or m.group(5):
        return []
    end = m.end(1)
    after = style.partitive_after.match(folded, end) is not None
    before = style.partitive_before.search(folded[max(0, m.start(1) - 40):m.start(1)]) is not None
    if not (after or before) or YEAR.fullmatch(m.group(1)) or _refused(text, folded, m.start(1), end):
        return []   # "In 2024, of them ...": a year is counted by nothing
    value = _count_or_number(m.group(1), style.decimal, unit, 1.0)
    return [(value, unit)] if value is not None and value == int(value) else []


def _the_two_partners(value: float, unit: str) -> bool:
    """"2 tỉnh", "2 địa phương": the two partners themselves are not a figure (contract)."""
    return value == 2 and unit in ("localities", "partnerships")


def _figures_of(m: re.Match[str], style: _Style, text: str, folded: str) -> list[tuple[float, str]]:
    if style.cjk:
        value = parse_cjk(m.group(1), style.scales)
        unit = "%" if m.group(2) in "%％" else style.units.get(_key(m.group(2)))
        return [(value, unit)] if value is not None and unit else []
    first, second, scale, percent, unit_word = m.groups()
    if _refused(text, folded, m.start(1), m.end(2) if second else m.end(1)):
        return []
    currency = _currency_before(folded, m.start(1))
    unit = "%" if percent else (_unit(style, text, folded, m.start(5), m.end(5)) if unit_word else None)
    if unit is None and currency is None and _after_population_label(folded, m.start(1)):
        unit = "people"   # "Population: 1.4 million (2015)"
    if unit is None and currency is None:
        return []
    if currency and unit not in ("USD", "JPY", "VND", "EUR", "%"):
        unit = currency   # "$200 million in industrial zones": the sign says what is counted
    factor = style.scales.get(_key(scale), 1.0) if scale else 1.0
    values = [_count_or_number(n, style.decimal, unit, factor) for n in (first, second) if n]
    if second and "/" not in _between(m) and not _a_range(values):
        return []   # "Chiều 26-4 các doanh nghiệp": a day and a month, not a count
    return [(v * factor, unit) for v in values if v is not None and _plausible(v, factor, unit, n=first)]


def _spelled(m: re.Match[str], style: _Style, text: str, folded: str) -> tuple[float, str] | None:
    """A number written as a word and what it counts, when the word carries its own diacritics
    ("tám" is eight, "tâm" is not) and the noun is a counted one (people, companies, other)."""
    value, spellings = style.word_values[_key(m.group(1))]
    if " ".join(text[m.start(1):m.end(1)].lower().split()) not in spellings:
        return None
    unit = _unit(style, text, folded, m.start(3), m.end(3))
    if unit is not None and m.group(2) and not _refused(text, folded, m.start(1), m.end(1)):
        return value * style.scales.get(_key(m.group(2)), 1.0), unit   # "five billion yen", "bốn tỷ USD"
    if unit is None or unit not in COUNT_UNITS + ("other",) or _refused(text, folded, m.start(1), m.end(1)):
        return None   # "một trong bốn khu công nghiệp lớn nhất": one of the four largest is a rank
    if value == 2 and _names_the_partners(folded, m.end(1), style.partner_nouns):
        return None   # "the two countries", "hai nước và quan hệ ...": the partners themselves (contract)
    return float(value), unit


def _names_the_partners(folded: str, after: int, partner_nouns: frozenset[str]) -> bool:
    """Does the word after a number word say "the two sides" (a noun of the partners), whatever a
    counted noun further on ("hai bên cùng quan tâm": quan is no district here)?"""
    words = re.findall(r"[^\W\d_]+", folded[after:after + 24])
    return any(words[:len(noun.split())] == noun.split() for noun in partner_nouns)


def _a_range(values: list[float | None]) -> bool:
    """Two numbers joined by a dash count a range ("4,000-5,000 people") when they ascend and are
    no day and month (Vietnamese writes "26-4" and "10-11" for dates)."""
    low, high = values if len(values) == 2 else (None, None)
    if low is None or high is None or high <= low:
        return False
    return not (low <= 31 and high <= 12 and low == int(low) and high == int(high))


def _between(m: re.Match[str]) -> str:
    """What stands between a match's two numbers ("/" of "42/69", "-" of a range)."""
    return m.string[m.end(1):m.start(2)]


def _unit(style: _Style, text: str, folded: str, start: int, end: int) -> str | None:
    """The unit of a counted word, if its diacritics are the word's own: "2 cấp" (two tiers of
    government) folds like "2 cặp" (two pairs) but counts no partnership."""
    key = _key(folded[start:end])
    surface = " ".join(text[start:end].lower().split())
    if surface != key and surface not in style.spellings.get(key, ()):
        return None
    return style.units.get(key)


def _count_or_number(text: str, decimal: str, unit: str, factor: float) -> float | None:
    """A number as written; but people and things come whole, so a count written with the
    other convention's thousands mark ("1,500 người" in a text that uses "," for decimals,
    as machine translations do) is read as thousands rather than as 1.5 people."""
    value = parse_number(text, decimal)
    if (value is not None and unit in COUNT_UNITS and factor == 1.0 and value != int(value)
            and THOUSANDS_GROUP.fullmatch(text)):
        return parse_number(text, "," if decimal == "." else ".")
    return value


LABEL_REACH = 24   # characters between a population label and its number ("Dân số: khoảng 950.000")


def _after_population_label(folded: str, number_start: int) -> bool:
    """The number is the value of a population label: the label, a colon or "of" and at most
    one word ("khoảng", "about") between."""
    window = folded[max(0, number_start - LABEL_REACH):number_start]
    return _population_label_re().search(window) is not None


@lru_cache(maxsize=1)
def _population_label_re() -> re.Pattern[str]:
    labels = _alternation({_key(k) for k in _common()["population_labels"]})
    return re.compile(rf"(?<!\w)(?:{labels})\s*(?:[:：]|\bof\b|\bcua\b)?\s*(?:[^\W\d]+\s+)?$")


def _currency_before(folded: str, number_start: int) -> str | None:
    """"$82 million", "US$ 1.5 billion", "¥1.2 billion": the currency sign written before the number."""
    m = _currency_prefix_re().search(folded, max(0, number_start - 6), number_start)
    return _prefix_currencies().get(_key(m.group(1))) if m else None


@lru_cache(maxsize=1)
def _currency_prefix_re() -> re.Pattern[str]:
    signs = _alternation({_key(k) for k in _common()["prefix_currencies"]})
    return re.compile(rf"(?<![^\W\d])({signs})\s*$")


@lru_cache(maxsize=1)
def _prefix_currencies() -> dict[str, str]:
    return {_key(k): v for k, v in _common()["prefix_currencies"].items()}


@lru_cache(maxsize=1)
def _refusals() -> tuple[KeywordTable, KeywordTable]:
    common = _common()
    # a longer word that ends like a refusal ("dân số", population) wins the leftmost-longest match
    return (KeywordTable({"before": common["not_before"], "allowed": common.get("allowed_before", [])}),
            KeywordTable({"after": common["not_after"]}))


def _refused(text: str, folded: str, start: int, end: int) -> bool:
    """"năm 2025", "lần thứ 4", "50 năm": a year, a rank or a duration is not a figure.
    Diacritics count: "ký 14 hợp đồng" (signed 14 contracts) is no "kỳ 14" (term 14)."""
    before, after = _refusals()
    window_start = max(0, start - REFUSAL_REACH)   # a window: slicing the page up to here cost O(page)
    head_end = window_start + len(folded[window_start:start].rstrip())
    if any(e == head_end and label == "before"
           for _, e, label in before.finditer(text, folded, window_start, head_end)):
        return True
    tail_start = end + len(folded[end:end + REFUSAL_REACH]) - len(folded[end:end + REFUSAL_REACH].lstrip())
    return any(s == tail_start for s, _, _ in after.finditer(text, folded, tail_start, tail_start + REFUSAL_REACH))


def _plausible(value: float, factor: float, unit: str, n: str) -> bool:
    """A bare four-digit number between 1900 and 2100 followed by a generic noun is a year; a
    handful of dong is no sum anyone reports ("2 đồng chủ tịch" are two co-chairs)."""
    is_year = factor == 1.0 and n.isdigit() and len(n) == 4 and 1900 <= value <= 2100
    if is_year and unit not in ("USD", "JPY", "VND", "EUR"):
        return False
    return not (unit == "VND" and value * factor < MIN_DONG)


def parse_number(text: str, decimal: str) -> float | None:
    """'1.000' (vi) -> 1000, '1,2' (vi) -> 1.2, '1,500' (en) -> 1500, '16 000' -> 16000."""
    digits = re.sub(f"[{_SPACES}]", "", text)
    marks = [c for c in digits if c in ".,"]
    if not marks:
        # isdigit() also holds for superscripts ('¹'), which float() refuses (found by bench/fuzz.py)
        return _to_float(digits) if digits.isdigit() else None
    if len(set(marks)) == 2:  # "1.234,5" or "1,234.5": the last mark is the decimal one
        last = marks[-1]
        return _to_float(digits.replace("." if last == "," else ",", "").replace(last, "."))
    mark = marks[0]
    groups = digits.split(mark)
    thousands = len(groups) > 2 or (mark != decimal and all(len(g) == 3 for g in groups[1:]))
    if thousands:
        return _to_float(digits.replace(mark, "")) if all(len(g) == 3 for g in groups[1:]) else None
    return _to_float(digits.replace(mark, ".")) if len(groups) == 2 else None


def parse_cjk(text: str, scales: dict[str, float]) -> float | None:
    """'82億' -> 8.2e9, '1万6千' -> 16000, '1,000' -> 1000, '8200만' -> 8.2e7,
    '12억 6천만' -> 1.26e9 (a two-character scale multiplies: 천만 is 1000 x 10000)."""
    total = 0.0
    tokens = re.findall(r"(\d[\d,，]*(?:\.\d+)?)\s*([千万萬億亿兆천만억조]{0,2})", text)
    if not tokens:
        return None
    for number, scale in tokens:
        value = _to_float(re.sub("[,，]", "", number))
        if value is None:
            return None
        for ch in scale:
            value *= scales.get(ch, 1e4 if ch == "萬" else 1.0)
        total += value
    return total


def _to_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _tidy(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _about(text: str, start: int, sentence: Span) -> str:
    """What is counted: the words from the number on, a few of them, within the sentence."""
    tail = text[start:sentence.end]
    words = re.split(r"(?<=[\w%)])\s+", tail)
    phrase = " ".join(words[:ABOUT_WORDS])
    return re.split(r"[.;:!?。]\s|,\s(?=\w+\s\w+\s)|[、，。]", phrase)[0].strip(" ,.;:!?")

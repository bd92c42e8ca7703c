"""Dates in running text, resolved against the publication date.

`find_dates(text, lang, published)` returns every date phrase with its offsets and its
ISO value: "Sáng 30-3" in a March 2025 article is 2025-03-30; "từ ngày 30-3 đến ngày 4-4"
is a range; "tháng 7 vừa qua" is the last July before publication; without a publication
date the partial forms "--10-07" and "--07" say what is known. Month names, prefixes and
range words are data (`data/dates.json`); matching runs on the folded text so offsets are
those of the original.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files

from ..text import fold

# A date with no year is put in the publication year unless that places it this many
# months after publication ("ngày 28/12" in a January article is last December).
MAX_MONTHS_AHEAD = 2


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str                   # "2025-03-30", "--10-07", "2023-07", "--07"
    end_value: str | None = None  # the last day of a range
    year_guessed: bool = False   # the year came from the publication date, not from the text


@dataclass(frozen=True, slots=True)
class _Parts:
    """A date as written: any part may be missing."""
    day: int | None
    month: int
    year: int | None = None
    last: bool = False           # "vừa qua", "last": the most recent such month before publication


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(files(__package__).joinpath("data/dates.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Folded month name (any language) -> month number."""
    out: dict[str, int] = {}
    for names in _data()["months"].values():
        for number, name in enumerate(names, start=1):
            out[fold(name)] = number
    return out


def _alt(words) -> str:
    return "|".join(sorted((re.escape(fold(w)) for w in words), key=len, reverse=True))


# Which pattern families a language writes; an unknown language gets all of them. Fewer
# patterns (and only the language's own month names) keep the scan well under a millisecond.
_FAMILIES = {"vi": {"numeric", "vi", "relative"}, "ja": {"numeric", "cjk", "relative"},
             "zh": {"numeric", "cjk", "relative"}, "ko": {"numeric", "cjk", "relative"}}
_ALL_FAMILIES = {"numeric", "vi", "cjk", "names", "relative"}


def _group(lang: str) -> str:
    return lang if lang in _data()["months"] or lang in _FAMILIES else "und"


@lru_cache(maxsize=32)
def _patterns(group: str = "und") -> list[tuple[str, re.Pattern[str]]]:
    families = _FAMILIES.get(group, {"numeric", "names", "relative"} if group != "und" else _ALL_FAMILIES)
    return [(kind, pattern) for family, kind, pattern in _all_patterns(group) if family in families]


def _month_names(group: str) -> dict[str, int]:
    """Folded month names of the language (all languages when it is unknown)."""
    out: dict[str, int] = {}
    for key, names in _data()["months"].items():
        if group == "und" or key.split("_")[0] == group:
            out.update((fold(name), number) for number, name in enumerate(names, start=1))
    return out


def _all_patterns(group: str) -> list[tuple[str, str, re.Pattern[str]]]:
    d = _data()
    months = _alt(_month_names(group) or month_numbers())
    rng = _alt(d["range_words"])
    vi = d["vi"]
    prefix = _alt(vi["day_prefix"])
    last_vi = _alt(vi["last_words"])
    last_any = _alt({w for ws in d["last_words"].values() for w in ws})
    eras = _alt(d["eras"])
    cjk_range = _alt(d["cjk"]["range"])
    ordinal = r"(?:\.|er|st|nd|rd|th)?"
    day_w, month_w, year_w = (re.escape(fold(vi[k])) for k in ("day_word", "month_word", "year_word"))
    month_prep = _alt({w for ws in d["month_prepositions"].values() for w in ws})
    # The numeric patterns start with a digit (their "not after a digit" check looks back over
    # it) so that the regex engine can skip straight to digits.
    d1, d2, d4 = r"(\d{1,2})", r"(\d{2})", r"(\d{4})"
    cjk_month_day = rf"{d1}\s*[月월]\s*{d1}"
    cjk_year = rf"(?:(?:({eras})\s*(\d{{1,2}}|元)|{d4})\s*[年년]\s*)?"
    cjk_tail = rf"\s*([日일])?(?:\s*(?:{cjk_range})\s*(?:{d1}\s*[月월]\s*)?{d1}\s*[日일])?"
    vi_start = rf"(?:\b(?:{prefix})\s+(?:{day_w}\s+)?)"
    vi_year = rf"(?:\s*/\s*{d4}|\s+{year_w}\s+{d4})?"
    vi_to = _alt(vi.get("range_to", ["đến", "tới"]))
    day_ord = rf"{d1}{ordinal}"
    weekdays = _alt(_weekday_numbers(group))
    article = _alt(d.get("day_articles", ["den", "le", "el", "am", "dem", "o"]))
    year_after = rf"(?:,?\s+(?:de\s+)?{d4})?"
    return [
        # Japanese, Chinese and Korean share one shape: [year 年/년] month 月/월 day 日/일 [range];
        # the first day marker may be left out before a range ("11月24～25日", "11월 24~25일").
        ("cjk", "cjk", re.compile(cjk_year + cjk_month_day + cjk_tail)),
        # "21～26日の6日間" (days of the month of publication, or of the month before, as below): the
        # first day decides the month, so a stay under way when the article appears stays in it
        ("cjk", "cjk_day_range", re.compile(rf"(?<![\d月월])(\d{{1,2}})\s*[日일]?\s*(?:{cjk_range})\s*(\d{{1,2}})\s*[日일]"
                                            r"(?![本間曜時본간시])")),
        # "2日には" (Japanese news: the 2nd of the month of publication, or of the month before)
        ("cjk", "cjk_day", re.compile(r"(?<![\d月월])(\d{1,2})\s*[日일](?![本間曜時본간시])")),
        ("numeric", "iso", re.compile(rf"(\d(?<![\d/]\d)\d{{3}})-{d2}-{d2}(?![\d/])")),
        ("numeric", "dmy", re.compile(rf"(\d(?<![\d/.-]\d)\d?)\s*[/.-]\s*{d1}\s*[/.-]\s*{d4}(?![\d/])")),
        # "ngày 25 đến ngày 27 tháng 10 (năm 2019)": two days of one month written in words
        ("vi", "vi_words_range", re.compile(rf"\b{day_w}\s+{d1}\s+(?:{vi_to})\s+(?:{day_w}\s+)?{d1}\s+{month_w}\s+"
                                            rf"{d1}(?:\s+{year_w}\s+{d4})?")),
        ("vi", "vi_words", re.compile(rf"\b{day_w}\s+{d1}\s+{month_w}\s+{d1}(?:\s+{year_w}\s+{d4})?")),
        # "24-25/11", "từ ngày 3 đến 6-3": two days of one month
        ("vi", "vi_range", re.compile(rf"{vi_start}{d1}(?:\s*[-–]\s*|\s+(?:{vi_to})\s+(?:{day_w}\s+)?){d1}"
                                      rf"\s*[-/.]\s*{d1}(?:\s*/\s*{d4})?(?![\d/])")),
        ("vi", "vi_dm", re.compile(rf"(?:{vi_start}|\(\s*){d1}\s*[-/.]\s*{d1}(?:\s*[-/.]\s*{d4})?"
                                   rf"(?![\d/.,]?\d)")),
        ("vi", "vi_month", re.compile(rf"\b{month_w}\s+{d1}{vi_year}(?!\s*/?\d)(\s+(?:{last_vi})\b)?")),
        # "24-25 November", "från den 16 till den 21 november", "du 3 au 5 mars"
        ("names", "day_month", re.compile(rf"(?<![\d.,]){day_ord}(?:\s*(?:{rng})\s*(?:(?:{article})\s+)?{day_ord})?\s+"
                                          rf"(?:de\s+)?({months})\b(?:\.(?=\s*\d))?{year_after}")),
        ("names", "month_day", re.compile(rf"\b({months})\.?\s+{d1}(?:st|nd|rd|th)?(?:\s*(?:{rng})\s*{d1})?"
                                          rf"(?:,?\s+{d4})?(?![\d:])")),
        ("names", "month_only", re.compile(rf"(?<!\w)(?:(?:{month_prep})\s+)({months})\b"
                                           rf"(?:\s+(?:de\s+)?{d4})?|\b(?:{last_any})\s+({months})\b")),
        # "on Monday" in news of Tuesday 15 October: the latest Monday on or before publication
        ("names", "weekday", re.compile(rf"(?<!\w)(?:{_alt(d['weekday_prepositions'])})\s+({weekdays})(?!\w)")),
        # "hôm qua", "yesterday", "昨日": counted from the publication day
        # (particles follow Japanese, Chinese and Korean words without a space: no word boundary there)
        ("relative", "relative", re.compile(rf"({_alt(_relative_days(group))})" if group in ("ja", "zh", "ko")
                                            else rf"(?<!\w)({_alt(_relative_days(group))})(?!\w)")),
    ]


_WITHOUT_DIGITS = {"month_only", "weekday", "relative"}


def _language_tables(key: str, group: str) -> list:
    """The per-language tables under `key` in data/dates.json for the group (all when unknown)."""
    return [table for lang, table in _data()[key].items()
            if not lang.startswith("_") and (group == "und" or lang == group)]


@lru_cache(maxsize=16)
def _relative_days(group: str) -> dict[str, int]:
    """Folded word -> days from publication, for the language group (all when unknown)."""
    out = {fold(word): offset for table in _language_tables("relative_days", group)
           for word, offset in table.items()}
    return out or {"\uffff": 0}   # a word that never occurs keeps the pattern valid


def _relative_date(word: str, published: str | None) -> str | None:
    offset = _relative_days("und").get(word)
    if offset is None or not published or len(published) < 7:
        return None
    if len(published) < 10:
        # "yesterday" in news of June 2023 (the page shows the month only): June 2023 is what is known
        return published[:7]
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=offset)).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _weekday_numbers(group: str) -> dict[str, int]:
    """Folded weekday name -> 0 (Monday) .. 6, for the language group (all when unknown)."""
    out = {fold(name): number for names in _language_tables("weekdays", group)
           for number, name in enumerate(names)}
    return out or {"\uffff": 0}   # a name that never occurs keeps the pattern valid


def _weekday_date(name: str, published: str | None) -> str | None:
    """The latest such weekday on or before a full publication date; None without one."""
    if not published or len(published) != 10:
        return None
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return None
    number = _weekday_numbers("und").get(name)
    if number is None:
        return None
    return (day - timedelta(days=(day.weekday() - number) % 7)).isoformat()


def find_dates(text: str, lang: str = "und", published: str | None = None,
               start: int = 0, end: int | None = None, *, folded: str | None = None) -> list[DateMention]:
    """Every date phrase in text[start:end], resolved, in text order, without overlaps.
    `folded` may pass `fold(text)` when the caller already has it."""
    folded = fold(text) if folded is None or len(folded) != len(text) else folded
    stop = len(text) if end is None else end
    windows = _digit_windows(folded, start, stop)
    found: list[DateMention] = []
    for kind, pattern in _patterns(_group(lang)):
        # every form but a bare month name has digits: search only around them (a tenth of a page)
        for lo, hi in ([(start, stop)] if kind in _WITHOUT_DIGITS else windows):
            for m in pattern.finditer(folded, lo, hi):
                mention = _mention(kind, m, published)
                if mention is not None:
                    found.append(mention)
    return _merge_ranges(folded, _without_overlaps(found), published)


_DIGITS = re.compile(r"\d+")
DIGIT_REACH = 30   # a date phrase's words reach this far from its digits ("từ ngày ", " de noviembre de ")


def _digit_windows(folded: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Merged spans around every run of digits: the only places a numeric date can be."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(folded, start, stop):
        lo, hi = max(start, m.start() - DIGIT_REACH), min(stop, m.end() + DIGIT_REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _mention(kind: str, m: re.Match[str], published: str | None) -> DateMention | None:
    g = m.groups()
    months = month_numbers()
    first: _Parts | None
    last: _Parts | None = None
    if kind == "cjk":
        era, era_year, year, month, day, day_mark, month2, day2 = g
        if not day_mark and not day2:
            return None  # "11月25" without 日 and without a range is not a date
        y = _era_year(era, era_year) if era else (int(year) if year else None)
        first = _Parts(int(day), int(month), y)
        if day2:
            last = _Parts(int(day2), int(month2 or month), y)
    elif kind == "cjk_day":
        parts = _day_of_publication_month(int(g[0]), published)
        if parts is None:
            return None
        first = parts
    elif kind == "cjk_day_range":
        parts = _day_of_publication_month(int(g[0]), published)
        if parts is None or int(g[1]) <= int(g[0]):
            return None
        first, last = parts, _Parts(int(g[1]), parts.month, parts.year)
    elif kind == "iso":
        first = _Parts(int(g[2]), int(g[1]), int(g[0]))
    elif kind in ("dmy", "vi_words", "vi_dm"):
        first = _Parts(int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
    elif kind == "vi_words_range":
        year = int(g[3]) if g[3] else None
        first, last = _Parts(int(g[0]), int(g[2]), year), _Parts(int(g[1]), int(g[2]), year)
    elif kind == "vi_range":
        year = int(g[3]) if g[3] else None
        first, last = _Parts(int(g[0]), int(g[2]), year), _Parts(int(g[1]), int(g[2]), year)
    elif kind == "vi_month":
        year = g[1] or g[2]
        first = _Parts(None, int(g[0]), int(year) if year else None, last=bool(g[3]))
    elif kind == "day_month":
        year = int(g[3]) if g[3] else None
        first = _Parts(int(g[0]), months[g[2]], year)
        if g[1]:
            last = _Parts(int(g[1]), months[g[2]], year)
    elif kind == "month_day":
        year = int(g[3]) if g[3] else None
        first = _Parts(int(g[1]), months[g[0]], year)
        if g[2]:
            last = _Parts(int(g[2]), months[g[0]], year)
    elif kind == "weekday":
        value = _weekday_date(g[0], published)
        return DateMention(m.start(1), m.end(), value) if value else None
    elif kind == "relative":
        value = _relative_date(g[0], published)
        return DateMention(m.start(1), m.end(), value) if value else None
    else:  # month_only
        name = g[0] or g[2]
        first = _Parts(None, months[name], int(g[1]) if g[1] else None, last=g[2] is not None)
    value = resolve(first, published)
    if value is None:
        return None
    end_value = resolve(last, published, after=first) if last else None
    if last and end_value is None:
        return None
    start = m.start(m.lastindex and 1 or 0) if kind in ("vi_range", "vi_dm") else m.start()
    guessed = first.year is None and not value.startswith("-")
    return DateMention(start, m.end(), value, end_value if end_value != value else None, guessed)


def _day_of_publication_month(day: int, published: str | None) -> _Parts | None:
    """A bare day number: in the month of publication, or the month before when the day is
    still ahead of the publication day. Unknowable without a publication month."""
    year, month, pub_day = _published_parts(published)
    if year is None or month is None:
        return None
    if pub_day is not None and day > pub_day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return _Parts(day, month, year)


_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _published_parts(published: str | None) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of "YYYY-MM-DD", "YYYY-MM" or "YYYY" (None for what is missing)."""
    m = _PUBLISHED.match(published or "")
    if m is None:
        return None, None, None
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        return year, None, None
    return year, month, day


_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@lru_cache(maxsize=1)
def _era_year_pattern() -> re.Pattern[str]:
    return re.compile(rf"({_alt(_data()['eras'])})\s*(\d{{1,2}}|{re.escape(_data()['cjk']['first_year'])})\s*年")


def years_written(text: str) -> list[int]:
    """The years a text names: "2023", and Japanese era years ("令和5年" is 2023) even without a
    month (a year alone is no date, but it still says when something was)."""
    found = [int(m.group()) for m in _FOUR_DIGIT_YEAR.finditer(text)]
    found += [_era_year(m.group(1), m.group(2)) for m in _era_year_pattern().finditer(text)]
    return found


def _era_year(era: str, number: str) -> int:
    base = _data()["eras"][era]
    return base + (1 if number == _data()["cjk"]["first_year"] else int(number))


def resolve(parts: _Parts, published: str | None, after: _Parts | None = None) -> str | None:
    """ISO form of `parts`, borrowing the year from `published` (or from the range start)."""
    if not 1 <= parts.month <= 12 or (parts.day is not None and not 1 <= parts.day <= 31):
        return None
    year = parts.year
    if year is None and after is not None and after.year is not None:
        year = after.year + ((parts.month, parts.day or 0) < (after.month, after.day or 0))
    pub_year, pub_month, _ = _published_parts(published)
    if year is None and pub_year is not None:
        pub_month = pub_month or 12
        if after is not None:
            start_year = _year_for(after, pub_year, pub_month)
            year = start_year + ((parts.month, parts.day or 0) < (after.month, after.day or 0))
        else:
            year = _year_for(parts, pub_year, pub_month)
    if parts.day is None:
        return f"{year:04d}-{parts.month:02d}" if year else f"--{parts.month:02d}"
    if year is None:
        return f"--{parts.month:02d}-{parts.day:02d}"
    try:
        return date(year, parts.month, parts.day).isoformat()
    except ValueError:
        return None


def _year_for(parts: _Parts, pub_year: int, pub_month: int) -> int:
    if parts.last:
        return pub_year if parts.month <= pub_month else pub_year - 1
    return pub_year - 1 if parts.month - pub_month > MAX_MONTHS_AHEAD else pub_year


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    """Keep the longest of overlapping matches (a range over the single date inside it)."""
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _merge_ranges(folded: str, found: list[DateMention], published: str | None) -> list[DateMention]:
    """"từ ngày 30-3 đến ngày 4-4": two dates joined by a range word are one range."""
    out: list[DateMention] = []
    for mention in found:
        if out and out[-1].end_value is None and mention.end_value is None \
                and mention.value[:2].count("-") == out[-1].value[:2].count("-") \
                and _joined(folded[out[-1].end:mention.start]) and mention.value > out[-1].value:
            prev = out.pop()
            out.append(DateMention(prev.start, mention.end, prev.value, mention.value))
            continue
        out.append(mention)
    return out


@lru_cache(maxsize=1)
def _connector() -> re.Pattern[str]:
    """What may stand between the two ends of a range: a range word, then "ngày" again."""
    d = _data()
    day_w = re.escape(fold(d["vi"]["day_word"]))
    return re.compile(rf"\s*(?:{_alt(d['range_words'])})?\s*(?:{day_w}\s+)?")


def _joined(between: str) -> bool:
    return len(between) <= 12 and _connector().fullmatch(between) is not None

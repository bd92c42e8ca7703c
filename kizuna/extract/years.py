"""The year of a date written without one, in an article whose publication date is unknown.

The contract: "When `published` is unknown, the year comes from the text where it can be known: a
year in the sentence or in the event's name, "the Nth anniversary of diplomatic relations"
(1973 + N), ..., a year range, or an earlier dated event of the same story." Tried in this order
(`infer`), each a named strategy:

1. `sentence`: the latest year written in the date's own sentence ("Lễ hội năm 2025 diễn ra ngày
   4/7", "Festival 2023 ... 17 November");
2. `anniversary`: the Nth anniversary of Vietnam–Japan diplomatic relations (established in 1973),
   written anywhere in the article ("50 năm quan hệ ngoại giao", "外交関係樹立50周年", "수교 50주년");
   per-language patterns in `data/events.<lang>.json` (`relations_anniversary`);
3. `dated`: the year of the latest date written with its year in the article (the story's earlier
   dated event: "cuối tháng 4/2025 ... ngày 21/10");
4. `written`: the latest year of a date written with its month anywhere in the article ("pada bulan
   Mei 2024", an earlier event of the story that no trigger sits beside);
5. `named`: the latest year written in an event's name, beside its trigger word ("the Saitama Vietnam
   Festival 2025", "the 2024 Hue Week");
6. `ranged`: the end of the latest year range ("(1973-2023)").

Dates and years in sentences that speak of plans ("will send a mission to Hue in May 2026") are left out.

A bare year elsewhere ("since 2014", "2026年初春に", "starting from 2018") is not used: it is the
start of something else or a plan, not the story's year.

Only years from 1990 to 2039 count; a year range counts by its last year.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from ..model import Span
from .dates import DateMention, find_dates
from .phrases import languages, load

YEAR = re.compile(r"(?<!\d)(199\d|20[0-3]\d)(?!\d)")
YEAR_RANGE = re.compile(r"(?<!\d)(?:19|20)\d\d\s?[-–—~〜]\s?(199\d|20[0-3]\d)(?!\d)")
WRITTEN_REACH = 40   # a year's date phrase ("ngày 25 tháng 11 năm 2025") lies within this many characters
RELATIONS_FOUNDED = 1973   # Vietnam and Japan established diplomatic relations on 21 September 1973


@lru_cache(maxsize=32)
def _anniversary_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    datas = [d for d in (load(f"events.{code}") for code in languages(lang)) if d]
    return tuple(re.compile(p, re.IGNORECASE) for d in datas for p in d.get("relations_anniversary", ()))


@dataclass(frozen=True)
class YearContext:
    """What one article says about years, read once; the costlier strategies only when an earlier
    one gives no year (most dates find theirs in their own sentence)."""
    years: tuple[tuple[int, int], ...]       # (offset, year) of every year written, in text order
    anniversary: int | None                  # 1973 + N, from "the Nth anniversary of relations"
    ranged: int | None                       # the end of the latest year range
    _dated: Callable[[], int | None]         # the year of the latest date written with its year
    _written: Callable[[], int | None]       # ... of a date with its month anywhere in the article
    _named: Callable[[], int | None]         # the latest year in an event's name ("Festival 2023")

    @cached_property
    def dated(self) -> int | None:
        return self._dated()

    @cached_property
    def written(self) -> int | None:
        return self._written()

    @cached_property
    def named(self) -> int | None:
        return self._named()

    def infer(self, at: int, sentence: Span | None) -> int | None:
        if sentence is not None:
            inside = [y for offset, y in self.years if sentence.start <= offset < sentence.end]
            if inside:
                return max(inside)
        return self.anniversary or self.dated or self.written or self.named or self.ranged


def year_context(text: str, lang: str, dates: Sequence[DateMention],
                 planned: Callable[[int], bool] = lambda offset: False,
                 named: Callable[[], Sequence[int]] = lambda: (), folded: str | None = None,
                 starts: Callable[[re.Match[str]], bool] = lambda year: False) -> YearContext:
    """What the article says about years; `planned(offset)` tells a date of a plan ("will send a
    mission to Hue in May 2026"), whose year is not the story's; `named()` gives the years written
    in events' names; `starts(match)` tells a year that starts a period ("2023年から現在まで",
    "since 2014"), which is not the story's either, even in the date's own sentence."""
    years = tuple((m.start(), int(m.group())) for m in YEAR.finditer(text) if not starts(m))
    anniversary = None
    for pattern in _anniversary_patterns(lang):
        m = pattern.search(text)
        if m is not None and 1 <= int(m.group(1)) <= 80:
            anniversary = RELATIONS_FOUNDED + int(m.group(1))
            break

    def dated() -> int | None:
        full = [int(d.value[:4]) for d in dates if d.value[:4].isdigit() and not d.year_guessed
                and not planned(d.start)]
        return max(full, default=None)

    ranges = [int(m.group(1)) for m in YEAR_RANGE.finditer(text)]
    return YearContext(years=years, anniversary=anniversary, ranged=max(ranges, default=None), _dated=dated,
                       _written=lambda: _written_year(text, lang, [y for y in years if not planned(y[0])], folded),
                       _named=lambda: max((y for y in named() if 1990 <= y <= 2039), default=None))


def _written_year(text: str, lang: str, years: Sequence[tuple[int, int]], folded: str | None = None) -> int | None:
    """The latest year that a date phrase with a month carries ("April 2025", "tháng 4/2025")."""
    found = []
    for offset, year in years:
        lo, hi = max(0, offset - WRITTEN_REACH), min(len(text), offset + 4 + WRITTEN_REACH)
        if any(d.start <= offset < d.end and len(d.value) >= 7 and d.value[:4] == str(year)
               for d in find_dates(text, lang, None, lo, hi, folded=folded)):
            found.append(year)
    return max(found, default=None)


def with_years(dates: list[DateMention], context: YearContext, sentences: Sequence[Span]) -> list[DateMention]:
    """Each date written without a year ("--11-25", "--07") given the year the article implies."""
    starts = [s.start for s in sentences]
    out = []
    for d in dates:
        if not d.value.startswith("--"):
            out.append(d)
            continue
        i = bisect_right(starts, d.start) - 1
        year = context.infer(d.start, sentences[i] if i >= 0 else None)
        if year is None:
            out.append(d)
            continue
        end = f"{year}{d.end_value[1:]}" if d.end_value and d.end_value.startswith("--") else d.end_value
        out.append(replace(d, value=f"{year}{d.value[1:]}", end_value=end))
    return out

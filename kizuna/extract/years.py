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
4. `latest`: the latest year the article writes at all (a year range "(1973-2023)", an event's name
   in the headline).

Only years from 1990 to 2039 count; a year range counts by its last year.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Span
from .dates import DateMention
from .phrases import languages, load

YEAR = re.compile(r"(?<!\d)(199\d|20[0-3]\d)(?!\d)")
RELATIONS_FOUNDED = 1973   # Vietnam and Japan established diplomatic relations on 21 September 1973


@lru_cache(maxsize=32)
def _anniversary_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    datas = [d for d in (load(f"events.{code}") for code in languages(lang)) if d]
    return tuple(re.compile(p, re.IGNORECASE) for d in datas for p in d.get("relations_anniversary", ()))


@dataclass(frozen=True)
class YearContext:
    """What one article says about years, read once."""
    years: tuple[tuple[int, int], ...]       # (offset, year) of every year written, in text order
    anniversary: int | None                  # 1973 + N, from "the Nth anniversary of relations"
    dated: int | None                        # the year of the latest date written with its year
    latest: int | None

    def infer(self, at: int, sentence: Span | None) -> int | None:
        if sentence is not None:
            inside = [y for offset, y in self.years if sentence.start <= offset < sentence.end]
            if inside:
                return max(inside)
        return self.anniversary or self.dated or self.latest


def year_context(text: str, lang: str, dates: Sequence[DateMention]) -> YearContext:
    years = tuple((m.start(), int(m.group())) for m in YEAR.finditer(text))
    anniversary = None
    for pattern in _anniversary_patterns(lang):
        m = pattern.search(text)
        if m is not None and 1 <= int(m.group(1)) <= 80:
            anniversary = RELATIONS_FOUNDED + int(m.group(1))
            break
    full = [int(d.value[:4]) for d in dates if d.value[:4].isdigit() and not d.year_guessed]
    return YearContext(years=years, anniversary=anniversary, dated=max(full) if full else None,
                       latest=max((y for _, y in years), default=None))


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

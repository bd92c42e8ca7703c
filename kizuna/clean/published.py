"""Publication dates of pages: header fields ("date 2025-03") and datelines near the top
("Thứ Ba, 25/11/2025 15:50", "VietnamPlus25/11/2025", "2025年11月25日", "November 25, 2025").

Only dates with a year count: "Ngày 7/10" in the body says when something happened, not
when the page was published, and a page that says nothing gets None.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib.resources import files

from ..text import fold


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(files(__package__).joinpath("data/dates.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    return re.compile(_data()["header"], re.IGNORECASE)


@lru_cache(maxsize=1)
def _numeric() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rule["pattern"]), rule["order"]) for rule in _data()["numeric"]]


@lru_cache(maxsize=1)
def _named() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    """'25 november 2025' / 'November 25, 2025' with the month names of every language (folded)."""
    months: dict[str, int] = {}
    for names in _data()["months"].values():
        for number, name in enumerate(names, start=1):
            months[fold(name)] = number
    alternatives = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    day_first = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?({alternatives})\.?,?\s+"
                           rf"(?:de\s+)?(\d{{4}})(?!\d)")
    month_first = re.compile(rf"\b({alternatives})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")
    return day_first, month_first, months


def strip_header(page: str) -> tuple[str, str | None]:
    """Remove a leading header field ("date 2025-03 ") and return (rest, its date)."""
    m = _header().match(page)
    if not m:
        return page, None
    token = m.group(1)
    value = _valid(*token.split("-")) if "-" in token else find_full_date(token)
    return page[m.end():], value


def header_field(line: str) -> str | None:
    """The date of a line that is only a header field ("date 2025-03", "Published: 25/11/2025")."""
    rest, value = strip_header(line)
    return value if not rest.strip() else None


def find_published(lines: Iterable[str]) -> str | None:
    """The first full date (with a year) found in `lines`, as "YYYY-MM-DD"."""
    for line in lines:
        found = find_full_date(line)
        if found:
            return found
    return None


_TIME = re.compile(r"(?<!\d)\d{1,2}[:hH]\d{2}(?!\d)")
TIMESTAMP_REACH = 60  # a timestamp opening the lead ("25/11/2025 15:50 GMT+7 ...") sits this close to its start


def find_timestamp(line: str) -> str | None:
    """A date with a clock time at the very start of a line: the page's own stamp glued to the
    lead by the scraper, never a date the article talks about (those carry no clock time)."""
    time = _TIME.search(line, 0, TIMESTAMP_REACH)
    if time is None:
        return None
    return find_full_date(line[:time.end()])


@lru_cache(maxsize=1)
def _era() -> tuple[re.Pattern[str], dict[str, int]]:
    eras = {k: v for k, v in _data()["eras"].items() if not k.startswith("_")}
    names = "|".join(map(re.escape, eras))
    return re.compile(rf"({names})\s*(\d{{1,2}}|元)\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日"), eras


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _digits_needed() -> bool:
    """Does every rule need a digit? The era and named-month rules do (day and year in figures);
    the numeric rules of data/dates.json are checked, so a rule added there without one still runs."""
    return all(r"\d" in rule["pattern"] for rule in _data()["numeric"])


def find_full_date(line: str) -> str | None:
    if _digits_needed() and not _DIGIT.search(line):
        return None   # most lines of a page: no rule can match them (one C scan instead of eight)
    era_re, eras = _era()
    m = era_re.search(line)   # Japanese official pages: 令和6年4月8日 is 2024-04-08
    if m:
        year = eras[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
        return _valid(str(year), m.group(3), m.group(4))
    for pattern, order in _numeric():
        m = pattern.search(line)
        if m:
            a, b, c = m.groups()
            # day-month-year, or month-day-year (US pages) when the first number is over 12
            value = (_valid(c, b, a) or _valid(c, a, b)) if order == "dmy" else _valid(a, b, c)
            if value:
                return value
    folded = fold(line)
    day_first, month_first, months = _named()
    m = day_first.search(folded)
    if m:
        return _valid(m.group(3), str(months[m.group(2)]), m.group(1))
    m = month_first.search(folded)
    if m:
        return _valid(m.group(3), str(months[m.group(1)]), m.group(2))
    return None


def _valid(year: str, month: str, day: str | None = None) -> str | None:
    try:
        if day is None:
            if 1 <= int(month) <= 12 and 1900 < int(year) < 2100:
                return f"{int(year):04d}-{int(month):02d}"
            return None
        return date(int(year), int(month), int(day)).isoformat() if 1900 < int(year) < 2100 else None
    except ValueError:
        return None

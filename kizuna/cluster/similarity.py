"""How strongly two documents' headline events look like one happening.

A sum of evidence for and against, weighted in data/clustering.json: the date (a hard limit
beyond the tolerance), the type, the place, the localities and pairs involved, the people
(by name in any order and spelling, or by role and locality across scripts), shared figures,
and text overlap when both documents are in one language. One conflict weighs heavily: each
report names someone in its headline sentence whom the other never mentions: the Prime
Minister received the governor in one, the Foreign Minister in the other. Those are two
receptions on one day, not one.
"""
from __future__ import annotations

from . import minhash
from .dates import days, full
from .features import DocFeatures, Happening, PersonKey, holds, level, same_place, settings


def score(a: DocFeatures, b: DocFeatures) -> float | None:
    """The evidence that `a` and `b` report one event; None when they cannot (dates too far apart)."""
    weights = settings()["weights"]
    dates = _date_score(a, b, weights)
    if dates is None:
        return None   # too far apart in time
    typed = "other" not in (a.headline.type, b.headline.type)   # an unrecognised kind has no level
    if typed and a.dated and b.dated and abs(level(a.headline.type) - level(b.headline.type)) >= 2 \
            and not compatible(a.headline.type, b.headline.type):
        return None   # a reception against a forum: never one event
    if dates == weights["near_date"] and a.headline.type != b.headline.type:
        return None   # a visit on the 3rd and a signing on the 4th: two days of one programme
    kinds_differ = level(a.headline.type) != level(b.headline.type) or (
        a.headline.type != b.headline.type and not compatible(a.headline.type, b.headline.type))
    if kinds_differ and _nested(a.headline, b.headline):
        # a visit of 3-5 March and the signing of the 4th, a festival of 17-19 November and the
        # agreement signed on its first day: a part and its whole (an occasion)
        return None
    if "other" in (a.headline.type, b.headline.type) and (_within(a.headline, b.headline)
                                                          or _within(b.headline, a.headline)):
        # an unrecognised kind on days strictly inside the other's (the festival of 17-19 November
        # during the delegation's trip of 16-20): a part of it, not the same
        return None
    total = dates + _type_score(a.headline, b.headline, weights, a.dated, b.dated)
    total += _place_score(a, b, weights)
    total += weights["localities"] * _jaccard(a.localities, b.localities)
    # Bình Dương's investment seminar and Huế's tourism fair in Osaka on one day: each report's
    # Vietnamese (or Japanese) side is one the other never involves.
    total += weights["other_side"] * sum(bool(x) and bool(y) and not set(x) & set(y)
                                         for x, y in zip(a.sides, b.sides))
    total += weights["pair"] * bool(set(a.pairs) & set(b.pairs))
    total += _people_score(a.people, b.people, weights)
    shared_figures = len(set(a.figures) & set(b.figures))
    total += weights["figure"] * min(shared_figures, weights["figure_cap"])
    if a.lang == b.lang and a.signature is not None and b.signature is not None:
        total += weights["text"] * minhash.similarity(a.signature, b.signature)
    return total


def same_event(a: DocFeatures, b: DocFeatures) -> bool:
    found = score(a, b)
    return found is not None and found >= settings()["threshold"]


def _date_score(a: DocFeatures, b: DocFeatures, weights: dict) -> float | None:
    first, second = a.headline, b.headline
    if first.date and second.date:
        gap = date_gap(first, second)
        if gap is None:   # partial dates ("--11", "2025-11") that agree as far as they go
            if _same_day(first.date, second.date):
                return weights["same_date"]   # "--12-17" and "2023-12-17": the same day as far as it is known
            # "2023-11" and "2023-11-17": the same month, no day to compare (not a neighbouring day)
            return weights["same_month"] if _partial_agree(first.date, second.date) else None
        if gap == 0:
            return weights["same_date"]
        if gap <= settings()["date_tolerance_days"]:
            return weights["near_date"]
        # Reports published within days of each other but dated weeks apart: one of the dates
        # may be misread ("5日まで" taken for last month's 5th). Only strong other evidence joins them.
        if _published_together(a, b, settings()["misdated_window_days"]) and first.type == second.type:
            return weights["date_conflict"]
        return None
    # One undated: published on the other's day or the day after, it is as likely a report of
    # that day as any (news is written the day it happens), so undated costs nothing.
    if _published_on_event_day(a, b) or _published_on_event_day(b, a):
        return weights["published_on_day"]
    # One or both undated: only reports published close together may be of one event.
    if a.published and b.published and full(a.published) and full(b.published) \
            and abs(days(a.published[:10], b.published[:10])) > settings()["undated_window_days"]:
        return None
    # ... and an undated report published in a known month reports no event of another time
    # (the signing of 8 May and a June article that dates nothing: two signings of one pair)
    if _outside_month(a, b) or _outside_month(b, a):
        return None
    return weights["one_undated"]


def _outside_month(dated: DocFeatures, undated: DocFeatures) -> bool:
    """`undated` gives no date of its event and was published in a month ("2023-06") that
    `dated`'s day is after, or more than the undated window before."""
    event, published = dated.headline.date, undated.published
    if undated.headline.date or not full(event) or not published or len(published) != 7:
        return False
    first = f"{published}-01"
    gap = days(event, first)   # type: ignore[arg-type]
    return gap > settings()["undated_window_days"] or event[:7] > published


def _published_on_event_day(dated: DocFeatures, undated: DocFeatures) -> bool:
    """`undated` gives no date of its event but was published on `dated`'s day or the next."""
    event, published = dated.headline.date, undated.published
    if not (full(event) and full(published)) or undated.headline.date:
        return False
    return 0 <= days(event, published) <= settings()["published_after_days"]   # type: ignore[arg-type]


def _published_together(a: DocFeatures, b: DocFeatures, window: int) -> bool:
    return bool(a.published and b.published and full(a.published) and full(b.published)
                and abs(days(a.published[:10], b.published[:10])) <= window)


def date_gap(first: Happening, second: Happening) -> int | None:
    """Days between two fully dated events (0 when their ranges overlap); None if a date is partial."""
    if not (full(first.date) and full(second.date)):
        return None
    a_start, a_end = first.date, first.end if full(first.end) else first.date
    b_start, b_end = second.date, second.end if full(second.end) else second.date
    # the ranges overlap when each starts before the other ends (10-12 Nov and 10-12 Nov: gap 0)
    if days(a_start, b_end) >= 0 and days(b_start, a_end) >= 0:   # type: ignore[arg-type]
        return 0
    return min(abs(days(a_end, b_start)), abs(days(b_end, a_start)))   # type: ignore[arg-type]


def _type_score(first: Happening, second: Happening, weights: dict, a_dated: bool, b_dated: bool) -> float:
    if first.type == "other" and second.type == "other":
        return 0.0   # none of the known kinds: the type tells nothing
    if first.type == "other" or second.type == "other":
        # a festival found in one report against a signing in another: likely not the same (when
        # no event was found at all, the type tells nothing)
        return weights["unknown_type"] if a_dated and b_dated else 0.0
    if first.type == second.type:
        return weights["same_type"]
    return weights["compatible_type"] if compatible(first.type, second.type) else weights["other_type"]


def compatible(first: str, second: str) -> bool:
    """Two types one event may be reported as (a workshop in one report, an investment seminar in
    another)."""
    pair = sorted((first, second))
    return any(sorted(p) == pair for p in settings()["compatible_types"])


def _place_score(a: DocFeatures, b: DocFeatures, weights: dict) -> float:
    first, second = a.headline.place, b.headline.place
    if first and second:
        return weights["same_place"] if same_place(first, second) else weights["other_place"]
    return 0.0


def _people_score(first: tuple[PersonKey, ...], second: tuple[PersonKey, ...], weights: dict) -> float:
    # counted from both sides, the fewer: one report's "prime minister" meets both prime
    # ministers of the other, and which report came first must not change the score
    shared = min(_met(first, second), _met(second, first))
    total = weights["person"] * min(shared, weights["person_cap"])
    only_a = any(p.headline and _comparable(p, second) and not any(same_person(p, q) for q in second)
                 for p in first)
    only_b = any(q.headline and _comparable(q, first) and not any(same_person(p, q) for p in first)
                 for q in second)
    if only_a and only_b:
        total += weights["host_conflict"]
    return total


def _comparable(person: PersonKey, others: tuple[PersonKey, ...]) -> bool:
    """Whether the other report could have named this person in a form that meets one of its keys:
    it names someone in the same script, or this person has a role to meet. 阮春记 (a Vietnamese
    name in Chinese characters) is never a Latin name, so a French report's "Nguyen Xuan Ky" is
    no conflict with it."""
    script = _script(person.keys[0])
    return len(person.keys) > 1 or any(_script(q.keys[0]) == script for q in others)


def _script(name: str) -> str:
    """The script family of a name key: 'cjk' (kana and ideographs), 'cyrillic', 'hangul' or 'latin'."""
    for ch in name:
        code = ord(ch)
        if 0x3040 <= code < 0xA000:
            return "cjk"
        if 0x0400 <= code < 0x0530:
            return "cyrillic"
        if 0xAC00 <= code < 0xD7B0 or 0x1100 <= code < 0x1200:
            return "hangul"
    return "latin"


def _met(first: tuple[PersonKey, ...], second: tuple[PersonKey, ...]) -> int:
    """How many of `first` are someone in `second`."""
    return sum(1 for p in first if any(same_person(p, q) for q in second))


def same_person(first: PersonKey, second: PersonKey) -> bool:
    """The same name (any order, any diacritics), or the same office: the words of one role all
    in the other ("vice chairman", "standing vice chairman of the people's committee") for the
    same locality, or where one report does not say which (a local paper's "知事" is its own
    prefecture's governor)."""
    if first.keys[0] == second.keys[0]:
        return True
    if {k for k in first.keys if k.startswith("~")} & {k for k in second.keys if k.startswith("~")}:
        return True   # the same surname for the same locality, across scripts (山本 / Yamamoto of Gunma)
    if _named_apart(first.keys[0], second.keys[0]):
        return False   # two vice chairmen of Hồ Chí Minh City: one role, two people
    roles_a = [k for k in first.keys[1:] if not k.startswith("~")]
    roles_b = [k for k in second.keys[1:] if not k.startswith("~")]
    if not roles_a or not roles_b:
        return False
    role_a, _, place_a = roles_a[0].partition("@")
    role_b, _, place_b = roles_b[0].partition("@")
    words_a, words_b = set(role_a.split()), set(role_b.split())
    same_role = bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)
    return same_role and (place_a == place_b or not place_a or not place_b)


def _named_apart(first: str, second: str) -> bool:
    """Two full names in Latin letters without a word in common ("bui minh thanh", "hoan van vo"):
    two people, whatever their roles. A name in another script, or of one word (a surname alone),
    may be anyone the role says."""
    if _script(first) != "latin" or _script(second) != "latin":
        return False
    words_a, words_b = first.split(), second.split()
    return len(words_a) >= 2 and len(words_b) >= 2 and not set(words_a) & set(words_b)


def _jaccard(first: tuple[str, ...], second: tuple[str, ...]) -> float:
    union = set(first) | set(second)
    return len(set(first) & set(second)) / len(union) if union else 0.0


def _nested(first: Happening, second: Happening) -> bool:
    """One event lasts longer than the other and holds its days."""
    if not (full(first.date) and full(second.date)):
        return False
    span = lambda h: days(h.date, h.end) if full(h.end) else 0   # type: ignore[arg-type]
    return span(first) != span(second) and (holds(first, second) or holds(second, first))


def _within(whole: Happening, part: Happening) -> bool:
    """`part` starts after `whole` starts and ends before it ends (both fully dated)."""
    if not (full(whole.date) and full(whole.end) and full(part.date)):
        return False
    part_end = part.end if full(part.end) else part.date
    return days(whole.date, part.date) > 0 and days(part_end, whole.end) > 0   # type: ignore[arg-type]


def _same_day(first: str, second: str) -> bool:
    """A day and month without the year ('--12-17') against a full date of that day."""
    def month_day(value: str) -> str | None:
        if value.startswith("--") and len(value) == 7:
            return value[2:]
        return value[5:10] if full(value) else None
    a, b = month_day(first), month_day(second)
    return a is not None and a == b and (first.startswith("--") or second.startswith("--"))


def _partial_agree(first: str, second: str) -> bool:
    """'--11-25' agrees with '2025-11-25'; '2025-11' with '2025-11-24'."""
    a, b = first.lstrip("-"), second.lstrip("-")
    return a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a)


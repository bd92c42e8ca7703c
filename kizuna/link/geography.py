"""Places named only to say where something lies: "Hải Dương ... gần Thủ đô Hà Nội và 2 tỉnh ven biển
là Hải Phòng, Quảng Ninh", "the port, 30 km south of Ho Chi Minh City", "首都ハノイ市の東約100キロ
メートルに位置する". The contract: a place named only to situate another is not a locality of the
article, nor a party to anything. Cue words are data (`data/geography.json`), per language."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..model import Mention
from ..text import fold

KNOWN = ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko")
CLAUSE_END = re.compile(r"[.;:!?()\n。；：！？（）]")
CLAUSE_REACH = 90   # a situating clause ends at its punctuation, or this many characters on
AFTER_GAP = 2       # "ハノイ市の東約": the cue follows the name within this many characters


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files("kizuna.link").joinpath("data/geography.json").read_text("utf-8"))


def _phrases(words: list[str], spaced: bool) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(fold(w)) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if spaced else f"(?:{alternatives})")


@lru_cache(maxsize=16)
def _cues(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    langs = (lang,) if lang in KNOWN else KNOWN
    data = _data()
    before = [w for code in langs for w in data["before"].get(code, ())]
    after = [w for code in langs for w in data["after"].get(code, ())]
    return _phrases(before, spaced=True), _phrases(after, spaced=False)


def situating_only(text: str, mentions: list[Mention] | tuple[Mention, ...], lang: str,
                   folded: str | None = None) -> set[tuple[int, int]]:
    """(start, end) of the mentions that stand in a clause saying where something lies."""
    if not mentions:
        return set()
    folded = fold(text) if folded is None or len(folded) != len(text) else folded
    before, after = _cues(lang)
    found: set[tuple[int, int]] = set()
    if before is not None:
        for m in before.finditer(folded):
            stop = CLAUSE_END.search(folded, m.end(), m.end() + CLAUSE_REACH)
            end = stop.start() if stop else min(len(folded), m.end() + CLAUSE_REACH)
            found |= {(x.start, x.end) for x in mentions if m.end() <= x.start and x.end <= end}
    if after is not None:
        for x in mentions:
            if any(after.match(folded, x.end + gap) for gap in range(AFTER_GAP + 1)):
                found.add((x.start, x.end))
    found |= _addresses(folded, mentions)
    found |= _prefecture_of_a_town(text, mentions)
    return found


# "大阪府泉佐野市", "栃木県那須塩原市": a prefecture written right before one of its ordinary cities,
# towns or villages is that municipality's address (a designated city is a locality of its own and
# its prefecture is handled by the linker's `situating`)
_TOWN_AFTER = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー]{1,8}?[市町村](?![長議役])")


def _prefecture_of_a_town(text: str, mentions) -> set[tuple[int, int]]:
    starts = {m.start for m in mentions}
    return {(m.start, m.end) for m in mentions
            if m.country == "JP" and m.level == "prefecture" and m.end not in starts
            and _TOWN_AFTER.match(text, m.end)}


BRACKET_REACH = 24   # "平岩ベトナム建設株式会社(埼玉県所沢市)": the company word ends this close before


@lru_cache(maxsize=1)
def _address_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _data().get("addresses", {})
    return tuple(fold(w) for w in data.get("company_words", ())), tuple(fold(w) for w in data.get("head_office", ()))


def _addresses(folded: str, mentions) -> set[tuple[int, int]]:
    """Places written as a company's address: in brackets right after the company ("(滋賀県)"), or
    after its head-office word ("本社:大阪")."""
    companies, offices = _address_words()
    found: set[tuple[int, int]] = set()
    for x in mentions:
        before = folded[max(0, x.start - BRACKET_REACH):x.start]
        if any(before.rstrip().endswith(w) for w in offices):
            found.add((x.start, x.end))
            continue
        cut = max(before.rfind("("), before.rfind("（"))
        if cut < 0 or ")" in before[cut:] or "）" in before[cut:]:
            continue
        inside, outside = before[cut + 1:], before[:cut].rstrip()
        if len(inside.strip(" ,、")) <= 12 and any(outside.endswith(w) for w in companies):
            found.add((x.start, x.end))
    return found

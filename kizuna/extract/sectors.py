"""Sectors of the cooperation an article reports, from keyword tables per language
(`data/sectors.<lang>.json`), labels from the contract's list only.

Keywords match on folded text (so "nong nghiep" written without diacritics is found), but a
surface that carries diacritics must carry the keyword's own: in Vietnamese, folding makes
"được" (passive marker) look like "dược" (pharmacy) and "thân" (friendly) like "than" (coal).
"""
from __future__ import annotations

from functools import lru_cache

from ..model import SECTORS, Context
from ..text import fold
from .phrases import PhraseTable, languages, load


class KeywordTable:
    """A PhraseTable whose matches must keep the diacritics of the phrase they matched.

    In a text (or range) that carries diacritics, a match is kept only when its lower-case
    surface is one of the table's spellings of that folded phrase; a text written entirely
    without them is matched on the fold alone.
    """

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.phrases = PhraseTable(table)
        self.spellings: dict[str, set[str]] = {}
        for phrases in table.values():
            for phrase in phrases:
                self.spellings.setdefault(_words(fold(phrase)), set()).add(_words(phrase.lower()))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, text: str, folded: str, start: int = 0, end: int | None = None
                 ) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match in [start, end) whose diacritics agree."""
        stop = len(text) if end is None else end
        matches = self.phrases.finditer(text, folded, start, stop)
        if not matches:
            return []
        # Text typed without diacritics ("nong nghiep") can only be matched by its fold;
        # text that has them must have the phrase's own.
        accented = folded[start:stop] != text[start:stop].lower()
        return [(s, e, label) for s, e, label in matches if not accented or self._spelled_right(text[s:e], folded[s:e])]

    def _spelled_right(self, surface: str, folded: str) -> bool:
        spellings = self.spellings.get(_words(folded))
        # a gapped phrase ("tog … emot") has no single spelling to compare with
        return spellings is None or _words(surface.lower()) in spellings

    def search(self, text: str, folded: str, start: int = 0, end: int | None = None) -> bool:
        return bool(self.finditer(text, folded, start, end))


def _words(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=32)
def _table(lang: str) -> KeywordTable:
    merged: dict[str, list[str]] = {}
    for code in languages(lang):
        data = load(f"sectors.{code}")
        for sector, words in (data or {}).get("keywords", {}).items():
            if sector not in SECTORS:
                raise ValueError(f"sectors.{code}.json: {sector!r} is not a contract sector")
            merged.setdefault(sector, []).extend(words)
    return KeywordTable(merged)


def extract_sectors(ctx: Context) -> list[str]:
    """Sector labels in order of first mention."""
    table = _table(ctx.lang)
    found: dict[str, None] = {}
    for _, _, sector in table.finditer(ctx.text, fold(ctx.text)):
        found.setdefault(sector)
    return list(found)

"""Sectors of the cooperation an article reports, from keyword tables per language
(`data/sectors.<lang>.json`), labels from the contract's list only."""
from __future__ import annotations

from functools import lru_cache

from ..model import SECTORS, Context
from ..text import fold
from .phrases import PhraseTable, languages, load


@lru_cache(maxsize=32)
def _table(lang: str) -> PhraseTable:
    merged: dict[str, list[str]] = {}
    for code in languages(lang):
        data = load(f"sectors.{code}")
        for sector, words in (data or {}).get("keywords", {}).items():
            assert sector in SECTORS, sector
            merged.setdefault(sector, []).extend(words)
    return PhraseTable(merged)


def extract_sectors(ctx: Context) -> list[str]:
    """Sector labels in order of first mention."""
    table = _table(ctx.lang)
    found: dict[str, None] = {}
    for _, _, sector in table.finditer(ctx.text, fold(ctx.text)):
        found.setdefault(sector)
    return list(found)

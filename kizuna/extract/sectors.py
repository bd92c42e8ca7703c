"""Sectors of the cooperation an article reports, from keyword tables per language
(`data/sectors.<lang>.json`), labels from the contract's list only.

Keywords match on folded text (so "nong nghiep" written without diacritics is found), but a
surface that carries diacritics must carry the keyword's own: in Vietnamese, folding makes
"được" (passive marker) look like "dược" (pharmacy) and "thân" (friendly) like "than" (coal).
"""
from __future__ import annotations

from functools import lru_cache

from ..model import SECTORS, Context
from .phrases import KeywordTable, languages, load


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
    for _, _, sector in table.finditer(ctx.text, ctx.folded):
        found.setdefault(sector)
    return list(found)

"""Sectors of the cooperation an article reports, from keyword tables per language
(`data/sectors.<lang>.json`), labels from the contract's list only.

Keywords match on folded text (so "nong nghiep" written without diacritics is found), but a
surface that carries diacritics must carry the keyword's own: in Vietnamese, folding makes
"được" (passive marker) look like "dược" (pharmacy) and "thân" (friendly) like "than" (coal).
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

from ..model import SECTORS, Context
from ..text import fold
from .phrases import languages, load


Hit = tuple[int, int, str]   # start, end, label
SHORT = 2                    # phrases this short (folded) are found by a word-boundary regex


class KeywordTable:
    """Labelled phrases (label -> phrases) found in one pass of an Aho-Corasick automaton
    over the folded text, whole words only (except in scripts written without spaces).

    Folding lets "nong nghiep" typed without diacritics match "nông nghiệp"; but in a text
    (or range) that carries diacritics a match must carry the phrase's own, or one of the
    table's spellings of it. Where phrases overlap, the leftmost longest wins, so a longer
    phrase listed under any label (even one the caller ignores, like "tiếp tục" = continue
    against "tiếp" = receive) shadows the shorter one inside it. Short all-capital acronyms
    ("AI", "IT") match case-sensitively on the original text; phrases written with " … "
    ("tog … emot") match with up to four words in the gap.
    """

    def __init__(self, table: dict[str, list[str]]) -> None:
        label_of: dict[str, str] = {}
        self.spellings: dict[str, set[str]] = {}
        self.open_left: set[str] = set()
        self.open_right: set[str] = set()
        acronyms: dict[str, str] = {}
        gapped: dict[str, str] = {}
        for label, phrases in table.items():
            for phrase in phrases:
                if not phrase.strip():
                    continue
                if _is_acronym(phrase):
                    acronyms.setdefault(phrase, label)
                elif " … " in phrase:
                    gapped.setdefault(_words(fold(phrase)), label)
                else:
                    # "*tourismus", "agrar*": part of a compound word (German, Swedish)
                    bare = phrase.strip("*")
                    key = _words(fold(bare))
                    label_of.setdefault(key, label)
                    self.spellings.setdefault(key, set()).add(_words(bare.lower()))
                    if phrase.startswith("*"):
                        self.open_left.add(key)
                    if phrase.endswith("*"):
                        self.open_right.add(key)
        self.keys = list(label_of)
        self.labels = [label_of[k] for k in self.keys]
        self.spaced = [not _NO_SPACES.search(k) for k in self.keys]
        # Words of one or two letters ("ở" -> "o", "di") would hit inside most words of the text:
        # a regex anchored on word boundaries finds them far faster than checking every hit.
        short = {k for k, spaced in zip(self.keys, self.spaced) if spaced and len(k) <= SHORT}
        self.index_of = {k: i for i, k in enumerate(self.keys)}
        self.short_re = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(short, key=len, reverse=True)))
                                    + r")(?!\w)") if short else None)
        long_keys = [k for k in self.keys if k not in short]
        self.long_index = [self.index_of[k] for k in long_keys]
        longest = ahocorasick_rs.MatchKind.LeftmostLongest
        self.automaton = ahocorasick_rs.AhoCorasick(long_keys, matchkind=longest) if long_keys else None
        self.acronyms = acronyms
        self.gapped = gapped
        self.gapped_re = _alternation(gapped, case_sensitive=False)

    def __bool__(self) -> bool:
        return bool(self.keys or self.acronyms or self.gapped)

    def finditer(self, text: str, folded: str, start: int = 0, end: int | None = None
                 ) -> list[Hit]:
        """(start, end, label) of every match in [start, end), in text order, overlaps resolved."""
        stop = len(text) if end is None else end
        found = self._phrases(text, folded, start, stop)
        for acronym, label in self.acronyms.items():
            found += [(s, s + len(acronym), label) for s in _whole_words(text, acronym, start, stop)]
        if self.gapped_re is not None:
            found += [(m.start(), m.end(), label) for m in self.gapped_re.finditer(folded, start, stop)
                      if (label := _gapped_label(self.gapped, m.group()))]
        return _leftmost_longest(found)

    def _bounded(self, folded: str, index: int, start: int, end: int) -> bool:
        key = self.keys[index]
        left = key in self.open_left or start == 0 or not folded[start - 1].isalnum()
        return left and (key in self.open_right or end == len(folded) or not folded[end].isalnum())

    def search(self, text: str, folded: str, start: int = 0, end: int | None = None) -> bool:
        return bool(self.finditer(text, folded, start, end))

    def _phrases(self, text: str, folded: str, start: int, stop: int) -> list[Hit]:
        # Leftmost-longest, non-overlapping: one pass, and "tiếp tục" takes "tiếp" with it.
        # Phrases are matched with single spaces: one split by a line break or two spaces is missed.
        hits: list[tuple[int, int, int]] = []
        if self.automaton is not None:
            haystack = folded[start:stop] if start or stop < len(folded) else folded
            hits = [(self.long_index[i], s + start, e + start)
                    for i, s, e in self.automaton.find_matches_as_indexes(haystack)]
        if self.short_re is not None:
            hits += [(self.index_of[m.group()], m.start(), m.end()) for m in self.short_re.finditer(folded, start, stop)]
        if not hits:
            return []
        accented = folded[start:stop] != text[start:stop].lower()
        out = []
        for index, s, e in hits:
            if self.spaced[index] and not self._bounded(folded, index, s, e):
                continue
            if accented and _words(text[s:e].lower()) not in self.spellings[self.keys[index]]:
                continue
            out.append((s, e, self.labels[index]))
        return out


_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
GAP = r"(?:\s+\S+){0,8}\s+"   # as in phrases.py: MT subjects between "tog" and "emot" run long


def _whole_word(folded: str, start: int, end: int) -> bool:
    return (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum())


def _whole_words(text: str, word: str, start: int, stop: int) -> list[int]:
    """Where `word` stands as a whole word in text[start:stop] (str.find: far cheaper than a regex scan)."""
    out = []
    at = text.find(word, start, stop)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            out.append(at)
        at = text.find(word, end, stop)
    return out




def _leftmost_longest(found: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for s, e, label in sorted(found, key=lambda m: (m[0], -m[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e, label))
    return out


def _is_acronym(phrase: str) -> bool:
    return len(phrase) <= 4 and phrase.isupper() and phrase.isascii()


def _alternation(phrases: dict[str, str], case_sensitive: bool) -> re.Pattern[str] | None:
    if not phrases:
        return None
    bodies = [re.escape(p).replace(r"\ …\ ", GAP).replace(r"\ ", r"\s+")
              for p in sorted(phrases, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def _gapped_label(gapped: dict[str, str], matched: str) -> str | None:
    """The label of a gapped phrase that a match fills ("tog premiärministern emot" -> "tog … emot")."""
    words = matched.split()
    for phrase, label in gapped.items():
        head, tail = (part.split() for part in phrase.split(" … ", 1))
        if words[:len(head)] == head and words[-len(tail):] == tail:
            return label
    return None


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
    for _, _, sector in table.finditer(ctx.text, ctx.folded):
        found.setdefault(sector)
    return list(found)

"""Phrase tables from the data files, compiled once into one regex per table.

Matching runs on `fold(text)` (same length as the text), so match offsets are offsets
into the original. Phrases in scripts written without spaces (Japanese, Chinese, Korean
compounds) match anywhere; the others only as whole words ("AI" not inside "Thailand").
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

import ahocorasick_rs

from ..text import fold

GAP = r"(?:\s+\S+){0,8}\s+"   # MT subjects between "tog" and "emot" run long
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=None)
def load(name: str) -> dict | None:
    """A data file of this package (`data/NAME.json`), or None when it does not exist."""
    path = files(__package__).joinpath(f"data/{name}.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def languages(lang: str) -> tuple[str, ...]:
    """The tables to use for a document: its language, or every language when unknown."""
    known = ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko")
    return (lang,) if lang in known else known


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for many phrases (longest first) on folded text, with word boundaries where the
    script has spaces. The spaced phrases share one word-start check, so most positions fail at
    once (an alternation with a lookbehind per phrase costs milliseconds per page)."""
    spaced, unspaced, odd = [], [], []
    for phrase in sorted({" ".join(fold(p).split()) for p in phrases if p.strip()}, key=len, reverse=True):
        # "tog … emot": a separable verb with up to eight words between its parts
        body = re.escape(phrase).replace(r"\ …\ ", GAP).replace(r"\ ", r"\s+")
        if _NO_SPACES.search(phrase):
            unspaced.append(body)
        elif not phrase[0].isalnum():   # "№", "(ảnh": no word start to share
            odd.append(rf"(?<!\w){body}(?!\w)")
        else:
            spaced.append(body)
    parts = odd
    if spaced:
        parts.append(rf"(?<!\w)(?=\w)(?:{'|'.join(spaced)})(?!\w)")
    if unspaced:
        parts.append(f"(?:{'|'.join(unspaced)})")
    return re.compile("|".join(parts)) if parts else None


class PhraseTable:
    """Labelled phrases (label -> phrases) matched on folded text; short all-capital
    acronyms ("AI", "IT", "KI") match case-sensitively on the original text, so that the
    English pronoun "it" or Vietnamese "ai" (who) are not sectors."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.label_of: dict[str, str] = {}
        folded, acronyms = [], []
        for name, phrases in table.items():
            for phrase in phrases:
                if _is_acronym(phrase):
                    acronyms.append(phrase)
                    self.label_of.setdefault(phrase, name)
                else:
                    folded.append(phrase)
                    self.label_of.setdefault(_key(fold(phrase)), name)
        self.folded = compile_phrases(folded)
        self.acronyms = re.compile("|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in
                                            sorted(set(acronyms), key=len, reverse=True))) if acronyms else None

    def __bool__(self) -> bool:
        return self.folded is not None or self.acronyms is not None

    def finditer(self, text: str, folded: str, start: int = 0, end: int | None = None
                 ) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match in [start, end), in text order."""
        stop = len(text) if end is None else end
        out = []
        if self.folded is not None:
            for m in self.folded.finditer(folded, start, stop):
                name = self.label_of.get(_key(m.group())) or _gapped(self.label_of, _key(m.group()))
                if name:
                    out.append((m.start(), m.end(), name))
        if self.acronyms is not None:
            out += [(m.start(), m.end(), self.label_of[m.group()]) for m in self.acronyms.finditer(text, start, stop)]
        return sorted(out)


def _is_acronym(phrase: str) -> bool:
    return len(phrase) <= 4 and phrase.isupper() and phrase.isascii()


def _key(folded: str) -> str:
    return " ".join(folded.split())


def _gapped(label_of: dict[str, str], matched: str) -> str | None:
    """The label of a match of a gapped phrase ("tog premiärministern emot" -> "tog … emot")."""
    words = matched.split()
    for phrase, name in label_of.items():
        if " … " in phrase:
            head, tail = phrase.split(" … ", 1)
            if " ".join(words[:len(head.split())]) == head and " ".join(words[-len(tail.split()):]) == tail:
                return name
    return None


class _Match:
    """The part of `re.Match` the extractors use."""
    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start:self._end]


class PhraseScanner:
    """Many phrases at once with Aho-Corasick over folded text (a regex alternation of a few
    hundred phrases costs a tenth of a millisecond or more per page; this costs a few hundredths).
    Leftmost-longest, non-overlapping, whole words where the script has spaces, like
    `compile_phrases`; gapped phrases ("tog … emot") go through a small regex."""

    def __init__(self, phrases: Iterable[str]) -> None:
        keys = {" ".join(fold(p).split()) for p in phrases if p.strip()}
        self.literal = sorted(k for k in keys if "…" not in k)
        self.bounded = [not _NO_SPACES.search(k) for k in self.literal]
        self.automaton = ahocorasick_rs.AhoCorasick(self.literal) if self.literal else None
        self.gapped = compile_phrases(k for k in keys if "…" in k)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[_Match]:
        end = len(text) if endpos is None else endpos
        spans: list[tuple[int, int]] = []
        if self.automaton is not None:
            haystack = text if (pos == 0 and end == len(text)) else text[pos:end]
            for index, start, stop in self.automaton.find_matches_as_indexes(haystack, overlapping=True):
                start, stop = start + pos, stop + pos
                if not self.bounded[index] or _whole_word(text, start, stop):
                    spans.append((start, stop))
        if self.gapped is not None:
            spans += [(m.start(), m.end()) for m in self.gapped.finditer(text, pos, end)]
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        out: list[_Match] = []
        last = -1
        for start, stop in spans:
            if start >= last:
                out.append(_Match(text, start, stop))
                last = stop
        return out


def _whole_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())

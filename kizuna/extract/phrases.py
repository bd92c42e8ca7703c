"""Phrase tables from the data files, and the three ways the extractors match them:

- `compile_phrases`: one regex (phrases with a gap, "tog … emot", or few phrases);
- `PhraseScanner`: many unlabelled phrases at once with Aho-Corasick;
- `KeywordTable`: labelled phrases with Aho-Corasick, diacritic-aware (sectors, tie cues, figures).

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

from ..text import fold, whole_word

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
    script has spaces. The phrases are grouped by their first character, each group one branch
    that opens with that character: re then skips in C to the positions holding one of them (a
    pattern that opens with a look-behind is tried at every position of the page, 2-3 times as
    slow). The word-start check follows the first character as a look-behind over it and the
    character before."""
    spaced, unspaced, odd = [], [], []
    for phrase in sorted({" ".join(fold(p).split()) for p in phrases if p.strip()}, key=len, reverse=True):
        # "tog … emot": a separable verb with up to eight words between its parts
        rest = re.escape(phrase[1:]).replace(r"\ …\ ", GAP).replace(r"\ ", r"\s+")
        if _NO_SPACES.search(phrase):
            unspaced.append((phrase[0], rest))
        elif not phrase[0].isalnum():   # "№", "(ảnh": no word start to share
            odd.append((phrase[0], rf"(?<!\w.){rest}(?!\w)"))
        else:
            spaced.append((phrase[0], rf"(?<!\w.){rest}(?!\w)"))
    alternatives = odd + spaced + unspaced
    return re.compile(by_first_character(alternatives)) if alternatives else None


def by_first_character(alternatives: list[tuple[str, str]]) -> str:
    """An alternation of alternatives given as (first character, pattern of the rest), in order
    of precedence: one branch per first character, the order kept within it (at one position
    only the alternatives opening with its character can match, so precedence is unchanged).
    A pattern that opens with literal characters lets re skip in C to where one of them stands."""
    groups: dict[str, list[str]] = {}
    for first, rest in alternatives:
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


def word_starts(phrases: Iterable[str]) -> str:
    r"""An alternation of phrases (as written; spaces match any white space), longest first, each
    only where a word starts: `(?<!\w)(?:...)`, but opening with the phrases' first characters
    (the word-start check is a look-behind over the first character and the one before it)."""
    alternatives = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        rest = re.escape(phrase[1:]).replace(r"\ ", r"\s+")
        alternatives.append((phrase[0], rf"(?<!\w.){rest}"))
    return by_first_character(alternatives)


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
                if not self.bounded[index] or whole_word(text, start, stop):
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

"""People in Korean text: Hangul names beside their titles.

Korean writes a foreign name in Hangul before its title, a locality or a bracketed original
sometimes between them ("무라이 요시히로(村井嘉浩) 미야기현 지사", "쩐 홍 하 부총리"), or after
a title with the Latin spelling in brackets ("외교부 부차관 레 티 투 항(Le Thi Thu Hang)").
Which words are the name is read from the words themselves: up to four Hangul words, stopping at
a word with a case ending or one that cannot be a name (data/people.ko.json).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Mention, Span
from .phrases import load

MAX_NAME_WORDS = 4      # Vietnamese names in Hangul: up to four syllable words (응우옌 티 홍 하)
BRACKET_REACH = 30      # "(福田富一)", "(Nguyen Minh Vu)": an original spelling this long at most
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
LATIN_NAME = re.compile(r"\(\s*[A-Z][A-Za-zÀ-ỹ'’\-]*(?:\s+[A-Z][A-Za-zÀ-ỹ'’\-]*)+\s*\)")


@dataclass(frozen=True)
class _Words:
    particles: tuple[str, ...]
    not_name: frozenset[str]
    not_name_endings: tuple[str, ...]
    honorifics_after: tuple[str, ...]
    copula: tuple[str, ...]
    endings_after_copula: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load("people.ko") or {}
    return _Words(tuple(data.get("particles", ())), frozenset(data.get("not_name", ())),
                  tuple(data.get("not_name_endings", ())), tuple(data.get("honorifics_after", ())),
                  tuple(data.get("copula", ())), tuple(data.get("endings_after_copula", ())))


def _is_name_word(word: str, words: _Words) -> bool:
    if not HANGUL_WORD.fullmatch(word) or word in words.not_name:
        return False
    if len(word) >= 3 and word.endswith(words.copula):
        return False   # "지사인": a title with its copula
    return len(word) == 1 or not word.endswith(words.particles + words.not_name_endings)


def name_before(text: str, end: int, mentions: tuple[Mention, ...]) -> Span | None:
    """The Hangul name that ends before a title starting at `end`, over a locality or a bracket."""
    words = _words()
    pos = _skip_back(text, end)
    for _ in range(4):   # "무라이 요시히로(村井嘉浩) 미야기현 지사", "야마다 다카오 주베트남 일본 대사"
        mention = next((m for m in mentions if m.start < pos <= m.end and not text[m.end:pos].strip()), None)
        if mention is not None:
            pos = _skip_back(text, mention.start)
            continue
        if pos and text[pos - 1] in ")）":
            lo = max(0, pos - BRACKET_REACH)
            opened = max(text.rfind("(", lo, pos), text.rfind("（", lo, pos))
            if opened < 0:
                break
            pos = _skip_back(text, opened)
            continue
        word_start = _hangul_word_start(text, pos)
        if word_start < pos and text[word_start:pos] in words.not_name:
            pos = _skip_back(text, word_start)
            continue
        break
    start = pos
    taken = 0
    while taken < MAX_NAME_WORDS:
        word_start = _hangul_word_start(text, start)
        word = text[word_start:start]
        glued = word_start > 0 and text[word_start - 1].isalnum()   # "7일": a counter after a digit
        if not word or glued or not _is_name_word(word, words):
            break
        start, taken = word_start, taken + 1
        if start == 0 or text[start - 1] != " ":
            break
        start -= 1
    if taken == 0:
        return None
    start = start + 1 if text[start] == " " else start
    return Span(start, pos)


def name_before_bracket(text: str, title_start: int) -> Span | None:
    """"도반훙(베트남 빈롱성 인민위원회 부위원장)": a title inside brackets after the name."""
    opened = text.rfind("(", max(0, title_start - BRACKET_REACH), title_start)
    if opened < 1 or ")" in text[opened:title_start]:
        return None
    return name_before(text, opened, ())


def name_after(text: str, start: int) -> Span | None:
    """"부차관 레 티 투 항(Le Thi Thu Hang)": Hangul words right after a title, then their Latin
    spelling; "부위원장인 레반탐이": after the copula, the name's last word with its case ending."""
    words = _words()
    copula = next((c for c in words.copula if text.startswith(c + " ", start)), None)
    pos = start + len(copula) if copula else start
    while pos < len(text) and text[pos] == " ":
        pos += 1
    end, taken = pos, 0
    while taken < MAX_NAME_WORDS:
        m = HANGUL_WORD.match(text, end)
        if m is None:
            break
        word = m.group()
        if not _is_name_word(word, words):
            if copula and len(word) >= 3 and word.endswith(words.endings_after_copula):
                return Span(pos, m.end() - 1)   # "레반탐이": the name without its case ending
            break
        end, taken = m.end(), taken + 1
        if LATIN_NAME.match(text, end):
            return Span(pos, end)
        if end < len(text) and text[end] == " ":
            end += 1
        else:
            break
    return None


def honorific_names(text: str, mentions: tuple[Mention, ...]) -> list[Span]:
    """"야마시타 마코토 씨는": the Hangul name before an honorific written as a word of its own."""
    found = []
    for honorific in _words().honorifics_after:
        for m in re.finditer(rf"(?<=[\uac00-\ud7a3]) {honorific}(?![\uac00-\ud7a3][\uac00-\ud7a3])", text):
            span = name_before(text, m.start(), ())
            if span is not None and not any(x.start < span.end and span.start < x.end for x in mentions):
                found.append(span)
    return found


def _hangul_word_start(text: str, end: int) -> int:
    """Where the run of Hangul syllables that ends at `end` starts (`end` itself when none does)."""
    start = end
    while start > 0 and "\uac00" <= text[start - 1] <= "\ud7a3":
        start -= 1
    return start


def _skip_back(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return pos

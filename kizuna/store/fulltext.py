"""Full-text search helpers, free of SQL: the folded form that is indexed, the FTS5 query built
from what a user types, and snippets cut from the original text with the matched terms marked.

`kizuna.text.fold` keeps one character per character, so a match found in the folded text is at
the same offsets in the original: snippets show "Quảng Ninh" even when the user typed
"quang ninh".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold

# Scripts written without spaces between words: each character is indexed as its own token.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_UNSPACED_CHAR = re.compile(f"([{_UNSPACED}])")
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W_]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_QUERY_PART = re.compile(r'"([^"]*)"|(\S+)')

SNIPPET_BEFORE = 60    # characters of context kept before the first match
SNIPPET_AFTER = 160    # and after it: about two lines in a terminal


def index_form(text: str) -> str:
    """What goes into the FTS index: folded, with unspaced-script characters spaced out."""
    return _UNSPACED_CHAR.sub(r" \1 ", fold(text))


def tokens(text: str) -> list[str]:
    """The tokens FTS5's unicode61 tokenizer reads in `index_form(text)` (for a backend that is given
    tokens rather than text)."""
    return _TOKEN.findall(index_form(text))


@dataclass(frozen=True, slots=True)
class Term:
    """One thing the user asked for: a word or a quoted phrase, as folded tokens."""
    tokens: tuple[str, ...]

    def fts(self) -> str:
        return '"' + " ".join(self.tokens) + '"'

    def pattern(self) -> str:
        body = r"[\W_]*".join(re.escape(t) for t in self.tokens)
        if not _UNSPACED_CHAR.match(self.tokens[0]):
            body = r"(?<![^\W_])" + body
        if not _UNSPACED_CHAR.match(self.tokens[-1]):
            body += r"(?![^\W_])"
        return body


def parse_query(query: str) -> list[Term]:
    """Words and "quoted phrases" of a user query; a word like 群馬 becomes the phrase 群 馬."""
    terms = []
    for m in _QUERY_PART.finditer(query):
        tokens = tuple(_TOKEN.findall(fold(m.group(1) if m.group(1) is not None else m.group(2))))
        if tokens:
            terms.append(Term(tokens))
    return terms


def fts_query(terms: list[Term]) -> str:
    """Every term must match (implicit AND); each is a quoted phrase, so no FTS5 syntax leaks in."""
    return " ".join(t.fts() for t in terms)


def snippet(text: str, terms: list[Term]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short passage of `text` around the first match, and the offsets of every match in it."""
    if not terms or not text:
        return text[:SNIPPET_AFTER], ()
    regex = re.compile("|".join(f"(?:{t.pattern()})" for t in terms))
    folded = fold(text)
    matches = [m.span() for m in regex.finditer(folded) if m.end() > m.start()]
    if not matches:
        return _window(text, 0, min(len(text), SNIPPET_AFTER)), ()
    first_start, first_end = matches[0]
    start = _word_start(text, max(0, first_start - SNIPPET_BEFORE), first_start)
    end = _word_end(text, min(len(text), first_end + SNIPPET_AFTER), first_end)
    prefix = "…" if start > 0 else ""
    shift = len(prefix) - start
    inside = _merge_adjacent(text, [(s, e) for s, e in matches if s >= start and e <= end])
    return _window(text, start, end), tuple((s + shift, e + shift) for s, e in inside)


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One mark for words matched side by side: [Đà Nẵng] rather than [Đà] [Nẵng]."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start >= merged[-1][0] and not _WORD_CHAR.search(text[merged[-1][1]:start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, start: int, end: int) -> str:
    body = re.sub(r"\s", " ", text[start:end])   # one for one: marks keep their offsets
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _word_start(text: str, start: int, limit: int) -> int:
    """Move `start` forward to the beginning of a word, never past `limit`."""
    if start == 0:
        return 0
    space = text.find(" ", start, limit)
    return space + 1 if space != -1 else start


def _word_end(text: str, end: int, limit: int) -> int:
    """Move `end` back to the end of a word, never before `limit`."""
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", limit, end)
    return space if space != -1 else end

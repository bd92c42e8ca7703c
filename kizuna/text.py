"""Text helpers shared by every stage: NFC, offset-preserving folding, sentence spans.

`fold` maps each character to exactly one character (lower case, no diacritics,
đ -> d), so an offset into the folded copy is the same offset into the original.
That is what lets the linker match "Quang Ninh" and "Quảng Ninh" alike and still
report exact offsets into the text the user sees.
"""
from __future__ import annotations

import re
import unicodedata

from .model import Span


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low in "đð":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


# Latin, Latin Extended, IPA, Greek, Cyrillic and Latin Extended Additional (Vietnamese).
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for r in (range(0x00, 0x530), range(0x1E00, 0x1F00))
               for cp in r if _fold_char(chr(cp)) != chr(cp)}
# Full-width ASCII (common in Japanese pages) folds to ASCII.
_FOLD_TABLE.update({cp: chr(cp - 0xFEE0).lower() for cp in range(0xFF01, 0xFF5F)})
# Typographic apostrophes fold to the ASCII one: "l’investissement" is "l'investissement".
_FOLD_TABLE.update({ord(c): "'" for c in "\u2019\u2018\u02bc\u2032"})


# str.translate raises and swallows a LookupError inside CPython for every character its table
# does not map, which made folding a 5 KB page cost 0.22 ms; a table that maps every character
# of the Basic Multilingual Plane (most to itself) costs half that. Characters beyond it (emoji,
# rare CJK) are unmapped and kept as they are, as before.
_FULL_FOLD_TABLE = {cp: ord(_FOLD_TABLE[cp]) if cp in _FOLD_TABLE else cp for cp in range(0x10000)}


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ -> d; same length as the input (offsets are kept)."""
    return text.translate(_FULL_FOLD_TABLE)


def fold_name(text: str) -> str:
    """A comparison key for names: NFC, folded, runs of non-word characters collapsed to one space."""
    return re.sub(r"[\W_]+", " ", fold(nfc(text))).strip()


# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by white space,
# at a Japanese/Chinese full stop, or at a line break. Decimal points ("1.000", "1,2")
# never end one because no space follows them. The pattern opens with one class of every
# character that can end a sentence, and each ending then looks back at the character it
# opened with: re skips in C to the next such character, where an alternation of repeated
# classes was tried at every position of the page (0.11 -> 0.02 ms a page).
_SENTENCE_END = re.compile(r"""[.!?…。！？\n](?:(?<=[.!?…])[.!?…]*["'”’»)\]]*(?=\s)|(?<=\.)(?=[^\W\d_]{2})"""
                           r"""|(?<=[。！？])[。！？]*[」』）]*|(?<=\n)\n*)""")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|TP|Tp|PGS|GS|TS|ThS|No|Co|Ltd|Inc|Jr|Sr|vs|etc|"
                            r"ca|bl\.a|t\.ex|Mt|Gov|Sen|Rep|Dept|Corp)\.)$")


def sentences(text: str) -> list[Span]:
    """Sentence spans covering the non-blank parts of `text`, in order."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group() == "." and end < len(text) and not text[end].isspace() and not _glued(text, m.start()):
            continue
        if m.group().startswith(".") and _ABBREVIATIONS.search(text[max(0, m.start() - 8):m.start() + 1]):
            continue
        _add_trimmed(text, start, end, spans)
        start = end
    _add_trimmed(text, start, len(text), spans)
    return spans


def _glued(text: str, stop: int) -> bool:
    """"...dans la préfecture d'Osaka.Cet événement ...", "(JETRO).Il a réuni": scraped pages glue
    sentences without a space. A full stop ends one there when a lower-case word (or a closing
    bracket) stands before it and a capitalised word after it; "TP.HCM", "baoquangninh.vn" and
    "Q.1" stay whole."""
    before, after = text[max(0, stop - 3):stop], text[stop + 1:stop + 3]
    if not (len(after) == 2 and after[0].isupper() and after[1].islower()):
        return False
    return before.endswith(")") or (len(before) == 3 and before.isalpha() and before.islower())


def _add_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def whole_word(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a whole word: no letter or digit touching it on either side?"""
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def sentence_of(spans: list[Span] | tuple[Span, ...], offset: int) -> Span | None:
    """The sentence span that contains `offset` (binary search)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(spans) and spans[lo].start <= offset < spans[lo].end:
        return spans[lo]
    return None

"""Japanese person names read with a morphological dictionary (fugashi + unidic-lite, which ships
UniDic: nothing is downloaded). UniDic tags a surname 固有名詞-人名-姓 and a given name
固有名詞-人名-名, so "大井川和彦知事" is 大井川 + 和彦 before the title 知事, where a list of place
characters cut the name at 和 or 川 before (the issue of kanji names cut by 村, 田, 島 ...).

`name_spans(text)` gives every (start, end) of a name that starts with a surname, runs over the
given name and over at most MAX_TAIL single-kanji tokens the dictionary does not know as a name
part (村岡 + 嗣 + 政), and stops at anything else. Katakana names are left to the title rules.
The tagger is built once per process and reads one sentence at a time (MeCab is not built for
megabyte strings).
"""
from __future__ import annotations

import re
from functools import lru_cache

MAX_NAME_CHARS = 6   # 大井川和彦 has five; six leaves room for a long given name (長谷川誠太郎 is six)
MAX_TAIL = 1         # unknown single kanji after a given name still in the name (嗣 + 政)
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]+")
_PIECES = re.compile(r"[^。！？\n]+[。！？]?")


@lru_cache(maxsize=1)
def _tagger():
    try:
        import fugashi
    except ImportError:   # the dictionary is a dependency; without it the title rules still run
        return None
    return fugashi.Tagger()


def available() -> bool:
    return _tagger() is not None


def name_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, has_given_name) of every kanji person name in `text`, in order."""
    tagger = _tagger()
    if tagger is None or not _KANJI.search(text):
        return []
    out: list[tuple[int, int, bool]] = []
    for piece in _PIECES.finditer(text):
        out.extend(_names_in(tagger, piece.group(), piece.start()))
    return out


def _names_in(tagger, sentence: str, offset: int) -> list[tuple[int, int, bool]]:
    tokens = []
    at = 0
    for word in tagger(sentence):
        surface = word.surface
        start = sentence.find(surface, at)
        if start < 0:
            continue
        at = start + len(surface)
        feature = word.feature
        tokens.append((offset + start, offset + at, surface, feature.pos2, feature.pos3, feature.pos4,
                       feature.pos1))
    out = []
    i = 0
    while i < len(tokens):
        start, end, surface, pos2, pos3, pos4, _ = tokens[i]
        if not (pos2 == "固有名詞" and pos3 == "人名" and pos4 == "姓" and _KANJI.fullmatch(surface)):
            i += 1
            continue
        j, given, tail = i + 1, False, 0
        while j < len(tokens):
            s, e, surf, p2, p3, p4, p1 = tokens[j]
            if s != end or not _KANJI.fullmatch(surf):
                break
            if p2 == "固有名詞" and p3 == "人名" and p4 == "名":
                given, end = True, e
            elif given and len(surf) == 1 and tail < MAX_TAIL and p1 == "名詞" and p2 == "普通名詞" \
                    and j + 1 < len(tokens) and tokens[j + 1][3] != "名詞的":
                tail += 1
                end = e
            else:
                break
            j += 1
        # a single kanji the dictionary split off the surname's head ("と矢加部義則": 矢 + 加部)
        if i > 0 and len(tokens[i - 1][2]) == 1 and tokens[i - 1][3] == "普通名詞" and tokens[i - 1][1] == start \
                and _KANJI.fullmatch(tokens[i - 1][2]) \
                and (i < 2 or tokens[i - 2][1] != tokens[i - 1][0] or not _KANJI.fullmatch(tokens[i - 2][2])):
            start = tokens[i - 1][0]
        else:
            start = _prefixed_head(tokens, i, start)
        if end - start <= MAX_NAME_CHARS:
            out.append((start, end, given))
        i = j
    return out


MAX_PREFIX_KANJI = 2   # "ならびに原中誠志副議長": UniDic reads 原 and 中 as prefixes before 誠志
# prefixes that stand before a name without being part of it: the late, former, same, vice ...
_NOT_NAME_PREFIXES = frozenset("故元前同副新旧現各両全総約第非未不無諸本当貴翌")


def _prefixed_head(tokens: list[tuple], i: int, start: int) -> int:
    """The start of a surname whose head UniDic tagged as one or two prefix kanji (接頭辞), after a
    non-kanji character: the kanji are the surname's own, not a prefix of the name."""
    k = i
    while k > 0 and i - k < MAX_PREFIX_KANJI and tokens[k - 1][6] == "接頭辞" and tokens[k - 1][1] == tokens[k][0] \
            and len(tokens[k - 1][2]) == 1 and _KANJI.fullmatch(tokens[k - 1][2]) \
            and tokens[k - 1][2] not in _NOT_NAME_PREFIXES:
        k -= 1
    if k == i or (k > 0 and tokens[k - 1][1] == tokens[k][0] and _KANJI.fullmatch(tokens[k - 1][2])):
        return start   # no prefix, or the kanji run goes on before it: not a name's head
    return tokens[k][0]


def surname_reading(name: str) -> str | None:
    """The romanised reading of a kanji name's surname ("山本一太" -> "yamamoto"), long vowels
    folded ("大井川" -> "oigawa"), from UniDic's kana and pykakasi's Hepburn; None when the name
    has no surname the dictionary knows. Given names are left out: their readings vary too much
    (一太 is Ichita, not the dictionary's Kazuta)."""
    tagger = _tagger()
    if tagger is None or not _KANJI.search(name):
        return None
    reading = _surname_of(tagger, name)
    if reading is None and (traditional := _traditional(name)) != name:
        # a Chinese report writes the Japanese name in simplified characters (铃木直道, 村冈嗣政): its
        # traditional form (鈴木直道, 村岡嗣政) is the one the dictionary knows
        reading = _surname_of(tagger, traditional)
    return reading


def _surname_of(tagger, name: str) -> str | None:
    for word in tagger(name):
        feature = word.feature
        if feature.pos3 == "人名" and feature.pos4 == "姓":
            return romanised(feature.kana or word.surface)
    return None


@lru_cache(maxsize=4096)
def _traditional(name: str) -> str:
    """Simplified Chinese characters in their traditional forms (OpenCC's s2t), which Japanese
    names mostly share; the name itself when OpenCC is not installed."""
    converter = _opencc()
    return converter.convert(name) if converter is not None else name


@lru_cache(maxsize=1)
def _opencc():
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("s2t")


def romanised(kana: str) -> str | None:
    """Kana in Hepburn romaji, long vowels folded ("オオイガワ" -> "oigawa"), for comparison only."""
    converter = _kakasi()
    if converter is None:
        return None
    text = "".join(part["hepburn"] for part in converter.convert(kana)).lower()
    return fold_long_vowels(text)


def fold_long_vowels(romaji: str) -> str:
    """"ooigawa", "ōigawa", "oigawa" alike; "yuuji" and "yūji" as "yuji"."""
    import unicodedata
    plain = "".join(c for c in unicodedata.normalize("NFD", romaji.lower()) if not unicodedata.combining(c))
    return re.sub(r"([aiueo])\1+", r"\1", plain.replace("ou", "o"))


@lru_cache(maxsize=1)
def _kakasi():
    try:
        import pykakasi
    except ImportError:
        return None
    return pykakasi.kakasi()

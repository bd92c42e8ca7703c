"""People: named officials with their role and the locality (or organisation) they represent.

A person is a name standing next to a title from `data/roles.<lang>.json`:

- title, complement, name: "Chủ tịch UBND tỉnh Long An Nguyễn Văn Út", "Governor of Gunma
  Prefecture Ichita Yamamoto", "premiärminister Takaichi";
- name, comma, title: "ông Yamamoto Ichita, Thống đốc tỉnh Gunma", "Mr. Nguyen Van Ut, Chairman of ...";
- in Japanese and Chinese, name then title: "山本一太群馬県知事", "ファム・ミン・チン首相";
- or an honorific before the name: "bà Hồ Thu Ánh", "Mr Yamamoto" (no role).

The complement between a title and a name may only hold linked localities, known organisations,
country names, capitalised words and the connectors listed per language ("tỉnh", "of", "i"); any
other lower-case word ends it, so "Thủ tướng tiếp Thống đốc Yamamoto" never gives the Prime
Minister's title to the governor. A name is a Vietnamese name (family name from
`people.vi.json` + one to three capitalised syllables, accented or not) or a foreign name of one
to three capitalised words that are not place, country, title or organisation words. A single
word ("Takaichi", "Yamamoto") is a name only right after its title.

Mentions of one person are merged: a later partial mention ("Thống đốc Yamamoto") joins the full
name ("Yamamoto Ichita") whose words include it; the name keeps the article's order and script.
"""
from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick_rs

from ..gazetteer import unit_words
from ..link import is_explicit  # the linker knows the province/prefecture wrappers
from ..model import Context, Mention, Person, Span
from ..text import fold, sentence_of, whole_word
from . import japanese, korean
from .organizations import OrgMatch, find_organizations

__all__ = ["extract_people"]

_MAX_COMPLEMENT_TOKENS = 14   # a friendship association of a province after its chairman's title is ~12 tokens
_MAX_NAME_WORDS = 4           # Vietnamese names have 2-4 syllables; foreign names up to 3 words
_CJK_NAME = (2, 5)            # kanji/hanzi names: 山本一太, 石破茂, 范明政 (2 for a family name alone)
_LOCALITY_WINDOW = 16         # characters before a CJK name searched for its locality (群馬県の山本一太知事)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S")
LOC_OVERRUN = 30         # how far a linked locality may run past the end of a lazy {loc} slot
_COMPLEMENT_REACH = 200  # characters after a title within which its complement and name stand
_HONORIFIC_REACH = 120   # a form of address and the name after it fit in this many characters
_KATAKANA_NAME = re.compile(r"[ァ-ヺ][ァ-ヺー]*(?:[・･=＝][ァ-ヺ][ァ-ヺー]*)*$")
_KATAKANA_NAME_AFTER = re.compile(r"[ァ-ヺ][ァ-ヺー]*(?:[・･=＝][ァ-ヺ][ァ-ヺー]*)*")
_KATAKANA_PLACE_ENDS = ("シティ", "シティー", "タウン", "パーク")   # ベト・トライ・シティ is Việt Trì city
_KATAKANA_BEFORE_DASH = re.compile(r"(?<![ァ-ヺー・])([ァ-ヺ][ァ-ヺー]*(?:・[ァ-ヺ][ァ-ヺー]*)+)\s?[–—-]\s")
_HAN_RUN_END = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]+$")
_HAN_RUN_START = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]+")
_CJK_LANGS = frozenset({"ja", "zh"})
# Characters that never occur in a person's name but often in the words next to a title.
_NOT_NAME_HAN = frozenset("県县府省州区国党会庁局課院校社団協議委員长長副同両各的在和与及了")
# a place or a department ends with these (白川村, 商工労働部), but they open or stand inside family
# names (村岡, 市川, 都築, 道下, 町田, 服部, 阿部)
_NOT_NAME_END_HAN = frozenset("部都道市町村")
# characters that start no name after a title: 所 ("所提", what was proposed), 馆 ("总领事馆", the
# consulate general: the title was the building's name)
_NOT_NAME_START_HAN = ("所", "馆", "館")


# -- data --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Title:
    regex: re.Pattern[str]
    bare: re.Pattern[str] | None   # the form without its optional {loc} part: the title alone
    role: str
    country: str | None
    takes_org: bool
    has_loc: bool
    anchor: str          # a plain word of the form: the title cannot occur without it
    leading: bool        # the anchor is the form's first word: matches start where it occurs
    loc_first: bool      # the form starts with its {loc} slot: matches start at a linked locality


@dataclass(frozen=True, slots=True)
class _Lexicon:
    titles: tuple[_Title, ...]
    former: frozenset[str]
    nationality: dict[str, str]
    nationality_after: bool
    connectors: frozenset[str]
    name_end: tuple[str, ...]
    joiners: frozenset[str]
    family_names_exact: frozenset[str]
    honorifics: frozenset[str]
    address_words: frozenset[str]  # Vietnamese forms of address that are also given names (Anh, Cô)
    cjk_after: tuple[str, ...]
    family_names: frozenset[str]
    not_name: frozenset[str]
    countries: tuple[str, ...]     # folded names of Vietnam and Japan, longest first
    other_countries: tuple[str, ...]   # other countries, as written (case and accents matter)


def _load(name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath("data", name)
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _folded_set(words: list[str]) -> frozenset[str]:
    return frozenset(" ".join(fold(unicodedata.normalize("NFC", w)).split()) for w in words)


def _title_regex(form: str, spaced: bool, endings: bool = False) -> re.Pattern[str]:
    """`endings`: the language glues case endings to the title (Korean 부총리는), so a title may be
    followed by letters."""
    body = fold(unicodedata.normalize("NFC", form))
    body = body.replace("'", "['’]?").replace(" ", r"\s+")
    body = body.replace("{loc}", r"(?P<loc>[^\s,.;:()]+(?:\s+[^\s,.;:()]+){0,2}?)")
    if not spaced:
        return re.compile(body)
    return re.compile(rf"(?<!\w){body}" if endings else rf"(?<!\w){body}(?!\w)")


def _without_optional_loc(form: str) -> str | None:
    """"gouverneur(?: de la prefecture (?:de |d')?{loc})?" -> "gouverneur": the optional group that
    holds the {loc} slot removed (None when the slot is not optional)."""
    at = form.find("{loc}")
    depth, i = 0, at
    while i > 0:
        i -= 1
        if form[i] == ")":
            depth += 1
        elif form[i] == "(":
            if depth == 0:
                break
            depth -= 1
    if at < 0 or form[i:i + 3] != "(?:":
        return None
    depth, j = 0, i
    while j < len(form):
        depth += {"(": 1, ")": -1}.get(form[j], 0)
        if depth == 0:
            break
        j += 1
    if form[j + 1:j + 2] != "?":
        return None
    return form[:i] + form[j + 2:]


def _bare_regex(form: str, spaced: bool, endings: bool = False) -> re.Pattern[str] | None:
    bare = _without_optional_loc(form)
    if bare is None:
        return None
    # the same named group, never matched, so that callers read match.group("loc") as None
    return re.compile(_title_regex(bare, spaced, endings).pattern + "(?P<loc>(?!))?")


def _titles(raw: dict[str, Any], spaced: bool) -> tuple[_Title, ...]:
    endings = bool(raw.get("case_endings"))
    return tuple(_Title(_title_regex(form, spaced, endings), _bare_regex(form, spaced, endings),
                        entry["role"], entry.get("country"),
                        bool(entry.get("org")), "{loc}" in form, *_anchor(form),
                        form.lstrip().startswith("{loc}"))
                 for entry in raw.get("titles", []) for form in entry["forms"])


def _anchor(form: str) -> tuple[str, bool]:
    """The form's first word when it starts with a plain one (matches then start only where
    it occurs), else its longest plain word outside regex groups (a presence filter), else ""
    (always searched). Single words, since spacing and apostrophes vary in text."""
    folded = fold(unicodedata.normalize("NFC", form))
    first = re.match(r"[^\W\d_]+", folded)
    if first:
        word = first.group()
        if folded[first.end():first.end() + 1] in ("?", "*", "{"):   # "ab?": the last letter is optional
            word = word[:-1]
        if len(word) >= 2:
            return word, True
    outside = folded.replace("{loc}", " ")
    while re.search(r"\([^()]*\)", outside):
        outside = re.sub(r"\([^()]*\)[?*+]?", " ", outside)
    words = [w for w in re.split(r"[\s'’]+", outside) if re.fullmatch(r"[^\W\d_]+", w)]
    return (max(words, key=len) if words else ""), False


@lru_cache(maxsize=16)
def _anchor_automaton(titles: tuple[_Title, ...]):
    """Aho-Corasick over the titles' anchors: only titles whose anchor occurs are searched
    (searching ~85 title regexes over every page was most of the people stage's time)."""
    anchors = sorted({t.anchor for t in titles if t.anchor})
    return ahocorasick_rs.AhoCorasick(anchors) if anchors else None, anchors


@lru_cache(maxsize=16)
def _lexicon(lang: str) -> _Lexicon:
    roles = _load(f"roles.{lang}.json")
    common = _load("people.common.json")
    vi_names = _load("people.vi.json")
    own = _load(f"people.{lang}.json") if lang != "vi" else {}
    orgs = _load("organizations.json")
    # "Nhật", "Việt" alone are also given names: only longer country names block a name.
    countries = [c for aliases in orgs.get("countries", {}).values() for c in aliases
                 if len(c) > 4 or not fold(c).isascii()]
    honorifics = common.get("honorifics", []) + vi_names.get("honorifics", []) + vi_names.get("academic", [])
    return _Lexicon(
        titles=_titles(roles, spaced=lang not in _CJK_LANGS),
        former=_folded_set(roles.get("former", [])),
        nationality={fold(k): v for k, v in roles.get("nationality", {}).items()},
        nationality_after=bool(roles.get("nationality_after")),
        connectors=_folded_set(roles.get("connectors", [])),
        name_end=tuple(sorted(roles.get("name_end", []), key=len, reverse=True)),
        joiners=_folded_set(common.get("list_joiners", [])),
        honorifics=_folded_set(honorifics + own.get("honorifics", [])),
        address_words=_folded_set(vi_names.get("honorifics", [])),
        cjk_after=tuple(common.get("cjk_after", [])),
        family_names=_folded_set(vi_names.get("family_names", []) + own.get("family_names", [])),
        family_names_exact=frozenset(unicodedata.normalize("NFC", n).lower()
                                     for n in vi_names.get("family_names", []) + own.get("family_names", [])),
        not_name=_folded_set(common.get("not_name", []) + vi_names.get("not_name", []) + own.get("not_name", [])),
        countries=tuple(sorted(_folded_set(countries), key=len, reverse=True)),
        other_countries=tuple(sorted(common.get("other_countries", []), key=len, reverse=True)),
    )


# -- what one title occurrence says ----------------------------------------------------------------

@dataclass(slots=True)
class _Found:
    """One mention of a person: the name, where it stands, and what the title next to it says."""
    name: str
    name_span: Span
    evidence: Span
    role: str | None = None
    locality: str | None = None
    organization: str | None = None
    words: frozenset[str] = field(default_factory=frozenset)


@dataclass(slots=True, eq=False)   # not frozen: built by the hundred per page, and frozen init is slow
class _Tok:
    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()


@dataclass(slots=True)
class _Doc:
    """The per-document view the rules work on (built once per call, never cached across documents)."""
    ctx: Context
    lex: _Lexicon
    folded: str
    orgs: list[OrgMatch]
    blocked: list[tuple[int, int]]          # localities, organisations, countries: never part of a name
    ja_names: list[tuple[int, int, bool]] = field(default_factory=list)   # Japanese: the dictionary's names
    longest_blocked: int = 0                # the longest blocked span (bounds the look-back in _is_blocked)
    mention_starts: list[int] = field(default_factory=list)   # the mentions' starts, for bisection


def _country_spans(text: str, folded: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Country names (never part of a person's name), longest first, without overlaps."""
    spans: list[tuple[int, int]] = []
    for names, haystack in ((lex.countries, folded), (lex.other_countries, text)):
        automaton, bounded = _country_automaton(names)
        if automaton is None:
            continue
        matches = automaton.find_matches_as_indexes(haystack, overlapping=True)
        for index, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
            if bounded[index] and not whole_word(haystack, start, end):
                continue
            # the kept spans are sorted and disjoint: only the neighbours can overlap (bisection)
            i = bisect_left(spans, (start, end))
            if (i == 0 or spans[i - 1][1] <= start) and (i == len(spans) or spans[i][0] >= end):
                spans.insert(i, (start, end))
    return spans


@lru_cache(maxsize=16)
def _country_automaton(names: tuple[str, ...]):
    """Aho-Corasick over the country names (a regex per name per page cost ~10 ms a page)."""
    if not names:
        return None, []
    bounded = [any(ch.isalpha() and ord(ch) < 0x3000 for ch in name) for name in names]  # spaced scripts
    return ahocorasick_rs.AhoCorasick(list(names)), bounded



def _doc(ctx: Context) -> _Doc:
    lex = _lexicon(ctx.lang)
    folded = ctx.folded
    orgs = find_organizations(ctx)
    blocked = [(m.start, m.end) for m in ctx.mentions] + [(o.start, o.end) for o in orgs]
    blocked += _country_spans(ctx.text, folded, lex)
    ja_names = japanese.name_spans(ctx.text) if ctx.lang == "ja" else []
    longest = max((e - s for s, e in blocked), default=0)
    return _Doc(ctx, lex, folded, orgs, sorted(blocked), ja_names, longest, [m.start for m in ctx.mentions])


def _is_blocked(doc: _Doc, start: int, end: int) -> bool:
    """Does [start, end) overlap a locality, organisation or country? (`blocked` is sorted by
    start; the spans may nest, so every span that starts before `end` is a candidate, but only
    those within the longest span's length before `start` can reach it.)"""
    blocked = doc.blocked
    i = bisect_left(blocked, (end, -1))
    lo = bisect_left(blocked, (start - doc.longest_blocked, -1), 0, i)
    return any(start < e for _, e in blocked[lo:i])


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    # _TOKEN has no anchor or look-around: scanning text[start:end] in place is scanning a copy
    # of it, without the copy and with the offsets already the text's
    return [_Tok(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _clause(doc: _Doc, offset: int) -> Span:
    sentence = sentence_of(doc.ctx.sentences, offset)
    return sentence if sentence is not None else Span(0, len(doc.ctx.text))


def _title_matches(doc: _Doc) -> list[tuple[int, int, _Title, re.Match[str]]]:
    """Every title occurrence, longest first among overlapping ones; {loc} must be a linked locality."""
    found: list[tuple[int, int, _Title, re.Match[str]]] = []
    automaton, anchors = _anchor_automaton(doc.lex.titles)
    where: dict[str, list[int]] = {}
    for index, start, _ in (automaton.find_matches_as_indexes(doc.folded, overlapping=True) if automaton else []):
        where.setdefault(anchors[index], []).append(start)
    for title in doc.lex.titles:
        if title.anchor and title.anchor not in where:
            continue
        if title.leading:
            found.extend(_matches_at(doc, title, where[title.anchor]))
            continue
        if title.loc_first:   # "{loc} governor": the slot must start at a linked locality anyway
            found.extend(_matches_at(doc, title, sorted(m.start for m in doc.ctx.mentions)))
            continue
        pos = 0
        while (m := title.regex.search(doc.folded, pos)) is not None:
            if title.has_loc and m.group("loc") is not None and not _starts_locality(doc, m):
                bare = title.bare.match(doc.folded, m.start()) if title.bare is not None else None
                if bare is None:
                    pos = m.start() + 1      # the place may start later: "Minh Chinh received Gunma Governor"
                    continue
                m = bare
            found.append((m.start(), m.end(), title, m))
            pos = max(m.end(), m.start() + 1)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, _Title, re.Match[str]]] = []
    for item in found:
        if chosen and item[0] < chosen[-1][1]:
            continue
        chosen.append(item)
    return chosen


def _matches_at(doc: _Doc, title: _Title, starts: list[int]) -> list[tuple[int, int, _Title, re.Match[str]]]:
    """Non-overlapping matches of a title whose first word occurs at `starts` (sorted)."""
    out: list[tuple[int, int, _Title, re.Match[str]]] = []
    last_end = -1
    for start in starts:
        if start < last_end:
            continue
        m = title.regex.match(doc.folded, start)
        if m is not None and title.has_loc and m.group("loc") is not None and not _starts_locality(doc, m):
            # "gouverneur de la grande préfecture de Nara": the slot holds no locality; the title
            # alone still stands
            m = title.bare.match(doc.folded, start) if title.bare is not None else None
        if m is None:
            continue
        out.append((m.start(), m.end(), title, m))
        last_end = m.end()
    return out


def _starts_locality(doc: _Doc, m: re.Match[str]) -> bool:
    """A {loc} slot holds a linked locality that starts where the slot starts (the lazy slot may
    stop inside a long name such as "Ba Ria-Vung Tau": the locality may run past it)."""
    x = _mention_at(doc, m.start("loc"), m.start("loc") + 1)
    if x is None or x.start != m.start("loc") or x.end > m.end("loc") + LOC_OVERRUN:
        return False
    # ... and the slot holds nothing after it but a word of the unit ("Bac Ninh provincial party
    # secretary") or letters glued to it ("Ho Chi Minh-stadens"): "in Hanoi for Governor of
    # Tochigi" is no "{loc} governor" whose slot is "hanoi for"
    rest = doc.folded[x.end:m.end("loc")]
    return not rest[:1].isspace() or all(word in unit_words() for word in rest.split())


def _mention_at(doc: _Doc, start: int, end: int, country: str | None = None) -> Mention | None:
    """The mention overlapping [start, end): mentions are sorted and do not overlap, so the one that
    starts last before `end` is found by bisection (a scan of all of them was quadratic)."""
    mentions = doc.ctx.mentions
    i = bisect_left(doc.mention_starts, end) - 1
    while i >= 0:
        m = mentions[i]
        if m.end <= start:
            return None
        if country is None or m.country == country:
            return m
        i -= 1
    return None


def _is_foreign_word(doc: _Doc, tok: _Tok) -> bool:
    """A capitalised word that can be part of a non-Vietnamese name ("Yamamoto", "Takaichi")."""
    text = tok.text
    # "the Deputy Mayor of Osaka City's visit": a possessive does not make a place word a name
    if not (tok.is_word and tok.is_cap) or len(text) < 2 or fold(_POSSESSIVE.sub("", text)) in doc.lex.not_name:
        return False
    if text.isupper() and not _upper_surname(doc.ctx.text, tok):   # acronyms: UBND, JETRO, VNA
        return False
    if doc.ctx.lang == "vi" and unicodedata.normalize("NFD", text) != text:
        return False                    # an accented word in Vietnamese text is a Vietnamese syllable
    return not _is_blocked(doc, tok.start, tok.end)


def _is_name_word(tok: _Tok, text: str = "") -> bool:
    """Capitalised, and not an acronym (a one-letter syllable such as "A" is fine)."""
    return tok.is_word and tok.is_cap and (len(tok.text) == 1 or not tok.text.isupper()
                                           or _upper_surname(text, tok))


_GIVEN_AFTER = re.compile(r" ([A-Z][a-z]{1,12})\b")
_POSSESSIVE = re.compile(r"['’]s$")


def _upper_surname(text: str, tok: _Tok) -> bool:
    """"Đại sứ ITO Naoki", "Thống đốc UEDA Kiyoshi": Vietnamese outlets write a Japanese family name in
    capitals before the given name. A romanised Japanese word in capitals followed by a capitalised
    romanised word is such a family name, not an acronym (UBND, JETRO stay acronyms)."""
    if not text or len(tok.text) < 2 or not tok.text.isascii() or not tok.text.isupper():
        return False
    romaji = _name_shapes()[1]
    given = _GIVEN_AFTER.match(text, tok.end)
    return given is not None and bool(romaji.match(tok.text.lower())) and bool(romaji.match(given.group(1).lower()))


def _vietnamese_name(doc: _Doc, run: list[_Tok]) -> list[_Tok] | None:
    """The tokens of a Vietnamese name in a run of capitalised words (family name first)."""
    for i, tok in enumerate(run):
        if fold(tok.text) in doc.lex.family_names and 2 <= len(run) - i <= _MAX_NAME_WORDS:
            name = run[i:]
            # Given names reuse ordinary syllables (Trung, Chính, Thu): only capitals are checked.
            if all(_is_name_word(t, doc.ctx.text) for t in name[1:]) and not _is_blocked(doc, name[0].start, name[-1].end):
                return name
    return None


def _name_in_run(doc: _Doc, run: list[_Tok], single_ok: bool) -> list[_Tok] | None:
    """The name that ends a run of capitalised words, if there is one."""
    if not run:
        return None
    vietnamese = _vietnamese_name(doc, run)
    if vietnamese:
        return vietnamese
    tail: list[_Tok] = []
    for tok in reversed(run):
        if not _is_foreign_word(doc, tok) or len(tail) == 3:
            break
        tail.insert(0, tok)
    if len(tail) >= 2 or (tail and single_ok and len(run) == 1):
        return tail
    return None


def _is_honorific(doc: _Doc, tok: _Tok) -> bool:
    """A form of address: "ông", "Mr", "Dr"; a capitalised Vietnamese one ("Ông") only at a sentence
    start, since "Ánh", "Anh" are also given names."""
    folded = doc.folded[tok.start:tok.end]   # the document is folded once; fold keeps offsets
    if folded not in doc.lex.honorifics:
        return False
    if not tok.is_cap or folded not in doc.lex.address_words:
        return True
    before = doc.ctx.text[max(0, tok.start - 200):tok.start].rstrip()   # a window: no copy of the page
    return not before or before[-1] in ".!?:;\n\"“(" or bool(sentence_of(doc.ctx.sentences, tok.start)
                                                        and sentence_of(doc.ctx.sentences, tok.start).start == tok.start)


def _addresses_a_foreigner(doc: _Doc, toks: list[_Tok]) -> bool:
    """"chúc mừng Ông Suzuki Ken": a capitalised Vietnamese form of address inside a sentence is
    one when the word after it cannot be a Vietnamese syllable ("Suzuki"), since "Anh", "Ông" are
    also given and family names only before Vietnamese syllables."""
    if len(toks) < 2 or fold(toks[0].text) not in doc.lex.address_words or not toks[1].is_cap:
        return False
    syllable, romaji, _ = _name_shapes()
    word = fold(toks[1].text)
    return bool(romaji.match(word)) and syllable.fullmatch(word) is None and _is_foreign_word(doc, toks[1])


def _strip_honorifics(doc: _Doc, toks: list[_Tok]) -> list[_Tok]:
    """Drop leading forms of address ("ông", "Mr", "PGS.TS") and their dots."""
    i = 0
    while i < len(toks):
        two = fold(" ".join(t.text for t in toks[i:i + 2]))
        if i + 1 < len(toks) and two in doc.lex.honorifics:
            i += 2
        elif fold(toks[i].text) in doc.lex.honorifics or toks[i].text in ".,":
            i += 1
        else:
            break
    return toks[i:]


# -- Latin, Cyrillic and other spaced scripts --------------------------------------------------------

@dataclass(slots=True)
class _Complement:
    name: list[_Tok] | None
    localities: list[Mention]
    orgs: list[OrgMatch]
    end: int


def _starts_connector(doc: _Doc, toks: list[_Tok], i: int) -> int:
    """How many tokens from i form a connector ("tỉnh", "thành phố", "of the")."""
    for n in (3, 2, 1):
        if i + n <= len(toks) and fold(" ".join(t.text for t in toks[i:i + n])) in doc.lex.connectors:
            return n
    return 0


def _surname_mention(doc: _Doc, mention: Mention, toks: list[_Tok], i: int) -> bool:
    """A one-word Japanese prefecture name right after a title and followed by a capitalised
    word that is no place word is a family name ("chief executive Ishikawa Daisuke")."""
    if mention.country != "JP" or " " in mention.surface or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    if not (nxt.is_word and nxt.is_cap and nxt.start - toks[i].end <= 1):
        return False
    # "Gubernur Gunma Yamamoto Ichita": a place then a two-word name; a surname makes two words
    third = toks[i + 2] if i + 2 < len(toks) else None
    if third is not None and third.is_word and third.is_cap and third.start - nxt.end <= 1:
        return False
    return not is_explicit(doc.ctx.text, mention, doc.folded) and _mention_at(doc, nxt.start, nxt.end) is None \
        and not _is_blocked(doc, nxt.start, nxt.end)


def _scan_right(doc: _Doc, start: int, title_starts: set[int]) -> _Complement:
    """Walk the complement after a title up to the name it introduces (or to where it stops)."""
    clause = _clause(doc, start)
    # 16 steps never reach further than this many characters (an organisation's name included)
    toks = _tokens(doc.ctx.text, start, max(start, min(clause.end, start + _COMPLEMENT_REACH)))
    result = _Complement(None, [], [], start)
    run: list[_Tok] = []
    first = toks[0].start if toks else -1     # a lone word is a name only right after the title
    steps = 0
    i = 0
    if doc.lex.nationality_after and len(toks) > 1 and fold(toks[0].text) in doc.lex.nationality:
        # "la Première ministre japonaise Takaichi": the nationality written after the title
        # (read by _modifiers) stands between it and the name
        first, i = toks[1].start, 1
    while i < len(toks) and steps < _MAX_COMPLEMENT_TOKENS:
        tok = toks[i]
        steps += 1
        if tok.start in title_starts and tok.start > start:
            break
        org = next((o for o in doc.orgs if o.start <= tok.start < o.end), None)
        mention = _mention_at(doc, tok.start, tok.end)
        if mention is not None and not run and tok.start == first and _surname_mention(doc, mention, toks, i):
            # "chief executive Ishikawa Daisuke": a surname here, not the prefecture
            if (mention.start, mention.end) in doc.blocked:
                doc.blocked.remove((mention.start, mention.end))
            mention = None
        if org or mention or _is_blocked(doc, tok.start, tok.end):
            if (name := _name_in_run(doc, run, single_ok=bool(run) and run[0].start == first)):
                result.name = name
                return result
            run = []
            end = org.end if org else (mention.end if mention else tok.end)
            if org:
                result.orgs.append(org)
                result.localities += [m for m in doc.ctx.mentions if org.start <= m.start < org.end]
            elif mention:
                result.localities.append(mention)
            result.end = end
            while i < len(toks) and toks[i].start < end:
                i += 1
            continue
        if not tok.is_word:
            if tok.text in ",-–" or (tok.text == "." and run and fold(run[-1].text) in doc.lex.honorifics):
                if (name := _name_in_run(doc, run, single_ok=bool(run) and run[0].start == first)):
                    result.name = name
                    return result
                run = [] if tok.text != "." else run
                i += 1
                continue
            break
        if not (run and tok.is_cap) and _is_honorific(doc, tok):
            run = []
        elif tok.is_cap:
            run.append(tok)
        else:
            if (name := _name_in_run(doc, run, single_ok=bool(run) and run[0].start == first)):
                result.name = name
                return result
            skip = _starts_connector(doc, toks, i)
            if skip:
                run = []
                i += skip
                continue
            if doc.ctx.lang == "vi" and run:   # second syllable of a capitalised compound (Ngoại giao)
                run = []
                i += 1
                continue
            break
        i += 1
    if (name := _name_in_run(doc, run, single_ok=bool(run) and run[0].start == first)):
        result.name = name
    return result


_APPOSITIVE_REACH = 120   # characters from a title's end to the comma before its appositive name


def _title_between(title_starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(title_starts, start)
    return i < len(title_starts) and title_starts[i] < end


def _appositive_name(doc: _Doc, title_end: int, title_starts: list[int]) -> tuple[list[_Tok], int] | None:
    """The name set off by commas after a title and its complement ("TITLE of ..., NAME, ..." /
    "..., NAME et ..."), with the offset of the comma that opens it. The complement holds no other
    title, and the name is followed by a comma, a bracket, the end of the sentence or a word of the
    language's list joiners ("et", "and", "và")."""
    clause = _clause(doc, title_end)
    comma = doc.ctx.text.find(",", title_end, min(clause.end, title_end + _APPOSITIVE_REACH))
    if comma < 0 or _title_between(title_starts, title_end, comma):
        return None
    toks = _tokens(doc.ctx.text, comma + 1, min(clause.end, comma + 1 + _HONORIFIC_REACH))
    toks = _strip_honorifics(doc, toks)
    run: list[_Tok] = []
    for tok in toks:
        if not (tok.is_word and tok.is_cap) or len(run) == _MAX_NAME_WORDS:
            break
        run.append(tok)
    if len(run) < 2:
        return None
    after = toks[len(run)] if len(run) < len(toks) else None
    closes = after is None or after.text in ",;)." or fold(after.text) in doc.lex.joiners
    name = _name_in_run(doc, run, single_ok=False) if closes else None
    return (name, comma) if name and name[0] is run[0] and name[-1] is run[-1] else None


def _left_name(doc: _Doc, title_start: int) -> list[_Tok] | None:
    """The name before ", <title>" (an appositive), without its honorific."""
    # a window before the title, never a copy of the page up to it (that was quadratic)
    window_start = max(0, title_start - _HONORIFIC_REACH)
    before_end = window_start + len(doc.ctx.text[window_start:title_start].rstrip())
    if before_end == window_start or doc.ctx.text[before_end - 1] != ",":
        return None
    clause = _clause(doc, before_end - 1)
    toks = _tokens(doc.ctx.text, max(clause.start, window_start), before_end - 1)
    run: list[_Tok] = []
    for tok in reversed(toks):
        if not (tok.is_word and tok.is_cap) or _is_honorific(doc, tok) or len(run) == _MAX_NAME_WORDS:
            break
        run.insert(0, tok)
    run = _strip_honorifics(doc, run)
    return _name_in_run(doc, run, single_ok=False) if len(run) >= 2 else None


def _modifiers(doc: _Doc, title_start: int, title_end: int) -> tuple[bool, str | None]:
    """'former' and a nationality written next to the title (den tidigare japanska premiärministern)."""
    before = doc.folded[max(0, title_start - 40):title_start].split()[-2:]
    former = any(w.strip(",.") in doc.lex.former for w in before)
    country = next((doc.lex.nationality[w] for w in before if w in doc.lex.nationality), None)
    if country is None and doc.lex.nationality_after:
        after = doc.folded[title_end:title_end + 40]
        for word, value in doc.lex.nationality.items():
            if re.match(rf"\s+{re.escape(word)}(?!\w)", after):
                country = value
                break
    return former, country


def _role(title: _Title, former: bool, country: str | None, orgs: list[OrgMatch]) -> str:
    role = title.role
    if title.takes_org and orgs:
        role = f"{role} of the {orgs[0].name}"
    elif country and not title.country:
        role = f"{role} of {country}"
    return f"former {role}" if former else role


def _locality(doc: _Doc, title: _Title, match: re.Match[str], found: list[Mention], anchor: int) -> str | None:
    """The locality a title holder represents: named in the title, else nearby in the sentence."""
    if title.has_loc and match.group("loc") is not None:
        loc = _mention_at(doc, match.start("loc"), match.end("loc"))
        if loc:
            return loc.name
    for mention in found:
        if title.country is None or mention.country == title.country:
            return mention.name
    if title.country is None:
        return None
    clause = _clause(doc, anchor)
    before = [m for m in doc.ctx.mentions if clause.start <= m.start < anchor and m.country == title.country]
    after = [m for m in doc.ctx.mentions if anchor <= m.start < clause.end and m.country == title.country]
    if before:
        return before[-1].name
    return after[0].name if after else None


def _spaced_people(doc: _Doc) -> list[_Found]:
    matches = _title_matches(doc)
    title_starts = {m[0] for m in matches}
    ordered_starts = sorted(title_starts)
    out: list[_Found] = []
    for start, end, title, match in matches:
        complement = _scan_right(doc, end, title_starts)
        name = complement.name or _left_name(doc, start)
        if not name and (appositive := _appositive_name(doc, end, ordered_starts)) is not None:
            # "le gouverneur de la grande préfecture de Nara, Yamashita Makoto, a dit": the lower-case
            # words of the complement stopped the walk; the name stands between commas after it
            name, between = appositive
            complement.localities = [m for m in doc.ctx.mentions if end <= m.start and m.end <= between]
            complement.orgs = [o for o in doc.orgs if end <= o.start and o.end <= between]
        if not name:
            continue
        former, country = _modifiers(doc, start, end)
        name_span = Span(name[0].start, name[-1].end)
        evidence = Span(min(start, name_span.start), max(end, name_span.end))
        out.append(_Found(
            name=doc.ctx.text[name_span.start:name_span.end], name_span=name_span, evidence=evidence,
            role=_role(title, former, country, complement.orgs),
            locality=_locality(doc, title, match, complement.localities, start),
            organization=complement.orgs[0].name if complement.orgs else None))
    return out


def _honorific_people(doc: _Doc) -> list[_Found]:
    """'bà Hồ Thu Ánh', 'Mr Yamamoto Ichita': a form of address before a name (no role)."""
    out: list[_Found] = []
    text = doc.ctx.text
    for start in _honorific_starts(doc):
        toks = _tokens(text, start, min(len(text), start + _HONORIFIC_REACH))
        if not toks or (not _is_honorific(doc, toks[0]) and not _addresses_a_foreigner(doc, toks)):
            continue
        tok = toks[0]
        j = 1
        if j < len(toks) and toks[j].text == ".":
            j += 1
        run: list[_Tok] = []
        while j < len(toks) and toks[j].is_word and toks[j].is_cap and len(run) < _MAX_NAME_WORDS \
                and toks[j].start - (run[-1].end if run else toks[j - 1].end) <= 1:
            run.append(toks[j])
            j += 1
        name = _vietnamese_name(doc, run) if run else None
        if name is None and run and all(_is_foreign_word(doc, t) for t in run) and len(run) <= 3:
            name = run
        if name and name[0] is run[0]:
            span = Span(name[0].start, name[-1].end)
            out.append(_Found(text[span.start:span.end], span, Span(tok.start, span.end)))
    return out


def _honorific_starts(doc: _Doc) -> list[int]:
    """Where a one-word form of address stands as a whole word (found with Aho-Corasick:
    checking every token of the page was the people stage's largest cost)."""
    automaton, _words = _honorific_automaton(doc.lex.honorifics)
    if automaton is None:
        return []
    folded, text = doc.folded, doc.ctx.text
    return sorted({start for index, start, end in automaton.find_matches_as_indexes(folded, overlapping=True)
                   if whole_word(folded, start, end) and _capital_follows(text, end)})


def _capital_follows(text: str, end: int) -> bool:
    """A name follows a form of address: the next word (after "." and spaces) is capitalised.
    A cheap filter: folded "co" is also "có" (has) and "chu" also "chủ", everywhere in Vietnamese."""
    rest = text[end:end + 4].lstrip(". \u00a0")
    return bool(rest) and rest[0].isupper()


@lru_cache(maxsize=16)
def _honorific_automaton(honorifics: frozenset[str]):
    words = sorted(w for w in honorifics if " " not in w)
    return (ahocorasick_rs.AhoCorasick(words) if words else None), words


# -- Japanese and Chinese ----------------------------------------------------------------------------

def _han_name_ok(name: str) -> bool:
    return (_CJK_NAME[0] <= len(name) <= _CJK_NAME[1] and not any(ch in _NOT_NAME_HAN for ch in name)
            and name[-1] not in _NOT_NAME_END_HAN)


def _cjk_name_before(doc: _Doc, end: int) -> tuple[int, int] | None:
    """A katakana or kanji name ending at `end`, skipping localities written between name and title."""
    text = doc.ctx.text
    glued = False   # "ズン・ビンディン省人民委員長": a katakana name glued by a dot to its locality
    while True:
        # (the title may begin inside the locality: "ビンディン省" + "省人民委員長")
        mention = next((m for m in doc.ctx.mentions
                        if m.end == end or (doc.ctx.lang == "ja" and m.start < end < m.end)), None)
        if mention is None:
            break
        end = mention.start
        if end and text[end - 1] in "・･":
            end, glued = end - 1, True
    read = next(((s, e) for s, e, _ in doc.ja_names if e == end), None)
    if read is not None and not _is_blocked(doc, *read):
        return read   # Japanese: the dictionary's surname + given name (大井川 + 和彦)
    head = text[max(0, end - 24):end]
    kata = _KATAKANA_NAME.search(head)
    if kata and ("・" in kata.group() or "･" in kata.group() or len(kata.group()) >= 3 or glued) \
            and not kata.group().endswith(_KATAKANA_PLACE_ENDS):
        start = end - len(kata.group())
        if not _is_blocked(doc, start, end):
            return start, end
    han = _HAN_RUN_END.search(head)
    if han and _han_name_ok(han.group()):
        start = end - len(han.group())
        if not _is_blocked(doc, start, end):
            return _with_spaced_surname(doc, start), end
    return None


_SPACED_SURNAME = re.compile(r"(?:^|(?<=[^\u3400-\u9fff々]))([\u3400-\u9fff々]{1,3})[ \u3000]$")


def _with_spaced_surname(doc: _Doc, start: int) -> int:
    """"長野県の阿部 守一知事": a Japanese name written with a space between surname and given name
    (prefectural pages do) starts at the surname, one to three kanji after a non-kanji character."""
    if doc.ctx.lang != "ja" or start < 2 or doc.ctx.text[start - 1] not in " \u3000":
        return start
    m = _SPACED_SURNAME.search(doc.ctx.text, max(0, start - 5), start)
    if m is None or not _han_name_ok(m.group(1) + doc.ctx.text[start:start + 1]) \
            or _is_blocked(doc, m.start(1), start - 1):
        return start
    return m.start(1)


def _cjk_name_after(doc: _Doc, start: int) -> tuple[int, int] | None:
    """Chinese order: a name right after its title (越南政府总理范明政表示)."""
    tail = doc.ctx.text[start:start + 24]
    kata = _KATAKANA_NAME_AFTER.match(tail)
    if kata and "・" in kata.group():
        return start, start + len(kata.group())
    han = _HAN_RUN_START.match(tail)
    if not han:
        return None
    run = han.group()
    if run.startswith(tuple(doc.lex.name_end)) or run.startswith(_NOT_NAME_START_HAN):
        return None   # "总理强调", "总理所提的": a verb after the title, no name
    for marker in doc.lex.name_end:
        cut = run.find(marker, _CJK_NAME[0])
        if cut != -1:
            run = run[:cut]
    if doc.ctx.lang == "zh" and len(run) <= 4 and (_han_name_ok(run) or
                                                    _latin_gloss_after(doc.ctx.text, start + len(run))):
        return start, start + len(run)
    return None


_LATIN_GLOSS = re.compile(r"\s*[(（]\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\s*[)）]")


def _latin_gloss_after(text: str, end: int) -> bool:
    """"知事铃木直道(Suzuki Naomichi)": the name's Latin spelling in brackets confirms it, even when
    it ends like a place (道, as in 北海道)."""
    return _LATIN_GLOSS.match(text[end:end + _GLOSS_REACH]) is not None


_GLOSS_REACH = 48   # a bracketed Latin spelling of a name fits in this many characters


def _cjk_locality(doc: _Doc, title: _Title, start: int, end: int) -> str | None:
    window = [m for m in doc.ctx.mentions if start - _LOCALITY_WINDOW <= m.start and m.end <= end]
    for mention in reversed(window):
        if title.country is None or mention.country == title.country:
            return mention.name if title.country else None
    return None


def _cjk_people(doc: _Doc) -> list[_Found]:
    out: list[_Found] = []
    text = doc.ctx.text
    for start, end, title, _match in _title_matches(doc):
        former = start > 0 and fold(text[start - 1]) in doc.lex.former
        name_end = start - 1 if former else start
        span = _cjk_name_before(doc, name_end) or _cjk_name_after(doc, end)
        if span is None:
            continue
        name_span = Span(*span)
        evidence = Span(min(start, name_span.start), max(end, name_span.end))
        role = f"former {title.role}" if former else title.role
        out.append(_Found(text[name_span.start:name_span.end], name_span, evidence, role,
                          _cjk_locality(doc, title, evidence.start, evidence.end)))
    for marker in doc.lex.cjk_after:
        for m in re.finditer(re.escape(marker), text):
            span = _cjk_name_before(doc, m.start())
            if span and not any(f.name_span.start <= span[0] < f.name_span.end for f in out):
                out.append(_Found(text[span[0]:span[1]], Span(*span), Span(span[0], m.end())))
    # "ブイ・ディン・ティ – 党省常務委員会委員": a dotted katakana name before a dash, in a list of
    # participants and their offices
    for m in _KATAKANA_BEFORE_DASH.finditer(text):
        span = (m.start(1), m.end(1))
        if "・" in m.group(1) and not m.group(1).endswith(_KATAKANA_PLACE_ENDS) and not _is_blocked(doc, *span) \
                and not any(f.name_span.start < span[1] and span[0] < f.name_span.end for f in out):
            out.append(_Found(m.group(1), Span(*span), Span(span[0], m.end())))
    # a full name (surname and given name) is a person with or without a title next to it
    for start, end, given in doc.ja_names:
        if given and not _is_blocked(doc, start, end) \
                and not any(f.name_span.start < end and start < f.name_span.end for f in out):
            out.append(_Found(text[start:end], Span(start, end), Span(start, end)))
    return out


def _hangul_people(doc: _Doc) -> list[_Found]:
    """Korean: a Hangul name before its title, or after it with its Latin spelling (korean.py)."""
    out: list[_Found] = []
    text = doc.ctx.text
    for start, end, title, _match in _title_matches(doc):
        # a title inside brackets belongs to the name before the bracket ("팜쑨박(성 국내 업무국장)"):
        # the words before the title inside the bracket are its department, not a name
        span = korean.name_before_bracket(text, start) or korean.name_before(text, start, doc.ctx.mentions) \
            or korean.name_after(text, end)
        if span is None or _is_blocked(doc, span.start, span.end):
            continue
        evidence = Span(min(start, span.start), max(end, span.end))
        out.append(_Found(text[span.start:span.end], span, evidence, title.role,
                          _cjk_locality(doc, title, evidence.start, evidence.end)))
    for span in korean.honorific_names(text, doc.ctx.mentions):
        if not _is_blocked(doc, span.start, span.end) \
                and not any(f.name_span.start < span.end and span.start < f.name_span.end for f in out):
            out.append(_Found(text[span.start:span.end], span, span))
    return out


# -- merging -----------------------------------------------------------------------------------------

def _words(doc: _Doc, name: str) -> frozenset[str]:
    if doc.ctx.lang in _CJK_LANGS and not any(ch.isspace() or ch in "・･" for ch in name):
        return frozenset({name})
    return frozenset(w for w in re.split(r"[\s・･=＝]+", fold(name)) if w)


def _merge(doc: _Doc, found: list[_Found]) -> list[Person]:
    """One Person per individual: partial mentions join the fullest name that contains them."""
    for f in found:
        f.words = _words(doc, f.name)
    groups: list[list[_Found]] = []
    for f in sorted(found, key=lambda f: (-len(f.words), f.name_span.start)):
        home = next((g for g in groups if f.words <= g[0].words or _cjk_prefix(g[0].name, f.name)), None)
        if home is None:
            groups.append([f])
        else:
            home.append(f)
    groups.sort(key=lambda g: min(f.name_span.start for f in g))
    return [_person(doc, g) for g in groups]


def _cjk_prefix(full: str, part: str) -> bool:
    """山本 is 山本一太's family name (kanji names carry no spaces to compare words)."""
    return len(part) >= 2 and full != part and full.startswith(part) and all(not c.isascii() for c in full)


def _person(doc: _Doc, group: list[_Found]) -> Person:
    full = group[0]
    ordered = sorted(group, key=lambda f: f.name_span.start)
    first_full = min((f for f in group if f.words == full.words), key=lambda f: f.name_span.start)
    role = next((f.role for f in ordered if f.role), None)
    locality = next((f.locality for f in ordered if f.locality), None)
    organization = next((f.organization for f in ordered if f.organization), None)
    evidence: list[Span] = []
    for f in ordered:
        if f.evidence not in evidence:
            evidence.append(f.evidence)
    return Person(name=first_full.name, role=role, locality=locality, evidence=tuple(evidence),
                  organization=organization, name_span=first_full.name_span)


def extract_people(ctx: Context) -> list[Person]:
    """Named people with role and locality or organisation, one Person per individual."""
    doc = _doc(ctx)
    if ctx.lang in _CJK_LANGS:
        found = _cjk_people(doc)
    elif ctx.lang == "ko":
        found = _hangul_people(doc)
    else:
        found = _spaced_people(doc) + _honorific_people(doc)
        if ctx.lang in _UNTITLED_NAME_LANGS:
            found += _untitled_people(doc, found)
        found = [_without_possessive(f) for f in found]
    return _merge(doc, found)


def _without_possessive(found: _Found) -> _Found:
    """"Governor Kuroiwa Yuji's warm feelings": the possessive is no part of the name (a word
    token keeps its apostrophe, as in O'Neill or d'Osaka, so it is taken off here, at the end)."""
    if _POSSESSIVE.search(found.name) is None or len(found.name) <= 3:
        return found
    found.name_span = Span(found.name_span.start, found.name_span.end - 2)
    found.name = found.name[:-2]
    return found


# -- names without a title next to them (Latin and Cyrillic script)---------------------------------------------

# Russian too: Vietnamese names transcribed in Cyrillic ("Чан Куок Куонг") follow the same shape
_UNTITLED_NAME_LANGS = frozenset({"vi", "en", "fr", "de", "es", "pt", "sv", "id", "ru"})
_UNTITLED_MIN_LETTERS = 3   # each word of an untitled romanised Japanese name ("Abe", "Ono")
# Syllables of an untitled Vietnamese name: two-syllable runs are too often places (Hà Đông, Từ Sơn)
_UNTITLED_VIETNAMESE = 3


def _is_known_place(doc: _Doc, run: list[_Tok]) -> bool:
    """"Ha Long", and "Ha Long Bay": a known place, with the place words after it ("Bay",
    "Mountain") that are never part of a name."""
    words = [fold(t.text) for t in run]
    while len(words) > 2 and words[-1] in doc.lex.not_name:
        words.pop()
    return " ".join(words) in _known_places()


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    cities = _load("places.json").get("cities", {})
    return frozenset(" ".join(fold(n).split()) for names in cities.values() for n in names)


@lru_cache(maxsize=1)
def _name_shapes() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    common = _load("people.common.json")
    # a Vietnamese syllable in Latin letters or as Russian news transcribes it ("Куок", "Куонг")
    syllable = "|".join(common[k] for k in ("vietnamese_syllable", "vietnamese_syllable_cyrillic") if k in common)
    return (re.compile(syllable), re.compile(common["romaji_word"]),
            _folded_set(common.get("name_blockers_before", [])))


def _untitled_people(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """Names that no title introduces: a Vietnamese family name and one to three more syllables
    ("Nguyen Van Loi", "Lê Hoài Trung"), or two words of romanised Japanese ("Suzuki Naomichi").
    Words that are localities, organisations, countries or title words are never part of one.
    Only runs of two to six capitalised words are read (found by one regular expression: reading
    every token of the page was the costliest part of the people stage)."""
    syllable, romaji, blockers = _name_shapes()
    text = doc.ctx.text
    taken = [f.name_span for f in found]
    out: list[_Found] = []
    folded = doc.folded
    for m in _capitalised_runs().finditer(text):
        words = folded[m.start():m.end()].split()
        if not any(w in doc.lex.family_names for w in words) and not (len(words) <= 3 and m.group().isascii()):
            continue   # neither a Vietnamese family name nor romaji: no name here (most runs)
        run = _tokens(text, m.start(), m.end())
        for name in _names_in_run(doc, run, syllable, romaji, blockers):
            span = Span(name[0].start, name[-1].end)
            if not any(t.start < span.end and span.start < t.end for t in taken):
                taken.append(span)
                out.append(_Found(text[span.start:span.end], span, span))
    return out


@lru_cache(maxsize=1)
def _capitalised_runs() -> re.Pattern[str]:
    """Two to six capitalised words, each after one blank: the upper-case letters of the Latin,
    Greek and Cyrillic blocks and of Vietnamese (Latin Extended Additional), spelled out since the
    standard library's re has no Unicode property classes. Each word opens with its capital and
    only then looks back for a letter before it (a look-behind of two characters, the capital being
    the second): a pattern that opens with a class lets re skip to the next capital in C,
    where one opening with the look-behind ran it at every character (0.18 -> 0.07 ms a page)."""
    upper = "".join(re.escape(chr(cp)) for r in (range(0x41, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
                    for cp in r if chr(cp).isupper())
    word = rf"[{upper}](?<![^\W\d_].)[^\W\d_]*(?:['’\-][^\W\d_]+)*(?![^\W\d_])"
    return re.compile(rf"{word}(?:[ \t\u00a0]{word}){{1,5}}")


def _names_in_run(doc: _Doc, run: list[_Tok], syllable: re.Pattern[str], romaji: re.Pattern[str],
                  blockers: frozenset[str]) -> list[list[_Tok]]:
    if len(run) < 2:
        return []
    if _prefecture_surname(doc, run, romaji):
        return [run]
    blocked = [i for i, t in enumerate(run) if _is_blocked(doc, t.start, t.end)]
    if blocked:
        # a place, an organisation or a country is no part of a name; a name may follow it in the
        # same run of capitals ("Hội hữu nghị Việt Nam - Nhật Bản Nguyễn Văn Quyết")
        run = run[blocked[-1] + 1:]
        if len(run) < 2:
            return []
    before = _word_before(doc, run[0].start)
    if before in blockers or fold(run[0].text) in blockers:
        return []
    if any(t.text.isupper() and len(t.text) > 1 and not _upper_surname(doc.ctx.text, t) for t in run) \
            or _is_known_place(doc, run):
        return []   # "TRAN HAI" (a credit in capitals), "Ha Long" (a city)
    folded = [fold(t.text) for t in run]
    for i, word in enumerate(folded):
        # with diacritics, the family name must be written as one ("Trấn" is no "Trần")
        family = word in doc.lex.family_names and (run[i].text.isascii() or
                                                   run[i].text.lower() in doc.lex.family_names_exact)
        # given names reuse ordinary syllables (Quốc, Trung, Chính): the non-name words are checked
        # on the family name only
        # "Trương" folds like "Trường" (a school, no name): the family name written as one, or in
        # plain letters in another language's text, is the family name
        if family and _UNTITLED_VIETNAMESE <= len(run) - i <= _MAX_NAME_WORDS \
                and (word not in doc.lex.not_name or run[i].text.lower() in doc.lex.family_names_exact
                     or (run[i].text.isascii() and doc.ctx.lang != "vi")) \
                and all(syllable.match(w) for w in folded[i:]) and not _is_known_place(doc, run[i:]):
            return [run[i:]]
    if any(w in doc.lex.not_name for w in folded):
        return []
    tail = []
    for tok, word in zip(reversed(run), reversed(folded)):
        if len(word) < _UNTITLED_MIN_LETTERS or not romaji.match(word) or word in doc.lex.family_names:
            break
        tail.insert(0, tok)
    return [tail] if len(tail) in (2, 3) and tail[0] is run[len(run) - len(tail)] and len(tail) == len(run) else []


_NOT_HEPBURN = re.compile(r"(?<![sc]h)(?:ti|si|tu|hu|zi|di|du)")


def _prefecture_surname(doc: _Doc, run: list[_Tok], romaji: re.Pattern[str]) -> bool:
    """"En recevant Chiba Hidemori", "Fukushima Nobuyuki said": a prefecture's bare name followed
    by one romanised given name is a family name (Chiba, Ishikawa, Fukushima are common ones), not
    the prefecture; "Chiba Prefecture", "tỉnh Chiba" and "Hokkaido Festival" stay places."""
    if len(run) != 2:
        return False
    mention = _mention_at(doc, run[0].start, run[0].end)
    given = fold(run[1].text)
    if mention is None or mention.country != "JP" or (mention.start, mention.end) != (run[0].start, run[0].end) \
            or is_explicit(doc.ctx.text, mention, doc.folded):
        return False
    # spelled as news romanises given names (Hepburn: chi, shi, tsu, fu): "Animation" has "ti"
    return len(given) >= 4 and romaji.match(given) is not None and _NOT_HEPBURN.search(given) is None \
        and given not in doc.lex.not_name \
        and given not in doc.lex.family_names and not _is_blocked(doc, run[1].start, run[1].end) \
        and given not in _known_places()


def _word_before(doc: _Doc, start: int) -> str:
    """The word (or two-word blocker: "sân bay") before a run, folded."""
    # "(Ảnh: NAME/TTXVN)": the credit word is read without the bracket that opens it
    head = [w.lstrip("([\"'“«") for w in doc.folded[max(0, start - 24):start].split()]
    two = " ".join(head[-2:])
    if len(head) >= 2 and two in _name_shapes()[2]:
        return two
    return head[-1] if head else ""

"""Organisations: well-known bodies under one canonical English name, whatever the language.

Three sources of candidates, all from `data/organizations.json`:

1. aliases (folded comparison at word boundaries; CJK aliases without boundaries),
2. acronyms (written in capitals, compared exactly: "JICA" but not "jica" in a URL slug),
3. templates per language for families of names that follow a pattern (friendship
   associations, "Hiệp hội <field> tỉnh <X>", universities named after a place).

Overlapping candidates are resolved longest first ("Bộ Ngoại giao Nhật Bản" beats
"Bộ Ngoại giao"). Matches inside a photo credit ("Ảnh: .../TTXVN") are skipped, and a
provincial government is never an organisation (it is its locality): no alias lists one.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick_rs

from ..model import Context, Mention, Organization, Span
from ..text import fold, sentence_of, whole_word

__all__ = ["OrgMatch", "extract_organizations", "find_organizations", "unaccent"]

# Candidates of equal extent: an alias (exact knowledge) beats a template (a guess).
_ALIAS, _TEMPLATE = 0, 1
_CREDIT_REACH = 80   # a photo credit ends at ")" or the line end, and is never longer than this


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """One occurrence of an organisation in the text."""
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class _Template:
    regex: re.Pattern[str]
    name: str
    needle: str = ""   # a string every match contains: no regex scan of texts without it


class _AliasMatcher:
    """Every alias at once with Aho-Corasick over the folded text (a regex alternation of
    hundreds of aliases costs ~20 ms per page; this costs well under one). Hyphens vary
    in spacing and kind ("Việt Nam - Nhật Bản", "Việt Nam–Nhật Bản"), so each alias is
    compiled in each spelling, over text whose dashes are all made "-" (same length)."""

    _DASHES = str.maketrans({"–": "-", "—": "-"})

    def __init__(self, aliases: dict[str, str]) -> None:
        variants: dict[str, str] = {}
        for folded, name in aliases.items():
            for spelling in self._spellings(folded):
                variants.setdefault(spelling, name)
        self.patterns = list(variants)
        self.names = [variants[p] for p in self.patterns]
        self.spaced = [_is_spaced(p) for p in self.patterns]
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns) if self.patterns else None

    @staticmethod
    def _spellings(folded: str) -> list[str]:
        parts = [p for p in re.split(r"\s*-\s*", folded.translate(_AliasMatcher._DASHES))]
        spellings = [parts[0]]
        for part in parts[1:]:
            spellings = [s + sep + part for s in spellings for sep in ("-", " - ", " -", "- ")]
        return [" ".join(s.split(" ")) for s in spellings if s.strip()]

    def find(self, folded_text: str) -> list[tuple[int, int, str]]:
        if self.automaton is None:
            return []
        # the same as translate(_DASHES), but two C scans instead of a table look-up per character
        # (0.2 ms on a 5 KB page, most of the organisations' time)
        text = folded_text.replace("–", "-").replace("—", "-")
        out = []
        for index, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            if self.spaced[index] and not whole_word(text, start, end):
                continue
            out.append((start, end, self.names[index]))
        return out



@dataclass(frozen=True, slots=True)
class _Data:
    aliases: _AliasMatcher                     # over folded text
    acronyms: Any                              # Aho-Corasick over the acronyms, on the original text (case matters)
    acronym_list: list[str]
    acronym_names: dict[str, str]
    countries: dict[str, str]                  # folded country alias -> canonical country
    fields: dict[str, str]
    templates: tuple[_Template, ...]
    credit_regex: re.Pattern[str]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "organizations.json").read_text("utf-8")
    return json.loads(text)


def _is_spaced(alias: str) -> bool:
    """Scripts written with spaces need word boundaries; kanji/kana/hangul do not."""
    return any(ch.isalpha() and ord(ch) < 0x3000 for ch in alias)


@lru_cache(maxsize=16)
def _data(lang: str) -> _Data:
    raw = _raw()
    alias_names: dict[str, str] = {}
    acronym_names: dict[str, str] = {}
    for org in raw["organizations"]:
        aliases = list(org.get("aliases", [])) + list(org.get("lang_aliases", {}).get(lang, []))
        for alias in aliases:
            alias_names.setdefault(" ".join(fold(unicodedata.normalize("NFC", alias)).split()), org["name"])
        for acronym in org.get("acronyms", []):
            acronym_names[acronym] = org["name"]
    acronym_list = sorted(acronym_names)
    countries = {fold(alias): country for country, aliases in raw["countries"].items() for alias in aliases}
    fields = {k: v for k, v in raw["fields"].items() if not k.startswith("_")}
    templates = tuple(_Template(re.compile(t["regex"]), t["name"], t.get("needle", ""))
                      for t in raw["templates"].get(lang, []))
    credit_words = "|".join(re.escape(w) for w in raw["credit_words"])
    credit = re.compile(rf"(?:{credit_words})\s*[:：][^)\n）]{{0,{_CREDIT_REACH}}}")
    return _Data(_AliasMatcher(alias_names),
                 ahocorasick_rs.AhoCorasick(acronym_list) if acronym_list else None, acronym_list, acronym_names,
                 countries, fields, templates, credit)


def unaccent(text: str) -> str:
    """Strip Vietnamese diacritics but keep case ("Cần Thơ" -> "Can Tho"), for English names."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# -- candidates --------------------------------------------------------------------------------------

def _alias_candidates(text: str, folded: str, data: _Data) -> list[tuple[int, int, str, int]]:
    out: list[tuple[int, int, str, int]] = []
    out.extend((start, end, name, _ALIAS) for start, end, name in data.aliases.find(folded))
    if data.acronyms is not None:
        for index, start, end in data.acronyms.find_matches_as_indexes(text, overlapping=True):
            if whole_word(text, start, end):
                out.append((start, end, data.acronym_names[data.acronym_list[index]], _ALIAS))
    return out


def _mention_in(mentions: tuple[Mention, ...], start: int, end: int, country: str | None = None) -> Mention | None:
    for m in mentions:
        if m.start < end and start < m.end and (country is None or m.country == country):
            return m
    return None


def _partner(group: str, start: int, data: _Data, mentions: tuple[Mention, ...]) -> str | None:
    """The partner side of a friendship association: a country, or a Japanese locality."""
    words = group.split()
    for n in range(len(words), 0, -1):
        country = data.countries.get(fold(" ".join(words[:n])))
        if country:
            return country
    mention = _mention_in(mentions, start, start + len(group), "JP")
    return mention.name if mention else None


def _fill(template: _Template, m: re.Match[str], data: _Data, mentions: tuple[Mention, ...]) -> str | None:
    """The canonical name of one template match, or None when a group cannot be resolved."""
    groups = m.groupdict()
    values: dict[str, str] = {"of_place": "", "place": "", "partner": "", "field": "", "name": ""}
    if groups.get("partner"):
        partner = _partner(groups["partner"], m.start("partner"), data, mentions)
        if partner is None or partner == "Vietnam":
            return None
        values["partner"] = partner
    if groups.get("place"):
        place = _mention_in(mentions, m.start("place"), m.end("place"))
        if place is None:
            if "{place}" in template.name:
                return None
        else:
            values["place"] = place.name
            values["of_place"] = f" of {place.name}"
    if groups.get("field") is not None:
        field = data.fields.get(fold(groups["field"]))
        if field is None:
            return None
        values["field"] = field
    if groups.get("name"):
        values["name"] = unaccent(groups["name"])
    return template.name.format(**values)


def _template_end(m: re.Match[str], mentions: tuple[Mention, ...]) -> int:
    """A template's optional place group counts only when it is a linked locality."""
    if m.groupdict().get("place"):
        place = _mention_in(mentions, m.start("place"), m.end("place"))
        if place is None:
            return m.end("partner") if m.groupdict().get("partner") else m.start("place")
        if m.end("place") == m.end() and place.end < m.end():
            # "Hội hữu nghị ... tỉnh Đồng Nai Nguyễn Văn Quyết": the name ends with its locality,
            # the capitalised words after it are the next phrase's (here a person's name)
            return place.end
    return m.end()


def _template_candidates(text: str, mentions: tuple[Mention, ...], data: _Data) -> list[tuple[int, int, str, int]]:
    out: list[tuple[int, int, str, int]] = []
    for template in data.templates:
        if template.needle and template.needle not in text:
            continue
        for m in template.regex.finditer(text):
            name = _fill(template, m, data, mentions)
            if name:
                out.append((m.start(), _template_end(m, mentions), name, _TEMPLATE))
    return out


def _credits(text: str, data: _Data) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in data.credit_regex.finditer(text)]


def find_organizations(ctx: Context) -> list[OrgMatch]:
    """Every organisation occurrence, non-overlapping, in text order (photo credits excluded)."""
    return _organizations(ctx.text, ctx.folded, ctx.lang, ctx.mentions)


# People and organisations both ask for the same document's matches. The cache is keyed on what
# the matches depend on, not on the whole Context: hashing a Context hashes every sentence span.
@lru_cache(maxsize=4)
def _organizations(text: str, folded: str, lang: str, mentions: tuple[Mention, ...]) -> list[OrgMatch]:
    data = _data(lang)
    candidates = _alias_candidates(text, folded, data) + _template_candidates(text, mentions, data)
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[3]))
    credits = _credits(text, data)
    chosen: list[OrgMatch] = []
    last_end = -1
    for start, end, name, _priority in candidates:
        if start < last_end or end <= start:
            continue
        if any(cs <= start and end <= ce for cs, ce in credits):
            continue
        chosen.append(OrgMatch(start, end, name))
        last_end = end
    return chosen


def extract_organizations(ctx: Context) -> list[Organization]:
    """One Organization per canonical name, in order of first mention, every occurrence as evidence."""
    evidence: dict[str, list[Span]] = {}
    for match in find_organizations(ctx):
        sentence = sentence_of(ctx.sentences, match.start)
        span = sentence if sentence is not None and sentence.end >= match.end else Span(match.start, match.end)
        spans = evidence.setdefault(match.name, [])
        if span not in spans:
            spans.append(span)
    return [Organization(name=name, evidence=tuple(spans)) for name, spans in evidence.items()]

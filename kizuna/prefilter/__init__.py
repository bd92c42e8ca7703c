"""Relevance prefilter: can a crawled page be about Vietnam–Japan cooperation at all?

Entry point: `load() -> Prefilter`; `Prefilter.check_bytes(data, charset, html=True)` and
`Prefilter.check_text(text)` -> `Verdict`.

A crawl holds hundreds of pages for each one about Vietnam and Japan. Before any HTML parsing, a
page is kept only when it names both countries, or a locality of each (a province or city of
Vietnam, a prefecture or designated city of Japan), in any language or script the gazetteer knows,
or uses a word only a province's or a prefecture's own pages write (本県, 'UBND tỉnh'). Everything
else is skipped, counted and never stored.

The filter must lose no relevant page, so it is loose (it keeps pages the pipeline may find to be
about something else) and cheap (it runs on every record of a crawl, at thousands a second):

- it works on the bytes: UTF-8 pages are never decoded. Their scripts and styles are cut out (what
  trafilatura never reads either), ASCII is lower-cased (`bytes.lower`), and one Aho-Corasick
  automaton looks for every name in every spelling it can take there: without diacritics
  ("quang ninh"), with them in NFC and in NFD, in lower, title and upper case ("Quảng", "QUẢNG"),
  and in its own script (クアンニン省, 群馬県, 꽝닌성, Вьетнам);
- pages in another encoding (Windows-1258, Shift_JIS, EUC-JP...: the declared charset, else
  Windows-1258 when the bytes are not UTF-8) and pages that spell letters as HTML character
  references (Vi&#7879;t) are decoded, unescaped and normalised to NFC first (the slow, rare path);
- a Latin name must stand as a whole word ("Mie" is not in "mien"); a prefix entry ("Japan*") only
  needs its left edge; a Cyrillic or Greek name must start a word; names in scripts written without
  spaces match anywhere.

Names come from the gazetteer (every written form of every unit), Vietnam's well-known cities
(`extract/data/places.json`) and `data/countries.json` (each says where it comes from).
"""
from __future__ import annotations

import codecs
import html
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick_rs

from ..charset import html_charset, text_codec

__all__ = ["REASON", "Prefilter", "Skipped", "Verdict", "keep_bytes", "keep_text", "load"]

REASON = "not about Vietnam and Japan"

_HIRAGANA = range(0x3040, 0x30A0)   # hiragana names are common words (なら 'if', みえ 'visible')
# A character reference that may spell a letter: numeric above ASCII, or a named accented letter.
_LETTER_REFERENCE = re.compile(rb"&(?:#(?:x[0-9a-f]{2,}|[0-9]{3,})|[a-z]{1,2}(?:grave|acute|circ|tilde|uml|"
                               rb"ring|cedil|slash|horn|caron|dot|macr|breve));")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_CYRILLIC_LEADS = frozenset(range(0xCE, 0xD5))   # UTF-8 lead bytes of Greek and Cyrillic letters
_CUT = ((b"<script", b"</script>"), (b"<style", b"</style>"))
_SPACES = bytes.maketrans(b"\t\n\r\f\v", b"     ")   # a name broken across lines is one name

LATIN, PREFIX, CYRILLIC, ANYWHERE = range(4)   # how a match's edges are checked


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record the prefilter left out: counted in the run's summary, never stored."""
    source: str
    reason: str = REASON


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the filter found: a Vietnamese and a Japanese name (as the name's entry), or None."""
    vn: str | None
    jp: str | None

    @property
    def relevant(self) -> bool:
        return self.vn is not None and self.jp is not None


@dataclass(frozen=True, slots=True)
class _Signal:
    name: str                    # the entry, for the verdict (and for debugging)
    countries: tuple[str, ...]   # ("VN",), ("JP",) or both
    edges: int                   # LATIN, PREFIX, CYRILLIC or ANYWHERE


class Prefilter:
    """One automaton over the spellings of every name; see the module's docstring."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        signals: dict[bytes, _Signal] = {}
        for name, country in names:
            for pattern, edges in _spellings(name):
                old = signals.get(pattern)
                countries = tuple(sorted(set(_countries(country)) | set(old.countries if old else ())))
                # a spelling both a prefix entry and a whole word is checked as the looser one
                signals[pattern] = _Signal(name.rstrip("*"), countries,
                                           min(edges, old.edges) if old and edges != ANYWHERE else edges)
        self._patterns = list(signals)
        self._signals = [signals[p] for p in self._patterns]
        # the default automaton (11 MB, 0.2 s to build): a DFA scans a page in 52 instead of 81 µs but
        # takes 209 MB and 1.6 s, measured on the generated crawl
        self._automaton = ahocorasick_rs.BytesAhoCorasick(self._patterns)

    def __repr__(self) -> str:
        return f"<Prefilter {len(self._patterns)} spellings>"

    def check_bytes(self, data: bytes, charset: str | None = None, html_page: bool = True) -> Verdict:
        """The verdict on a page's raw bytes; `charset` as its HTTP header declares it."""
        lowered = _prepare(data.lower(), html_page)
        if not lowered.isascii() and not _is_utf8(lowered, charset):
            return self.check_text(lenient_decode(data, charset), html_page)
        if b"&" in lowered and _LETTER_REFERENCE.search(lowered):
            return self.check_text(lenient_decode(data, charset), html_page)
        return self._verdict(lowered)

    def check_text(self, text: str, html_page: bool = False) -> Verdict:
        """The verdict on decoded text (a record's fields, a text file)."""
        if "&" in text:
            text = html.unescape(text)
        data = unicodedata.normalize("NFC", text).encode("utf-8").lower()
        return self._verdict(_prepare(data, html_page))

    def _verdict(self, data: bytes) -> Verdict:
        found: dict[str, str] = {}
        for index, start, end in self._automaton.find_matches_as_indexes(data, overlapping=True):
            signal = self._signals[index]
            if _edges_ok(data, start, end, signal.edges):
                for country in signal.countries:
                    found.setdefault(country, signal.name)
                if len(found) == 2:
                    break
        return Verdict(found.get("VN"), found.get("JP"))


def _spellings(name: str) -> Iterable[tuple[bytes, int]]:
    """Every byte string `name` can be in a page after `bytes.lower()`, with how to check its edges."""
    prefix = name.endswith("*")
    core = unicodedata.normalize("NFC", name.rstrip("*")).strip()
    if not core:
        return
    latin = _is_latin(core)
    if latin:
        edges = PREFIX if prefix else LATIN
    else:
        edges = CYRILLIC if 0x370 <= ord(core[0]) < 0x530 else ANYWHERE
    cases = {core.lower(), _title(core.lower()), core.upper(), core}
    out: set[bytes] = set()
    for case in cases:
        for form in ("NFC", "NFD"):
            out.add(unicodedata.normalize(form, case).encode("utf-8").lower())
    if latin:   # written without diacritics (đ is no d + mark: it is replaced)
        bare = unicodedata.normalize("NFD", core.lower().replace("đ", "d"))
        out.add(bare.encode("ascii", "ignore"))
    for pattern in out:
        if pattern.strip():
            yield pattern, edges


def _title(text: str) -> str:
    """Each word's first letter upper-cased (str.title() would also lower-case after apostrophes)."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _countries(country: str) -> tuple[str, ...]:
    return ("VN", "JP") if country == "both" else (country.split("_")[0],)


def _is_latin(text: str) -> bool:
    """Letters of the Latin script only (with any diacritics), digits, spaces and punctuation."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def _edges_ok(data: bytes, start: int, end: int, edges: int) -> bool:
    if edges == ANYWHERE:
        return True
    if edges == CYRILLIC:   # not after a Greek or Cyrillic letter (two bytes in UTF-8)
        return start < 2 or not (data[start - 2] in _CYRILLIC_LEADS and 0x80 <= data[start - 1] < 0xC0)
    if start > 0 and data[start - 1] in _WORD_BYTES:
        return False
    # a letter with diacritics next to the name is no boundary: kept (loose, never a lost page)
    return edges == PREFIX or end >= len(data) or data[end] not in _WORD_BYTES


def _prepare(lowered: bytes, html_page: bool) -> bytes:
    """What the automaton reads: the visible text of a page, every kind of space a plain space."""
    if html_page:
        lowered = _visible(lowered)
    lowered = lowered.translate(_SPACES)
    for space in (b"\xc2\xa0", b"&nbsp;", b"&#160;", b"\xe3\x80\x80"):   # no-break and ideographic spaces
        if space in lowered:
            lowered = lowered.replace(space, b" ")
    return lowered


def _visible(lowered: bytes) -> bytes:
    """The page without its scripts and styles (lower-cased bytes in, found with bytes.find)."""
    if b"<s" not in lowered:
        return lowered
    parts: list[bytes] = []
    position = 0
    next_at = {opening: lowered.find(opening) for opening, _ in _CUT}   # each opening searched once a cut
    while True:
        cuts = [(next_at[opening], close) for opening, close in _CUT if next_at[opening] >= 0]
        if not cuts:
            break
        at, close = min(cuts)
        parts.append(lowered[position:at])
        end = lowered.find(close, at)
        if end < 0:
            position = len(lowered)
            break
        position = end + len(close)
        for opening, _ in _CUT:
            if 0 <= next_at[opening] < position:
                next_at[opening] = lowered.find(opening, position)
    parts.append(lowered[position:])
    return b" ".join(parts)


def _is_utf8(data: bytes, charset: str | None) -> bool:
    declared = text_codec(charset) or text_codec(html_charset(data))
    if declared not in (None, "utf-8", "ascii"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:   # a cut last character is still UTF-8
        return err.reason == "unexpected end of data" and err.start >= len(data) - 3
    return True


def lenient_decode(data: bytes, charset: str | None = None) -> str:
    """UTF-8 when the bytes are UTF-8, else the charset the page or its HTTP header declares,
    else Windows-1258 (the legacy Vietnamese code page); never raises."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in (charset, html_charset(data)):
        codec = text_codec(declared)
        if codec is not None and codec != "utf-8":
            return data.decode(codec, "replace")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", "replace")
    return data.decode("cp1258", "replace")




def _names() -> list[tuple[str, str]]:
    from ..gazetteer import load as load_gazetteer

    out: list[tuple[str, str]] = []
    gazetteer = load_gazetteer()
    for form in gazetteer.forms:
        if form.kind == "unit" and ord(form.text[0]) not in _HIRAGANA:
            out.append((form.text, gazetteer.unit(form.key).country))
    places = json.loads(resources.files("kizuna.extract").joinpath("data", "places.json").read_text("utf-8"))
    out += [(alias, "VN") for aliases in places["cities"].values() for alias in aliases]
    countries = json.loads(resources.files(__name__).joinpath("data", "countries.json").read_text("utf-8"))
    for key in ("VN", "JP", "both", "VN_local", "JP_local"):
        out += [(name, key) for name in countries[key]]
    return out


@cache
def load() -> Prefilter:
    """The prefilter built from the shipped data (once per process)."""
    return Prefilter(_names())


def keep_bytes(data: bytes, charset: str | None = None) -> bool:
    """Can this page (raw HTML bytes) be about Vietnam and Japan?"""
    return load().check_bytes(data, charset).relevant


def keep_text(text: str, html_page: bool = False) -> bool:
    """Can this decoded text (a record's fields, a text or HTML file) be about Vietnam and Japan?"""
    return load().check_text(text, html_page).relevant

"""The data model: frozen dataclasses handed from one pipeline stage to the next.

Every fact carries `evidence`: spans (start, end) into the cleaned, NFC-normalised
main text of its document. A fact without evidence is not a fact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Country = Literal["VN", "JP"]

EVENT_TYPES = ("visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other")
TIE_KINDS = ("agreement", "visit", "meeting", "proposed", "existing")  # strongest first
FIGURE_UNITS = ("USD", "JPY", "VND", "EUR", "%", "people", "companies", "projects",
                "localities", "partnerships", "other")
SECTORS = ("agriculture", "food", "manufacturing", "semiconductors", "digital", "science_technology",
           "energy_environment", "minerals", "education_training", "labour", "healthcare", "tourism",
           "culture_exchange", "trade_investment", "infrastructure", "disaster_prevention")


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into a document's cleaned text."""
    start: int
    end: int

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if text is not None:
            out["text"] = text[self.start:self.end]
        return out


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a source yields: one document before cleaning.

    `kind` says how to clean it: "text" (a flattened page or plain article), "html"
    (a web page) or "record" (a news-please/CC-News record whose `text` is already
    the main text).  `text` is decoded and NFC-normalised; `data` keeps the original
    bytes so that the store can keep them (compressed) and re-clean later.
    """
    source: str
    kind: Literal["text", "html", "record"]
    text: str
    data: bytes = b""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class CleanText:
    """What cleaning returns: the main text with its title, date and URL."""
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    headline_end: int = 0   # the text opens with the page's headline, up to here (0: it does not)


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document. `id` is the SHA-1 of the normalised main text."""
    id: str
    source: str
    kind: str
    text: str
    lang: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    raw: bytes = b""
    headline_end: int = 0   # see CleanText: where the headline that opens the text ends


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a locality in the text, as found by the linker."""
    start: int
    end: int
    surface: str
    key: str            # the gazetteer key of the locality (stable, e.g. "VN:long-an", "JP:osaka-city")
    name: str           # standard name (Vietnamese with diacritics; romanised Japanese)
    country: Country
    code: str | None    # ISO 3166-2 where one exists
    current: str        # the unit that holds it today (after the 2025 merger)
    level: str          # "province", "prefecture" or "designated_city"


@dataclass(frozen=True, slots=True)
class Locality:
    name: str
    country: Country
    code: str | None
    current: str
    evidence: tuple[Span, ...]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "code": self.code, "current": self.current,
                "evidence": [s.to_json(text) for s in self.evidence]}


@dataclass(frozen=True, slots=True)
class Tie:
    vn: str
    jp: str
    kind: str
    evidence: tuple[Span, ...]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        return {"vn": self.vn, "jp": self.jp, "kind": self.kind,
                "evidence": [s.to_json(text) for s in self.evidence]}


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    date: str | None
    end: str | None
    place: str | None
    evidence: tuple[Span, ...]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "date": self.date}
        if self.end:
            out["end"] = self.end
        out["place"] = self.place
        out["evidence"] = [s.to_json(text) for s in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    locality: str | None
    evidence: tuple[Span, ...]
    organization: str | None = None
    name_span: Span | None = None   # where the name itself stands (lets the linker drop "Mr Chiba")

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "role": self.role, "locality": self.locality}
        if self.organization:
            out["organization"] = self.organization
        out["evidence"] = [s.to_json(text) for s in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    evidence: tuple[Span, ...]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        return {"name": self.name, "evidence": [s.to_json(text) for s in self.evidence]}


@dataclass(frozen=True, slots=True)
class Figure:
    value: float | int
    unit: str
    about: str
    evidence: tuple[Span, ...]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "about": self.about,
                "evidence": [s.to_json(text) for s in self.evidence]}


@dataclass(frozen=True, slots=True)
class Context:
    """What every fact extractor receives: one document's cleaned text and what is known of it."""
    text: str
    lang: str
    published: str | None
    mentions: tuple[Mention, ...]
    sentences: tuple[Span, ...]
    # `fold(text)` (same length, same offsets), computed once here because every extractor
    # matches its phrase tables on it; never compared (it follows from `text`).
    folded: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.folded) != len(self.text):
            from .text import fold   # text.py imports this module
            object.__setattr__(self, "folded", fold(self.text))


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything kizuna knows about one document: the contract's JSON object."""
    document: Document
    mentions: tuple[Mention, ...] = ()
    localities: tuple[Locality, ...] = ()
    ties: tuple[Tie, ...] = ()
    events: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    figures: tuple[Figure, ...] = ()
    sectors: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self, with_text: bool = False) -> dict[str, Any]:
        doc = self.document
        text = doc.text if with_text else None
        out: dict[str, Any] = {
            "source": doc.source, "id": doc.id, "url": doc.url, "title": doc.title,
            "lang": doc.lang, "published": doc.published,
            "localities": [x.to_json(text) for x in self.localities],
            "ties": [x.to_json(text) for x in self.ties],
            "events": [x.to_json(text) for x in self.events],
            "people": [x.to_json(text) for x in self.people],
            "organizations": [x.to_json(text) for x in self.organizations],
            "figures": [x.to_json(text) for x in self.figures],
            "sectors": list(self.sectors),
        }
        if with_text:
            out["text"] = doc.text
        return out

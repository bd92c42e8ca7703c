"""Gazetteer: Vietnamese provinces (63 before and 34 after 1 July 2025), Japanese prefectures and
designated cities, regions, with names in many languages.

Entry point: `load() -> Gazetteer`.

Everything comes from the JSON files in `data/` (each says where its knowledge comes from):
`vn_units.json` is generated from vietnamadminunits and pycountry by scripts/build_gazetteer.py;
the others are written by hand. From them the gazetteer derives every written form of every unit
(`Gazetteer.forms`): the bare names, the names wrapped in each language's "province of"/"city of"
words, and the native-script names with their fused suffixes (群馬県, クアンニン省, 꽝닌성).

Naming decisions:
- A designated city has its own unit (key "JP:osaka-city", level "designated_city") but the same
  `name` as the place ("Osaka"): the contract names localities without suffixes, and scoring
  compares names. A bare "Osaka" is the prefecture; "Osaka City", "大阪市" is the city.
- "X City"/"X市" for a Japanese X that is not a designated city (Nara City, 長野市) names a city
  inside prefecture X: it is linked to the prefecture, the province-level unit.
- A Vietnamese unit that kept its name through the 2025 merger is one unit existing before and
  after (Quảng Ninh, Tây Ninh); an absorbed one exists before only and points at its `current`.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from ..text import fold, fold_name, nfc

__all__ = ["Gazetteer", "NameForm", "Region", "Unit", "load"]

log = logging.getLogger(__name__)

Level = Literal["province", "prefecture", "designated_city"]
FormKind = Literal["unit", "region", "blocker"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One province-level unit. `current` is the name of the unit that holds it today."""
    key: str
    name: str
    country: Literal["VN", "JP"]
    code: str | None
    level: Level
    current: str
    current_key: str
    lat: float
    lon: float
    before: bool = True          # existed before 2025-07-01 (always True for Japan)
    after: bool = True           # exists after 2025-07-01 (always True for Japan)
    city: bool = False           # a city: VN centrally governed city, JP designated city
    prefecture: str | None = None  # for a designated city: the name of its prefecture
    aliases: tuple[str, ...] = ()
    until: str | None = None     # the day a renamed unit took its new name (else the merger's day)

    @property
    def merged(self) -> bool:
        """An old Vietnamese unit that now lies inside another one."""
        return self.current_key != self.key


@dataclass(frozen=True, slots=True)
class Region:
    key: str
    name: str
    country: Literal["VN", "JP"]
    names: tuple[str, ...]
    members: tuple[str, ...]     # unit keys


@dataclass(frozen=True, slots=True)
class NameForm:
    """One written form to look for in text.

    `text` is the form as written (NFC); `core_start`/`core_end` delimit the part that is the name
    itself (what a mention's span covers: "Gunma" in "Gunma-provinsen", all of "群馬県").
    `explicit` forms carry a marker of the level (a suffix or a wrapper word). Lower `rank` wins
    when two units share a form (a bare "Osaka" is the prefecture, "Osaka City" the city).
    """
    text: str
    key: str
    kind: FormKind
    core_start: int
    core_end: int
    explicit: bool
    rank: int


# Ranks: which unit a form names when several could (lower wins).
RANK_EXPLICIT = 0      # a marker of this very unit's level: 大阪府, Osaka City, tỉnh Long An
RANK_BARE = 1          # the bare name: Osaka -> the prefecture
RANK_BARE_CITY = 2     # a bare designated-city name shared with nothing else: Yokohama
RANK_CITY_IN_PREF = 3  # "Nara City": a city inside the prefecture of that name
RANK_BLOCKER = 4       # a region or country never takes a form a unit also has


def _read(package: str, name: str) -> Any:
    return json.loads(resources.files(package).joinpath("data", name).read_text("utf-8"))


class Gazetteer:
    """All units, regions and written forms; build once with `load()`."""

    def __init__(self, units: Iterable[Unit], regions: Iterable[Region], forms: Iterable[NameForm],
                 merged_on: str) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self.regions: tuple[Region, ...] = tuple(regions)
        self.forms: tuple[NameForm, ...] = tuple(forms)
        self._merged_on = merged_on
        self._by_key = {u.key: u for u in self.units}
        self._renamed_into: dict[str, list[Unit]] = {}   # a unit's key -> the units renamed into it
        for u in self.units:
            if u.until:
                self._renamed_into.setdefault(u.current_key, []).append(u)
        self._by_form: dict[str, list[NameForm]] = {}
        for form in sorted(self.forms, key=lambda f: f.rank):
            self._by_form.setdefault(fold_name(form.text), []).append(form)
        for unit in self.units:   # keys and codes are names too ("VN:long-an", "JP-10")
            for extra in (unit.key, unit.code):
                if extra:
                    self._by_form.setdefault(fold_name(extra), []).append(
                        NameForm(extra, unit.key, "unit", 0, len(extra), True, RANK_EXPLICIT))

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self.units)} units, {len(self.regions)} regions, {len(self.forms)} forms>"

    def unit(self, key: str) -> Unit:
        return self._by_key[key]

    def get(self, key: str) -> Unit | None:
        return self._by_key.get(key)

    def find(self, name: str) -> list[Unit]:
        """Every unit that `name` may denote (any alias, with or without diacritics or wrapper words),
        the most likely first: explicit forms, then today's units before the merged ones."""
        forms = self._by_form.get(fold_name(name), [])
        units = dict.fromkeys(self._by_key[f.key] for f in forms if f.kind == "unit")
        if not units:   # a standard name kept out of the forms as too ambiguous in text ("Sakai")
            units = dict.fromkeys(u for u in self.units if fold_name(u.name) == fold_name(name))
        return sorted(units, key=lambda u: u.merged)   # stable: rank order within each group

    def find_region(self, name: str) -> Region | None:
        for form in self._by_form.get(fold_name(name), []):
            if form.kind == "region":
                return next(r for r in self.regions if r.key == form.key)
        return None

    def regions_of(self, unit: Unit | str) -> list[Region]:
        key = self._key_of(unit)
        return [r for r in self.regions if key in r.members]

    def members_of(self, unit: Unit | str) -> list[Unit]:
        """The units a unit holds today: itself and, for a Vietnamese unit after the merger, the
        old units merged into it. `unit` may be a Unit, a key or a name."""
        key = self._key_of(unit)
        return [u for u in self.units if u.current_key == key or u.key == key]

    def current_of(self, unit: Unit | str) -> Unit:
        return self._by_key[self._by_key[self._key_of(unit)].current_key]

    def merged_on(self, unit: Unit | str) -> str | None:
        """The date a merged (or renamed) unit stopped existing under its name, else None."""
        found = self._by_key.get(self._key_of(unit))
        if found is None or not found.merged:
            return None
        return found.until or self._merged_on

    def as_of(self, key: str, date: str | None) -> Unit:
        """The unit that a name of today's unit `key` denoted on `date`: before Huế became a
        centrally governed city (1 January 2025) the province-level unit was Thừa Thiên Huế. A
        date of unknown day or month compares by what it gives ("2024-12" is before)."""
        unit = self._by_key[key]
        if date:
            for old in self._renamed_into.get(key, ()):
                if date[:len(old.until or "")] < (old.until or "")[:len(date)]:
                    return old
        return unit

    def _key_of(self, unit: Unit | str) -> str:
        if isinstance(unit, Unit):
            return unit.key
        if unit in self._by_key:
            return unit
        found = self.find(unit)
        if not found:
            raise KeyError(f"unknown locality {unit!r}")
        return found[0].key


# -- building ------------------------------------------------------------------------------------

def _variants(name: str) -> list[str]:
    """Spellings of a Latin name that differ by more than case and diacritics: the separators of
    a compound name (Bà Rịa-Vũng Tàu, Bà Rịa - Vũng Tàu, Bà Rịa – Vũng Tàu, Ba Ria Vung Tau)."""
    out = [name]
    if "-" in name:
        out += [name.replace("-", sep) for sep in (" - ", " – ", "–", " ")]
    return out


def _is_cyrillic(text: str) -> bool:
    return any(0x400 <= ord(c) < 0x530 for c in text)


def _wrap(pattern: str, name: str, key: str, rank: int) -> NameForm:
    before, _, after = pattern.partition("{name}")
    text = nfc(before + name + after)
    start = len(nfc(before))
    return NameForm(text, key, "unit", start, start + len(nfc(name)), True, rank)


def _bare(name: str, key: str, rank: int, explicit: bool = False, kind: FormKind = "unit") -> NameForm:
    text = nfc(name)
    return NameForm(text, key, kind, 0, len(text), explicit, rank)


def _affixed(names: Iterable[str], key: str, affixes: dict[str, list[str]], rank: int) -> Iterator[NameForm]:
    """Each Latin name in each Latin wrapper, each Cyrillic name in each Cyrillic wrapper."""
    patterns = [p for lang, ps in affixes.items() if not lang.startswith("_") for p in ps]
    for name in names:
        cyrillic = _is_cyrillic(name)
        for pattern in patterns:
            if _is_cyrillic(pattern.replace("{name}", "")) == cyrillic:
                yield _wrap(pattern, name, key, rank)


def _vn_units(raw: dict[str, Any], names: dict[str, dict[str, list[str]]]) -> list[Unit]:
    by_key = {u["key"]: u for u in raw["units"]}
    units = []
    for u in raw["units"]:
        extra = names.get(u["key"], {})
        units.append(Unit(
            key=u["key"], name=u["name"], country="VN", code=u["code"], level="province",
            current=by_key[u["current"]]["name"], current_key=u["current"], lat=u["lat"], lon=u["lon"],
            before=u["before"], after=u["after"], city=u["municipality"], until=u.get("until"),
            aliases=tuple(dict.fromkeys(a for lang in ("en", "ja", "zh", "ko", "ru") for a in extra.get(lang, ())))))
    return units


def _jp_units(raw: dict[str, Any]) -> list[Unit]:
    units = []
    for p in raw["prefectures"]:
        key = f"JP:{p['name'].lower()}"
        units.append(Unit(key=key, name=p["name"], country="JP", code=p["code"], level="prefecture",
                          current=p["name"], current_key=key, lat=p["lat"], lon=p["lon"],
                          aliases=(p["kanji"] + p["suffix"], p["kanji"], p["kana"], *p["ko"], *p["ru"],
                                   *p.get("exonyms", ()))))
    for c in raw["designated_cities"]:
        key = f"JP:{c['name'].lower()}-city"
        units.append(Unit(key=key, name=c["name"], country="JP", code=None, level="designated_city",
                          current=c["name"], current_key=key, lat=c["lat"], lon=c["lon"], city=True,
                          prefecture=c["prefecture"], aliases=(c["kanji"] + "市", *c["ko"], *c["ru"])))
    return units


def _simplify(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in text)


def _vn_forms(unit: Unit, names: dict[str, list[str]], affixes: dict[str, Any]) -> Iterator[NameForm]:
    cjk = affixes["cjk_suffix"]
    latin = [v for n in (unit.name, *names.get("en", ())) for v in _variants(n)]
    for name in latin:
        yield _bare(name, unit.key, RANK_BARE)
    yield from _affixed(latin, unit.key, affixes["area"], RANK_EXPLICIT)
    # "thành phố Hải Dương" is a city inside the province of that name; for a centrally governed
    # city it is the unit itself.
    yield from _affixed(latin, unit.key, affixes["city"], RANK_EXPLICIT if unit.city else RANK_CITY_IN_PREF)
    for kana in names.get("ja", ()):
        yield _bare(kana, unit.key, RANK_BARE)
        suffix = cjk["ja_vn_city"] if unit.city else cjk["ja_vn_province"]
        yield _bare(kana + suffix, unit.key, RANK_EXPLICIT, explicit=True)
        if "・" in kana:
            yield _bare(kana.replace("・", ""), unit.key, RANK_BARE)
    for han in names.get("zh", ()):
        yield _bare(han, unit.key, RANK_EXPLICIT, explicit=han[-1] in "省市")
        if han[-1] not in "省市":
            yield _bare(han + cjk["zh_city"], unit.key, RANK_EXPLICIT, explicit=True)
    for hangul in names.get("ko", ()):
        yield _bare(hangul, unit.key, RANK_BARE, explicit=hangul[-1] in "성시")
        if hangul[-1] not in "성시":
            yield _bare(hangul + (cjk["ko_vn_city"] if unit.city else cjk["ko_vn_province"]), unit.key,
                        RANK_EXPLICIT, explicit=True)
    ru = names.get("ru", ())
    for cyr in ru:
        yield _bare(cyr, unit.key, RANK_BARE)
    yield from _affixed(ru[:1], unit.key, affixes["area"], RANK_EXPLICIT)
    yield from _affixed(ru[:1], unit.key, affixes["city"], RANK_EXPLICIT if unit.city else RANK_CITY_IN_PREF)


def _jp_prefecture_forms(p: dict[str, Any], key: str, affixes: dict[str, Any], zh: dict[str, str],
                         city_names: set[str]) -> Iterator[NameForm]:
    cjk = affixes["cjk_suffix"]
    # the exonyms other languages' news use ("Tokio", "Tóquio") are Latin spellings like the name
    latin = [v for name in (p["name"], *p.get("exonyms", ())) for v in _variants(name)]
    for name in latin:
        yield _bare(name, key, RANK_BARE)
    yield from _affixed(latin, key, affixes["area"], RANK_EXPLICIT)
    if p["name"] not in city_names:
        yield from _affixed(latin, key, affixes["city"], RANK_CITY_IN_PREF)
        yield _bare(p["kanji"] + cjk["ja_city"], key, RANK_CITY_IN_PREF, explicit=True)
    kanji, suffix = p["kanji"], p["suffix"]
    yield _bare(kanji + suffix, key, RANK_EXPLICIT, explicit=bool(suffix))
    if suffix:
        yield _bare(kanji, key, RANK_BARE)
    yield _bare(p["kana"], key, RANK_BARE)   # for `find`; the linker skips hiragana forms
    simplified = _simplify(kanji, zh)
    yield _bare(simplified + cjk["zh_prefecture"][suffix], key, RANK_EXPLICIT, explicit=bool(suffix))
    if suffix and simplified != kanji:
        yield _bare(simplified, key, RANK_BARE)
    for hangul in p["ko"]:
        # Short Korean transcriptions of Japanese names are common words (나라 'country', 기후
        # 'climate'): bare only from three syllables on, otherwise with the suffix (나라현).
        if len(hangul) >= 3:
            yield _bare(hangul, key, RANK_BARE)
        if cjk["ko_prefecture"][suffix]:
            yield _bare(hangul + cjk["ko_prefecture"][suffix], key, RANK_EXPLICIT, explicit=True)
    for cyr in p["ru"]:
        yield _bare(cyr, key, RANK_BARE)
    yield from _affixed(p["ru"], key, affixes["area"], RANK_EXPLICIT)


def _jp_city_forms(c: dict[str, Any], key: str, affixes: dict[str, Any], zh: dict[str, str],
                   prefecture_names: set[str]) -> Iterator[NameForm]:
    cjk = affixes["cjk_suffix"]
    shared = c["name"] in prefecture_names
    # A bare name shared with a prefecture is the prefecture; "Sakai" alone is a common surname.
    bare_ok = not shared and not c.get("bare_is_ambiguous", False)
    latin = _variants(c["name"])
    if bare_ok:
        for name in latin:
            yield _bare(name, key, RANK_BARE_CITY)
    yield from _affixed(latin, key, affixes["city"], RANK_EXPLICIT)
    yield _bare(c["kanji"] + cjk["ja_city"], key, RANK_EXPLICIT, explicit=True)
    simplified = _simplify(c["kanji"], zh)
    if simplified != c["kanji"]:
        yield _bare(simplified + cjk["zh_city"], key, RANK_EXPLICIT, explicit=True)
    for hangul in c["ko"]:
        yield _bare(hangul + cjk["ko_city"], key, RANK_EXPLICIT, explicit=True)
    if bare_ok:
        if len(c["kanji"]) > 1:
            yield _bare(c["kanji"], key, RANK_BARE_CITY)
            if simplified != c["kanji"]:
                yield _bare(simplified, key, RANK_BARE_CITY)
        for other in (*c["ko"], *c["ru"]):
            yield _bare(other, key, RANK_BARE_CITY)
    yield from _affixed(c["ru"][:1], key, affixes["city"], RANK_EXPLICIT)


def _region_forms(regions: list[Region]) -> Iterator[NameForm]:
    for region in regions:
        for name in region.names:
            for variant in _variants(name):
                yield _bare(variant, region.key, RANK_BLOCKER, kind="region")


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """The folded words that may follow a unit's name in any language ("Prefecture", "Provincial",
    "City", "prefektur" of data/affixes.json's "{name} WORD" forms)."""
    affixes = _read(__name__, "affixes.json")
    return frozenset(fold(pattern.split("{name}", 1)[1].split()[0])
                     for kind in ("area", "city") for lang, patterns in affixes[kind].items()
                     if not lang.startswith("_") for pattern in patterns
                     if pattern.startswith("{name} ") and len(pattern.split()) > 1)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer from the shipped data (built once per process)."""
    vn_raw, jp_raw = _read(__name__, "vn_units.json"), _read(__name__, "jp_units.json")
    vn_names = _read(__name__, "vn_names.json")["units"]
    affixes, regions_raw = _read(__name__, "affixes.json"), _read(__name__, "regions.json")
    zh = {k: v for k, v in jp_raw["zh_simplified"].items() if not k.startswith("_")}

    units = _vn_units(vn_raw, vn_names) + _jp_units(jp_raw)
    by_name: dict[tuple[str, str], str] = {(u.country, fold_name(u.name)): u.key for u in units
                                           if u.level != "designated_city"}
    forms: list[NameForm] = []
    for unit in units:
        if unit.country == "VN":
            forms += _vn_forms(unit, vn_names.get(unit.key, {}), affixes)
    prefecture_names = {p["name"] for p in jp_raw["prefectures"]}
    city_names = {c["name"] for c in jp_raw["designated_cities"]}
    for p in jp_raw["prefectures"]:
        forms += _jp_prefecture_forms(p, f"JP:{p['name'].lower()}", affixes, zh, city_names)
    for c in jp_raw["designated_cities"]:
        forms += _jp_city_forms(c, f"JP:{c['name'].lower()}-city", affixes, zh, prefecture_names)

    regions = [Region(r["key"], r["name"], r["country"], tuple(r["names"]),
                      tuple(by_name[(r["country"], fold_name(m))] for m in r["members"]))
               for r in regions_raw["regions"]]
    forms += _region_forms(regions)
    gazetteer = Gazetteer(units, regions, _dedupe(forms), vn_raw["merged_on"])
    log.debug("loaded %r", gazetteer)
    return gazetteer


def _dedupe(forms: list[NameForm]) -> list[NameForm]:
    """One form per (folded text, key); for a text several units share, every unit is kept (the
    linker takes the lowest rank, `find` returns them all)."""
    seen: dict[tuple[str, str], NameForm] = {}
    for form in forms:
        ident = (fold(form.text), form.key)
        if ident not in seen or form.rank < seen[ident].rank:
            seen[ident] = form
    return list(seen.values())

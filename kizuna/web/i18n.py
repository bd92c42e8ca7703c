"""The interface's languages: gettext catalogues (Babel .po files under locales/), the choice of
language for a request, and locality names in that language.

The .po files are compiled in memory when first needed (Babel's read_po/write_mo): no build step,
no .mo files to keep in step with their sources.

Choice of language, first that applies: `?lang=` (then remembered in a cookie), the cookie,
the browser's Accept-Language, English.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import BytesIO
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from ..text import fold_name

LANGUAGES = ("vi", "en", "ja")        # the interface's languages, in the order the switch shows them
DEFAULT = "en"
COOKIE = "kizuna_lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "ja": "日本語"}

_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The catalogue of one interface language, compiled from its .po file."""
    path = resources.files(__package__).joinpath("locales", lang, "LC_MESSAGES", "messages.po")
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    mo = BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo)


def negotiate(accept_language: str | None) -> str | None:
    """The interface language the browser prefers most among ours, or None."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "")[:500].split(",")):
        m = _RANGE.match(part)
        if not m:
            continue
        try:
            quality = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            continue
        primary = m.group(1).split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else None


def choose(query_lang: str | None, cookie_lang: str | None, accept_language: str | None) -> str:
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    return negotiate(accept_language) or DEFAULT


# -- locality names in the interface's language -------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Names:
    by_lang: dict[str, dict[str, str]]     # lang -> folded standard name -> shown name


@lru_cache(maxsize=1)
def _names() -> _Names:
    """Shown names from the gazetteer's data: Japanese script for Japanese readers (群馬県,
    クアンニン), English names for English readers (Ho Chi Minh City), standard names otherwise."""
    from .. import gazetteer
    data = resources.files(gazetteer.__name__).joinpath("data")
    vn_names = json.loads(data.joinpath("vn_names.json").read_text("utf-8"))["units"]
    vn_units = json.loads(data.joinpath("vn_units.json").read_text("utf-8"))["units"]
    jp = json.loads(data.joinpath("jp_units.json").read_text("utf-8"))
    ja: dict[str, str] = {}
    en: dict[str, str] = {}
    for unit in vn_units:
        forms = vn_names.get(unit["key"], {})
        if forms.get("ja"):
            ja[fold_name(unit["name"])] = forms["ja"][0]
        # English readers get the name plus an English word (Ho Chi Minh City); a form that is only
        # the name without tones (Quangninh) or another name of the unit (Thua Thien Hue) is not used.
        own = _squashed(unit["name"])
        english = [f for f in forms.get("en", ()) if _squashed(f) != own and _squashed(f).startswith(own)]
        if english:
            en[fold_name(unit["name"])] = english[0]
    for p in jp["prefectures"]:
        ja[fold_name(p["name"])] = p["kanji"] + p["suffix"]
    for c in jp["designated_cities"]:
        ja.setdefault(fold_name(c["name"]), c["kanji"] + "市")
    return _Names({"ja": ja, "en": en})


def _squashed(name: str) -> str:
    return fold_name(name).replace(" ", "").replace("-", "")


def locality_name(name: str | None, lang: str) -> str:
    """`name` (a stored standard name) as readers of `lang` know it; unchanged when unknown."""
    if not name:
        return ""
    return _names().by_lang.get(lang, {}).get(fold_name(name), name)


def template_globals(lang: str) -> dict[str, Any]:
    """What every template needs to speak `lang`."""
    tr = translations(lang)
    return {"_": tr.gettext, "ngettext": tr.ngettext, "lang": lang, "languages": LANGUAGES,
            "language_names": LANGUAGE_NAMES, "place": lambda name: locality_name(name, lang),
            "number": lambda value: format_decimal(value, locale=_locale(lang))}


@lru_cache(maxsize=len(LANGUAGES))
def _locale(lang: str) -> Locale:
    """Babel's locale, parsed once: given a name, format_decimal parses it again (and looks for its
    data file) for every number a page shows, hundreds on a busy province's profile."""
    return Locale.parse(lang)

"""Language identification of the main text.

Entry point: `detect(text: str, hint: str | None = None) -> str` (ISO 639-1 code, "und" if unknown).

The script decides where it is decisive (kana: Japanese, hangul: Korean, Han alone: Chinese,
Cyrillic: Russian, Vietnamese-only letters: Vietnamese); otherwise lingua, restricted to the
languages kizuna reads (about 290 MB instead of 1.2 GB), looks at a bounded sample.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

UNKNOWN = "und"
SAMPLE_CHARS = 1000   # lingua's accuracy stops improving long before; its time grows with length


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(files(__package__).joinpath("data/languages.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _scripts() -> list[tuple[str, re.Pattern[str], float]]:
    return [(rule["lang"], re.compile(rule["chars"]), rule["share"]) for rule in _data()["scripts"]]


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    codes = [getattr(IsoCode639_1, code.upper()) for code in _data()["lingua"]]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def supported() -> tuple[str, ...]:
    """The languages `detect` can return (besides "und")."""
    return tuple(_data()["lingua"])


def detect(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of the main language of `text` (NFC), or "und" when it has no letters."""
    sample = _sample(text)
    letters = sum(ch.isalpha() for ch in sample)
    if letters == 0:
        return UNKNOWN
    by_script = _by_script(sample, letters)
    if by_script:
        return by_script
    return _by_lingua(sample, hint)


def _sample(text: str) -> str:
    """The middle of the text, where the article is (titles and datelines are at the top)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    start = min(len(text) // 5, len(text) - SAMPLE_CHARS)
    return text[start:start + SAMPLE_CHARS]


def _by_script(sample: str, letters: int) -> str | None:
    for lang, chars, share in _scripts():
        if len(chars.findall(sample)) >= share * letters:
            return lang
    return None


def _by_lingua(sample: str, hint: str | None) -> str:
    detector = _detector()
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return UNKNOWN
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    hint = (hint or "").lower()[:2]
    if best.value < 0.5 and hint in supported():
        return hint
    return code

"""Language identification of the main text.

Entry point: `detect(text: str, hint: str | None = None) -> str` (ISO 639-1 code, "und" if unknown).

Strategies, cheapest first:
1. no letters at all -> "und";
2. the script, where it is decisive (kana: Japanese, hangul: Korean, Han alone: Chinese,
   Cyrillic: Russian, a share of Vietnamese-only letters: Vietnamese) -- rules in data/languages.json;
3. the frequent function words of a language, when they clearly dominate a long sample;
4. lingua, restricted to the languages kizuna reads (about 290 MB instead of 1.2 GB), on a
   short sample of the body, widened once when lingua is not sure;
5. the caller's hint (a record's `language` field) only when lingua stays unsure.

The text is normalised to NFC first: lingua calls NFD Vietnamese Portuguese.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from ..text import nfc

logger = logging.getLogger(__name__)

UNKNOWN = "und"
# lingua takes ~0.15 ms on 300 characters and ~0.6 ms on 1000; on prose of the supported
# languages 300 characters already give a confidence near 1.0, so the wide sample is only
# paid for when the short one leaves lingua unsure.
SHORT_SAMPLE = 300
WIDE_SAMPLE = 1000
SURE = 0.9     # lingua's relative confidence above which the short sample decides
UNSURE = 0.5   # below this (on the wide sample) a valid hint wins


@dataclass(frozen=True, slots=True)
class ScriptRule:
    lang: str
    chars: re.Pattern[str]
    share: float   # minimal share of the sample's letters written in `chars`


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(files(__package__).joinpath("data/languages.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def script_rules() -> tuple[ScriptRule, ...]:
    return tuple(ScriptRule(rule["lang"], re.compile(rule["chars"]), float(rule["share"]))
                 for rule in _data()["scripts"])


@lru_cache(maxsize=1)
def _detector() -> Any:
    """Built once, lazily: loading the 12 models takes about a second and 290 MB."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    codes = [getattr(IsoCode639_1, code.upper()) for code in supported()]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


@lru_cache(maxsize=1)
def preload() -> None:
    """Build the lingua detector now (about a second, once per process) rather than on the
    first document that needs it; long runs and benchmarks call this before timing."""
    _detector()


def supported() -> tuple[str, ...]:
    """The languages `detect` can return (besides "und")."""
    return tuple(_data()["lingua"])


def detect(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of the main language of `text`, or "und" when it has no letters."""
    sample = nfc(body_sample(text, WIDE_SAMPLE))
    # what is left when every run of non-letters is cut out: one string, where findall of each
    # letter built a list of a thousand (and a Python loop over the sample cost more still)
    letters = len(_NOT_LETTERS.sub("", sample))
    if letters == 0:
        return UNKNOWN
    by_script = _by_script(sample, letters)
    if by_script:
        return by_script
    by_words = _by_function_words(sample)
    if by_words:
        return by_words
    return _by_lingua(text, sample, _valid_hint(hint))


_WORD = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")   # runs of what is no letter: the complement of [^\W\d_]


@lru_cache(maxsize=1)
def _function_words() -> tuple[dict[str, str], int, float]:
    table = _data()["function_words"]
    owner: dict[str, str] = {}
    for lang, words in table["words"].items():
        for word in words:
            owner[word] = lang
    return owner, table["min_hits"], table["ratio"]


def _by_function_words(sample: str) -> str | None:
    """A language whose frequent function words clearly dominate a long sample (no lingua call)."""
    owner, min_hits, ratio = _function_words()
    counts: dict[str, int] = {}
    for word in _WORD.findall(sample.lower()):
        lang = owner.get(word)
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    best = max(counts, key=counts.__getitem__)
    runner_up = ranked[1] if len(ranked) > 1 else 0
    return best if ranked[0] >= min_hits and ranked[0] >= ratio * runner_up else None


def body_sample(text: str, size: int) -> str:
    """About `size` characters from the body, past the title and dateline at the top, cut at spaces."""
    if len(text) <= size:
        return text
    start = min(len(text) // 5, len(text) - size)
    if start:
        space = text.find(" ", start, start + 40)
        start = space + 1 if space >= 0 else start
    end = start + size
    space = text.rfind(" ", end - 40, end)
    return text[start:space if space > start else end]


def _by_script(sample: str, letters: int) -> str | None:
    for rule in script_rules():
        if len(rule.chars.findall(sample)) >= rule.share * letters:
            return rule.lang
    return None


def _by_lingua(text: str, wide: str, hint: str | None) -> str:
    short = nfc(body_sample(text, SHORT_SAMPLE)) if len(wide) > SHORT_SAMPLE else wide
    code, confidence = _best(short)
    if confidence >= SURE or short is wide:
        return _or_hint(code, confidence, hint)
    code, confidence = _best(wide)
    return _or_hint(code, confidence, hint)


def _best(sample: str) -> tuple[str, float]:
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return UNKNOWN, 0.0
    return values[0].language.iso_code_639_1.name.lower(), values[0].value


def _or_hint(code: str, confidence: float, hint: str | None) -> str:
    if hint and (code == UNKNOWN or confidence < UNSURE):
        logger.debug("lingua unsure (%s, %.2f): using the hint %s", code, confidence, hint)
        return hint
    return code


def _valid_hint(hint: str | None) -> str | None:
    """"vi", "VI", "vi-VN", "en_US" -> the ISO 639-1 code when kizuna supports it, else None."""
    if not isinstance(hint, str):
        return None
    code = re.split(r"[-_]", hint.strip().lower(), maxsplit=1)[0]
    return code if code in supported() else None


__all__ = ["UNKNOWN", "detect", "supported", "script_rules", "body_sample"]

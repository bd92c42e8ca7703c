"""Crashes bench/fuzz.py found, kept as regression tests; and one round of every fuzz target (slow)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kizuna.extract.figures import parse_number
from kizuna.sources.decode import decode
from kizuna.sources.fetch import decode_body

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_a_declared_charset_with_a_nul_is_no_charset() -> None:
    # was: ValueError('embedded null character') from codecs.lookup
    assert decode(b"\x80", declared="\x00") == "\u20ac"  # not UTF-8: the legacy fallback (Windows-1258)
    assert decode("Hà Nội".encode(), declared="utf-8\x00") == "Hà Nội"


@pytest.mark.parametrize("charset", ["UNDEFINED", "base64", "rot13", "zlib"])
def test_a_declared_codec_that_is_no_text_encoding_is_no_charset(charset: str) -> None:
    # was: UnicodeError('undefined encoding') from the 'undefined' codec (bench/fuzz.py, session 7)
    assert decode(b"\x80", declared=charset) == "\u20ac"   # as with no declared charset
    assert decode("Hà Nội".encode(), declared=charset) == "Hà Nội"
    assert decode_body("Hà Nội".encode(), f"text/html; charset={charset}") == "Hà Nội"


def test_a_header_charset_with_a_nul_is_skipped() -> None:
    body = "<p>Quảng Ninh</p>".encode()
    assert decode_body(body, 'text/html; charset="\x00"') == "<p>Quảng Ninh</p>"


def test_superscript_digits_are_no_number() -> None:
    # was: ValueError from float('¹'): str.isdigit() holds for superscripts
    assert parse_number("¹", ".") is None
    assert parse_number("²³", ",") is None
    assert parse_number("16 000", ",") == 16000


@pytest.mark.slow
def test_one_round_of_every_fuzz_target_finds_no_crash() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import fuzz
    finally:
        sys.path.remove(str(BENCH))
    for target in fuzz.TARGETS:
        outcome = fuzz.fuzz(target, seconds=1e-9)  # one hypothesis run of fuzz.ROUND examples
        assert outcome.crash is None, (target.name, outcome.crash)
        assert outcome.executions >= 1

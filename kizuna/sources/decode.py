"""Bytes to NFC text: UTF-8 (with or without BOM), UTF-16, a declared charset, else Windows-1258.

Windows-1258 (the Vietnamese legacy code page) writes most tone marks as combining
characters, so NFC after decoding is what makes such a file equal to its UTF-8 twin.
"""
from __future__ import annotations

import codecs
import logging
import re

from ..charset import text_codec
from ..text import nfc

logger = logging.getLogger(__name__)

# Valid multi-byte UTF-8 characters per undecodable byte above which a file is UTF-8 with a
# few stray bytes (a scraper's glitch) rather than a legacy code page (where nearly every
# accented letter is an invalid UTF-8 sequence).
STRAY_BYTES_RATIO = 20
LEGACY_FALLBACK = "cp1258"   # the common legacy encoding of Vietnamese pages
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding kizuna reads; the message says what to do."""


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode `data` and normalise it to NFC; raise DecodeError for binary or undecodable bytes."""
    text = _decode(data, declared)
    controls = len(_CONTROL.findall(text[:4096]))
    if controls > max(8, len(text[:4096]) // 50):
        raise DecodeError("looks like a binary file (many control characters), not text")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode(data: bytes, declared: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16)
    if b"\x00" in data[:4096]:
        raise DecodeError("looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    mostly_utf8 = _mostly_utf8(data, utf8_error)
    if mostly_utf8 is not None:
        return mostly_utf8
    if declared and text_codec(declared) not in (None, "utf-8"):
        try:
            return data.decode(text_codec(declared))  # type: ignore[arg-type]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(LEGACY_FALLBACK)
    except UnicodeDecodeError:
        raise DecodeError(f"undecodable bytes at offset {utf8_error.start}: not UTF-8, UTF-16 or "
                          "Windows-1258; convert the file to UTF-8") from None


def _mostly_utf8(data: bytes, error: UnicodeDecodeError) -> str | None:
    """UTF-8 with a cut-off last character or a few stray bytes is still UTF-8.

    Reading it as Windows-1258 would garble every accented letter, so a file whose
    non-ASCII text is overwhelmingly valid UTF-8 keeps UTF-8, the bad bytes becoming U+FFFD.
    """
    if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
        logger.info("UTF-8 text cut inside its last character: dropping %d bytes", len(data) - error.start)
        return data[:error.start].decode("utf-8", errors="replace")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if good >= STRAY_BYTES_RATIO * bad:
        logger.warning("%d undecodable bytes in otherwise UTF-8 text (first at offset %d): replaced by U+FFFD",
                       bad, error.start)
        return text
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise DecodeError(f"undecodable bytes at offset {err.start} for {encoding}: the file is "
                          "truncated or not in the encoding its byte-order mark announces") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte for ASCII-heavy text."""
    head = data[:2048]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None

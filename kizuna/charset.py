"""Declared charsets: what a page or an HTTP header says its bytes are, checked against Python's codecs.

Shared by the decoder (kizuna.sources.decode) and the relevance prefilter, which reads pages
before any source does.
"""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def text_codec(name: str | None) -> str | None:
    """The standard name of the text encoding `name` declares, or None when it names none."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):   # ValueError: a name with a NUL in it (found by bench/fuzz.py)
        return None
    # "undefined" always fails and "base64", "rot13" or "zlib" are no text encodings: a page
    # declaring one is read as if it declared none (found by bench/fuzz.py)
    if info.name == "undefined" or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first few kilobytes."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None

"""Write the sample files that are not plain UTF-8 NFC into kizuna/samples/.

Sources are the UTF-8 files in eval/tools/sample_sources/; the suffix of each name says how
to write it:  *_nfd.txt -> UTF-8 in NFD,  *_cp1258.txt -> Windows-1258,  *_utf16.txt -> UTF-16
(with BOM).  Run from anywhere:  .venv/bin/python eval/tools/make_sample_encodings.py
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = Path(__file__).resolve().parent / "sample_sources"
SAMPLES = ROOT / "kizuna" / "samples"


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 has some precomposed Vietnamese letters (ê, ơ, à...) and five combining tone
    marks, but not every letter with both a vowel mark and a tone (ế): such a letter is written as
    its letter without tone, precomposed, followed by the combining tone mark (ê + U+0301)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        out += _encode_char_cp1258(char)
    return bytes(out)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"   # the five combining tones Windows-1258 has


def _encode_char_cp1258(char: str) -> bytes:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", char)
    head = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
    tones = "".join(c for c in parts if c in TONE_MARKS)
    return (head + tones).encode("cp1258")


def convert(source: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    target = SAMPLES / source.name
    if source.stem.endswith("_nfd"):
        target.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    elif source.stem.endswith("_cp1258"):
        target.write_bytes(encode_cp1258(text))
    elif source.stem.endswith("_utf16"):
        target.write_bytes(text.encode("utf-16"))
    else:
        raise ValueError(f"{source.name}: name must end in _nfd, _cp1258 or _utf16")
    return target


if __name__ == "__main__":
    for path in sorted(SOURCES.glob("*.txt")):
        convert(path)

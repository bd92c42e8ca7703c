"""Property tests: the linker never crashes on arbitrary text and its offsets are always exact."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.link import link

# Pieces that make matches likely, mixed with arbitrary characters of every script.
PIECES = ["Quảng Ninh", "Quang Ninh", "Long An", "Long Anh", "群馬県", "大阪", "東大阪市", "クアンニン省",
          "군마현", "하노이에서", "Ханое", "Đại học Cần Thơ", "Tây Nguyên", "-provinsen", "tỉnh ", "TP.",
          "City", " University", "Việt Nam", "\u0301", "\u0323", "ー", "・", " ", "\n"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=25).map("".join)


def _check(text: str) -> None:
    previous_end = 0
    for m in link(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert m.start >= previous_end
        previous_end = m.end


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_inside_text(text):
    _check(text)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_nfd_and_nfc_forms(text):
    _check(unicodedata.normalize("NFD", text))
    _check(unicodedata.normalize("NFC", text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    _check(text)

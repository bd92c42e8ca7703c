"""kizuna.text: sentence spans and folding."""
from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizuna.text import fold, sentences


def split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # scraped pages glue sentences without a space after the full stop
    ("Le forum a eu lieu à Osaka.Cet événement était organisé par la JETRO.",
     ["Le forum a eu lieu à Osaka.", "Cet événement était organisé par la JETRO."]),
    ("Il était organisé par la Chambre (OCCI).Il a réuni 200 entreprises.",
     ["Il était organisé par la Chambre (OCCI).", "Il a réuni 200 entreprises."]),
    # abbreviations, addresses and numbers keep their full stops
    ("Chủ tịch UBND TP.HCM gặp lãnh đạo TP.Biên Hòa.", ["Chủ tịch UBND TP.HCM gặp lãnh đạo TP.Biên Hòa."]),
    ("Theo baoquangninh.vn, đoàn đã đến. Sau đó về Q.1 nghỉ.", ["Theo baoquangninh.vn, đoàn đã đến.",
                                                             "Sau đó về Q.1 nghỉ."]),
    ("Vốn đạt 1.000 tỷ đồng. Mr. Sato đến.", ["Vốn đạt 1.000 tỷ đồng.", "Mr. Sato đến."]),
    ("知事が訪問した。協定を結んだ。", ["知事が訪問した。", "協定を結んだ。"]),
])
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@given(st.text(alphabet=st.sampled_from("aAbB. \n。()xyzÉé1"), max_size=200))
def test_sentence_spans_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    spans = sentences(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
    assert all(a.end <= b.start for a, b in pairwise(spans))


def test_fold_keeps_offsets() -> None:
    text = "Quảng Ninh và Đà Nẵng"
    assert len(fold(text)) == len(text) and fold(text) == "quang ninh va da nang"

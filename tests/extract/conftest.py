"""Build a Context by hand (text, language, publication date) with real linking and sentences."""
from __future__ import annotations

import pytest

from kizuna.gazetteer import load
from kizuna.link import link
from kizuna.model import Context
from kizuna.text import sentences


def make_context(text: str, lang: str = "vi", published: str | None = None) -> Context:
    return Context(text=text, lang=lang, published=published, mentions=tuple(link(text, load())),
                   sentences=tuple(sentences(text)))


@pytest.fixture
def context():
    return make_context

"""Build a Context by hand (text, language, publication date) with real linking and sentences."""
from __future__ import annotations

import pytest

from pathlib import Path

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


SHARED_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def shared_corpus() -> tuple[Path, Path]:
    """(seeds, gold) folders of ../shared/corpus, or skip the test when they are not there."""
    seeds, gold = SHARED_CORPUS / "seeds", SHARED_CORPUS / "gold"
    if not seeds.is_dir() or not gold.is_dir():
        pytest.skip(f"shared corpus not found beside the repository ({SHARED_CORPUS})")
    return seeds, gold

"""Benchmark documents made of real article text, read at run time and never copied.

- `shared_paragraphs(count)`: ~5 KB documents whose paragraphs are the shared corpus's
  (`../shared/corpus/seeds`), drawn in random order (deterministic for a seed): real sentences,
  brackets, name lists and long paragraphs, in the proportions real pages have them.
- `real_texts()`: the texts of the real development set (`eval/real/texts`, git-ignored), as they are.
- `adversarial(size)`: one paragraph of `size` characters of brackets, dashes, capitals and
  digits, the text on which a super-linear regular expression shows itself.

Each yields plain strings; nothing is written anywhere.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
REAL_TEXTS = REPO / "eval" / "real" / "texts"


def _paragraphs() -> list[str]:
    if not SEEDS.is_dir():
        return []
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return out


def shared_paragraphs(count: int, size: int = 5000, seed: int = 11) -> Iterator[str]:
    """`count` documents of about `size` characters built from the shared corpus's paragraphs."""
    paragraphs = _paragraphs()
    if not paragraphs:
        raise FileNotFoundError(f"{SEEDS} is absent: the shared corpus is needed for this corpus")
    rng = random.Random(seed)
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < size:
            paragraph = rng.choice(paragraphs)
            parts.append(paragraph)
            length += len(paragraph) + 1
        yield "\n".join(parts)


def real_texts() -> list[str]:
    """The real development set's texts (empty when they are not restored)."""
    if not REAL_TEXTS.is_dir():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(REAL_TEXTS.glob("*.txt"))]


def adversarial(size: int, seed: int = 3) -> str:
    """A single paragraph of brackets, dashes, quotes and capitalised words, `size` characters."""
    rng = random.Random(seed)
    pieces = ["(", ")", "（", "）", " - ", " – ", "“", "”", "Quang", "Ninh", "ABC", "Tokyo", "12/3",
              "Nguyen", "Van", "[", "]", ",", " ", "Ông", "Gunma", "(Nhật Bản)", "2025", "Chủ tịch"]
    out: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(pieces)
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]

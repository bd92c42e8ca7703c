"""Near-duplicate detection: MinHash signatures (datasketch) and LSH band keys.

A syndicated copy keeps most of its source's word sequences, so the Jaccard similarity of their
shingle sets stays high while two reports of one event written apart share few of them. The
signature estimates that Jaccard similarity; LSH cuts it into bands so that the store can find
candidates with an indexed lookup per band instead of comparing against every document. The
band keys live in the store (kizuna/store/clusters.py), which is what makes adding a document
independent of the size of the store.
"""
from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..text import fold
from .features import settings

_WORD = re.compile(r"\w+")
_CJK_LANGS = {"ja", "zh", "ko"}   # no spaces between words: shingle characters instead
_SEED = 1                         # fixed: signatures stored by one run are compared in the next
_SCHEME = "affine32"              # datasketch 2's scheme; values fit in 32 bits


@cache
def _permutations() -> np.ndarray:
    """Drawn once: making them is most of the cost of a new MinHash."""
    return MinHash(num_perm=settings()["num_perm"], seed=_SEED, scheme=_SCHEME).permutations


@cache
def bands() -> tuple[int, int]:
    """(number of bands, rows per band) that datasketch finds optimal for the duplicate threshold,
    weighing a missed copy above a needless comparison (candidates are checked on their whole
    signature, so a false candidate costs a few microseconds; a missed copy counts facts twice)."""
    lsh = MinHashLSH(threshold=settings()["duplicate_threshold"], num_perm=settings()["num_perm"],
                     weights=tuple(settings()["lsh_weights"]))
    return lsh.b, lsh.r


def shingles(text: str, lang: str) -> set[str]:
    """Word n-grams of the folded text (character n-grams for Japanese, Chinese, Korean)."""
    folded = fold(text)
    if lang in _CJK_LANGS:
        chars = "".join(folded.split())
        n = settings()["shingle_chars"]
        return {chars[i:i + n] for i in range(max(1, len(chars) - n + 1))}
    words = _WORD.findall(folded)
    n = settings()["shingle_words"]
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def signature(text: str, lang: str) -> np.ndarray:
    """The MinHash signature of a text: `num_perm` unsigned 32-bit values."""
    minhash = MinHash(num_perm=settings()["num_perm"], seed=_SEED, permutations=_permutations(),
                      scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text, lang)])
    return minhash.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (SQLite integers are signed)."""
    count, rows = bands()
    keys = []
    for band in range(count):
        chunk = sig[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if len(a) == 0 or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype(np.uint32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint32)

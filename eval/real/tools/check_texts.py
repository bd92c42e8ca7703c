#!/usr/bin/env python3
"""Is every article text back, and is it the text that was annotated?

    .venv/bin/python eval/real/tools/check_texts.py [--quiet]

For each article of eval/real/articles.tsv, compares eval/real/texts/ID.txt with the fingerprint
recorded when it was annotated (eval/real/fingerprints.json): `same` (identical SHA-256), `close`
(a MinHash estimate of at least CLOSE of shared character 5-grams: a restored copy with a few
characters typed differently; its gold still applies), `differs` (another text: find it again),
`missing`. Exit status 0 when every text is `same` or `close`, 1 otherwise; the lines to redo are
listed so that eval/real/RESTORE.md can be followed for them alone.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

REAL = Path(__file__).resolve().parents[1]
CLOSE = 0.9


def status(article: str, prints: dict[str, dict], texts: Path = REAL / "texts") -> tuple[str, float | None]:
    path = texts / f"{article}.txt"
    if not path.exists():
        return "missing", None
    recorded = prints.get(article)
    if recorded is None:
        return "unrecorded", None
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() == recorded["sha256"]:
        return "same", 1.0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from index import fingerprint
    mine = fingerprint(text)["minhash"]
    similarity = sum(a == b for a, b in zip(mine, recorded["minhash"])) / len(mine)
    return ("close" if similarity >= CLOSE else "differs"), similarity


def main(argv: list[str]) -> int:
    with (REAL / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    prints = json.loads((REAL / "fingerprints.json").read_text(encoding="utf-8"))
    tally: dict[str, int] = {}
    redo = []
    for row in rows:
        found, similarity = status(row["id"], prints)
        tally[found] = tally.get(found, 0) + 1
        if found not in ("same", "close"):
            redo.append((row["id"], found, similarity, row["url"]))
        elif found == "close" and "--quiet" not in argv:
            print(f"close\t{row['id']}\t{similarity:.2f}")
    for article, found, similarity, url in redo:
        extra = f"\t{similarity:.2f}" if similarity is not None else ""
        print(f"{found}\t{article}\t{url}{extra}")
    print(f"{len(rows)} articles: " + ", ".join(f"{n} {k}" for k, n in sorted(tally.items())))
    return 1 if redo else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

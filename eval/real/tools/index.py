#!/usr/bin/env python3
"""Build eval/real/articles.tsv and eval/real/fingerprints.json from the annotators' parts.

    .venv/bin/python eval/real/tools/index.py            # rewrite both files
    .venv/bin/python eval/real/tools/index.py --check    # exit 1 if they are out of date

Inputs: eval/real/parts/*.tsv (id, lang, published, url, outlet, event: one line per article, written by
the annotator who found it), eval/real/stories.txt (articles that report one story: the same event,
its occasion, or one trip; `story: id id ...`), and the texts in eval/real/texts/ (git-ignored).

The split is fixed once, before any tuning, and by story: every article of a story falls in the same
split, so the test split never holds a report of an event that was tuned on in dev. Stories (an
article alone is a story of its own) are ordered by the SHA-256 of their name and taken into `test`
in that order while the test split stays within TEST_SHARE of all articles; the rest are `dev`.
That was done once (2026-12-01, 207 articles); articles.tsv keeps each article's split from then on.
An article added later joins the split of its story, or, in a story of its own, `test` when its
story's hash (as a number) modulo 10 is below 10 x TEST_SHARE.

fingerprints.json holds, per article, the SHA-256 and length of its text and a MinHash signature of
its character 5-grams (datasketch, 64 permutations, seed 1): numbers from which no text can be read,
with which eval/real/tools/check_texts.py tells whether a restored text is the annotated one.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

REAL = Path(__file__).resolve().parents[1]
ARTICLES = REAL / "articles.tsv"
FINGERPRINTS = REAL / "fingerprints.json"
COLUMNS = ["id", "lang", "published", "url", "outlet", "split", "story", "event"]
TEST_SHARE = 0.30


def read_parts() -> list[dict[str, str]]:
    rows = []
    for part in sorted((REAL / "parts").glob("*.tsv")):
        for n, line in enumerate(part.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) < 5:
                sys.exit(f"{part}:{n}: expected 6 tab-separated columns, got {len(cells)}")
            cells += [""] * (6 - len(cells))
            rows.append(dict(zip(["id", "lang", "published", "url", "outlet", "event"], cells[:6])))
    return sorted(rows, key=lambda r: r["id"])


def read_stories() -> dict[str, str]:
    story_of: dict[str, str] = {}
    for line in (REAL / "stories.txt").read_text(encoding="utf-8").splitlines():
        if ":" not in line:
            continue
        name, ids = line.split(":", 1)
        for article in ids.split():
            story_of[article] = name.strip()
    return story_of


def digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def assign_splits(rows: list[dict[str, str]], story_of: dict[str, str], drawn: dict[str, str]) -> None:
    """`drawn`: the split of every article already in articles.tsv (never changed)."""
    for row in rows:
        row["story"] = story_of.get(row["id"], row["id"])
    members: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        members.setdefault(row["story"], []).append(row)
    if not drawn:   # the first draw
        budget = int(TEST_SHARE * len(rows))
        taken = 0
        for story in sorted(members, key=digest):
            size = len(members[story])
            split = "test" if taken + size <= budget else "dev"
            taken += size if split == "test" else 0
            for row in members[story]:
                drawn[row["id"]] = split
    for story, rows_of_story in members.items():
        known = [drawn[r["id"]] for r in rows_of_story if r["id"] in drawn]
        split = known[0] if known else ("test" if int(digest(story), 16) % 10 < 10 * TEST_SHARE else "dev")
        for row in rows_of_story:
            row["split"] = drawn.get(row["id"], split)


def read_drawn() -> dict[str, str]:
    if not ARTICLES.exists():
        return {}
    with ARTICLES.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["split"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def fingerprint(text: str) -> dict[str, object]:
    from datasketch import MinHash
    text = unicodedata.normalize("NFC", text)
    minhash = MinHash(num_perm=64, seed=1)
    minhash.update_batch(text[i:i + 5].encode("utf-8") for i in range(max(len(text) - 4, 1)))
    return {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "chars": len(text),
            "minhash": [int(v) for v in minhash.hashvalues]}


def render(rows: list[dict[str, str]]) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files, write nothing")
    args = parser.parse_args(argv)
    rows = read_parts()
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        sys.exit(f"duplicate ids in eval/real/parts: {sorted({i for i in ids if ids.count(i) > 1})}")
    assign_splits(rows, read_stories(), read_drawn())
    table = render(rows)
    prints = {}
    for row in rows:
        path = REAL / "texts" / f"{row['id']}.txt"
        if path.exists():
            prints[row["id"]] = fingerprint(path.read_text(encoding="utf-8"))
    if args.check:
        same = ARTICLES.exists() and ARTICLES.read_text(encoding="utf-8") == table
        print("articles.tsv is up to date" if same else "articles.tsv is out of date: rerun index.py")
        return 0 if same else 1
    ARTICLES.write_text(table, encoding="utf-8")
    old = json.loads(FINGERPRINTS.read_text(encoding="utf-8")) if FINGERPRINTS.exists() else {}
    old.update(prints)   # a text absent now keeps the fingerprint it was annotated with
    FINGERPRINTS.write_text(json.dumps(dict(sorted(old.items())), indent=0) + "\n", encoding="utf-8")
    counts = {s: sum(r["split"] == s for r in rows) for s in ("dev", "test")}
    print(f"{len(rows)} articles: dev {counts['dev']}, test {counts['test']}; {len(prints)} texts fingerprinted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

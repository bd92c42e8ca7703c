#!/usr/bin/env python3
"""The scratch set of session 17: check its restored texts, or score kizuna on it.

    .venv/bin/python eval/scratch/tool.py check              # is every text back (eval/scratch/texts)?
    .venv/bin/python eval/scratch/tool.py score [--verbose]  # the reference scorer on the set
    .venv/bin/python eval/scratch/tool.py fingerprint        # rewrite fingerprints.json from the texts

It reuses eval/real's tools (the same fingerprints, the same scorer and table); see README.md for
what the set is and why it is not part of eval/real.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "eval" / "real" / "tools"))
sys.path.insert(0, str(REPO))
CLOSE = 0.9


def rows() -> list[dict[str, str]]:
    with (HERE / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def fingerprints() -> int:
    from index import fingerprint
    prints = {r["id"]: fingerprint((HERE / "texts" / f"{r['id']}.txt").read_text(encoding="utf-8")) for r in rows()}
    (HERE / "fingerprints.json").write_text(json.dumps(prints, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def check() -> int:
    from index import fingerprint
    prints = json.loads((HERE / "fingerprints.json").read_text(encoding="utf-8"))
    redo = []
    for row in rows():
        path = HERE / "texts" / f"{row['id']}.txt"
        if not path.exists():
            redo.append(f"missing\t{row['id']}\t{row['url']}")
            continue
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == prints[row["id"]]["sha256"]:
            continue
        mine = fingerprint(text)["minhash"]
        similarity = sum(a == b for a, b in zip(mine, prints[row["id"]]["minhash"])) / len(mine)
        if similarity < CLOSE:
            redo.append(f"differs\t{row['id']}\t{row['url']}\t{similarity:.2f}")
    print("\n".join(redo + [f"{len(rows())} articles, {len(redo)} to restore"]))
    return 1 if redo else 0


def score(verbose: bool) -> int:
    import score as real_score
    from kizuna import pipeline
    scorer = real_score.load_scorer()
    present = [r["id"] for r in rows() if (HERE / "texts" / f"{r['id']}.txt").exists()]
    with tempfile.TemporaryDirectory(prefix="kizuna-scratch-") as tmp:
        folder = Path(tmp)
        (folder / "texts").mkdir()
        (folder / "gold").mkdir()
        for article in present:
            shutil.copyfile(HERE / "texts" / f"{article}.txt", folder / "texts" / f"{article}.txt")
            shutil.copyfile(HERE / "gold" / f"{article}.json", folder / "gold" / f"{article}.json")
        with (folder / "pred.jsonl").open("w", encoding="utf-8") as handle:
            for item in pipeline.extract_paths([folder / "texts"]):
                if hasattr(item, "to_json"):
                    handle.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
        result = scorer.score(folder / "gold", folder / "pred.jsonl", verbose=verbose)
    if len(present) < len(rows()):
        print(f"warning: {len(rows()) - len(present)} texts are missing: scored {len(present)}", file=sys.stderr)
    print(real_score.table(result))
    for row in result.get("details", []) if verbose else []:
        print(json.dumps(row, ensure_ascii=False))
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        return check()
    if argv[:1] == ["score"]:
        return score("--verbose" in argv)
    if argv[:1] == ["fingerprint"]:
        return fingerprints()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

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
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "eval" / "real" / "tools"))
sys.path.insert(0, str(REPO))


def rows() -> list[dict[str, str]]:
    with (HERE / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def fingerprints() -> int:
    from index import fingerprint
    prints = {r["id"]: fingerprint((HERE / "texts" / f"{r['id']}.txt").read_text(encoding="utf-8")) for r in rows()}
    (HERE / "fingerprints.json").write_text(json.dumps(prints, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def check() -> int:
    from check_texts import status
    prints = json.loads((HERE / "fingerprints.json").read_text(encoding="utf-8"))
    redo = [f"{found}\t{row['id']}\t{row['url']}" for row in rows()
            if (found := status(row["id"], prints, HERE / "texts")[0]) not in ("same", "close")]
    print("\n".join(redo + [f"{len(rows())} articles, {len(redo)} to restore"]))
    return 1 if redo else 0


def score(verbose: bool) -> int:
    import score as real_score
    result = real_score.score_rows(rows(), verbose=verbose, base=HERE)
    if result["missing_texts"]:
        print(f"warning: {len(result['missing_texts'])} texts are missing: scored {result['documents']}",
              file=sys.stderr)
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

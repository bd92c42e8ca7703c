#!/usr/bin/env python3
"""Score kizuna on the real development set with the reference scorer.

    .venv/bin/python eval/real/tools/score.py [--split dev|test|all] [--by-lang] [--verbose] [--json]

Extracts every text of the split (eval/real/texts/ID.txt, git-ignored: restore them with RESTORE.md),
scores the predictions against eval/real/gold with ../shared/eval/score.py, and prints its table,
the overall F1 per language with --by-lang, and each document's misses with --verbose (dev only:
the test split is scored, never read for errors while tuning).
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

REAL = Path(__file__).resolve().parents[1]
REPO = REAL.parents[1]
SCORER = REPO.parent / "shared" / "eval" / "score.py"
OVERALL = ["localities", "pairs", "events", "people", "figures"]


def load_scorer():
    if not SCORER.exists():
        sys.exit(f"the reference scorer {SCORER} is absent (../shared is not beside the repository)")
    spec = importlib.util.spec_from_file_location("kizuna_reference_scorer", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(split: str) -> list[dict[str, str]]:
    with (REAL / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if split == "all" or r["split"] == split]


def predict(rows: list[dict[str, str]], folder: Path, source_texts: Path = REAL / "texts") -> tuple[Path, list[str]]:
    """Extract the texts of `rows` (copied from `source_texts` into `folder`) with kizuna; return the
    JSON Lines file and the ids whose texts are missing."""
    sys.path.insert(0, str(REPO))
    from kizuna import pipeline
    texts = folder / "texts"
    texts.mkdir()
    missing = []
    for row in rows:
        source = source_texts / f"{row['id']}.txt"
        if source.exists():
            shutil.copyfile(source, texts / source.name)
        else:
            missing.append(row["id"])
    out = folder / "pred.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for item in pipeline.extract_paths([texts]):
            if hasattr(item, "to_json"):
                handle.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
            else:
                print(f"warning: {item}", file=sys.stderr)
    return out, missing


def gold_dir(rows: list[dict[str, str]], folder: Path, keep: set[str], source_gold: Path = REAL / "gold") -> Path:
    gold = folder / "gold"
    gold.mkdir(exist_ok=True)
    for row in rows:
        if row["id"] in keep:
            shutil.copyfile(source_gold / f"{row['id']}.json", gold / f"{row['id']}.json")
    return gold


def score_rows(rows: list[dict[str, str]], verbose: bool = False, base: Path = REAL) -> dict:
    """The reference scorer on `rows`, whose texts and gold are in base/texts and base/gold."""
    scorer = load_scorer()
    with tempfile.TemporaryDirectory(prefix="kizuna-real-") as tmp:
        folder = Path(tmp)
        pred, missing = predict(rows, folder, base / "texts")
        present = {r["id"] for r in rows} - set(missing)
        result = scorer.score(gold_dir(rows, folder, present, base / "gold"), pred, verbose=verbose)
    result["missing_texts"] = missing
    return result


def by_language(rows: list[dict[str, str]]) -> dict[str, tuple[int, float]]:
    out = {}
    for lang in sorted({r["lang"] for r in rows}):
        subset = [r for r in rows if r["lang"] == lang]
        result = score_rows(subset)
        out[lang] = (result["documents"], result["overall_f1"])
    return out


def table(result: dict) -> str:
    lines = [f"documents {result['documents']}   lang accuracy {result['lang_accuracy']:.2f}   "
             f"published accuracy {result['published_accuracy']:.2f}   tie kind accuracy "
             f"{result['tie_kind_accuracy'] if result['tie_kind_accuracy'] is None else round(result['tie_kind_accuracy'], 2)}",
             f"{'field':<15} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for field, prf in result["fields"].items():
        lines.append(f"{field:<15} {prf['precision']:>9.2f} {prf['recall']:>7.2f} {prf['f1']:>6.2f}")
    lines.append(f"overall F1 = {result['overall_f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--by-lang", action="store_true", help="overall F1 per language too")
    parser.add_argument("--verbose", action="store_true", help="each document's misses and extras (dev only)")
    parser.add_argument("--json", action="store_true", help="the scorer's result as JSON")
    args = parser.parse_args(argv)
    if args.verbose and args.split != "dev":
        sys.exit("--verbose is for the dev split: the test split is scored, never read for errors")
    rows = articles(args.split)
    result = score_rows(rows, verbose=args.verbose)
    if result["missing_texts"]:
        print(f"warning: {len(result['missing_texts'])} texts are missing (see eval/real/RESTORE.md): "
              f"scored {result['documents']} of {len(rows)}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"split {args.split}")
    print(table(result))
    if args.by_lang:
        for lang, (documents, overall) in by_language(rows).items():
            print(f"  {lang}: {documents} documents, overall F1 {overall:.3f}")
    if args.verbose:
        for row in result.get("details", []):
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

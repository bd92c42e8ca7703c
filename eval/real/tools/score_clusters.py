#!/usr/bin/env python3
"""Score kizuna's event clustering on the real development set (eval/real/clusters.json).

    .venv/bin/python eval/real/tools/score_clusters.py [--split dev|test|all] [--verbose] [--json]

Ingests the texts of the split into a fresh database (as `kizuna ingest` does), lists its events
(`kizuna events --format jsonl`) and scores them with eval/clusters/score.py against the gold groups
restricted to the split: pairwise precision, recall and F1 of "same headline event", occasions and
copies. --verbose (dev only) lists the pairs it got wrong.
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


def _scorer():
    spec = importlib.util.spec_from_file_location("kizuna_cluster_score", REPO / "eval" / "clusters" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_gold(split: str) -> dict:
    """The gold groups of the split's articles only (events no article of the split reports are kept
    when one of them is an occasion of the split)."""
    with (REAL / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    keep = {f"{r['id']}.txt" for r in rows if split == "all" or r["split"] == split}
    gold = json.loads((REAL / "clusters.json").read_text(encoding="utf-8"))
    documents = {name: doc for name, doc in gold["documents"].items() if name in keep}
    for doc in documents.values():
        if doc.get("duplicate_of") not in documents:
            doc["duplicate_of"] = None
    return {**gold, "documents": documents}


def score_split(split: str) -> dict:
    sys.path.insert(0, str(REPO))
    from typer.testing import CliRunner

    from kizuna import api
    from kizuna.cli import app
    gold = split_gold(split)
    with tempfile.TemporaryDirectory(prefix="kizuna-real-clusters-") as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        missing = []
        for name in gold["documents"]:
            source = REAL / "texts" / name
            if source.exists():
                shutil.copyfile(source, folder / name)
            else:
                missing.append(name)
        for name in missing:
            del gold["documents"][name]
        api.ingest([folder], db=Path(tmp) / "kizuna.db")
        lines = CliRunner().invoke(app, ["events", "--db", str(Path(tmp) / "kizuna.db"),
                                         "--format", "jsonl"]).stdout.splitlines()
    result = _scorer().score(lines, gold)
    result["missing_texts"] = missing
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--verbose", action="store_true", help="the wrong pairs (dev only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.verbose and args.split != "dev":
        sys.exit("--verbose is for the dev split: the test split is scored, never read for errors")
    result = score_split(args.split)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"split {args.split}: {len(split_gold(args.split)['documents'])} documents")
    print(f"pairwise precision {result['precision']:.3f} recall {result['recall']:.3f} F1 {result['f1']:.3f} "
          f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
    print(f"occasions {result['occasion']['accuracy']:.2f}; copies {result['duplicates']}")
    if args.verbose:
        for pair in result["wrong_pairs"]:
            print(json.dumps(pair, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""How stable are fact ids across a change of the extractor? (kizuna.factid)

    .venv/bin/python bench/bench_fact_ids.py --old ad69199 --corpus ../main/eval/real/texts

Ingests the corpus with an older kizuna (the commit's `kizuna/` package, unpacked with `git archive`
into a temporary folder and run with this venv), opens the database with this kizuna (the schema
upgrade computes every stored fact's id from its stored fields), notes the ids, runs this kizuna's
`reextract` and counts, per kind of fact, how many of the older extraction's ids name a fact again.
A review of a fact whose id is gone would be listed as orphaned. Prints one JSON object.
Also measures a plain `reextract` with this kizuna twice (same code: every id must stay).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TABLES = {"locality": "mentions", "tie": "ties", "event": "events", "person": "people",
          "organization": "organizations", "figure": "figures"}


def ids(db: str) -> dict[str, set[str]]:
    sys.path.insert(0, str(REPO))
    from kizuna.store import open_store
    with open_store(db) as store:   # writable: an older schema is upgraded (fact ids computed)
        return {kind: {r[0] for r in store._db.execute(f"SELECT DISTINCT fid FROM {table}")}
                for kind, table in TABLES.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="an older commit of kizuna")
    parser.add_argument("--corpus", required=True, help="files or a folder to ingest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kizuna-fid-") as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.old, "kizuna"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        db = str(Path(tmp) / "k.db")
        subprocess.run([sys.executable, "-c", "import sys; from kizuna import api; "
                        "s = api.ingest([sys.argv[1]], db=sys.argv[2]); print(s.to_dict()['new'], file=sys.stderr)",
                        args.corpus, db], check=True, cwd=old, env={"PYTHONPATH": str(old), "PATH": "/usr/bin:/bin"})
        before = ids(db)
        from kizuna import api
        api.reextract(db)
        after = ids(db)
        api.reextract(db)
        again = ids(db)
    out = {"old": args.old, "corpus": args.corpus, "kinds": {}}
    for kind in TABLES:
        kept = len(before[kind] & after[kind])
        out["kinds"][kind] = {"older": len(before[kind]), "this": len(after[kind]), "kept": kept,
                              "share": round(kept / len(before[kind]), 3) if before[kind] else None}
    total_before = sum(len(v) for v in before.values())
    out["share_kept"] = round(sum(len(before[k] & after[k]) for k in TABLES) / total_before, 3)
    out["same_code_identical"] = after == again
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

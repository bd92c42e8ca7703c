"""eval/scratch (the articles session 17's fixes were found on): no reserved URL, none shared with
eval/real, one gold file and one fingerprint per article, gold in the contract's format."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "eval" / "scratch"
RESERVED = ROOT.parent / "shared" / "eval" / "reserved.py"
sys.path.insert(0, str(ROOT / "eval" / "real" / "tools"))
import urls  # noqa: E402  (eval/real/tools/urls.py: addresses as written or as digests)
KEYS = {"id", "lang", "published", "vn_localities", "jp_localities", "pairs", "events", "people",
        "organizations", "figures", "sectors", "notes"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_article_has_its_gold_and_fingerprint_and_none_is_in_eval_real() -> None:
    articles = rows(SCRATCH / "articles.tsv")
    prints = json.loads((SCRATCH / "fingerprints.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in articles} == {p.stem for p in (SCRATCH / "gold").glob("*.json")} == set(prints)
    real = [r["url"] for r in rows(ROOT / "eval" / "real" / "articles.tsv")]
    assert not [a["id"] for a in articles if any(urls.matches(recorded, a["url"]) for recorded in real)]
    for article in articles:
        gold = json.loads((SCRATCH / "gold" / f"{article['id']}.json").read_text(encoding="utf-8"))
        assert KEYS <= set(gold) and gold["id"] == article["id"] and gold["lang"] == article["lang"]
        assert "review:" in gold["notes"], article["id"]   # checked by a second annotator


def test_no_article_is_reserved_for_the_independent_evaluation() -> None:
    if not RESERVED.exists():
        pytest.skip(f"{RESERVED} is absent (../shared is not beside the repository)")
    urls = [a["url"] for a in rows(SCRATCH / "articles.tsv")]
    done = subprocess.run([sys.executable, str(RESERVED), *urls], capture_output=True, text=True)
    assert "reserved" not in {line.split("\t")[0] for line in done.stdout.splitlines()}, done.stdout

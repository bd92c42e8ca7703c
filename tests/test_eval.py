"""The project's own evaluation set (eval/) and the score gates.

(a) every gold file in eval/gold follows the contract's gold format and vocabularies, and has its article;
(b) the gate: the pipeline on eval/articles, scored by the reference scorer, stays above the floors in
    eval/baseline.json, and every evidence span lies inside the cleaned text;
(c) the same gate on ../shared/corpus, with its own floors.
The gates skip with a message when the pipeline or ../shared is not there.
"""
from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval"
GOLD = EVAL / "gold"
ARTICLES = EVAL / "articles"
BASELINE = EVAL / "baseline.json"
SHARED = REPO / ".." / "shared"
SCORER = SHARED / "eval" / "score.py"
SHARED_SEEDS = SHARED / "corpus" / "seeds"
SHARED_GOLD = SHARED / "corpus" / "gold"

# Vocabularies of ../shared/docs/extraction-contract.md.
LANGS = {"vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko"}
TIE_KINDS = {"agreement", "visit", "meeting", "proposed", "existing"}
EVENT_TYPES = {"visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other"}
UNITS = {"USD", "JPY", "VND", "EUR", "%", "people", "companies", "projects", "localities", "partnerships", "other"}
SECTORS = {"agriculture", "food", "manufacturing", "semiconductors", "digital", "science_technology",
           "energy_environment", "minerals", "education_training", "labour", "healthcare", "tourism",
           "culture_exchange", "trade_investment", "infrastructure", "disaster_prevention"}
FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "lang": str, "published": (str, type(None)), "vn_localities": list, "jp_localities": list,
    "pairs": list, "events": list, "people": list, "organizations": list, "figures": list, "sectors": list,
    "notes": str}
FULL_DATE = r"\d{4}-\d{2}-\d{2}"
PUBLISHED = re.compile(rf"^(?:{FULL_DATE}|\d{{4}}-\d{{2}}|\d{{4}})$")
# Event dates may also be partial when the year cannot be known: --MM-DD or --MM.
EVENT_DATE = re.compile(rf"^(?:{FULL_DATE}|\d{{4}}-\d{{2}}|\d{{4}}|--\d{{2}}-\d{{2}}|--\d{{2}})$")
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".md")
SCORED_FIELDS = ("vn_localities", "jp_localities", "localities", "pairs", "events", "people",
                 "organizations", "figures", "sectors")


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def read_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def article_of(stem: str) -> Path | None:
    found = [ARTICLES / (stem + s) for s in ARTICLE_SUFFIXES if (ARTICLES / (stem + s)).exists()]
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------- (a) the gold files

def test_the_set_is_large_and_mixed_enough() -> None:
    golds = [read_gold(p) for p in gold_files()]
    assert len(golds) >= 24
    langs = {g["lang"] for g in golds}
    assert {"vi", "en", "ja", "sv"} <= langs and len(langs) >= 6
    assert sum(g["published"] is None for g in golds) >= 1, "at least one article without a publication date"
    suffixes = {p.suffix for p in ARTICLES.iterdir() if p.is_file()}
    assert {".txt", ".html"} <= suffixes


def test_every_article_has_exactly_one_gold_and_back() -> None:
    articles = {p.name.rsplit(".", 1)[0] for p in ARTICLES.iterdir() if p.is_file()}
    golds = {p.stem for p in gold_files()}
    assert articles == golds


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_gold_fields_and_types(path: Path) -> None:
    gold = read_gold(path)
    for field, kind in FIELDS.items():
        assert field in gold, f"{path.name}: missing {field}"
        assert isinstance(gold[field], kind), f"{path.name}: {field} is {type(gold[field]).__name__}"
    assert gold["id"] == path.stem
    assert article_of(path.stem) is not None, f"{path.name}: no (single) article in eval/articles"
    assert gold["lang"] in LANGS
    assert gold["published"] is None or PUBLISHED.match(gold["published"])
    assert gold["notes"].strip()
    for field in ("vn_localities", "jp_localities", "organizations", "sectors"):
        assert all(isinstance(x, str) and x.strip() for x in gold[field]), f"{path.name}: {field}"
        assert len(set(gold[field])) == len(gold[field]), f"{path.name}: duplicate in {field}"


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_gold_vocabularies(path: Path) -> None:
    gold = read_gold(path)
    for pair in gold["pairs"]:
        assert pair["kind"] in TIE_KINDS
        assert pair["vn"] in gold["vn_localities"], f"{path.name}: pair {pair} names an unlisted locality"
        assert pair["jp"] in gold["jp_localities"], f"{path.name}: pair {pair} names an unlisted locality"
    for event in gold["events"]:
        assert event["type"] in EVENT_TYPES
        assert event["date"] is None or EVENT_DATE.match(event["date"]), event
        assert event.get("end") is None or EVENT_DATE.match(event["end"]), event
        assert "place" in event
    for person in gold["people"]:
        assert person["name"].strip() and person["role"].strip()
        assert person["locality"] is None or person["locality"] in gold["vn_localities"] + gold["jp_localities"]
    for figure in gold["figures"]:
        assert figure["unit"] in UNITS
        assert isinstance(figure["value"], (int, float)) and figure["value"] > 0
        assert figure["about"].strip()
        assert not (figure["unit"] == "other" and 1900 <= figure["value"] <= 2100), "a year is not a figure"
    assert set(gold["sectors"]) <= SECTORS


def test_gold_localities_are_known_to_the_gazetteer() -> None:
    gazetteer = pytest.importorskip("kizuna.gazetteer", reason="kizuna.gazetteer is not importable yet").load()
    unknown = []
    for path in gold_files():
        gold = read_gold(path)
        for field, country in (("vn_localities", "VN"), ("jp_localities", "JP")):
            for name in gold[field]:
                units = gazetteer.find(name)
                if not units or units[0].country != country or units[0].name != name:
                    unknown.append((path.stem, name))
    assert not unknown, f"not standard gazetteer names: {unknown}"


def test_a_merged_unit_is_listed_before_the_unit_that_holds_it_today() -> None:
    """The scorer matches gold names greedily in list order against a prediction's name *or* current:
    listing 'Tây Ninh' before 'Long An' would let it take the 'Long An' prediction."""
    gazetteer = pytest.importorskip("kizuna.gazetteer", reason="kizuna.gazetteer is not importable yet").load()
    for path in gold_files():
        names = read_gold(path)["vn_localities"]
        merged_at = [i for i, n in enumerate(names) if gazetteer.find(n)[0].merged]
        current_at = [i for i, n in enumerate(names) if not gazetteer.find(n)[0].merged]
        assert not merged_at or not current_at or max(merged_at) < min(current_at), path.stem


# ---------------------------------------------------------------- (b, c) the gates

@lru_cache(maxsize=1)
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kizuna_reference_scorer", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract_to_jsonl(folder: Path, out: Path) -> list[dict[str, Any]]:
    pipeline = pytest.importorskip("kizuna.pipeline", reason="kizuna.pipeline cannot be imported yet")
    rows, errors = [], []
    for item in pipeline.extract_paths([folder]):
        if hasattr(item, "to_json"):
            rows.append(item.to_json(with_text=True))
        else:
            errors.append(str(item))
    assert not errors, f"documents the pipeline could not read: {errors}"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows


def floors(name: str) -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))[name]


def assert_above_floors(result: dict[str, Any], floor: dict[str, Any]) -> None:
    assert result["documents"] == floor["documents"]
    assert not result["missing_predictions"], result["missing_predictions"]
    low = [(k, round(result[k], 3), floor[k]) for k in ("lang_accuracy", "published_accuracy", "overall_f1")
           if result[k] < floor[k]]
    low += [(f, round(result["fields"][f]["f1"], 3), floor["f1"][f]) for f in SCORED_FIELDS
            if result["fields"][f]["f1"] < floor["f1"][f]]
    assert not low, f"below the floors of eval/baseline.json (field, score, floor): {low}"


def assert_evidence_inside(rows: list[dict[str, Any]]) -> None:
    bad = []
    for row in rows:
        text = row["text"]
        for field in ("localities", "ties", "events", "people", "organizations", "figures"):
            for fact in row[field]:
                assert fact["evidence"], f"{row['source']}: a {field} fact without evidence: {fact}"
                for span in fact["evidence"]:
                    start, end = span["start"], span["end"]
                    if not (0 <= start < end <= len(text)) or span.get("text") != text[start:end]:
                        bad.append((row["source"], field, span))
    assert not bad, f"evidence outside the cleaned text: {bad[:5]}"


def needs_scorer() -> None:
    if not SCORER.exists():
        pytest.skip(f"the reference scorer {SCORER} is absent (../shared is not beside the repository)")


def test_gate_on_the_project_evaluation_set(tmp_path: Path) -> None:
    needs_scorer()
    out = tmp_path / "eval.jsonl"
    rows = extract_to_jsonl(ARTICLES, out)
    assert_evidence_inside(rows)
    assert_above_floors(scorer().score(GOLD, out), floors("eval"))


def test_gate_on_the_shared_corpus(tmp_path: Path) -> None:
    needs_scorer()
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/corpus is absent: the shared-corpus gate is skipped")
    out = tmp_path / "shared.jsonl"
    rows = extract_to_jsonl(SHARED_SEEDS, out)
    assert_evidence_inside(rows)
    assert_above_floors(scorer().score(SHARED_GOLD, out), floors("shared"))

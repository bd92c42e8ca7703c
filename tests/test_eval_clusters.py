"""The event-clustering gate: the project's annotated groups (eval/clusters), scored pairwise by
eval/clusters/score.py, stay above the floors in eval/baseline.json; the gold file is consistent."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from kizuna import api
from kizuna.cli import app

REPO = Path(__file__).resolve().parents[1]
GROUPS = REPO / "eval" / "clusters"
FLOORS = json.loads((REPO / "eval" / "baseline.json").read_text("utf-8"))["clusters"]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cluster_score", GROUPS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = str(tmp_path_factory.mktemp("groups") / "groups.db")
    summary = api.ingest([GROUPS / "docs"], db=db)
    assert not summary.failed, summary.failed
    lines = CliRunner().invoke(app, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    return _scorer().score(lines, GROUPS / "gold.json")


def test_the_gold_groups_are_consistent_with_their_documents() -> None:
    assert _scorer().validate_gold(GROUPS / "gold.json", GROUPS / "docs") == []


def test_pairwise_f1_stays_above_the_floor(scored: dict) -> None:
    assert not scored["documents_missing"]
    assert scored["f1"] >= FLOORS["pairwise_f1"], scored["wrong_pairs"]


def test_occasions_stay_above_the_floor(scored: dict) -> None:
    assert scored["occasion"]["accuracy"] >= FLOORS["occasion_accuracy"], scored["occasion"]


def test_copies_are_found(scored: dict) -> None:
    assert scored["duplicates"]["recall"] >= FLOORS["duplicates_recall"], scored["duplicates"]

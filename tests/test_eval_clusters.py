"""The event-clustering gate: each annotated set (eval/clusters*), scored pairwise by
eval/clusters/score.py, stays above its floors in eval/baseline.json; every gold file is
consistent with its documents."""
from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from kizuna import api
from kizuna.cli import app

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval"
FLOORS = json.loads((EVAL / "baseline.json").read_text("utf-8"))["clusters"]["sets"]
SETS = sorted(FLOORS)


@cache
def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cluster_score", EVAL / "clusters" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=SETS)
def scored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    name = request.param
    db = str(tmp_path_factory.mktemp(name) / "groups.db")
    summary = api.ingest([EVAL / name / "docs"], db=db)
    assert not summary.failed, summary.failed
    lines = CliRunner().invoke(app, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    return name, _scorer().score(lines, EVAL / name / "gold.json")


@pytest.mark.parametrize("name", SETS)
def test_the_gold_groups_are_consistent_with_their_documents(name: str) -> None:
    assert _scorer().validate_gold(EVAL / name / "gold.json", EVAL / name / "docs") == []


def test_pairwise_f1_stays_above_the_floor(scored: tuple[str, dict]) -> None:
    name, found = scored
    assert not found["documents_missing"]
    assert found["f1"] >= FLOORS[name]["pairwise_f1"], found["wrong_pairs"]


def test_occasions_stay_above_the_floor(scored: tuple[str, dict]) -> None:
    name, found = scored
    assert found["occasion"]["accuracy"] >= FLOORS[name]["occasion_accuracy"], found["occasion"]


def test_copies_are_found(scored: tuple[str, dict]) -> None:
    name, found = scored
    assert found["duplicates"]["recall"] >= FLOORS[name]["duplicates_recall"], found["duplicates"]

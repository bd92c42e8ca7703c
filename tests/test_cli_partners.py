"""`kizuna partners`, `kizuna digest` and `kizuna export` through typer's CliRunner."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kizuna import api
from kizuna.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "partners"
runner = CliRunner()


@pytest.fixture
def db(kb: str) -> str:
    api.ingest([FIXTURES], db=kb)
    return kb


def test_partners_formats(db: str) -> None:
    table = runner.invoke(app, ["partners", "Long An", "--db", db])
    assert table.exit_code == 0, table.output
    assert "Gunma" in table.output and "named together" in table.output
    lines = runner.invoke(app, ["partners", "Long An", "--db", db, "--format", "jsonl"]).output.splitlines()
    first = json.loads(lines[0])
    assert first["partner"] == "Gunma" and first["reasons"][0]["documents"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["partners", "Long An", "--db", db, "-f", "csv"]).output)))
    assert rows and all(r["documents"] and r["sentence"] for r in rows)


def test_partners_evaluate_prints_both_rankings(db: str) -> None:
    result = runner.invoke(app, ["partners", "--evaluate", "--db", db])
    assert result.exit_code == 0, result.output
    assert "hit@5" in result.output and "MRR" in result.output and "baseline hit@5" in result.output
    body = json.loads(runner.invoke(app, ["partners", "--evaluate", "--side", "JP", "--db", db, "-f", "jsonl"]).output)
    assert body["side"] == "JP" and body["ties"] == 3


def test_partners_usage_errors(db: str) -> None:
    assert runner.invoke(app, ["partners", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["partners", "Atlantis", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["partners", "Long An", "--sector", "xyzzy", "--db", db]).exit_code == 2


def test_digest(db: str) -> None:
    result = runner.invoke(app, ["digest", "Gunma", "--since", "2025-06-01", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Events" in result.output and "Quang Ninh" in result.output
    everything = runner.invoke(app, ["digest", "--all", "--since", "2020-01-01", "--db", db, "-f", "jsonl"])
    items = [json.loads(line) for line in everything.output.splitlines()]
    assert {i["fact"] for i in items} >= {"event", "tie", "figure"}
    assert {i["kind"] for i in items if i["fact"] == "tie"} == {"visit", "agreement"}
    assert runner.invoke(app, ["digest", "Gunma", "--db", db]).exit_code == 2          # no --since
    assert runner.invoke(app, ["digest", "--since", "2025-01-01", "--db", db]).exit_code == 2   # no locality


def test_export(db: str, tmp_path: Path) -> None:
    graphml = runner.invoke(app, ["export", "--format", "graphml", "--db", db])
    assert graphml.exit_code == 0
    path = tmp_path / "k.graphml"
    path.write_text(graphml.output, encoding="utf-8")
    assert nx.read_graphml(path).number_of_edges() == 3
    geo = json.loads(runner.invoke(app, ["export", "--format", "geojson", "--db", db]).output)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lines = runner.invoke(app, ["export", "--format", "jsonl", "--db", db]).output.splitlines()
    assert {json.loads(line)["type"] for line in lines} == {"locality", "pair"}
    assert runner.invoke(app, ["export", "--format", "pdf", "--db", db]).exit_code == 2

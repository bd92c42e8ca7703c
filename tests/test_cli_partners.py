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


def _sources(db: str) -> dict[str, str]:
    """Document id -> its fixture's file name."""
    from kizuna.store import partners as rows
    store = api.open_store(db, create=False)
    try:
        return {d.id: Path(d.source).name for d in rows.snapshot(store).documents.values()}
    finally:
        store.close()


def test_digest_by_sector(db: str) -> None:
    names = _sources(db)
    every = runner.invoke(app, ["digest", "--all", "--since", "2020", "--db", db, "-f", "jsonl"])
    farming = runner.invoke(app, ["digest", "--all", "--since", "2020", "--sector", "agriculture", "--db", db,
                                  "-f", "jsonl"])
    assert farming.exit_code == 0, farming.output
    all_items = [json.loads(line) for line in every.output.splitlines()]
    items = [json.loads(line) for line in farming.output.splitlines()]
    # only the agricultural documents: the Quảng Ninh–Gunma visit (schools and workers) is left out
    assert items and len(items) < len(all_items)
    assert "en_quangninh_gunma_2025.txt" not in {names[i["source"]["doc_id"]] for i in items}
    assert {names[i["source"]["doc_id"]] for i in items} == {
        "en_forum_longan_gunma_2025.txt", "en_longan_ibaraki_2024.txt", "en_shizuoka_agriculture_2025.txt",
        "en_dongthap_shizuoka_2023.txt"}
    labour = [json.loads(line) for line in runner.invoke(
        app, ["digest", "Gunma", "--since", "2020", "-s", "labour", "--db", db, "-f", "jsonl"]).output.splitlines()]
    assert {names[i["source"]["doc_id"]] for i in labour} == {"en_quangninh_gunma_2025.txt"}
    # a word of the sector in another language names the same sector, and the table says which
    worded = runner.invoke(app, ["digest", "--all", "--since", "2020", "-s", "nông nghiệp", "--db", db, "-f", "jsonl"])
    assert worded.output == farming.output
    table = runner.invoke(app, ["digest", "--all", "--since", "2020", "--sector", "agriculture", "--db", db])
    assert "everywhere, in agriculture: 4 documents" in table.output
    bad = runner.invoke(app, ["digest", "--all", "--since", "2020", "--sector", "xyzzy", "--db", db])
    assert bad.exit_code == 2 and "unknown sector 'xyzzy'" in bad.output


def test_tables_show_every_cited_document(db: str) -> None:
    """A citation "[5a3f…]" is printed through rich, which takes a bracket opening with a letter for
    markup and drops it: every document id must still be in the table."""
    items = [json.loads(line) for line in runner.invoke(
        app, ["digest", "--all", "--since", "2020", "--db", db, "-f", "jsonl"]).output.splitlines()]
    table = runner.invoke(app, ["digest", "--all", "--since", "2020", "--db", db]).output
    assert any(i["source"]["doc_id"][0] in "abcdef" for i in items)   # the case that used to vanish
    for i in items:
        assert f"[{i['source']['doc_id'][:12]}]" in table
    partners = runner.invoke(app, ["partners", "Long An", "--db", db]).output
    assert partners.count("[undated, ") + partners.count("[20") >= 4

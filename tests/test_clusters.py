"""Event clusters in the store: reports in several languages become one event, copies are marked,
occasions are linked, re-extraction keeps event ids, and ../shared's 002/004 stay two receptions
under one forum."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizuna import api, cluster
from kizuna.cli import app
from kizuna.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cluster"
SHARED_SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds"
runner = CliRunner()


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, new_kb) -> str:
    path = new_kb(request, request.param, tmp_path_factory.mktemp("clusters"))
    summary = api.ingest([FIXTURES], db=path)
    assert summary.new == 5
    return path


def _events(db: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _names(event: dict) -> list[str]:
    return sorted(Path(s).name for s in event["sources"])


def test_reports_in_two_languages_and_a_copy_are_one_event(db: str) -> None:
    by_sources = {tuple(_names(e)): e for e in _events(db)}
    reception = by_sources[("01_vi_tiep_gunma.txt", "02_en_gunma_governor.txt", "03_vi_ban_sao.txt")]
    assert reception["type"] == "reception" and reception["date"] == "2025-11-24"
    assert {"Quảng Ninh", "Gunma"} <= set(reception["localities"])


def test_the_reception_happened_at_the_forum(db: str) -> None:
    events = _events(db)
    forum = next(e for e in events if _names(e) == ["04_en_forum.txt"])
    reception = next(e for e in events if "01_vi_tiep_gunma.txt" in _names(e))
    assert forum["type"] == "forum" and forum["occasion"] is None
    assert reception["occasion"] == forum["id"] and reception["id"] in forum["parts"]


def test_another_pair_on_another_day_is_its_own_event(db: str) -> None:
    gifu = [e for e in _events(db) if "Gifu" in e["localities"]]
    assert len(gifu) == 1 and _names(gifu[0]) == ["05_ja_gifu_nghean.txt"]


def test_the_syndicated_copy_is_marked_as_a_duplicate(db: str) -> None:
    with open_store(db) as store:
        event = next(e for e in store.event_clusters() if len(e.sources) == 3)
        copies = {Path(d.source).name: d.duplicate_of for d in event.documents if d.headline}
        original = next(d.doc_id for d in event.documents if d.source.endswith("01_vi_tiep_gunma.txt"))
        assert copies["03_vi_ban_sao.txt"] == original
        assert copies["01_vi_tiep_gunma.txt"] is None and copies["02_en_gunma_governor.txt"] is None
        assert [doc for doc, _ in store.clusters.copies(original)] == [
            d.doc_id for d in event.documents if d.source.endswith("03_vi_ban_sao.txt")]


def test_event_command_shows_sources_and_people(db: str) -> None:
    event_id = next(e["id"] for e in _events(db) if len(e["sources"]) == 3)
    shown = runner.invoke(app, ["event", event_id, "--db", db, "--format", "jsonl"])
    found = json.loads(shown.stdout)
    names = {p["name"] for p in found["people"]}
    assert "Yamamoto Ichita" in names and ({"Phạm Đức Ấn", "Pham Duc An"} & names)
    assert len({p["name"] for p in found["people"] if "yamamoto" in p["name"].lower()}) == 1   # merged
    table = runner.invoke(app, ["event", event_id, "--db", db])
    assert table.exit_code == 0 and event_id in table.stdout and "Sources" in table.stdout
    missing = runner.invoke(app, ["event", "ev-000000000000", "--db", db])
    assert missing.exit_code == 2 and "kizuna events" in missing.stderr


def test_filters_by_locality_type_and_dates(db: str) -> None:
    assert {e["type"] for e in _events(db, "--type", "forum")} == {"forum"}
    assert all("Gifu" in e["localities"] for e in _events(db, "--locality", "gifu"))
    assert [e["date"] for e in _events(db, "--since", "2025-11-01")] == ["2025-11-24", "2025-11-24"]
    assert [e["date"] for e in _events(db, "--until", "2025-10-31")] == ["2025-10-14"]


def test_reextract_keeps_event_ids_and_sources(kb: str) -> None:
    path = kb
    api.ingest([FIXTURES], db=path)
    before = {e["id"]: _names(e) for e in _events(path)}
    result = runner.invoke(app, ["reextract", "--db", path])
    assert result.exit_code == 0 and "5 documents re-extracted" in result.stdout
    assert {e["id"]: _names(e) for e in _events(path)} == before
    partial = runner.invoke(app, ["reextract", "--db", path, "--since", "2000-01-01"])
    assert partial.exit_code == 0
    assert {e["id"]: _names(e) for e in _events(path)} == before


def test_reextract_on_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["reextract", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "kizuna ingest" in result.stderr


def test_deleting_the_only_report_removes_the_event(kb: str) -> None:
    path = kb
    api.ingest([FIXTURES / "05_ja_gifu_nghean.txt"], db=path)
    with open_store(path) as store:
        [event] = store.event_clusters()
        store.delete(event.documents[0].doc_id)
        assert store.event_clusters() == [] and store.event_cluster(event.id) is None


def test_shared_002_and_004_are_two_receptions_under_one_forum(kb: str) -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"shared corpus not found beside the repository ({SHARED_SEEDS})")
    path = kb
    api.ingest([SHARED_SEEDS], db=path)
    events = _events(path)
    home = {Path(s).name[:3]: e for e in events for s in e["sources"]}
    first, second = home["002"], home["004"]
    assert first["id"] != second["id"]
    assert first["occasion"] is not None and first["occasion"] == second["occasion"]
    assert _names(first) == [n for n in _names(first) if n.startswith("002")]
    assert _names(second) == [n for n in _names(second) if n.startswith("004")]
    occasion = next(e for e in events if e["id"] == first["occasion"])
    assert occasion["type"] == "forum" and not any(n[:3] in {"000", "001", "003"} for n in _names(occasion))


def test_the_same_text_under_two_paths_lists_both_as_sources(kb: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "gifu.txt", tmp_path / "b" / "gifu-again.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes((FIXTURES / "05_ja_gifu_nghean.txt").read_bytes())
    db = kb
    summary = api.ingest([first, second], db=db)
    assert (summary.new, summary.unchanged) == (1, 1)
    [event] = _events(db)
    assert sorted(event["sources"]) == sorted([str(first), str(second)])


def test_removing_one_report_keeps_its_event_with_the_others(kb: str) -> None:
    api.ingest([FIXTURES], db=kb)
    with open_store(kb) as store:
        event = next(e for e in store.event_clusters() if len(e.sources) == 3)
        english = next(d.doc_id for d in event.documents if d.source.endswith("02_en_gunma_governor.txt"))
        cluster.remove_document(store, english)
        after = store.event_cluster(event.id)
        assert after is not None and not store.has(english)
        assert sorted(Path(s).name for s in after.sources) == ["01_vi_tiep_gunma.txt", "03_vi_ban_sao.txt"]
        assert (after.type, after.date, after.occasion) == (event.type, event.date, event.occasion)


def test_store_add_stores_and_place_document_places(kb: str) -> None:
    """The line between them: the store keeps facts, the clustering decides where they go."""
    from test_store import vi_extraction
    extraction = vi_extraction()
    with open_store(kb) as store:
        assert store.add(extraction) == "new"
        assert store.counts()["documents"] == 1 and store.event_clusters() == []
        placement = cluster.place_document(store, extraction)
        [event] = store.event_clusters()
        assert event.id == placement.headline.event_id and placement.headline.new is not None
        assert [d.doc_id for d in event.documents] == [extraction.document.id]
        assert api.add_document(store, extraction) == "unchanged" and len(store.event_clusters()) == 1


BRIDGE = Path(__file__).resolve().parent / "fixtures" / "cluster_bridge"


def _bridge_events(kb: str) -> list[list[str]]:
    with open_store(kb) as store:
        return sorted(sorted(Path(s).name[0] for s in e.sources) for e in store.event_clusters())


def test_a_report_without_day_or_place_joins_its_event_when_a_later_report_links_them(kb: str) -> None:
    """1: a forum in Quảng Ninh on 25/11/2025 (Vietnamese); 2: the same forum told in English with
    no year, no publication date and no locality, too little to join 1 when it is placed; 3: an
    English report of the forum, dated and placed, which matches both. 2 is folded into 1's event
    (it had started one of its own only because the reports it belongs with came later)."""
    summary = api.ingest(sorted(BRIDGE.iterdir()), db=kb)
    assert summary.new == 3
    assert _bridge_events(kb) == [["1", "2", "3"]]


def test_an_event_people_reviewed_is_not_folded(kb: str) -> None:
    from kizuna import curation
    files = sorted(BRIDGE.iterdir())
    api.ingest(files[:2], db=kb)
    with open_store(kb) as store:
        alone = next(e for e in store.event_clusters() if [Path(s).name[0] for s in e.sources] == ["2"])
        curation.review(store, alone.id, "confirm", "tester")
    api.ingest(files[2:], db=kb)
    assert _bridge_events(kb) == [["1", "3"], ["2"]]

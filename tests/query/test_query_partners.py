"""Partner matching, digests and exports over a small knowledge base of articles written for these
tests (tests/fixtures/partners), on both backends."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kizuna import api
from kizuna.errors import UsageError
from kizuna.query import digest as digest_query
from kizuna.query import exports
from kizuna.query import partners as P
from kizuna.store import browse
from kizuna.store import partners as rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "partners"


@pytest.fixture
def store(kb: str):
    summary = api.ingest([FIXTURES], db=kb)
    assert summary.new == len(list(FIXTURES.iterdir())), summary.failed
    s = browse.open_readonly(kb)
    yield s
    s.close()


def _texts(store, ids):
    return rows.texts_of(store, list(ids))


def test_existing_partner_left_out_unless_asked(store) -> None:
    names = [c.partner for c in P.partners(store, "Long An").candidates]
    assert "Ibaraki" not in names          # Long An (today Tây Ninh) already signed with Ibaraki
    asked = P.partners(store, "Long An", include_existing=True)
    ibaraki = [c for c in asked.candidates if c.partner == "Ibaraki"]
    assert ibaraki and ibaraki[0].existing


def test_named_together_ranks_first_with_its_sentence(store) -> None:
    ranking = P.partners(store, "Long An")
    assert ranking.note and "Tây Ninh" in ranking.note       # an old province speaks for today's
    top = ranking.candidates[0]
    assert top.partner == "Gunma"
    together = [r for r in top.reasons if r.signal == "together"]
    assert together and "Gunma" in together[0].evidence[0].sentence


def test_every_reason_cites_a_document_and_its_sentence(store) -> None:
    ranking = P.partners(store, "Long An", include_existing=True)
    reasons = [r for c in ranking.candidates for r in c.reasons]
    assert reasons
    texts = _texts(store, {e.doc_id for r in reasons for e in r.evidence})
    for r in reasons:
        assert r.documents and r.evidence, r
        for e in r.evidence:
            assert e.doc_id in r.documents or e.doc_id in texts
            # the sentence is the document's own text at the offsets given (whitespace folded)
            assert " ".join(texts[e.doc_id][e.start:e.end].split()) == e.sentence
            assert e.url.startswith(f"/documents/{e.doc_id}")


def test_sector_from_any_word_and_sector_reason(store) -> None:
    assert P.sector_of("hi-tech agriculture") == "agriculture"
    assert P.sector_of("nông nghiệp") == "agriculture"
    with pytest.raises(UsageError):
        P.sector_of("no such sector words")
    ranking = P.partners(store, "Quảng Ninh", sector="agriculture")
    shizuoka = next(c for c in ranking.candidates if c.partner == "Shizuoka")
    sector = [r for r in shizuoka.reasons if r.signal == "sector"]
    sentence = sector[0].evidence[0].sentence.lower()
    assert sector and ("agricultur" in sentence or "farm" in sentence)   # the sector's own words


def test_similar_ties_reason_names_the_region(store) -> None:
    shizuoka = next(c for c in P.partners(store, "Long An").candidates if c.partner == "Shizuoka")
    similar = [r for r in shizuoka.reasons if r.signal == "similar"]
    assert similar and "Đồng Tháp" in similar[0].text and "region" in similar[0].text


def test_partners_of_own_country_refused(store) -> None:
    with pytest.raises(UsageError):
        P.partners(store, "Long An", country="VN")


def test_evaluate_counts_every_tie_and_both_rankings(store) -> None:
    result = P.evaluate(store, "VN")
    pairs = {(t.vn, t.jp) for t in store.ties()}
    assert len(result.folds) == len(pairs) == 3
    for metric in (result.hit, result.mrr, result.baseline_hit, result.baseline_mrr):
        assert 0.0 <= metric <= 1.0
    # Long An–Ibaraki hidden: Ibaraki is named by no other document, so neither ranking can find it
    ibaraki = next(f for f in result.folds if f.hidden_partner == "Ibaraki")
    assert ibaraki.rank is None and ibaraki.baseline_rank is None


def _snapshot(ties, mentions):
    """A hand-made knowledge base: `mentions` {doc: [keys]}, `ties` [(doc, vn, jp)]."""
    docs = {d: rows.Doc(d, "2025-01-01", "2025-01-01T00:00:00", None, "en", d, None, None) for d in mentions}
    names = {"VN:ha-noi": "Hà Nội", "VN:da-nang": "Đà Nẵng", "VN:hue": "Huế", "JP:gunma": "Gunma",
             "JP:osaka": "Osaka", "JP:nara": "Nara"}
    ms = [rows.Mentioned(d, k, names[k], names[k], k[:2], 1, (0, 1)) for d, keys in mentions.items() for k in keys]
    facts = [rows.Fact("tie", i, d, {"vn": names[vn], "jp": names[jp], "kind": "visit"}, ((0, 1),))
             for i, (d, vn, jp) in enumerate(ties)]
    return rows.Snapshot(docs, ms, [], facts)


def test_evaluation_hides_the_documents_that_state_the_tie() -> None:
    # Osaka is the hub (the baseline's favourite); Nara is named with Đà Nẵng in a document without a tie.
    snap = _snapshot(
        ties=[("t1", "VN:ha-noi", "JP:osaka"), ("t2", "VN:hue", "JP:osaka"), ("t3", "VN:da-nang", "JP:nara")],
        mentions={"t1": ["VN:ha-noi", "JP:osaka"], "t2": ["VN:hue", "JP:osaka"],
                  "t3": ["VN:da-nang", "JP:nara"], "c1": ["VN:da-nang", "JP:nara"]})
    index = P.build_index(snap)
    result = P.evaluate(None, "VN", index=index)  # type: ignore[arg-type]
    nara = next(f for f in result.folds if f.hidden_partner == "Nara")
    assert nara.rank == 1                    # found through the document naming both (c1)
    assert nara.baseline_rank == 2           # the baseline puts Osaka (two partners) first
    # with c1 hidden too nothing names them together: the signal is gone
    scored = P.score(index, "VN:da-nang", hidden=frozenset({"t3", "c1"}))
    assert all(s.raw["together"] == 0 for s in scored)


def test_digest_since_with_sources(store) -> None:
    found = digest_query.digest(store, "Gunma", "2025-06-01")
    kinds = {i.kind for i in found.items}
    assert "event" in kinds and "tie" in kinds
    assert all((i.date or "") >= "2025-06" for i in found.of("event"))
    for i in found.items:
        assert i.source.sentence and i.source.link.startswith(f"/documents/{i.source.doc_id}#fact-")
    older = digest_query.digest(store, "Gunma", "2020-01-01")
    assert len(older.of("event")) > len(found.of("event"))
    with pytest.raises(UsageError):
        digest_query.digest(store, None, "last week")


def test_geojson_points_and_lines(store) -> None:
    body = exports.geojson(store)
    json.dumps(body)
    kinds = {f["geometry"]["type"] for f in body["features"]}
    assert kinds == {"Point", "LineString"}
    for f in body["features"]:
        coords = f["geometry"]["coordinates"]
        for lon, lat in ([coords] if f["geometry"]["type"] == "Point" else coords):
            assert 100 < lon < 150 and 5 < lat < 46      # [lon, lat] in Vietnam or Japan
    lines = [f for f in body["features"] if f["geometry"]["type"] == "LineString"]
    assert {(f["properties"]["vn"], f["properties"]["jp"]) for f in lines} >= {("Quảng Ninh", "Gunma")}
    assert all(f["properties"]["documents"] >= 1 and f["properties"]["kind"] for f in lines)


def test_graphml_reads_back_with_networkx(store, tmp_path: Path) -> None:
    path = tmp_path / "kizuna.graphml"
    path.write_text(exports.graphml(store), encoding="utf-8")
    g = nx.read_graphml(path)
    pairs = browse.tie_pairs(store, browse.Filters())
    assert g.number_of_edges() == len(pairs)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"Gunma", "Quảng Ninh", "Ibaraki"} <= labels
    edge = next(d for a, b, d in g.edges(data=True) if {g.nodes[a]["label"], g.nodes[b]["label"]} == {"Gunma", "Quảng Ninh"})
    assert edge["kind"] == "visit" and int(edge["documents"]) == 1


def test_reviews_apply_to_partners_and_digests(kb: str) -> None:
    """What people rejected leaves the ranking and the digest, as it leaves every list; a correction shows."""
    from kizuna import curation
    api.ingest([FIXTURES], db=kb)
    with api.open_store(kb) as writable:
        ties = writable._db.execute("SELECT fid, vn, jp FROM ties").fetchall()
        for r in ties:
            if r["jp"] == "Ibaraki":
                curation.review(writable, r["fid"], "reject", "ed")
            if r["jp"] == "Gunma" and r["vn"] == "Quảng Ninh":
                curation.review(writable, r["fid"], "correct", "ed", {"kind": "agreement"})
    s = browse.open_readonly(kb)
    try:
        found = digest_query.digest(s, None, "2000")
        assert found.of("tie") and not [i for i in found.of("tie") if i.fields["jp"] == "Ibaraki"]
        assert {i.fields["kind"] for i in found.of("tie") if i.fields["jp"] == "Gunma"} == {"agreement"}
        # Long An's tie with Ibaraki was rejected: Ibaraki, named with it, is a candidate again
        ibaraki = [c for c in P.partners(s, "Long An").candidates if c.partner == "Ibaraki"]
        assert ibaraki and not ibaraki[0].existing
        gunma = P.partners(s, "Gunma", include_existing=True).candidates
        assert [c.existing for c in gunma if c.partner == "Quảng Ninh"] == [True]
    finally:
        s.close()

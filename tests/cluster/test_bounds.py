"""Placing a document compares a bounded number of stored reports however crowded the store
(issue 13 item 6), and the bound keeps the reports most likely to be of its event: those at more
of its localities, the nearest in days, at most a few of any one event. On both backends."""
from __future__ import annotations

import itertools

from kizuna import api
from kizuna.cluster import features_of, placing, signature
from kizuna.gazetteer import load as load_gazetteer
from kizuna.model import Document, Event, Extraction, Locality, Mention, Span
from kizuna.store import open_store

DAY = "2025-03-14"


def _units() -> tuple[list, list]:
    units = load_gazetteer().units
    return ([u for u in units if u.country == "VN"],
            [u for u in units if u.country == "JP" and u.level == "prefecture"])


def _extraction(doc_id: str, vn, jp, type_: str = "visit", date: str = DAY) -> Extraction:
    """A generated record (no article text): two localities and one event, words of its own so
    that no two records are near-duplicates."""
    words = " ".join(f"w{doc_id}n{k}" for k in range(24))
    head = f"Record {doc_id}: {vn.name} with {jp.name}."
    text = f"{head} {words}"
    spans = {u: Span(head.index(u.name), head.index(u.name) + len(u.name)) for u in (vn, jp)}
    doc = Document(id=doc_id.rjust(40, "0"), source=f"gen/{doc_id}.txt", kind="text", text=text, lang="en",
                   title=head, url=None, published=date, raw=b"")
    mentions = tuple(Mention(start=s.start, end=s.end, surface=u.name, key=u.key, name=u.name, country=u.country,
                             code=u.code, current=u.current, level=u.level) for u, s in spans.items())
    sentence = Span(0, len(head))
    return Extraction(document=doc, mentions=mentions,
                      localities=tuple(Locality(u.name, u.country, u.code, u.current, (spans[u],)) for u in (vn, jp)),
                      ties=(), events=(Event(type_, date, None, vn.name, (sentence,)),), people=(),
                      organizations=(), figures=(), sectors=())


def _hanoi_tokyo() -> tuple:
    """Hà Nội and Tokyo, and the other units of each country."""
    vn_units, jp_units = _units()
    hanoi = next(u for u in vn_units if u.name == "Hà Nội")
    tokyo = next(u for u in jp_units if u.name == "Tokyo")
    return hanoi, tokyo, [u for u in vn_units if u is not hanoi], [u for u in jp_units if u is not tokyo]


def _features(extraction: Extraction):
    return features_of(extraction, signature(extraction.document.text, extraction.document.lang))


def test_a_crowded_day_compares_a_bounded_few_and_still_finds_the_event(kb: str) -> None:
    hanoi, tokyo, others_vn, others_jp = _hanoi_tokyo()
    others_vn, others_jp = others_vn[:12], others_jp[:12]
    store = open_store(kb)
    try:
        with store.atomic():
            # the event first (the oldest reports), twelve reports of it
            for k in range(12):
                api.add_document(store, _extraction(f"e{k}", hanoi, tokyo))
            # then a crowd on the same days at one of its two places, each with another partner
            crowd = itertools.count()
            for vn in others_vn:
                for jp in others_jp[:5]:
                    api.add_document(store, _extraction(f"c{next(crowd)}", hanoi, jp, type_="signing"))
                    api.add_document(store, _extraction(f"c{next(crowd)}", vn, tokyo, type_="signing"))
        event = store.clusters.event_of("e0".rjust(40, "0"))
        assert event is not None and store.clusters.event_of("e11".rjust(40, "0")) == event
        new = _extraction("n0", hanoi, tokyo)
        features = _features(new)
        candidates = placing.StoreIndex(store.clusters).candidates(features)
        compared = {e: len(members) for e, members in candidates}
        assert sum(compared.values()) <= placing.MAX_CANDIDATES < 12 + next(crowd)
        assert 0 < compared.get(event, 0) <= placing.PER_EVENT
        api.add_document(store, new)
        assert store.clusters.event_of(new.document.id) == event
    finally:
        store.close()


def test_a_look_up_reads_a_bounded_number_of_rows_nearest_the_day_first(kb: str, monkeypatch) -> None:
    """However many reports a window holds at one place, each place's rows are read nearest the
    new report's day first and at most SCAN_PER_NAME on each side: the reports of its own day are
    found among an older crowd that the cap leaves out."""
    from kizuna.store import clusters as cluster_sql
    monkeypatch.setattr(cluster_sql, "SCAN_PER_NAME", 2)
    hanoi, tokyo, _, others_jp = _hanoi_tokyo()
    others_jp = others_jp[:40]
    store = open_store(kb)
    try:
        with store.atomic():
            for k in range(3):
                api.add_document(store, _extraction(f"e{k}", hanoi, tokyo))
            for k, jp in enumerate(others_jp):   # stored later, three days before
                api.add_document(store, _extraction(f"c{k}", hanoi, jp, type_="signing", date="2025-03-11"))
        event = store.clusters.event_of("e0".rjust(40, "0"))
        new = _extraction("n0", hanoi, tokyo)
        features = _features(new)
        days = placing.day_range(features)
        hits = store.clusters.hits_near(features.localities, placing.windows(features, days), days[0], 256)
        assert len(hits) <= len(features.localities) * 2 * 2 * 2 < 3 + len(others_jp)
        assert {h.cluster_id for h in hits[:2]} == {event}
    finally:
        store.close()

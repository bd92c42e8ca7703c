"""`place` against an in-memory index: joins, new events, copies, occasions named and inferred."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kizuna.cluster import DocFeatures, Happening, place
from kizuna.cluster.features import PersonKey, settings
from kizuna.cluster.minhash import signature
from kizuna.cluster.similarity import score

GOVERNOR = PersonKey(("tomikazu fukuda", "governor@tochigi"), True)
CHAIRMAN = PersonKey(("quoc tuan vuong", "chairman@bac ninh"), True)


class MemoryIndex:
    """Every stored report in a list; candidates are all events (the store narrows by date and place)."""

    def __init__(self) -> None:
        self.members: list[tuple[str, DocFeatures, bool]] = []   # (event id, features, headline)
        self.originals: dict[str, str] = {}

    def store(self, placement: Any) -> None:
        self.members.append((placement.headline.event_id, placement.headline.features, True))
        self.members += [(o.event_id, o.features, False) for o in placement.occasions]
        if placement.duplicate_of:
            self.originals[placement.doc_id] = placement.duplicate_of

    def near_duplicates(self, features: DocFeatures) -> Sequence[tuple[str, str, Any]]:
        return [(f.doc_id, f.lang, f.signature) for _, f, headline in self.members
                if headline and f.signature is not None]

    def original_of(self, doc_id: str) -> str:
        return self.originals.get(doc_id, doc_id)

    def event_of(self, doc_id: str) -> str | None:
        return next((e for e, f, headline in self.members if headline and f.doc_id == doc_id), None)

    def candidates(self, features: DocFeatures) -> Sequence[tuple[str, Sequence[DocFeatures]]]:
        grouped: dict[str, list[DocFeatures]] = {}
        for event, member, _ in self.members:
            grouped.setdefault(event, []).append(member)
        return list(grouped.items())


def _report(doc_id: str, type_: str, date: str, end: str | None = None, lang: str = "vi",
            occasions: tuple[Happening, ...] = (), text: str | None = None) -> DocFeatures:
    return DocFeatures(doc_id=doc_id, lang=lang, published=date, headline=Happening(type_, date, end, "Bắc Ninh"),
                       dated=True, occasions=occasions, localities=("Bắc Ninh", "Tochigi"),
                       pairs=("Bắc Ninh|Tochigi",), sides=(("Bắc Ninh",), ("Tochigi",)),
                       people=(CHAIRMAN, GOVERNOR), figures=(),
                       signature=signature(text, lang) if text else None)


def _placed(index: MemoryIndex, features: DocFeatures) -> Any:
    placement = place(features, index)
    index.store(placement)
    return placement


def test_a_second_report_joins_and_another_day_does_not() -> None:
    index = MemoryIndex()
    first = _placed(index, _report("a", "signing", "2025-03-04"))
    assert first.headline.new is not None
    second = _placed(index, _report("b", "signing", "2025-03-04", lang="en"))
    assert second.headline.event_id == first.headline.event_id and second.headline.new is None
    other = _placed(index, _report("c", "signing", "2026-03-04"))
    assert other.headline.event_id != first.headline.event_id


def test_a_named_occasion_becomes_an_event_of_its_own() -> None:
    index = MemoryIndex()
    visit = Happening("visit", "2025-03-03", "2025-03-05", "Bắc Ninh")
    placement = _placed(index, _report("a", "signing", "2025-03-04", occasions=(visit,)))
    [occasion] = placement.occasions
    assert occasion.new == visit and occasion.event_id != placement.headline.event_id


def test_a_stored_visit_holds_a_signing_reported_later() -> None:
    index = MemoryIndex()
    visit = _placed(index, _report("v", "visit", "2025-03-03", end="2025-03-05"))
    signing = _placed(index, _report("s", "signing", "2025-03-04", lang="en"))
    assert signing.headline.event_id != visit.headline.event_id
    assert signing.held_by == visit.headline.event_id


def test_a_visit_reported_later_takes_the_signing_as_its_part() -> None:
    index = MemoryIndex()
    signing = _placed(index, _report("s", "signing", "2025-03-04"))
    visit = _placed(index, _report("v", "visit", "2025-03-03", end="2025-03-05", lang="ja"))
    assert visit.parts == (signing.headline.event_id,)


def test_another_pair_is_never_held() -> None:
    index = MemoryIndex()
    _placed(index, _report("v", "visit", "2025-03-03", end="2025-03-05"))
    elsewhere = replace(_report("s", "signing", "2025-03-04"), sides=(("Hà Nội",), ("Tochigi",)))
    assert _placed(index, elsewhere).held_by is None


def test_a_copy_goes_where_its_original_went() -> None:
    text = ("Ngày 4/3, tỉnh Bắc Ninh và tỉnh Tochigi ký biên bản ghi nhớ hợp tác kinh tế và đào tạo "
            "nhân lực trong chuyến thăm của Thống đốc Fukuda Tomikazu. ") * 3
    index = MemoryIndex()
    original = _placed(index, _report("a", "signing", "2025-03-04", text=text))
    copy = _placed(index, replace(_report("b", "reception", "2025-03-05", text=text + " Ảnh: TTXVN")))
    assert copy.duplicate_of == "a" and copy.headline.event_id == original.headline.event_id


def test_a_copy_of_last_years_announcement_is_not_last_years_event() -> None:
    text = ("Lễ hội giao lưu văn hóa Việt Nam - Nhật Bản tại Bắc Ninh khai mạc với sự tham dự của đoàn tỉnh "
            "Tochigi, nhiều hoạt động trình diễn võ thuật, ẩm thực và trưng bày sản phẩm của hai địa phương. ") * 3

    class FarIndex(MemoryIndex):   # the store only offers events near in time
        def candidates(self, features: DocFeatures) -> Sequence[tuple[str, Sequence[DocFeatures]]]:
            return [(e, ms) for e, ms in super().candidates(features)
                    if all(m.headline.date[:4] == features.headline.date[:4] for m in ms)]
    index = FarIndex()
    last_year = _placed(index, _report("a", "other", "2024-09-20", text=text))
    this_year = _placed(index, _report("b", "other", "2025-09-19", text=text + " Năm nay là lần thứ sáu."))
    assert this_year.duplicate_of == "a" and this_year.headline.event_id != last_year.headline.event_id


def test_a_report_without_any_day_is_still_compared_by_its_localities(tmp_path) -> None:
    """A translation with no publication date and a date without its year is placed with the
    reports of its localities (it asked more evidence), not left alone."""
    from kizuna import api
    text_vi = ("Ngày 24/11/2025, tại tỉnh Quảng Ninh, Chủ tịch UBND tỉnh Phạm Đức Ấn đã tiếp ông Yamamoto Ichita, "
               "Thống đốc tỉnh Gunma, cùng đoàn doanh nghiệp tỉnh Gunma sang thăm và làm việc.")
    text_en = ("On November 24, Chairman of the Quang Ninh provincial People's Committee Pham Duc An received "
               "Yamamoto Ichita, Governor of Gunma prefecture, and a business delegation from Gunma.")
    (tmp_path / "a.txt").write_text(text_vi, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text_en, encoding="utf-8")
    db = tmp_path / "k.db"
    api.ingest([tmp_path / "a.txt", tmp_path / "b.txt"], db=db)
    store = api.open_store(db)
    assert [len(e.sources) for e in store.event_clusters()] == [2]


def test_two_profiles_without_a_day_or_an_event_are_not_one_event() -> None:
    """Two pages about one partnership that name no event and give no day (the partnership's
    profile on two portals) share every locality, yet nothing says they tell of one happening."""
    index = MemoryIndex()
    profile = replace(_report("a", "other", "2025-09-19", text="hồ sơ hợp tác"), published=None,
                      headline=Happening("other", None, None, None), dated=False,
                      figures=("6 projects", "30 companies"))
    first = _placed(index, profile)
    second = _placed(index, replace(profile, doc_id="b", signature=None))
    assert first.headline.event_id != second.headline.event_id
    # the same two reports with an event each, still without a day, are compared (and join)
    reception = replace(profile, headline=Happening("reception", None, None, "Bắc Ninh"), dated=True)
    index = MemoryIndex()
    first = _placed(index, replace(reception, signature=None))
    second = _placed(index, replace(reception, doc_id="b", signature=None))
    assert first.headline.event_id == second.headline.event_id


def _forum(doc_id: str, date: str, published: str | None, lang: str, places: bool, people: tuple) -> DocFeatures:
    features = _report(doc_id, "forum", date, lang=lang)
    return replace(features, published=published, people=people,
                   headline=Happening("forum", date, None, "Bắc Ninh" if places else None),
                   localities=features.localities if places else (), pairs=features.pairs if places else (),
                   sides=features.sides if places else ((), ()))


def test_an_event_without_a_day_is_folded_into_the_dated_one_a_later_report_matches_too() -> None:
    """The first report is dated and placed; the second gives no day and no place (3.5 against the
    first: not enough); the third matches both. It joins the dated event and the other is folded
    into it, whichever of the two it matches better."""
    index = MemoryIndex()
    dated = _placed(index, _forum("a", "2025-11-25", "2025-11-25", "vi", True, ()))
    dayless = _placed(index, _forum("b", "--11-25", None, "en", False, (CHAIRMAN, GOVERNOR)))
    assert dayless.headline.event_id != dated.headline.event_id
    third = place(_forum("c", "2025-11-25", "2025-11-25", "ja", True, (CHAIRMAN, GOVERNOR)), index)
    assert third.headline.event_id == dated.headline.event_id
    assert third.absorbed == (dayless.headline.event_id,)


def test_two_dated_events_a_later_report_matches_stay_apart() -> None:
    """Each was compared with the other's reports when placed and kept apart: the later report
    joins the one it matches best and folds nothing."""
    index = MemoryIndex()
    first = _placed(index, _forum("a", "2025-11-25", "2025-11-25", "vi", True, ()))
    second = _placed(index, _forum("b", "2025-11-25", "2025-11-25", "en", False, (CHAIRMAN, GOVERNOR)))
    assert second.headline.event_id != first.headline.event_id
    third = place(_forum("c", "2025-11-25", "2025-11-25", "ja", True, (CHAIRMAN, GOVERNOR)), index)
    assert third.headline.new is None and third.absorbed == ()


def test_an_event_of_another_kind_is_not_folded() -> None:
    """A report without a day of a workshop that the later forum report matches (a compatible
    kind: the score reaches the threshold) is a session of the occasion, not the forum itself."""
    index = MemoryIndex()
    _placed(index, _forum("a", "2025-11-25", "2025-11-25", "vi", True, ()))
    workshop = _forum("b", "--11-25", None, "en", False, (CHAIRMAN, GOVERNOR))
    workshop = replace(workshop, headline=Happening("workshop", "--11-25", None, None))
    _placed(index, workshop)
    forum = _forum("c", "2025-11-25", "2025-11-25", "ja", True, (CHAIRMAN, GOVERNOR))
    assert (score(forum, workshop) or 0) >= settings()["threshold"]
    third = place(forum, index)
    assert third.headline.new is None and third.absorbed == ()

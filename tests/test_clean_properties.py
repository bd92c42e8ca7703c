"""Property tests: the cleaner never crashes and keeps only lines of its input."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kizuna.clean import clean_page
from kizuna.clean.published import find_full_date

LINES = st.lists(st.one_of(
    st.text(max_size=120),
    st.sampled_from(["Tin bài liên quan", "Kommentar (0)", "Read more", "date 2025-03", "Thứ Ba, 25/11/2025 15:50",
                     "photo.jpg", "Sáng 30-3, đoàn công tác của tỉnh Long An thăm tỉnh Ibaraki và làm việc ở đó."])),
    max_size=30)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_clean_page_keeps_only_input_lines(lines: list[str]) -> None:
    page = "\n".join(lines)
    cleaned = clean_page(page)
    for paragraph in cleaned.text.split("\n\n"):
        assert paragraph == "" or paragraph in page
    assert cleaned.published is None or len(cleaned.published) in (7, 10)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_full_dates_are_valid_or_none(line: str) -> None:
    found = find_full_date(line)
    assert found is None or (len(found) == 10 and found[4] == "-" and found[7] == "-")

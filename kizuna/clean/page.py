"""The plain-text cleaner: the article body of a flattened web page.

A scraped page is a column of lines: site banner, section, title, dateline, the article,
then "related news", "most read", widgets and footer. Each line is classified by cheap
features (words, final punctuation, whether it is a known boilerplate heading) and the
body is the stretch from the first paragraph-like line to the first boilerplate heading
or run of title-like lines that follows article text. Kept lines are returned unchanged,
joined by blank lines, so every sentence is exactly as in the page.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..model import CleanText
from ..text import fold
from .published import find_full_date, find_published, strip_header

SENTENCE_END = tuple(".!?…。！？:;\"”»)」』")
PARAGRAPH_WORDS = 12        # a line this long is article text even without final punctuation
SENTENCE_WORDS = 6          # a punctuated line this long is article text
DATELINE_WINDOW = 5         # a dateline is among the first lines of the body
TITLE_RUN = 4               # this many title-like lines in a row after the body end it
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Line:
    text: str            # stripped content
    words: int
    punctuated: bool
    heading: bool        # a known boilerplate heading ("Tin bài liên quan", "Kommentar (0)")
    junk: bool           # a line that is never article text (file names, share links)

    @property
    def paragraph(self) -> bool:
        return not self.heading and not self.junk and (
            self.words >= PARAGRAPH_WORDS or (self.punctuated and self.words >= SENTENCE_WORDS))

    @property
    def title_like(self) -> bool:
        return not self.punctuated and 0 < self.words < PARAGRAPH_WORDS


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    data = json.loads(files(__package__).joinpath("data/boilerplate.json").read_text(encoding="utf-8"))
    headings = frozenset(_heading_key(h) for phrases in data["cut"].values() for h in phrases)
    drops = tuple(re.compile(p, re.IGNORECASE) for p in data["drop"])
    return headings, drops


def _heading_key(text: str) -> str:
    """Compare headings without case, diacritics, punctuation or counters ("Kommentar (0)")."""
    return " ".join(re.sub(r"[\W\d_]+", " ", fold(text)).split())


def classify(raw_line: str) -> Line:
    text = raw_line.strip()
    headings, drops = _boilerplate()
    words = len(text.split())
    if CJK.search(text):  # no spaces in Japanese/Chinese: count characters instead
        words = max(words, len(CJK.findall(text)) // 3)
    return Line(text=text, words=words, punctuated=text.endswith(SENTENCE_END),
                heading=len(text) < 60 and _heading_key(text) in headings,
                junk=any(p.match(text) for p in drops))


def clean_page(page: str) -> CleanText:
    """Main text, title and publication date of a flattened page (or an article already clean)."""
    page, header_date = strip_header(page)
    lines = [classify(raw) for raw in page.split("\n")]
    first = next((i for i, line in enumerate(lines) if line.paragraph), None)
    if first is None:  # a short note with no paragraph: keep what is not boilerplate
        kept = [line.text for line in lines if line.text and not line.junk and not line.heading]
        return CleanText(text="\n\n".join(kept), published=header_date or find_published(kept[:5]))
    last = _body_end(lines, first)
    top = [line.text for line in lines[:first] if line.text and not line.junk and not line.heading]
    body = [line for line in lines[first:last] if line.text and not line.junk and not line.heading]
    title = _title(top)
    if len(body) > 1 and not body[0].punctuated:
        title, body = body[0].text, body[1:]  # an unpunctuated first line over paragraphs is the headline
    datelines = [line.text for line in body[:DATELINE_WINDOW] if line.title_like and find_full_date(line.text)]
    body = [line for line in body if line.text not in datelines]
    published = header_date or find_published(top + datelines + [line.text[:160] for line in body[:2]])
    return CleanText(text="\n\n".join(line.text for line in body), title=title, published=published)


def _body_end(lines: list[Line], first: int) -> int:
    """Index of the first line after the article: a boilerplate heading or a long run of
    title-like lines once article text has been seen; trailing short lines are dropped too."""
    end = len(lines)
    run_start, run = None, 0
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if line.heading:
            end = i
            break
        if not line.text or line.junk:
            continue
        if line.title_like:
            run_start = i if run == 0 else run_start
            run += 1
            if run >= TITLE_RUN:
                end = run_start  # type: ignore[assignment]
                break
        else:
            run = 0
    while end > first + 1 and not lines[end - 1].paragraph:
        end -= 1  # signatures, source lines, captions of nothing
    return end


def _title(top: list[str]) -> str | None:
    """The headline: the longest title-like line above the article (banners and sections are short)."""
    candidates = [t for t in top if len(t.split()) >= 3 and not t.endswith(SENTENCE_END[:4])]
    if not candidates:
        return None
    return max(candidates, key=len)

"""The plain-text cleaner: the article body of a flattened web page.

A scraped page is a column of lines: site banner, menu, section, title, dateline, the
article, then "related news", "most read", widgets and footer. Each line is classified by
cheap features (words, final punctuation, list bullets, known boilerplate headings from
data/boilerplate.json) and the body is the stretch from the first paragraph-like line to
the point where the page turns into lists: a boilerplate heading or a run of title-like
lines after which there is less article text than before (or mostly titles). A heading
or run followed by more article text is an inline box (dropped) or an in-article list
(kept). Kept lines are returned unchanged, joined by blank lines, so every sentence is
exactly as in the page.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..model import CleanText
from ..text import fold
from .published import _data as _dates_data
from .published import find_full_date, find_published, find_timestamp, header_field, strip_header

SENTENCE_END = tuple(".!?…。！？:;)）")
QUOTE_CLOSERS = "\"'”’»」』"    # a quoted headline ('... “Tết cho em”') is not a sentence; '... ."' is
SENTENCE_WORDS = 6          # a punctuated line this long is article text
LONG_LINE = 40              # a line this long is article text even without final punctuation
TITLE_WORDS = 3             # a headline has at least this many words
BANNER_WORDS = 6            # a first line this short is the site's name when a longer title follows
TITLE_RUN = 4               # this many title-like lines in a row may start the page's tail
SHARE_WORDS = 4             # lines shorter than this (bylines, menu items) do not count in list shares
LIST_SHARE = 0.5            # the rest of the page is a list when this share of its lines are titles
GLUED_WORDS = 8             # an unpunctuated body line this long with glued words is a teaser box
TOP_KEEP_WORDS = 15         # an unpunctuated line this long between headline and body is a lead
SAPO_SHARED = 2             # a lead repeats at least this many content words of its headline
FIELD_LABEL_CHARS = 24      # a field's label line is short ("1　日時", "Thời gian:")
DATELINE_WINDOW = 5         # a dateline is among the first lines of the body
DATELINE_WORDS = 10         # and short
CJK_WORD_LENGTH = 12        # "words" longer than this on average mean a script written without spaces
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# "Trang chủ | Thời sự | Kinh tế", "Home > News > Politics": a menu or breadcrumb, never a headline.
MENU = re.compile(r"(?:\s[|>»/·•＞›]\s.*){2}")   # also the fullwidth ＞ of Japanese breadcrumbs
BULLET = re.compile(r"^(?:[-–•*+·▪►✓]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")


@dataclass(frozen=True, slots=True)
class Line:
    text: str            # stripped content
    words: int
    punctuated: bool     # ends like a sentence
    heading: bool        # a boilerplate heading or footer marker: may start the page's tail
    junk: bool           # never article text (file names, share links, inline "read more")
    bullet: bool         # an item of a list inside the article

    @property
    def paragraph(self) -> bool:
        return not self.heading and not self.junk and (
            (self.punctuated and self.words >= SENTENCE_WORDS) or self.words >= LONG_LINE)

    @property
    def title_like(self) -> bool:
        return not self.punctuated and not self.heading and not self.junk and 0 < self.words < LONG_LINE


@dataclass(frozen=True, slots=True)
class LineRule:
    """Patterns anchored at the line start (one compiled alternation, tried at position 0 only,
    which keeps a line test at a microsecond) and plain phrases found anywhere in the line."""
    starts: re.Pattern[str]
    contains: tuple[str, ...]

    @classmethod
    def of(cls, table: dict[str, dict[str, list[str]]]) -> LineRule:
        patterns = [p.removeprefix("^") for group in table["starts"].values() for p in group]
        phrases = tuple(p.lower() for group in table["contains"].values() for p in group)
        return cls(re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE), phrases)

    def matches(self, text: str) -> bool:
        if self.starts.match(text):
            return True
        if self.contains:
            lower = text.lower()
            return any(phrase in lower for phrase in self.contains)
        return False


@dataclass(frozen=True, slots=True)
class Boilerplate:
    headings: frozenset[str]                 # heading keys (folded, no punctuation or counters)
    footer: LineRule                         # footer markers (copyright, licence, address)
    drop: LineRule                           # lines that are never article text


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    data = json.loads(files(__package__).joinpath("data/boilerplate.json").read_text(encoding="utf-8"))
    headings = frozenset(heading_key(h) for phrases in data["cut"].values() for h in phrases)
    return Boilerplate(headings, LineRule.of(data["footer"]), LineRule.of(data["drop"]))


_NOT_HEADING = re.compile(r"[\W\d_]+")   # compiled once: heading_key runs on every short line


def heading_key(text: str) -> str:
    """Compare headings without case, diacritics, punctuation or counters ("Kommentar (0)")."""
    return " ".join(_NOT_HEADING.sub(" ", fold(text)).split())


def classify(raw_line: str) -> Line:
    text = raw_line.strip()
    if not text:
        return Line("", 0, False, False, False, False)
    rules = boilerplate()
    words = text.count(" ") + 1  # words between single spaces; cheaper than split() on every line
    if len(text) > CJK_WORD_LENGTH * words:  # few spaces: Japanese/Chinese, counted by characters
        words = max(words, len(CJK.findall(text)) // 3)
    short = len(text) < 80
    heading = short and (heading_key(text) in rules.headings or rules.footer.matches(text))
    # a caption flattened from a table ("| ... (Photo: X) |") ends where its cell ends
    punctuated = text.rstrip("| ").rstrip(QUOTE_CLOSERS).endswith(SENTENCE_END) and not _bracketed_name(text)
    # a menu ("Trang chủ | Thời sự | Kinh tế"); a table row has figures and stays
    menu = not punctuated and MENU.search(text) is not None and not any(ch.isdigit() for ch in text)
    return Line(text=text, words=words, punctuated=punctuated, heading=heading,
                junk=menu or (short and rules.drop.matches(text)), bullet=bool(BULLET.match(text)))


# "... ký kết hợp tác với Nagano (Nhật Bản)": a headline ending on a bracketed name, not a sentence:
# a bracket of 1-30 characters without sentence punctuation, after spaces, after a name of two
# letters at least. Read from the end of the line, in one backward walk (the regular expression
# searched over the whole line that this replaces was quadratic in a long paragraph).
BRACKET_INNER_STOPS = frozenset("():;.!?（）")


def _bracketed_name(text: str) -> bool:
    if not text.endswith((")", "）")):
        return False
    opened = max(text.rfind("("), text.rfind("（"))
    inner = text[opened + 1:-1]
    if opened < 1 or not 1 <= len(inner) <= 30 or any(ch in BRACKET_INNER_STOPS for ch in inner):
        return False
    i = opened - 1
    if not text[i].isspace():
        # "茨城県ロンアン省代表団(日本)": a headline in a script without spaces, ending on its country
        # (not a sentence that does: "...記念写真を撮りました(日本)" is a caption)
        return ord(text[i]) >= 0x3040 and text[i] not in "たすだ" and inner.strip().casefold() in _bracket_countries()
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or not _name_letter(text[i]):
        return False
    i -= 1   # the name's last letter; another letter must come before it, over word characters and spaces
    while i >= 0 and (text[i].isspace() or text[i].isalnum() or text[i] == "_"):
        if _name_letter(text[i]):
            return True
        i -= 1
    return False


@lru_cache(maxsize=1)
def _bracket_countries() -> frozenset[str]:
    """Vietnam and Japan as written in any language of kizuna/extract/data/places.json."""
    from ..extract.phrases import load   # the extractors' cached loader (imported late: clean comes first)
    return frozenset(name.casefold() for names in load("places")["countries"].values() for name in names)


def _name_letter(ch: str) -> bool:
    """A word character that is not a digit (the regular-expression class [^\\W\\d])."""
    return (ch.isalnum() or ch == "_") and not ch.isdecimal()


def clean_page(page: str, title: str | None = None) -> CleanText:
    """Main text, title and publication date of a flattened page (or an article already clean).

    `title`, when the caller knows it (a record's title), is not guessed and is not kept in the body.
    """
    page, header_date = strip_header(page)
    lines = [line for line in map(classify, page.split("\n")) if line.text]
    if title:
        lines = [line for line in lines if line.text != title.strip()]
    first = next((i for i, line in enumerate(lines) if line.paragraph), None)
    if first is None:  # a short note with no paragraph: keep what is not boilerplate
        kept = [line.text for line in lines if not line.junk and not line.heading]
        return CleanText(text="\n\n".join(kept), title=title,
                         published=header_date or find_published(kept[:DATELINE_WINDOW]))
    # a profile's fact box ("Area: ...", "Population: ...") is text: never the headline or a dateline
    # (lines are told apart by identity: a repeated headline is the same text twice, not the same line)
    box = {id(line) for line in _fact_box(lines[:first])}
    top = [line for line in lines[:first] if id(line) not in box]
    title_at = None if title else _title_index(top)
    headline = title or (top[title_at].text if title_at is not None else None)
    kept = box | {id(line) for line in _lead(top, title_at, headline)}
    body = [line for line in lines[:first] if id(line) in kept] + [lines[i] for i in _body_indices(lines, first)]
    # A date line is the page's dateline, unless it is the value of a field ("1 日時" above it):
    # then it is when the event takes place, and stays in the text.
    datelines = [line for i, line in enumerate(body[:DATELINE_WINDOW])
                 if _is_dateline(line) and id(line) not in box and not (i and _field_label(body[i - 1].text))]
    body = [line for line in body if line not in datelines]
    published = header_date or _published(top, title_at, datelines, body)
    return CleanText(text="\n\n".join(line.text for line in body), title=headline, published=published)


def _lead(top: list[Line], title_at: int | None, headline: str | None) -> list[Line]:
    """Unpunctuated lines between the headline and the first paragraph that are article text:
    long ones, or ones that repeat the headline's words (a sapo). Without a headline, the long
    ones: a lead whose final stop was lost ("Ngày 02/07/2021, tại ..., X tiếp Y") is no dateline."""
    below = top[title_at + 1:] if title_at is not None else top
    return [line for line in below
            if line.title_like and not _glued(line.text)
            and (line.words >= TOP_KEEP_WORDS or (
                headline is not None and not find_full_date(line.text)
                and _shared_words(line.text, headline) >= SAPO_SHARED))]


# "Area: 6,100 km2", "2. Dân số: 947.092 người (năm 2020)": a field of a profile's fact box (an
# optional item number, a label of a few words, a colon, a value)
FACT_FIELD = re.compile(r"(?:[IVX\d]{1,4}[.)]\s*)?[^\W\d][^:：|]{0,80}?[:：]\s*\S.*")
FACT_BOX_FIELDS = 2   # a fact box has several fields; one "Label: value" line may be a widget


def _fact_box(top: list[Line]) -> list[Line]:
    """The fields of a fact box above the first paragraph (a profile page's "Area", "Population",
    "Partner since" lines). They are the article's table (contract: tables are main text); a
    field whose value is only a date or a time is the page's stamp, not a fact."""
    fields = [line for line in top
              if not line.junk and not line.heading and FACT_FIELD.fullmatch(line.text)
              and not header_field(line.text) and _counted_value(line.text)]
    return fields if len(fields) >= FACT_BOX_FIELDS else []


def _counted_value(field: str) -> bool:
    """A field's value holds a number (a date field of the page itself is `header_field`'s)."""
    return any(ch.isdigit() for ch in re.split(r"[:：]", field, maxsplit=1)[-1])


def _body_indices(lines: list[Line], first: int) -> list[int]:
    """Indices of the article's lines from `first` on (see the module docstring)."""
    tally = _Tally(lines)
    kept: list[int] = []
    i = first
    while i < len(lines):
        line = lines[i]
        if line.junk:
            i += 1
            continue
        run_end = _run_end(lines, i + 1 if line.heading else i)
        if line.heading or run_end - i >= TITLE_RUN:
            if tally.is_tail(first, i, run_end, after_heading=line.heading):
                break
            if not line.heading:  # an in-article list: its items are article text
                kept.extend(j for j in range(i, run_end) if not lines[j].junk)
            i = max(run_end, i + 1)  # an inline box: the heading and its titles go
            continue
        if line.title_like and line.words >= GLUED_WORDS and _glued(line.text):
            i += 1  # "Related title" glued to "Teaser title": an inline teaser box
            continue
        kept.append(i)
        i += 1
    cut = kept[-1] if kept and kept[-1] == _last_text_line(lines) and _cut_short(lines[kept[-1]]) else None
    while len(kept) > 1 and not lines[kept[-1]].paragraph and kept[-1] != cut:
        kept.pop()  # signatures, source lines, captions of nothing
    return kept


LABEL = re.compile(r"^[^:：]{1,15}[:：]")   # "関連ページ：", "Nguồn:", "Photo:"
CUT_WORDS = 8   # a page's last line this long that stops inside a word was cut off mid-sentence


def _last_text_line(lines: list[Line]) -> int | None:
    return next((i for i in range(len(lines) - 1, -1, -1) if not lines[i].junk), None)


def _cut_short(line: Line) -> bool:
    """"... and a harbour park run by the ci": a stored page that ends
    mid-sentence keeps its last paragraph (a byline or a caption does not end inside a word; a
    labelled line, "関連ページ：...", "Source: ...", is the page's furniture)."""
    text = line.text
    return not line.heading and not line.punctuated and line.words >= CUT_WORDS \
        and text[-1].isalpha() and "|" not in text[-3:] and not LABEL.match(text)


def _run_end(lines: list[Line], start: int) -> int:
    """First index after the run of title-like (or junk) lines that starts at `start`."""
    j = start
    while j < len(lines) and (lines[j].junk or (lines[j].title_like and not lines[j].bullet)):
        j += 1
    return j


class _Tally:
    """Cumulative counts over the page's lines, so that every tail test is O(1) (a page with
    thousands of headings stays linear)."""

    def __init__(self, lines: list[Line]) -> None:
        self.paragraph_words = [0]   # words in paragraph lines before index i
        self.counted = [0]           # lines long enough to tell a list from prose
        self.titles = [0]            # of those, titles and headings
        for line in lines:
            counted = not line.junk and (line.words >= SHARE_WORDS or line.heading)
            self.paragraph_words.append(self.paragraph_words[-1] + (line.words if line.paragraph else 0))
            self.counted.append(self.counted[-1] + counted)
            self.titles.append(self.titles[-1] + (counted and (line.title_like or line.heading)))

    def is_tail(self, first: int, start: int, run_end: int, after_heading: bool) -> bool:
        """Is everything from `start` on page furniture? Yes when what follows the heading or run
        holds no paragraph, is mostly titles (link lists, teasers) or, after a heading, holds less
        article text than the body before it."""
        paragraphs = self.paragraph_words[-1] - self.paragraph_words[run_end]
        if paragraphs == 0:
            return True
        counted = self.counted[-1] - self.counted[run_end]
        titles = self.titles[-1] - self.titles[run_end]
        if counted and titles / counted >= LIST_SHARE:
            return True
        before = self.paragraph_words[start] - self.paragraph_words[first]
        return after_heading and paragraphs <= before


def _glued(text: str) -> bool:
    """Two link titles flattened without a space: a lower-case letter run straight into a
    capitalised word ("...Việt - NhậtCơm tấm..."), as teaser boxes come out of scrapers."""
    for word in text.split():
        for k in range(2, len(word) - 1):
            if word[k].isupper() and word[k - 1].islower() and word[k - 2].islower() and word[k + 1].islower():
                return True
    return False


# a line with digits and at most this many letters ("October 22, 2019 | 14:17 (GMT+7)": 10) is a
# date or time stamp; headlines, even in Japanese or Chinese, have more
STAMP_LETTERS = 18


def stamp_or_link(text: str) -> bool:
    """"October 22, 2019 | 14:17 (GMT+7)", "VIETNAM, January 22 -", ">>Dà Nang déroule ...": a date
    stamp or a related-news link, never a page's headline."""
    if text.startswith((">>", "»", "›")):
        return True
    letters = sum(len(run) for run in re.findall(r"[^\W\d_]+", text))
    return letters <= STAMP_LETTERS and any(ch.isdigit() for ch in text)


def _title_index(top: list[Line]) -> int | None:
    """The headline: the longest title-like line above the article (banners and sections are
    shorter; the page's first line is a site banner when anything else qualifies). An unpunctuated
    sapo is often longer than the headline: when the longest line repeats words of the candidate
    just above it, that candidate is the headline."""
    candidates = [i for i, line in enumerate(top)
                  if line.title_like and line.words >= TITLE_WORDS and not find_full_date(line.text)
                  and not MENU.search(line.text) and not stamp_or_link(line.text)]
    if len(candidates) > 1 and candidates[0] == 0 and top[0].words <= BANNER_WORDS:
        candidates = candidates[1:]   # a short first line is the site's banner
    if not candidates:
        return None
    longest = max(candidates, key=lambda i: len(top[i].text))
    position = candidates.index(longest)
    if position > 0 and _shared_words(top[candidates[position - 1]].text, top[longest].text) >= SAPO_SHARED:
        return candidates[position - 1]
    return longest


_KANJI_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _shared_words(a: str, b: str) -> int:
    def content(text: str) -> set[str]:
        words = {w for w in re.split(r"[\W_]+", fold(text)) if len(w) >= 4 and not _KANJI_PAIR.match(w)}
        # a script without spaces: its words are counted as pairs of kanji ("茨城", "城県")
        return words | set(_KANJI_PAIR.findall(text))
    return len(content(a) & content(b))


def _field_label(text: str) -> bool:
    """"1　日時", "Date:", "Thời gian:": the label of a press release's date field."""
    return len(text) <= FIELD_LABEL_CHARS and any(label in fold(text) for label in _field_labels())


@lru_cache(maxsize=1)
def _field_labels() -> tuple[str, ...]:
    return tuple(fold(label) for label in _dates_data()["field_labels"])


def _is_dateline(line: Line) -> bool:
    return line.title_like and line.words <= DATELINE_WORDS and find_full_date(line.text) is not None


def _published(top: list[Line], title_at: int | None, datelines: list[Line], body: list[Line]) -> str | None:
    """The page's date: a dateline under the headline first (a date in the site banner may be
    today's), then any date above the article, then a short dateline opening the body, then a
    timestamp at the start of the lead. Never a date from the article's sentences."""
    field = next((d for d in (header_field(line.text) for line in top if line.words <= 4) if d), None)
    if field:
        return field
    after_title = top[title_at + 1:] if title_at is not None else []
    short_top = [line.text for line in after_title + top if line.words <= 2 * DATELINE_WORDS]
    found = find_published(short_top + [line.text for line in datelines])
    if found:
        return found
    return next((d for d in (find_timestamp(line.text) for line in body[:2]) if d), None)

"""Cleaning: a RawDocument in, its main text, title, publication date and URL out.

Entry point: `clean(raw: RawDocument) -> CleanText` (raises InputError when no text is left).

- web pages ("html"): trafilatura finds the main text and title, htmldate the date; the
  plain-text cleaner then drops what trafilatura kept from lists inside the article element,
  and when trafilatura finds nothing the page's visible text goes through it instead;
- plain text ("text"): flattened scraped pages lose their menus, related-news lists,
  widgets and footers by line and block features (`clean.page`);
- records ("record"): the record's text, which scrapers also fill with boilerplate,
  goes through the plain-text cleaner; its own metadata wins.
"""
from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model import CleanText, RawDocument
from .html import clean_html
from .page import clean_page, stamp_or_link
from .published import find_published

__all__ = ["clean", "clean_page", "find_published", "headline_of"]


def clean(raw: RawDocument) -> CleanText:
    if raw.kind == "html":
        cleaned = clean_html(raw.text, url=raw.url, published_hint=raw.published)
    else:
        cleaned = clean_page(raw.text, title=raw.title)
        if raw.title is None and cleaned.title and not cleaned.text.startswith(cleaned.title):
            # the headline read off the page's first lines is the article's first line (contract:
            # main text; a headline may name a partner the body does not)
            cleaned = replace(cleaned, text=f"{cleaned.title}\n\n{cleaned.text}", headline_end=len(cleaned.title))
        if raw.kind == "record":
            cleaned = replace(cleaned, title=raw.title or cleaned.title,
                              published=raw.published or cleaned.published, url=raw.url)
    if not cleaned.text.strip():
        raise InputError(raw.source, "no article text found (the page holds only menus, lists or widgets)")
    if not (cleaned.title or "").strip():
        # every document has a headline for the people who read lists of them, never a file path:
        # the page gave none, so its first line stands for it
        cleaned = replace(cleaned, title=headline_of(cleaned.text))
    return cleaned


HEADLINE_CHARS = 120   # a headline made from the first line is cut, at a word, to about this length


def headline_of(text: str) -> str:
    """The first line of the main text, cut at a word near HEADLINE_CHARS characters with an ellipsis."""
    # table cell bars and bullets are not part of a headline ("| Das Außenministerium ...")
    lines = [line.strip().strip("|•·-–—*# \t").strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    # a date stamp ("October 22, 2019 | 14:17 (GMT+7)", "VIETNAM, January 22 -") or a related-news
    # link (">>Dà Nang ...") that opens the text is not the headline when a line follows
    first = next((line for line in lines if not stamp_or_link(line)), lines[0] if lines else "")
    if len(first) <= HEADLINE_CHARS:
        return first
    cut = first.rfind(" ", 0, HEADLINE_CHARS)
    return first[:cut if cut > HEADLINE_CHARS // 2 else HEADLINE_CHARS].rstrip(" ,;:") + "…"

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

from ..errors import InputError
from ..model import CleanText, RawDocument
from .html import clean_html
from .page import clean_page
from .published import find_published

__all__ = ["clean", "clean_page", "find_published"]


def clean(raw: RawDocument) -> CleanText:
    if raw.kind == "html":
        cleaned = clean_html(raw.text, url=raw.url, published_hint=raw.published)
    else:
        cleaned = clean_page(raw.text, title=raw.title)
        if raw.kind == "record":
            cleaned = CleanText(text=cleaned.text, title=raw.title or cleaned.title,
                                published=raw.published or cleaned.published, url=raw.url)
    if not cleaned.text.strip():
        raise InputError(raw.source, "no article text found (the page holds only menus, lists or widgets)")
    return cleaned

"""Web pages: trafilatura for the main text and title, htmldate for the publication date."""
from __future__ import annotations

import logging
import re

import trafilatura
from htmldate import find_date

from ..model import CleanText
from ..text import nfc
from .page import clean_page

logger = logging.getLogger(__name__)
DATE_PARAMS = {"extensive_search": False, "original_date": True}
_TAGS = re.compile(r"<(script|style|noscript)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def clean_html(page: str, url: str | None = None, published_hint: str | None = None) -> CleanText:
    """Main text, title, date and URL of one HTML page; the plain-text cleaner is the fallback."""
    extracted = _trafilatura(page, url)
    # htmldate runs once, inside trafilatura, without its extensive search (which invents dates
    # from teasers and, through dateparser, compiled patterns for every locale: 60 ms a page)
    published = (extracted.date if extracted else None) or (_date(page, url) if extracted is None else None) \
        or published_hint
    if extracted is None or not (extracted.text or "").strip():
        fallback = clean_page(_visible_text(page))
        return CleanText(text=fallback.text, title=fallback.title, url=url,
                         published=published or fallback.published)
    title = nfc(extracted.title) if extracted.title else None
    main = nfc(extracted.text)
    # trafilatura keeps lists that sit inside the article element ("related", tags, share bars):
    # the line cleaner drops them; when it finds no paragraph at all, trafilatura's text stands.
    polished = clean_page(main, title=title)
    text = polished.text or "\n\n".join(p.strip() for p in main.split("\n") if p.strip())
    return CleanText(text=text, title=title, published=published or polished.published,
                     url=url or extracted.url)


def _trafilatura(page: str, url: str | None):
    try:
        # the article's own tables are main text (contract)
        return trafilatura.bare_extraction(page, url=url, favor_precision=True, include_comments=False,
                                           include_tables=True, with_metadata=True,
                                           date_extraction_params=DATE_PARAMS)
    except Exception as err:  # malformed markup must not stop the run; the fallback takes over
        logger.info("trafilatura failed (%s); falling back to visible text", err)
        return None


def _date(page: str, url: str | None) -> str | None:
    try:
        return find_date(page, url=url, **DATE_PARAMS)
    except Exception as err:
        logger.info("htmldate failed (%s)", err)
        return None


def _visible_text(page: str) -> str:
    import html as html_lib
    text = _TAGS.sub("\n", page)
    return nfc(html_lib.unescape(text))

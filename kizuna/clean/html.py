"""Web pages: trafilatura for the main text and title, htmldate for the publication date."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.utils import load_html

from ..model import CleanText
from ..text import nfc
from .page import clean_page

logger = logging.getLogger(__name__)
DATE_PARAMS = {"extensive_search": False, "original_date": True}
_TAGS = re.compile(r"<(script|style|noscript)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def clean_html(page: str, url: str | None = None, published_hint: str | None = None) -> CleanText:
    """Main text, title, date and URL of one HTML page; the plain-text cleaner is the fallback."""
    extracted = _trafilatura(page, url)
    # htmldate runs once, on trafilatura's parse of the page, without its extensive search (which invents dates
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


@dataclass(frozen=True, slots=True)
class _Extracted:
    """What kizuna reads of trafilatura's result: main text, title, URL and date."""
    text: str | None
    title: str | None
    url: str | None
    date: str | None


_MAX_FILE_SIZE = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")


def _trafilatura(page: str, url: str | None) -> _Extracted | None:
    """trafilatura's main text, with the title, URL and date its metadata step would give.

    The page is parsed once. `bare_extraction(with_metadata=True)` also finds the author (on a
    deep copy of the tree), site name, categories, tags and licence, which kizuna never reads:
    that was 40 % of trafilatura's time on a page. The same steps for the fields kizuna reads
    run here, in trafilatura's order (`metadata.extract_metadata`), on the tree before the
    extraction prunes it; the extraction itself works on a copy, as it does when given a tree."""
    try:
        tree = load_html(page, _MAX_FILE_SIZE)
        if tree is None:
            return None
        meta = trafilatura_metadata.examine_meta(tree)
        try:
            meta = trafilatura_metadata.extract_meta_json(tree, meta)
        except Exception as err:  # bugs in trafilatura's JSON-LD reader: trafilatura goes on too
            logger.info("trafilatura's JSON metadata failed (%s)", err)
        title = meta.title or trafilatura_metadata.extract_title(tree)
        page_url = meta.url or trafilatura_metadata.extract_url(tree, url)
        date = find_date(tree, **DATE_PARAMS, url=page_url)
        # the article's own tables are main text (contract). `fast`: no second opinion from
        # readability and jusText, a third of trafilatura's time on a page; on the 171 pages kizuna
        # has (eval, samples, fixtures, WARC records, the benchmark's pages) the main text was the
        # same with and without it, and a page whose main text is not found still falls back to
        # its visible text below
        body = trafilatura.bare_extraction(tree, url=url, favor_precision=True, include_comments=False,
                                           include_tables=True, with_metadata=False, fast=True)
    except Exception as err:  # malformed markup must not stop the run; the fallback takes over
        logger.info("trafilatura failed (%s); falling back to visible text", err)
        return None
    if body is None:
        return None
    return _Extracted(text=body.text, title=title, url=page_url, date=date)


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

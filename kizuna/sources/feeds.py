"""RSS and Atom: feed bytes in, the articles it lists out.

    feed = parse_feed(data, "https://example.org/rss")   # raises InputError(url, reason) when empty
    for entry in feed.entries: entry.link, entry.title, entry.published

feedparser reads RSS 0.9x/1.0/2.0 and Atom, and keeps going through malformed XML (its
`bozo` flag): whatever entries it recovered are used and the problem is kept as a warning.
A feed that yields no entry with a link is an error naming the feed URL. feedparser is only
ever given bytes: handed a string that looks like a URL it would fetch it itself, impolitely.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any
from datetime import date
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import InputError
from .dates import iso_date

log = logging.getLogger(__name__)

Entry = dict[str, Any]   # a feedparser entry (a FeedParserDict)
_HARMLESS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str                  # absolute http(s) URL of the article
    title: str | None = None
    published: str | None = None   # "YYYY-MM-DD" when the feed gives a date


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None     # what was wrong with the XML, when feedparser had to recover


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> Feed:
    """Entries (link, title, published) of an RSS or Atom document; InputError when there are none."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(bytes(data), response_headers=headers, sanitize_html=False)
    except Exception as err:   # feedparser catches XML errors itself; anything else is a bug of its own
        log.debug("feedparser failed on %s", url, exc_info=True)
        raise InputError(url, f"unreadable feed ({type(err).__name__}: {err})") from None
    warning = _bozo_warning(parsed)
    entries = _entries(parsed.get("entries") or [], url)
    if not entries:
        raise InputError(url, _empty_reason(parsed, warning))
    if warning:
        log.info("%s: malformed feed, %d entries recovered (%s)", url, len(entries), warning)
    title = _clean(parsed.get("feed", {}).get("title"))
    return Feed(url=url, title=title, entries=tuple(entries), warning=warning)


def _entries(raw_entries: list[Entry], feed_url: str) -> list[FeedEntry]:
    """One FeedEntry per distinct article link, in feed order."""
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in raw_entries:
        link = _link(raw, feed_url)
        if link is None or link in seen:
            continue
        seen.add(link)
        out.append(FeedEntry(link=link, title=_clean(raw.get("title")), published=_published(raw)))
    return out


def _link(entry: Entry, feed_url: str) -> str | None:
    """The article URL: <link>, else an alternate link, else a guid that is a URL."""
    candidates = [entry.get("link")]
    candidates += [x.get("href") for x in entry.get("links") or []
                   if x.get("rel", "alternate") == "alternate"]
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip().startswith(("http://", "https://")):   # not a tag: or urn: id
        candidates.append(guid)
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            absolute = urljoin(feed_url, candidate.strip())
            parts = urlsplit(absolute)
            if parts.scheme in ("http", "https") and parts.netloc:
                return absolute
    return None


def _published(entry: Entry) -> str | None:
    """The entry's date as the publisher wrote it (their time zone), else feedparser's UTC one.

    `dict.get` reads the keys as stored: feedparser's own `get` maps a missing "published" to
    "updated" with a DeprecationWarning."""
    for key in ("published", "updated", "created"):
        written = iso_date(dict.get(entry, key))
        if written:
            return written
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except ValueError:
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _bozo_warning(parsed: feedparser.FeedParserDict) -> str | None:
    err = parsed.get("bozo_exception")
    # A wrong Content-Type or charset label is the server's slip, not a broken feed.
    if not parsed.get("bozo") or isinstance(err, _HARMLESS):
        return None
    message = " ".join(str(err).split()) if err is not None else ""
    return f"malformed XML ({message})" if message else "malformed XML"


def _empty_reason(parsed: feedparser.FeedParserDict, warning: str | None) -> str:
    if parsed.get("entries"):
        return "the feed lists no article with a usable link"
    if not parsed.get("version"):
        why = f": {warning}" if warning else ""
        return f"not an RSS or Atom feed, no entries found{why}"
    return "the feed lists no articles"


__all__ = ["Feed", "FeedEntry", "parse_feed"]

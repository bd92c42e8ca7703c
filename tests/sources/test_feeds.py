"""RSS and Atom parsing: entries, links, dates, malformed XML that still yields, empty feeds."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.errors import InputError
from kizuna.sources.feeds import Feed, parse_feed

from .localweb import atom, rss

FEED = "https://tin.example.vn/rss/hop-tac.xml"


def test_rss_entries_with_links_titles_and_dates() -> None:
    data = rss([("Nghệ An đón đoàn doanh nghiệp tỉnh Gifu", "https://tin.example.vn/a/1.html",
                 "Tue, 14 Oct 2025 09:30:00 +0700"),
                ("Bắc Ninh và Saitama bàn về linh kiện điện tử", "https://tin.example.vn/a/2.html",
                 "Wed, 03 Sep 2025 16:00:00 +0700")])
    feed = parse_feed(data, FEED)
    assert feed.title == "Tin hợp tác địa phương" and feed.warning is None
    assert [e.link for e in feed.entries] == ["https://tin.example.vn/a/1.html", "https://tin.example.vn/a/2.html"]
    assert feed.entries[0].title == "Nghệ An đón đoàn doanh nghiệp tỉnh Gifu"
    assert [e.published for e in feed.entries] == ["2025-10-14", "2025-09-03"]


def test_atom_entries() -> None:
    data = atom([("Osaka delegation visits Hai Phong port", "https://news.example.jp/en/osaka-haiphong",
                  "2025-08-20T10:00:00+09:00")])
    feed = parse_feed(data, "https://news.example.jp/atom.xml")
    assert feed.entries[0].link == "https://news.example.jp/en/osaka-haiphong"
    assert feed.entries[0].published == "2025-08-20" and feed.title == "Local cooperation news"


def test_the_date_is_the_publishers_not_utc() -> None:
    # 06:30 in Hanoi is still the day before in UTC: the article's own date is kept
    data = rss([("Lâm Đồng và Nagano", "https://tin.example.vn/a/3.html", "Thu, 06 Nov 2025 06:30:00 +0700")])
    assert parse_feed(data, FEED).entries[0].published == "2025-11-06"


def test_relative_links_are_made_absolute_and_duplicates_dropped() -> None:
    data = rss([("Một", "/a/1.html", "Tue, 14 Oct 2025 09:30:00 +0700"),
                ("Một (cập nhật)", "/a/1.html", "Tue, 14 Oct 2025 10:30:00 +0700"),
                ("Hai", "a/2.html", "Tue, 14 Oct 2025 11:30:00 +0700")])
    feed = parse_feed(data, FEED)
    assert [e.link for e in feed.entries] == ["https://tin.example.vn/a/1.html",
                                              "https://tin.example.vn/rss/a/2.html"]


def test_a_guid_that_is_a_url_stands_for_a_missing_link() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>Gunma</title><guid>https://tin.example.vn/a/9.html</guid></item>"
            b'<item><title>Kagoshima</title><guid isPermaLink="false">tin-10</guid></item>'
            b"</channel></rss>")
    assert [e.link for e in parse_feed(data, FEED).entries] == ["https://tin.example.vn/a/9.html"]


def test_a_feed_in_shift_jis_declared_in_its_prolog() -> None:
    xml = ('<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><title>県の国際交流</title>'
           "<item><title>岐阜県、ゲアン省の訪問団を歓迎</title><link>https://pref.example.jp/news/1</link>"
           "<pubDate>Tue, 14 Oct 2025 15:00:00 +0900</pubDate></item></channel></rss>")
    feed = parse_feed(xml.encode("shift_jis"), "https://pref.example.jp/rss")
    assert feed.title == "県の国際交流" and feed.entries[0].title == "岐阜県、ゲアン省の訪問団を歓迎"


def test_malformed_xml_still_yields_its_entries_with_a_warning() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>'
            b"<item><title>Quang Ninh & Gunma</title><link>https://tin.example.vn/a/4.html</link></item>"
            b"<item><title>Long An</title><link>https://tin.example.vn/a/5.html</link></item>")   # & and no end
    feed = parse_feed(data, FEED)
    assert feed.warning is not None and feed.warning.startswith("malformed XML")
    assert [e.link for e in feed.entries][:1] == ["https://tin.example.vn/a/4.html"]


def test_a_wrong_content_type_is_not_a_warning() -> None:
    data = rss([("Một", "https://tin.example.vn/a/1.html", "Tue, 14 Oct 2025 09:30:00 +0700")])
    assert parse_feed(data, FEED, content_type="text/html").warning is None


@pytest.mark.parametrize("data, reason", [
    (b"", "not an RSS or Atom feed"),
    ("<html><body><p>Trang tin tỉnh Nghệ An</p></body></html>".encode(), "not an RSS or Atom feed"),
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>Trống</title></channel></rss>'.encode(),
     "the feed lists no articles"),
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Chỉ có tiêu đề</title>'
     "</item></channel></rss>".encode(), "the feed lists no article with a usable link"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>javascript:alert(1)</link></item>'
     b"</channel></rss>", "the feed lists no article with a usable link"),
])
def test_a_feed_that_yields_nothing_is_an_error_naming_its_url(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_feed(data, FEED)
    assert caught.value.path == FEED and caught.value.reason.startswith(reason)


def test_parse_feed_never_fetches_a_url_given_as_its_body() -> None:
    with pytest.raises(InputError):   # feedparser would fetch a str that looks like a URL; bytes are data
        parse_feed(b"http://127.0.0.1:9/feed.xml", FEED)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_parse_feed_never_crashes_on_any_bytes(data: bytes) -> None:
    try:
        feed = parse_feed(data, FEED)
    except InputError as err:
        assert err.path == FEED
        return
    assert isinstance(feed, Feed) and feed.entries


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=40), st.text(max_size=30)), max_size=4))
def test_feeds_with_arbitrary_item_text_give_only_http_links(items: list[tuple[str, str, str]]) -> None:
    from xml.sax.saxutils import escape
    data = rss([(escape(t), escape(link), escape(d)) for t, link, d in items])
    try:
        feed = parse_feed(data, FEED)
    except InputError:
        return
    assert all(e.link.startswith(("http://", "https://")) for e in feed.entries)
    assert all(e.published is None or len(e.published) in (7, 10) for e in feed.entries)

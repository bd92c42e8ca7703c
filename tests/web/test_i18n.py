"""The interface's catalogues and the choice of language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kizuna.web import i18n
from kizuna.web.pages import labels

WEB = Path(i18n.__file__).parent
CALL = re.compile(r'''(?<![\w.])_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)''')
PLURAL = re.compile(r'ngettext\("([^"]*)", "([^"]*)"')


def _msgids() -> set[str]:
    ids = set(labels().values())
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text("utf-8")
        ids |= {(a if a is not None and a != "" else b).replace('\\"', '"') for a, b in CALL.findall(text)}
        ids |= {singular for singular, _ in PLURAL.findall(text)}
    return ids


@pytest.mark.parametrize("lang", ["vi", "ja"])
def test_every_interface_string_is_translated(lang: str) -> None:
    with (WEB / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    missing = []
    for msgid in sorted(_msgids()):
        message = catalog.get(msgid)
        translated = message and (message.string if isinstance(message.string, str) else message.string[0])
        if not translated:
            missing.append(msgid)
        elif "%(" in msgid:   # placeholders survive translation
            assert set(re.findall(r"%\(\w+\)s|%\(\w+\)d", msgid)) == \
                set(re.findall(r"%\(\w+\)s|%\(\w+\)d", translated)), msgid
    assert not missing, f"untranslated in {lang}: {missing}"


def test_english_catalogue_knows_every_string() -> None:
    with (WEB / "locales" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="en")
    assert not [m for m in _msgids() if catalog.get(m) is None]


@pytest.mark.parametrize("header, expected", [
    ("ja-JP,ja;q=0.9,en-US;q=0.8", "ja"),
    ("vi-VN,vi;q=0.9", "vi"),
    ("fr-FR, vi;q=0.5, en;q=0.7", "en"),
    ("de-DE,de;q=0.9", None),
    ("en;q=0, ja;q=0.1", "ja"),
    ("", None),
    (None, None),
    (";;;q=x,,=", None),
    ("*", None),
])
def test_negotiate(header: str | None, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_choose_prefers_query_then_cookie_then_browser() -> None:
    assert i18n.choose("vi", "ja", "en") == "vi"
    assert i18n.choose("xx", "ja", "en") == "ja"
    assert i18n.choose(None, None, "ja") == "ja"
    assert i18n.choose(None, None, None) == i18n.DEFAULT


@pytest.mark.parametrize("name, lang, shown", [
    ("Quảng Ninh", "ja", "クアンニン"),
    ("Gunma", "ja", "群馬県"),
    ("Osaka", "ja", "大阪府"),             # the prefecture, not the designated city
    ("Hồ Chí Minh", "en", "Ho Chi Minh City"),
    ("Quảng Ninh", "en", "Quảng Ninh"),    # no tone-less copy for English readers
    ("Gunma", "vi", "Gunma"),
    ("Nowhere", "ja", "Nowhere"),
])
def test_locality_names_in_each_language(name: str, lang: str, shown: str) -> None:
    assert i18n.locality_name(name, lang) == shown


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_negotiate_never_fails_on_any_header(header: str) -> None:
    assert i18n.negotiate(header) in (None, *i18n.LANGUAGES)

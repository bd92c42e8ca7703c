"""A prefecture's own pages: on pref.X.lg.jp, 本県 and 当県 ("this prefecture") and a bare 知事 (the
governor, with no prefecture written before it) name X. The contract says so; the page's address is
the only place the page names its prefecture (tochigi: "本県の魅力を発信", "福田知事").

The address is read as a prefectural site when its host is pref.X.jp or pref.X.lg.jp, or a cache or
proxy host that writes the same name with dashes (www-pref-tochigi-lg-jp.cache.example)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..gazetteer import Gazetteer, Unit
from ..model import Mention

_HOST = re.compile(r"(?:^|[.-])pref[.-]([a-z]+)[.-](?:lg[.-])?jp(?:$|[.-])")
THIS_PREFECTURE = ("本県", "当県")
GOVERNOR = "知事"
_NOT_BARE = "県府都道"   # "山口県知事": another prefecture's governor


def site_prefecture(url: str | None, gazetteer: Gazetteer) -> Unit | None:
    """The prefecture whose own site `url` is on, if it is one."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    m = _HOST.search(host)
    if m is None:
        return None
    unit = gazetteer.get(f"JP:{m.group(1)}")
    return unit if unit is not None and unit.level == "prefecture" else None


def own_site_mentions(text: str, url: str | None, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the site's prefecture written as 本県, 当県 or a bare 知事."""
    unit = site_prefecture(url, gazetteer)
    if unit is None:
        return []
    found = []
    for word in (*THIS_PREFECTURE, GOVERNOR):
        start = text.find(word)
        while start >= 0:
            bare = word != GOVERNOR or start == 0 or text[start - 1] not in _NOT_BARE
            if bare:
                found.append(Mention(start=start, end=start + len(word), surface=word, key=unit.key,
                                     name=unit.name, country=unit.country, code=unit.code,
                                     current=unit.current, level=unit.level))
            start = text.find(word, start + len(word))
    return found

"""A prefecture's own pages: on pref.X.lg.jp, 本県 and 当県 ("this prefecture") and a bare 知事 (the
governor, with no prefecture written before it) name X. The contract says so; the page's address is
the only place the page names its prefecture (tochigi: "本県の魅力を発信", "福田知事").

The address is read as a prefectural site when its host is pref.X.jp or pref.X.lg.jp, or a cache or
proxy host that writes the same name with dashes (www-pref-tochigi-lg-jp.cache.example)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
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


def voice_prefecture(text: str, gazetteer: Gazetteer) -> Unit | None:
    """The prefecture a page speaks for when its address is unknown (a stored copy, a text file):
    it says 本県 or 当県 and calls one governor by family name alone ("福田知事"), a name that only
    that prefecture's governor bore (data/governors.json)."""
    if not any(word in text for word in THIS_PREFECTURE):
        return None
    keys = {key for surname, key in _governor_surnames().items()
            if re.search(rf"(?<![\u3400-\u9fff]){re.escape(surname)}{GOVERNOR}", text)}
    if len(keys) != 1:
        return None
    unit = gazetteer.get(keys.pop())
    return unit if unit is not None and unit.level == "prefecture" else None


@lru_cache(maxsize=1)
def _governor_surnames() -> dict[str, str]:
    """Family name -> prefecture key, for the names that only one governor bore and that name no
    prefecture."""
    data = json.loads(resources.files("kizuna.link").joinpath("data", "governors.json").read_text("utf-8"))
    held: dict[str, set[str]] = {}
    for prefecture, names in data["governors"].items():
        for name in names:
            held.setdefault(name.split()[0], set()).add(f"JP:{prefecture}")
    raw = json.loads(resources.files("kizuna.gazetteer").joinpath("data", "jp_units.json").read_text("utf-8"))
    prefecture_names = {p["kanji"] for p in raw["prefectures"]}   # 長崎, 山口: a place before 知事
    return {surname: next(iter(keys)) for surname, keys in held.items()
            if len(keys) == 1 and surname not in prefecture_names}


def own_site_mentions(text: str, url: str | None, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the site's prefecture written as 本県, 当県 or a bare 知事."""
    unit = site_prefecture(url, gazetteer) or voice_prefecture(text, gazetteer)
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

"""kizuna.link.own_site: on a prefecture's own site, 本県, 当県 and a bare 知事 name it."""
from __future__ import annotations

import json
from pathlib import Path

from kizuna import pipeline
from kizuna.gazetteer import load
from kizuna.link.own_site import own_site_mentions, site_prefecture

PAGE = ("知事一行は11月にベトナムを訪問し、本県とロンアン省の友好交流に関する覚書に署名しました。"
        "同行した山口県知事とも意見交換を行いました。")


def test_the_prefecture_of_a_site_is_read_from_its_address() -> None:
    gazetteer = load()
    assert site_prefecture("https://www.pref.tochigi.lg.jp/f04/page.html", gazetteer).name == "Tochigi"
    assert site_prefecture("https://www-pref-yamanashi-jp.cache.example.jp/x.html", gazetteer).name == "Yamanashi"
    assert site_prefecture("https://www.city.osaka.lg.jp/", gazetteer) is None
    assert site_prefecture(None, gazetteer) is None


def test_this_prefecture_and_its_bare_governor_name_the_site_prefecture() -> None:
    found = own_site_mentions(PAGE, "https://www.pref.tochigi.lg.jp/a.html", load())
    assert [(m.surface, m.name) for m in found] == [("本県", "Tochigi"), ("知事", "Tochigi")]
    assert own_site_mentions(PAGE, "https://example.com/a.html", load()) == []


def test_a_prefectures_own_page_ties_it_to_its_partner(tmp_path: Path) -> None:
    record = {"url": "https://www.pref.tochigi.lg.jp/a.html", "title": "ロンアン省訪問", "maintext": PAGE,
              "language": "ja"}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (extraction,) = list(pipeline.extract_paths([path]))
    assert {loc.name for loc in extraction.localities} >= {"Tochigi", "Long An"}
    assert any((t.vn, t.jp) == ("Long An", "Tochigi") for t in extraction.ties)


def test_a_page_without_its_address_speaks_for_the_prefecture_of_its_governor() -> None:
    from kizuna.link.own_site import voice_prefecture
    gazetteer = load()
    page = "花角知事はベトナムを訪れ、本県の農産物を紹介しました。"
    assert voice_prefecture(page, gazetteer).name == "Niigata"
    assert [m.name for m in own_site_mentions(page, None, gazetteer)] == ["Niigata", "Niigata"]
    # no 本県: a newspaper naming a governor is not that prefecture's voice
    assert voice_prefecture("花角知事はベトナムを訪れた。", gazetteer) is None
    # a family name two governors bore, or one that is a prefecture's name, tells nothing
    assert voice_prefecture("鈴木知事は本県の魅力を語った。", gazetteer) is None
    assert voice_prefecture("長崎知事は本県の魅力を語った。", gazetteer) is None
    # two governors named: no single voice
    assert voice_prefecture("花角知事と福田知事が本県で会った。", gazetteer) is None

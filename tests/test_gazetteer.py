"""The gazetteer: counts, the 2025 merger, codes, names in many scripts, regions, and agreement
of the shipped data with the packages it was generated from."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kizuna.gazetteer import load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "kizuna" / "gazetteer" / "data"


@pytest.fixture(scope="module")
def gaz():
    return load()


def test_counts(gaz):
    vn = [u for u in gaz.units if u.country == "VN"]
    # the 63 provinces of 30 June 2025; a unit renamed earlier (Thừa Thiên Huế) is not one of them
    assert sum(u.before and u.until is None for u in vn) == 63
    assert [u.name for u in vn if u.until] == ["Thừa Thiên Huế"]
    assert sum(u.after for u in vn) == 34
    assert len([u for u in gaz.units if u.level == "prefecture"]) == 47
    assert len([u for u in gaz.units if u.level == "designated_city"]) == 20


@pytest.mark.parametrize("old,new", [
    ("Long An", "Tây Ninh"), ("Hậu Giang", "Cần Thơ"), ("Phú Yên", "Đắk Lắk"),
    ("Bình Dương", "Hồ Chí Minh"), ("Bà Rịa-Vũng Tàu", "Hồ Chí Minh"), ("Quảng Ninh", "Quảng Ninh"),
    ("Quảng Nam", "Đà Nẵng"), ("Hải Dương", "Hải Phòng"),
])
def test_merger_mapping(gaz, old, new):
    unit = gaz.find(old)[0]
    assert unit.current == new
    assert gaz.current_of(unit).name == new
    assert unit.before
    assert unit.after == (old == new)


def test_members_and_merge_date(gaz):
    members = {u.name for u in gaz.members_of("Tây Ninh")}
    assert members == {"Tây Ninh", "Long An"}
    assert gaz.merged_on("VN:long-an") == "2025-07-01"
    assert gaz.merged_on("VN:tay-ninh") is None
    assert {u.name for u in gaz.members_of("JP:gunma")} == {"Gunma"}


@pytest.mark.parametrize("name,code", [
    ("Hồ Chí Minh", "VN-SG"), ("Hà Nội", "VN-HN"), ("Đà Nẵng", "VN-DN"), ("Hải Phòng", "VN-HP"),
    ("Cần Thơ", "VN-CT"), ("Quảng Ninh", "VN-13"), ("Long An", "VN-41"), ("Huế", "VN-26"),
    ("Gunma", "JP-10"), ("Tokyo", "JP-13"), ("Okinawa", "JP-47"),
])
def test_codes(gaz, name, code):
    assert gaz.find(name)[0].code == code


@pytest.mark.parametrize("alias,key", [
    ("long an", "VN:long-an"), ("LONG AN", "VN:long-an"), ("Khánh Hoà", "VN:khanh-hoa"),
    ("Khánh Hòa", "VN:khanh-hoa"), ("Thanh Hoá", "VN:thanh-hoa"), ("Hoà Bình", "VN:hoa-binh"),
    ("Quang Ninh", "VN:quang-ninh"), ("Ho Chi Minh City", "VN:ho-chi-minh"), ("Hanoi", "VN:ha-noi"),
    ("Da Nang", "VN:da-nang"), ("Thua Thien Hue", "VN:thua-thien-hue"), ("Huế", "VN:hue"), ("Ba Ria-Vung Tau", "VN:ba-ria-vung-tau"),
    ("Bà Rịa - Vũng Tàu", "VN:ba-ria-vung-tau"), ("群馬県", "JP:gunma"), ("群馬", "JP:gunma"),
    ("ぐんま", "JP:gunma"), ("クアンニン省", "VN:quang-ninh"), ("ロンアン省", "VN:long-an"),
    ("ホーチミン市", "VN:ho-chi-minh"), ("Gunma-provinsen", "JP:gunma"), ("Gunma prefektur", "JP:gunma"),
    ("Quang Ninh-provinsen", "VN:quang-ninh"), ("Ho Chi Minh-staden", "VN:ho-chi-minh"),
    ("préfecture de Gunma", "JP:gunma"), ("Hô Chi Minh-Ville", "VN:ho-chi-minh"),
    ("Präfektur Gunma", "JP:gunma"), ("provincia de Quang Ninh", "VN:quang-ninh"),
    ("Provinsi Quang Ninh", "VN:quang-ninh"), ("префектура Гумма", "JP:gunma"), ("Ханой", "VN:ha-noi"),
    ("群马县", "JP:gunma"), ("广宁省", "VN:quang-ninh"), ("胡志明市", "VN:ho-chi-minh"),
    ("군마현", "JP:gunma"), ("꽝닌성", "VN:quang-ninh"), ("하노이", "VN:ha-noi"),
    ("Osaka", "JP:osaka"), ("Osaka City", "JP:osaka-city"), ("大阪府", "JP:osaka"), ("大阪市", "JP:osaka-city"),
    ("Yokohama", "JP:yokohama-city"), ("Kitakyushu", "JP:kitakyushu-city"), ("JP-10", "JP:gunma"),
])
def test_find_aliases(gaz, alias, key):
    assert gaz.find(alias)[0].key == key


def test_find_unknown_and_country(gaz):
    assert gaz.find("Atlantis") == []
    assert gaz.find("Việt Nam") == []
    assert gaz.find("Tây Nguyên") == []


def test_designated_cities_have_prefectures(gaz):
    cities = [u for u in gaz.units if u.level == "designated_city"]
    prefectures = {u.name for u in gaz.units if u.level == "prefecture"}
    assert all(c.prefecture in prefectures for c in cities)
    assert gaz.find("Osaka City")[0].name == "Osaka"   # same name as the place, distinct key


def test_japanese_names_have_no_suffix_or_macron(gaz):
    for unit in gaz.units:
        if unit.country == "JP":
            assert unit.name.isascii() and "Prefecture" not in unit.name and not unit.name.endswith("-ken")


def test_centroids_plausible(gaz):
    for unit in gaz.units:
        if unit.country == "VN":
            assert 8 < unit.lat < 24 and 102 < unit.lon < 110, unit
        else:
            assert 24 < unit.lat < 46 and 122 < unit.lon < 146, unit


def test_regions(gaz):
    highlands = gaz.find_region("Tây Nguyên")
    assert highlands is not None and "VN:dak-lak" in highlands.members
    assert gaz.find_region("Central Highlands") == highlands
    kansai = gaz.find_region("Kinki")
    assert kansai is not None and "JP:osaka" in kansai.members
    assert [r.name for r in gaz.regions_of("Gunma")] == ["Kanto"]
    assert gaz.find_region("Gunma") is None


def test_every_data_file_has_a_source():
    for path in [*DATA.glob("*.json"), *(REPO / "kizuna" / "link" / "data").glob("*.json")]:
        assert json.loads(path.read_text("utf-8")).get("_source"), path


def test_japanese_prefectures_agree_with_pycountry(gaz):
    pycountry = pytest.importorskip("pycountry")
    iso = {s.code: s.name for s in pycountry.subdivisions.get(country_code="JP")}
    ours = {u.code: u.name for u in gaz.units if u.level == "prefecture"}
    assert ours.keys() == iso.keys()
    for code, name in ours.items():
        assert name.lower() == iso[code].lower().replace("ō", "o").replace("ū", "u"), code


def test_shipped_vietnamese_data_matches_packages():
    if importlib.util.find_spec("vietnamadminunits") is None:
        pytest.skip("vietnamadminunits not installed: cannot regenerate vn_units.json to compare")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_korean_names_of_every_old_province() -> None:
    from kizuna.link import link
    names_file = json.loads((DATA / "vn_names.json").read_text(encoding="utf-8"))
    units = json.loads((DATA / "vn_units.json").read_text(encoding="utf-8"))
    old = [u["key"] for u in units["units"] if u.get("before")]
    assert len(old) == 64   # the 63 provinces of 30 June 2025 and Thừa Thiên Huế, renamed before
    assert [k for k in old if not names_file["units"].get(k, {}).get("ko")] == []
    hangul = [n for k in old for n in names_file["units"][k]["ko"]]
    assert all("\uac00" <= c <= "\ud7a3" for n in hangul for c in n), hangul
    # Korean words and a Korean city are only given with 성, never bare.
    assert "하남" not in hangul and "안장" not in hangul and "동탑" not in hangul
    assert link("현충원에 안장됐다. 하남 스타필드. 미륵사지 동탑.", load()) == []


def test_korean_province_names_are_linked() -> None:
    from kizuna.link import link
    text = "하띤성과 라오까이에서 온 대표단은 박리에우, 속짱성, 안장성 지도자들과 함께 꼰뚬을 방문했다."
    assert [m.key for m in link(text, load())] == [
        "VN:ha-tinh", "VN:lao-cai", "VN:bac-lieu", "VN:soc-trang", "VN:an-giang", "VN:kon-tum"]


def test_korean_hue_is_only_linked_as_a_city_name() -> None:
    from kizuna.link import link
    assert link("회의 후에 발표했다.", load()) == []   # 후에 on its own is "after"
    assert [m.name for m in link("후에시 대표단이 도착했다.", load())] == ["Huế"]

#!/usr/bin/env python3
"""Generate kizuna/gazetteer/data/vn_units.json from the installed packages.

Sources of truth:
- vietnamadminunits (data/dataset.db and data/converter_2025.json): the 63 provinces before
  1 July 2025, the 34 after, the old -> new mapping and province centroids.
- pycountry: ISO 3166-2:VN codes (which exist for the 63 old units only; a new unit keeps the
  code of its same-named old unit).

The shipped JSON lets the runtime work without vietnamadminunits (which drags shapely/geopy);
tests/test_gazetteer.py checks that the shipped file still agrees with the packages.

    python scripts/build_gazetteer.py            # rewrite the file
    python scripts/build_gazetteer.py --check    # exit 1 if the file is out of date
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "kizuna" / "gazetteer" / "data" / "vn_units.json"

# pycountry names whose folded form differs from vietnamadminunits' short name (the province
# renamed before the merger): vietnamadminunits short name -> pycountry name.
PYCOUNTRY_RENAMED = {"Huế": "Thừa Thiên-Huế"}
# Units renamed before the merger, which the packages know only by their new name: the old name
# is a unit of its own (it existed until the renaming) whose `current` is the renamed unit, so an
# article that says "Thừa Thiên Huế" keeps that name (contract). Source: Resolution 1314/NQ-UBTVQH15
# of the National Assembly Standing Committee, in force 1 January 2025 (Thừa Thiên Huế province
# became the centrally governed city of Huế).
RENAMED = {"Huế": {"name": "Thừa Thiên Huế", "until": "2025-01-01", "municipality": False}}
# Province-level units that are centrally governed cities ("thành phố"), recognised by the
# package's full name.
CITY_PREFIX = "Thành phố "


def compact(name: str) -> str:
    """Letters only, no diacritics, lower case: the join key between the two packages."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def slug(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def standard_name(short: str) -> str:
    """'Bà Rịa - Vũng Tàu' -> 'Bà Rịa-Vũng Tàu' (the usual written form)."""
    return unicodedata.normalize("NFC", re.sub(r"\s*-\s*", "-", short))


def package_data_dir() -> Path:
    import vietnamadminunits
    return Path(vietnamadminunits.__file__).resolve().parent / "data"


def read_provinces(db: Path, table: str) -> dict[str, dict[str, Any]]:
    """provinceKey -> {short, full, lat, lon} for one table of dataset.db."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(f"SELECT DISTINCT provinceKey, provinceShort, province, provinceLat, provinceLon "
                           f"FROM {table}").fetchall()
    finally:
        con.close()
    return {key: {"short": short, "full": full, "lat": round(lat, 2), "lon": round(lon, 2)}
            for key, short, full, lat, lon in rows}


def iso_codes() -> dict[str, str]:
    import pycountry
    return {compact(s.name): s.code for s in pycountry.subdivisions.get(country_code="VN")}


def build() -> dict[str, Any]:
    data_dir = package_data_dir()
    old = read_provinces(data_dir / "dataset.db", "admin_units_legacy")
    new = read_provinces(data_dir / "dataset.db", "admin_units")
    mapping: dict[str, list[str]] = json.loads((data_dir / "converter_2025.json").read_text("utf-8"))["DICT_PROVINCE"]
    codes = iso_codes()
    new_of_old = {o: n for n, olds in mapping.items() for o in olds}

    units: dict[str, dict[str, Any]] = {}
    for pkey, info in sorted(old.items(), key=lambda kv: kv[1]["short"]):
        name = standard_name(info["short"])
        lookup = PYCOUNTRY_RENAMED.get(info["short"], info["short"])
        units[pkey] = {
            "key": f"VN:{slug(name)}", "name": name, "code": codes[compact(lookup)],
            "municipality": info["full"].startswith(CITY_PREFIX),
            "before": True, "after": pkey in new, "current": None,
            "lat": info["lat"], "lon": info["lon"],
        }
    for pkey, info in new.items():
        if pkey not in units:   # a brand-new name (none in 2025, but keep the generator honest)
            name = standard_name(info["short"])
            units[pkey] = {"key": f"VN:{slug(name)}", "name": name, "code": None,
                           "municipality": info["full"].startswith(CITY_PREFIX), "before": False,
                           "after": True, "current": None, "lat": info["lat"], "lon": info["lon"]}
        else:   # today's boundaries: use the new centroid
            units[pkey]["lat"], units[pkey]["lon"] = info["lat"], info["lon"]
    for pkey, unit in units.items():
        unit["current"] = units[new_of_old.get(pkey, pkey)]["key"]
    for pkey, info in old.items():
        if info["short"] in RENAMED:
            renamed, held_by = RENAMED[info["short"]], units[pkey]
            units[f"renamed:{pkey}"] = {
                "key": f"VN:{slug(renamed['name'])}", "name": renamed["name"], "code": held_by["code"],
                "municipality": renamed["municipality"], "before": True, "after": False,
                "current": held_by["key"], "until": renamed["until"], "lat": held_by["lat"], "lon": held_by["lon"]}
    return {
        "_source": "vietnamadminunits 1.0 (dataset.db, converter_2025.json: provinces before/after "
                   "2025-07-01, old->new mapping, centroids) and pycountry (ISO 3166-2:VN codes); "
                   "generated by scripts/build_gazetteer.py, do not edit by hand",
        "merged_on": "2025-07-01",
        "units": sorted(units.values(), key=lambda u: u["key"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = parser.parse_args()
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text("utf-8") == text
        sys.stderr.write("up to date\n" if same else f"{OUT} is out of date: rerun this script\n")
        return 0 if same else 1
    OUT.write_text(text, "utf-8")
    sys.stderr.write(f"wrote {OUT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Check gold files of the real development set against the contract's gold format.

    .venv/bin/python eval/real/tools/validate.py [GOLD.json ...]     # default: every eval/real/gold/*.json

Prints one line per problem and exits 1 when there is any. Locality names are checked against
kizuna's gazetteer (the standard names the extractor prints), so run it with the project's .venv.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parents[1]
LANGS = {"vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko"}
TIE_KINDS = {"agreement", "visit", "meeting", "proposed", "existing"}
EVENT_TYPES = {"visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other"}
UNITS_RE = re.compile(r"^(?:[A-Z]{3}|%|people|companies|projects|localities|partnerships|other)$")
SECTORS = {"agriculture", "food", "manufacturing", "semiconductors", "digital", "science_technology",
           "energy_environment", "minerals", "education_training", "labour", "healthcare", "tourism",
           "culture_exchange", "trade_investment", "infrastructure", "disaster_prevention"}
FIELDS = {"id": str, "lang": str, "published": (str, type(None)), "vn_localities": list,
          "jp_localities": list, "pairs": list, "events": list, "people": list, "organizations": list,
          "figures": list, "sectors": list, "notes": str}
FULL = r"\d{4}-\d{2}-\d{2}"
PUBLISHED = re.compile(rf"^(?:{FULL}|\d{{4}}-\d{{2}}|\d{{4}})$")
EVENT_DATE = re.compile(rf"^(?:{FULL}|\d{{4}}-\d{{2}}|\d{{4}}|--\d{{2}}-\d{{2}}|--\d{{2}})$")


def problems(path: Path, gazetteer=None) -> list[str]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [f"{path.name}: not readable JSON ({err})"]
    out = []
    for field, kind in FIELDS.items():
        if not isinstance(gold.get(field, ...), kind):
            out.append(f"{path.name}: field {field!r} missing or not {kind}")
    if out:
        return out
    if gold["id"] != path.stem:
        out.append(f"{path.name}: id {gold['id']!r} is not the file name")
    if not (REAL / "texts" / f"{path.stem}.txt").exists():
        out.append(f"{path.name}: no text eval/real/texts/{path.stem}.txt")
    if gold["lang"] not in LANGS:
        out.append(f"{path.name}: lang {gold['lang']!r}")
    if gold["published"] is not None and not PUBLISHED.match(gold["published"]):
        out.append(f"{path.name}: published {gold['published']!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    if not gold["notes"].strip():
        out.append(f"{path.name}: empty notes")
    for field in ("vn_localities", "jp_localities", "organizations", "sectors"):
        if len(set(gold[field])) != len(gold[field]):
            out.append(f"{path.name}: a duplicate in {field}")
    for pair in gold["pairs"]:
        if pair.get("kind") not in TIE_KINDS:
            out.append(f"{path.name}: pair kind {pair.get('kind')!r}")
        if pair.get("vn") not in gold["vn_localities"] or pair.get("jp") not in gold["jp_localities"]:
            out.append(f"{path.name}: pair {pair} names a locality not in vn_/jp_localities")
    for event in gold["events"]:
        if event.get("type") not in EVENT_TYPES:
            out.append(f"{path.name}: event type {event.get('type')!r}")
        for key in ("date", "end"):
            if event.get(key) is not None and not EVENT_DATE.match(event[key]):
                out.append(f"{path.name}: event {key} {event[key]!r}")
        if "place" not in event:
            out.append(f"{path.name}: event without 'place' (use null when unknown)")
    for person in gold["people"]:
        if not str(person.get("name", "")).strip() or not str(person.get("role", "")).strip():
            out.append(f"{path.name}: person {person} needs a name and a role")
        if person.get("locality") not in [None, *gold["vn_localities"], *gold["jp_localities"]]:
            out.append(f"{path.name}: person {person.get('name')}'s locality is not among the localities")
    for figure in gold["figures"]:
        if not UNITS_RE.match(str(figure.get("unit"))):
            out.append(f"{path.name}: figure unit {figure.get('unit')!r}")
        if not isinstance(figure.get("value"), (int, float)) or figure["value"] <= 0:
            out.append(f"{path.name}: figure value {figure.get('value')!r}")
        if not str(figure.get("about", "")).strip():
            out.append(f"{path.name}: figure without 'about'")
    if not set(gold["sectors"]) <= SECTORS:
        out.append(f"{path.name}: sectors not in the list: {sorted(set(gold['sectors']) - SECTORS)}")
    if gazetteer is not None:
        for field, country in (("vn_localities", "VN"), ("jp_localities", "JP")):
            for name in gold[field]:
                units = gazetteer.find(name)
                if not units or units[0].country != country or units[0].name != name:
                    hint = f" (the gazetteer's name is {units[0].name!r})" if units else ""
                    out.append(f"{path.name}: {name!r} is not a standard {country} name{hint}")
    return out


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((REAL / "gold").glob("*.json"))
    try:
        sys.path.insert(0, str(REAL.parents[1]))
        from kizuna.gazetteer import load
        gazetteer = load()
    except ImportError:
        print("warning: kizuna is not importable (run with .venv/bin/python): names not checked", file=sys.stderr)
        gazetteer = None
    found = [p for path in paths for p in problems(path, gazetteer)]
    print("\n".join(found) if found else f"{len(paths)} gold files: no problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

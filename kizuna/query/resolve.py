"""Turn what a user types ("Long An", "long an", "Tay Ninh", "群馬") into a locality and the names
of every unit whose facts belong to it.

The gazetteer knows every unit, old and new, and their aliases; the store knows the units that
the news mentioned. The gazetteer is asked first; the store is the fallback (for a name the
gazetteer lacks, or while it is not installed), so `show` works on any database.

A unit that exists today gathers the units merged into it ("Tây Ninh" includes the old Long An);
an old unit stands alone and says where it went ("Long An" -> merged into Tây Ninh).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import UsageError
from ..store import LocalityRow, Store
from ..text import fold_name

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    name: str
    country: str
    code: str | None
    current: str
    level: str

    @property
    def merged(self) -> bool:
        """An old unit that now lies inside another one."""
        return fold_name(self.current) != fold_name(self.name)


@dataclass(frozen=True, slots=True)
class Resolution:
    unit: Unit
    members: tuple[Unit, ...]       # the unit itself and, if it exists today, the old units it holds
    merged_into: str | None         # for an old unit: the unit that holds it today
    merged_on: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name under which facts of this locality are stored."""
        return tuple(dict.fromkeys(m.name for m in self.members))


class UnknownLocality(UsageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown locality {name!r}: see `kizuna localities` for the names in the database")
        self.name = name


def resolve(store: Store, name: str) -> Resolution:
    """The locality called `name` (any spelling, old or new) and the units its facts come from."""
    unit = _from_gazetteer(name) or _from_store(store, name)
    if unit is None:
        raise UnknownLocality(name)
    if unit.merged:
        return Resolution(unit, (unit,), unit.current, _merged_on(unit))
    members = {unit.key: unit}
    for member in _gazetteer_members(unit) + [_row_unit(r) for r in store.find_localities(unit.name)]:
        if fold_name(member.current) == fold_name(unit.name):
            members.setdefault(member.key, member)
    return Resolution(unit, tuple(members.values()), None, None)


# -- the store's view ----------------------------------------------------------------------------

def _from_store(store: Store, name: str) -> Unit | None:
    rows = store.find_localities(name)
    if not rows:
        return None
    folded = fold_name(name)
    named = [r for r in rows if fold_name(r.name) == folded]
    # "Tây Ninh" names both the old unit and today's: today's is the one asked about.
    for row in named:
        if fold_name(row.current) == folded:
            return _row_unit(row)
    if named:
        return _row_unit(named[0])
    # Only old units point at this name as their current one: stand for today's unit.
    first = rows[0]
    return Unit(key=f"{first.country}:{folded.replace(' ', '-')}", name=first.current, country=first.country,
                code=None, current=first.current, level=first.level)


def _row_unit(row: LocalityRow) -> Unit:
    return Unit(row.key, row.name, row.country, row.code, row.current, row.level)


# -- the gazetteer's view (another engineer's module; used when present) ------------------------

def _gazetteer() -> Any | None:
    try:
        from ..gazetteer import load
    except ImportError:
        return None
    try:
        return load()
    except Exception:   # a gazetteer that cannot load must not stop reading the database
        log.warning("gazetteer unavailable; resolving names from the database only", exc_info=True)
        return None


def _from_gazetteer(name: str) -> Unit | None:
    gazetteer = _gazetteer()
    if gazetteer is None or not hasattr(gazetteer, "find"):
        return None
    found = gazetteer.find(name)
    candidates = list(found) if isinstance(found, (list, tuple)) else ([found] if found else [])
    units = [u for u in (_as_unit(c) for c in candidates) if u is not None]
    if not units:
        return None
    current = [u for u in units if not u.merged]
    return (current or units)[0]


def _gazetteer_members(unit: Unit) -> list[Unit]:
    gazetteer = _gazetteer()
    if gazetteer is None or not hasattr(gazetteer, "members_of"):
        return []
    try:
        found = gazetteer.members_of(unit.key)
    except (KeyError, LookupError, TypeError):
        found = gazetteer.members_of(unit.name)
    return [u for u in (_as_unit(m) for m in found or ()) if u is not None]


def _as_unit(obj: Any) -> Unit | None:
    """Read a gazetteer entry (an object or a dict) into a Unit; None if it lacks what is needed."""
    get = obj.get if isinstance(obj, dict) else (lambda attr, default=None: getattr(obj, attr, default))
    name, country = get("name"), get("country")
    if not name or not country:
        return None
    return Unit(key=get("key") or f"{country}:{fold_name(name).replace(' ', '-')}", name=name,
                country=country, code=get("code"), current=get("current") or name,
                level=get("level") or "unknown")


def _merged_on(unit: Unit) -> str | None:
    gazetteer = _gazetteer()
    date = None
    if gazetteer is not None and hasattr(gazetteer, "merged_on"):
        date = gazetteer.merged_on(unit.key)
    return date or _reforms()["merged_on"].get(unit.country)


@lru_cache(maxsize=1)
def _reforms() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("data/reforms.json").read_text("utf-8"))

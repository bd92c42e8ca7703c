"""The map, drawn on the server as SVG: no tile server, no script needed to see it.

The base layer (Vietnam, Japan and their neighbours) is read from Natural Earth's public-domain
TopoJSON as the npm package world-atlas ships it; `make` copies it into static/vendor/. Localities
are placed at the approximate centres in data/centroids.json. Without the TopoJSON the map still
shows the points and lines, only without coastlines.
"""
from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..text import fold_name

log = logging.getLogger(__name__)

TOPOJSON = Path(__file__).parent / "static" / "vendor" / "countries-50m.json"

# The view: from the Gulf of Thailand to Hokkaido, equirectangular with the x axis shrunk by the
# cosine of the middle latitude so that shapes keep their proportions there.
WEST, EAST, SOUTH, NORTH = 100.5, 147.0, 7.0, 46.0
SCALE = 18.0                                  # SVG units per degree of latitude
_SHRINK = math.cos(math.radians((SOUTH + NORTH) / 2))
WIDTH = round((EAST - WEST) * _SHRINK * SCALE)
HEIGHT = round((NORTH - SOUTH) * SCALE)
HIGHLIGHT = {"704": "vn", "392": "jp"}        # ISO 3166-1 numeric codes: Vietnam, Japan


def project(lat: float, lon: float) -> tuple[float, float]:
    return round((lon - WEST) * _SHRINK * SCALE, 1), round((NORTH - lat) * SCALE, 1)


@dataclass(frozen=True, slots=True)
class Place:
    key: str
    name: str
    country: str
    lat: float
    lon: float

    @property
    def xy(self) -> tuple[float, float]:
        return project(self.lat, self.lon)


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Place], dict[tuple[str, str], Place]]:
    raw = json.loads(resources.files(__package__).joinpath("data/centroids.json").read_text("utf-8"))
    by_key = {k: Place(k, v["name"], v["country"], v["lat"], v["lon"]) for k, v in raw["units"].items()}
    by_name: dict[tuple[str, str], Place] = {}
    # A prefecture before the designated city of the same name: "Osaka" is the prefecture.
    for key, place in sorted(by_key.items(), key=lambda kv: kv[0].endswith("-city")):
        by_name.setdefault((place.country, fold_name(place.name)), place)
    return by_key, by_name


def place(name: str, country: str | None = None, key: str | None = None) -> Place | None:
    """Where a stored locality lies: by gazetteer key if given, else by name (and country)."""
    by_key, by_name = _places()
    if key and key in by_key:
        return by_key[key]
    countries = (country,) if country else ("VN", "JP")
    for c in countries:
        found = by_name.get((c, fold_name(name)))
        if found:
            return found
    return None


def curve(a: tuple[float, float], b: tuple[float, float], bend: float = 0.12) -> str:
    """An SVG path from a to b bowed to one side, so that lines sharing an end stay apart."""
    (x1, y1), (x2, y2) = a, b
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    cx, cy = mx - (y2 - y1) * bend, my + (x2 - x1) * bend
    return f"M{x1},{y1} Q{cx:.1f},{cy:.1f} {x2},{y2}"


# -- the base layer ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def base_svg() -> str:
    """The coastlines as a standalone SVG document (cached: the file does not change)."""
    shapes = list(_country_paths())
    body = "".join(f'<path class="{cls}" d="{d}"/>' for cls, d in shapes)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}"><style>path{{stroke:#8a9aa9;stroke-width:.6;'
            f'fill:#f3efe6}}.vn,.jp{{fill:#d6e8c8;stroke:#4f6b45}}</style>{body}</svg>')


def _country_paths() -> Iterator[tuple[str, str]]:
    topo = _topology()
    if topo is None:
        return
    arcs = _decode_arcs(topo)
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = _polygons(geometry)
        if not polygons:
            continue
        d = "".join(_ring_path(arcs, ring) for polygon in polygons for ring in polygon)
        if d:
            yield HIGHLIGHT.get(str(geometry.get("id")), "other"), d


def _topology() -> dict[str, Any] | None:
    if not TOPOJSON.is_file():
        log.warning("no %s: the map is drawn without coastlines (`make` installs world-atlas)", TOPOJSON)
        return None
    return json.loads(TOPOJSON.read_text("utf-8"))


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers: undo the deltas, then the quantisation."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))   # (lon, lat)
        out.append(points)
    return out


def _ring_path(arcs: list[list[tuple[float, float]]], ring: Iterable[int]) -> str:
    """One closed ring as SVG path data, or "" when it lies wholly outside the view."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]   # ~i: arc i walked backwards
        points += arc[1:] if points else arc
    # Rings crossing the antimeridian (Russia's east) jump from +180 to -180: move the western
    # hemisphere past +180, where it lies off the view, instead of letting the ring wrap the globe.
    points = [(lon + 360 if lon < -30 else lon, lat) for lon, lat in points]
    if not any(WEST - 5 <= lon <= EAST + 5 and SOUTH - 5 <= lat <= NORTH + 5 for lon, lat in points):
        return ""
    xy = [project(lat, lon) for lon, lat in points]
    kept = [xy[0]] + [p for prev, p in zip(xy, xy[1:]) if p != prev]   # drop repeats at this scale
    if len(kept) < 3:
        return ""
    return "M" + " ".join(f"{x:g},{y:g}" for x, y in kept) + "Z"

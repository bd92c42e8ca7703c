"""The server-drawn map: centroids data, projection, TopoJSON decoding."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from kizuna.gazetteer import load
from kizuna.web import geo


def test_centroids_cover_every_gazetteer_unit_with_a_source() -> None:
    raw = json.loads(resources.files("kizuna.web").joinpath("data/centroids.json").read_text("utf-8"))
    assert raw["_source"]
    units = raw["units"]
    gazetteer = load()
    assert {u.key for u in gazetteer.units} <= set(units)
    vn = [u for u in units.values() if u["country"] == "VN"]
    assert sum(u["before"] and not u.get("until") for u in vn) == 63 and sum(u["after"] for u in vn) == 34
    for u in units.values():   # inside Vietnam's or Japan's bounding box
        box = (8, 24, 102, 110) if u["country"] == "VN" else (24, 46, 122, 146)
        assert box[0] <= u["lat"] <= box[1] and box[2] <= u["lon"] <= box[3], u


@pytest.mark.parametrize("name, country, key", [
    ("Osaka", "JP", "JP:osaka"),              # the prefecture before the designated city
    ("quang ninh", "VN", "VN:quang-ninh"),
    ("Long An", None, "VN:long-an"),
])
def test_place_by_name(name: str, country: str | None, key: str) -> None:
    found = geo.place(name, country)
    assert found is not None and found.key == key


def test_place_unknown() -> None:
    assert geo.place("Atlantis") is None


def test_projection_keeps_both_countries_in_view() -> None:
    for lat, lon in ((8.6, 104.7), (23.4, 105.3), (45.5, 141.9), (24.3, 124.1)):
        x, y = geo.project(lat, lon)
        assert 0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT


def test_topojson_arcs_decode_deltas_and_reversal() -> None:
    topo = {"transform": {"scale": [1, 1], "translate": [100, 10]},
            "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]]}
    arcs = geo._decode_arcs(topo)
    assert arcs[0] == [(100, 10), (110, 10), (110, 20)]
    ring = geo._ring_path(arcs, [0, 1])
    assert ring.startswith("M") and ring.endswith("Z")
    assert geo._ring_path(arcs, [~1, ~0]).count(",") == ring.count(",")
    far = {"transform": {"scale": [1, 1], "translate": [-60, -50]}, "arcs": [[[0, 0], [5, 0], [0, 5]]]}
    assert geo._ring_path(geo._decode_arcs(far), [0]) == ""     # outside the view: not drawn


def test_curve_is_a_quadratic_path() -> None:
    assert geo.curve((0, 0), (10, 0)).startswith("M0,0 Q")

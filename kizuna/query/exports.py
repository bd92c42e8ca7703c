"""The knowledge base in other people's tools: GeoJSON for maps, GraphML for network tools (Gephi,
Cytoscape, networkx), JSON Lines for scripts.

Localities are placed at the approximate centres of kizuna/web/data/centroids.json (its `_source`:
vietnamadminunits 1.0 centroids for Vietnam, prefectural capitals and city halls for Japan, about
0.1 degree); a locality without coordinates is left out of GeoJSON and kept, without them, in GraphML.
Coordinates are [longitude, latitude] in WGS84, as RFC 7946 says.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from ..store import SQLStore, browse
from ..text import fold_name
from ..web import geo

COORDINATES_SOURCE = ("kizuna/web/data/centroids.json: approximate centres (about 0.1 degree) from "
                      "vietnamadminunits 1.0 and the prefectural capitals or city halls")


def localities_geojson(items: list[browse.LocalityItem]) -> dict[str, Any]:
    """A FeatureCollection of Points, one per locality, with its document and mention counts."""
    features, seen = [], set()
    for loc in items:
        where = geo.place(loc.name, loc.country, loc.key)
        if where is None or loc.key in seen:
            continue
        seen.add(loc.key)
        features.append({"type": "Feature", "id": loc.key,
                         "geometry": {"type": "Point", "coordinates": [where.lon, where.lat]},
                         "properties": {"name": loc.name, "country": loc.country, "code": loc.code,
                                        "current": loc.current, "level": loc.level,
                                        "documents": loc.documents, "mentions": loc.mentions}})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"coordinates": COORDINATES_SOURCE}}


def ties_geojson(pairs: list[browse.TiePair]) -> dict[str, Any]:
    """A FeatureCollection of LineStrings from the Vietnamese to the Japanese locality of each pair."""
    features = []
    for pair in pairs:
        a, b = geo.place(pair.vn, "VN"), geo.place(pair.jp, "JP")
        if a is None or b is None:
            continue
        features.append({"type": "Feature", "id": f"{a.key}|{b.key}",
                         "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                         "properties": {"vn": pair.vn, "jp": pair.jp, "kind": pair.kind, "kinds": list(pair.kinds),
                                        "documents": pair.documents, "events": pair.events,
                                        "first": pair.first, "last": pair.last}})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"coordinates": COORDINATES_SOURCE}}


def graph(store: SQLStore) -> Any:
    """A networkx Graph: localities as nodes, tied pairs as edges (kind, kinds, documents, events, dates)."""
    import networkx as nx
    g = nx.Graph(name="kizuna: Vietnam–Japan local cooperation", coordinates=COORDINATES_SOURCE)
    localities = browse.localities(store, browse.Filters())
    ids: dict[tuple[str, str], str] = {}
    for loc in localities:
        node = f"{loc.country}:{fold_name(loc.name)}"
        ids.setdefault((loc.country, fold_name(loc.name)), node)
        if node in g:
            continue
        attrs: dict[str, Any] = {"label": loc.name, "country": loc.country, "code": loc.code or "",
                                 "current": loc.current, "documents": loc.documents, "mentions": loc.mentions}
        where = geo.place(loc.name, loc.country, loc.key)
        if where is not None:
            attrs.update(lat=where.lat, lon=where.lon)
        g.add_node(node, **attrs)
    for pair in browse.tie_pairs(store, browse.Filters()):
        a = ids.get(("VN", fold_name(pair.vn))) or _add(g, ids, "VN", pair.vn)
        b = ids.get(("JP", fold_name(pair.jp))) or _add(g, ids, "JP", pair.jp)
        g.add_edge(a, b, kind=pair.kind, kinds=",".join(pair.kinds), documents=pair.documents,
                   events=pair.events, first=pair.first or "", last=pair.last or "", weight=pair.documents)
    return g


def _add(g: Any, ids: dict[tuple[str, str], str], country: str, name: str) -> str:
    node = f"{country}:{fold_name(name)}"
    ids[(country, fold_name(name))] = node
    g.add_node(node, label=name, country=country, code="", current=name, documents=0, mentions=0)
    return node


def graphml(store: SQLStore) -> str:
    import networkx as nx
    out = io.BytesIO()
    nx.write_graphml(graph(store), out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def geojson(store: SQLStore) -> dict[str, Any]:
    """Localities (Points) and pairs (LineStrings) in one FeatureCollection."""
    points = localities_geojson(browse.localities(store, browse.Filters()))
    lines = ties_geojson(browse.tie_pairs(store, browse.Filters()))
    return {"type": "FeatureCollection", "features": points["features"] + lines["features"],
            "properties": {"coordinates": COORDINATES_SOURCE}}


def jsonl(store: SQLStore) -> Iterator[str]:
    """One JSON object per line: every locality ({"type": "locality", ...}), then every pair."""
    g = graph(store)
    for node, attrs in g.nodes(data=True):
        yield json.dumps({"type": "locality", "id": node, **attrs}, ensure_ascii=False)
    for a, b, attrs in g.edges(data=True):
        vn, jp = (a, b) if a.startswith("VN:") else (b, a)
        yield json.dumps({"type": "pair", "vn": g.nodes[vn]["label"], "jp": g.nodes[jp]["label"],
                          **{k: v for k, v in attrs.items() if k != "weight"}}, ensure_ascii=False)


__all__ = ["COORDINATES_SOURCE", "geojson", "graph", "graphml", "jsonl", "localities_geojson", "ties_geojson"]

"""The dashboard map: a folium.Map whose layers are drawn by dashboard/map.js from one
compact JSON payload.

Speed with 100,000 events: above ``POINT_LIMIT`` filtered events the server
aggregates events to one marker per place (or per grid cell when there are too
many places), sized by count, so the browser draws a few thousand canvas markers
instead of 100,000; the markers' counts always add up to the filtered total, and
cluster icons show the sum of the counts below them.
"""
from __future__ import annotations

import html
import json
import math
import os

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard import assets
from events.schema import EVENT_TYPES

# above this many filtered events, aggregate on the server (env var for tests and tuning)
POINT_LIMIT = int(os.environ.get("DASHBOARD_POINT_LIMIT", "2000"))
MARKER_LIMIT = 3_000  # most markers sent in aggregate mode
HEAT_CELL = 0.1  # degrees
CENTER = [35.0, 38.5]
TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "&copy; OpenStreetMap contributors",
}

# colour and shape per ACLED event type; the legend is built from this
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Battles": ("#d62728", "circle"),
    "Explosions/Remote violence": ("#ff7f0e", "triangle"),
    "Violence against civilians": ("#9467bd", "diamond"),
    "Protests": ("#2ca02c", "square"),
    "Riots": ("#8c564b", "triangle-down"),
    "Strategic developments": ("#1f77b4", "hexagon"),
}
OTHER_STYLE = ("#7f7f7f", "circle")
TYPE_INDEX = {name: i for i, name in enumerate(TYPE_STYLE)}

CSS = """
<style>
.syriamap-label span { font: 600 11px/1.1 sans-serif; color: #444; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; position: relative; left: 6px; top: -7px; }
.syriamap-label-1 span { font-size: 13px; color: #222; text-transform: uppercase; letter-spacing: .04em; }
.syriamap-label-2::before { content: ""; position: absolute; width: 4px; height: 4px; border-radius: 2px;
  background: #555; left: -2px; top: -2px; }
.syriamap-info, .syriamap-legend { background: rgba(255,255,255,.9); padding: 4px 8px; border-radius: 4px;
  font: 12px sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.syriamap-legend div { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.syriamap-lowzoom .syriamap-label-2 { display: none; }
.leaflet-control-layers { font-size: 12px; line-height: 1.3; }
.syriamap-popup { font: 13px/1.35 sans-serif; }
.syriamap-popup table td { padding: 1px 6px 1px 0; vertical-align: top; }
.syriamap-popup .sentence { margin-top: 6px; padding: 4px; background: #f6f6f6; border-radius: 3px; }
.syriamap-popup mark { background: #ffe066; }
[dir=rtl] { text-align: right; }
</style>
"""


def _json(payload: dict) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # keep the JSON inert inside a script and safe for JS eval
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _Call(MacroElement):
    """One call into dashboard/map.js from the map's script. The base call is the same on
    every rerun, so streamlit-folium keeps the iframe; the events call goes into its
    dynamic feature group and only updates the events."""

    _template = Template("{% macro script(this, kwargs) %}SyriaMap.{{ this.call }};{% endmacro %}")

    def __init__(self, call: str):
        super().__init__()
        self._name = "SyriaMap"
        self.call = call


def _svg_shape(color: str, shape: str, dashed: bool = False) -> str:
    if dashed:
        return (f'<svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="none" stroke="{color}" '
                'stroke-width="2" stroke-dasharray="3 2"/></svg>')
    if shape == "circle":
        body = '<circle cx="8" cy="8" r="6"/>'
    else:
        corners, rot = {"triangle": (3, -90), "triangle-down": (3, 90), "square": (4, 45),
                        "diamond": (4, 0), "hexagon": (6, 0)}[shape]
        pts = " ".join(
            f"{8 + 7 * math.cos(math.radians(rot + i * 360 / corners)):.1f},"
            f"{8 + 7 * math.sin(math.radians(rot + i * 360 / corners)):.1f}"
            for i in range(corners)
        )
        body = f'<polygon points="{pts}"/>'
    return f'<svg width="16" height="16"><g fill="{color}" stroke="#222" stroke-width="1">{body}</g></svg>'


def legend_html() -> str:
    rows = [f"<div>{_svg_shape(c, s)}{html.escape(name)}</div>" for name, (c, s) in TYPE_STYLE.items()]
    rows.append(f"<div>{_svg_shape('#555', 'circle', dashed=True)}area only (precision 3)</div>")
    rows.append("<div><b>n</b>&nbsp;cluster: events inside</div>")
    return "".join(rows)


def _text(value) -> str:
    """A cell as plain text ('' for missing). Escaping happens in the browser: map.js
    builds popups and tooltips with textContent."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def event_fields(row: dict) -> list:
    """One event's popup fields, in the order map.js's eventPopup reads them."""
    actors = " vs ".join(_text(row.get(k)) for k in ("actor1", "actor2") if _text(row.get(k)))
    assoc = ", ".join(_text(row.get(k)) for k in ("assoc_actor_1", "assoc_actor_2") if _text(row.get(k)))
    admin = ", ".join(_text(row.get(k)) for k in ("admin2", "admin1") if _text(row.get(k)))
    return [
        _text(row.get("event_date")), _text(row.get("event_type")), _text(row.get("sub_event_type")),
        actors + (f" (with {assoc})" if assoc else ""), _text(row.get("fatalities")),
        _text(row.get("location")), _text(row.get("location_ar")), admin, _text(row.get("geo_precision")),
        _text(row.get("source_attribution")), _text(row.get("source")), _text(row.get("source_sentence")),
        _text(row.get("location_surface")), _text(row.get("source_url")), _text(row.get("notes")),
    ]


def _points(events: pd.DataFrame) -> tuple[list, str]:
    rows = []
    for rec, lat, lon in zip(events.to_dict("records"), events["_lat"], events["_lon"]):
        type_i = TYPE_INDEX.get(rec.get("event_type"), -1)
        area = 1 if rec.get("geo_precision") == 3 else 0
        rows.append([round(lat, 5), round(lon, 5), type_i, area, 1, event_fields(rec)])
    return rows, "points"


def _group_codes(lat: np.ndarray, lon: np.ndarray, area: np.ndarray):
    """(group of each event, number of groups, label): by place when there are few
    enough places, else by the finest grid cell size that gives at most MARKER_LIMIT."""
    for cell in (None, 0.05, 0.1, 0.2, 0.5, 1.0):
        scale = 1e4 if cell is None else 1 / cell
        ky = np.floor(lat * scale + (0.5 if cell is None else 0)).astype(np.int64)
        kx = np.floor(lon * scale + (0.5 if cell is None else 0)).astype(np.int64)
        key = ((ky - ky.min()) * (kx.max() - kx.min() + 1) + (kx - kx.min())) * 2 + area
        uniques, inverse = np.unique(key, return_inverse=True)
        if len(uniques) <= MARKER_LIMIT or cell == 1.0:
            return inverse, len(uniques), ("aggregated by place" if cell is None else f"aggregated per {cell}° cell")


def _aggregate(events: pd.DataFrame) -> tuple[list, str]:
    """One marker per place (or grid cell); counts add up to len(events). Vectorised
    with numpy: this runs on every filter change with up to 100,000 events."""
    lat, lon = events["_lat"].to_numpy(float), events["_lon"].to_numpy(float)
    area = (events["geo_precision"] == 3).fillna(False).to_numpy(bool).astype(np.int64)
    group, n, label = _group_codes(lat, lon, area)
    count = np.bincount(group, minlength=n)
    mean_lat = np.bincount(group, weights=lat, minlength=n) / count
    mean_lon = np.bincount(group, weights=lon, minlength=n) / count
    fatalities = np.bincount(group, weights=events["fatalities"].fillna(0).to_numpy(float), minlength=n)
    group_area = np.zeros(n, dtype=np.int64)
    group_area[group] = area
    types = events["event_type"].map(TYPE_INDEX).fillna(-1).to_numpy(np.int64) + 1  # 0 = other
    n_types = len(TYPE_STYLE) + 1
    by_type = np.bincount(group * n_types + types, minlength=n * n_types).reshape(n, n_types)
    dates = pd.to_datetime(events["event_date"], format="%Y-%m-%d", errors="coerce")
    day = dates.to_numpy("datetime64[D]").astype(np.int64)
    valid = ~dates.isna().to_numpy()
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, group[valid], day[valid])
    np.maximum.at(last, group[valid], day[valid])
    # a representative place name per group (its first event) and the number of other places
    loc_codes, _ = pd.factorize(events["location"].fillna(""))
    representative = np.zeros(n, dtype=np.int64)
    representative[group[::-1]] = np.arange(len(group))[::-1]
    places = np.bincount(np.unique(group * (loc_codes.max() + 2) + loc_codes + 1) // (loc_codes.max() + 2),
                         minlength=n)
    names = events["location"].to_numpy(object)
    names_ar = events["location_ar"].to_numpy(object)

    def iso(d):
        return str(np.datetime64(int(d), "D")) if abs(d) < 10**7 else ""

    rows = []
    for g in range(n):
        order = np.argsort(-by_type[g])
        kinds = [[int(t) - 1, int(by_type[g][t])] for t in order if by_type[g][t]]
        i = representative[g]
        info = [_text(names[i]), _text(names_ar[i]), int(places[g]) - 1, iso(first[g]), iso(last[g]),
                int(fatalities[g]), kinds]
        rows.append([round(float(mean_lat[g]), 5), round(float(mean_lon[g]), 5), kinds[0][0], int(group_area[g]),
                     int(count[g]), info])
    return rows, label


def _heat(events: pd.DataFrame) -> list:
    if events.empty:
        return []
    cells = pd.DataFrame({
        "y": np.floor(events["_lat"] / HEAT_CELL).astype(int), "x": np.floor(events["_lon"] / HEAT_CELL).astype(int),
    }).value_counts()
    return [[round(y * HEAT_CELL, 3), round(x * HEAT_CELL, 3), int(n)] for (y, x), n in cells.items()]


def payload(events: pd.DataFrame) -> dict:
    """What map.js draws for the filtered events (schema GeoDataFrame)."""
    # coordinates straight from shapely (NaN for missing or empty points): the geopandas
    # accessors and a copy of the frame cost more than the aggregation at 100,000 events
    points = np.asarray(events.geometry.array, dtype=object)
    lon, lat = shapely.get_x(points), shapely.get_y(points)
    keep = ~(np.isnan(lon) | np.isnan(lat))
    located = pd.DataFrame(events.drop(columns=events.geometry.name)[keep])
    located["_lat"], located["_lon"] = lat[keep], lon[keep]
    if len(located) <= POINT_LIMIT:
        rows, mode = _points(located)
    else:
        rows, mode = _aggregate(located)
    missing = len(events) - len(located)
    caption = f"{len(located):,} event{'' if len(located) == 1 else 's'} on the map"
    if mode != "points":
        caption += f" ({mode}: {len(rows):,} markers)"
    if missing:
        caption += f"; {missing:,} without coordinates not drawn"
    gov_counts = located["admin1_pcode"].dropna().value_counts().to_dict()
    data = {
        "mode": mode, "caption": caption,
        "types": [[*TYPE_STYLE[t], t] for t in TYPE_STYLE], "other": [*OTHER_STYLE, "Other"],
        "events": rows, "gov_counts": {k: int(v) for k, v in gov_counts.items()},
        "heat": _heat(located), "heat_size": HEAT_CELL, "legend": legend_html(),
    }
    return data


def base_map(base: dict | None, tiles: bool = True) -> folium.Map:
    """The folium map with the project's own base layers, using only local assets."""
    fmap = folium.Map(location=CENTER, zoom_start=7, tiles=None, prefer_canvas=True,
                      max_zoom=18, min_zoom=5, control_scale=True)
    assets.use_local_assets(fmap)
    fmap.get_root().header.add_child(Element(CSS), name="syriamap_css")
    data = {k: base[k] for k in ("outline", "governorates", "districts", "labels") if base and k in base}
    data["tiles"] = TILES if tiles else None
    _Call(f"base({fmap.get_name()}, {_json(data)})").add_to(fmap)
    return fmap


def events_layer(data: dict) -> folium.FeatureGroup:
    """The events part, passed to st_folium(feature_group_to_add=...)."""
    group = folium.FeatureGroup(name="events", control=False)
    _Call(f"update({_json(data)})").add_to(group)
    return group

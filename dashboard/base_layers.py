"""The project's own base map, drawn when no tiles come from the network: the
country outline, governorates, districts (OCHA boundaries from the shared data
folder, simplified for the page) and place labels.

On a machine without the shared folder these layers are not offered; the page
says so and the dashboard still runs.
"""
from __future__ import annotations

import json
import logging
import re

import settings

log = logging.getLogger(__name__)

SIMPLIFY = 0.004  # degrees (~400 m): invisible at governorate zoom, 10x smaller payload
TOWN_POPULATION = 40_000  # towns labelled on the map


def _to_geojson(gdf) -> dict:
    gdf = gdf.copy()
    gdf["geometry"] = gdf.geometry.simplify(SIMPLIFY, preserve_topology=True)
    data = json.loads(gdf.to_json(drop_id=True))
    for feature in data["features"]:
        feature["geometry"] = _round(feature["geometry"])
    return data


def _round(geometry: dict) -> dict:
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], 4), round(coords[1], 4)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _town_labels(governorate_names: dict) -> list:
    """Larger towns from the gazetteer (English names); none when it is not available."""
    try:
        from gazetteer import Gazetteer

        places = Gazetteer.load().index.places
    except Exception as exc:  # the gazetteer is optional for the map
        log.info("no town labels: %s", exc)
        return []
    labels = []
    for r in places:
        if r.get("kind") != "place" or (r.get("pop") or 0) < TOWN_POPULATION:
            continue
        name = r["name"]
        if re.search("[\u0600-\u06FF]", name):  # some records carry only an Arabic name
            if r.get("fc") not in ("PPLA", "PPLC") or r.get("a1") not in governorate_names:
                continue
            name = governorate_names[r["a1"]]  # a governorate's capital shares its name
        labels.append([round(r["lat"], 4), round(r["lon"], 4), name, 2])
    return labels


def load() -> tuple[dict | None, str]:
    """(base layers for map.payload, message). None when the boundaries are missing."""
    shared = settings.shared_dir()
    folder = shared / "boundaries" if shared else None
    adm1 = folder / "syria_admin1_governorates.geojson" if folder else None
    adm2 = folder / "syria_admin2_districts.geojson" if folder else None
    if not adm1 or not adm1.exists():
        return None, ("Boundary layers are not available: the OCHA boundaries were not found "
                      "(set SYRIAMAP_SHARED_DIR to the shared data folder).")
    import geopandas as gpd

    gov = gpd.read_file(adm1)[["PCODE", "NAME_EN", "NAME_AR", "geometry"]].rename(
        columns={"PCODE": "pcode", "NAME_EN": "name", "NAME_AR": "name_ar"})
    base = {"governorates": _to_geojson(gov)}
    outline = gpd.GeoDataFrame(geometry=[gov.geometry.union_all()], crs=gov.crs)
    base["outline"] = _to_geojson(outline)
    if adm2 and adm2.exists():
        dist = gpd.read_file(adm2)[["PCODE", "NAME_EN", "NAME_AR", "geometry"]].rename(
            columns={"PCODE": "pcode", "NAME_EN": "name", "NAME_AR": "name_ar"})
        base["districts"] = _to_geojson(dist)
    points = gov.geometry.representative_point()
    labels = [[round(p.y, 4), round(p.x, 4), name, 1] for p, name in zip(points, gov["name"])]
    base["governorate_names"] = dict(zip(gov["pcode"], gov["name"]))
    base["labels"] = labels + _town_labels(base["governorate_names"])
    if "districts" in base:
        base["district_names"] = {f["properties"]["pcode"]: f["properties"]["name"]
                                  for f in base["districts"]["features"]}
    return base, ""

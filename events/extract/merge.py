"""One row per event: reports of the same event (same date, type, actor and place) merge,
keeping every source, article and attribution."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from events import schema

_JOINED = ("source", "source_url", "source_attribution", "article_id")


def _place(row) -> str:
    if pd.notna(row["geonameid"]):
        return f"g{int(row['geonameid'])}"
    return f"{row['admin1_pcode']}:{row['location_surface'] or row['location']}"


def _join(values) -> str | None:
    parts: list[str] = []
    for v in values:
        if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
            continue
        for p in str(v).split("; "):
            if p and p not in parts:
                parts.append(p)
    return "; ".join(parts) or None


def _combine(gdf: gpd.GeoDataFrame, key_cols: list[str]) -> gpd.GeoDataFrame:
    if gdf.empty:
        return schema.conform(gdf)
    gdf = gdf.copy()
    gdf["_place"] = gdf.apply(_place, axis=1)
    keys = gdf[key_cols + ["_place"]].astype("string").fillna("")
    gdf["_key"] = keys.agg("|".join, axis=1)
    out_rows = []
    for _, group in gdf.groupby("_key", sort=False):
        first = group.iloc[0].copy()
        for col in _JOINED:
            first[col] = _join(group[col])
        toll = conservative(group["fatalities"])
        first["fatalities"] = pd.NA if toll is None else toll
        for col in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "weapon", "inter1", "inter2", "civilian_targeting"):
            if pd.isna(first[col]):
                filled = group[col].dropna()
                if len(filled):
                    first[col] = filled.iloc[0]
        out_rows.append(first)
    merged = gpd.GeoDataFrame(pd.DataFrame(out_rows).drop(columns=["_place", "_key"]), geometry="geometry", crs=schema.CRS)
    return schema.conform(merged)


def conservative(values) -> int | None:
    """The lowest stated death toll; 0 ("only injuries") only when no report gives a number."""
    known = [int(v) for v in values if v is not None and not pd.isna(v)]
    positive = [v for v in known if v > 0]
    return min(positive) if positive else (0 if known else None)


def merge_rows(rows: list[dict]) -> list[dict]:
    """Within one article (rows as dicts, before the table is built): same date, type, sub-type and
    place -> one row; sources joined, the lowest stated toll kept, missing actors filled in."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["event_date"], r["event_type"], r["sub_event_type"], r["_key"]), []).append(r)
    out = []
    for group in groups.values():
        first = dict(group[0])
        first["_area"] = all(r["_area"] for r in group)  # a region row merged with a village row is a village row
        first["source_attribution"] = _join(r["source_attribution"] for r in group)
        first["fatalities"] = conservative(r["fatalities"] for r in group)
        for col in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "weapon", "inter1", "inter2", "civilian_targeting"):
            if first[col] is None:
                first[col] = next((r[col] for r in group if r[col] is not None), None)
        out.append(first)
    return out


def merge(gdfs) -> gpd.GeoDataFrame:
    """Across articles: same date, actor1, type and place -> one row with every source joined by "; "."""
    frames = [g for g in gdfs if g is not None and len(g)]
    if not frames:
        return schema.empty()
    both = pd.concat([schema.conform(g) for g in frames], ignore_index=True)
    gdf = gpd.GeoDataFrame(both, geometry="geometry", crs=schema.CRS)
    return _combine(gdf, ["event_date", "event_type", "actor1"])

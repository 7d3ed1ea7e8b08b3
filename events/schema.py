"""The event table: column names, order and types, following ACLED's conventions.

Every part of the project (extractor, store, formats, dashboard) builds and reads
GeoDataFrames with exactly these columns, in this order, in EPSG:4326.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

CRS = "EPSG:4326"

# name -> pandas dtype. Strings are nullable "string"; counts are nullable "Int64".
COLUMNS: dict[str, str] = {
    "event_id": "string",  # stable hash of article + type + place + date
    "event_date": "string",  # ISO 8601 date, YYYY-MM-DD
    "time_precision": "Int64",  # 1 day, 2 within a week, 3 month
    "event_type": "string",  # ACLED's six types
    "sub_event_type": "string",
    "weapon": "string",
    "actor1": "string",
    "assoc_actor_1": "string",
    "actor2": "string",
    "assoc_actor_2": "string",
    "inter1": "Int64",  # ACLED actor classes 1..8
    "inter2": "Int64",
    "civilian_targeting": "string",  # "Civilian targeting" or empty, as ACLED
    "fatalities": "Int64",
    "location": "string",  # place name in English
    "location_ar": "string",
    "location_surface": "string",  # as written in the text
    "geonameid": "Int64",
    "admin1": "string",
    "admin1_pcode": "string",  # OCHA P-code SY01..SY14
    "admin2": "string",
    "admin2_pcode": "string",
    "admin3": "string",
    "admin3_pcode": "string",
    "geo_precision": "Int64",  # 1 the place, 2 near/part of it, 3 region only
    "source": "string",  # outlet; several joined with "; "
    "source_url": "string",
    "source_attribution": "string",  # who in the article claims it
    "source_sentence": "string",
    "language": "string",  # ar / en
    "article_id": "string",  # several joined with "; " after a merge
    "notes": "string",
}

EVENT_TYPES: dict[str, list[str]] = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Chemical weapon",
        "Grenade",
    ],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}

INTER_CLASSES = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def empty() -> gpd.GeoDataFrame:
    """An event table with no rows and the right columns and types."""
    frame = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def conform(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` with exactly the schema's columns (missing ones empty), types and CRS."""
    # One DataFrame built from a dict: inserting 32 columns one by one costs 5x more.
    data = {}
    for name, dtype in COLUMNS.items():
        if name in frame.columns:
            data[name] = frame[name].astype(dtype)
        else:
            data[name] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
    out = pd.DataFrame(data, index=frame.index)
    geometry = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else gpd.GeoSeries(
        [None] * len(frame), index=frame.index
    )
    gdf = gpd.GeoDataFrame(out, geometry=geometry.values, crs=CRS)
    gdf.index = range(len(gdf))
    return gdf

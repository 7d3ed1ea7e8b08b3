"""The event table: column names, order and types, following ACLED's conventions.

Every part of the project (extractor, store, formats, dashboard) builds and reads
GeoDataFrames with exactly these columns, in this order, in EPSG:4326.
"""
from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import pyproj

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


@functools.lru_cache(maxsize=1)
def _dtypes() -> dict:
    """The dtypes as objects: resolving a dtype name costs pandas a registry search every time."""
    return {name: pd.api.types.pandas_dtype(dtype) for name, dtype in COLUMNS.items()}


@functools.lru_cache(maxsize=1)
def _crs() -> pyproj.CRS:
    return pyproj.CRS.from_user_input(CRS)


def empty() -> gpd.GeoDataFrame:
    """An event table with no rows and the right columns and types."""
    frame = pd.DataFrame({name: pd.array([], dtype=dtype) for name, dtype in _dtypes().items()})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS).values, crs=_crs())


def _conformed(frame) -> bool:
    """Already exactly the schema (as the extractor builds it): nothing to convert."""
    dtypes = _dtypes()
    return (isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name == "geometry"
            and len(frame.columns) == len(dtypes) + 1 and list(frame.columns)[:-1] == list(dtypes)
            and all(a == b for a, b in zip(frame.dtypes.iloc[:-1], dtypes.values()))
            and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1
            and frame.crs is not None and frame.crs == _crs())


def conform(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` with exactly the schema's columns (missing ones empty), types and CRS."""
    if _conformed(frame):
        return frame.copy(deep=False)  # copy-on-write: changes to either never reach the other
    # Built column-wise from typed arrays into one DataFrame: inserting columns one by one, or
    # letting pandas align Series on the index, costs several times more.
    plain = pd.DataFrame(frame, copy=False)  # plain pandas column access: GeoDataFrame's is slower
    n = len(plain)
    data = {}
    for name, dtype in _dtypes().items():
        if name in plain.columns:
            column = plain[name]
            data[name] = column.array.copy() if column.dtype == dtype else column.astype(dtype).array
        else:
            data[name] = pd.array([None] * n, dtype=dtype)
    if isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name in frame.columns:
        geometry = frame.geometry.values.copy()
    else:
        geometry = gpd.array.from_shapely([None] * n)
    if geometry.crs is None:
        geometry.crs = _crs()
    elif geometry.crs != _crs():  # never relabel coordinates of another CRS
        raise ValueError(f"CRS mismatch: the geometries are in {geometry.crs.to_string()}, the event table is in {CRS}; "
                         "use GeoDataFrame.to_crs first")
    data["geometry"] = geometry
    return gpd.GeoDataFrame(pd.DataFrame(data, copy=False), geometry="geometry", crs=_crs())

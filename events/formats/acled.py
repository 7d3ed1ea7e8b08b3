"""ACLED's CSV: its column names and order, so tools written for ACLED exports read ours,
and ACLED exports (2019-2024 column sets) import onto the event table.

ACLED changed its columns over the years: ``disorder_type`` (2022), ``civilian_targeting``
and ``tags`` (2023), ``inter1``/``inter2``/``interaction`` as text instead of codes (2024),
and ``event_date`` as '04 June 2015' in older files, ISO in newer. The reader accepts each."""
from __future__ import annotations

import time

import pandas as pd

from .. import schema
from ..filters import governorate_pcode
from .base import Format, ImportResult, checked_events, csv_table, lon_lat, map_distinct, neutralise_frame, \
    unneutralise_frame, write_csv

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]
REQUIRED = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude"]

# ACLED's disorder type by sub-event type where it is not simply the event type's.
_DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations",
             "Strategic developments": "Strategic developments"}
_DISORDER_SUB = {"Mob violence": "Political violence",
                 "Excessive force against protesters": "Political violence; Demonstrations"}

# 2024 text actor classes (and their plurals/singulars) -> codes.
_INTER_TEXT = {name.casefold(): code for code, name in schema.INTER_CLASSES.items()}
_INTER_TEXT.update({"rebel group": 2, "political militia": 3, "identity militia": 4, "rioter": 5,
                    "protester": 6, "civilian": 7, "external/other force": 8, "state force": 1})


def _disorder(event_type, sub_event_type) -> str:
    if pd.isna(event_type):
        return ""
    return _DISORDER_SUB.get(sub_event_type, _DISORDER.get(event_type, "Political violence"))


def _interaction(a, b):
    """ACLED's numeric interaction code: the two classes, smaller first; 10*a for a sole actor."""
    if pd.isna(a):
        return pd.NA
    if pd.isna(b):
        return int(a) * 10
    low, high = sorted((int(a), int(b)))
    return low * 10 + high


def write(gdf, path) -> None:
    ev = schema.conform(gdf)
    lon, lat = lon_lat(ev)
    out = pd.DataFrame({
        "event_id_cnty": ev["event_id"],
        "event_date": ev["event_date"],
        "year": pd.to_numeric(ev["event_date"].str.slice(0, 4), errors="coerce").astype("Int64"),
        "time_precision": ev["time_precision"],
        "disorder_type": pd.array([_disorder(t, s) for t, s in zip(ev["event_type"], ev["sub_event_type"])],
                                  dtype="string"),
        "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "actor1": ev["actor1"],
        "assoc_actor_1": ev["assoc_actor_1"],
        "inter1": ev["inter1"],
        "actor2": ev["actor2"],
        "assoc_actor_2": ev["assoc_actor_2"],
        "inter2": ev["inter2"],
        "interaction": pd.array([_interaction(a, b) for a, b in zip(ev["inter1"], ev["inter2"])], dtype="Int64"),
        "civilian_targeting": ev["civilian_targeting"],
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": ev["admin1"],
        "admin2": ev["admin2"],
        "admin3": ev["admin3"],
        "location": ev["location"],
        "latitude": lat,
        "longitude": lon,
        "geo_precision": ev["geo_precision"],
        "source": ev["source"],
        "source_scale": pd.Series(pd.NA, index=ev.index, dtype="string"),
        "notes": ev["notes"],
        "fatalities": ev["fatalities"],
        "tags": pd.Series(pd.NA, index=ev.index, dtype="string"),
        "timestamp": int(time.time()),
    })[COLUMNS]
    write_csv(neutralise_frame(out), path)


def _inter(value):
    """An ACLED actor class as its code: '1' stays 1, 'State forces' (2024 files) becomes 1;
    anything else is left for the whole-number check to report."""
    text = str(value).strip()
    return _INTER_TEXT.get(text.casefold(), text)


def read(path) -> ImportResult:
    raw, lines, problems = csv_table(path, REQUIRED, "ACLED CSV")
    raw = unneutralise_frame(raw)

    def col(name):
        return raw[name] if name in raw.columns else pd.Series(pd.NA, index=raw.index, dtype="string")

    mapped = pd.DataFrame({
        "event_id": col("event_id_cnty"),
        "event_date": col("event_date"),
        **{c: col(c) for c in ("time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
                               "actor2", "assoc_actor_2", "civilian_targeting", "fatalities", "location",
                               "admin1", "admin2", "admin3", "geo_precision", "source", "notes",
                               "longitude", "latitude")},
        "inter1": map_distinct(col("inter1"), _inter),
        "inter2": map_distinct(col("inter2"), _inter),
        "admin1_pcode": map_distinct(col("admin1"), governorate_pcode),
    })
    events, bad = checked_events(mapped, lines)
    return ImportResult(events, sorted(problems + bad, key=lambda p: p.line or 0))


FORMAT = Format("acled-csv", ".csv", "text/csv", write, read)

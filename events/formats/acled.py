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
from .base import Format, ImportResult, Problem, blank_to_na, coordinate_problem, csv_rows, lon_lat, \
    neutralise_frame, parse_date, parse_int, to_events, unneutralise, write_csv

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
    if pd.isna(blank_to_na(value)):
        return pd.NA
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    code = _INTER_TEXT.get(text.casefold())
    if code is None:
        raise ValueError(f"actor class {text!r} is neither an ACLED code (1-8) nor an ACLED class name")
    return code


def read(path) -> ImportResult:
    header, rows, problems = csv_rows(path, REQUIRED, "ACLED CSV")
    good = []
    for line, raw in rows:
        raw = {k: blank_to_na(unneutralise(v)) for k, v in raw.items()}
        try:
            problem = coordinate_problem(raw.get("longitude"), raw.get("latitude"))
            if problem:
                raise ValueError(problem)
            row = {
                "event_id": raw["event_id_cnty"],
                "event_date": parse_date(raw["event_date"]),
                "time_precision": parse_int(raw.get("time_precision"), "time_precision"),
                "event_type": raw["event_type"],
                "sub_event_type": raw.get("sub_event_type"),
                "actor1": raw.get("actor1"),
                "assoc_actor_1": raw.get("assoc_actor_1"),
                "actor2": raw.get("actor2"),
                "assoc_actor_2": raw.get("assoc_actor_2"),
                "inter1": _inter(raw.get("inter1")),
                "inter2": _inter(raw.get("inter2")),
                "civilian_targeting": raw.get("civilian_targeting"),
                "fatalities": parse_int(raw.get("fatalities"), "fatalities"),
                "location": raw.get("location"),
                "admin1": raw.get("admin1"),
                "admin1_pcode": governorate_pcode(raw["admin1"]) if not pd.isna(raw.get("admin1", pd.NA)) else pd.NA,
                "admin2": raw.get("admin2"),
                "admin3": raw.get("admin3"),
                "geo_precision": parse_int(raw.get("geo_precision"), "geo_precision"),
                "source": raw.get("source"),
                "notes": raw.get("notes"),
                "longitude": float(raw["longitude"]),
                "latitude": float(raw["latitude"]),
            }
            if pd.isna(row["event_id"]):
                raise ValueError("missing event_id_cnty")
            good.append(row)
        except ValueError as exc:
            problems.append(Problem(line, str(exc)))
    return ImportResult(to_events(good), sorted(problems, key=lambda p: p.line or 0))


FORMAT = Format("acled-csv", ".csv", "text/csv", write, read)

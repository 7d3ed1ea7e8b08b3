"""UCDP Georeferenced Event Dataset (GED) CSV, import only, mapped onto the event table.

UCDP counts only organised violence with deaths: type_of_violence 1 (state-based) and 2
(non-state) become ACLED "Battles / Armed clash", 3 (one-sided) "Violence against civilians
/ Attack". Precision codes are folded onto ACLED's three levels."""
from __future__ import annotations

import re

import pandas as pd

from ..filters import governorate_pcode
from .base import Format, ImportResult, Problem, blank_to_na, coordinate_problem, csv_rows, parse_date, \
    parse_int, to_events

REQUIRED = ["id", "date_start", "latitude", "longitude", "type_of_violence"]
_TYPES = {1: ("Battles", "Armed clash"), 2: ("Battles", "Armed clash"),
          3: ("Violence against civilians", "Attack")}
_PLACE_SUFFIX = re.compile(r"\s+(town|city|village|district|governorate|province|area|region)$", re.I)


def _precision(value, levels: dict[int, int]):
    code = parse_int(value, "precision")
    return pd.NA if pd.isna(code) else levels.get(code, 3)


def read(path) -> ImportResult:
    _, rows, problems = csv_rows(path, REQUIRED, "UCDP GED CSV")
    good = []
    for line, raw in rows:
        raw = {k: blank_to_na(v) for k, v in raw.items()}
        try:
            problem = coordinate_problem(raw.get("longitude"), raw.get("latitude"))
            if problem:
                raise ValueError(problem)
            violence = parse_int(raw["type_of_violence"], "type_of_violence")
            if violence not in _TYPES:
                raise ValueError(f"type_of_violence {raw['type_of_violence']!r} is not 1, 2 or 3")
            adm1 = raw.get("adm_1", pd.NA)
            admin1 = pd.NA if pd.isna(adm1) else _PLACE_SUFFIX.sub("", str(adm1))
            place = raw.get("where_coordinates", pd.NA)
            row = {
                "event_id": f"UCDP-{raw['id']}",
                "event_date": parse_date(raw["date_start"]),
                "time_precision": _precision(raw.get("date_prec"), {1: 1, 2: 2, 3: 2}),
                "event_type": _TYPES[violence][0],
                "sub_event_type": _TYPES[violence][1],
                "actor1": raw.get("side_a"),
                "actor2": raw.get("side_b"),
                "fatalities": parse_int(raw.get("best"), "best"),
                "location": pd.NA if pd.isna(place) else _PLACE_SUFFIX.sub("", str(place)),
                "admin1": admin1,
                "admin1_pcode": pd.NA if pd.isna(admin1) else (governorate_pcode(admin1) or pd.NA),
                "admin2": pd.NA if pd.isna(raw.get("adm_2", pd.NA)) else _PLACE_SUFFIX.sub("", str(raw["adm_2"])),
                "geo_precision": _precision(raw.get("where_prec"), {1: 1, 2: 2}),
                "source": raw.get("source_office"),
                "source_attribution": raw.get("source_original"),
                "notes": raw.get("source_headline"),
                "longitude": float(raw["longitude"]),
                "latitude": float(raw["latitude"]),
            }
            good.append(row)
        except ValueError as exc:
            problems.append(Problem(line, str(exc)))
    return ImportResult(to_events(good), sorted(problems, key=lambda p: p.line or 0))


FORMAT = Format("ucdp-csv", ".csv", "text/csv", None, read)

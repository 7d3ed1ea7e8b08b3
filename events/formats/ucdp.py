"""UCDP Georeferenced Event Dataset (GED) CSV, import only, mapped onto the event table.

UCDP counts only organised violence with deaths: type_of_violence 1 (state-based) and 2
(non-state) become ACLED "Battles / Armed clash", 3 (one-sided) "Violence against civilians
/ Attack". Precision codes are folded onto ACLED's three levels."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..filters import governorate_pcode
from .base import Format, ImportResult, checked_events, csv_table, map_distinct

REQUIRED = ["id", "date_start", "latitude", "longitude", "type_of_violence"]
_TYPES = {1: ("Battles", "Armed clash"), 2: ("Battles", "Armed clash"),
          3: ("Violence against civilians", "Attack")}
_PLACE_SUFFIX = re.compile(r"\s+(town|city|village|district|governorate|province|area|region)$", re.I)


def read(path) -> ImportResult:
    raw, lines, problems = csv_table(path, REQUIRED, "UCDP GED CSV")

    def col(name):
        return raw[name] if name in raw.columns else pd.Series(pd.NA, index=raw.index, dtype="string")

    def place(name):
        return col(name).astype("string").str.strip().str.replace(_PLACE_SUFFIX, "", regex=True)

    def precision(name, levels):
        code = pd.to_numeric(col(name), errors="coerce")
        return code.map(lambda c: levels.get(int(c), 3) if pd.notna(c) else pd.NA)

    violence = pd.to_numeric(col("type_of_violence"), errors="coerce")
    errors = np.full(len(raw), None, dtype=object)
    for i in np.flatnonzero(~violence.isin(list(_TYPES)).to_numpy(dtype=bool)):
        errors[i] = f"type_of_violence {raw['type_of_violence'].iloc[i]!r} is not 1, 2 or 3"
    admin1 = place("adm_1")
    mapped = pd.DataFrame({
        "event_id": "UCDP-" + col("id").astype("string"),
        "event_date": col("date_start"),
        "time_precision": precision("date_prec", {1: 1, 2: 2, 3: 2}),
        "event_type": violence.map(lambda v: _TYPES.get(v, ("", ""))[0]),
        "sub_event_type": violence.map(lambda v: _TYPES.get(v, ("", ""))[1]),
        "actor1": col("side_a"),
        "actor2": col("side_b"),
        "fatalities": col("best"),
        "location": place("where_coordinates"),
        "admin1": admin1,
        "admin1_pcode": map_distinct(admin1, governorate_pcode),
        "admin2": place("adm_2"),
        "geo_precision": precision("where_prec", {1: 1, 2: 2}),
        "source": col("source_office"),
        "source_attribution": col("source_original"),
        "notes": col("source_headline"),
        "longitude": col("longitude"),
        "latitude": col("latitude"),
    })
    events, bad = checked_events(mapped, lines, errors=errors)
    return ImportResult(events, sorted(problems + bad, key=lambda p: p.line or 0))


FORMAT = Format("ucdp-csv", ".csv", "text/csv", None, read)

"""This tool's own CSV: the schema's columns plus latitude/longitude, UTF-8 without BOM.

Excel opens UTF-8 without a BOM as ANSI and garbles Arabic when the file is double-clicked;
open it with Data > From Text/CSV (Get Data), File Origin "65001: Unicode (UTF-8)". LibreOffice,
QGIS, R and pandas read it as it is. Text cells starting with = + - @ (or tab/CR) get a leading
quote so a spreadsheet does not run them as formulas; the reader removes it again."""
from __future__ import annotations

import pandas as pd

from .. import schema
from .base import Format, ImportResult, checked_events, csv_table, lon_lat, neutralise_frame, unneutralise_frame, \
    write_csv

COLUMNS = [c for c in schema.COLUMNS] + ["latitude", "longitude"]
REQUIRED = ["event_id", "event_date", "event_type", "latitude", "longitude"]


def write(gdf, path) -> None:
    frame = pd.DataFrame(schema.conform(gdf).drop(columns="geometry"))
    frame["longitude"], frame["latitude"] = lon_lat(gdf.reset_index(drop=True))
    write_csv(neutralise_frame(frame[COLUMNS]), path)


def read(path) -> ImportResult:
    raw, lines, problems = csv_table(path, REQUIRED, "events CSV (this tool's format)")
    events, bad = checked_events(unneutralise_frame(raw), lines)
    return ImportResult(events, sorted(problems + bad, key=lambda p: p.line or 0))


FORMAT = Format("csv", ".csv", "text/csv", write, read)

"""GeoPackage: one ``events`` layer (points, EPSG:4326) for QGIS and ArcGIS."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyogrio
import shapely

from .. import schema
from .base import Format, FormatError, ImportResult, check_file, checked_events


def write(gdf, path) -> None:
    pyogrio.write_dataframe(schema.conform(gdf), path, layer="events", driver="GPKG", geometry_type="Point",
                            use_arrow=True)


def read(path) -> ImportResult:
    check_file(path)
    try:
        frame = pyogrio.read_dataframe(path, use_arrow=True)
    except Exception as exc:  # GDAL says why (not a GeoPackage, no layer, ...)
        raise FormatError(f"{path}: not a readable GeoPackage ({exc})") from None
    geom = frame.geometry.values
    kind = shapely.get_type_id(geom)
    errors = np.full(len(frame), None, dtype=object)
    for i in np.flatnonzero((kind != 0) & (kind != -1)):  # -1: no geometry, reported as missing coordinates
        errors[i] = f"feature {i + 1} has a {geom[i].geom_type} geometry; events must be Points"
    points = (kind == 0) & ~shapely.is_empty(geom)
    raw = pd.DataFrame(frame.drop(columns=frame.geometry.name)).astype(object)
    raw["longitude"] = np.where(points, shapely.get_x(geom), np.nan)
    raw["latitude"] = np.where(points, shapely.get_y(geom), np.nan)
    raw.loc[~points, ["longitude", "latitude"]] = None
    events, problems = checked_events(raw, [None] * len(frame), [f"feature {i + 1}: " for i in range(len(frame))],
                                      errors)
    return ImportResult(events, problems)


FORMAT = Format("gpkg", ".gpkg", "application/geopackage+sqlite3", write, read)

"""GeoPackage: one ``events`` layer (points, EPSG:4326) for QGIS and ArcGIS."""
from __future__ import annotations

import pyogrio

from .. import schema
from .base import Format, FormatError, ImportResult, Problem, check_file, schema_row, to_events


def write(gdf, path) -> None:
    pyogrio.write_dataframe(schema.conform(gdf), path, layer="events", driver="GPKG", geometry_type="Point",
                            use_arrow=True)


def read(path) -> ImportResult:
    check_file(path)
    try:
        frame = pyogrio.read_dataframe(path, use_arrow=True)
    except Exception as exc:  # GDAL says why (not a GeoPackage, no layer, ...)
        raise FormatError(f"{path}: not a readable GeoPackage ({exc})") from None
    good, problems = [], []
    geoms = frame.geometry
    records = frame.drop(columns=frame.geometry.name).astype(object).to_dict("records")
    for i, (raw, geom) in enumerate(zip(records, geoms), start=1):
        try:
            if geom is None or geom.is_empty:
                raise ValueError("missing coordinates")
            if geom.geom_type != "Point":
                raise ValueError(f"has a {geom.geom_type} geometry; events must be Points")
            good.append(schema_row(raw, geom.x, geom.y))
        except ValueError as exc:
            problems.append(Problem(None, f"feature {i}: {exc}"))
    return ImportResult(to_events(good), problems)


FORMAT = Format("gpkg", ".gpkg", "application/geopackage+sqlite3", write, read)

"""Import/export formats behind one small interface.

    formats.FORMATS["geojson"].write(gdf, path)     # every export format: geojson csv acled-csv gpkg kml
    formats.to_bytes(gdf, "csv")                    # for download buttons and stdout
    formats.export(gdf, "kml", "out.kml")           # atomic: temp file + os.replace
    result = formats.read("acled.csv")              # ImportResult(events, problems)

Import formats: acled-csv, ucdp-csv, csv (ours), geojson (ours or any Point GeoJSON), gpkg.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import acled, csvfile, geojson, gpkg, kml, ucdp
from .base import Format, FormatError, ImportResult, Problem, check_file

# Export formats (the dashboard offers each as a download); ucdp-csv is import only.
FORMATS: dict[str, Format] = {f.name: f for f in (geojson.FORMAT, csvfile.FORMAT, acled.FORMAT, gpkg.FORMAT, kml.FORMAT)}
READERS: dict[str, Format] = {f.name: f for f in (*FORMATS.values(), ucdp.FORMAT) if f.read is not None}


def _format(name: str, table: dict[str, Format], what: str) -> Format:
    try:
        return table[name]
    except KeyError:
        raise FormatError(f"unknown {what} format {name!r}; choose one of {', '.join(table)}") from None


def export(gdf, name: str, path) -> Path:
    """Write ``gdf`` as format ``name`` to ``path`` atomically: a reader never sees half a file."""
    fmt = _format(name, FORMATS, "export")
    path = Path(path)
    parent = path.resolve().parent
    if not parent.is_dir():
        raise FormatError(f"cannot write {path}: folder {parent} does not exist")
    workdir = tempfile.mkdtemp(prefix=".export-", dir=parent)
    try:
        tmp = os.path.join(workdir, "out" + fmt.extension)
        fmt.write(gdf, tmp)
        os.replace(tmp, path)
    finally:
        for leftover in Path(workdir).glob("*"):
            leftover.unlink()
        os.rmdir(workdir)
    return path


def to_bytes(gdf, name: str) -> bytes:
    """The export as bytes (GDAL's drivers write files, so go through a temporary one)."""
    fmt = _format(name, FORMATS, "export")
    with tempfile.TemporaryDirectory(prefix="events-export-") as workdir:
        tmp = os.path.join(workdir, "out" + fmt.extension)
        fmt.write(gdf, tmp)
        return Path(tmp).read_bytes()


def guess(path) -> str:
    """Format name of an import file from its extension and, for CSV, its header line."""
    suffix = Path(path).suffix.lower()
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix == ".gpkg":
        return "gpkg"
    check_file(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        head = fh.read(65536)  # enough for a header line; never the whole file
    if not head.strip():
        raise FormatError(f"{path}: line 1: the file is empty")
    header = {h.strip().strip('"') for h in head.splitlines()[0].split(",")}
    if "event_id_cnty" in header:
        return "acled-csv"
    if {"date_start", "type_of_violence"} <= header:
        return "ucdp-csv"
    if {"event_id", "latitude", "longitude"} <= header:
        return "csv"
    if suffix in (".csv", ".txt", ".tsv"):
        raise FormatError(f"{path}: line 1: the header matches none of ACLED CSV (event_id_cnty ...), "
                          "UCDP GED CSV (id, date_start, type_of_violence ...) or this tool's CSV "
                          "(event_id, latitude, longitude ...)")
    raise FormatError(f"{path}: cannot tell the format from the name; give --format "
                      f"({', '.join(READERS)})")


def read(path, name: str | None = None) -> ImportResult:
    """Events of an import file and the problems of the rows left out (with their lines)."""
    fmt = _format(name or guess(path), READERS, "import")
    return fmt.read(os.fspath(path))


__all__ = ["FORMATS", "READERS", "Format", "FormatError", "ImportResult", "Problem", "export", "guess",
           "read", "to_bytes"]

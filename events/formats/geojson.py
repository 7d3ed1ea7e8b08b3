"""GeoJSON, RFC 7946: WGS84 lon/lat, no ``crs`` member, 6 decimals, ISO date strings.

Written with the json module, one feature per line (GDAL's driver with RFC7946=YES gives the
same output but took 3x longer on 100,000 events); read by our own code so every feature's
problem can be reported with the line it starts on."""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import schema
from .base import Format, FormatError, ImportResult, checked_events, lon_lat, read_text


class _NotANumber:
    """Stands for NaN/Infinity, which Python's json accepts but JSON (and RFC 7946) forbid."""

    def __init__(self, token):
        self.token = token

    def __repr__(self):
        return self.token


def write(gdf, path) -> None:
    frame = schema.conform(gdf)
    lon, lat = lon_lat(frame)
    # Arrow turns each row into plain Python values with None for missing ones, quickly.
    props = pa.Table.from_pandas(pd.DataFrame(frame.drop(columns="geometry")), preserve_index=False).to_pylist()
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode  # NaN is not JSON
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for i, (p, x, y) in enumerate(zip(props, lon.tolist(), lat.tolist())):
            geometry = None if math.isnan(x) else {"type": "Point", "coordinates": [x, y]}
            fh.write(("" if i == 0 else ",\n") + encode({"type": "Feature", "geometry": geometry, "properties": p}))
        fh.write("\n]}\n")


def _feature_lines(text: str, count: int) -> list[int | None]:
    """The line on which each feature starts (best effort: None if the layout is unusual)."""
    match = re.search(r'"features"\s*:\s*\[', text)
    lines: list[int | None] = []
    if match:
        decoder = json.JSONDecoder(parse_constant=_NotANumber)
        pos, line, counted_to = match.end(), 1, 0
        try:
            while len(lines) < count:
                while text[pos] in " \t\r\n,":
                    pos += 1
                if text[pos] == "]":
                    break
                line += text.count("\n", counted_to, pos)
                counted_to = pos
                lines.append(line)
                _, pos = decoder.raw_decode(text, pos)
        except (IndexError, ValueError):
            pass
    return lines + [None] * (count - len(lines)) if len(lines) == count else [None] * count


def read(path) -> ImportResult:
    text = read_text(path)
    try:
        doc = json.loads(text, parse_constant=_NotANumber)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}); "
                          "the file may be truncated") from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc]}
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise FormatError(f"{path}: line 1: not a GeoJSON FeatureCollection (no \"features\" list)")
    features = doc["features"]
    lines = lambda: _feature_lines(text, len(features))  # noqa: E731 - a second parse, only if needed
    records, errors = [], np.full(len(features), None, dtype=object)
    for i, feature in enumerate(features):
        record = {}
        try:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise ValueError("is not a GeoJSON Feature")
            geometry = feature.get("geometry")
            if geometry is not None:  # a missing geometry is reported below as missing coordinates
                if not isinstance(geometry, dict) or geometry.get("type") != "Point":
                    kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
                    raise ValueError(f"has a {kind} geometry; events must be Points")
                coords = geometry.get("coordinates")
                if not isinstance(coords, list) or len(coords) < 2:
                    raise ValueError(f"has bad Point coordinates {coords!r} (expected [longitude, latitude])")
                if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in coords[:2]):
                    raise ValueError(f"has coordinates that are not JSON numbers: {coords!r}")
                record["longitude"], record["latitude"] = coords[0], coords[1]
            props = feature.get("properties") or {}
            if not isinstance(props, dict):
                raise ValueError("has properties that are not an object")
            record.update({k: None if isinstance(v, _NotANumber) else v for k, v in props.items()
                           if k not in ("longitude", "latitude")})
        except ValueError as exc:
            errors[i] = f"feature {i + 1} {exc}"
            record = {}
        records.append(record)
    raw = pd.DataFrame(records, index=range(len(records)))
    events, problems = checked_events(raw.astype(object), lines, [f"feature {i + 1}: " for i in range(len(features))],
                                      errors)
    return ImportResult(events, problems)


FORMAT = Format("geojson", ".geojson", "application/geo+json", write, read)

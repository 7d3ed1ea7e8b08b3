"""What every format shares: the Format record, import results, errors and row checks."""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .. import schema

DEFAULT_MAX_MB = 150  # imports above this are refused before reading (EVENTS_IMPORT_MAX_MB overrides)


class FormatError(Exception):
    """Input that cannot be imported at all; the message names the problem and the line."""


@dataclass(frozen=True)
class Problem:
    line: int | None  # 1-based line of the file; None when the format has no lines
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass
class ImportResult:
    events: gpd.GeoDataFrame  # the rows that passed every check
    problems: list[Problem] = field(default_factory=list)  # the rows that did not, with their lines


@dataclass(frozen=True)
class Format:
    name: str
    extension: str  # with the dot
    mime: str
    write: Callable[[gpd.GeoDataFrame, str], None]
    read: Callable[[str], ImportResult] | None = None  # None: export only


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("EVENTS_IMPORT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def check_file(path) -> int:
    """Refuse a missing, empty or oversized file before reading a byte of it; return its size."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file") from None
    except OSError as exc:
        raise FormatError(f"{path}: cannot read ({exc.strerror})") from None
    if os.path.isdir(path):
        raise FormatError(f"{path} is a directory, not a file")
    if size == 0:
        raise FormatError(f"{path}: line 1: the file is empty")
    limit = max_bytes()
    if size > limit:
        raise FormatError(
            f"{path}: the file is {size / 1048576:.0f} MB, above the import limit of {limit / 1048576:.0f} MB; "
            "split it, or raise EVENTS_IMPORT_MAX_MB")
    return size


def read_text(path) -> str:
    """The file as text (UTF-8, a BOM tolerated), with the line of any undecodable byte."""
    check_file(path)
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(f"{path}: line {line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    if not text.strip():
        raise FormatError(f"{path}: line 1: the file is empty")
    return text


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d")


def lon_lat(gdf: gpd.GeoDataFrame) -> tuple[pd.Series, pd.Series]:
    """Longitude and latitude of point events, rounded to 6 decimals (~0.1 m); NaN without a point."""
    geom = gdf.geometry
    ok = geom.notna() & ~geom.is_empty & (geom.geom_type == "Point")
    lon = pd.Series(float("nan"), index=gdf.index)
    lat = pd.Series(float("nan"), index=gdf.index)
    lon[ok] = geom[ok].x.round(6)
    lat[ok] = geom[ok].y.round(6)
    return lon, lat


# Spreadsheet formula injection: a text cell starting with one of these is run as a formula
# by Excel/LibreOffice. We prefix a quote; the reader removes exactly one quote again, so a
# value that itself starts with quotes before such a character round-trips too.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix a quote to text cells a spreadsheet would run as formulas (vectorised)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            values = out[col].astype("string")
            risky = values.str.match(_FORMULA.pattern, na=False).to_numpy(dtype=bool)
            out[col] = values.where(~risky, "'" + values)
    return out


def write_csv(frame: pd.DataFrame, path) -> None:
    """UTF-8 without BOM, '\\n' line ends, quotes only where needed, empty cells for missing
    values. pyarrow's writer: ~50x faster than pandas' to_csv on 100,000 rows."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with open(path, "wb") as fh:  # plain header line (pyarrow would quote every name)
        fh.write((",".join(frame.columns) + "\n").encode("utf-8"))
        pacsv.write_csv(table, fh, pacsv.WriteOptions(quoting_style="needed", include_header=False))


def csv_table(path, required: list[str], kind: str) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """The rows of a CSV file as text cells, the line each row starts on, and row problems.

    Lines are physical lines (a quoted cell may span several), as a text editor shows them.
    A row with the wrong number of fields is a problem of that row; an unclosed quote (a
    truncated file) makes the whole file unreadable."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise FormatError(f"{path}: line 1: the header is not valid CSV ({exc})") from None
    missing = [c for c in required if c not in header]
    if missing:
        shown = ", ".join(header[:10]) + (", ..." if len(header) > 10 else "")
        raise FormatError(f"{path}: line 1: not a {kind} file: the header lacks {', '.join(missing)} "
                          f"(it has: {shown})")
    total_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    last = reader.line_num
    while True:
        start = last + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FormatError(f"{path}: line {start}: broken CSV row ({exc}); the file may be truncated") from None
        last = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank line
        if len(fields) != len(header):
            cut = " (the file ends in the middle of this row: truncated?)" if (
                last >= total_lines and not text.endswith("\n") and len(fields) < len(header)) else ""
            problems.append(Problem(start, f"{len(fields)} fields where the header has {len(header)}{cut}"))
            continue
        rows.append(fields)
        lines.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return frame.loc[:, ~frame.columns.duplicated()], lines, problems


def unneutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo ``neutralise`` on every column (vectorised ``unneutralise``)."""
    out = frame.copy()
    for col in out.columns:
        values = out[col].astype("string")
        quoted = values.str.match(r"'+[=+\-@\t\r]", na=False).to_numpy(dtype=bool)
        out[col] = values.where(~quoted, values.str.slice(1))
    return out


def _blank(series: pd.Series) -> np.ndarray:
    return series.astype("string").str.strip().fillna("").eq("").to_numpy(dtype=bool)


def map_distinct(series: pd.Series, fn) -> pd.Series:
    """``fn`` once per distinct value: a few names over 100,000 rows."""
    values = series.astype(object)
    table = {v: fn(v) for v in pd.unique(values.dropna())}
    return values.map(table)


def checked_events(raw: pd.DataFrame, lines, labels: list[str] | None = None,
                   errors: np.ndarray | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check and convert imported rows in one vectorised pass.

    ``raw`` holds schema columns (any subset) plus longitude/latitude, as read: text or
    numbers. A row with missing or impossible coordinates, a bad date or a bad whole number
    becomes a Problem with its line (``lines``: a list, or a function giving it) and
    ``labels[i]`` (e.g. "feature 3: "); ``errors``
    may carry problems the caller found first. Returns the good rows as schema events."""
    n = len(raw)
    raw = raw.reset_index(drop=True)
    error = np.full(n, None, dtype=object) if errors is None else errors.copy()

    def col(name) -> pd.Series:
        return raw[name] if name in raw.columns else pd.Series([None] * n, dtype=object)

    def flag(mask, message) -> None:
        for i in np.flatnonzero(np.asarray(mask, dtype=bool) & pd.isna(error)):
            error[i] = message(i) if callable(message) else message

    lon_raw, lat_raw = col("longitude"), col("latitude")
    flag(_blank(lon_raw) | _blank(lat_raw), "missing coordinates")
    lon = pd.to_numeric(lon_raw.astype("string").str.strip(), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lat = pd.to_numeric(lat_raw.astype("string").str.strip(), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    flag(~(np.isfinite(lon) & np.isfinite(lat)),
         lambda i: f"coordinates are not valid numbers: longitude {lon_raw[i]!r}, latitude {lat_raw[i]!r}")
    with np.errstate(invalid="ignore"):
        flag((np.abs(lon) > 180) | (np.abs(lat) > 90),
             lambda i: f"coordinates out of range: longitude {lon[i]}, latitude {lat[i]}")
    flag((lon == 0) & (lat == 0), "coordinates are 0,0 (a placeholder, not a place)")

    out = {}
    date_text = col("event_date").astype("string").str.strip()
    flag(_blank(date_text), "missing date")
    dates = pd.Series(pd.NA, index=raw.index, dtype="string")
    pending = ~_blank(date_text)
    for fmt in _DATE_FORMATS:  # whole columns at a time; ISO first ("2015-06-04 00:00:00" too)
        if not pending.any():
            break
        text = date_text.where(pending)
        if fmt == "%Y-%m-%d":
            text = text.str.extract(r"^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$", expand=False)
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        ok = parsed.notna().to_numpy(dtype=bool) & pending
        dates[ok] = parsed[ok].dt.strftime("%Y-%m-%d")
        pending &= ~ok
    flag(pending, lambda i: f"date {date_text[i]!r} is not a date (expected e.g. 2015-06-04 or 04 June 2015)")
    out["event_date"] = dates

    for name, dtype in schema.COLUMNS.items():
        if name == "event_date":
            continue
        values = col(name)
        if dtype == "Int64":
            blank = _blank(values)
            number = pd.to_numeric(values.astype("string").str.strip(), errors="coerce").to_numpy(
                dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                bad = ~blank & (np.isnan(number) | (np.mod(number, 1) != 0))
            flag(bad, lambda i, name=name, values=values: f"{name} {values[i]!r} is not a whole number")
            out[name] = pd.array(np.where(blank | bad, np.nan, number), dtype="Float64").astype("Int64")
        else:
            text = values.astype("string")
            out[name] = text.where(~_blank(text), pd.NA)

    good = pd.isna(error)
    preset = np.zeros(n, dtype=bool) if errors is None else ~pd.isna(errors)  # callers' messages are whole
    bad = np.flatnonzero(~good)
    if len(bad) and callable(lines):  # costly to find (GeoJSON): only when a row has a problem
        lines = lines()
    problems = [Problem(lines[i], ("" if preset[i] or not labels else labels[i]) + str(error[i])) for i in bad]
    frame = pd.DataFrame(out).loc[good]
    geometry = gpd.points_from_xy(lon[good], lat[good], crs=schema.CRS)
    return schema.conform(gpd.GeoDataFrame(frame, geometry=geometry, crs=schema.CRS)), problems

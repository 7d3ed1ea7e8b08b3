"""What every format shares: the Format record, import results, errors and row checks."""
from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import geopandas as gpd
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


def coordinate_problem(lon, lat) -> str | None:
    """Why (lon, lat) cannot place an event, or None when it can."""
    if _missing(lon) or _missing(lat):
        return "missing coordinates"
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return f"coordinates are not numbers: longitude {lon!r}, latitude {lat!r}"
    if isinstance(lon, bool) or isinstance(lat, bool) or not (math.isfinite(x) and math.isfinite(y)):
        return f"coordinates are not valid numbers: longitude {lon!r}, latitude {lat!r}"
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        return f"coordinates out of range: longitude {x}, latitude {y}"
    if x == 0 and y == 0:
        return "coordinates are 0,0 (a placeholder, not a place)"
    return None


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, str) and value.strip() == "") or (
        isinstance(value, float) and math.isnan(value))


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d")


def parse_date(value) -> str:
    """An ISO date from the forms ACLED, UCDP and spreadsheets use; ValueError otherwise."""
    if _missing(value):
        raise ValueError("missing date")
    text = str(value).strip()
    head = re.match(r"^(\d{4}-\d{2}-\d{2})[ T]", text)  # "2015-06-04 00:00:00.000" in UCDP
    if head:
        text = head.group(1)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not a date (expected e.g. 2015-06-04 or 04 June 2015)")


def parse_int(value, name: str):
    if _missing(value):
        return pd.NA
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{name} {value!r} is not a whole number")
    return int(number)


def blank_to_na(value):
    return pd.NA if _missing(value) else value


def to_events(rows: list[dict]) -> gpd.GeoDataFrame:
    """Schema GeoDataFrame from row dicts holding schema fields plus longitude/latitude."""
    if not rows:
        return schema.empty()
    frame = pd.DataFrame(rows)
    lon = pd.to_numeric(frame.pop("longitude"), errors="coerce")
    lat = pd.to_numeric(frame.pop("latitude"), errors="coerce")
    geometry = gpd.points_from_xy(lon, lat, crs=schema.CRS)
    return schema.conform(gpd.GeoDataFrame(frame, geometry=geometry, crs=schema.CRS))


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


def neutralise(value):
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unneutralise(value):
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value):
        return value[1:]
    return value


def text_columns() -> list[str]:
    return [c for c, d in schema.COLUMNS.items() if d == "string"]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``neutralise`` on every text column, vectorised (100,000 rows in well under a second)."""
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


def csv_rows(path, required: list[str], kind: str) -> tuple[list[str], list[tuple[int, dict]], list[Problem]]:
    """Header, (line, row) pairs and row problems of a CSV file.

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
    rows: list[tuple[int, dict]] = []
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
        rows.append((start, dict(zip(header, fields))))
    return header, rows, problems


def atomic_path(path) -> "AtomicPath":
    return AtomicPath(path)


class AtomicPath:
    """``with AtomicPath(p) as tmp: write(tmp)`` -> p appears whole or not at all (os.replace)."""

    def __init__(self, path):
        self.path = os.fspath(path)

    def __enter__(self) -> str:
        parent = os.path.dirname(os.path.abspath(self.path))
        self.dir = tempfile.mkdtemp(prefix=".export-", dir=parent)
        return os.path.join(self.dir, os.path.basename(self.path))

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                os.replace(os.path.join(self.dir, os.path.basename(self.path)), self.path)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
        return False


def schema_row(raw: dict, lon, lat) -> dict:
    """A row of our own formats as checked schema values; ValueError says what is wrong."""
    problem = coordinate_problem(lon, lat)
    if problem:
        raise ValueError(problem)
    row = {}
    for col, dtype in schema.COLUMNS.items():
        value = raw.get(col)
        if dtype == "Int64":
            row[col] = parse_int(value, col)
        else:
            row[col] = pd.NA if _missing(value) else str(value)
    row["event_date"] = parse_date(raw.get("event_date"))
    row["longitude"], row["latitude"] = float(lon), float(lat)
    return row

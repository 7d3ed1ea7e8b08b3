"""GeoPackage backend: one SQLite file that QGIS, ArcGIS and GDAL open directly.

Tables are created by pyogrio (so the GeoPackage metadata is what GDAL writes); rows are
then written with the standard sqlite3 module, because one SQLite transaction spanning
events, articles and event_sources is what makes an article all-or-nothing: a process
killed mid-write leaves a hot journal that SQLite rolls back on the next open. Two
writers serialise on SQLite's own lock (BEGIN IMMEDIATE + busy timeout): one waits.

The events table also keeps plain longitude/latitude columns: reading them and building
points vectorised is much faster than decoding geometry blobs, and the ``geom`` column
(GeoPackage blob, no spatial index: GDAL's R-tree triggers need GDAL's SQL functions)
is written alongside for GIS tools. ``deleted_at`` holds tombstones; ``match_key`` is
computed once from the extracted values so an analyst's corrections never stop a
later report of the same event from being recognised.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely

from .. import schema
from . import AddResult, Store, StoreError

BUSY_TIMEOUT_S = 120.0  # a writer waits this long for another writer before giving up

EXTRA_COLUMNS = {  # events table columns beyond the schema
    "longitude": "float64",
    "latitude": "float64",
    "match_key": "string",
    "deleted_at": "string",
    "added_at": "string",
    "updated_at": "string",
}
TABLES = {
    "articles": {"id": "string", "url": "string", "outlet": "string", "published": "string",
                 "language": "string", "text_hash": "string", "ingested_at": "string"},
    "event_sources": {"event_id": "string", "article_id": "string", "attribution": "string",
                      "sentence": "string", "added_at": "string"},
    "edits": {"event_id": "string", "field": "string", "old_value": "string",
              "new_value": "string", "edited_at": "string"},
}
INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events(event_id)",
    "CREATE INDEX IF NOT EXISTS events_match_key ON events(match_key)",
    "CREATE UNIQUE INDEX IF NOT EXISTS articles_text_hash ON articles(text_hash)",
    "CREATE UNIQUE INDEX IF NOT EXISTS articles_id ON articles(id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS event_sources_pair ON event_sources(event_id, article_id)",
    "CREATE INDEX IF NOT EXISTS edits_event ON edits(event_id)",
]
EDITABLE = [c for c in schema.COLUMNS if c != "event_id"] + ["longitude", "latitude"]
# Fields a later report of the same event extends (unless an analyst edited them), as events.merge does.
JOINED_FIELDS = ("source", "source_url", "source_attribution", "article_id")
MERGED_FIELDS = JOINED_FIELDS + ("fatalities",)

# GeoPackage geometry blob: "GP", version 0, flags 1 (little endian, no envelope), srs_id.
_GPKG_HEADER = b"GP\x00\x01" + struct.pack("<i", 4326)


def _point_blob(lon: float, lat: float) -> bytes:
    return _GPKG_HEADER + struct.pack("<BIdd", 1, 1, lon, lat)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def match_key(row: dict) -> str:
    """Same day, type, first actor and place: the rule events.merge uses across articles,
    so a later report of one event is recognised the same way in the store."""
    if row.get("geonameid") is not None:
        place = f"g{int(row['geonameid'])}"
    elif row.get("location_surface") or row.get("location"):
        place = f"{row.get('admin1_pcode')}:{row.get('location_surface') or row.get('location')}"
    elif row.get("longitude") is not None:
        place = f"p{row['longitude']:.3f},{row['latitude']:.3f}"
    else:
        place = "?"
    return "|".join(str(row.get(k) or "") for k in ("event_date", "event_type", "actor1")) + "|" + place


def _fallback_id(row: dict) -> str:
    basis = "|".join(str(row.get(k)) for k in ("event_date", "event_type", "sub_event_type", "location",
                                                  "longitude", "latitude", "actor1", "notes"))
    return "ev-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


class GeoPackageStore(Store):
    def __init__(self, path):
        self.path = Path(path).expanduser()
        if self.path.is_dir():
            raise StoreError(f"store path {self.path} is a directory; give a .gpkg file")
        if not self.path.exists():
            self._create()
        self._check()

    # -- creation -------------------------------------------------------------------------
    def _create(self) -> None:
        """Build the empty GeoPackage in a temp file and link it into place: another
        process creating the same store at the same moment cannot be half-seen or clobbered."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".gpkg", dir=self.path.parent, prefix=".events-new-")
        os.close(fd)
        os.unlink(tmp)
        try:
            frame = schema.empty()
            for name, dtype in EXTRA_COLUMNS.items():
                frame[name] = pd.Series(dtype=dtype)
            pyogrio.write_dataframe(frame, tmp, layer="events", driver="GPKG", geometry_type="Point",
                                    layer_options={"SPATIAL_INDEX": "NO"})
            for table, columns in TABLES.items():
                empty = pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
                pyogrio.write_dataframe(empty, tmp, layer=table, driver="GPKG")
            con = sqlite3.connect(tmp)
            with con:
                for sql in INDEXES:
                    con.execute(sql)
            con.close()
            try:
                os.link(tmp, self.path)  # fails if another process created it first: keep theirs
            except FileExistsError:
                pass
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _check(self) -> None:
        try:
            con = self._connect()
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            con.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a readable GeoPackage: {exc}") from exc
        missing = {"events", *TABLES} - tables
        if missing:
            raise StoreError(f"{self.path} is not an event store (missing tables: {', '.join(sorted(missing))})")
        if not self._scalar("SELECT count(*) FROM sqlite_master WHERE name = 'current_events'"):
            with self._write() as con:
                self._add_view(con)

    @staticmethod
    def _add_view(con) -> None:
        """A ``current_events`` layer (events without tombstones) for QGIS/ArcGIS users who open
        the store itself: registered in gpkg_contents so GDAL lists it as a point layer."""
        con.execute("CREATE VIEW IF NOT EXISTS current_events AS SELECT fid, geom, "
                    f"{', '.join(schema.COLUMNS)} FROM events WHERE deleted_at IS NULL")
        con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                    "VALUES ('current_events', 'features', 'current_events', 'events, deleted ones left out', 4326)")
        con.execute("INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, "
                    "srs_id, z, m) VALUES ('current_events', 'geom', 'POINT', 4326, 0, 0)")

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves. Opening read-write lets SQLite
        # roll back a hot journal left by a killed writer before anything is read.
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        return con

    @contextmanager
    def _write(self):
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")  # take the write lock now: a second writer waits here
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreError(f"store {self.path} is busy or unwritable: {exc}") from exc
        finally:
            con.close()

    # -- reading --------------------------------------------------------------------------
    def events(self, include_deleted: bool = False) -> gpd.GeoDataFrame:
        """All events. Read with pyogrio (Arrow): ~5x faster than sqlite3 rows for 100,000 events."""
        names = list(schema.COLUMNS) + ["longitude", "latitude"]
        where = None if include_deleted else "deleted_at IS NULL"
        self._scalar("SELECT count(*) FROM events")  # rolls back a killed writer's journal first
        for attempt in range(200):
            try:
                frame = pyogrio.read_dataframe(self.path, layer="events", columns=names, where=where,
                                               read_geometry=False, use_arrow=True)
                break
            except pyogrio.errors.DataSourceError as exc:  # a writer is committing: GDAL has no busy wait
                if "locked" not in str(exc) or attempt == 199:
                    raise StoreError(f"cannot read {self.path}: {exc}") from exc
                time.sleep(0.05)
        lon = pd.to_numeric(frame.pop("longitude"), errors="coerce").to_numpy(dtype=float)
        lat = pd.to_numeric(frame.pop("latitude"), errors="coerce").to_numpy(dtype=float)
        points = shapely.points(lon, lat)
        points[np.isnan(lon) | np.isnan(lat)] = None  # no coordinates -> missing geometry, not POINT EMPTY
        return schema.conform(gpd.GeoDataFrame(frame, geometry=points, crs=schema.CRS))

    def count(self) -> int:
        return self._scalar("SELECT count(*) FROM events WHERE deleted_at IS NULL")

    def has_article(self, text_hash: str) -> bool:
        return self._scalar("SELECT count(*) FROM articles WHERE text_hash = ?", (text_hash,)) > 0

    def articles(self) -> pd.DataFrame:
        return self._frame(f"SELECT {', '.join(TABLES['articles'])} FROM articles ORDER BY fid", (),
                           TABLES["articles"])

    def sources(self, event_id: str) -> pd.DataFrame:
        columns = {"article_id": "string", "url": "string", "outlet": "string", "published": "string",
                   "language": "string", "attribution": "string", "sentence": "string"}
        sql = ("SELECT s.article_id, a.url, a.outlet, a.published, a.language, s.attribution, s.sentence "
               "FROM event_sources s LEFT JOIN articles a ON a.id = s.article_id "
               "WHERE s.event_id = ? ORDER BY s.fid")
        return self._frame(sql, (event_id,), columns)

    def edits(self, event_id: str | None = None) -> pd.DataFrame:
        cols = TABLES["edits"]
        sql = f"SELECT {', '.join(cols)} FROM edits"
        args: tuple = ()
        if event_id is not None:
            sql += " WHERE event_id = ?"
            args = (event_id,)
        return self._frame(sql + " ORDER BY fid", args, cols)

    def revision(self) -> str:
        parts = []
        for path in (self.path, Path(str(self.path) + "-wal")):  # -wal: if a GIS tool switched it to WAL
            if path.exists():
                stat = path.stat()
                parts.append(f"{stat.st_mtime_ns}-{stat.st_size}")
        return "/".join(parts)

    def _scalar(self, sql: str, args: tuple = ()):
        con = self._connect()
        try:
            return con.execute(sql, args).fetchone()[0]
        finally:
            con.close()

    def _frame(self, sql: str, args: tuple, columns: dict) -> pd.DataFrame:
        con = self._connect()
        try:
            rows = con.execute(sql, args).fetchall()
        finally:
            con.close()
        frame = pd.DataFrame.from_records(rows, columns=list(columns))
        return frame.astype(columns)

    # -- writing --------------------------------------------------------------------------
    def add_events(self, gdf: gpd.GeoDataFrame, article: dict | None = None) -> AddResult:
        """Add events in one transaction. With ``article`` (a news report being ingested),
        an event matching a stored one (same day, type and place) becomes a new source of
        it; without (an import), events are only de-duplicated by event_id, because two
        imported events on the same day and place are often distinct."""
        rows = self._rows(gdf)
        now = _now()
        added = merged = skipped = 0
        with self._write() as con:
            article_id = None
            if article is not None:
                digest = article.get("text_hash")
                if digest and con.execute("SELECT 1 FROM articles WHERE text_hash = ?", (digest,)).fetchone():
                    return AddResult(skipped=max(len(rows), 1))
                article_id = article.get("id") or self._article_id(rows, digest)
                if con.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                    return AddResult(skipped=max(len(rows), 1))
                con.execute(
                    "INSERT INTO articles (id, url, outlet, published, language, text_hash, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (article_id, article.get("url"), article.get("outlet"), article.get("published"),
                     article.get("language"), digest, now))
            else:
                return self._import(con, rows, now)
            for row in rows:
                row["article_id"] = article_id
                known = con.execute("SELECT event_id FROM events WHERE event_id = ?", (row["event_id"],)).fetchone()
                if known is None:
                    known = con.execute("SELECT event_id FROM events WHERE match_key = ? ORDER BY fid LIMIT 1",
                                        (row["match_key"],)).fetchone()
                if known is None:
                    self._insert(con, [row], now)
                    self._link(con, row["event_id"], row, now)
                    added += 1
                elif self._add_source(con, known[0], row, now):
                    merged += 1
                else:
                    skipped += 1
        return AddResult(added, merged, skipped)

    def _import(self, con, rows: list[dict], now: str) -> AddResult:
        """Imported events: new ids are inserted in bulk, known ids (and repeats) skipped."""
        known: set[str] = set()
        ids = [r["event_id"] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found = con.execute(f"SELECT event_id FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk)
            known.update(r[0] for r in found)
        new = []
        for row in rows:
            if row["event_id"] not in known:
                known.add(row["event_id"])
                new.append(row)
        trigger = con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND name = 'trigger_insert_feature_count_events'").fetchone()
        if trigger and len(new) > 1000:
            # GDAL's per-row feature-count trigger halves bulk insert speed: count once instead,
            # inside the same transaction, and put the trigger back.
            con.execute("DROP TRIGGER trigger_insert_feature_count_events")
            self._insert(con, new, now)
            con.execute("UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM events) "
                        "WHERE lower(table_name) = 'events'")
            con.execute(trigger[0])
        else:
            self._insert(con, new, now)
        return AddResult(added=len(new), skipped=len(rows) - len(new))

    @staticmethod
    def _article_id(rows: list[dict], digest: str | None) -> str:
        ids = {r.get("article_id") for r in rows if r.get("article_id")}
        if len(ids) == 1:  # the extractor's own id for this article
            return ids.pop()
        if digest:
            return "a" + digest[:16]
        raise StoreError("an article needs a text_hash or an id")

    def _rows(self, gdf) -> list[dict]:
        if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry is None:
            raise StoreError("add_events needs a GeoDataFrame of events with point geometry")
        if gdf.crs is not None and not gdf.crs.equals(schema.CRS):
            gdf = gdf.to_crs(schema.CRS)
        conformed = list(gdf.columns) == [*schema.COLUMNS, gdf.geometry.name] and all(
            str(gdf[c].dtype) == d for c, d in schema.COLUMNS.items())
        frame = gdf if conformed else schema.conform(gdf)  # conform is slow on small frames: skip if done
        geom = frame.geometry.values
        is_point = (shapely.get_type_id(geom) == 0) & ~shapely.is_empty(geom)
        lon = np.where(is_point, shapely.get_x(geom), np.nan)
        lat = np.where(is_point, shapely.get_y(geom), np.nan)
        # Arrow gives plain Python values with None for missing ones.
        table = pa.Table.from_pandas(pd.DataFrame(frame[list(schema.COLUMNS)]), preserve_index=False)
        rows = []
        for rec, x, y in zip(table.to_pylist(), lon.tolist(), lat.tolist()):
            rec["longitude"] = None if x != x else x  # x != x: NaN, no point
            rec["latitude"] = None if y != y else y
            if not rec.get("event_id"):
                rec["event_id"] = _fallback_id(rec)
            rec["match_key"] = match_key(rec)
            rows.append(rec)
        return rows

    def _insert(self, con, rows: list[dict], now: str) -> None:
        cols = list(schema.COLUMNS) + ["longitude", "latitude", "match_key", "added_at", "updated_at", "geom"]
        con.executemany(
            f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            ([row.get(c) for c in cols[:-3]]
             + [now, now, None if row["longitude"] is None else _point_blob(row["longitude"], row["latitude"])]
             for row in rows))

    def _link(self, con, event_id: str, row: dict, now: str) -> bool:
        cur = con.execute(
            "INSERT OR IGNORE INTO event_sources (event_id, article_id, attribution, sentence, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (event_id, row.get("article_id"), row.get("source_attribution"), row.get("source_sentence"), now))
        return cur.rowcount > 0

    def _add_source(self, con, event_id: str, row: dict, now: str) -> bool:
        """Record ``row`` as one more report of stored event ``event_id``; False if already known."""
        if not self._link(con, event_id, row, now):
            return False
        stored = dict(zip(MERGED_FIELDS, con.execute(
            f"SELECT {', '.join(MERGED_FIELDS)} FROM events WHERE event_id = ?", (event_id,)).fetchone()))
        edited = {r[0] for r in con.execute("SELECT field FROM edits WHERE event_id = ?", (event_id,))}
        update = {}
        for field in JOINED_FIELDS:
            parts = [p for p in (stored[field] or "").split("; ") if p]
            new = [p for p in str(row.get(field) or "").split("; ") if p and p not in parts]
            if new:
                update[field] = "; ".join(parts + new)
        reported = [f for f in (stored["fatalities"], row.get("fatalities")) if f is not None]
        if reported and min(reported) != stored["fatalities"]:
            update["fatalities"] = min(reported)  # the most conservative report, as events.merge
        update = {k: v for k, v in update.items() if k not in edited}  # an analyst's value wins
        if update:
            sets = ", ".join(f"{k} = ?" for k in update)
            con.execute(f"UPDATE events SET {sets}, updated_at = ? WHERE event_id = ?",
                        [*update.values(), now, event_id])
        return True

    def edit(self, event_id: str, **fields) -> None:
        if not fields:
            raise StoreError("nothing to change: give at least one field=value")
        unknown = [f for f in fields if f not in EDITABLE]
        if unknown:
            raise StoreError(f"cannot edit {', '.join(unknown)}; editable fields: {', '.join(EDITABLE)}")
        values = {f: _coerce(f, v) for f, v in fields.items()}
        now = _now()
        with self._write() as con:
            old = self._get(con, event_id, list(values) + ["longitude", "latitude"])
            sets = dict(values)
            if "longitude" in values or "latitude" in values:
                lon = values.get("longitude", old["longitude"])
                lat = values.get("latitude", old["latitude"])
                if (lon is None) != (lat is None):
                    raise StoreError("give both longitude and latitude, or clear both")
                sets["geom"] = None if lon is None else _point_blob(lon, lat)
            con.execute(f"UPDATE events SET {', '.join(f'{k} = ?' for k in sets)}, updated_at = ? WHERE event_id = ?",
                        [*sets.values(), now, event_id])
            con.executemany(
                "INSERT INTO edits (event_id, field, old_value, new_value, edited_at) VALUES (?, ?, ?, ?, ?)",
                [(event_id, f, _text(old[f]), _text(v), now) for f, v in values.items()])

    def delete(self, event_id: str) -> None:
        self._tombstone(event_id, _now())

    def restore(self, event_id: str) -> None:
        self._tombstone(event_id, None)

    def _tombstone(self, event_id: str, when: str | None) -> None:
        now = _now()
        with self._write() as con:
            old = self._get(con, event_id, ["deleted_at"])
            con.execute("UPDATE events SET deleted_at = ?, updated_at = ? WHERE event_id = ?", (when, now, event_id))
            con.execute("INSERT INTO edits (event_id, field, old_value, new_value, edited_at) VALUES (?, ?, ?, ?, ?)",
                        (event_id, "deleted_at", old["deleted_at"], when, now))

    @staticmethod
    def _get(con, event_id: str, fields: list[str]) -> dict:
        row = con.execute(f"SELECT {', '.join(fields)} FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            raise StoreError(f"no event with id {event_id!r} in the store")
        return dict(zip(fields, row))


def _text(value) -> str | None:
    return None if value is None else str(value)


def _coerce(field: str, value):
    """An edited value in the column's type; '' clears the field."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if field in ("longitude", "latitude"):
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{field} must be a number, not {value!r}") from exc
        limit = 180 if field == "longitude" else 90
        if not -limit <= number <= limit:
            raise StoreError(f"{field} {number} is outside -{limit}..{limit}")
        return number
    if schema.COLUMNS[field] == "Int64":
        try:
            return int(str(value).strip())
        except ValueError as exc:
            raise StoreError(f"{field} must be a whole number, not {value!r}") from exc
    if field == "event_date":
        try:
            return pd.Timestamp(str(value)).date().isoformat()
        except ValueError as exc:
            raise StoreError(f"event_date must be a date (YYYY-MM-DD), not {value!r}") from exc
    return str(value)

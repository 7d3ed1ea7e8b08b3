"""Team-written tables shipped in gazetteer/data: governorates (with the GeoNames <-> OCHA
crosswalk and representative points), aliases and regions, places outside Syria, stop-words."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import yaml

from . import normalize as nz

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def governorates() -> dict[str, dict]:
    """pcode -> {pcode, geonames, name_en, name_ar, lat, lon, names}"""
    out = {}
    with open(DATA / "governorates.csv", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in rows:
            out[r["pcode"]] = {"pcode": r["pcode"], "geonames": r["geonames"], "name_en": r["name_en"],
                               "name_ar": r["name_ar"], "lat": float(r["lat"]), "lon": float(r["lon"]),
                               "names": [n for n in r["names"].split("|") if n]}
    return out


@lru_cache(maxsize=None)
def geonames_to_pcode() -> dict[str, str]:
    """GeoNames admin1 code ('10' or 'SY.10') -> OCHA P-code ('SY05')."""
    out = {}
    for g in governorates().values():
        out[g["geonames"]] = g["pcode"]
        out["SY." + g["geonames"]] = g["pcode"]
    return out


def _yaml(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def aliases() -> dict:
    return _yaml("aliases.yaml")


@lru_cache(maxsize=None)
def outside_places() -> list[dict]:
    return _yaml("outside.yaml")["places"]


_AIRBASE_EN = ("{} airbase", "{} air base", "{} airport", "{} military airport", "{} airfield", "{} military airbase",
               "{} military air base", "{} air field")
_AIRBASE_AR = ("مطار {}", "مطار {} العسكري", "قاعدة {} الجوية", "مطار {} الحربي")
SITE_CODES = {"airbase": "AIRB", "base": "MILB", "checkpoint": "CHKP", "academy": "MILB", "camp": "CMP"}


@lru_cache(maxsize=None)
def military_sites() -> list[dict]:
    """Military sites with every name they go by (air bases: the usual forms built from their base names)."""
    out = []
    for site in _yaml("military.yaml")["sites"]:
        names = list(site.get("names") or [])
        for b in site.get("base") or []:
            forms = _AIRBASE_AR if nz.has_arabic(b) else _AIRBASE_EN
            names += [f.format(b) for f in forms]
        out.append({**site, "names": list(dict.fromkeys(names)), "feature_code": SITE_CODES[site["type"]]})
    return out


@lru_cache(maxsize=None)
def stopwords() -> dict:
    return _yaml("stopwords.yaml")

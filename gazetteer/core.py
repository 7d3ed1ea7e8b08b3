"""The Gazetteer: load the cached index, look names up, geoparse text, find admin units."""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from . import normalize as nz
from .distance import geodesic_km
from .index import Index, build_index, cache_path, load_cached, save_index
from .models import Admin, Candidate, GazetteerDataMissing, Mention
from .sources import INSTALL_HINT, choose_source, gazetteer_dir
from .tables import governorates

log = logging.getLogger(__name__)

EXACT = 0.9          # base score of an exact (folded) name match
FUZZY_MAX = 0.75     # a fuzzy match never scores above this, so never outranks an exact one
AREA_WORDS = {"province", "governorate", "countryside", "region", "محافظه", "ريف"}


@dataclass
class Governorate:
    pcode: str
    name_en: str
    name_ar: str
    lat: float
    lon: float

    def to_dict(self) -> dict:
        return asdict(self)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic_km(a[0], a[1], b[0], b[1])


class Gazetteer:
    def __init__(self, index: Index, online: bool = False):
        self.index = index
        self.online = online
        self._latin_keys: list[str] | None = None
        self._geocoder = None

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | Path | None = None, online: bool | None = None, rebuild: bool = False) -> "Gazetteer":
        """Load the cached index for the best available source, building it when missing or stale."""
        import settings
        src = choose_source(data_dir)
        path = cache_path(gazetteer_dir(), src)
        fp = src.fingerprint()
        index = None if rebuild else load_cached(path, fp)
        if index is None:
            index = build_index(src)
            if not index.meta.get("source_places"):
                raise GazetteerDataMissing(f"The gazetteer source {src.path} holds no usable places: {INSTALL_HINT}.")
            try:
                save_index(index, path)
            except OSError as exc:   # a read-only data dir: work from memory, rebuild next time
                log.warning("could not cache the gazetteer index at %s: %s", path, exc)
        index.meta["name"] = src.name          # the same folder may be the shared one or given with --from
        return cls(index, settings.online() if online is None else online)

    @property
    def source(self) -> dict:
        m = self.index.meta
        return {k: m[k] for k in ("name", "path", "places", "names", "polygons", "built")}

    @property
    def problems(self) -> list[str]:
        return list(self.index.problems)

    # -- records -------------------------------------------------------------------------------
    def candidate(self, i: int, score: float, match: str = "exact") -> Candidate:
        r = self.index.places[i]
        return Candidate(geonameid=r["gid"], name=r["name"], name_ar=r["name_ar"], lat=r["lat"], lon=r["lon"],
                         feature_code=r["fc"], population=r["pop"], admin1_pcode=r["a1"], admin1_name=r["a1n"],
                         admin2_pcode=r["a2"], admin2_name=r["a2n"], admin3_pcode=r["a3"], admin3_name=r["a3n"],
                         score=round(max(0.0, min(1.0, score)), 3), source=r["src"], kind=r["kind"], match=match)

    def governorate(self, code_or_name: str) -> Governorate | None:
        """A governorate by P-code ('SY05'), GeoNames code ('SY.10') or name in Arabic or English."""
        g = self._governorate_code(code_or_name)
        if g is None:
            return None
        t = governorates()[g]
        return Governorate(t["pcode"], t["name_en"], t["name_ar"], t["lat"], t["lon"])

    def _governorate_code(self, code_or_name: str | None) -> str | None:
        if not code_or_name:
            return None
        s = str(code_or_name).strip()
        govs = governorates()
        if s.upper() in govs:
            return s.upper()
        from .tables import geonames_to_pcode
        if s.upper() in geonames_to_pcode():
            return geonames_to_pcode()[s.upper()]
        drop = {nz.key(w) for w in ("محافظة", "governorate", "province", "gouvernorat", "countryside", "ريف")}
        k = " ".join(w for w in nz.key(s).split() if w not in drop)
        if k == nz.key("دمشق") and nz.key("ريف") in nz.key(s).split():
            return "SY03"                      # ريف دمشق is a governorate of its own
        for g in govs.values():
            if k in {nz.key(n) for n in [g["name_en"], g["name_ar"], *g["names"]]}:
                return g["pcode"]
        return None

    # -- lookup --------------------------------------------------------------------------------
    def _exact(self, k: str) -> list[int]:
        return self.index.keys.get(k, [])

    def _fuzzy(self, k: str, limit: int = 20) -> list[tuple[int, float]]:
        """Records whose name shares k's consonant skeleton (or is close in rapidfuzz ratio), with similarity 0..1."""
        out: dict[int, float] = {}
        s = nz.skeleton(k)
        for other in self.index.skeletons.get(s, []):
            sim = fuzz.ratio(k, other) / 100
            if sim >= (0.7 if nz.has_arabic(k) else 0.8):
                for i in self.index.keys.get(other, []):
                    out[i] = max(out.get(i, 0), sim)
        if not out and not nz.has_arabic(k) and len(k) >= 4:
            if self._latin_keys is None:
                self._latin_keys = [x for x in self.index.keys if not nz.has_arabic(x)]
            for other, score, _ in process.extract(k, self._latin_keys, scorer=fuzz.ratio, score_cutoff=85, limit=limit):
                for i in self.index.keys.get(other, []):
                    out[i] = max(out.get(i, 0), score / 100)
        return sorted(out.items(), key=lambda x: -x[1])[:limit]

    def _query_keys(self, name: str) -> list[str]:
        """The key of a query and the keys of its forms without particles / cue words."""
        k = nz.key(name)
        keys = [k]
        words = k.split()
        if nz.has_arabic(name) and words:
            for stem in _particle_stems(nz.fold_ar(name.split()[0])):
                keys.append(" ".join([nz.strip_article_ar(stem), *words[1:]]))
            if len(words) > 1 and words[0] in ("بلده", "قريه", "مدينه", "حي", "محافظه", "منطقه", "ناحيه", "ريف"):
                keys.append(" ".join(words[1:]))
        else:
            for w in ("province", "governorate", "city", "town", "village", "district", "countryside"):
                if words and words[-1] == nz.key(w) and len(words) > 1:
                    keys.append(" ".join(words[:-1]))
        return list(dict.fromkeys(x for x in keys if x))

    def lookup(self, name: str, governorate: str | None = None, near: tuple[float, float] | None = None,
               limit: int = 10) -> list[Candidate]:
        """Candidates for a name, best first. governorate: P-code or name (a hint that outranks population);
        near: (lat, lon), nearer candidates first among equals. Fuzzy matches always score below exact ones."""
        if not name or not name.strip():
            return []
        gov = self._governorate_code(governorate) if governorate else None
        scored: dict[int, tuple[float, str]] = {}
        for k in self._query_keys(name):
            for i in self._exact(k):
                scored.setdefault(i, (EXACT, "exact"))
        if not scored:
            for k in self._query_keys(name)[:1]:
                for i, sim in self._fuzzy(k):
                    scored.setdefault(i, (FUZZY_MAX * sim, "fuzzy"))
        area_query = bool({nz.key(w) for w in AREA_WORDS} & set(nz.key(name).split()))
        out = []
        for i, (base, match) in scored.items():
            r = self.index.places[i]
            # within-tier preference t in 0..1; exact matches stay in [0.76, 1], fuzzy ones below 0.75
            t = 0.5 + 0.3 * _importance(r) + (0.05 if r["fc"] in ("PPLA", "PPLC", "PPLA2") else 0)
            if r["kind"] == "area":
                t += 0.4 if area_query else -0.1   # "Idlib province" is the governorate, "Idlib" the city
            if r["src"] == "neighbourhood":
                t -= 0.05
            if gov and r["a1"] != gov:
                t *= 0.4
            if near is not None:
                d = km(near, (r["lat"], r["lon"]))
                t -= 0.5 * d / (d + 100)      # smooth: nearer always ranks higher among equals
            t = max(0.0, min(1.0, t))
            s = 0.76 + 0.24 * t if match == "exact" else base * (0.5 + 0.5 * t)
            out.append(self.candidate(i, s, match))
        out.sort(key=lambda c: -c.score)
        if self.online and (not out or out[0].match != "exact"):
            out = self._online_lookup(name, gov) + out     # the data lacks it: ask the network
        return out[:limit]

    def _online_lookup(self, name: str, gov: str | None) -> list[Candidate]:
        from .online import CONFIDENCE, OnlineGeocoder
        if self._geocoder is None:
            self._geocoder = OnlineGeocoder()
        hit = self._geocoder.geocode(name)
        if hit is None:
            return []
        a = self.admin_for(hit["lat"], hit["lon"])
        if a is None or (gov and a.admin1_pcode != gov):
            return []
        return [Candidate(geonameid=None, name=hit["name"], name_ar=None, lat=hit["lat"], lon=hit["lon"],
                          feature_code=None, population=0, admin1_pcode=a.admin1_pcode, admin1_name=a.admin1_name,
                          admin2_pcode=a.admin2_pcode, admin2_name=a.admin2_name, admin3_pcode=a.admin3_pcode,
                          admin3_name=a.admin3_name, score=CONFIDENCE, source="online", match="online")]

    # -- admin ---------------------------------------------------------------------------------
    def admin_for(self, lat: float, lon: float) -> Admin | None:
        """The governorate/district/subdistrict containing the point, or the nearest within ~5 km."""
        if lat is None or lon is None:
            return None
        if self.index.admin is not None:
            return self.index.admin.admin_for(lat, lon)
        # no polygons (embedded fallback): the governorate of the nearest known place within 15 km
        best, best_km = None, 15.0
        for r in self.index.places:
            if r["kind"] != "place" or not r["a1"] or abs(r["lat"] - lat) > 0.2 or abs(r["lon"] - lon) > 0.2:
                continue
            d = km((lat, lon), (r["lat"], r["lon"]))
            if d <= best_km:
                best, best_km = r, d
        if best is None:
            return None
        gov = governorates()[best["a1"]]
        return Admin(admin1_pcode=gov["pcode"], admin1_name=gov["name_en"], admin1_name_ar=gov["name_ar"],
                     distance_km=round(best_km, 3))

    # -- geoparse ------------------------------------------------------------------------------
    def geoparse(self, text: str, lang: str = "auto") -> list[Mention]:
        from .geoparse import geoparse
        return geoparse(self, text, lang)

    def warm(self) -> None:
        """Load now what geoparse otherwise loads on first use: the word-frequency tables (~1 s,
        ~600k words). A long-running process calls it before gc.freeze(): left to load during the
        first article, the tables stay young for a while and every garbage collection of the
        next articles walks them (~1-2 ms per new article)."""
        from .geoparse import load_word_frequencies
        load_word_frequencies()


def _importance(r: dict) -> float:
    from .geoparse import _importance as imp
    return imp(r)


def _particle_stems(folded: str) -> list[str]:
    """Forms of a folded Arabic word without attached particles: وبريف -> بريف, ريف; للرقه -> الرقه."""
    out = []
    w = folded
    if len(w) >= 4 and w[0] in "وف":
        w = w[1:]
        out.append(w)
    if len(w) >= 4 and w.startswith("لل"):
        out.append("ا" + w[1:])
    elif len(w) >= 4 and w[0] in "بلك":
        out.append(w[1:])
    return out

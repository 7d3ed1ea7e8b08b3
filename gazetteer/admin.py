"""Point-in-polygon lookup of governorate / district / subdistrict (shapely STRtree).

shapely is imported where used: loading the cached index must stay well under a second.
"""
from __future__ import annotations

from .distance import geodesic_km
from .models import Admin
from .tables import governorates

BORDER_KM = 5.0          # a point this close to a polygon belongs to it (border towns, GeoNames rounding)
_DEG_SEARCH = 0.08       # search radius in degrees for the nearest-polygon fallback (> BORDER_KM everywhere in Syria)


class AdminLayers:
    """The admin polygons of up to three levels, each an STRtree over shapely geometries.

    ``layers[level]`` = {"codes": [...], "names": [...], "names_ar": [...], "parents": [(a1, a2)...], "wkb": [...]}
    The picklable form (WKB) is kept; trees are built on first use so loading the index stays fast.
    """

    def __init__(self, layers: dict[int, dict]):
        self.layers = layers
        self._trees: dict[int, tuple] = {}

    def __getstate__(self):
        return {"layers": self.layers}

    def __setstate__(self, state):
        self.layers = state["layers"]
        self._trees = {}

    @property
    def count(self) -> int:
        return sum(len(layer["codes"]) for layer in self.layers.values())

    def _tree(self, level: int):
        import shapely
        if level not in self._trees:
            geoms = shapely.from_wkb(self.layers[level]["wkb"])
            self._trees[level] = (shapely.STRtree(geoms), geoms)
        return self._trees[level]

    def _find(self, level: int, pt, max_km: float):
        """Index of the polygon containing pt, or of the nearest one within max_km; and the distance."""
        from shapely.ops import nearest_points
        tree, geoms = self._tree(level)
        hits = tree.query(pt, predicate="intersects")
        if len(hits):
            return int(min(hits)), 0.0
        if max_km <= 0:
            return None, None
        near = tree.query(pt.buffer(_DEG_SEARCH))
        best, best_km = None, None
        for i in near:
            p = nearest_points(geoms[i], pt)[0]
            km = geodesic_km(pt.y, pt.x, p.y, p.x)
            if km <= max_km and (best_km is None or km < best_km):
                best, best_km = int(i), km
        return best, best_km

    def admin_many(self, points: list[tuple[float, float]], max_km: float = BORDER_KM) -> list[Admin | None]:
        """admin_for of many (lat, lon) points: one bulk STRtree query per level, then the
        nearest-polygon fallback only for the points no polygon contains."""
        import shapely
        pts = shapely.points([(lon, lat) for lat, lon in points])
        inside: dict[int, dict[int, int]] = {}
        for level in sorted(self.layers):
            tree, _geoms = self._tree(level)
            pi, gi = tree.query(pts, predicate="intersects")
            hits: dict[int, int] = {}
            for p, g in zip(pi.tolist(), gi.tolist()):
                if p not in hits or g < hits[p]:
                    hits[p] = g
            inside[level] = hits
        out = []
        for n, (lat, lon) in enumerate(points):
            found = {lv: (inside[lv][n], 0.0) for lv in inside if n in inside[lv]}
            if len(found) < len(self.layers):
                out.append(self.admin_for(lat, lon, max_km))
            else:
                out.append(self._compose(found))
        return out

    def admin_for(self, lat: float, lon: float, max_km: float = BORDER_KM) -> Admin | None:
        from shapely.geometry import Point
        pt = Point(lon, lat)
        found: dict[int, tuple[int, float]] = {}
        for level in sorted(self.layers):
            i, km = self._find(level, pt, max_km)
            if i is not None:
                found[level] = (i, km)
        return self._compose(found)

    def _compose(self, found: dict[int, tuple[int, float]]) -> Admin | None:
        if not found:
            return None
        a = dict(admin1_pcode=None, admin1_name=None, admin1_name_ar=None, admin2_pcode=None,
                 admin2_name=None, admin3_pcode=None, admin3_name=None, distance_km=0.0)
        dist = 0.0
        # The finest level found decides; its parents fill the coarser levels (so a border point
        # never gets a subdistrict of one governorate and the governorate of another).
        finest = max(found)
        i, dist = found[finest]
        layer = self.layers[finest]
        a[f"admin{finest}_pcode"] = layer["codes"][i]
        a[f"admin{finest}_name"] = layer["names"][i]
        p1, p2 = layer["parents"][i]
        if finest >= 2 and p1:
            a["admin1_pcode"] = p1
        if finest == 3 and p2:
            a["admin2_pcode"] = p2
        for level in (1, 2):
            if level < finest and a[f"admin{level}_pcode"] is None and level in found:
                j, _ = found[level]
                a[f"admin{level}_pcode"] = self.layers[level]["codes"][j]
        if a["admin2_pcode"] and 2 in self.layers:
            codes = self.layers[2]["codes"]
            if a["admin2_pcode"] in codes:
                a["admin2_name"] = self.layers[2]["names"][codes.index(a["admin2_pcode"])]
        gov = governorates().get(a["admin1_pcode"] or "")
        if gov:
            a["admin1_name"], a["admin1_name_ar"] = gov["name_en"], gov["name_ar"]
        elif a["admin1_pcode"] and 1 in self.layers and a["admin1_pcode"] in self.layers[1]["codes"]:
            j = self.layers[1]["codes"].index(a["admin1_pcode"])
            a["admin1_name"], a["admin1_name_ar"] = self.layers[1]["names"][j], self.layers[1]["names_ar"][j]
        a["distance_km"] = round(dist or 0.0, 3)
        return Admin(**a)


def build_layers(polygon_sets: dict[int, list[dict]]) -> AdminLayers:
    """Turn read polygons (per admin level) into AdminLayers, deriving parents.

    OCHA files name their parents (ADM1_PCODE, ADM2_PCODE); for other files (geoBoundaries)
    parents are found spatially, and governorate codes are matched to OCHA P-codes by name.
    """
    import shapely

    from .normalize import key
    gov_by_key = {}
    for g in governorates().values():
        for n in [g["name_en"], g["name_ar"], *g["names"]]:
            gov_by_key[key(n)] = g["pcode"]
    layers: dict[int, dict] = {}
    for level in sorted(polygon_sets):
        polys = polygon_sets[level]
        codes = []
        for p in polys:
            code = p["code"]
            if level == 1 and not str(code).startswith("SY") or (level == 1 and len(str(code)) != 4):
                code = gov_by_key.get(key(p["name_en"] or ""), code)
            codes.append(str(code))
        layers[level] = {"codes": codes, "names": [p["name_en"] for p in polys],
                         "names_ar": [p["name_ar"] for p in polys],
                         "parents": [(p["props"].get("ADM1_PCODE"), p["props"].get("ADM2_PCODE")) for p in polys],
                         "wkb": [shapely.to_wkb(p["geometry"]) for p in polys]}
    result = AdminLayers(layers)
    # spatial parents where the file did not name them
    for level in (2, 3):
        if level not in layers:
            continue
        layer = layers[level]
        geoms = shapely.from_wkb(layer["wkb"])
        parents = []
        for (p1, p2), g in zip(layer["parents"], geoms):
            pt = g.representative_point()
            if not p1 and 1 in layers:
                i, _ = result._find(1, pt, 0)
                p1 = layers[1]["codes"][i] if i is not None else None
            if level == 3 and not p2 and 2 in layers:
                i, _ = result._find(2, pt, 0)
                p2 = layers[2]["codes"][i] if i is not None else None
            parents.append((p1, p2))
        layer["parents"] = parents
    return result

"""Event tables written by hand for the store tests: real Syrian places, our own words."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from events import schema

# (location, location_ar, admin1, admin1_pcode, geonameid, lon, lat)
PLACES = [
    ("Aleppo", "حلب", "Aleppo", "SY02", 170063, 37.16117, 36.20278),
    ("Jisr al-Shughur", "جسر الشغور", "Idleb", "SY07", 169304, 36.31667, 35.81222),
    ("Palmyra", "تدمر", "Homs", "SY04", 163345, 38.28407, 34.56036),
    ("Hama", "حماة", "Hama", "SY05", 170017, 36.75783, 35.13179),
    ("Daraa", "درعا", "Dar'a", "SY12", 170592, 36.10628, 32.61889),
    ("Ar-Raqqa", "الرقة", "Ar-Raqqa", "SY11", 163806, 39.00624, 35.95283),
]
# Some notes start like spreadsheet formulas: the CSV exports must neutralise them.
NOTES = [
    "=HYPERLINK(\"http://example.invalid\") event {i} at {loc}",
    "Event {i}: shelling reported near {loc}, رواية عن {loc_ar}",
    "@SUM(1) event {i}",
    "-3 dead in {loc} (event {i})",
    "+ clashes, {loc_ar}, event {i}",
    "'=already quoted, event {i}",
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
]


def events(n: int, seed: int = 0, prefix: str = "ev", article_id: str | None = None) -> gpd.GeoDataFrame:
    """``n`` distinct events with Arabic place names, spread over June 2015 and six governorates."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        loc, loc_ar, adm1, pcode, gid, lon, lat = PLACES[i % len(PLACES)]
        etype, sub = TYPES[(i // len(PLACES)) % len(TYPES)]
        rows.append({
            "event_id": f"{prefix}-{seed}-{i:06d}",
            "event_date": f"2015-06-{1 + (i * 7) % 30:02d}",
            "time_precision": 1,
            "event_type": etype,
            "sub_event_type": sub,
            "actor1": "Military Forces of Syria (2000-)" if i % 2 else "Jaish al-Fatah",
            "actor2": "Civilians (Syria)" if etype == "Violence against civilians" else "Islamic State",
            "inter1": 1 if i % 2 else 2,
            "inter2": 7 if etype == "Violence against civilians" else 2,
            "fatalities": int(rng.integers(0, 30)) if i % 5 else pd.NA,
            "location": loc,
            "location_ar": loc_ar,
            "location_surface": loc_ar,
            "geonameid": gid + i + 1_000_000 * seed,  # distinct places: generated events never count as one
            "admin1": adm1,
            "admin1_pcode": pcode,
            "geo_precision": 1,
            "source": "Test Wire",
            "source_attribution": "المرصد السوري لحقوق الإنسان" if i % 3 == 0 else "SANA",
            "source_sentence": f"قصف على {loc_ar} في اليوم {i}",
            "language": "ar",
            "article_id": article_id,
            "notes": NOTES[i % len(NOTES)].format(i=i, loc=loc, loc_ar=loc_ar),
            "longitude": lon + rng.uniform(-0.05, 0.05),
            "latitude": lat + rng.uniform(-0.05, 0.05),
        })
    frame = pd.DataFrame(rows)
    geometry = gpd.points_from_xy(frame.pop("longitude"), frame.pop("latitude"), crs=schema.CRS)
    return schema.conform(gpd.GeoDataFrame(frame, geometry=geometry, crs=schema.CRS))

"""A small, known set of events for the dashboard tests, written through the real store."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from events import schema
from events.store import open_store

# (place, Arabic, governorate P-code, governorate, lat, lon)
PLACES = [
    ("Hama", "حماة", "SY05", "Hama", 35.1318, 36.7578),
    ("Salamiyah", "السلمية", "SY05", "Hama", 35.0113, 37.0532),
    ("Idlib", "إدلب", "SY07", "Idleb", 35.9306, 36.6339),
    ("Jisr al-Shughur", "جسر الشغور", "SY07", "Idleb", 35.8123, 36.3189),
    ("Aleppo", "حلب", "SY02", "Aleppo", 36.2021, 37.1343),
    ("Daraa", "درعا", "SY12", "Dar'a", 32.6189, 36.1021),
]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
SCRIPT = "<script>alert(1)</script>"
XSS_SENTENCE = f"Activists in Salamiyah posted {SCRIPT} and <img src=x onerror=alert(2)> after the shelling."


def make_events() -> gpd.GeoDataFrame:
    """48 events over May-July 2015 in four governorates; one carries HTML in its sentence,
    two are located only to their governorate (precision 3)."""
    rows = []
    days = pd.date_range("2015-05-03", "2015-07-28", periods=48)
    for i, day in enumerate(days):
        place, place_ar, pcode, gov, lat, lon = PLACES[i % len(PLACES)]
        event_type, sub_type = TYPES[i % len(TYPES)]
        rows.append({
            "event_id": f"test{i:03d}", "event_date": day.date().isoformat(), "time_precision": 1,
            "event_type": event_type, "sub_event_type": sub_type,
            "actor1": ["Syrian army", "Jabhat al-Nusra", "Islamic State"][i % 3],
            "actor2": ["Civilians", "Syrian army", None][i % 3], "fatalities": i % 7,
            "location": place, "location_ar": place_ar, "location_surface": place_ar,
            "admin1": gov, "admin1_pcode": pcode, "geo_precision": 3 if i in (10, 30) else 1,
            "source": "Test Wire", "source_url": f"https://example.org/article/{i}",
            "source_attribution": ["activists", "military source"][i % 2],
            "source_sentence": f"Fighting was reported in {place_ar} on this day.", "language": "ar",
            "notes": f"test event {i}",
            "geometry": shapely.Point(lon + 0.01 * (i % 2), lat),
        })
    xss = rows[7]
    assert xss["location"] == "Salamiyah"
    xss.update({"source_sentence": XSS_SENTENCE, "location_surface": "Salamiyah", "language": "en",
                "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"})
    return schema.conform(gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=schema.CRS))


def fill_store(path, gdf) -> None:
    result = open_store(path).add_events(gdf)
    assert result.added == len(gdf)



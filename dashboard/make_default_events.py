"""Write dashboard/default_events.geojson: the events of the seed report as facts.

    .venv/bin/python -m dashboard.make_default_events

Reads the seed report's annotations (shared/seed/*.gold.json: dates, types, actors,
places, fatalities, who claims it) and places them with the gazetteer. The output
holds no article text and no sentence: only facts, the outlet and URL, and a note
per event written by the team. One row per place, as ACLED does; fatalities of an
event named at several places are split between them.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import pandas as pd
import shapely

import settings
from events import formats, schema
from gazetteer import Gazetteer

OUT = Path(__file__).resolve().parent / "default_events.geojson"
GOLD = "seed/rt_2015-06-05_syria.gold.json"
OUTLET = "RT Arabic"
URL = "https://ar.rt.com/gtpx"

# annotation type -> (ACLED event type, sub-event type)
TYPES = {
    "control-change": ("Battles", "Government regains territory"),
    "battle": ("Battles", "Armed clash"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "barrel-bomb": ("Explosions/Remote violence", "Air/drone strike"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
}
# first words of an actor -> ACLED actor class
INTER = [("syrian", 1), ("warplanes", 8), ("islamic state", 2), ("jabhat", 2), ("islamic battalions", 2),
         ("ypg", 3), ("civilians", 7)]
# the team's own one-line summary of each annotated event, in order
NOTES = [
    "Army retook hills and villages on the Hama-Idlib line in the Ghab plain from Jabhat al-Nusra; "
    "about 40 fighters reported killed.",
    "Overnight shelling of parts of Hama governorate; no place named.",
    "Army and allied local defence groups fought Jabhat al-Nusra around Jabal al-Nuba and nearby villages "
    "in the northern Latakia countryside.",
    "Rebel battalions reported an attack on army positions at Jabal Durin.",
    "Army fought several rebel factions in Daraa al-Balad.",
    "Army shelling of al-Kahil; one civilian reported killed.",
    "Helicopter barrel bomb on Busra al-Harir; one civilian reported killed.",
    "Barrel bombs dropped on several towns of eastern Daraa.",
    "Air strikes on Islamic State positions east of As-Sweida.",
    "Government forces and allied militias fought the Islamic State near Khalkhala.",
    "Air strikes on Islamic State positions around Ras al-Ain.",
    "Kurdish YPG fought the Islamic State around Ras al-Ain.",
]


def _inter(actor) -> int | None:
    text = (actor or "").lower()
    return next((code for prefix, code in INTER if text.startswith(prefix)), None)


def _place(gaz: Gazetteer, info: dict):
    """(lat, lon, English name, geonameid, precision) for one annotated place, or None."""
    accept = info.get("accept_geonameids") or []
    if accept:
        for query in (info["surface"], info.get("en", "")):
            for cand in gaz.lookup(query, governorate=info["admin1"][0], limit=50):
                if cand.geonameid in accept:
                    return cand.lat, cand.lon, cand.name, cand.geonameid, 1
        for r in gaz.index.places:  # a name the lookup does not reach: the record itself
            if r["gid"] in accept:
                return r["lat"], r["lon"], r["name"], r["gid"], 1
    if info.get("near"):  # a neighbourhood: its point, precision 2
        lat, lon = info["near"]
        return lat, lon, info["en"], None, 2
    return None


def build() -> gpd.GeoDataFrame:
    shared = settings.shared_dir()
    if shared is None:
        raise SystemExit("the shared data folder is needed to regenerate the default events")
    gold = json.loads((shared / GOLD).read_text(encoding="utf-8"))
    places = {p["surface"]: p for p in gold["places"]}
    gaz = Gazetteer.load()
    rows = []
    for n, event in enumerate(gold["events"]):
        event_type, sub_type = TYPES[event["type"]]
        located = [(s, _place(gaz, places[s])) for s in event["places"]]
        found = [loc for _, loc in located if loc]
        per_place = event["fatalities"] // len(located) if event["fatalities"] else None
        for surface, loc in located:
            info = places[surface]
            if loc is None and found:  # not in the gazetteer: near the other places of the same event
                lat = sum(f[0] for f in found) / len(found)
                lon = sum(f[1] for f in found) / len(found)
                loc = (lat, lon, info["en"], None, 2)
            elif loc is None:  # only the governorate is known
                gov = gaz.governorate(info["admin1"][0])
                loc = (gov.lat, gov.lon, info["en"], None, 3)
            lat, lon, name, gid, precision = loc
            admin = gaz.admin_for(lat, lon)
            date = event["date"][0]
            key = f"seed|{event_type}|{surface}|{date}"
            rows.append({
                "event_id": "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15],
                "event_date": date, "time_precision": 2, "event_type": event_type, "sub_event_type": sub_type,
                "actor1": event["actor1"], "actor2": event["actor2"],
                "inter1": _inter(event["actor1"]), "inter2": _inter(event["actor2"]),
                "civilian_targeting": "Civilian targeting" if event["actor2"] == "civilians" else None,
                "fatalities": per_place, "location": name, "location_ar": surface, "location_surface": surface,
                "geonameid": gid, "admin1": admin.admin1_name if admin else None,
                "admin1_pcode": admin.admin1_pcode if admin else info["admin1"][0],
                "admin2": admin.admin2_name if admin else None, "admin2_pcode": admin.admin2_pcode if admin else None,
                "admin3": admin.admin3_name if admin else None, "admin3_pcode": admin.admin3_pcode if admin else None,
                "geo_precision": precision, "source": OUTLET, "source_url": URL,
                "source_attribution": event["attribution"], "source_sentence": None, "language": "ar",
                "article_id": "seed-rt-2015-06-05", "notes": NOTES[n],
                "geometry": shapely.Point(round(lon, 5), round(lat, 5)),
            })
    return schema.conform(gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=schema.CRS))


def main() -> int:
    gdf = build()
    formats.export(gdf, "geojson", OUT)
    print(f"wrote {len(gdf)} events to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

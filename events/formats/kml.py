"""KML for Google Earth, written by GDAL's KML driver: placemarks named after the place,
the notes as description, every event column in ExtendedData. Export only."""
from __future__ import annotations

import pyogrio

from .. import schema
from .base import Format


def write(gdf, path) -> None:
    frame = schema.conform(gdf)
    # Name shown on the pin: English place name, Arabic after it when known.
    name = frame["location"].fillna("")
    with_ar = frame["location_ar"].notna()
    name = name.where(~with_ar, name + " " + frame["location_ar"].fillna("")).str.strip()
    frame.insert(0, "Name", name.astype("string"))
    frame.insert(1, "Description", frame["notes"])
    pyogrio.write_dataframe(frame, path, driver="KML", layer="events",
                            dataset_options={"NameField": "Name", "DescriptionField": "Description"}, use_arrow=True)


FORMAT = Format("kml", ".kml", "application/vnd.google-earth.kml+xml", write, None)

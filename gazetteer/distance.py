"""Geodesic distance on the WGS-84 ellipsoid, in km.

The same computation as geopy's ``geodesic(a, b).km`` (geographiclib's Inverse on an ellipsoid
given in km, so no unit conversion), without importing geopy: its package imports all of its
geocoders and requests, ~0.4 s the first time a distance is needed. geographiclib alone is light.
"""
from __future__ import annotations

from geographiclib.geodesic import Geodesic

_WGS84 = Geodesic(6378.137, 1 / 298.257223563)  # geopy's ELLIPSOIDS["WGS-84"] (km)


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return _WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]

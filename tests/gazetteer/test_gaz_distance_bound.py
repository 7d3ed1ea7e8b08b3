"""The 'within 12 km of a governorate' shortcut answers as the geodesic distance does."""
from __future__ import annotations

import random

from gazetteer.distance import geodesic_km
from gazetteer.geoparse import _gov_distance_km, _gov_within_km


def test_within_km_agrees_with_the_distance(gaz):
    rng = random.Random(11)
    codes = gaz.index.admin.layers[1]["codes"]
    near = far = 0
    for _ in range(300):
        lat, lon, pcode = rng.uniform(31.5, 38.5), rng.uniform(34.8, 43.0), rng.choice(codes)
        expected = _gov_distance_km(gaz, lat, lon, pcode) <= 12
        gaz.index.__dict__.pop("_gov_dist", None)   # answer afresh, not from the distance just cached
        gaz.index.__dict__.pop("_gov_far", None)
        assert _gov_within_km(gaz, lat, lon, pcode, 12) == expected
        near += expected
        far += not expected
    assert near and far


def test_geodesic_km_known_distance():
    # Damascus - Aleppo, ~ 310 km (WGS-84 geodesic)
    assert 300 < geodesic_km(33.5138, 36.2765, 36.2021, 37.1343) < 320

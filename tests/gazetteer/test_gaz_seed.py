"""The seed article, driven by its gold file: every Syrian place found in an accepted governorate,
accepted gazetteer ids used, rejected ids never returned, absent places placed in the named area,
Istanbul never in Syria."""
from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic

import settings
from gazetteer.scoring import occurrences


def _gold_places() -> list[dict]:
    """The gold file's Syrian places (read at collection time so each is its own test)."""
    shared = settings.shared_dir()
    if shared is None:
        return []
    gold = json.loads((shared / "seed" / "rt_2015-06-05_syria.gold.json").read_text(encoding="utf-8"))
    return [p for p in gold["places"] if p.get("admin1")]


@pytest.fixture(scope="module")
def mentions(gaz, seed_text):
    return gaz.geoparse(seed_text)


def _overlapping(mentions, spans):
    return [m for m in mentions if any(m.start < e and s < m.end for s, e in spans)]


def test_offsets_are_exact_and_in_order(mentions, seed_text):
    assert mentions
    for m in mentions:
        assert seed_text[m.start:m.end] == m.surface
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:])), "mentions overlap"


@pytest.mark.parametrize("place", _gold_places(), ids=lambda p: p["en"])
def test_every_syrian_gold_place_found_in_accepted_governorate(mentions, seed_text, place):
    spans = occurrences(seed_text, place["surface"])
    assert spans, f"gold surface {place['surface']} not in the article"
    found = [m for m in _overlapping(mentions, spans) if m.admin1_pcode in place["admin1"]]
    assert found, f"{place['surface']} ({place['en']}) not found with governorate {place['admin1']}: " \
                  f"{[(m.surface, m.admin1_pcode, m.reason) for m in _overlapping(mentions, spans)]}"
    if place.get("accept_geonameids"):
        assert any(m.geonameid in place["accept_geonameids"] for m in found), \
            f"{place['surface']}: got {[(m.surface, m.geonameid) for m in found]}, accepted {place['accept_geonameids']}"
    if place.get("in_gazetteer") is False:
        assert all(m.geonameid is None for m in found)
        assert any(m.precision in (2, 3) and m.lat is not None for m in found)
    if place.get("near"):
        assert any(m.lat is not None and geodesic(place["near"], (m.lat, m.lon)).km <= place["within_km"] for m in found)


def test_rejected_ids_never_returned(mentions, seed_gold):
    rejected = {g for p in seed_gold["places"] for g in p.get("reject_geonameids", [])}
    returned = {m.geonameid for m in mentions}
    assert not rejected & returned


def test_istanbul_is_never_placed_in_syria(mentions, seed_text, gaz):
    spans = occurrences(seed_text, "اسطنبول")
    found = _overlapping(mentions, spans)
    assert found and all(m.kind == "outside" for m in found)
    for m in found:
        assert m.admin1_pcode is None and m.admin2_pcode is None
        assert gaz.admin_for(m.lat, m.lon) is None      # its point is far outside every Syrian polygon


def test_absent_places_fall_back_to_the_named_area(mentions, seed_text):
    """Tal Ghazal exists only in Aleppo and Hasakah; the article's is in the Hama countryside."""
    m = next(m for m in mentions if m.surface == "تل غزال")
    assert m.geonameid is None and m.admin1_pcode in ("SY05", "SY07") and m.precision in (2, 3)
    assert "outside the governorate" in m.reason
    mud = next(m for m in mentions if m.surface == "المدورة")
    assert mud.admin1_pcode == "SY13" and mud.geonameid is None


def test_ras_al_ain_border_point_gets_hasakah(gaz):
    a = gaz.admin_for(36.85034, 40.07055)      # GeoNames point of Ras al-Ain, just outside the polygon
    assert a.admin1_pcode == "SY08" and a.admin1_name == "Al-Hasakeh" and 0 < a.distance_km < 5


def test_feature_type_follows_the_cue_word(mentions):
    got = {m.surface: m for m in mentions}
    assert got["تل أعور"].feature_code == "HLL"           # تل -> hill
    assert got["جبل النوبة"].feature_code == "MT"         # جبل -> mountain
    assert got["جبل دورين"].feature_code == "MT" and got["جبل دورين"].precision == 2
    assert got["سد برادون"].feature_code == "DAM"         # سد -> dam
    assert got["درعا البلد"].feature_code == "PPLX"       # حي -> neighbourhood
    assert got["كنسبا"].feature_code.startswith("PPL")


def test_every_answer_has_admin_fields_and_a_reason(mentions, gaz):
    for m in mentions:
        assert m.reason and 0 < m.confidence <= 1 and m.precision in (1, 2, 3)
        if m.kind == "outside":
            continue
        assert m.admin1_pcode and m.admin1_name and m.lat is not None
        if m.precision < 3:
            a = gaz.admin_for(m.lat, m.lon)
            assert a.admin1_pcode == m.admin1_pcode and a.admin3_pcode == m.admin3_pcode

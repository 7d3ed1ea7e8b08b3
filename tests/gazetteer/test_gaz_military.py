"""Military sites from the team's list (gazetteer/data/military.yaml). Sentences written by the team."""
from __future__ import annotations

import pytest
from geopy.distance import geodesic

from gazetteer.tables import military_sites


def test_every_site_point_lies_in_its_stated_governorate_and_names_its_source(gaz):
    for site in military_sites():
        assert "GeoNames" in site["source"] or "OCHA" in site["source"], site["names"][0]
        assert site.get("admin1"), site["names"][0]        # the file's header: each site states one
        a = gaz.admin_for(site["lat"], site["lon"])
        assert a is not None and a.admin1_pcode == site["admin1"], (site["names"][0], a)


def test_air_base_names_are_built_in_both_languages():
    tabqa = next(s for s in military_sites() if "Tabqa" in (s.get("base") or []))
    for name in ("Tabqa airbase", "Tabqa air base", "Tabqa military airport", "مطار الطبقة", "مطار الطبقة العسكري"):
        assert name in tabqa["names"]


@pytest.mark.parametrize("text, surface, pcode, near_km", [
    ("Jihadists seized Tabqa military airport after a long siege.", "Tabqa military airport", "SY11", (35.754, 38.567)),
    ("سيطرت الفصائل على مطار تفتناز العسكري في ريف إدلب.", "مطار تفتناز العسكري", "SY07", (35.972, 36.782)),
    ("Rebels attacked Kuweires airbase east of Aleppo.", "Kuweires airbase", "SY02", (36.187, 37.583)),
    ("استهدفت غارات مطار الشعيرات ومطار التيفور.", "مطار التيفور", "SY04", (34.522, 37.630)),
    ("IS fighters overran Brigade 93 near Ain Issa.", "Brigade 93", "SY11", (36.370, 38.890)),
    ("قصفت الطائرات مطار حماة العسكري.", "مطار حماة العسكري", "SY05", (35.118, 36.711)),
])
def test_site_named_in_news_is_the_site_not_the_town(gaz, text, surface, pcode, near_km):
    m = next(m for m in gaz.geoparse(text) if text[m.start:m.end] == surface)
    assert m.admin1_pcode == pcode and m.source == "military"
    assert geodesic((m.lat, m.lon), near_km).km < 5


def test_the_town_alone_stays_the_town(gaz):
    m = gaz.geoparse("Islamic State fighters attacked the town of Tabqa.")[0]
    assert m.geonameid == 172374


def test_generic_site_name_falls_back_when_the_text_names_another_governorate(gaz):
    # "معمل السكر" (a sugar factory) exists in several towns: in a Deir ez-Zor report it is not Jisr al-Shughur's
    m = next(m for m in gaz.geoparse("اشتباكات عند حاجز معمل السكر في ريف دير الزور.") if "السكر" in m.surface)
    assert m.admin1_pcode == "SY09" and m.source != "military"


def test_camp_cue_and_a_listed_camp(gaz):
    text = "حاصرت الفصائل قوات النظام في معسكرات القرميد، والمسطومة جنوب إدلب."
    ms = {text[m.start:m.end]: m for m in gaz.geoparse(text)}
    assert ms["القرميد"].source == "military" and ms["القرميد"].admin1_pcode == "SY07"
    assert ms["المسطومة"].geonameid == 173487

"""One filter implementation: what the CLI export and the dashboard show."""
from __future__ import annotations

import pytest

from events.filters import Filters, apply_filters


@pytest.mark.parametrize("name", ["SY05", "sy05", "Hama", "hamah", "حماة", "حماه", "Hama Governorate"])
def test_governorate_by_pcode_english_or_arabic_name(sample, name):
    got = apply_filters(sample, Filters(governorates=(name,)))
    assert len(got) == 10 and set(got["location"]) == {"Hama"}


def test_governorate_name_without_pcode_still_matches(sample):
    frame = sample.copy()
    frame["admin1_pcode"] = None  # e.g. an imported row whose governorate was not coded
    assert set(apply_filters(frame, Filters(governorates=("إدلب",)))["location"]) == {"Jisr al-Shughur"}
    assert set(apply_filters(frame, Filters(governorates=("Idlib",)))["location"]) == {"Jisr al-Shughur"}


def test_dates_are_inclusive_and_combine_with_other_filters(sample):
    got = apply_filters(sample, Filters(date_from="2015-06-08", date_to="2015-06-15"))
    inside = sample["event_date"].between("2015-06-08", "2015-06-15")
    assert "2015-06-08" in set(got["event_date"]) and "2015-06-15" in set(got["event_date"])  # both ends kept
    assert got["event_id"].tolist() == sample.loc[inside, "event_id"].tolist()
    narrower = apply_filters(sample, Filters(date_from="2015-06-08", date_to="2015-06-15", governorates=("Aleppo",),
                                             event_types=("Battles",)))
    assert len(narrower) < len(got)
    assert set(narrower["admin1_pcode"]) <= {"SY02"} and set(narrower["event_type"]) <= {"Battles"}


def test_actor_attribution_fatalities_text_and_area(sample):
    assert set(apply_filters(sample, Filters(actors=("jaish",)))["actor1"]) == {"Jaish al-Fatah"}
    assert len(apply_filters(sample, Filters(actors=("civilians",)))) == 12  # actor2 of attacks on civilians
    observatory = apply_filters(sample, Filters(attributions=("المرصد",)))
    assert len(observatory) == 20
    heavy = apply_filters(sample, Filters(min_fatalities=20))
    assert (heavy["fatalities"] >= 20).all() and heavy["fatalities"].notna().all() and len(heavy) > 0
    assert set(apply_filters(sample, Filters(text="تدمر"))["location"]) == {"Palmyra"}
    area = sample.copy()
    area.loc[:4, "geo_precision"] = 3
    assert len(apply_filters(area, Filters(include_area=False))) == 55
    assert len(apply_filters(area, Filters())) == 60


def test_filters_are_frozen_and_take_lists(sample):
    f = Filters(governorates=["Hama", "Homs"], event_types="Battles")
    assert f.governorates == ("Hama", "Homs") and f.event_types == ("Battles",)
    with pytest.raises(AttributeError):
        f.date_from = "2015-01-01"
    with pytest.raises(ValueError, match="date from 'June' is not a date"):
        Filters(date_from="June")


def test_slug_names_the_selection():
    assert Filters(date_from="2015-06-01", date_to="2015-06-30", governorates=("SY05",)).slug() == \
        "2015-06-01_2015-06-30_Hama"
    assert Filters(governorates=("حلب",), event_types=("Explosions/Remote violence",)).slug() == \
        "Aleppo_Explosions-Remote-violence"
    assert Filters().slug() == "all"


def test_governorate_matches_coded_and_uncoded_rows_together(sample):
    frame = sample.copy()
    hama = frame.index[frame["admin1_pcode"] == "SY05"]
    frame.loc[hama[:4], "admin1_pcode"] = None  # part of the rows came without a P-code
    frame.loc[hama[:4], "admin1"] = "Hamah"  # and with another spelling
    got = apply_filters(frame, Filters(governorates=("حماة",)))
    assert sorted(got.index) == sorted(hama)
    assert len(apply_filters(frame, Filters(governorates=("Hama", "Atlantis")))) == len(hama)

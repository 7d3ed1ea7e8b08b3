"""Determinism, Arabic vs English, HTML input, errors and merging through the public interface."""
from __future__ import annotations

from pathlib import Path

import pytest

import events

FIX = Path(__file__).parent / "fixtures"


def test_same_article_twice_gives_the_same_event_ids(seed_text, seed_events):
    again = events.extract(seed_text, published="2015-06-05", source="RT Arabic")
    assert list(again["event_id"]) == list(seed_events["event_id"])
    assert seed_events["event_id"].is_unique
    assert seed_events["event_id"].str.fullmatch(r"[0-9a-f]{16}").all()


def _governorate_places(gdf):
    return {(r["admin1_pcode"], r["geonameid"]) for r in gdf.to_dict("records") if r["geonameid"] is not None}


def test_english_and_arabic_versions_give_events_in_the_same_places():
    en = events.extract((FIX / "seed_paraphrase.en.txt").read_text(encoding="utf-8"), published="2015-06-05")
    ar = events.extract((FIX / "seed_paraphrase.ar.txt").read_text(encoding="utf-8"), published="2015-06-05")
    assert en["language"].eq("en").all() and ar["language"].eq("ar").all()
    print("\nen:", sorted(zip(en.location, en.event_type)), "\nar:", sorted(zip(ar.location, ar.event_type)))
    assert _governorate_places(en) == _governorate_places(ar)
    assert set(en["admin1_pcode"]) == set(ar["admin1_pcode"]) >= {"SY12", "SY13"}
    for frame in (en, ar):  # the same kinds of events at the same places
        barrel = frame[frame["weapon"] == "barrel bomb"]
        assert len(barrel) == 3 and set(barrel["admin1_pcode"]) == {"SY12"}


def test_html_page_is_stripped_and_no_markup_reaches_the_table():
    gdf = events.extract((FIX / "page.html").read_text(encoding="utf-8"), published="2015-06-05")
    assert len(gdf) >= 2
    text_cols = gdf.drop(columns="geometry").astype("string")
    assert not text_cols.apply(lambda col: col.str.contains("<|&amp;|not text", regex=True).fillna(False)).any().any()
    assert set(gdf["admin1_pcode"]) == {"SY12"}


def test_article_without_events_gives_an_empty_table():
    gdf = events.extract((FIX / "no_events.en.txt").read_text(encoding="utf-8"))
    assert gdf.empty and list(gdf.columns[:-1]) == list(events.schema.COLUMNS)


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), ("abc\x00def", "binary"),
])
def test_bad_text_raises_a_clear_error(bad, message):
    with pytest.raises(events.ExtractionError, match=message):
        events.extract(bad)


@pytest.mark.parametrize("published", ["05/06/2015", "yesterday", "2015-13-01", 20150605])
def test_unknown_published_format_names_the_expected_one(published):
    with pytest.raises(events.ExtractionError, match="YYYY-MM-DD"):
        events.extract("Shelling hit Daraa.", published=published)


def test_without_published_or_text_date_the_event_date_is_empty():
    gdf = events.extract("Activists said government forces shelled al-Hirak in the Daraa countryside.")
    assert len(gdf) == 1 and gdf["event_date"].isna().all()


def test_merge_keeps_every_source_of_the_same_event(seed_text):
    a = events.extract(seed_text, published="2015-06-05", source="RT Arabic", url="https://ar.rt.com/gtpx")
    b = events.extract(seed_text + "\n", published="2015-06-05", source="Other outlet")
    merged = events.merge([a, b])
    assert len(merged) == len(a)
    assert merged["source"].eq("RT Arabic; Other outlet").all()

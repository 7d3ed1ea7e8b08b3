"""Determinism, Arabic vs English, HTML input, errors and merging through the public interface."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def test_extract_many_gives_the_rows_of_each_article_in_one_table(seed_text, seed_events):
    en_text = (FIX / "seed_paraphrase.en.txt").read_text(encoding="utf-8")
    en = events.extract(en_text, published="2015-06-05")
    both = events.extract_many([{"text": seed_text, "published": "2015-06-05", "source": "RT Arabic"},
                                {"text": en_text, "published": "2015-06-05"}])
    assert list(both["event_id"]) == list(seed_events["event_id"]) + list(en["event_id"])
    assert list(both.dtypes) == list(seed_events.dtypes) and both.crs == seed_events.crs
    assert both.geometry.geom_equals(pd.concat([seed_events.geometry, en.geometry], ignore_index=True)).all()
    assert both["source"].iloc[:len(seed_events)].eq("RT Arabic").all() and both["source"].iloc[len(seed_events):].isna().all()


def test_extract_many_names_the_article_it_cannot_read():
    with pytest.raises(events.ExtractionError, match=r"article 1: empty"):
        events.extract_many(["Shelling hit Daraa.", {"text": "  "}])


def test_conform_keeps_an_extracted_table_and_copies_it(seed_events):
    same = events.schema.conform(seed_events)
    assert same is not seed_events and same.equals(seed_events)
    same.loc[0, "event_id"] = "changed"
    assert seed_events.loc[0, "event_id"] != "changed"

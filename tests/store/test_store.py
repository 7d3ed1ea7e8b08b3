"""The store keeps events, articles and sources; edits and deletions survive re-ingestion."""
from __future__ import annotations

import subprocess

import geopandas as gpd
import pytest
from fixtures import events

from events import schema
from events.store import AddResult, StoreError, open_store, text_hash


def article(name: str, outlet: str = "Test Wire") -> dict:
    return {"id": name, "text_hash": text_hash(f"text of {name}"), "outlet": outlet, "url": f"http://example.invalid/{name}",
            "published": "2015-06-05", "language": "ar"}


def report(event_id: str, article_id: str, **changes) -> gpd.GeoDataFrame:
    """One event at Jisr al-Shughur as one article reports it."""
    gdf = events(1, prefix="x", article_id=article_id)
    gdf.loc[0, "event_id"] = event_id
    gdf.loc[0, "geonameid"] = 169304
    gdf.loc[0, "event_date"] = "2015-06-04"
    for field, value in changes.items():
        gdf.loc[0, field] = value
    return gdf


def test_new_store_is_a_geopackage_that_gdal_reads(tmp_path, ogrinfo):
    path = tmp_path / "new" / "events.gpkg"
    store = open_store(path)
    store.add_events(events(3))
    store.delete(store.events()["event_id"].iloc[0])
    out = subprocess.run([ogrinfo, "-ro", "-q", str(path)], capture_output=True, text=True, check=True).stdout
    for layer in ("events (Point)", "current_events (Point)", "articles", "event_sources", "edits"):
        assert layer in out
    summary = subprocess.run([ogrinfo, "-ro", "-so", str(path), "events"], capture_output=True, text=True,
                             check=True).stdout
    assert "Feature Count: 3" in summary and "WGS 84" in summary  # the tombstone is still a row
    current = subprocess.run([ogrinfo, "-ro", "-al", str(path), "current_events"], capture_output=True, text=True,
                             check=True).stdout
    assert current.count("OGRFeature(") == 2 and "حلب" not in current and "جسر الشغور" in current


def test_events_come_back_with_schema_columns_and_same_values(store, sample):
    assert store.add_events(sample) == AddResult(added=60)
    got = store.events()
    assert list(got.columns) == list(schema.COLUMNS) + ["geometry"]
    assert got.crs == schema.CRS
    assert got["event_id"].tolist() == sample["event_id"].tolist()
    assert got["location_ar"].tolist() == sample["location_ar"].tolist()
    assert got["notes"].tolist() == sample["notes"].tolist()
    assert got["fatalities"].isna().tolist() == sample["fatalities"].isna().tolist()
    assert got.geometry.geom_equals_exact(sample.geometry, tolerance=1e-12).all()
    assert store.count() == 60


def test_same_article_twice_changes_nothing(store):
    first = store.add_events(report("e1", "art-1"), article=article("art-1"))
    again = store.add_events(report("e1", "art-1"), article=article("art-1"))
    assert first.added == 1 and again.added == 0 and again.merged == 0
    assert store.count() == 1 and len(store.articles()) == 1


def test_second_report_of_a_known_event_adds_a_source_not_a_row(store):
    store.add_events(report("e1", "art-1"), article=article("art-1", "SANA"))
    result = store.add_events(report("e2-other-id", "art-2", source="Enab Baladi",
                                     source_attribution="ناشطون"), article=article("art-2", "Enab Baladi"))
    assert result == AddResult(merged=1)
    assert store.count() == 1
    sources = store.sources("e1")
    assert sources["article_id"].tolist() == ["art-1", "art-2"]
    assert sources["outlet"].tolist() == ["SANA", "Enab Baladi"]
    assert sources["attribution"].tolist()[1] == "ناشطون"
    row = store.events().iloc[0]
    assert row["source"] == "Test Wire; Enab Baladi"
    assert row["article_id"] == "art-1; art-2"
    assert row["source_attribution"].endswith("; ناشطون")


def test_a_report_with_other_figures_keeps_the_most_conservative(store):
    store.add_events(report("e1", "art-1", fatalities=9), article=article("art-1"))
    store.add_events(report("e2", "art-2", fatalities=4), article=article("art-2"))
    store.add_events(report("e3", "art-3", fatalities=30), article=article("art-3"))
    assert store.events()["fatalities"].tolist() == [4]
    assert len(store.sources("e1")) == 3


def test_an_analysts_correction_survives_reingestion(store):
    store.add_events(report("e1", "art-1", fatalities=3), article=article("art-1"))
    store.edit("e1", location="Jisr al-Shughur city", fatalities="7", source="checked by analyst",
               longitude="36.3181", latitude="35.8127")
    # the same article again, and a new report of the same event with other figures
    store.add_events(report("e1", "art-1", fatalities=3), article=article("art-1"))
    store.add_events(report("e9", "art-2", fatalities=1, source="Other Wire"), article=article("art-2"))
    row = store.events().iloc[0]
    assert store.count() == 1
    assert row["location"] == "Jisr al-Shughur city"
    assert row["fatalities"] == 7
    assert row["source"] == "checked by analyst"
    assert (row.geometry.x, row.geometry.y) == (36.3181, 35.8127)
    assert len(store.sources("e1")) == 2  # the new report is still recorded
    history = store.edits("e1")
    assert set(history["field"]) == {"location", "fatalities", "source", "longitude", "latitude"}
    assert history.set_index("field").loc["fatalities", "old_value"] == "3"


def test_deletion_is_a_tombstone_that_survives_reingestion(store):
    store.add_events(report("e1", "art-1"), article=article("art-1"))
    store.add_events(events(2, prefix="keep"))
    store.delete("e1")
    assert store.count() == 2 and "e1" not in store.events()["event_id"].tolist()
    store.add_events(report("e5", "art-2"), article=article("art-2"))  # the deleted event reported again
    assert store.count() == 2
    everything = store.events(include_deleted=True)
    assert "e1" in everything["event_id"].tolist() and len(everything) == 3
    store.restore("e1")
    assert store.count() == 3


def test_imports_are_deduplicated_by_id_only(store):
    twin = report("acled-1", None)
    other = report("acled-2", None)  # same day, type and place: a distinct event in a dataset
    assert store.add_events(twin).added == 1
    assert store.add_events(other).added == 1
    assert store.add_events(twin) == AddResult(skipped=1)
    assert store.count() == 2


def test_edit_and_delete_explain_what_is_wrong(store):
    store.add_events(report("e1", None))
    with pytest.raises(StoreError, match="no event with id 'nope'"):
        store.edit("nope", location="x")
    with pytest.raises(StoreError, match="cannot edit colour"):
        store.edit("e1", colour="red")
    with pytest.raises(StoreError, match="latitude 95.0 is outside"):
        store.edit("e1", latitude="95")
    with pytest.raises(StoreError, match="fatalities must be a whole number"):
        store.edit("e1", fatalities="many")
    with pytest.raises(StoreError, match="no event with id"):
        store.delete("nope")
    assert store.edits().empty


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_text("shopping list\n")
    with pytest.raises(StoreError, match="not a readable GeoPackage"):
        open_store(path)
    assert path.read_text() == "shopping list\n"


def test_a_large_import_keeps_the_feature_count_gis_tools_show(store, ogrinfo):
    assert store.add_events(events(1500, seed=3)).added == 1500  # the bulk path
    store.add_events(events(2, seed=4))  # and a small write after it
    summary = subprocess.run([ogrinfo, "-ro", "-so", str(store.path), "events"], capture_output=True, text=True,
                             check=True).stdout
    assert "Feature Count: 1502" in summary
    assert store.count() == 1502

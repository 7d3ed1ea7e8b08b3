"""Bad import files: one clear message naming the problem and the line; the store unchanged."""
from __future__ import annotations

import hashlib
import json
import re
import time

import pytest

from events import cli_store, formats
from events.store import open_store


@pytest.fixture
def filled(tmp_path, sample):
    path = tmp_path / "events.gpkg"
    open_store(path).add_events(sample)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_import(store_path, file, capsys, *extra):
    before = digest(store_path)
    code = cli_store.main(["import", str(file), "--store", str(store_path), *extra])
    out, err = capsys.readouterr()
    return code, out, err, digest(store_path) == before


def good_csv(sample, tmp_path) -> str:
    return formats.to_bytes(sample.head(5), "csv").decode("utf-8")


def test_truncated_csv(filled, sample, tmp_path, capsys):
    text = good_csv(sample, tmp_path)
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.index("Event 1:") + 5], encoding="utf-8")  # stops inside a quoted cell
    code, _, err, unchanged = run_import(filled, cut, capsys)
    assert code == 1 and unchanged
    assert "line 3: broken CSV row" in err and "truncated" in err and "nothing imported" in err

    cut.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 40], encoding="utf-8")  # stops mid-row
    code, _, err, unchanged = run_import(filled, cut, capsys)
    assert code == 1 and unchanged
    assert re.search(r"line 6: \d+ fields where the header has 34 \(the file ends in the middle of this row: "
                     r"truncated\?\)", err)


def test_csv_with_the_wrong_columns(filled, tmp_path, capsys):
    bad = tmp_path / "people.csv"
    bad.write_text("name,town,lat,lon\nAhmad,Hama,35.13,36.75\n", encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged
    assert "line 1: the header matches none of ACLED CSV" in err
    code, _, err, unchanged = run_import(filled, bad, capsys, "--format", "csv")
    assert code == 1 and unchanged
    assert "line 1: not a events CSV (this tool's format) file: the header lacks event_id, event_date, " \
           "event_type, latitude, longitude" in err


def geojson_lines(features) -> str:
    """A FeatureCollection with one feature per line, as GDAL writes it."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection",\n"features": [\n' + body + "\n]}\n"


def feature(geometry, event_id="g1"):
    return {"type": "Feature", "geometry": geometry,
            "properties": {"event_id": event_id, "event_date": "2015-06-04", "event_type": "Battles",
                           "location": "Jisr al-Shughur", "location_ar": "جسر الشغور"}}


def test_geojson_with_a_polygon(filled, tmp_path, capsys):
    square = {"type": "Polygon", "coordinates": [[[36.3, 35.8], [36.4, 35.8], [36.4, 35.9], [36.3, 35.8]]]}
    bad = tmp_path / "area.geojson"
    bad.write_text(geojson_lines([feature({"type": "Point", "coordinates": [36.3167, 35.8122]}), feature(square, "g2")]),
                   encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged
    assert "line 4: feature 2 has a Polygon geometry; events must be Points" in err
    assert "1 row(s)" in err and "nothing imported" in err
    # asked to, the good feature goes in and the bad one is still reported
    code, out, err, unchanged = run_import(filled, bad, capsys, "--skip-bad")
    assert code == 0 and not unchanged
    assert "line 4: feature 2 has a Polygon geometry" in err and "imported 1 new event(s)" in out


@pytest.mark.parametrize("coordinates, message", [
    ([200.0, 35.8], "coordinates out of range: longitude 200.0, latitude 35.8"),
    ([0, 0], "coordinates are 0,0"),
    (["36.3", 35.8], "coordinates that are not JSON numbers"),
    ([36.3], "bad Point coordinates"),
])
def test_geojson_with_a_bad_coordinate(filled, tmp_path, capsys, coordinates, message):
    bad = tmp_path / "bad.geojson"
    good = feature({"type": "Point", "coordinates": [36.3167, 35.8122]})
    bad.write_text(geojson_lines([good, feature({"type": "Point", "coordinates": coordinates}, "g2")]), encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged
    assert f"line 4: feature 2 has {message}" in err or f"line 4: feature 2: {message}" in err


def test_geojson_with_nan_and_broken_json(filled, tmp_path, capsys):
    bad = tmp_path / "nan.geojson"
    bad.write_text(geojson_lines([feature({"type": "Point", "coordinates": [36.3, 35.8]})]).replace("36.3", "NaN"),
                   encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged and "line 3: feature 1 has coordinates that are not JSON numbers" in err
    bad.write_text(geojson_lines([feature({"type": "Point", "coordinates": [36.3, 35.8]})])[:-8], encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged and "line 3: not valid JSON" in err


def test_a_200_mb_file_is_refused_without_reading_it(filled, tmp_path, capsys):
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.write(b"event_id,event_date,event_type,latitude,longitude\n")
        fh.truncate(200 * 1024 * 1024)
    started = time.monotonic()
    code, _, err, unchanged = run_import(filled, huge, capsys)
    assert code == 1 and unchanged
    assert "the file is 200 MB, above the import limit of 150 MB" in err
    assert time.monotonic() - started < 5  # refused up front, not after reading 200 MB


@pytest.mark.parametrize("name", ["empty.csv", "empty.geojson", "blank.csv"])
def test_an_empty_file(filled, tmp_path, capsys, name):
    empty = tmp_path / name
    empty.write_text("" if name.startswith("empty") else "\n  \n", encoding="utf-8")
    code, _, err, unchanged = run_import(filled, empty, capsys)
    assert code == 1 and unchanged
    assert "line 1: the file is empty" in err


def test_rows_with_bad_coordinates_are_listed_not_dropped(filled, sample, tmp_path, capsys):
    text = good_csv(sample, tmp_path).splitlines()
    header = text[0].split(",")
    lat, lon = header.index("latitude"), header.index("longitude")

    def with_coords(line, la, lo):
        cells = line.rsplit(",", 2)  # latitude, longitude are the last two columns
        assert (lat, lon) == (len(header) - 2, len(header) - 1)
        return f"{cells[0]},{la},{lo}"

    rows = [text[0], text[1].replace("ev-0-000000", "new-1"), with_coords(text[2].replace("ev-0-000001", "new-2"), "", ""),
            with_coords(text[3].replace("ev-0-000002", "new-3"), "0", "0"),
            with_coords(text[4].replace("ev-0-000003", "new-4"), "-91", "36")]
    bad = tmp_path / "mixed.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err, unchanged = run_import(filled, bad, capsys)
    assert code == 1 and unchanged
    assert "line 3: missing coordinates" in err
    assert "line 4: coordinates are 0,0" in err
    assert "line 5: coordinates out of range: longitude 36.0, latitude -91.0" in err

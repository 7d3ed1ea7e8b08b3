"""Each export read back by independent readers (pyogrio/GDAL and ogrinfo); round trips;
RFC 7946 rules; CSV safety; ACLED and UCDP imports."""
from __future__ import annotations

import csv
import json
import math
import re
import subprocess

import pyogrio
import pytest

from events import formats, schema

CSV_OPEN = {"X_POSSIBLE_NAMES": "longitude", "Y_POSSIBLE_NAMES": "latitude"}
EXPECTED_FIELDS = {
    "geojson": list(schema.COLUMNS),
    "csv": list(schema.COLUMNS) + ["latitude", "longitude"],
    "acled-csv": ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                  "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                  "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                  "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                  "fatalities", "tags", "timestamp"],
    "gpkg": list(schema.COLUMNS),
    "kml": list(schema.COLUMNS),
}
ID_FIELD = {"acled-csv": "event_id_cnty"}


@pytest.fixture(scope="session")
def exported(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for name, fmt in formats.FORMATS.items():
        paths[name] = formats.export(sample, name, folder / f"events-{name}{fmt.extension}")
    return paths


def gdal_open_options(name):
    return CSV_OPEN if name in ("csv", "acled-csv") else {}


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_export_reads_back_in_gdal_with_points_columns_and_arabic(name, exported, sample):
    got = pyogrio.read_dataframe(exported[name], **gdal_open_options(name))
    assert len(got) == len(sample)
    for field in EXPECTED_FIELDS[name]:
        assert field in got.columns, f"{name} lacks {field}"
    if name in ("csv", "acled-csv"):  # column order is part of these formats
        assert [c for c in got.columns if c != "geometry"] == EXPECTED_FIELDS[name]
    got = got.set_index(got[ID_FIELD.get(name, "event_id")]).loc[sample["event_id"]]
    assert (got.geometry.geom_type == "Point").all()
    assert max(abs(got.geometry.x.to_numpy() - sample.geometry.x.to_numpy())) < 1e-6
    assert max(abs(got.geometry.y.to_numpy() - sample.geometry.y.to_numpy())) < 1e-6
    expected = sample["notes"].tolist()
    if name in ("csv", "acled-csv"):  # a spreadsheet sees formula-like cells behind a quote
        expected = ["'" + n if re.match(r"'*[=+\-@]", n) else n for n in expected]
    assert got["notes"].tolist() == expected  # the Arabic, and formula-like text, intact
    if name != "acled-csv":  # ACLED has no column for Arabic names
        assert got["location_ar"].tolist() == sample["location_ar"].tolist()
        assert "جسر الشغور" in got["location_ar"].tolist()
    if name == "kml":
        assert got["Name"].iloc[1] == "Jisr al-Shughur جسر الشغور"


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_export_reads_back_in_ogrinfo(name, exported, sample, ogrinfo):
    opts = [a for k, v in gdal_open_options(name).items() for a in ("-oo", f"{k}={v}")]
    out = subprocess.run([ogrinfo, "-ro", "-al", *opts, str(exported[name])], capture_output=True, text=True,
                         check=True).stdout
    assert f"Feature Count: {len(sample)}" in out
    points = [(float(x), float(y)) for x, y in re.findall(r"POINT \((\S+) (\S+)\)", out)]
    assert len(points) == len(sample)
    for (x, y), geom in zip(sorted(points), sorted(zip(sample.geometry.x, sample.geometry.y))):
        assert abs(x - geom[0]) < 1e-6 and abs(y - geom[1]) < 1e-6  # lon first, lat second
    assert "جسر الشغور" in out or name == "acled-csv"
    assert "رواية عن جسر الشغور" in out  # Arabic inside a longer text field
    assert out.count("OGRFeature(") == len(sample)


def _reject_constant(token):
    raise AssertionError(f"{token} is not a valid JSON number")


def test_geojson_follows_rfc7946(exported, sample):
    raw = exported["geojson"].read_text(encoding="utf-8")
    doc = json.loads(raw, parse_constant=_reject_constant)  # NaN/Infinity are not JSON
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc and not any("crs" in f for f in doc["features"])
    if "bbox" in doc:
        assert len(doc["bbox"]) == 4
    by_id = {f["properties"]["event_id"]: f for f in doc["features"]}
    assert len(by_id) == len(sample)
    for _, event in sample.iterrows():
        feature = by_id[event["event_id"]]
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
        assert abs(lon - event.geometry.x) < 1e-6 and abs(lat - event.geometry.y) < 1e-6  # lon first
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", feature["properties"]["event_date"])
        assert set(feature["properties"]) == set(schema.COLUMNS)
    # no coordinate written with more than 6 decimals
    decimals = re.findall(r'"coordinates":\s*\[\s*-?\d+\.(\d+),\s*-?\d+\.(\d+)', raw)
    assert decimals and all(len(a) <= 6 and len(b) <= 6 for a, b in decimals)


@pytest.mark.parametrize("name", ["csv", "acled-csv"])
def test_csv_is_utf8_without_bom_and_formula_safe(name, exported):
    data = exported[name].read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    numeric = {"latitude", "longitude", "fatalities", "time_precision", "inter1", "inter2", "interaction",
               "geonameid", "geo_precision", "iso", "year", "timestamp"}
    dangerous = [(c, v) for row in rows for c, v in row.items() if c not in numeric and re.match(r"[=+\-@\t\r]", v)]
    assert dangerous == []
    notes = [row["notes"] for row in rows]
    assert "'=HYPERLINK(\"http://example.invalid\") event 0 at Aleppo" in notes
    assert "'-3 dead in Damascus (event 3)" not in notes  # sanity: fixture places are Syrian
    assert any(n.startswith("''=already quoted") for n in notes)


@pytest.mark.parametrize("name", ["geojson", "csv", "acled-csv", "gpkg"])
def test_round_trip_keeps_ids_dates_places_and_text(name, exported, sample, tmp_path):
    result = formats.read(exported[name])  # format guessed from name and header
    assert result.problems == []
    got = result.events
    for field in ("event_id", "event_date", "event_type", "sub_event_type", "location", "admin1", "notes",
                  "actor1", "actor2", "source", "fatalities", "inter1", "inter2", "time_precision", "geo_precision"):
        assert got[field].astype(object).fillna("∅").tolist() == sample[field].astype(object).fillna("∅").tolist(), field
    if name != "acled-csv":
        for field in schema.COLUMNS:
            assert got[field].astype(object).fillna("∅").tolist() == sample[field].astype(object).fillna("∅").tolist(), field
    else:
        assert got["admin1_pcode"].tolist() == sample["admin1_pcode"].tolist()
    assert max(abs(got.geometry.x - sample.geometry.x)) < 1e-6
    assert max(abs(got.geometry.y - sample.geometry.y)) < 1e-6


def test_to_bytes_matches_the_file(sample, exported):
    data = formats.to_bytes(sample, "geojson")
    assert json.loads(data)["features"][0]["properties"]["event_id"] == sample["event_id"].iloc[0]
    assert formats.to_bytes(sample, "csv") == exported["csv"].read_bytes()


ACLED_2019 = """data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3
101,760,SYR1001,1001,04 June 2015,2015,1,Battles,Armed clash,Military Forces of Syria (2000-),,1,Jaish al-Fatah,,2,12,Middle East,Syria,Idleb,Jisr Ash-Shugur,Jisr Ash-Shugur,Jisr al-Shughur,35.8122,36.3167,1,SOHR,Other,"Clashes near the hospital, both sides report losses.",12,1560000000,SYR
102,760,SYR1002,1002,05 June 2015,2015,1,Explosions/Remote violence,Air/drone strike,Military Forces of Syria (2000-),,1,,,0,10,Middle East,Syria,Hama,Hama,Hama,Hama,0,0,1,SANA,National,Placeholder coordinates row.,0,1560000000,SYR
103,760,SYR1003,1003,06 June 2015,2015,2,Protests,Peaceful protest,Protesters (Syria),,6,,,0,60,Middle East,Syria,Dar'a,Dar'a,Dar'a,Daraa,95.5,36.1,1,Local news,Local,Latitude out of range.,0,1560000000,SYR
"""

ACLED_2024 = """event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
SYR2001,2024-01-15,2024,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Syria (2000-),,State forces,Civilians (Syria),,Civilians,State forces-Civilians,Civilian targeting,760,Middle East,Syria,Idlib,Ariha,Ariha,Ariha,35.8136,36.6108,1,Syrian Observatory for Human Rights,National,'=Shells fell on a market.,2,,1705500000
SYR2002,2024-01-16,2024,1,Political violence,Battles,Armed clash,Hayat Tahrir al-Sham,,Rebel group,Military Forces of Syria (2000-),,State forces,State forces-Rebel group,,760,Middle East,Syria,Aleppo,Jebel Saman,Atareb,Al Atarib,,36.86,1,Syrian Observatory for Human Rights,National,Missing latitude.,3,,1705500000
"""

UCDP = """id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low
900001,SYR-2015-1-1,2015,1,Clear,1,299,299,Syria: Government,411,411,Government of Syria - Syrian insurgents,78,78,Government of Syria,1234,1234,Syrian insurgents,2,"Agency report, 4 June 2015",Agence France Presse,2015-06-04,Fighting near Jisr al-Shughur,SOHR,1,Jisr al-Shughur town,near the hospital,Idlib governorate,Jisr ash Shughur district,35.8122,36.3167,POINT (36.3167 35.8122),190000,Syria,652,Middle East,1,1,2015-06-04 00:00:00.000,2015-06-04 00:00:00.000,5,7,0,0,12,15,12
900002,SYR-2015-3-2,2015,1,Clear,3,300,300,Islamic State - civilians,412,412,IS - civilians,234,234,IS,1,1,Civilians,1,"Agency report, 6 June 2015",Reuters,2015-06-06,Attack on a village,local sources,4,Ar-Raqqa governorate,,Ar-Raqqa governorate,,,,,190001,Syria,652,Middle East,1,4,2015-06-06 00:00:00.000,2015-06-30 00:00:00.000,0,0,4,0,4,4,4
"""


def test_acled_2019_and_2024_column_sets_import(tmp_path):
    old, new = tmp_path / "acled2019.csv", tmp_path / "acled2024.csv"
    old.write_text(ACLED_2019, encoding="utf-8")
    new.write_text(ACLED_2024, encoding="utf-8")
    r19, r24 = formats.read(old), formats.read(new)  # both recognised as acled-csv from the header
    e = r19.events.iloc[0]
    assert (e.event_id, e.event_date, e.inter1, e.inter2, e.fatalities) == ("SYR1001", "2015-06-04", 1, 2, 12)
    assert (e.location, e.admin1_pcode) == ("Jisr al-Shughur", "SY07")
    assert (round(e.geometry.x, 4), round(e.geometry.y, 4)) == (36.3167, 35.8122)
    assert [str(p) for p in r19.problems] == ["line 3: coordinates are 0,0 (a placeholder, not a place)",
                                              "line 4: coordinates out of range: longitude 36.1, latitude 95.5"]
    e = r24.events.iloc[0]
    assert (e.event_id, e.event_date, e.inter1, e.inter2, e.civilian_targeting) == (
        "SYR2001", "2024-01-15", 1, 7, "Civilian targeting")
    assert e.notes == "=Shells fell on a market."  # our neutralising quote is removed on import
    assert e.admin1_pcode == "SY07"
    assert [str(p) for p in r24.problems] == ["line 3: missing coordinates"]


def test_ucdp_ged_imports(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text(UCDP, encoding="utf-8")
    result = formats.read(path)
    assert len(result.events) == 1
    e = result.events.iloc[0]
    assert (e.event_id, e.event_date, e.event_type, e.sub_event_type) == ("UCDP-900001", "2015-06-04", "Battles",
                                                                           "Armed clash")
    assert (e.actor1, e.actor2, e.fatalities) == ("Government of Syria", "Syrian insurgents", 12)
    assert (e.location, e.admin1, e.admin1_pcode, e.geo_precision, e.time_precision) == (
        "Jisr al-Shughur", "Idlib", "SY07", 1, 1)
    assert [str(p) for p in result.problems] == ["line 3: missing coordinates"]


def test_a_failed_export_leaves_the_previous_file_and_no_debris(sample, tmp_path):
    target = tmp_path / "events.geojson"
    target.write_text("previous export", encoding="utf-8")
    with pytest.raises(Exception):
        formats.export("not a table", "geojson", target)
    assert target.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]
    formats.export(sample, "geojson", target)
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_a_csv_saved_again_by_excel_still_imports(exported, sample, tmp_path):
    """Excel's "CSV UTF-8" adds a BOM and CRLF line ends; the quote before formula-like cells stays."""
    resaved = tmp_path / "resaved.csv"
    resaved.write_bytes(b"\xef\xbb\xbf" + exported["csv"].read_bytes().replace(b"\n", b"\r\n"))
    result = formats.read(resaved)
    assert result.problems == []
    assert result.events["event_id"].tolist() == sample["event_id"].tolist()
    assert result.events["notes"].tolist() == sample["notes"].tolist()
    assert result.events["location_ar"].tolist() == sample["location_ar"].tolist()

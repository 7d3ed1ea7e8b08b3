"""The command line, run as a user runs it: python -m events extract ... in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import settings

FIX = Path(__file__).parent / "fixtures"


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "events", *map(str, args)], cwd=settings.REPO_ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run("extract", tmp_path / "empty.txt")
    assert r.returncode != 0 and "empty" in r.stderr and "Traceback" not in r.stderr


def test_binary_file(tmp_path):
    (tmp_path / "x.bin").write_bytes(bytes(range(256)) * 4)
    r = run("extract", tmp_path / "x.bin")
    assert r.returncode != 0 and "binary" in r.stderr and "Traceback" not in r.stderr


def test_unknown_published_format():
    r = run("extract", FIX / "no_events.en.txt", "--published", "5 June 2015")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr


def test_missing_file_is_named(tmp_path):
    r = run("extract", tmp_path / "nope.txt")
    assert r.returncode != 0 and "nope.txt" in r.stderr and "Traceback" not in r.stderr


def test_html_page_and_article_without_events_in_one_run(tmp_path):
    out = tmp_path / "events.geojson"
    r = run("extract", FIX / "page.html", FIX / "no_events.en.txt", "--published", "2015-06-05", "--source", "Test", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "no events found" in r.stderr and "Traceback" not in r.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert len(collection["features"]) >= 2
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 35 < lon < 43 and 32 < lat < 38  # RFC 7946: longitude first
        assert "<" not in json.dumps(feature["properties"], ensure_ascii=False)


def test_csv_output_has_latitude_and_longitude(capsysbinary):
    from events.__main__ import main

    # in-process through the same entry point (one subprocess with the gazetteer is enough per run)
    assert main(["extract", str(FIX / "page.html"), "--published", "2015-06-05", "--format", "csv"]) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    header = lines[0].split(",")
    assert "latitude" in header and "longitude" in header and "event_type" in header
    assert len(lines) >= 3 and all("SY12" in line for line in lines[1:])

"""The store commands as a user runs them, with the real extractor on real articles."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pytest

import settings
from events import cli_store
from events.filters import Filters, apply_filters
from events.store import open_store


@pytest.fixture(scope="session")
def ingested(shared, tmp_path_factory):
    """A store holding the seed article, ingested once per session with the real extractor."""
    folder = tmp_path_factory.mktemp("ingest")
    path = folder / "events.gpkg"
    code = cli_store.main(["ingest", str(shared / "seed" / "rt_2015-06-05_syria.ar.txt"), "--published", "2015-06-05",
                           "--source", "RT Arabic", "--store", str(path)])
    assert code == 0
    return path


@pytest.fixture
def store_copy(ingested, tmp_path):
    path = tmp_path / "events.gpkg"
    shutil.copy(ingested, path)
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_saves_events_article_and_sources(ingested):
    store = open_store(ingested)
    events = store.events()
    assert len(events) > 3
    articles = store.articles()
    assert articles[["outlet", "published", "language"]].values.tolist() == [["RT Arabic", "2015-06-05", "ar"]]
    assert set(events["article_id"]) == set(articles["id"])
    for event_id in events["event_id"]:
        assert store.sources(event_id)["outlet"].tolist() == ["RT Arabic"]
    assert events["admin1_pcode"].dropna().str.fullmatch(r"SY(0[1-9]|1[0-4])").all()
    assert events.geometry.notna().all()


def test_reingesting_the_same_article_changes_nothing(store_copy, shared, tmp_path, capsys):
    before = digest(store_copy)
    seed = shared / "seed" / "rt_2015-06-05_syria.ar.txt"
    reflowed = tmp_path / "again.txt"  # same text, other line breaks: still the same article
    reflowed.write_text("  " + seed.read_text(encoding="utf-8").replace("\n", "\n\n") + "\n", encoding="utf-8")
    code = cli_store.main(["ingest", str(seed), str(reflowed), "--published", "2015-06-05", "--store", str(store_copy)])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 article(s): 2 already in the store, 0 failed; 0 new event(s)" in out
    assert digest(store_copy) == before


def test_a_file_with_and_without_bom_is_one_article(shared, tmp_path, capsys):
    text = (shared / "seed" / "rt_2015-06-05_syria.ar.txt").read_text(encoding="utf-8")
    (tmp_path / "plain.txt").write_text(text, encoding="utf-8")
    (tmp_path / "with_bom.txt").write_text(text, encoding="utf-8-sig")  # as Windows Notepad saves it
    path = tmp_path / "events.gpkg"
    code = cli_store.main(["ingest", str(tmp_path / "plain.txt"), str(tmp_path / "with_bom.txt"),
                           "--published", "2015-06-05", "--store", str(path)])
    assert code == 0
    assert "2 article(s): 1 already in the store, 0 failed" in capsys.readouterr().out
    assert len(open_store(path).articles()) == 1


def test_ingest_reports_unreadable_files_and_keeps_the_rest(store_copy, tmp_path, capsys):
    before = open_store(store_copy).count()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "binary.txt").write_bytes(b"\xff\xfe\x00\x01garbage")
    (tmp_path / "docs" / "empty.txt").write_text("", encoding="utf-8")
    code = cli_store.main(["ingest", str(tmp_path / "docs"), "--store", str(store_copy)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "binary.txt: not UTF-8 text" in err and "empty.txt" in err
    assert open_store(store_copy).count() == before
    code = cli_store.main(["ingest", str(tmp_path / "missing.txt"), "--store", str(store_copy)])
    assert code == 1 and "missing.txt: no such file or folder" in capsys.readouterr().err


def test_edit_delete_and_list(store_copy, capsys):
    store = open_store(store_copy)
    first = store.events().iloc[0]
    code = cli_store.main(["edit", first.event_id, "--set", "location=Corrected place", "--set", "fatalities=3",
                           "--store", str(store_copy)])
    assert code == 0
    row = store.events().set_index("event_id").loc[first.event_id]
    assert (row["location"], row["fatalities"]) == ("Corrected place", 3)
    assert cli_store.main(["delete", first.event_id, "--store", str(store_copy)]) == 0
    assert first.event_id not in store.events()["event_id"].tolist()
    capsys.readouterr()
    assert cli_store.main(["list", "--limit", "0", "--store", str(store_copy)]) == 0
    out = capsys.readouterr().out
    assert first.event_id not in out and f"{store.count()} event(s)" in out
    assert cli_store.main(["edit", "no-such-id", "--set", "location=x", "--store", str(store_copy)]) == 1
    assert "no event with id 'no-such-id'" in capsys.readouterr().err
    assert cli_store.main(["edit", first.event_id, "--set", "location", "--store", str(store_copy)]) == 1
    assert "write FIELD=VALUE" in capsys.readouterr().err


def test_export_with_filters_writes_what_the_filters_select(ingested, tmp_path, capsys):
    events = open_store(ingested).events()
    governorate = events["admin1_pcode"].dropna().iloc[0]
    expected = apply_filters(events, Filters(date_from="2015-06-01", date_to="2015-06-30", governorates=(governorate,)))
    out = tmp_path / "part.geojson"
    code = cli_store.main(["export", "--format", "geojson", "--from", "2015-06-01", "--to", "2015-06-30",
                           "--governorate", governorate, "-o", str(out), "--store", str(ingested)])
    assert code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["event_id"] for f in doc["features"]] == expected["event_id"].tolist()
    assert len(expected) > 0
    assert cli_store.main(["export", "--from", "last week", "--store", str(ingested)]) == 1
    assert "date from 'last week' is not a date" in capsys.readouterr().err


def test_store_option_and_environment_variable(tmp_path, sample, monkeypatch):
    path = tmp_path / "elsewhere.gpkg"
    monkeypatch.setenv("EVENTS_STORE", str(path))
    assert settings.store_path() == path
    open_store().add_events(sample.head(4))
    result = subprocess.run([sys.executable, "-m", "events.cli_store", "export", "--format", "csv", "-o", "-"],
                            capture_output=True, text=True, env={**__import__("os").environ, "EVENTS_STORE": str(path)},
                            cwd=settings.REPO_ROOT, check=True)
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and lines[0].startswith("event_id,event_date")

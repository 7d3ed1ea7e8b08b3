"""The page's filter logic and export buttons, run headless with Streamlit's AppTest."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import settings

APP = str(settings.REPO_ROOT / "dashboard" / "app.py")


class RecordingFiles(MediaFileManager):
    """Streamlit's own media manager, keeping the deferred download callables reachable."""

    deferred: dict[str, dict] = {}

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        file_id = super().add_deferred(data_callable, mimetype, coordinates, file_name, element_id=element_id)
        RecordingFiles.deferred[file_id] = {"callable": data_callable, "filename": file_name, "mimetype": mimetype}
        return file_id


def app_page() -> AppTest:
    """The page as it is once the browser has drawn the map: map.js reports the drawing
    through the map component, which AppTest (no browser) cannot run."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["map_drawn"] = True
    return at


@pytest.fixture
def app(events_store, monkeypatch):
    monkeypatch.setenv("EVENTS_STORE", str(events_store))
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingFiles)
    at = app_page()
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at, label) -> int:
    return int(next(m for m in at.metric if m.label == label).value.replace(",", ""))


def shown(at) -> int:
    return metric(at, "Events shown")


def query(at, name) -> list:
    value = at.query_params.get(name)
    return value if isinstance(value, list) else [value]


def test_filters_narrow_the_events_and_go_into_the_url(app, test_events):
    assert shown(app) == len(test_events)
    app.multiselect(key="f_govs").set_value(["SY05"]).run()
    hama = test_events[test_events["admin1_pcode"] == "SY05"]
    assert shown(app) == len(hama) > 0
    assert metric(app, "Fatalities") == int(hama["fatalities"].fillna(0).sum())
    assert metric(app, "Places") == hama["location"].nunique() > 1
    assert metric(app, "Governorates") == 1
    assert query(app, "gov") == ["SY05"]

    app.date_input(key="date_from").set_value(dt.date(2015, 6, 1))
    app.date_input(key="date_to").set_value(dt.date(2015, 6, 30)).run()
    june_hama = hama[(hama["event_date"] >= "2015-06-01") & (hama["event_date"] <= "2015-06-30")]
    assert 0 < shown(app) == len(june_hama) < len(hama)
    assert query(app, "from") == ["2015-06-01"] and query(app, "to") == ["2015-06-30"]

    app.multiselect(key="f_types").set_value(["Battles"]).run()
    assert shown(app) == int((june_hama["event_type"] == "Battles").sum())
    assert not app.exception


def test_area_only_and_fatalities_filters(app, test_events):
    app.checkbox(key="f_hide_area").check().run()
    assert shown(app) == int((test_events["geo_precision"] != 3).sum())
    app.number_input(key="f_minfat").set_value(5).run()
    expected = test_events[(test_events["geo_precision"] != 3) & (test_events["fatalities"] >= 5)]
    assert shown(app) == len(expected)


def test_link_with_filters_opens_the_same_view(events_store, monkeypatch, test_events):
    monkeypatch.setenv("EVENTS_STORE", str(events_store))
    at = app_page()
    at.query_params["gov"] = ["SY07"]
    at.query_params["q"] = "Jisr"
    at.run()
    assert not at.exception
    expected = test_events[(test_events["admin1_pcode"] == "SY07") & (test_events["location"] == "Jisr al-Shughur")]
    assert shown(at) == len(expected) > 0
    assert at.multiselect(key="f_govs").value == ["SY07"]


def test_first_run_sends_the_map_alone_with_the_link_filters_applied(events_store, monkeypatch):
    """Until the browser reports the map drawn, the page holds only the map (the filters of
    the link already applied to it) and a note; the sidebar and counts follow."""
    monkeypatch.setenv("EVENTS_STORE", str(events_store))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["gov"] = ["SY07"]
    at.run()
    assert not at.exception
    assert not at.multiselect and not at.metric and not at.tabs
    assert any("Loading the filters" in c.value for c in at.caption)
    assert at.session_state["f_govs"] == ["SY07"]  # the link's filter, applied to the map already


def test_impossible_date_range_is_explained_not_a_traceback(app):
    app.date_input(key="date_from").set_value(dt.date(2015, 7, 1))
    app.date_input(key="date_to").set_value(dt.date(2015, 6, 1)).run()
    assert not app.exception
    messages = " ".join(e.value for e in app.error)
    assert "date range is impossible" in messages and "2015-07-01" in messages
    assert shown(app) == 0


def open_tab(at, name: str):
    """Choose a tab of the page (only the open tab is built)."""
    at.session_state["view"] = name
    return at.run()


def test_empty_paste_is_explained(app):
    open_tab(app, "Add articles")
    app.button(key="intake_extract").click().run()
    assert not app.exception
    assert any("no text to read" in e.value for e in app.error)


def test_export_buttons_give_the_filtered_events_named_after_the_filter(app, test_events):
    RecordingFiles.deferred.clear()
    open_tab(app, "Export")
    app.multiselect(key="f_govs").set_value(["SY05"])
    app.date_input(key="date_from").set_value(dt.date(2015, 6, 1))
    app.date_input(key="date_to").set_value(dt.date(2015, 6, 30)).run()
    buttons = {b.proto.label: b.proto for b in app.get("download_button")}
    assert set(buttons) == {"Download GeoJSON", "Download CSV", "Download ACLED CSV", "Download GeoPackage"}
    files = {RecordingFiles.deferred[p.deferred_file_id]["filename"]: RecordingFiles.deferred[p.deferred_file_id]
             for p in buttons.values()}
    base = "events_2015-06-01_2015-06-30_Hama"
    assert set(files) == {f"{base}.geojson", f"{base}.csv", f"{base}_acled.csv", f"{base}.gpkg"}
    expected = test_events[(test_events["admin1_pcode"] == "SY05") & (test_events["event_date"] >= "2015-06-01")
                           & (test_events["event_date"] <= "2015-06-30")]
    geojson = json.loads(files[f"{base}.geojson"]["callable"]())
    assert sorted(f["properties"]["event_id"] for f in geojson["features"]) == sorted(expected["event_id"])
    csv_lines = files[f"{base}.csv"]["callable"]().decode("utf-8-sig").strip().splitlines()
    assert len(csv_lines) == len(expected) + 1
    assert files[f"{base}.gpkg"]["callable"]()[:16] == b"SQLite format 3\x00"


def test_a_damaged_link_still_opens_the_page(events_store, monkeypatch, test_events):
    monkeypatch.setenv("EVENTS_STORE", str(events_store))
    at = app_page()
    for name, value in {"type": ["Bogus", "Battles"], "gov": ["SY99"], "minfat": "lots", "from": "yesterday",
                        "actor": ["<script>alert(1)</script>"]}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_types").value == ["Battles"]  # what could be kept, is
    assert shown(at) == int((test_events["event_type"] == "Battles").sum())


def test_article_fetched_by_url_from_a_loopback_server(events_store, monkeypatch):
    """With the network allowed (SYRIAMAP_ONLINE=1), an empty paste box and a URL fetch the
    page; the test's server is on 127.0.0.1, never the internet."""
    import http.server
    import threading

    from tests.dashboard.test_intake import KAFR_ZITA, PAGE, _km

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("EVENTS_STORE", str(events_store))
        monkeypatch.setenv("SYRIAMAP_ONLINE", "1")
        at = app_page()
        at.run()
        open_tab(at, "Add articles")
        at.text_input(key="intake_url").set_value(f"http://127.0.0.1:{server.server_port}/report.html")
        at.button(key="intake_extract").click().run()
        assert not at.exception, at.exception
        [item] = at.session_state["intake_items"]
        assert item.error and "Could not download" in item.error  # private addresses are refused by default

        monkeypatch.setenv("SYRIAMAP_FETCH_PRIVATE", "1")
        at.button(key="intake_extract").click().run()
        [item] = at.session_state["intake_items"]
        assert item.error is None
        event = item.events.iloc[0]
        assert event["event_type"] == "Battles"
        assert _km((event.geometry.y, event.geometry.x), KAFR_ZITA) < 5
    finally:
        server.shutdown()


def test_map_assets_are_served_from_the_installation():
    import xstatic.pkg.leaflet as xleaflet
    import xstatic.pkg.leaflet_markercluster as xcluster

    from dashboard import assets

    target = assets.install()
    bundle = (target / assets.BUNDLE).read_text(encoding="utf-8")
    # Leaflet and its cluster plugin read from their packages, then our drawing code
    parts = [Path(xleaflet.BASE_DIR) / "leaflet.js", Path(xcluster.BASE_DIR) / "leaflet.markercluster.js",
             settings.REPO_ROOT / "dashboard" / "map.js"]
    assert bundle == "\n;\n".join(p.read_text(encoding="utf-8") for p in parts)
    for _, url in assets.LEAFLET_CSS:
        assert (target / url.rsplit("/", 1)[1]).stat().st_size > 0

"""The dashboard in a real headless chromium, offline: what an analyst sees and does.

One server reads the prepared store (read-only tests); the article-pasting test
gets its own server and store because it writes.
"""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.dashboard.conftest import warm_up
from tests.dashboard.dashboard_sample import SCRIPT

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SYRIA_BBOX = (35.5, 32.2, 42.5, 37.5)  # lon/lat


def map_container(page):
    return page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-events-drawn]")


def wait_map(page, count: int | None = None) -> int:
    """Wait until the map has drawn (``count`` events, when given); return what it drew."""
    container = map_container(page)
    if count is not None:
        expect(container).to_have_attribute("data-events-drawn", str(count), timeout=45_000)
    container.wait_for(timeout=45_000)
    return int(container.get_attribute("data-events-drawn"))


def markers_on_map(page) -> int:
    """Events in the Leaflet layers themselves: every marker's count (1, or a place's total)."""
    return map_container(page).evaluate(
        "() => { const ev = window.syriamapEvents; let n = 0;"
        " ev.clustered.getLayers().concat(ev.area.getLayers()).forEach(m => n += (m.options.count || 1));"
        " return n; }")


def shown(page) -> int:
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Events shown")
    return int(metric.locator("[data-testid=stMetricValue]").inner_text().replace(",", ""))


def table_rows(page, count: int | None = None) -> int:
    """Rows of the events table (waiting until it has ``count``, when given)."""
    page.get_by_role("tab", name="Table").click()  # the page opens on the Export tab
    grid = page.locator("[data-testid=stDataFrame] table[role=grid]").first
    if count is not None:
        expect(grid).to_have_attribute("aria-rowcount", str(count + 1), timeout=30_000)
    return int(grid.get_attribute("aria-rowcount")) - 1  # minus the header row


def open_page(page, url: str, query: str = "", count: int | None = None) -> int:
    page.goto(url + "/" + query)
    page.get_by_role("heading", name="Syria conflict events").wait_for()
    return wait_map(page, count)


def no_traceback(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


def test_map_comes_first_then_the_filters_it_reports_for(dashboard_url, page, test_events):
    """The map is sent alone; once drawn it reports, and the filters, counts and tabs follow
    (the fallback timer of this server is 10 minutes, so only the report can bring them)."""
    open_page(page, dashboard_url, count=len(test_events))
    expect(page.locator("[data-testid=stMultiSelect]").filter(has_text="Governorate")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Events shown")).to_contain_text(
        f"{len(test_events):,}")
    expect(page.get_by_role("tab", name="Export")).to_be_visible()
    no_traceback(page)


def test_map_markers_match_the_filtered_table(dashboard_url, page, test_events, screenshot_dir):
    drawn = open_page(page, dashboard_url, count=len(test_events))
    assert drawn == markers_on_map(page) == shown(page) == table_rows(page, len(test_events)) == len(test_events)
    clusters = map_container(page).locator(".marker-cluster [data-count]")
    assert clusters.count() > 0  # dense places are clustered, each icon saying how many events it holds
    page.screenshot(path=str(screenshot_dir / "dashboard_main.png"), full_page=True)
    no_traceback(page)


def _choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid=stMultiSelect]").filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _set_date(page, label: str, value: str) -> None:
    """Type a date into a Streamlit date field (year, month and day segments)."""
    year, month, day = value.split("-")
    page.get_by_role("spinbutton", name=f"year, {label}").first.click()
    page.keyboard.type(year + month + day)
    page.keyboard.press("Escape")  # close the calendar; leaving the field commits the date
    page.get_by_role("heading", name="Syria conflict events").click()


def test_date_range_and_governorate_change_map_and_table(dashboard_url, page, test_events, screenshot_dir):
    open_page(page, dashboard_url, count=len(test_events))
    _set_date(page, "From", "2015-06-01")
    wait_map(page, int((test_events["event_date"] >= "2015-06-01").sum()))
    _set_date(page, "To", "2015-06-30")
    june = test_events[(test_events["event_date"] >= "2015-06-01") & (test_events["event_date"] <= "2015-06-30")]
    assert 0 < len(june) < len(test_events)
    wait_map(page, len(june))
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Events shown")).to_contain_text(str(len(june)))
    assert table_rows(page, len(june)) == markers_on_map(page) == len(june)

    _choose(page, "Governorate", "Hama")
    june_hama = june[june["admin1_pcode"] == "SY05"]
    assert 0 < len(june_hama) < len(june)
    wait_map(page, len(june_hama))
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Events shown")).to_contain_text(str(len(june_hama)))
    assert table_rows(page, len(june_hama)) == markers_on_map(page) == len(june_hama)
    page.screenshot(path=str(screenshot_dir / "dashboard_filtered_june_hama.png"), full_page=True)

    # the view is in the link (opening a link is tested in test_app_logic.py)
    query = parse_qs(urlparse(page.url).query)
    assert query["gov"] == ["SY05"] and query["from"] == ["2015-06-01"] and query["to"] == ["2015-06-30"]
    no_traceback(page)


def test_popup_shows_html_of_an_article_as_text(dashboard_url, page, screenshot_dir):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, dashboard_url, "?q=Activists%20in%20Salamiyah", count=1)
    frame = page.frame_locator(MAP_FRAME)
    x, y = map_container(page).evaluate(
        "() => { const m = window.syriamapEvents.clustered.getLayers()[0];"
        " const p = window.map.latLngToContainerPoint(m.getLatLng()); return [p.x, p.y]; }")
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert SCRIPT in text and "<img src=x onerror=alert(2)>" in text
    assert popup.locator("script, img").count() == 0
    assert popup.locator("mark").inner_text() == "Salamiyah"  # the place highlighted in its sentence
    assert "Shelling/artillery/missile attack" in text and "Test Wire" in text
    page.wait_for_timeout(500)
    assert dialogs == []
    page.locator(MAP_FRAME).screenshot(path=str(screenshot_dir / "dashboard_popup_escaped.png"))


def test_geojson_download_is_rfc7946_with_the_filtered_events(dashboard_url, page, test_events, tmp_path):
    open_page(page, dashboard_url, "?gov=SY05&from=2015-06-01&to=2015-06-30")
    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    download = info.value
    assert download.suggested_filename == "events_2015-06-01_2015-06-30_Hama.geojson"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    expected = test_events[(test_events["admin1_pcode"] == "SY05") & (test_events["event_date"] >= "2015-06-01")
                           & (test_events["event_date"] <= "2015-06-30")]
    assert sorted(f["properties"]["event_id"] for f in data["features"]) == sorted(expected["event_id"])
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"][:2]  # RFC 7946: longitude first
        assert SYRIA_BBOX[0] < lon < SYRIA_BBOX[2] and SYRIA_BBOX[1] < lat < SYRIA_BBOX[3]


def test_bad_uploads_are_explained_next_to_the_file(dashboard_url, page):
    open_page(page, dashboard_url)
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_role("tab", name="Upload files").click()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([
        {"name": "photo.txt", "mimeType": "text/plain", "buffer": bytes(range(256)) * 8},
        {"name": "wrong.csv", "mimeType": "text/csv", "buffer": b"colour,size\nred,3\n"},
    ])
    page.get_by_role("button", name="Read files").click()
    errors = page.locator("[data-testid=stAlertContentError]")
    expect(errors.filter(has_text="photo.txt")).to_contain_text("not a text file")
    expect(errors.filter(has_text="wrong.csv")).to_contain_text("header matches none")
    no_traceback(page)


@pytest.fixture(scope="module")
def aggregating_url(streamlit_app, events_store, browser, tmp_path_factory) -> str:
    """A second server, on a copy of the store that the tests below may write to, with a
    point limit low enough that the server aggregates the test events per place."""
    path = tmp_path_factory.mktemp("dash-writable") / "events.gpkg"
    shutil.copyfile(events_store, path)
    return warm_up(browser, streamlit_app(EVENTS_STORE=str(path), DASHBOARD_POINT_LIMIT="10"))


def test_aggregated_markers_add_up_to_the_filtered_table(aggregating_url, page, screenshot_dir):
    """Above the point limit the server sends one marker per place with its count."""
    total = open_page(page, aggregating_url)
    container = map_container(page)
    assert container.get_attribute("data-map-mode").startswith("aggregated")
    assert int(container.get_attribute("data-markers-drawn")) < total
    assert markers_on_map(page) == shown(page) == table_rows(page, total) == total
    page.screenshot(path=str(screenshot_dir / "dashboard_aggregated.png"), full_page=True)
    hama = open_page(page, aggregating_url, "?gov=SY05")
    assert 0 < hama < total
    assert markers_on_map(page) == table_rows(page, hama) == shown(page) == hama


def test_pasting_the_seed_article_adds_its_events_to_the_map(aggregating_url, page, seed_text, screenshot_dir):
    before = open_page(page, aggregating_url)
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_label("Article text (Arabic or English)").fill(seed_text)
    page.get_by_label("Source (outlet)").fill("RT Arabic")
    _set_date(page, "Publication date", "2015-06-05")
    page.get_by_role("button", name="Extract events").click()
    save = page.get_by_role("button", name=re.compile(r"Save \d+ events to the store"))
    save.wait_for(timeout=60_000)
    found = int(re.search(r"Save (\d+) events", save.inner_text()).group(1))
    assert found >= 5
    save.click()
    message = page.locator("[data-testid=stAlertContentSuccess]").filter(has_text="Pasted text")
    message.wait_for(timeout=60_000)
    added = int(re.search(r"(\d+) added", message.inner_text()).group(1))
    assert added == found
    wait_map(page, before + added)
    page.get_by_role("tab", name="Table").click()
    assert shown(page) == table_rows(page, before + added) == markers_on_map(page) == before + added
    # events of the report now on the map: Kinsabba (Latakia) and Busra al-Harir (Daraa), within 5 km
    near = map_container(page).evaluate(
        "(el, targets) => targets.map(t => window.syriamapEvents.clustered.getLayers().concat("
        "window.syriamapEvents.area.getLayers()).some(m => m.getLatLng().distanceTo(t) < 5000))",
        [[35.744, 36.164], [32.845, 36.341]])
    assert near == [True, True]
    page.screenshot(path=str(screenshot_dir / "dashboard_after_seed_article.png"), full_page=True)
    no_traceback(page)

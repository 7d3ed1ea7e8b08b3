"""Stores for the dashboard tests: a small, known set of events written through the
real store, so the page under test reads exactly what an analyst's store holds."""
from __future__ import annotations

import pytest

from tests.dashboard.dashboard_sample import fill_store, make_events


@pytest.fixture(scope="session")
def test_events() -> gpd.GeoDataFrame:
    return make_events()


@pytest.fixture(scope="session")
def events_store(tmp_path_factory, test_events):
    """A store holding the test events; the browser tests only read it."""
    path = tmp_path_factory.mktemp("dash-store") / "events.gpkg"
    fill_store(path, test_events)
    return path


def warm_up(browser, url: str) -> str:
    """Open the page once and wait for the map: the first run loads the boundaries,
    the gazetteer and the store (slow on a busy machine); the tests then time normal use."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(
        ".leaflet-container[data-events-drawn]").wait_for(timeout=120_000)
    context.close()
    return url


@pytest.fixture(scope="session")
def dashboard_url(streamlit_app, events_store, browser) -> str:
    # the fallback that shows the whole page when the map never reports its drawing is
    # pushed out of the tests' reach: here only the map's report can bring the filters
    return warm_up(browser, streamlit_app(EVENTS_STORE=str(events_store), DASHBOARD_REVEAL_AFTER_S="600"))

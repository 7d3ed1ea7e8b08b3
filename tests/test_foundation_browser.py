"""The dashboard page loads in a real headless chromium: title, a Leaflet map, no traceback."""


def test_dashboard_page_loads_with_map(streamlit_app, page, screenshot_dir):
    url = streamlit_app()
    page.goto(url)
    page.get_by_role("heading", name="Syria conflict events").wait_for()
    map_frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
    map_frame.locator(".leaflet-container").first.wait_for(timeout=45_000)
    page.screenshot(path=str(screenshot_dir / "foundation_page.png"))
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "Error" not in page.locator("[data-testid='stException']").all_inner_texts()

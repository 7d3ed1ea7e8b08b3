"""Streamlit entry point: ``streamlit run dashboard/app.py``.

The page: sidebar filters (kept in the URL), the map, the filtered table, a timeline,
counts, exports of exactly what is shown, and a section to add articles.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import settings

from dashboard import assets, base_layers, filters_ui, intake
from dashboard import map as event_map
from dashboard.defaults import seed_if_empty
from events import formats
from events.filters import Filters, apply_filters
from events.store import StoreError, open_store

# the rest of the page comes after this long even if the map never reports its drawing
REVEAL_AFTER_S = float(os.environ.get("DASHBOARD_REVEAL_AFTER_S", "4"))
TABLE_ROWS = 1_000  # rows sent to the table; exports hold every filtered event
TABLE_COLUMNS = {
    "event_date": "Date", "event_type": "Type", "sub_event_type": "Sub-type", "actor1": "Actor 1",
    "actor2": "Actor 2", "fatalities": "Fatalities", "location": "Place", "location_ar": "Place (Arabic)",
    "admin1": "Governorate", "admin2": "District", "geo_precision": "Precision",
    "source_attribution": "Claimed by", "source": "Source", "source_sentence": "Sentence", "event_id": "Event id",
}
EXPORTS = [("GeoJSON", "geojson", ".geojson", "application/geo+json"), ("CSV", "csv", ".csv", "text/csv"),
           ("ACLED CSV", "acled-csv", "_acled.csv", "text/csv"),
           ("GeoPackage", "gpkg", ".gpkg", "application/geopackage+sqlite3")]

log = logging.getLogger("dashboard")
st.set_page_config(page_title="Syria conflict events", layout="wide", page_icon=":world_map:")


@st.cache_resource
def _assets():
    return assets.install()


@st.cache_resource
def _base():
    return base_layers.load()


@st.cache_resource
def _store(path: str):
    """The store, opened once per server; filled with the default events when empty."""
    store = open_store(path)
    message = seed_if_empty(store)
    return store, (message, store.count()) if message else None


@st.cache_resource(max_entries=2)
def _events(revision: str):
    """All events of one store revision (shared, read-only: no copy per rerun)."""
    return _store(str(settings.store_path()))[0].events()


@st.cache_resource(max_entries=2)
def _options(revision: str):
    return filters_ui.options(_events(revision), (_base()[0] or {}).get("district_names"))


@st.cache_resource(max_entries=32)
def _filtered(revision: str, filters: Filters):
    return apply_filters(_events(revision), filters)


@st.cache_resource(max_entries=32)
def _map_payload(revision: str, filters: Filters):
    return event_map.payload(_filtered(revision, filters))


def _export(revision: str, filters: Filters, fmt: str):
    """Deferred: the file is made only when its button is pressed."""
    return lambda: formats.to_bytes(_filtered(revision, filters), fmt)


@st.cache_data(max_entries=32, show_spinner=False)
def _table_frame(revision: str, filters: Filters) -> pd.DataFrame:
    events = _filtered(revision, filters)
    newest = events["event_date"].fillna("").sort_values(ascending=False, kind="stable").index[:TABLE_ROWS]
    return pd.DataFrame(events.loc[newest, list(TABLE_COLUMNS)]).rename(columns=TABLE_COLUMNS)


@st.cache_data(max_entries=32, show_spinner=False)
def _timeline_counts(revision: str, filters: Filters, unit: str) -> pd.DataFrame:
    events = _filtered(revision, filters)
    dates = pd.to_datetime(events["event_date"], errors="coerce")
    frame = pd.DataFrame({"date": dates, "type": events["event_type"].fillna("Unknown")}).dropna(subset=["date"])
    frame["period"] = frame["date"].dt.to_period({"Day": "D", "Week": "W", "Month": "M"}[unit]).dt.start_time
    return frame.groupby(["period", "type"]).size().rename("events").reset_index()


@st.cache_data(max_entries=32, show_spinner=False)
def _count_tables(revision: str, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    events = _filtered(revision, filters)
    gov = (events.assign(Governorate=events["admin1"].fillna(events["admin1_pcode"]).fillna("(unknown)"))
           .groupby("Governorate").agg(Events=("event_id", "size"), Fatalities=("fatalities", "sum"))
           .sort_values("Events", ascending=False).reset_index())
    actors = pd.concat([events["actor1"], events["actor2"]], ignore_index=True).dropna()
    actors = actors[actors.astype(str).str.strip() != ""].value_counts().rename("Events").rename_axis("Actor")
    return pd.DataFrame(gov), actors.head(50).reset_index()


@st.cache_data(max_entries=32, show_spinner=False)
def _totals(revision: str, filters: Filters) -> tuple[int, int, int]:
    """Fatalities, places and governorates of the filtered events (the metrics above the map)."""
    events = _filtered(revision, filters)
    return (int(events["fatalities"].fillna(0).sum()), int(events["location"].nunique()),
            int(events["admin1_pcode"].nunique()))


def _timeline(revision: str, filters: Filters, events: pd.DataFrame) -> None:
    dates = events["event_date"].dropna()
    if dates.empty:
        st.info("No dated events to chart.")
        return
    span = (pd.Timestamp(dates.max()) - pd.Timestamp(dates.min())).days
    default = "Day" if span <= 120 else ("Week" if span <= 3 * 365 else "Month")
    unit = st.radio("Events per", ["Day", "Week", "Month"], index=["Day", "Week", "Month"].index(default),
                    horizontal=True, key="timeline_unit")
    counts = _timeline_counts(revision, filters, unit)
    colors = alt.Scale(domain=list(event_map.TYPE_STYLE), range=[c for c, _ in event_map.TYPE_STYLE.values()])
    chart = alt.Chart(counts).mark_bar().encode(
        x=alt.X("period:T", title=unit),
        y=alt.Y("events:Q", title="Events", stack=True),
        color=alt.Color("type:N", scale=colors, title="Event type"),
        tooltip=[alt.Tooltip("period:T", title=unit), "type:N", "events:Q"],
    ).properties(height=260)
    st.altair_chart(chart, width="stretch")


def _counts(revision: str, filters: Filters) -> None:
    gov, actors = _count_tables(revision, filters)
    left, right = st.columns(2)
    left.markdown("**By governorate**")
    left.dataframe(gov, hide_index=True, width="stretch")
    right.markdown("**By actor** (as actor 1 or 2)")
    right.dataframe(actors, hide_index=True, width="stretch")


def _table(revision: str, filters: Filters, total: int) -> None:
    if total > TABLE_ROWS:
        st.caption(f"The {TABLE_ROWS:,} most recent of {total:,} filtered events; "
                   "the exports hold all of them. Click a column header to sort.")
    else:
        st.caption(f"{total:,} filtered events. Click a column header to sort.")
    st.dataframe(_table_frame(revision, filters), hide_index=True, width="stretch", height=420,
                 column_config={  # Arabic names read right to left, aligned to the right
                     "Place (Arabic)": st.column_config.TextColumn(alignment="right"),
                     "Sentence": st.column_config.TextColumn(width="large")})


def _map_drawn(reported) -> bool:
    """Whether the rest of the page may be sent. A session's first run sends only the map:
    the browser loads the code of every other element (sidebar widgets, counts, tabs) in
    the same few connections and on the same thread as the map, which held the map back by
    seconds. map.js reports the first drawing through the component's value
    ({"drawn": n}), which reruns the page, now whole. Kept in the session: later values
    of the component do not matter."""
    if not st.session_state.get("map_drawn") and isinstance(reported, dict) and reported.get("drawn") is not None:
        st.session_state["map_drawn"] = True
    return bool(st.session_state.get("map_drawn"))


@st.fragment(run_every=REVEAL_AFTER_S)
def _show_rest_soon() -> None:
    """The fallback when the map never reports (its script failed): the rest of the page
    comes anyway, REVEAL_AFTER_S seconds later."""
    if st.session_state.get("_reveal_waited"):
        st.session_state["map_drawn"] = True
        st.rerun()
    st.session_state["_reveal_waited"] = True
    st.caption("Loading the filters…")


def main() -> None:
    started = time.perf_counter()
    _assets()
    base, base_message = _base()
    st.title("Syria conflict events")
    try:
        store, seeded = _store(str(settings.store_path()))
        revision = store.revision()
        events = _events(revision)
    except StoreError as exc:
        st.error(f"The event store cannot be opened: {exc}")
        return
    if seeded and store.count() == seeded[1]:  # until the analyst adds their own events
        st.info(seeded[0])
    opts = _options(revision)
    prepared = filters_ui.prepare(opts)
    filters, problems = filters_ui.current(prepared)
    for problem in problems:
        st.error(problem)
    if filters is None:
        filtered = events.iloc[0:0]
        payload = event_map.payload(filtered)
    else:
        filtered = _filtered(revision, filters)
        payload = _map_payload(revision, filters)

    totals = st.container()  # filled once the map is drawn (see _map_drawn)
    if base_message:
        st.caption(base_message)
    # the base map's script is the same on every run, so the iframe stays and only the
    # events layer is replaced; returned_objects=[]: panning never reruns the app
    reported = st_folium(event_map.base_map(base), feature_group_to_add=event_map.events_layer(payload),
                         height=620, use_container_width=True, returned_objects=[], key="events_map")
    if not _map_drawn(reported):
        _show_rest_soon()
        return
    with totals:
        fatalities, places, governorates = _totals(revision, filters) if filters is not None else (0, 0, 0)
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Events shown", f"{len(filtered):,}", help=f"{len(events):,} events in the store")
        c2.metric("Fatalities", f"{fatalities:,}")
        c3.metric("Places", f"{places:,}")
        c4.metric("Governorates", f"{governorates:,}")
    filters_ui.draw(opts, prepared)
    for problem in problems:
        st.sidebar.error(problem)

    # only the open tab is built (on_change="rerun"). The page opens on the light Export tab:
    # the table's and chart's browser code (about 2 MB of JavaScript) is loaded only when
    # asked for, and a filter change does not redraw 1,000 table rows beside the map
    # (opening on the table measured ~0.3 s slower per filter change with 100,000 events).
    table_tab, time_tab, counts_tab, export_tab, add_tab = st.tabs(
        ["Table", "Timeline", "Counts", "Export", "Add articles"], default="Export", key="view",
        on_change="rerun")
    if filters is None:
        for tab in (table_tab, time_tab, counts_tab):
            tab.info("No events: the filters cannot be met (see the message above).")
    if table_tab.open and filters is not None:
        with table_tab:
            _table(revision, filters, len(filtered))
    if time_tab.open and filters is not None:
        with time_tab:
            _timeline(revision, filters, filtered)
    if counts_tab.open and filters is not None:
        with counts_tab:
            _counts(revision, filters)
    if export_tab.open:
        with export_tab:
            st.caption("Exactly the filtered events, named after the filter.")
            slug = filters.slug() if filters else "none"
            cols = st.columns(len(EXPORTS))
            for col, (label, fmt, ext, mime) in zip(cols, EXPORTS):
                col.download_button(f"Download {label}", data=_export(revision, filters or Filters(), fmt),
                                    file_name=f"events_{slug}{ext}", mime=mime, on_click="ignore",
                                    key=f"export_{fmt}", disabled=filters is None or filtered.empty)
    if add_tab.open:
        with add_tab:
            intake.section(store, on_saved=st.rerun)
    log.info("page script ran in %.2f s (%d events shown)", time.perf_counter() - started, len(filtered))


main()

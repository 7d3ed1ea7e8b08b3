"""Sidebar filters, kept in the URL query string so a view can be shared as a link.

The widgets only collect values; the filtering itself is events.filters.apply_filters
(one implementation for the CLI and the dashboard).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from events.filters import GOVERNORATES, Filters
from events.schema import EVENT_TYPES

# widget key -> query-string name; list-valued widgets are multiselects
LISTS = {"f_types": "type", "f_subtypes": "sub", "f_actors": "actor", "f_govs": "gov", "f_dists": "dist",
         "f_attr": "attr"}
SCALARS = {"date_from": "from", "date_to": "to", "f_minfat": "minfat", "f_text": "q", "f_hide_area": "hidearea"}
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def _parse_date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _seed_from_query(bounds: tuple[dt.date, dt.date]) -> None:
    """Once per browser session: widget values from the link the page was opened with."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    params = st.query_params
    for key, name in LISTS.items():
        values = params.get_all(name)
        if values:
            st.session_state[key] = values
    st.session_state["date_from"] = _parse_date(params.get("from")) or bounds[0]
    st.session_state["date_to"] = _parse_date(params.get("to")) or bounds[1]
    try:
        st.session_state["f_minfat"] = max(int(params.get("minfat", 0)), 0)
    except ValueError:
        st.session_state["f_minfat"] = 0
    st.session_state["f_text"] = params.get("q", "")
    st.session_state["f_hide_area"] = params.get("hidearea", "") in ("1", "true")
    _sync_slider(bounds)


def _sync_slider(bounds) -> None:
    lo, hi = bounds
    start = min(max(st.session_state.get("date_from") or lo, lo), hi)
    end = min(max(st.session_state.get("date_to") or hi, lo), hi)
    st.session_state["date_slider"] = (min(start, end), max(start, end))


def _slider_moved() -> None:
    st.session_state["date_from"], st.session_state["date_to"] = st.session_state["date_slider"]


def _write_query(bounds) -> None:
    """The URL holds every filter that differs from 'show everything'."""
    state = st.session_state
    query: dict[str, object] = {}
    for key, name in LISTS.items():
        if state.get(key):
            query[name] = list(state[key])
    if state.get("date_from") and state["date_from"] != bounds[0]:
        query["from"] = state["date_from"].isoformat()
    if state.get("date_to") and state["date_to"] != bounds[1]:
        query["to"] = state["date_to"].isoformat()
    if state.get("f_minfat"):
        query["minfat"] = str(int(state["f_minfat"]))
    if state.get("f_text"):
        query["q"] = state["f_text"]
    if state.get("f_hide_area"):
        query["hidearea"] = "1"
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in query.items()}
    if current != query or set(st.query_params.keys()) != set(query):
        st.query_params.from_dict(query)


def _unique(events: pd.DataFrame, columns) -> list[str]:
    values = pd.concat([events[c] for c in columns], ignore_index=True).dropna().astype(str).str.strip()
    return sorted(v for v in values.unique() if v)


def options(events: pd.DataFrame, district_names: dict | None) -> dict:
    """Choices offered by the widgets, from the whole store (not the filtered part)."""
    dates = pd.to_datetime(events["event_date"], errors="coerce").dropna()
    if dates.empty:
        bounds = (dt.date(2011, 3, 1), dt.date.today())
    else:
        bounds = (dates.min().date(), dates.max().date())
    if bounds[0] == bounds[1]:  # one day of events: still offer a slider
        bounds = (bounds[0] - dt.timedelta(days=1), bounds[1] + dt.timedelta(days=1))
    districts = dict(district_names or {})
    for code, name in events[["admin2_pcode", "admin2"]].dropna().drop_duplicates().itertuples(index=False):
        districts.setdefault(str(code), str(name))
    return {
        "bounds": bounds,
        "actors": _unique(events, ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]),
        "attributions": _unique(events, ["source_attribution"]),
        "districts": districts,
    }


def prepare(opts: dict) -> dict:
    """Bring the widget state up to date (link, store growth, choices that went away)
    before anything is drawn, so the filters are known before the sidebar is built and
    the map can be sent to the browser first."""
    bounds = opts["bounds"]
    _seed_from_query(bounds)
    state = st.session_state
    old = state.get("_bounds")
    if old and old != bounds:  # the store grew: a range that was "everything" stays so
        if state.get("date_from") == old[0]:
            state["date_from"] = bounds[0]
        if state.get("date_to") == old[1]:
            state["date_to"] = bounds[1]
        _sync_slider(bounds)
    state["_bounds"] = bounds
    _keep_known("f_types", list(EVENT_TYPES))
    chosen = state.get("f_types") or list(EVENT_TYPES)
    subtypes = [s for t in chosen for s in EVENT_TYPES.get(t, [])]
    _keep_known("f_subtypes", subtypes)
    _keep_known("f_actors", opts["actors"])
    gov_labels = {code: f"{names[0]} ({code})" for code, names in GOVERNORATES.items()}
    _keep_known("f_govs", list(gov_labels))
    govs = state.get("f_govs") or []
    districts = {c: n for c, n in opts["districts"].items() if not govs or c[:4] in govs}
    _keep_known("f_dists", list(districts))
    _keep_known("f_attr", opts["attributions"])
    return {"bounds": bounds, "subtypes": subtypes, "gov_labels": gov_labels, "districts": districts}


def current(prepared: dict) -> tuple[Filters | None, list[str]]:
    """(Filters, problems) from the widget state. Filters is None when a value is impossible."""
    state, bounds = st.session_state, prepared["bounds"]
    start, end = state.get("date_from"), state.get("date_to")
    if start and end and start > end:
        return None, [f"The date range is impossible: 'From' ({start}) is after 'To' ({end}). "
                      "Change one of the dates."]
    return Filters(
        date_from=start.isoformat() if start and start != bounds[0] else None,
        date_to=end.isoformat() if end and end != bounds[1] else None,
        event_types=state.get("f_types") or (),
        sub_event_types=state.get("f_subtypes") or (),
        actors=state.get("f_actors") or (),
        governorates=state.get("f_govs") or (),
        districts=state.get("f_dists") or (),
        attributions=state.get("f_attr") or (),
        min_fatalities=int(state["f_minfat"]) if state.get("f_minfat") else None,
        text=(state.get("f_text") or "").strip() or None,
        include_area=not state.get("f_hide_area"),
    ), []


def draw(opts: dict, prepared: dict) -> None:
    """The sidebar widgets (their values are already in the session state)."""
    bounds, districts, gov_labels = prepared["bounds"], prepared["districts"], prepared["gov_labels"]
    sb = st.sidebar
    sb.header("Filters")
    if bounds[0] < bounds[1]:
        sb.slider("Date range", min_value=bounds[0], max_value=bounds[1], key="date_slider",
                  on_change=_slider_moved, format="YYYY-MM-DD")
    sb.date_input("From", key="date_from", min_value=EARLIEST, max_value=LATEST,
                  on_change=_sync_slider, args=(bounds,), format="YYYY-MM-DD")
    sb.date_input("To", key="date_to", min_value=EARLIEST, max_value=LATEST,
                  on_change=_sync_slider, args=(bounds,), format="YYYY-MM-DD")
    sb.multiselect("Event type", list(EVENT_TYPES), key="f_types")
    sb.multiselect("Sub-event type", prepared["subtypes"], key="f_subtypes")
    sb.multiselect("Actor", opts["actors"], key="f_actors", placeholder="Type to search actors")
    sb.multiselect("Governorate", list(gov_labels), key="f_govs", format_func=gov_labels.get)
    sb.multiselect("District", sorted(districts, key=districts.get), key="f_dists",
                   format_func=lambda c: f"{districts.get(c, c)} ({c})")
    sb.multiselect("Who claims it (source attribution)", opts["attributions"], key="f_attr")
    sb.number_input("Minimum fatalities", min_value=0, step=1, key="f_minfat")
    sb.text_input("Search text (sentence, notes, places, actors)", key="f_text")
    sb.checkbox("Hide area-only events (precision 3)", key="f_hide_area")
    _write_query(bounds)


def _keep_known(key: str, known: list) -> None:
    """Drop values (e.g. from an old link) that the widget no longer offers."""
    if key in st.session_state:
        allowed = set(known)
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]

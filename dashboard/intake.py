"""Adding articles and event files to the store from the page.

Pasted text, .txt and saved .html pages (article text taken out with trafilatura)
go through the extractor; ACLED / UCDP / our CSV and GeoJSON files through
events.formats. Everything is previewed before it is saved; each file's errors are
shown next to its name, and nothing is saved from a file that failed.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import streamlit as st

import settings
import events
from events import ExtractionError, formats
from events.extract.text import decode, strip_html
from events.store import StoreError, article_record, text_hash

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
EVENT_SUFFIXES = {".csv", ".geojson", ".json", ".gpkg"}
PREVIEW_COLUMNS = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities",
                   "location", "location_ar", "admin1", "geo_precision", "source_attribution", "source_sentence"]


@dataclass
class Item:
    """One thing to add: an article's extracted events or an imported file's events."""
    name: str
    events: gpd.GeoDataFrame | None = None
    article: dict | None = None  # set for news articles, None for event-file imports
    error: str | None = None
    problems: list[str] = field(default_factory=list)


class IntakeError(Exception):
    """Input that cannot be used; the message is shown to the user as it is."""


def _extract(text: str, published, source: str | None, url: str | None, name: str) -> Item:
    if not text or not text.strip():
        raise IntakeError("There is no text to read: paste an article's text or choose a file.")
    try:
        gdf = events.extract(text, published=published or None, source=source or None, url=url or None, lang="auto")
    except ExtractionError as exc:
        raise IntakeError(f"Could not extract events: {exc}") from None
    return Item(name=name, events=gdf, article=article_record(gdf, text_hash(text), published, source, url))


def _decode(data: bytes, expected: str) -> str:
    """The text of an uploaded file (events.extract.text.decode), with a message for the page
    naming what kind of file was ``expected``."""
    try:
        return decode(data)
    except ExtractionError as exc:
        reason = str(exc).split(": expected")[0]  # decode's own 'expected ...' speaks of articles only
        raise IntakeError(f"This is not a text file we can read: {reason}. Expected {expected}.") from None


def html_text(page: str) -> str:
    """The article text of a saved web page (the extractor's own HTML handling)."""
    text = strip_html(page)
    if not text.strip():
        raise IntakeError("No article text was found in this page.")
    return text


def read_upload(name: str, data: bytes, published, source: str | None) -> Item:
    """One uploaded file -> an Item (with .error set instead of raising)."""
    suffix = Path(name).suffix.lower()
    try:
        if not data:
            raise IntakeError("The file is empty.")
        if suffix in ARTICLE_SUFFIXES:
            text = _decode(data, "a UTF-8 text or HTML article")
            if suffix in (".html", ".htm"):
                text = html_text(text)
            return _extract(text, published, source, None, name)
        if suffix in EVENT_SUFFIXES:
            if suffix != ".gpkg":
                # a binary file named .csv gets a clear message, not a parser error
                _decode(data, f"a UTF-8 {'CSV' if suffix == '.csv' else 'GeoJSON'} file of events")
            return _import(name, data, suffix)
        raise IntakeError(f"Files ending in {suffix or '(nothing)'} cannot be read; use .txt, .html, "
                          ".csv (ACLED, UCDP or this tool's) or .geojson.")
    except IntakeError as exc:
        return Item(name=name, error=str(exc))
    except formats.FormatError as exc:
        return Item(name=name, error=str(exc).replace(str(Path(tempfile.gettempdir())), "").lstrip("/"))
    except Exception as exc:  # a reader's unexpected failure still belongs next to its file
        return Item(name=name, error=f"Could not read this file ({type(exc).__name__}: {exc}).")


def _import(name: str, data: bytes, suffix: str) -> Item:
    with tempfile.TemporaryDirectory(prefix="dashboard-upload-") as workdir:
        path = os.path.join(workdir, "upload" + suffix)
        Path(path).write_bytes(data)
        try:
            result = formats.read(path)
        except formats.FormatError as exc:
            raise IntakeError(str(exc).replace(path, name)) from None
    problems = [str(p) for p in result.problems]
    if result.events is None or len(result.events) == 0:
        detail = f" ({len(problems)} rows rejected)" if problems else ""
        raise IntakeError(f"No events could be read from this file{detail}." +
                          (f" First problem: {problems[0]}" if problems else ""))
    return Item(name=name, events=result.events, problems=problems)


def save(store, item: Item):
    """Add one previewed item to the store; returns the AddResult."""
    return store.add_events(item.events, article=item.article)


# -- the page section --------------------------------------------------------------------------
def _preview(item: Item) -> None:
    if item.error:
        st.error(f"**{item.name}**: {item.error}")
        return
    n = len(item.events)
    st.markdown(f"**{item.name}**: {n} event{'s' if n != 1 else ''} found")
    for problem in item.problems[:20]:
        st.warning(f"{item.name}: {problem}")
    if len(item.problems) > 20:
        st.warning(f"{item.name}: {len(item.problems) - 20} more rows were left out.")
    if n:
        cols = [c for c in PREVIEW_COLUMNS if c in item.events.columns]
        st.dataframe(item.events[cols], hide_index=True, width="stretch")


def section(store, on_saved) -> None:
    """The 'Add articles' tab. ``on_saved`` is called after the store changed."""
    st.caption("Events are shown for review first; nothing is saved until you press Save.")
    meta1, meta2, meta3 = st.columns(3)
    published = meta1.date_input("Publication date", value=None, key="intake_published", format="YYYY-MM-DD",
                                 min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
    source = meta2.text_input("Source (outlet)", key="intake_source")
    url = meta3.text_input("Article URL (optional)", key="intake_url")

    paste_tab, files_tab = st.tabs(["Paste text", "Upload files"])
    with paste_tab:
        text = st.text_area("Article text (Arabic or English)", key="intake_text", height=180)
        fetch = settings.online() and url.strip().lower().startswith(("http://", "https://"))
        label = "Extract events" + (" (from the text, or fetched from the URL when the box is empty)" if fetch else "")
        if st.button(label, key="intake_extract"):
            try:
                if fetch and not (text or "").strip():
                    text = _fetch(url.strip())
                st.session_state["intake_items"] = [_extract(text, published, source, url, "Pasted text")]
            except IntakeError as exc:
                st.session_state["intake_items"] = [Item(name="Pasted text", error=str(exc))]
    with files_tab:
        uploads = st.file_uploader("Articles (.txt, .html) or event files (ACLED/UCDP .csv, .geojson)",
                                   accept_multiple_files=True, key="intake_files")
        if st.button("Read files", key="intake_read"):
            if not uploads:
                st.session_state["intake_items"] = [Item(name="Upload", error="Choose one or more files first.")]
            else:
                bar = st.progress(0.0, text="Reading files")
                items = []
                for i, up in enumerate(uploads, start=1):
                    items.append(read_upload(up.name, up.getvalue(), published, source))
                    bar.progress(i / len(uploads), text=f"Read {i} of {len(uploads)}: {up.name}")
                st.session_state["intake_items"] = items

    items: list[Item] = st.session_state.get("intake_items") or []
    for item in items:
        _preview(item)
    ready = [i for i in items if not i.error and i.events is not None and len(i.events)]
    if ready:
        total = sum(len(i.events) for i in ready)
        if st.button(f"Save {total} events to the store", type="primary", key="intake_save"):
            bar = st.progress(0.0, text="Saving")
            messages = []
            for n, item in enumerate(ready, start=1):
                try:
                    result = save(store, item)
                    messages.append(f"{item.name}: {result.added} added, {result.merged} merged with stored "
                                    f"events, {result.skipped} already stored")
                except StoreError as exc:
                    messages.append(f"{item.name}: not saved: {exc}")
                bar.progress(n / len(ready), text=f"Saved {n} of {len(ready)}")
            st.session_state["intake_items"] = []
            st.session_state["intake_done"] = messages
            on_saved()
    for message in st.session_state.pop("intake_done", []):
        (st.error if "not saved" in message else st.success)(message)


def _fetch(url: str) -> str:
    import trafilatura

    from trafilatura.settings import use_config

    config = use_config()
    # trafilatura refuses private and loopback addresses (SSRF protection); an intranet
    # mirror can be allowed explicitly.
    if settings.fetch_private():
        config.set("DEFAULT", "SSRF_PROTECTION", "off")
    page = trafilatura.fetch_url(url, config=config)
    if not page:
        raise IntakeError(f"Could not download {url}: no answer, not a web page, or a private address "
                          "(refused unless SYRIAMAP_FETCH_PRIVATE=1).")
    return html_text(page)

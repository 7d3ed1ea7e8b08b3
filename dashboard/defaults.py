"""The embedded default data: on first start with an empty store, the dashboard
loads the events of the seed report (dashboard/default_events.geojson, facts and
the team's notes only, made by dashboard/make_default_events.py), so a newcomer
sees a working map at once."""
from __future__ import annotations

import logging
from pathlib import Path

from events import formats

DEFAULT_EVENTS = Path(__file__).resolve().parent / "default_events.geojson"
log = logging.getLogger(__name__)


def seed_if_empty(store) -> str:
    """Fill an empty store with the default events; return a message for the page ('' if not done)."""
    if store.count() > 0 or not DEFAULT_EVENTS.exists():
        return ""
    result = formats.read(DEFAULT_EVENTS, "geojson")
    added = store.add_events(result.events).added
    log.info("store was empty: loaded %d default events", added)
    return (f"The event store was empty, so it now holds {added} example events from one news report "
            "(RT Arabic, 5 June 2015). Add your own articles under 'Add articles'.")

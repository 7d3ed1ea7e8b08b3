"""Geocoded, ACLED-style events from Arabic and English news about the war in Syria.

    import events
    gdf = events.extract(text, published="2015-06-05", source="RT Arabic", url=None, lang="auto")
    table = events.extract_many([{"text": t, "published": d} for t, d in articles])  # one table, faster
    table = events.merge([gdf1, gdf2])   # the same event across reports -> one row, every source kept
    events.ExtractionError               # empty text, binary content, unreadable date...
"""
from events.extract import ExtractionError, extract, extract_many, merge

__all__ = ["extract", "extract_many", "merge", "ExtractionError"]

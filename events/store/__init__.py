"""The event store: one small interface, one backend per storage (GeoPackage today).

    from events.store import open_store
    store = open_store()            # settings.store_path(), i.e. $EVENTS_STORE or data/events.gpkg
    store.add_article(text, published="2015-06-05", source="RT Arabic")
    store.events()                  # GeoDataFrame with the schema's columns, EPSG:4326

A PostGIS backend for teams sharing one store would be a second subclass of ``Store``
chosen by ``open_store`` from the path (e.g. a ``postgresql://`` URL).
"""
from __future__ import annotations

import abc
import hashlib
import unicodedata
from dataclasses import dataclass
from os import PathLike

import geopandas as gpd
import pandas as pd


class StoreError(Exception):
    """A store operation that cannot be done; the message says why. The store is unchanged."""


@dataclass(frozen=True)
class AddResult:
    added: int = 0  # new event rows
    merged: int = 0  # reports of events already in the store: a source was added
    skipped: int = 0  # already stored (same article text or same event id and source)

    def __add__(self, other: "AddResult") -> "AddResult":
        return AddResult(self.added + other.added, self.merged + other.merged, self.skipped + other.skipped)


def text_hash(text: str) -> str:
    """Hash of an article's text, insensitive to Unicode form and whitespace layout."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class Store(abc.ABC):
    """What every backend offers. Every write is one transaction: all of it or nothing."""

    path: object

    @abc.abstractmethod
    def events(self, include_deleted: bool = False) -> gpd.GeoDataFrame: ...

    @abc.abstractmethod
    def add_events(self, gdf: gpd.GeoDataFrame, article: dict | None = None) -> AddResult: ...

    def add_article(self, text: str, published=None, source=None, url=None, lang="auto") -> AddResult:
        """Extract the events of one article and save them with the article, atomically.

        Idempotent: an article whose text was stored before changes nothing."""
        digest = text_hash(text)
        if self.has_article(digest):
            return AddResult(skipped=1)
        import events  # the extractor lives in the package root; imported late to avoid a cycle

        gdf = events.extract(text, published=published, source=source, url=url, lang=lang)
        return self.add_events(gdf, article=article_record(gdf, digest, published, source, url, lang))

    def add_articles(self, articles: list[dict]) -> list[AddResult | Exception]:
        """``add_article`` for each of many articles (mappings with "text" and optionally
        "published", "source", "url", "lang"), each in its own transaction.

        Returns, per article in order, its AddResult or the error (StoreError, ExtractionError)
        that stopped it; one bad article does not stop the others."""
        from events import ExtractionError

        out: list[AddResult | Exception] = []
        for item in articles:
            try:
                out.append(self.add_article(item["text"], item.get("published"), item.get("source"),
                                            item.get("url"), item.get("lang") or "auto"))
            except (StoreError, ExtractionError) as exc:
                out.append(exc)
        return out

    @abc.abstractmethod
    def has_article(self, text_hash: str) -> bool: ...

    @abc.abstractmethod
    def edit(self, event_id: str, **fields) -> None: ...

    @abc.abstractmethod
    def delete(self, event_id: str) -> None: ...

    @abc.abstractmethod
    def restore(self, event_id: str) -> None: ...

    @abc.abstractmethod
    def articles(self) -> pd.DataFrame: ...

    @abc.abstractmethod
    def count(self) -> int: ...

    @abc.abstractmethod
    def sources(self, event_id: str) -> pd.DataFrame: ...

    @abc.abstractmethod
    def edits(self, event_id: str | None = None) -> pd.DataFrame: ...

    @abc.abstractmethod
    def revision(self) -> str:
        """Changes whenever the store is written: a cache key for readers such as the dashboard."""


def _iso_or_none(value) -> str | None:
    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError) as exc:
        raise StoreError(f"published date {value!r} is not a date (use YYYY-MM-DD)") from exc


def article_record(gdf, digest: str, published=None, source=None, url=None, lang="auto") -> dict:
    """The article row saved with its extracted events (``Store.add_events(gdf, article=...)``).

    ``digest`` is ``text_hash`` of the article's text; the language is ``lang`` unless "auto",
    else the one the extractor found."""
    language = lang if lang and lang != "auto" else None
    if language is None and "language" in gdf and gdf["language"].notna().any():
        language = str(gdf["language"].dropna().iloc[0])
    return {"url": url or None, "outlet": source or None, "published": _iso_or_none(published),
            "language": language, "text_hash": digest}


def open_store(path: str | PathLike | None = None) -> Store:
    """Open the store at ``path`` (default: settings.store_path()), creating it if missing."""
    import settings

    from .gpkg import GeoPackageStore

    return GeoPackageStore(settings.store_path() if path is None else path)


__all__ = ["AddResult", "Store", "StoreError", "article_record", "open_store", "text_hash"]

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
        return self._save_article(gdf, digest, published, source, url, lang)

    def add_articles(self, articles: list[dict]) -> list[AddResult | Exception]:
        """``add_article`` for many articles (mappings with "text" and optionally "published",
        "source", "url", "lang"): one extraction pass for all of them (``events.extract_many``,
        which builds one table instead of one per article), then each article saved in its own
        transaction, so an interrupted ingest leaves whole articles only.

        Returns, per article in order, its AddResult or the error (StoreError, ExtractionError)
        that stopped it; one bad article does not stop the others."""
        import events
        from events.extract.text import article_id, clean

        out: list[AddResult | Exception | None] = [None] * len(articles)
        todo: dict[str, int] = {}  # the extractor's article id -> position
        seen: set[str] = set()
        for i, item in enumerate(articles):
            digest = text_hash(item["text"])
            if digest in seen or self.has_article(digest):
                out[i] = AddResult(skipped=1)
                continue
            seen.add(digest)
            try:
                _iso_or_none(item.get("published"))
                aid = article_id(clean(item["text"]))  # how the extracted rows name their article
            except (StoreError, events.ExtractionError) as exc:
                out[i] = exc
                continue
            if aid in todo:  # same cleaned text under another layout: its own pass, after the others
                continue
            todo[aid] = i
        try:
            gdf = events.extract_many(articles[i] for i in todo.values())
        except events.ExtractionError:
            gdf = None  # one article the extractor refuses: extract them one by one below
        for aid, i in todo.items():
            item = articles[i]
            try:
                if gdf is None:
                    out[i] = self.add_article(item["text"], item.get("published"), item.get("source"),
                                              item.get("url"), item.get("lang") or "auto")
                else:
                    rows = gdf[gdf["article_id"] == aid] if len(gdf) else gdf
                    out[i] = self._save_article(rows, text_hash(item["text"]), item.get("published"),
                                                item.get("source"), item.get("url"), item.get("lang") or "auto")
            except (StoreError, events.ExtractionError) as exc:
                out[i] = exc
        for i, item in enumerate(articles):  # the rare same-text duplicates left above
            if out[i] is None:
                try:
                    out[i] = self.add_article(item["text"], item.get("published"), item.get("source"),
                                              item.get("url"), item.get("lang") or "auto")
                except (StoreError, events.ExtractionError) as exc:
                    out[i] = exc
        return out

    def _save_article(self, gdf, digest: str, published, source, url, lang) -> AddResult:
        article = {"url": url, "outlet": source, "published": _iso_or_none(published),
                   "language": _language(gdf, lang), "text_hash": digest}
        return self.add_events(gdf, article=article)

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


def _language(gdf, lang: str) -> str | None:
    if lang and lang != "auto":
        return lang
    if "language" in gdf and gdf["language"].notna().any():
        return str(gdf["language"].dropna().iloc[0])
    return None


def open_store(path: str | PathLike | None = None) -> Store:
    """Open the store at ``path`` (default: settings.store_path()), creating it if missing."""
    import settings

    from .gpkg import GeoPackageStore

    return GeoPackageStore(settings.store_path() if path is None else path)


__all__ = ["AddResult", "Store", "StoreError", "open_store", "text_hash"]

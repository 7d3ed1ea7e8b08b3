"""The store's batch ingest (one extract_many pass, one transaction per article) stores what
article-by-article ingest stores, and one bad article does not stop the others."""
from __future__ import annotations

from events import ExtractionError
from events.store import AddResult, open_store


def test_add_articles_stores_the_same_events_as_add_article(dev, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted((dev / "articles").glob("*.txt"))[:4]]
    items = [{"text": t, "published": "2016-03-01", "source": "Dev set"} for t in texts]
    items.insert(2, {"text": "   ", "published": "2016-03-01"})  # empty article: its own error
    items.append(dict(items[0]))  # the same article again: skipped
    batch = open_store(tmp_path / "batch.gpkg")
    results = batch.add_articles(items)
    assert isinstance(results[2], ExtractionError)
    assert results[-1] == AddResult(skipped=1)
    assert sum(r.added for r in results if isinstance(r, AddResult)) > 0

    single = open_store(tmp_path / "single.gpkg")
    for t in texts:
        single.add_article(t, published="2016-03-01", source="Dev set")
    got = batch.events().sort_values("event_id").reset_index(drop=True)
    want = single.events().sort_values("event_id").reset_index(drop=True)
    assert len(got) == len(want) > 0
    assert got.drop(columns="geometry").astype(object).fillna("∅").equals(want.drop(columns="geometry").astype(object).fillna("∅"))
    assert len(batch.articles()) == len(texts)

"""Helper process for the atomicity tests: adds articles of generated events to a store,
one transaction per article, printing the number of committed articles after each."""
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fixtures import events  # noqa: E402

from events.store import open_store, text_hash  # noqa: E402

path, prefix, n_articles, per_article = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = open_store(path)
for i in range(n_articles):
    article_id = f"{prefix}-a{i:05d}"
    seed = i + 100_000 * (zlib.crc32(prefix.encode()) % 1000)  # distinct events per writer and article
    gdf = events(per_article, seed=seed, prefix=f"{prefix}-{i}", article_id=article_id)
    result = store.add_events(gdf, article={"id": article_id, "text_hash": text_hash(article_id), "outlet": prefix})
    assert result.added == per_article, result
    print(i + 1, flush=True)

"""Event store and formats: ingest rate, 100,000-event store size and read time, export time
per format. A plain script: `python benchmarks/bench_store.py [N_EVENTS]`; prints figures."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import settings  # noqa: E402
from events import formats, schema  # noqa: E402
from events.filters import GOVERNORATES, Filters, apply_filters  # noqa: E402
from events.store import open_store, text_hash  # noqa: E402


def synthetic(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``n`` plausible events over Syria, built vectorised (Arabic text included)."""
    rng = np.random.default_rng(seed)
    codes = list(GOVERNORATES)
    gov = rng.integers(0, len(codes), n)
    types = [(t, s) for t, subs in schema.EVENT_TYPES.items() for s in subs]
    kind = rng.integers(0, len(types), n)
    frame = pd.DataFrame({
        "event_id": [f"bench-{seed}-{i:07d}" for i in range(n)],
        "event_date": pd.to_datetime("2012-01-01") + pd.to_timedelta(rng.integers(0, 4000, n), unit="D"),
        "time_precision": rng.integers(1, 4, n),
        "event_type": [types[k][0] for k in kind],
        "sub_event_type": [types[k][1] for k in kind],
        "actor1": rng.choice(["Military Forces of Syria (2000-2024)", "Islamic State", "Hayat Tahrir al-Sham"], n),
        "actor2": rng.choice(["Civilians (Syria)", "Syrian Democratic Forces", None], n),
        "inter1": rng.integers(1, 9, n),
        "fatalities": rng.integers(0, 40, n),
        "location": [f"Place {i % 5000}" for i in range(n)],
        "location_ar": [f"قرية رقم {i % 5000}" for i in range(n)],
        "geonameid": rng.integers(100000, 200000, n),
        "admin1": [GOVERNORATES[codes[g]][0] for g in gov],
        "admin1_pcode": [codes[g] for g in gov],
        "geo_precision": rng.integers(1, 4, n),
        "source": rng.choice(["SANA", "SOHR", "Enab Baladi", "RT Arabic"], n),
        "source_attribution": rng.choice(["المرصد السوري لحقوق الإنسان", "ناشطون", "مصدر عسكري"], n),
        "source_sentence": ["قصف مدفعي على القرية وسقوط ضحايا بحسب ناشطين في المنطقة"] * n,
        "language": rng.choice(["ar", "en"], n),
        "notes": ["Shelling reported on the village; several houses damaged."] * n,
    })
    frame["event_date"] = frame["event_date"].dt.strftime("%Y-%m-%d")
    geometry = gpd.points_from_xy(rng.uniform(35.8, 42.0, n), rng.uniform(32.4, 37.2, n), crs=schema.CRS)
    return schema.conform(gpd.GeoDataFrame(frame, geometry=geometry, crs=schema.CRS))


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"  {label:<46} {elapsed:8.2f} s")
    return result, elapsed


def bench_ingest(workdir: Path) -> None:
    print("Ingest (real extractor, shared dev articles + seed):")
    shared = settings.shared_dir()
    if shared is None:
        print("  skipped: no shared data folder")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "dev" / "articles").glob("*.txt"))]
    texts.append((shared / "seed" / "rt_2015-06-05_syria.ar.txt").read_text(encoding="utf-8"))
    store = open_store(workdir / "ingest.gpkg")
    import events

    events.extract(texts[0])  # load the gazetteer and lexicons once, outside the timing
    start = time.perf_counter()
    for text in texts:
        store.add_article(text, published="2015-06-05", source="bench")
    elapsed = time.perf_counter() - start
    print(f"  {len(texts)} articles, {store.count()} events: {len(texts) / elapsed:.2f} articles/s "
          f"({elapsed / len(texts) * 1000:.0f} ms/article, extraction included)")
    extract_start = time.perf_counter()
    for text in texts:
        events.extract(text, published="2015-06-05")
    extract_only = time.perf_counter() - extract_start
    print(f"  of which extraction alone: {extract_only / len(texts) * 1000:.0f} ms/article")


def bench_store_writes(path: Path, n_articles: int = 200) -> None:
    store = open_store(path)
    batches = [synthetic(20, seed=1000 + i) for i in range(n_articles)]
    for i, b in enumerate(batches):
        b["geonameid"] = b["geonameid"] + 10_000_000 * (i + 1)  # new places: no merges
    start = time.perf_counter()
    for i, b in enumerate(batches):
        store.add_events(b, article={"id": f"bench-a{i}", "text_hash": text_hash(f"bench {i}")})
    elapsed = time.perf_counter() - start
    print(f"  {n_articles / elapsed:.1f} articles/s ({elapsed / n_articles * 1000:.1f} ms per article)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workdir = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        bench_ingest(workdir)
        print(f"Store of {n:,} synthetic events:")
        gdf, _ = timed("build the table", synthetic, n)
        path = workdir / "events.gpkg"
        store = open_store(path)
        timed(f"add_events ({n:,}, one transaction)", store.add_events, gdf)
        size = path.stat().st_size
        print(f"  {'store size':<46} {size / 1e6:8.1f} MB ({size / n * 100_000 / 1e6:.1f} MB per 100,000 events)")
        got, _ = timed("store.events() (read all)", store.events)
        assert len(got) == n
        timed("store.events() again (warm cache)", store.events)
        timed("apply_filters (governorate + dates)", apply_filters, got,
              Filters(date_from="2014-01-01", date_to="2015-12-31", governorates=("Idlib",)))
        _, copy = timed("copy of the store file (the rejected temp-copy way)", shutil.copy, path, workdir / "copy.gpkg")
        print(f"  -> a temp copy + os.replace per article would cost {copy * 1000:.0f} ms per article at this size; "
              "one SQLite transaction does not grow with the store")
        print("Store writes alone (one transaction per article of 20 events, into that store):")
        bench_store_writes(path)

        print(f"Export of {n:,} events:")
        for name, fmt in formats.FORMATS.items():
            out = workdir / f"export{fmt.extension}"
            _, _ = timed(f"{name}", formats.export, got, name, out)
            print(f"  {'':<46} {out.stat().st_size / 1e6:8.1f} MB")
            out.unlink()
        print(f"Import of {n:,} events:")
        for name in ("geojson", "csv", "acled-csv"):
            out = workdir / f"in-{name}{formats.FORMATS[name].extension}"
            formats.export(got, name, out)
            result, _ = timed(f"read {name}", formats.read, out, name)
            assert len(result.events) == n and not result.problems
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()

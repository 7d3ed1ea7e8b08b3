"""Extraction speed: articles per second for Arabic and English news of about 3 KB, one core.

The rate is per CPU second of this process (one core, pinned); the wall-clock rate is printed
beside it, as it also counts time lost to other programs on a busy machine. On a shared machine
even CPU time swells when other programs run on the same core (caches, frequency), so the rates of
the median and the best round are printed too: the mean says what a busy machine gives, the median
round what a typical stretch of it gives, the best round what the code costs. Stage times
(geoparse, table, rules) are means over all rounds.

The first pass over the articles is timed on its own ("first reading"): the process has not seen
their words yet (the gazetteer's per-word analyses and word frequencies are cached per process),
as with every new article of a long ingest. The rounds after it read the same articles again. Two figures per
language: events.extract() article by article (one table each) and events.extract_many() on all
the articles of a round (one table for all of them, as a batch ingest would use it).

Run: .venv/bin/python benchmarks/bench_extract.py [--rounds N]
To compare two versions of the code on a figure that does not swing with the machine's load,
count instructions with benchmarks/instructions_extract.py.
The articles are built at run time from the shared dev set (never copied into the repository):
consecutive dev texts of one language joined and cut at a sentence end near 3,000 bytes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import settings  # noqa: E402


def articles(lang: str, size: int = 3000) -> list[str]:
    folder = settings.shared_dir() / "dev" / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"*.{lang}.txt"))]
    out = []
    for i in range(len(texts)):
        joined = "\n\n".join(texts[i:] + texts[:i])
        data = joined.encode("utf-8")[:size].decode("utf-8", "ignore")
        cut = max(data.rfind("."), data.rfind("\n"))
        out.append(data[:cut + 1] if cut > size // 2 else data)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    import events
    from events.extract import places, table

    # time spent in the stages inside extract: the gazetteer's geoparse (not this package's) and
    # building the GeoDataFrame from the rows
    spent = {"geoparse": 0.0, "table": 0.0}

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t
        return wrapper

    t0 = time.perf_counter()
    gaz = places.gazetteer()
    print(f"gazetteer load (once per process): {time.perf_counter() - t0:.2f} s")
    gaz.geoparse = timed("geoparse", gaz.geoparse)
    table.from_rows = timed("table", table.from_rows)

    for lang, published in (("ar", "2015-06-05"), ("en", "2015-06-05")):
        docs = articles(lang)
        events.extract(docs[0], published=published)  # warm caches (lexicons compiled once)
        size = sum(len(d.encode("utf-8")) for d in docs) / len(docs)
        print(f"{lang}: {len(docs)} articles of {size:,.0f} bytes on average, {args.rounds} rounds")
        cpu_start = time.process_time()
        for d in docs[1:]:
            events.extract(d, published=published)
        first = time.process_time() - cpu_start
        print(f"  first reading (extract, words not yet seen by the process): {(len(docs) - 1) / first:6.1f} articles/s of CPU time "
              f"({first / (len(docs) - 1) * 1000:.1f} ms each)")
        for label, run in (("extract (one table per article)", lambda: [len(events.extract(d, published=published)) for d in docs]),
                           ("extract_many (one table per round)", lambda: [len(events.extract_many({"text": d, "published": published} for d in docs))])):
            n, rows = 0, 0
            spent.update(geoparse=0.0, table=0.0)
            start, cpu_start = time.perf_counter(), time.process_time()
            rounds = []
            for _ in range(args.rounds):
                round_start = time.process_time()
                rows += sum(run())
                n += len(docs)
                rounds.append(time.process_time() - round_start)
            best, median = min(rounds), statistics.median(rounds)
            wall = time.perf_counter() - start
            elapsed = time.process_time() - cpu_start  # CPU time of this process: what one core delivers
            own = elapsed - spent["geoparse"] - spent["table"]
            print(f"  {label}: {n / elapsed:6.1f} articles/s of CPU time, median round {len(docs) / median:.1f}/s, best round {len(docs) / best:.1f}/s "
                  f"({n / wall:.1f}/s wall clock; {elapsed / n * 1000:.1f} ms each, best round {best / len(docs) * 1000:.1f} ms; "
                  f"{rows / n:.1f} event rows each)")
            print(f"      of which gazetteer geoparse {spent['geoparse'] / n * 1000:.1f} ms, table {spent['table'] / n * 1000:.1f} ms, "
                  f"extractor rules {own / n * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m events extract`` and ``python -m events evaluate``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("geojson", "csv")


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="extract events from article files (Arabic or English, text or HTML)",
                              description="Extract ACLED-style events from news articles; several files give one merged table.")
    p.add_argument("files", nargs="+", metavar="FILE", help="article files (UTF-8 text or HTML)")
    p.add_argument("--published", help="publication date of the articles, YYYY-MM-DD")
    p.add_argument("--source", help="outlet name, kept in the source column")
    p.add_argument("--url", help="article URL, kept in the source_url column")
    p.add_argument("--lang", choices=("auto", "ar", "en"), default="auto", help="language (default: detected by script)")
    p.add_argument("--format", choices=FORMATS, default="geojson", help="output format (default geojson)")
    p.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    p.set_defaults(func=run_extract)

    e = subparsers.add_parser("evaluate", help="recall and precision of the extractor on an annotated folder",
                              description="Compare extracted events with annotations.jsonl of a folder like ../shared/dev.")
    e.add_argument("folder", help="folder holding annotations.jsonl and articles/")
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    e.add_argument("--details", action="store_true", help="list missed gold events and unmatched rows")
    e.set_defaults(func=run_evaluate)


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_extract(args) -> int:
    from events.extract import ExtractionError, dates

    try:
        published = dates.parse_published(args.published)
    except ExtractionError as exc:
        _err(str(exc))
        return 2
    import events

    tables, failed = [], 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            _err(f"{name}: cannot read: {exc.strerror or exc}")
            failed += 1
            continue
        try:
            gdf = events.extract(data, published=published, source=args.source, url=args.url, lang=args.lang)
        except ExtractionError as exc:
            _err(f"{name}: {exc}")
            failed += 1
            continue
        except Exception as exc:  # keep going with the other files; the message names the file
            _err(f"{name}: extraction failed: {type(exc).__name__}: {exc}")
            failed += 1
            continue
        if gdf.empty:
            print(f"note: {name}: no events found", file=sys.stderr)
        else:
            print(f"{name}: {len(gdf)} event rows", file=sys.stderr)
        tables.append(gdf)
    if not tables:
        return 1
    table = events.merge(tables) if len(tables) > 1 else tables[0]
    if not _write(table, args.format, args.output):
        return 1
    return 1 if failed else 0


def _write(table, fmt: str, output: str | None) -> bool:
    from events import formats

    try:
        if output:
            formats.export(table, fmt, output)
        else:
            sys.stdout.buffer.write(formats.to_bytes(table, fmt))
            sys.stdout.flush()
    except (OSError, formats.FormatError) as exc:
        _err(f"cannot write output: {exc}")
        return False
    return True


def run_evaluate(args) -> int:
    from events import evaluate

    folder = Path(args.folder)
    try:
        report = evaluate.evaluate(folder)
    except evaluate.EvaluationError as exc:
        _err(str(exc))
        return 2
    if args.json:
        import json

        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(evaluate.format_report(report, details=args.details))
    return 0

"""Store subcommands of ``python -m events``: ingest, edit, delete, export, import, list.

Every command takes ``--store PATH`` (default: $EVENTS_STORE, else events.gpkg in the data
directory). Errors print one clear line on stderr and return a non-zero exit code; the
store is left as it was.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings

from . import formats
from .extract import ExtractionError
from .extract.text import decode
from .filters import Filters, apply_filters
from .formats import FormatError
from .store import AddResult, StoreError, open_store, text_hash


def register(subparsers) -> None:
    def store_arg(p):
        p.add_argument("--store", type=Path, default=None,
                       help=f"event store file (default: $EVENTS_STORE or {settings.store_path()})")

    def filter_args(p):
        p.add_argument("--from", dest="date_from", metavar="DATE", help="first event date, YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", metavar="DATE", help="last event date, YYYY-MM-DD")
        p.add_argument("--governorate", action="append", default=[], metavar="NAME",
                       help="P-code (SY05) or name (Hama, حماة); repeat for several")
        p.add_argument("--actor", action="append", default=[], help="part of an actor's name; repeatable")
        p.add_argument("--type", dest="event_type", action="append", default=[], metavar="EVENT_TYPE",
                       help="ACLED event type, e.g. Battles; repeatable")
        p.add_argument("--include-deleted", action="store_true", help="include tombstoned events")

    p = subparsers.add_parser("ingest", help="extract events from article text files and add them to the store")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR",
                   help="UTF-8 text or HTML files, or folders of them (*.txt, *.html, *.htm)")
    p.add_argument("--published", metavar="DATE", help="publication date of the articles, YYYY-MM-DD")
    p.add_argument("--source", metavar="OUTLET", help="news outlet of the articles")
    p.add_argument("--url", help="address of the article (single file only)")
    p.add_argument("--lang", default="auto", choices=["auto", "ar", "en"])
    store_arg(p)
    p.set_defaults(func=cmd_ingest)

    p = subparsers.add_parser("edit", help="correct fields of an event; the correction survives re-ingestion")
    p.add_argument("event_id")
    p.add_argument("--set", dest="assignments", action="append", required=True, metavar="FIELD=VALUE",
                   help="e.g. --set location=Saraqib --set admin1_pcode=SY07 (empty value clears)")
    store_arg(p)
    p.set_defaults(func=cmd_edit)

    p = subparsers.add_parser("delete", help="tombstone an event (kept, hidden from lists and exports)")
    p.add_argument("event_id")
    p.add_argument("--undo", action="store_true", help="restore a deleted event")
    store_arg(p)
    p.set_defaults(func=cmd_delete)

    p = subparsers.add_parser(
        "export", help="write the store, or a filtered part, in a GIS format",
        epilog="CSV files are UTF-8 without a BOM. To keep Arabic intact in Excel, do not double-click the "
               "file: use Data > From Text/CSV (Get Data) and choose File Origin '65001: Unicode (UTF-8)'. "
               "LibreOffice, QGIS, R and pandas read it directly. Text cells starting with = + - @ get a "
               "leading ' so spreadsheets do not run them as formulas; `import` removes it again.")
    p.add_argument("--format", default="geojson", choices=list(formats.FORMATS))
    p.add_argument("-o", "--output", metavar="PATH",
                   help="output file; '-' for standard output (default: events_<filter>.<ext>)")
    filter_args(p)
    store_arg(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("import", help="add events from ACLED CSV, UCDP GED CSV, or our GeoJSON/CSV/GeoPackage")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=list(formats.READERS), help="default: guessed from name and header")
    p.add_argument("--skip-bad", action="store_true",
                   help="import the good rows even when some rows have problems (they are listed)")
    store_arg(p)
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("list", help="show events in the store")
    filter_args(p)
    p.add_argument("--limit", type=int, default=50, help="rows to show (0: all)")
    p.add_argument("--articles", action="store_true", help="list the ingested articles instead")
    store_arg(p)
    p.set_defaults(func=cmd_list)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _open(args):
    return open_store(args.store)


def _filters(args) -> Filters:
    return Filters(date_from=args.date_from, date_to=args.date_to, event_types=tuple(args.event_type),
                   actors=tuple(args.actor), governorates=tuple(args.governorate))


ARTICLE_SUFFIXES = (".txt", ".html", ".htm")  # the extractor reads plain text and HTML pages


def _article_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def cmd_ingest(args) -> int:
    from tqdm import tqdm

    try:
        files = _article_files(args.paths)
        store = _open(args)
    except (FileNotFoundError, StoreError) as exc:
        return _fail(str(exc))
    if args.url and len(files) != 1:
        return _fail("--url applies to a single article file")
    total, known, failed = AddResult(), 0, []
    for path in tqdm(files, desc="ingest", unit="article", disable=None):
        try:
            # decoded as the dashboard's upload and `extract` do (BOM stripped, cp1256 fallback),
            # so a file is the same article whichever way it comes in
            text = decode(path.read_bytes())
        except ExtractionError:
            failed.append(f"{path}: not UTF-8 text")
            continue
        except OSError as exc:
            failed.append(f"{path}: {exc}")
            continue
        try:
            if store.has_article(text_hash(text)):
                known += 1
                continue
            result = store.add_article(text, published=args.published, source=args.source, url=args.url,
                                       lang=args.lang)
        except (StoreError, OSError, ExtractionError) as exc:
            failed.append(f"{path}: {exc}")
            continue
        total = total + result
    print(f"{len(files)} article(s): {known} already in the store, {len(failed)} failed; "
          f"{total.added} new event(s), {total.merged} new report(s) of known events; "
          f"{store.count()} events in {store.path}")
    for line in failed:
        print(f"error: {line}", file=sys.stderr)
    return 1 if failed else 0


def cmd_edit(args) -> int:
    fields = {}
    for item in args.assignments:
        if "=" not in item:
            return _fail(f"--set {item!r}: write FIELD=VALUE, e.g. --set location=Saraqib")
        name, value = item.split("=", 1)
        fields[name.strip()] = value
    try:
        store = _open(args)
        store.edit(args.event_id, **fields)
    except StoreError as exc:
        return _fail(str(exc))
    print(f"edited {args.event_id}: " + ", ".join(f"{k}={v!r}" for k, v in fields.items()))
    return 0


def cmd_delete(args) -> int:
    try:
        store = _open(args)
        (store.restore if args.undo else store.delete)(args.event_id)
    except StoreError as exc:
        return _fail(str(exc))
    print(f"{'restored' if args.undo else 'deleted'} {args.event_id}")
    return 0


def cmd_export(args) -> int:
    try:
        filters = _filters(args)
        store = _open(args)
        gdf = apply_filters(store.events(include_deleted=args.include_deleted), filters)
        fmt = formats.FORMATS[args.format]
        if args.output == "-":
            sys.stdout.buffer.write(formats.to_bytes(gdf, args.format))
            sys.stdout.flush()
            return 0
        output = Path(args.output or f"events_{filters.slug()}{'.acled' if args.format == 'acled-csv' else ''}{fmt.extension}")
        formats.export(gdf, args.format, output)
    except (ValueError, StoreError, FormatError, OSError) as exc:
        return _fail(str(exc))
    print(f"wrote {len(gdf)} event(s) to {output} ({args.format})", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    try:
        result = formats.read(args.file, args.format)
    except FormatError as exc:
        return _fail(f"{exc}; nothing imported")
    for problem in result.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    if result.problems and not args.skip_bad:
        return _fail(f"{len(result.problems)} row(s) of {args.file} have problems (listed above); nothing imported. "
                     "Fix them, or add --skip-bad to import the other rows")
    try:
        store = _open(args)
        added = store.add_events(result.events)
    except StoreError as exc:
        return _fail(f"{exc}; nothing imported")
    skipped = f", {len(result.problems)} bad row(s) left out" if result.problems else ""
    print(f"imported {added.added} new event(s) from {args.file}, {added.skipped} already in the store{skipped}")
    return 0


def cmd_list(args) -> int:
    try:
        filters = _filters(args)
        store = _open(args)
        if args.articles:
            table = store.articles()
        else:
            gdf = apply_filters(store.events(include_deleted=args.include_deleted), filters)
            table = gdf[["event_id", "event_date", "event_type", "location", "admin1", "actor1", "actor2",
                         "fatalities"]]
    except (ValueError, StoreError) as exc:
        return _fail(str(exc))
    total = len(table)
    if args.limit:
        table = table.head(args.limit)
    if total:
        print(table.astype(object).where(table.notna(), "").to_string(index=False))
    print(f"{total} {'article' if args.articles else 'event'}(s)" + (f", first {len(table)} shown" if len(table) < total else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    """The store commands alone: ``python -m events.cli_store`` (``python -m events`` has them all)."""
    parser = argparse.ArgumentParser(prog="python -m events.cli_store")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

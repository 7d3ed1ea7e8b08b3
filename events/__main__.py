"""Command line: ``python -m events SUBCOMMAND``.

Subcommands come from two modules: extraction (extract, evaluate) and the
store (ingest, edit, delete, export, import, list).
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from events import cli_extract, cli_store

    parser = argparse.ArgumentParser(
        prog="python -m events",
        description="Turn news articles about Syria into geocoded, ACLED-style events.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cli_extract.register(sub)
    cli_store.register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

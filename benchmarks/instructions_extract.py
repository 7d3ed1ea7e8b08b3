"""Machine instructions per article of events.extract(), counted by valgrind's callgrind.

On a shared virtual machine the time of the same code swings by a third or more from run to run (other
guests share the caches); the number of instructions executed does not. Two versions of the code
compare on it: a change that lowers it makes extraction cheaper, whatever the timings of the day
say. It counts instructions, not cache misses or regex time alone, so confirm a gain with
bench_extract.py on a quiet machine.

Run: .venv/bin/python benchmarks/instructions_extract.py [--lang ar|en|both]   (needs valgrind;
about 30 s per language). The articles are those of bench_extract.py; each is read once before
counting, so the counts are of articles the process has seen (the rounds of bench_extract.py).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

_MARK = "SYRIAMAP_UNDER_CALLGRIND"


def _count(lang: str) -> None:
    """Under callgrind: warm up, then switch instrumentation on for one pass over the articles."""
    from bench_extract import articles

    import events
    from events.extract import places

    places.gazetteer()
    docs = articles(lang)
    for d in docs:
        events.extract(d, published="2015-06-05")
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=True)
    for d in docs:
        events.extract(d, published="2015-06-05")
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=True)
    print(f"articles {len(docs)}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=["ar", "en", "both"], default="both")
    args = parser.parse_args()
    if os.environ.get(_MARK):
        _count(args.lang)
        return 0
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 1
    env = {**os.environ, _MARK: "1", "PYTHONHASHSEED": "0"}  # the same dict layouts on every run
    for lang in (["ar", "en"] if args.lang == "both" else [args.lang]):
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={tmp}/out",
                 sys.executable, __file__, "--lang", lang],
                env=env, capture_output=True, text=True)
        collected = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
        n = re.search(r"articles (\d+)", done.stderr)
        if done.returncode or not collected or not n:
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
        print(f"{lang}: {int(collected.group(1)) / int(n.group(1)) / 1e6:.2f} million instructions per article "
              f"({n.group(1)} articles, each read once before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

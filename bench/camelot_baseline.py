"""The baseline of bench/run.py: plain camelot, lattice, every page of every file, one file after another.

    python bench/camelot_baseline.py FILES.json     (a JSON list of PDF paths)

Prints one JSON line: tables found, files camelot failed on.
"""
from __future__ import annotations

import json
import sys
import warnings

import camelot


def main() -> None:
    files = json.loads(open(sys.argv[1], encoding="utf-8").read())
    tables = failed = 0
    warnings.simplefilter("ignore")
    for path in files:
        try:
            tables += len(camelot.read_pdf(path, pages="all", flavor="lattice"))
        except Exception as err:  # an image-only or broken file: counted, the baseline goes on
            failed += 1
            print(f"{path}: {type(err).__name__}: {err}", file=sys.stderr)
        print(f"{path}", file=sys.stderr, flush=True)
    print(json.dumps({"tables": tables, "failed": failed}))


if __name__ == "__main__":
    main()

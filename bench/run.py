"""The load benchmark: `warehouse load` of a whole corpus against plain camelot on every page, in one run.

    .venv/bin/python bench/run.py [CORPUS]        (default: ../shared/corpus/real)

1. the pipeline: `warehouse load CORPUS` exactly as a user runs it on a new machine — a fresh embedded
   PostgreSQL in a temporary folder (initdb, start, migrations), extraction, checks, database writes;
2. the baseline: `camelot.read_pdf(path, pages="all", flavor="lattice")` over the same files, one after
   the other, in a process of its own (bench/camelot_baseline.py).
3. where the corpus holds scans (no text layer: read by OCR), `warehouse load` of its text PDFs alone, so that
   "text pages are not slowed" can be read off the same run.
All are timed on the wall clock and their memory is sampled over their whole process tree (the
PostgreSQL server excluded: it is the store, not the pipeline). Then every file is extracted again in this one
process, one after another: each file's facts in the warehouse must have the same digest (bench/facts.py) as
that extraction's, so a faster pipeline that loses or changes a fact shows here; that extraction also counts the
pages camelot is given and times the scans (OCR pages per second, one process). Exit status 1 when a file's
facts differ, the load fails, or the speed-up misses its target (≥ 20× camelot). Results and how to read them:
docs/performance.md.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import etl.tables  # noqa: E402
from bench.facts import differing, extracted_digests, warehouse_digests  # noqa: E402
from etl.database import free_port  # noqa: E402
from etl.pipeline import discover  # noqa: E402
from etl.pool import default_workers  # noqa: E402
from etl.sniff import looks_scanned  # noqa: E402

BIN = Path(sys.executable).parent
TARGET_SPEED_UP = 20  # × camelot lattice on every page


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    memory_by_quarter: list[float] = field(default_factory=list)  # peak MiB in each quarter of the run
    stdout: str = ""
    returncode: int = 0


def run_sampled(command: list[str], env: dict[str, str]) -> Measured:
    """Run a command, sampling the resident memory of it and its children (not PostgreSQL's) every 50 ms."""
    samples: list[tuple[float, float]] = []
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    root = psutil.Process(process.pid)
    while process.poll() is None:
        samples.append((time.perf_counter() - started, _tree_rss(root)))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    reader.join()
    quarters = [max((rss for t, rss in samples if q * seconds / 4 <= t < (q + 1) * seconds / 4), default=0.0)
                for q in range(4)]
    return Measured(seconds, max((rss for _, rss in samples), default=0.0), quarters, "".join(output),
                    process.returncode)


def _tree_rss(root: psutil.Process) -> float:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for process in processes:
        try:
            if process.name() not in ("postgres", "pg_ctl", "initdb"):
                total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def pipeline(targets: list[Path]) -> tuple[Measured, dict[str, str], int]:
    with tempfile.TemporaryDirectory(prefix="warehouse-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(WAREHOUSE_HOME=home, WAREHOUSE_PG_PORT=str(free_port()))
        try:
            measured = run_sampled([str(BIN / "warehouse"), "load", *map(str, targets)], env)
            digests, facts = _loaded(env)
        finally:
            subprocess.run([str(BIN / "warehouse"), "db-stop"], env=env, cwd=ROOT, capture_output=True)
    return measured, digests, facts


def _loaded(env: dict[str, str]) -> tuple[dict[str, str], int]:
    """The digest of each file's facts in the warehouse, and how many facts it holds."""
    import psycopg

    url = f"postgresql://postgres@127.0.0.1:{env['WAREHOUSE_PG_PORT']}/warehouse"
    with psycopg.connect(url) as conn:
        return warehouse_digests(conn), conn.execute("select count(*) from warehouse.fact").fetchone()[0]


def baseline(files: list[Path]) -> tuple[Measured, dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".json") as listing:
        json.dump([str(f) for f in files], listing)
        listing.flush()
        measured = run_sampled([sys.executable, str(ROOT / "bench/camelot_baseline.py"), listing.name], dict(os.environ))
    return measured, json.loads(measured.stdout.strip().splitlines()[-1])


def reference(files: list[Path]) -> tuple[dict[str, str], int, dict[Path, float]]:
    """Single-process extraction of every file: the digest of each file's facts, the number of pages whose ruling
    lines camelot's lattice steps are given (counted where etl.tables hands them over, a page at a time), and each
    file's wall seconds."""
    given: list[int] = []
    seconds: dict[Path, float] = {}
    lattice = etl.tables.tables_from_lines
    started = time.perf_counter()

    def counted(lines, page: int):
        given.append(page)
        return lattice(lines, page)

    def timed(path: Path) -> None:
        nonlocal started
        seconds[path], started = time.perf_counter() - started, time.perf_counter()

    etl.tables.tables_from_lines = counted
    try:
        return extracted_digests(files, timed), len(given), seconds
    finally:
        etl.tables.tables_from_lines = lattice


def main() -> int:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/real").resolve()
    files = discover([corpus])
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files if _opens(f))
    print(f"{len(files)} PDFs, {pages} pages; {os.cpu_count()} cores, {default_workers()} extraction workers",
          flush=True)

    scans = [f for f in files if looks_scanned(f)]
    loaded, digests, total_facts = pipeline([corpus])
    print(f"pipeline: {loaded.seconds:.1f} s (exit {loaded.returncode})", flush=True)
    text_only = pipeline([f for f in files if f not in scans])[0] if scans else None
    if text_only:
        print(f"pipeline, the text PDFs alone: {text_only.seconds:.1f} s", flush=True)
    camelot, tables = baseline(files)
    print(f"baseline: {camelot.seconds:.1f} s", flush=True)
    expected, given_to_camelot, seconds = reference(files)
    differ = differing(expected, digests)
    speed_up = camelot.seconds / loaded.seconds
    print()
    print("| run | wall s | pages/s | facts/s | peak MiB | peak MiB by quarter of the run |")
    print("|---|---|---|---|---|---|")
    for name, m, n_facts in (("warehouse load", loaded, total_facts), ("camelot lattice, all pages", camelot, None)):
        print(f"| {name} | {m.seconds:.1f} | {pages / m.seconds:.1f} | "
              f"{f'{n_facts / m.seconds:.0f}' if n_facts is not None else '—'} | {m.peak_mib:.0f} | "
              f"{' / '.join(f'{q:.0f}' for q in m.memory_by_quarter)} |")
    print()
    print(f"speed-up: {speed_up:.1f}× (target ≥ {TARGET_SPEED_UP}×"
          f"{'' if speed_up >= TARGET_SPEED_UP else ': MISSED'}); facts loaded: {total_facts}; "
          f"baseline tables: {tables['tables']} ({tables['failed']} files camelot could not read)")
    print(f"pages given to camelot's lattice by the pipeline (standard and performance tables): "
          f"{given_to_camelot} of {pages}")
    if scans:
        ocr_pages = sum(len(pdfium.PdfDocument(str(f))) for f in scans)
        ocr_seconds = sum(seconds[f] for f in scans)
        print(f"OCR: {ocr_pages} pages in {len(scans)} scanned files, {ocr_seconds:.1f} s in one process "
              f"({ocr_pages / ocr_seconds:.2f} pages/s); the load of the {len(files) - len(scans)} text PDFs alone: "
              f"{text_only.seconds:.1f} s ({camelot.seconds / text_only.seconds:.1f}× the camelot baseline of all "
              "files)")
    print("each file's facts as single-process extraction reads them (same digest)" if not differ
          else f"facts differ from single-process extraction: {', '.join(differ)}")
    if loaded.returncode not in (0, 1):  # 1: some files refused, as expected of this corpus
        print(loaded.stdout[-3000:])
    return 0 if not differ and loaded.returncode in (0, 1) and speed_up >= TARGET_SPEED_UP else 1


def _opens(path: Path) -> bool:
    try:
        pdfium.PdfDocument(str(path)).close()
        return True
    except pdfium.PdfiumError:
        return False


if __name__ == "__main__":
    sys.exit(main())

"""extract() on a pool of processes: one reader per core, results in input order, memory flat, crashes contained."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from etl import worker_logs
from etl.pipeline import extract, sha256_of
from etl.records import ExtractedDocument, RefusedDocument
from etl.sniff import looks_scanned
from etl.vocabulary import RefusalReason


def default_workers() -> int:
    """One extraction process per core ($WAREHOUSE_WORKERS overrides)."""
    return int(os.environ.get("WAREHOUSE_WORKERS", 0)) or os.cpu_count() or 1


def extract_many(paths: Iterable[Path], workers: int | None = None) -> Iterator[ExtractedDocument | RefusedDocument]:
    """extract() over many files on `workers` processes, yielding results in the order of `paths`.

    Only a few documents are in flight at a time, so memory stays flat however many files there are;
    a worker is replaced after a number of documents, so a leak in a native library cannot pile up.
    A worker that dies (a native crash, the OOM killer) loses no file: the file it may have been reading is
    read again alone, and refused if that process dies too; the others go on in a new pool."""
    paths = list(paths)
    workers = min(workers or default_workers(), len(paths))
    if workers <= 1:
        yield from map(extract, paths)
        return
    done = 0
    while done < len(paths):
        try:
            for result in _pooled(paths[done:], workers):
                yield result
                done += 1
        except BrokenProcessPool:
            yield _alone(paths[done])
            done += 1


def _pooled(paths: list[Path], workers: int) -> Iterator[ExtractedDocument | RefusedDocument]:
    # forkserver: the workers do not inherit the parent's threads and open handles (Dagster, the database);
    # it imports the extractor once, so that every worker (and every replacement) starts warm
    # scans are started first: OCR takes them tens of seconds, which the other workers spend on the text PDFs,
    # instead of one worker reading the last scan alone at the end; results still come in the order of `paths`
    scans = [index for index, path in enumerate(paths) if looks_scanned(path)]
    order = iter(sorted(range(len(paths)), key=lambda index: index not in scans))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.pool"])
    with worker_logs.forwarded(context) as logs, ProcessPoolExecutor(
            workers, mp_context=context, max_tasks_per_child=50, initializer=worker_logs.to_parent, initargs=logs
    ) as pool:
        pending: dict[int, Future] = {}

        def submit_next() -> None:
            index = next(order, None)
            if index is not None:
                pending[index] = pool.submit(extract, paths[index])

        for _ in range(len(scans) + 2 * workers):
            submit_next()
        for index in range(len(paths)):
            while index not in pending:
                submit_next()
            yield pending.pop(index).result()
            submit_next()


def _alone(path: Path) -> ExtractedDocument | RefusedDocument:
    """A file whose reader died, read once more in a process of its own: an innocent bystander comes back."""
    context = multiprocessing.get_context("forkserver")
    with worker_logs.forwarded(context) as logs, ProcessPoolExecutor(
            1, mp_context=context, initializer=worker_logs.to_parent, initargs=logs) as pool:
        try:
            return pool.submit(extract, path).result()
        except BrokenProcessPool:
            return RefusedDocument(path, sha256_of(path), None,
                                   "reading it killed the reader's process twice (a crash in a native PDF library?)",
                                   reason_code=RefusalReason.READER_CRASHED)

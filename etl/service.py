"""The one way files get into the warehouse: discover → read (a pool of processes) → load → what the checks read.

`warehouse load` calls it directly; the Dagster asset (one document) and the folder job call it too and only add
their metadata and log lines. The caller brings the engine, opened once (etl.database.open_warehouse migrates).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, func, select

from etl.load import LoadOutcome, load
from etl.pipeline import discover, extract
from etl.pool import extract_many
from etl.records import ExtractedDocument, RefusedDocument
from etl.vocabulary import DocumentStatus, LoadStatus, Severity
from models import QualityFinding, SourceDocument

logger = logging.getLogger(__name__)


class Progress(Protocol):
    """Where a load says how far it is: a stage of `total` steps, then one step per document."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, label: str) -> None: ...


class Silent:
    """No progress shown."""

    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


@dataclass(frozen=True)
class BatchResult:
    """What one load of files and folders did: an outcome per file, in the order found."""

    outcomes: list[LoadOutcome]
    pages: int
    seconds: float

    def count(self, status: LoadStatus) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def facts_loaded(self) -> int:
        return sum(o.facts for o in self.outcomes if o.status == LoadStatus.LOADED)


def load_files(engine: Engine, paths: Sequence[str | Path], workers: int = 0,
               progress: Progress = Silent()) -> BatchResult:
    """The PDFs named, or found under the folders named, read on `workers` processes (0: one per core) and loaded
    one transaction each, as they arrive. Raises FileNotFoundError for a name that does not exist, before anything
    is read. A transient database error (a restart, a failover, a deadlock) is waited out and the document's
    transaction run again (etl.retry), so the load goes on where it was; any other database error, or a database
    away for longer than the retries wait, stops the load, and what was committed before it stays."""
    started = time.monotonic()
    files = discover(list(paths))
    progress.stage("loading", len(files))
    outcomes, pages = [], 0
    # one document in memory at a time here (a few more in the workers): flat whatever the folder's size
    for document in extract_many(files, workers):
        outcomes.append(_load(engine, document))
        pages += document.page_count or 0
        progress.advance(document.path.name)
    return BatchResult(outcomes, pages, round(time.monotonic() - started, 2))


@dataclass(frozen=True)
class DocumentResult:
    """One file read and loaded: what the extractor made of it, and what the load did with that."""

    document: ExtractedDocument | RefusedDocument
    outcome: LoadOutcome
    seconds: float


def load_file(engine: Engine, path: Path) -> DocumentResult:
    """One file, read in this process (a Dagster run has one document)."""
    started = time.monotonic()
    document = extract(path)
    return DocumentResult(document, _load(engine, document), round(time.monotonic() - started, 2))


def _load(engine: Engine, document: ExtractedDocument | RefusedDocument) -> LoadOutcome:
    outcome = load(engine, document)
    logger.info("%s: %s, %s", outcome.file_name, outcome.status, outcome.message)
    return outcome


@dataclass(frozen=True)
class StoredDocument:
    """What the warehouse holds for one file's bytes: what the checks of a loaded document judge."""

    status: str
    reason: str | None
    companion: str | None
    extraction_findings: int
    source_findings: int

    @property
    def read_as_printed(self) -> bool:
        """No identity fails because we misread a figure (the document's own contradictions are no fault of ours)."""
        return self.extraction_findings == 0

    @property
    def readable(self) -> bool:
        """Read as a disclosure, or the narrative half of one whose tables are loaded."""
        return self.status != DocumentStatus.REFUSED or self.companion is not None


def stored_document(engine: Engine, sha256: str) -> StoredDocument | None:
    count = lambda severity: func.count(QualityFinding.id).filter(QualityFinding.severity == severity)  # noqa: E731
    with engine.connect() as conn:
        document = conn.execute(
            select(SourceDocument.id, SourceDocument.status, SourceDocument.reason, SourceDocument.companion_id)
            .where(SourceDocument.sha256 == sha256)).first()
        if document is None:
            return None
        companion = conn.scalar(select(SourceDocument.file_name).where(SourceDocument.id == document.companion_id))
        extraction, source = conn.execute(
            select(count(Severity.EXTRACTION), count(Severity.SOURCE))
            .where(QualityFinding.document_id == document.id)).one()
    return StoredDocument(document.status, document.reason, companion, extraction, source)

"""Batches of an inbox folder: `<inbox>/<fiscal year>/<batch>/…/*.pdf`, one batch a region's or a sender's
folder of one year. The year is known from the folder before any PDF is read (a file's name is no promise,
and opening the file costs what loading it does); which of a batch's files the warehouse does not hold yet is
known from their sha256 and `source_document`, so a batch loaded again reads only what is new or corrected.

No Dagster here: the platform (dagster_project/) partitions by these batches; `warehouse load` does not need them.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select

from etl.pipeline import sha256_of
from etl.vocabulary import DocumentStatus, Severity
from models import QualityFinding, SourceDocument

_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, order=True)
class BatchKey:
    fiscal_year: int
    batch: str

    def folder(self, inbox: Path) -> Path:
        return inbox / str(self.fiscal_year) / self.batch


@dataclass
class Batch:
    """A batch's PDFs, and the newest time one of them was written, renamed or copied in (ns)."""

    files: list[Path] = field(default_factory=list)
    changed_ns: int = 0


@dataclass(frozen=True)
class Misfiled:
    """A PDF outside the layout: no partition can hold it (`warehouse load FILE` still can)."""

    relative: str
    changed_ns: int

    @property
    def reason(self) -> str:
        return f"{self.relative}: not under <fiscal year>/<batch>/ (e.g. 2024/beijing/{Path(self.relative).name})"


@dataclass
class InboxScan:
    batches: dict[BatchKey, Batch] = field(default_factory=dict)
    misfiled: list[Misfiled] = field(default_factory=list)


def scan_inbox(inbox: Path) -> InboxScan:
    """Every PDF under the inbox, by batch: one walk and one stat per file, no file opened."""
    scan = InboxScan()
    for directory, folders, names in os.walk(inbox):
        folders.sort()
        relative_parts = Path(directory).relative_to(inbox).parts
        for name in sorted(names):
            if not name.lower().endswith(".pdf"):
                continue
            stat = os.stat(os.path.join(directory, name))
            changed_ns = max(stat.st_mtime_ns, stat.st_ctime_ns)  # ctime: a copy that kept its old mtime
            if len(relative_parts) < 2 or not _YEAR.fullmatch(relative_parts[0]):
                scan.misfiled.append(Misfiled("/".join((*relative_parts, name)), changed_ns))
                continue
            batch = scan.batches.setdefault(BatchKey(int(relative_parts[0]), relative_parts[1]), Batch())
            batch.files.append(Path(directory, name))
            batch.changed_ns = max(batch.changed_ns, changed_ns)
    return scan


@dataclass(frozen=True)
class BatchChanges:
    """A batch's files split by whether the warehouse already holds their bytes (any status: a refused file is
    not read again until its bytes change, or `warehouse load FILE` asks for it)."""

    new: list[Path]
    known: list[Path]
    sha256: dict[Path, str]


def changed_files(engine: Engine, files: Sequence[Path]) -> BatchChanges:
    hashes = {path: sha256_of(path) for path in files}
    with engine.connect() as conn:
        stored = set(conn.scalars(select(SourceDocument.sha256).where(SourceDocument.sha256.in_(set(hashes.values())))))
    new = [path for path in files if hashes[path] not in stored]
    return BatchChanges(new, [path for path in files if hashes[path] in stored], hashes)


@dataclass(frozen=True)
class BatchStanding:
    """What the warehouse holds for a batch's files: what the platform's checks of a batch judge."""

    documents: int
    refused: list[str]  # file names refused, a narrative whose tables were loaded excepted
    extraction_findings: int
    source_findings: int
    other_years: list[str]  # read as a fiscal year other than their folder's


def batch_standing(engine: Engine, sha256: Iterable[str], fiscal_year: int) -> BatchStanding:
    findings = (select(QualityFinding.document_id,
                       func.count().filter(QualityFinding.severity == Severity.EXTRACTION).label("extraction"),
                       func.count().filter(QualityFinding.severity == Severity.SOURCE).label("source"))
                .group_by(QualityFinding.document_id).subquery())
    with engine.connect() as conn:
        rows = conn.execute(
            select(SourceDocument.file_name, SourceDocument.status, SourceDocument.companion_id,
                   SourceDocument.fiscal_year, func.coalesce(findings.c.extraction, 0),
                   func.coalesce(findings.c.source, 0))
            .outerjoin(findings, findings.c.document_id == SourceDocument.id)
            .where(SourceDocument.sha256.in_(set(sha256)))).all()
    return BatchStanding(
        documents=len(rows),
        refused=sorted(r.file_name for r in rows if r.status == DocumentStatus.REFUSED and r.companion_id is None),
        extraction_findings=sum(r[4] for r in rows),
        source_findings=sum(r[5] for r in rows),
        other_years=sorted(r.file_name for r in rows if r.fiscal_year not in (None, fiscal_year)),
    )

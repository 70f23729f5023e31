"""Asset checks per document partition, from what the warehouse holds for the document's bytes.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import warnings
from dataclasses import dataclass

import dagster as dg
from sqlalchemy import Engine, func, select

from dagster_project.assets import disclosure_document
from dagster_project.partitions import documents
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.pipeline import sha256_of
from models import QualityFinding, SourceDocument

# Checks per partition are a preview feature of Dagster 1.13; pyproject.toml pins the exact version they were
# built and tested against, so the warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec", category=dg.PreviewWarning)


@dataclass(frozen=True)
class StoredDocument:
    """What the warehouse holds for one file's bytes."""

    status: str
    reason: str | None
    companion: str | None
    extraction_findings: int
    source_findings: int


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
            select(count("extraction"), count("source")).where(QualityFinding.document_id == document.id)).one()
    return StoredDocument(document.status, document.reason, companion, extraction, source)


def _document(context: dg.AssetCheckExecutionContext, inbox: Inbox, database: WarehouseDatabase
              ) -> StoredDocument | dg.AssetCheckResult:
    """The warehouse's record of the partition's file as it is now, or a failed check saying why there is none."""
    path = inbox.path_of(context.partition_key)
    if not path.is_file():
        return dg.AssetCheckResult(passed=False, description=f"{context.partition_key} is no longer in the inbox")
    engine = database.engine()
    try:
        document = stored_document(engine, sha256_of(path))
    finally:
        engine.dispose()
    return document or dg.AssetCheckResult(passed=False, description="not in the warehouse: materialise the partition")


@dg.asset_check(asset=disclosure_document, partitions_def=documents,
                description="No identity of the document fails because we misread it (extraction findings: "
                            "ERROR); identities the published document itself breaks (source findings) are "
                            "reported in the metadata")
def identities_hold(
    context: dg.AssetCheckExecutionContext, inbox: Inbox, database: WarehouseDatabase
) -> dg.AssetCheckResult:
    document = _document(context, inbox, database)
    if isinstance(document, dg.AssetCheckResult):
        return document
    return dg.AssetCheckResult(
        passed=document.extraction_findings == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"status": document.status, "extraction_findings": document.extraction_findings,
                  "source_findings": document.source_findings},
        description="`warehouse check` lists the findings" if document.extraction_findings + document.source_findings
        else None,
    )


@dg.asset_check(asset=disclosure_document, partitions_def=documents,
                description="The file was read as a disclosure (WARN when it was refused: scanned, "
                            "narrative-only, not a disclosure; a narrative paired with its tables passes)")
def document_readable(
    context: dg.AssetCheckExecutionContext, inbox: Inbox, database: WarehouseDatabase
) -> dg.AssetCheckResult:
    document = _document(context, inbox, database)
    if isinstance(document, dg.AssetCheckResult):
        return document
    metadata = {"status": document.status}
    if document.reason:
        metadata["reason"] = document.reason
    if document.companion:
        metadata["companion"] = document.companion
    return dg.AssetCheckResult(passed=document.status != "refused" or document.companion is not None,
                               severity=dg.AssetCheckSeverity.WARN, metadata=metadata)

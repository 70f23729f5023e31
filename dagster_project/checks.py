"""Asset checks per document partition: what the warehouse holds for the document the partition's materialisation
loaded (etl.service.stored_document). The file is not read again: its sha256 is in the materialisation's metadata;
the engine is the run's.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import warnings

import dagster as dg

from dagster_project.assets import disclosure_document
from dagster_project.partitions import documents
from dagster_project.resources import WarehouseDatabase
from etl.service import StoredDocument, stored_document

# Checks per partition are a preview feature of Dagster 1.13; pyproject.toml pins the exact version they were
# built and tested against, so the warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec", category=dg.PreviewWarning)


def _document(context: dg.AssetCheckExecutionContext, database: WarehouseDatabase
              ) -> StoredDocument | dg.AssetCheckResult:
    """The warehouse's record of the partition's last materialised file, or a failed check saying why there is none."""
    latest = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(disclosure_document.key, asset_partitions=[context.partition_key]), limit=1).records
    if not latest:
        return dg.AssetCheckResult(passed=False, description="not materialised: materialise the partition")
    sha256 = latest[0].asset_materialization.metadata["sha256"].value
    return stored_document(database.engine, sha256) or dg.AssetCheckResult(
        passed=False, description="not in the warehouse (restored from before it?): materialise the partition")


@dg.asset_check(asset=disclosure_document, partitions_def=documents,
                description="No identity of the document fails because we misread it (extraction findings: "
                            "ERROR); identities the published document itself breaks (source findings) are "
                            "reported in the metadata")
def identities_hold(context: dg.AssetCheckExecutionContext, database: WarehouseDatabase) -> dg.AssetCheckResult:
    document = _document(context, database)
    if isinstance(document, dg.AssetCheckResult):
        return document
    return dg.AssetCheckResult(
        passed=document.read_as_printed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"status": document.status, "extraction_findings": document.extraction_findings,
                  "source_findings": document.source_findings},
        description="`warehouse check` lists the findings" if document.extraction_findings + document.source_findings
        else None,
    )


@dg.asset_check(asset=disclosure_document, partitions_def=documents,
                description="The file was read as a disclosure (WARN when it was refused: scanned, "
                            "narrative-only, not a disclosure; a narrative paired with its tables passes)")
def document_readable(context: dg.AssetCheckExecutionContext, database: WarehouseDatabase) -> dg.AssetCheckResult:
    document = _document(context, database)
    if isinstance(document, dg.AssetCheckResult):
        return document
    metadata = {"status": document.status}
    if document.reason:
        metadata["reason"] = document.reason
    if document.companion:
        metadata["companion"] = document.companion
    return dg.AssetCheckResult(passed=document.readable, severity=dg.AssetCheckSeverity.WARN, metadata=metadata)

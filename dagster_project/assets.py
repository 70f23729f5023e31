"""One source document as an asset partition: read the PDF and load it into the warehouse, in one step.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import time

import dagster as dg

from dagster_project.partitions import documents
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.load import load
from etl.pipeline import extract
from etl.records import ExtractedDocument


@dg.asset(
    partitions_def=documents, group_name="disclosures", kinds={"pdf", "postgres"},
    description="One disclosure PDF of the inbox, read and loaded into the warehouse (one transaction). "
                "Loading the same bytes again changes nothing; a corrected copy under the same name "
                "supersedes the earlier document.",
)
def disclosure_document(
    context: dg.AssetExecutionContext, inbox: Inbox, database: WarehouseDatabase
) -> dg.MaterializeResult:
    path = inbox.path_of(context.partition_key)
    if not path.is_file():
        raise dg.Failure(f"{context.partition_key} is no longer in the inbox ({inbox.root()})")
    started = time.monotonic()
    result = extract(path)
    engine = database.engine()
    try:
        outcome = load(engine, result)
    finally:
        engine.dispose()
    if outcome.status == "refused":
        context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    metadata = {
        "status": outcome.status.value,  # Dagster serialises plain values, not enums
        "detail": outcome.message,
        "sha256": result.sha256,
        "pages": result.page_count or 0,
        "facts": outcome.facts,
        "seconds": round(time.monotonic() - started, 2),
    }
    if isinstance(result, ExtractedDocument):
        metadata |= {
            "tables_recognised": sum(1 for t in result.tables if t.table_key),
            "tables_unrecognised": sum(1 for t in result.tables if not t.table_key),
            "department": result.identity.department,
            "fiscal_year": result.identity.fiscal_year,
            "report": f"{result.identity.report_kind} ({result.identity.report_level})",
        }
    return dg.MaterializeResult(metadata=metadata)

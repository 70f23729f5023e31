"""One source document as an asset partition: read the PDF and load it into the warehouse, in one step
(etl.service.load_file); this adds Dagster's metadata.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.partitions import documents
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.records import ExtractedDocument
from etl.service import load_file
from etl.vocabulary import LoadStatus


@dg.asset(
    partitions_def=documents, group_name="disclosures", kinds={"pdf", "postgres"},
    retry_policy=dg.RetryPolicy(max_retries=3, delay=60, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
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
    loaded = load_file(database.engine, path)
    document, outcome = loaded.document, loaded.outcome
    if outcome.status == LoadStatus.REFUSED:
        context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    metadata = {
        "status": outcome.status.value,  # Dagster serialises plain values, not enums
        "detail": outcome.message,
        "sha256": document.sha256,  # the checks find the document in the warehouse by it
        "pages": document.page_count or 0,
        "facts": outcome.facts,
        "seconds": loaded.seconds,
    }
    if isinstance(document, ExtractedDocument):
        metadata |= {
            "tables_recognised": sum(1 for t in document.tables if t.table_key),
            "tables_unrecognised": sum(1 for t in document.tables if not t.table_key),
            "department": document.identity.department,
            "fiscal_year": document.identity.fiscal_year,
            "report": f"{document.identity.report_kind} ({document.identity.report_level})",
        }
    return dg.MaterializeResult(metadata=metadata)

"""One batch of the inbox (`<inbox>/<fiscal year>/<batch>/`) as an asset partition: the batch's files the
warehouse does not hold yet (by sha256, etl.batches) are read on a pool of processes and loaded, one
transaction each (etl.service.load_files); then the batch's checks. This adds Dagster's metadata.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.checks import ASSET, BATCH_CHECKS, batch_check_results
from dagster_project.partitions import BATCH, YEAR, year_batches
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.batches import BatchKey, batch_standing, changed_files
from etl.pipeline import discover
from etl.service import Progress, load_files
from etl.vocabulary import LoadStatus


@dg.asset(
    name=ASSET, partitions_def=year_batches, check_specs=BATCH_CHECKS, group_name="disclosures",
    kinds={"pdf", "postgres"},
    retry_policy=dg.RetryPolicy(max_retries=3, delay=60, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
    description="The disclosure PDFs of one fiscal year's batch folder of the inbox, in the warehouse. "
                "Materialising it again reads only the files whose bytes the warehouse does not hold: new ones "
                "and corrected copies (which supersede the earlier document).",
)
def disclosure_batch(
    context: dg.AssetExecutionContext, inbox: Inbox, database: WarehouseDatabase,
    progress: dg.ResourceParam[Progress],
) -> dg.MaterializeResult:
    keys = context.partition_key.keys_by_dimension
    batch = BatchKey(int(keys[YEAR]), keys[BATCH])
    folder = batch.folder(inbox.root())
    if not folder.is_dir():
        raise dg.Failure(f"no folder {folder}: this batch has no documents of {batch.fiscal_year}", allow_retries=False)
    changes = changed_files(database.engine, discover([folder]))
    loaded = load_files(database.engine, changes.new, progress=progress)  # workers: $WAREHOUSE_WORKERS or a core each
    for outcome in loaded.outcomes:
        if outcome.status == LoadStatus.REFUSED:
            context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    standing = batch_standing(database.engine, changes.sha256.values(), batch.fiscal_year)
    return dg.MaterializeResult(
        metadata={"files": len(changes.sha256), "read": len(changes.new), "known": len(changes.known)}
        | {status.value: loaded.count(status) for status in LoadStatus}
        | {"pages": loaded.pages, "facts_loaded": loaded.facts_loaded, "seconds": loaded.seconds},
        check_results=batch_check_results(standing),
    )

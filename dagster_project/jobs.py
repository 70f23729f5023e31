"""Jobs: one batch of the inbox per run (the sensor's, the schedule's and a backfill's), and any files or
folders in one run (the Launchpad's `warehouse load`, e.g. one document read again: the same
etl.service.load_files).

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg
from pydantic import Field

from dagster_project.assets import disclosure_batch
from dagster_project.resources import WarehouseDatabase
from etl.load import LoadOutcome
from etl.service import Progress, load_files
from etl.vocabulary import LoadStatus

BATCH_JOB = "load_inbox_batch"
LOAD_JOB = "load_disclosures"

load_inbox_batch = dg.define_asset_job(
    BATCH_JOB, selection=dg.AssetSelection.assets(disclosure_batch),
    # one step: the run's process holds the engine and the batch's pool of readers
    executor_def=dg.in_process_executor,
    description="Read the new files of one batch of the inbox (a partition) into the warehouse, then check it",
)


class LoadConfig(dg.Config):
    paths: list[str] = Field(description="PDF files or folders of PDFs")
    workers: int = Field(default=0, description="processes reading PDFs at once (0: one per core)")


@dg.op(description="Read the PDFs on a pool of processes and load each one as it arrives, in the order found")
def load_documents(
    context: dg.OpExecutionContext, config: LoadConfig, database: WarehouseDatabase,
    progress: dg.ResourceParam[Progress],
) -> list[LoadOutcome]:
    loaded = load_files(database.engine, config.paths, config.workers, progress)
    for outcome in loaded.outcomes:
        if outcome.status == LoadStatus.REFUSED:
            context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    context.add_output_metadata({status.value: loaded.count(status) for status in LoadStatus} | {
        "pages": loaded.pages, "facts_loaded": loaded.facts_loaded, "seconds": loaded.seconds})
    return loaded.outcomes


@dg.job(name=LOAD_JOB, description="Load the PDF files or folders named in the config (as `warehouse load` does)")
def load_disclosures():
    load_documents()

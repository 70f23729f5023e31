"""Jobs: one document of the inbox per run (the sensor's and the schedule's), and any files or folders in one
run (`warehouse load`, or the Launchpad).

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import time

import dagster as dg
from pydantic import Field

from dagster_project.assets import disclosure_document
from dagster_project.resources import Progress, WarehouseDatabase
from etl.load import LoadOutcome, load
from etl.pipeline import default_workers, discover, extract_many

DOCUMENT_JOB = "load_inbox_document"
LOAD_JOB = "load_disclosures"

load_inbox_document = dg.define_asset_job(
    DOCUMENT_JOB, selection=dg.AssetSelection.assets(disclosure_document),
    executor_def=dg.in_process_executor,  # the asset and its checks in the run's one process, not three more
    description="Read one document of the inbox (a partition) into the warehouse, then check it",
)


class LoadConfig(dg.Config):
    paths: list[str] = Field(description="PDF files or folders of PDFs")
    workers: int = Field(default=0, description="processes reading PDFs at once (0: one per core)")


@dg.op(description="Read the PDFs on a pool of processes and load each one as it arrives, in the order found")
def load_documents(
    context: dg.OpExecutionContext, config: LoadConfig, database: WarehouseDatabase,
    progress: dg.ResourceParam[Progress],
) -> list[LoadOutcome]:
    started = time.monotonic()
    paths = discover(config.paths)
    progress.stage("loading", len(paths))
    outcomes, pages = [], 0
    engine = database.engine()
    try:  # one document in memory at a time here (a few more in the workers): flat whatever the folder's size
        for result in extract_many(paths, config.workers or default_workers()):
            outcomes.append(load(engine, result))
            pages += result.page_count or 0
            progress.advance(result.path.name)
    finally:
        engine.dispose()
    for outcome in outcomes:
        if outcome.status == "refused":
            context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    context.add_output_metadata({
        status: sum(o.status == status for o in outcomes) for status in ("loaded", "unchanged", "refused")
    } | {"pages": pages, "facts_loaded": sum(o.facts for o in outcomes if o.status == "loaded"),
         "seconds": round(time.monotonic() - started, 2)})
    return outcomes


@dg.job(name=LOAD_JOB, description="Load the PDF files or folders named in the config (as `warehouse load` does)")
def load_disclosures():
    load_documents()

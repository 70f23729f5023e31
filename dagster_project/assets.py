"""The pipeline as assets: discovered PDFs → extracted documents → facts in the warehouse.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""

import os
from pathlib import Path

import dagster as dg
from pydantic import Field

from dagster_project.resources import Progress, WarehouseDatabase
from etl.load import load
from etl.pipeline import discover, extract
from etl.records import ExtractedDocument


class DisclosureSources(dg.Config):
    paths: list[str] = Field(
        default_factory=lambda: [os.environ.get("WAREHOUSE_INBOX", "inbox")],
        description="PDF files or folders to load (default: $WAREHOUSE_INBOX or ./inbox)",
    )


@dg.asset(group_name="disclosures", description="Disclosure PDFs found under the configured paths")
def disclosure_pdfs(context: dg.AssetExecutionContext, config: DisclosureSources) -> list[str]:
    files = [str(p) for p in discover(config.paths)]
    context.add_output_metadata({"files": len(files)})
    return files


@dg.asset(group_name="disclosures", description="Each PDF read into typed facts, or refused with a reason")
def extracted_disclosures(
    context: dg.AssetExecutionContext, disclosure_pdfs: list[str], progress: dg.ResourceParam[Progress]
) -> list:  # of ExtractedDocument | RefusedDocument
    progress.stage("reading", len(disclosure_pdfs))
    results = []
    for path in disclosure_pdfs:
        result = extract(Path(path))
        results.append(result)
        progress.advance(Path(path).name)
    context.add_output_metadata({
        "documents": len(results),
        "readable": sum(isinstance(r, ExtractedDocument) for r in results),
        "facts": sum(len(r.facts) for r in results if isinstance(r, ExtractedDocument)),
        "pages": sum(r.page_count or 0 for r in results),
    })
    return results


@dg.asset(group_name="disclosures", description="Facts loaded into PostgreSQL, one transaction per document")
def warehouse_facts(
    context: dg.AssetExecutionContext,
    extracted_disclosures: list,
    database: WarehouseDatabase,
    progress: dg.ResourceParam[Progress],
) -> list:  # of LoadOutcome
    engine = database.engine()
    progress.stage("loading", len(extracted_disclosures))
    outcomes = []
    try:
        for result in extracted_disclosures:
            outcomes.append(load(engine, result))
            progress.advance(result.path.name)
    finally:
        engine.dispose()
    for outcome in outcomes:
        if outcome.status == "refused":
            context.log.warning(f"{outcome.file_name}: refused: {outcome.message}")
    context.add_output_metadata({
        status: sum(o.status == status for o in outcomes) for status in ("loaded", "unchanged", "refused")
    } | {"facts_loaded": sum(o.facts for o in outcomes if o.status == "loaded")})
    return outcomes

"""Dagster definitions: `dagster dev` serves these; `warehouse load` runs the same job in-process."""
from __future__ import annotations

import dagster as dg

from dagster_project.assets import disclosure_pdfs, extracted_disclosures, warehouse_facts
from dagster_project.checks import identities_hold
from dagster_project.resources import LogProgress, Progress, WarehouseDatabase

LOAD_JOB = "load_disclosures"

load_disclosures = dg.define_asset_job(
    LOAD_JOB, selection=dg.AssetSelection.assets(disclosure_pdfs, extracted_disclosures, warehouse_facts),
    description="Read the disclosure PDFs under the configured paths and load their facts",
)


def build_definitions(database: WarehouseDatabase | None = None, progress: Progress | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=[disclosure_pdfs, extracted_disclosures, warehouse_facts],
        asset_checks=[identities_hold],
        jobs=[load_disclosures],
        resources={
            "database": database or WarehouseDatabase(),
            "progress": progress or LogProgress(),
        },
    )


defs = build_definitions()

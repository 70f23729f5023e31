"""Asset checks per batch partition, evaluated by the batch's own run from what the warehouse holds for the
batch's files (etl.batches.batch_standing): the run has every file's sha256 at hand, a separate check would
hash the batch again.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import warnings

import dagster as dg

from dagster_project.partitions import year_batches
from etl.batches import BatchStanding

# Checks per partition are a preview feature of Dagster 1.13; pyproject.toml pins the exact version they were
# built and tested against, so the warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec", category=dg.PreviewWarning)

ASSET = "disclosure_batch"
IDENTITIES_HOLD = "identities_hold"
DOCUMENTS_READABLE = "documents_readable"
FILED_UNDER_ITS_YEAR = "filed_under_its_year"
LISTED = 20  # file names a check's description names; the rest are counted

BATCH_CHECKS = [
    dg.AssetCheckSpec(IDENTITIES_HOLD, asset=ASSET, partitions_def=year_batches,
                      description="No identity of the batch's documents fails because we misread it (extraction "
                                  "findings: ERROR); identities the published documents themselves break (source "
                                  "findings) are counted in the metadata"),
    dg.AssetCheckSpec(DOCUMENTS_READABLE, asset=ASSET, partitions_def=year_batches,
                      description="Every file was read as a disclosure (WARN for each refused: scanned, "
                                  "narrative-only, not a disclosure; a narrative paired with its tables passes)"),
    dg.AssetCheckSpec(FILED_UNDER_ITS_YEAR, asset=ASSET, partitions_def=year_batches,
                      description="Every document reads as the fiscal year of its folder (WARN: it is loaded as "
                                  "the year it states, and belongs in that year's folder)"),
]


def _listed(names: list[str]) -> str:
    return ", ".join(names[:LISTED]) + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def batch_check_results(standing: BatchStanding) -> list[dg.AssetCheckResult]:
    return [
        dg.AssetCheckResult(
            check_name=IDENTITIES_HOLD, passed=standing.extraction_findings == 0,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"documents": standing.documents, "extraction_findings": standing.extraction_findings,
                      "source_findings": standing.source_findings},
            description="`warehouse check` lists the findings" if standing.extraction_findings else None),
        dg.AssetCheckResult(
            check_name=DOCUMENTS_READABLE, passed=not standing.refused, severity=dg.AssetCheckSeverity.WARN,
            metadata={"refused": len(standing.refused)},
            description=f"refused: {_listed(standing.refused)} (`warehouse status` says why)" if standing.refused
            else None),
        dg.AssetCheckResult(
            check_name=FILED_UNDER_ITS_YEAR, passed=not standing.other_years, severity=dg.AssetCheckSeverity.WARN,
            metadata={"other_years": len(standing.other_years)},
            description=f"another fiscal year: {_listed(standing.other_years)}" if standing.other_years else None),
    ]

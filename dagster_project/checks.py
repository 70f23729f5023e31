"""Asset checks: the accounting identities of each loaded document (etl/checks.py), as Dagster sees them.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.assets import warehouse_facts


@dg.asset_check(asset=warehouse_facts, description="No loaded document fails an identity because we misread it "
                "(extraction findings); documents that contradict themselves (source findings) are reported")
def identities_hold(warehouse_facts: list) -> dg.AssetCheckResult:
    loaded = [o for o in warehouse_facts if o.status == "loaded"]
    misread = [o for o in loaded if o.extraction_findings]
    inconsistent = [o for o in loaded if o.source_findings]
    return dg.AssetCheckResult(
        passed=not misread,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "documents": len(loaded),
            "extraction_findings": sum(o.extraction_findings for o in loaded),
            "source_findings": sum(o.source_findings for o in loaded),
            "misread_documents": ", ".join(o.file_name for o in misread) or "none",
            "inconsistent_documents": ", ".join(o.file_name for o in inconsistent) or "none",
        },
    )

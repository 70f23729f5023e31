"""The inbox sensor: every PDF dropped into the inbox becomes a partition and gets a run.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import os

import dagster as dg

from dagster_project.jobs import load_inbox_document
from dagster_project.partitions import documents
from dagster_project.resources import Inbox

# Dagster refuses partition keys holding these (dagster/_core/definitions/partitions/utils/base.py)
UNUSABLE_IN_KEYS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


def run_key(key: str, stat: os.stat_result) -> str:
    """A file's run key changes when its bytes are replaced (size or modification time), so a corrected copy
    dropped under the same name is loaded again; an untouched file is never run twice by the sensor."""
    return f"{key}@{stat.st_mtime_ns}:{stat.st_size}"


@dg.sensor(
    job=load_inbox_document, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
    description="Registers each PDF of the inbox ($WAREHOUSE_INBOX) as a partition of disclosure_document and "
                "requests a run for it, again whenever the file is replaced",
)
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: Inbox) -> dg.SensorResult:
    files = inbox.documents()
    unusable = sorted(key for key in files if any(s in key for s in UNUSABLE_IN_KEYS))
    if unusable:
        context.log.warning(f"file names Dagster cannot use as partition keys, rename them: {', '.join(unusable)}")
    files = {key: path for key, path in files.items() if key not in unusable}
    known = set(context.instance.get_dynamic_partitions(documents.name))
    new = [key for key in files if key not in known]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key, run_key=run_key(key, path.stat())) for key, path in files.items()],
        dynamic_partitions_requests=[documents.build_add_request(new)] if new else [],
    )

"""The inbox sensor: a batch folder whose files changed gets a run (and its name becomes a partition).

Its cursor is the time of its last look, so a tick requests runs only for the batches written since: an inbox
of a million files costs one walk and one stat per file a tick, and no run request for what is already done.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import time

import dagster as dg

from dagster_project.jobs import load_inbox_batch
from dagster_project.partitions import batches, fiscal_years, partition_key
from dagster_project.resources import Inbox
from etl.batches import BatchKey, scan_inbox

# Dagster refuses partition keys holding these (dagster/_core/definitions/partitions/utils/base.py), and "|"
# joins the dimensions of a multi-partition key
UNUSABLE_IN_KEYS = ("|", "...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")
# A file written on a shared volume carries the file server's clock: look back this far behind our own, so a
# skewed clock delays no file. Batches seen twice get the same run key, which the daemon runs once.
CLOCK_SKEW_NS = 60 * 10**9


def run_key(key: BatchKey, changed_ns: int) -> str:
    """A batch's run key changes when a file is added to it or replaced, so the batch is loaded again (reading
    only those files); an untouched batch is never run twice by the sensor."""
    return f"{key.fiscal_year}/{key.batch}@{changed_ns}"


@dg.sensor(
    job=load_inbox_batch, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a run of disclosure_batch for each batch folder of the inbox ($WAREHOUSE_INBOX, "
                "<fiscal year>/<batch>/) whose files were added or replaced since its last tick",
)
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: Inbox) -> dg.SensorResult:
    since = int(context.cursor or 0)
    looked_at = time.time_ns()
    scan = scan_inbox(inbox.root())
    years = fiscal_years.get_partition_keys()
    unusable = [misfiled.reason for misfiled in scan.misfiled if misfiled.changed_ns > since]
    changed = {}
    for key, batch in sorted(scan.batches.items()):
        if batch.changed_ns <= since:
            continue
        if any(s in key.batch for s in UNUSABLE_IN_KEYS):
            unusable.append(f"{key.fiscal_year}/{key.batch}/: a batch name Dagster cannot use in a partition key")
        elif str(key.fiscal_year) not in years:
            unusable.append(f"{key.fiscal_year}/{key.batch}/: not a fiscal year of the platform "
                            f"({years[0]}–{years[-1]})")
        else:
            changed[key] = batch.changed_ns
    if unusable:
        context.log.warning("not loaded, move or rename them: " + "; ".join(unusable))
    new = sorted({key.batch for key in changed} - set(context.instance.get_dynamic_partitions(batches.name)))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=partition_key(key.fiscal_year, key.batch),
                                    run_key=run_key(key, changed_ns)) for key, changed_ns in changed.items()],
        dynamic_partitions_requests=[batches.build_add_request(new)] if new else [],
        cursor=str(looked_at - CLOCK_SKEW_NS),
    )

"""The yearly sweep: every batch of the two fiscal years published in the year, loaded again.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.jobs import load_inbox_batch
from dagster_project.partitions import batches, fiscal_years, partition_key
from dagster_project.resources import Inbox
from etl.batches import scan_inbox


@dg.schedule(
    job=load_inbox_batch, cron_schedule="0 3 1 10 *", execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every 1 October, after the year's budgets (spring) and last year's final accounts (summer) are "
                "published: a run for each batch of those two fiscal years, which reads only the files the "
                "warehouse does not hold (a run that failed, say while the database was down, left some)",
)
def yearly_sweep(context: dg.ScheduleEvaluationContext, inbox: Inbox) -> list[dg.RunRequest]:
    year = context.scheduled_execution_time.year
    years = {year - 1, year} & {int(key) for key in fiscal_years.get_partition_keys()}
    known = set(context.instance.get_dynamic_partitions(batches.name))
    return [dg.RunRequest(partition_key=partition_key(key.fiscal_year, key.batch),
                          run_key=f"sweep {year}: {key.fiscal_year}/{key.batch}")
            for key in sorted(scan_inbox(inbox.root()).batches) if key.fiscal_year in years and key.batch in known]

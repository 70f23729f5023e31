"""The yearly sweep: a run for every document of the inbox that has no materialisation yet.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.assets import disclosure_document
from dagster_project.jobs import load_inbox_document
from dagster_project.partitions import documents
from dagster_project.resources import Inbox


@dg.schedule(
    job=load_inbox_document, cron_schedule="0 3 1 10 *", execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every 1 October, after the year's budgets (spring) and final accounts (summer) are published: "
                "a run for each registered document of the inbox that was never materialised (its run failed, "
                "say while the database was down), so the year's set is complete",
)
def yearly_sweep(context: dg.ScheduleEvaluationContext, inbox: Inbox) -> list[dg.RunRequest]:
    present = inbox.documents()
    registered = context.instance.get_dynamic_partitions(documents.name)
    done = context.instance.get_materialized_partitions(disclosure_document.key)
    return [dg.RunRequest(partition_key=key) for key in registered if key in present and key not in done]

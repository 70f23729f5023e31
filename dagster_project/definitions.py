"""Dagster definitions: the code location `dagster dev`, the webserver and the daemon serve.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import dagster as dg

from dagster_project.assets import disclosure_batch
from dagster_project.jobs import load_disclosures, load_inbox_batch
from dagster_project.resources import Inbox, LogProgress, WarehouseDatabase
from dagster_project.schedules import yearly_sweep
from dagster_project.sensors import inbox_sensor


def build_definitions(database: WarehouseDatabase | None = None, inbox: Inbox | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=[disclosure_batch],
        jobs=[load_inbox_batch, load_disclosures],
        sensors=[inbox_sensor],
        schedules=[yearly_sweep],
        resources={
            "database": database or WarehouseDatabase(),
            "inbox": inbox or Inbox(),
            "progress": LogProgress(),
        },
    )


defs = build_definitions()

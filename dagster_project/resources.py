"""Resources: the warehouse database, the inbox folder, and where progress is reported.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import os
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr
from sqlalchemy import Engine

from etl.database import open_warehouse


class WarehouseDatabase(dg.ConfigurableResource):
    """The warehouse's PostgreSQL: `url`, else DATABASE_URL, else the embedded server.

    One engine per run, its schema migrated once as the run starts (runs started together on a new warehouse
    migrate one after the other: etl.database); the asset and its checks share it."""

    url: str = ""
    _engine: Engine | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._engine = open_warehouse(self.url or None)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._engine.dispose()

    @property
    def engine(self) -> Engine:
        return self._engine


class Inbox(dg.ConfigurableResource):
    """The folder new PDFs are dropped into: `folder`, else $WAREHOUSE_INBOX, else ./inbox. Its layout is
    `<fiscal year>/<batch>/…/*.pdf` (etl/batches.py): a batch is a partition of the year."""

    folder: str = ""

    def root(self) -> Path:
        return Path(self.folder or os.environ.get("WAREHOUSE_INBOX", "inbox")).resolve()


class LogProgress:
    """A load's progress (etl.service.Progress) as Dagster log lines, in the UI."""

    def __init__(self) -> None:
        self._name, self._total, self._done = "", 0, 0

    def stage(self, name: str, total: int) -> None:
        self._name, self._total, self._done = name, total, 0

    def advance(self, label: str) -> None:
        self._done += 1
        dg.get_dagster_logger().info(f"{self._name} {self._done}/{self._total}: {label}")

"""Resources: the warehouse database, and where progress is reported."""
from __future__ import annotations

from typing import Protocol

import dagster as dg
from sqlalchemy import Engine, create_engine

from etl.database import database_url, migrate, sqlalchemy_url


class WarehouseDatabase(dg.ConfigurableResource):
    """The warehouse's PostgreSQL: `url`, else DATABASE_URL, else the embedded server."""

    url: str = ""

    def engine(self) -> Engine:
        url = sqlalchemy_url(self.url) if self.url else database_url()
        migrate(url)
        return create_engine(url)


class Progress(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, label: str) -> None: ...


class LogProgress:
    """Progress as Dagster log lines (the UI and daemon runs); the CLI brings a progress bar instead."""

    def __init__(self) -> None:
        self._name, self._total, self._done = "", 0, 0

    def stage(self, name: str, total: int) -> None:
        self._name, self._total, self._done = name, total, 0

    def advance(self, label: str) -> None:
        self._done += 1
        dg.get_dagster_logger().info(f"{self._name} {self._done}/{self._total}: {label}")

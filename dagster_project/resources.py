"""Resources: the warehouse database, the inbox folder, and where progress is reported.

(No `from __future__ import annotations` here: Dagster reads these annotations at runtime.)
"""
import os
from pathlib import Path
from typing import Protocol

import dagster as dg
from sqlalchemy import Engine, create_engine

from etl.database import database_url, migrate, sqlalchemy_url
from etl.pipeline import discover


class WarehouseDatabase(dg.ConfigurableResource):
    """The warehouse's PostgreSQL: `url`, else DATABASE_URL, else the embedded server."""

    url: str = ""

    def engine(self) -> Engine:
        url = sqlalchemy_url(self.url) if self.url else database_url()
        migrate(url)  # runs started together on a new warehouse migrate one after the other (etl.database)
        return create_engine(url)


class Inbox(dg.ConfigurableResource):
    """The folder new PDFs are dropped into: `folder`, else $WAREHOUSE_INBOX, else ./inbox.

    A document's partition key is its path relative to this folder, with forward slashes
    (`2023/统计局_决算.pdf`): readable in the UI, stable while the file stays where it is, and the
    same key for a file that is replaced by a corrected copy."""

    folder: str = ""

    def root(self) -> Path:
        return Path(self.folder or os.environ.get("WAREHOUSE_INBOX", "inbox")).resolve()

    def documents(self) -> dict[str, Path]:
        """Every PDF under the folder by its partition key (none while the folder does not exist)."""
        root = self.root()
        if not root.is_dir():
            return {}
        return {path.relative_to(root).as_posix(): path for path in discover([root]) if path.is_relative_to(root)}

    def path_of(self, key: str) -> Path:
        return self.root() / key


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

"""Write a selection of the warehouse in one format: what `warehouse export` runs."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from etl.export.excel import write_workbooks
from etl.export.fdp import write_fdp
from etl.export.parquet import write_parquet
from etl.export.selection import AmountUnit, ExportFormat, Selection, documents


class NothingToExport(Exception):
    """No loaded document matches the selection (a misspelt department, a year not loaded)."""


def export(engine: Engine, form: ExportFormat, selection: Selection, folder: Path,
           unit: AmountUnit = AmountUnit.YUAN) -> list[Path]:
    """Write the selection in one format into `folder`; the files written."""
    with engine.connect() as conn:
        if not documents(conn, selection):
            raise NothingToExport(f"no loaded document matches: {selection.describe()}")
    if form is ExportFormat.FDP:
        return write_fdp(engine, selection, folder)
    if form is ExportFormat.EXCEL:
        return write_workbooks(engine, selection, folder, unit)
    return write_parquet(engine, selection, folder)

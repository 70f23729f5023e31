"""Readers: a table's grids + its spec → facts. Each spec names its reader (`TableSpec.reader`), looked up here.

A reader is built for one table (spec, the document's 金额单位, its report kind and year), reads that table's
grids in printed order, and then holds what it read: the facts, the subject names printed beside codes, the
rows reported instead of loaded, the codes it restored, what became of each amount cell (a fact, or why not)
and which cells are keys. Its `spec` is the table it read: the header may show that the title means another
one (Jiangsu's 收入预算总表 by funding source is income_by_source).
"""
from __future__ import annotations

from typing import Protocol

from etl.parse.form import FormReader
from etl.parse.reader import GridReader
from etl.records import CellRef, Fact, SubjectName
from etl.specs import TableSpec
from etl.tables import Grid
from etl.vocabulary import CellCoverage


class Reader(Protocol):
    def __init__(self, spec: TableSpec, unit: str, report_kind: str, fiscal_year: int | None = None) -> None: ...

    def read(self, grids: list[Grid]) -> None: ...

    @property
    def spec(self) -> TableSpec: ...

    @property
    def facts(self) -> dict[tuple, Fact]: ...

    @property
    def subjects(self) -> dict[tuple, SubjectName]: ...

    @property
    def unkeyed(self) -> list[str]: ...

    @property
    def repaired(self) -> list[str]: ...

    @property
    def coverage(self) -> dict[CellRef, CellCoverage]: ...

    @property
    def key_cells(self) -> set[CellRef]: ...


# "form": the performance tables (绩效自评表 …), read apart from the standard ones by etl/parse/form_pages.py
READERS: dict[str, type[Reader]] = {"grid": GridReader, "form": FormReader}

__all__ = ["READERS", "FormReader", "GridReader", "Reader"]

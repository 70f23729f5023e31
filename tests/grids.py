"""Grids built by hand for the parser's unit tests: columns 100 points wide, rows 20 high from the top of the
page down, one text per cell, centred."""
from __future__ import annotations

from dataclasses import replace

from etl.parse import GridReader
from etl.specs import SPEC_BY_KEY
from etl.tables import Cell, Grid

WIDTH = 100.0
HEIGHT = 20.0


def cell(text: str, first: int, last: int | None = None, *, top_open: bool = False, full_width: bool = False) -> Cell:
    """A printed cell over grid columns first..last, its text centred in it."""
    x1, x2 = WIDTH * first, WIDTH * ((first if last is None else last) + 1)
    return Cell(text, x1, x2, first, first if last is None else last, text_x=(x1 + x2) / 2 if text else None,
                top_open=top_open, full_width=full_width, text_left=x1 + 2 if text else None)


def grid(*rows: list[str | Cell], page: int = 1) -> Grid:
    """Rows of texts (one column each, left to right) or of cells, for cells merged across columns."""
    built = []
    for r, row in enumerate(rows):
        cells, column = [], 0
        for entry in row:
            c = replace(entry if isinstance(entry, Cell) else cell(entry, column), row=r,
                        y1=800.0 - HEIGHT * (r + 1), y2=800.0 - HEIGHT * r)
            cells.append(c)
            column = c.last_col + 1
        built.append(tuple(cells))
    return Grid(page=page, top=800.0, bottom=0.0, rows=tuple(built))


def read(table: str, *grids: Grid, unit: str = "元", report_kind: str = "budget", year: int = 2026) -> GridReader:
    """A table's grids, read as the pipeline reads them."""
    reader = GridReader(SPEC_BY_KEY[table], unit, report_kind, year)
    reader.read(list(grids))
    return reader


def amounts(reader: GridReader) -> dict[tuple, object]:
    """The facts read, as (key, measure) → amount, with the key the row's code or item."""
    return {(f.function_code or f.economic_code or f.item, f.measure): f.amount for f in reader.facts.values()}

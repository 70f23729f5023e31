"""A table's grids as printed cells: the evidence under its facts (records.PrintedCell)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from etl.records import CellRef, PrintedCell
from etl.tables import Grid
from etl.values import AmountError, parse_amount
from etl.vocabulary import CellCoverage

Covering = Callable[[CellRef], CellCoverage | None]


def printed_cells(grids: list[Grid], unit: str | None, covering: Covering = lambda ref: None,
                  keys: set[CellRef] | frozenset[CellRef] = frozenset(),
                  counts: set[CellRef] | frozenset[CellRef] = frozenset()) -> list[PrintedCell]:
    """Every cell of the grids that prints something (an empty cell is left out), with its amount where its text
    is one: not in a key column (`keys`: a subject code or a 序号 is no amount). `covering` gives an amount
    cell its coverage; a count (`counts`: vehicles, buildings) is an amount in no money unit."""
    cells = []
    for grid in grids:
        for row in grid.rows:
            for cell in row:
                if not cell.text.strip():
                    continue
                ref = grid.ref(cell)
                amount = None if ref in keys else _amount(cell.text)
                cells.append(PrintedCell(
                    ref, cell.last_col - cell.first_col + 1, (cell.x1, cell.y1, cell.x2, cell.y2), cell.text,
                    amount, unit if amount is not None and ref not in counts else None,
                    covering(ref) if amount is not None else None))
    return cells


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except AmountError:
        return None

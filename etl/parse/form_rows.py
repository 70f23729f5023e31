"""A performance table's grids as one run of rows of cells, merged cells resolved.

A form is not a header over a body: labels sit beside their values, 一级/二级指标 cells span many rows, and a
cell broken by a page break goes on in the first row of the next page. Here every printed cell carries the text
of the whole merged cell it belongs to (the cells joined by `top_open`), and whether that merged cell reaches
up into a header row; a next page's first row whose key columns are empty is the rest of the row above it.
"""
from __future__ import annotations

from dataclasses import dataclass

from etl.tables import Grid
from etl.values import squeeze


@dataclass
class FormCell:
    first_col: int
    last_col: int
    own: str  # the text printed in this piece, squeezed
    merged: str  # the whole merged cell's text, squeezed: what every row it spans reads
    group: int  # the merged cell it belongs to


@dataclass
class FormRow:
    page: int
    cells: list[FormCell]
    columns: int  # the grid's column count: rows of grids with other columns do not continue each other

    def texts(self) -> list[str]:
        return [c.merged for c in self.cells]

    def first_text(self) -> str:
        return next((c.merged for c in self.cells if c.merged), "")


def form_rows(grids: list[Grid]) -> list[FormRow]:
    """The rows of one evaluation's grids, in printed order, in columns common to all its grids: a page may
    rule fewer columns than the page before (a narrower 三级指标), and its cells still sit under the same headers."""
    edges = _edges(grids)
    # the nearest edge of each x the cells are drawn at, found once per x: a form has thousands of cells
    column = {x: min(range(len(edges)), key=lambda i: abs(edges[i] - x)) for x in _xs(grids)}
    rows: list[FormRow] = []
    next_group = 0
    for grid in grids:
        groups: list[list[int]] = []  # per row, the group of each cell
        members: dict[int, list[str]] = {}
        for r, row in enumerate(grid.rows):
            ids = []
            for cell in row:
                above = _same_cell_above(grid, r, cell) if cell.top_open else None
                if above is None:
                    group, next_group = next_group, next_group + 1
                else:
                    group = groups[r - 1][above]
                members.setdefault(group, []).append(cell.text)
                ids.append(group)
            groups.append(ids)
        merged = {g: squeeze("\n".join(t for t in texts if t.strip())) for g, texts in members.items()}
        for row, ids in zip(grid.rows, groups):
            rows.append(FormRow(grid.page, [FormCell(column[c.x1], max(column[c.x1], column[c.x2] - 1), squeeze(c.text),
                                                     merged[g], g) for c, g in zip(row, ids)], len(edges) - 1))
    return rows


_SAME_EDGE = 2.0  # points: ruling lines this close on two pages are one column edge


def _xs(grids: list[Grid]) -> set[float]:
    return {x for grid in grids for row in grid.rows for c in row for x in (c.x1, c.x2)}


def _edges(grids: list[Grid]) -> list[float]:
    """Every column edge any of the grids rules, near ones taken as one."""
    edges: list[float] = []
    for x in sorted(_xs(grids)):
        if not edges or x - edges[-1] > _SAME_EDGE:
            edges.append(x)
    return edges


def _same_cell_above(grid: Grid, r: int, cell) -> int | None:
    """The index, in the row above, of the piece this open-topped cell continues (same columns)."""
    return next((i for i, c in enumerate(grid.rows[r - 1]) if (c.first_col, c.last_col) == (cell.first_col, cell.last_col)),
                None) if r > 0 else None


def join_continued(rows: list[FormRow], starts: list[int], key_columns: set[int]) -> list[FormRow]:
    """Rows with a page's first row appended to the row before the break where it only continues its cells
    (its key columns are empty): a cell wrapped over the page break reads whole. `starts` are the indexes of the
    rows that open a grid."""
    out: list[FormRow] = []
    for i, row in enumerate(rows):
        prev = out[-1] if out else None
        if (i in starts and prev is not None and prev.columns == row.columns
                and not any(c.merged for c in row.cells if c.first_col in key_columns)):
            for cell in row.cells:
                if not cell.own:
                    continue
                target = next((p for p in prev.cells if p.first_col == cell.first_col), None)
                if target is not None:
                    target.own += cell.own
                    target.merged += cell.own
            continue
        out.append(row)
    return out

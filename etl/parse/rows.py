"""A grid's body rows as texts under the table's columns, and rows a page break cut in two.

A row with merged cells has fewer cells than the table has columns: its texts are placed under the
columns where they are printed. A label merged over several rows is printed once: every row gets it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from etl.parse.columns import KEY_ROLES, Leaf
from etl.parse.header import GridRow
from etl.parse.labels import CARRYOVER_HEADING
from etl.records import CellRef
from etl.specs import LABEL
from etl.tables import Grid
from etl.values import is_amount, normalise_label, squeeze


@dataclass(frozen=True)
class Row:
    """A body row with its printed texts under their columns."""

    placed: dict[int, str]  # leaf → text
    indents: dict[int, float]  # leaf → where its text starts, from the column's left edge
    page: int
    runs_on: frozenset[int]  # leaves whose text fills the cell to its right edge (it may wrap below)
    cells: dict[int, tuple[CellRef, ...]]  # leaf → the printed cells its text came from, in order


def body_rows(body: list[GridRow], leaves: list[Leaf], grid: Grid) -> list[Row]:
    """The body rows of one grid, each text under its column."""
    body = _spread_merged_labels(body, leaves)
    full_rows = [row for row in body if len(row) == len(leaves)]
    roles = [leaf.role for leaf in leaves]
    rows = []
    for row in body:
        if len(row) == len(leaves):
            placed = {i: c.text for i, c in enumerate(row)}
            indents = {i: c.text_left - c.x1 for i, c in enumerate(row) if c.text_left is not None}
            cells = {i: (grid.ref(c),) for i, c in enumerate(row) if c.text}
        else:
            placed, indents, cells = _place(row, _reference(row, full_rows, leaves), roles, grid)
        runs_on = frozenset(i for i, leaf in enumerate(leaves) for c in row
                            if c.full_width and c.text_x is not None and leaf.x1 <= c.text_x <= leaf.x2)
        rows.append(Row(placed, indents, grid.page, runs_on, cells))
    return rows


def cut_by_page_break(last: Row, first: Row, leaves: list[Leaf]) -> bool:
    """A row that a page break cut (八、社会保障和就 | 业支出): the page's first row prints only the rest of
    labels that ran to the right edge of their cells on the page before: no amount, no 一、-style start,
    not a carry-over heading."""
    printed = {i: squeeze(t) for i, t in first.placed.items() if squeeze(t)}
    return bool(printed) and all(
        leaves[i].role == LABEL and i in last.runs_on and normalise_label(t) == t
        and not CARRYOVER_HEADING.match(t) for i, t in printed.items())


def joined(last: Row, rest: Row) -> Row:
    """A row cut by a page break, whole again: each column's text followed by its rest on the next page."""
    return Row({i: last.placed.get(i, "") + rest.placed.get(i, "") for i in last.placed | rest.placed},
               last.indents, last.page, rest.runs_on,
               {i: last.cells.get(i, ()) + rest.cells.get(i, ()) for i in last.cells | rest.cells})


def _spread_merged_labels(body: list[GridRow], leaves: list[Leaf]) -> list[GridRow]:
    """A label cell merged over several rows (一般公共预算资金 beside its 小计 and lines) is printed once, in
    its middle: every row it covers gets its text. Only labels: an amount is never spread."""
    runs: list[list[tuple[int, int]]] = []  # (row, cell) of each printed cell, over the rows it covers
    running: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, row in enumerate(body):
        now = {}
        for i, cell in enumerate(row):
            span = (round(cell.x1), round(cell.x2))
            run = running.get(span) if cell.top_open else None
            if run is None:
                run = []
                runs.append(run)
            run.append((r, i))
            now[span] = run
        running = now
    rows = [list(row) for row in body]
    for run in (run for run in runs if len(run) > 1):
        cells = [body[r][i] for r, i in run]
        printed = [c for c in cells if squeeze(c.text)]
        middle = (cells[0].x1 + cells[0].x2) / 2
        if not printed or next((leaf.role for leaf in leaves if leaf.x1 <= middle <= leaf.x2), None) != LABEL:
            continue
        text = "".join(c.text for c in printed)
        for r, i in run:
            rows[r][i] = replace(body[r][i], text=text, text_x=printed[0].text_x)
    return [tuple(row) for row in rows]


def _reference(row: GridRow, full_rows: list[GridRow], leaves: list[Leaf]) -> list[tuple[float, float]]:
    """Column edges for a row with merged cells: the complete row whose ruling lines it shares most."""
    candidates = [[(c.x1, c.x2) for c in full] for full in full_rows] + [[(leaf.x1, leaf.x2) for leaf in leaves]]

    def distance(edges: list[tuple[float, float]]) -> float:
        lines = [x1 for x1, _ in edges] + [edges[-1][1]]
        return sum(min(abs(cell.x1 - x) for x in lines) for cell in row)

    return min(candidates, key=distance)


def _place(row: GridRow, reference: list[tuple[float, float]], roles: list[str | None],
           grid: Grid) -> tuple[dict[int, str], dict[int, float], dict[int, tuple[CellRef, ...]]]:
    """Put each printed text of a row with merged cells under the column where it is printed.

    Words in a cell merged over a key column and others (公用经费合计 over a code, a name and an amount column;
    当年支出小计 over a label, an amount and a label) are that row's label: they go to the first key column
    the cell covers, wherever the centred text sits. Two labels printed under one label column (a group
    beside its line) are kept apart by "/"."""
    placed: dict[int, str] = {}
    indents: dict[int, float] = {}
    cells: dict[int, tuple[CellRef, ...]] = {}
    for cell in row:
        if cell.text_x is None or not squeeze(cell.text):
            continue
        covered = [i for i, (x1, x2) in enumerate(reference) if cell.x1 <= (x1 + x2) / 2 <= cell.x2]
        keys = [i for i in covered if roles[i] in KEY_ROLES] if len(covered) > 1 and not is_amount(cell.text) else []
        inside = [i for i, (x1, x2) in enumerate(reference) if x1 <= cell.text_x <= x2]
        best = (keys or inside or [min(range(len(reference)), key=lambda i: min(
            abs(reference[i][0] - cell.text_x), abs(reference[i][1] - cell.text_x)))])[0]
        if best not in placed and cell.text_left is not None:
            indents[best] = cell.text_left - reference[best][0]
        joint = "/" if roles[best] == LABEL else ""
        placed[best] = f"{placed[best]}{joint}{cell.text}" if best in placed else cell.text
        cells[best] = cells.get(best, ()) + (grid.ref(cell),)
    return placed, indents, cells

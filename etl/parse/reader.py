"""The grid reader: a table's ruled grids + its spec → facts, read row by row in printed order."""
from __future__ import annotations

from etl.parse.amounts import amounts
from etl.parse.columns import Columns, keys_rows
from etl.parse.coverage import Coverage
from etl.parse.dedup import Facts
from etl.parse.header import GridRow, is_column_number_row
from etl.parse.keys import Line, RowKeys, row_label, row_name
from etl.parse.labels import Outline
from etl.parse.rows import Row, body_rows, cut_by_page_break, joined
from etl.parse.units import UnitBlocks, totals_of
from etl.records import CellRef, Fact, SubjectName
from etl.specs import TableSpec
from etl.tables import Grid
from etl.values import is_amount, squeeze
from etl.vocabulary import CellCoverage, RowKey


class GridReader:
    """Reads one table's grids in order, keeping the header and row context across pages.

    Its parts: the columns (header → leaves, slots, measures), the row keys (codes, labels, headings), the
    budget-unit blocks and the facts kept one per key."""

    def __init__(self, spec: TableSpec, unit: str, report_kind: str, fiscal_year: int | None = None,
                 by_name: bool = True) -> None:
        self.unit = unit
        self.columns = Columns(spec, report_kind, fiscal_year)
        self.keys = RowKeys(self.columns, fiscal_year, by_name)
        self.blocks = UnitBlocks()
        self.outline = Outline()
        self.headed: list[tuple[str | None, Fact]] = []  # each item fact read, with the heading it is printed under
        self.found = Facts(self.keys.subjects)
        self.cells = Coverage()
        self.coverage: dict[CellRef, CellCoverage] = {}  # once read: each amount cell's fact or reason
        self.count_cells: set[CellRef] = set()  # figures that count things (vehicles, buildings): no money unit

    @property
    def spec(self) -> TableSpec:
        """The table read: the header may show that the title means another one (income → income_by_source)."""
        return self.columns.spec

    @property
    def facts(self) -> dict[tuple, Fact]:
        return self.found.facts

    @property
    def subjects(self) -> dict[tuple, SubjectName]:
        return self.keys.subjects

    @property
    def unkeyed(self) -> list[str]:
        """Rows with amounts but no single key: reported, not loaded."""
        return self.found.unkeyed

    @property
    def repaired(self) -> list[str]:
        """Misprinted codes restored from the name or the rows above: findings."""
        return self.keys.repaired

    @property
    def key_cells(self) -> set[CellRef]:
        """Cells of key columns: a number there (a code, a 序号) is no amount."""
        return self.cells.keys

    def read(self, grids: list[Grid]) -> None:
        """The grids of one table, in order: a table printed over several pages is one table."""
        held: Row | None = None  # the last row so far, until the next page shows whether the break cut it
        for grid in grids:
            before = (self.columns.leaves, self.columns.slots)
            body = self.columns.body_of(grid)
            self._cover_header(grid, body)
            rows = body_rows(body, self.columns.leaves, grid)
            if held is not None and (self.columns.leaves, self.columns.slots) != before:
                # the page prints its own header, with other columns: the row held is read against its own
                now = (self.columns.leaves, self.columns.slots)
                self.columns.leaves, self.columns.slots = before
                self._read_row(held)
                (self.columns.leaves, self.columns.slots), held = now, None
            if held is not None and rows and cut_by_page_break(held, rows[0], self.columns.leaves):
                held = joined(held, rows.pop(0))
            pending = ([held] if held else []) + rows
            for row in pending[:-1]:
                self._read_row(row)
            held = pending[-1] if pending else None
        if held is not None:
            self._read_row(held)
        self.found.relabel(self.headed)
        for fact in self.blocks.settled(totals_of(list(self.found.facts.values()))):
            self.found.keep(fact, self.spec.row_key is not None)
        self.found.unkeyed.extend(self.blocks.reports())
        self.coverage = self.cells.settled(self.found, self.blocks)

    def _cover_header(self, grid: Grid, body: list[GridRow]) -> None:
        """The numbers of a header: its 栏次 row (1, 2, 3 …) numbers the columns."""
        in_body = {row[0].row for row in body if row}
        for row in grid.rows:
            if row and row[0].row not in in_body and is_column_number_row([squeeze(c.text) for c in row]):
                self.cells.decide(tuple(grid.ref(c) for c in row if is_amount(c.text)), CellCoverage.COLUMN_NUMBER)

    def _read_row(self, row: Row) -> None:
        columns, placed, page = self.columns, row.placed, row.page
        keyed = columns.spec.row_key is not None
        unit_line = self.blocks.enter(columns.leaves, placed)
        pending_key = None
        for slot_index, slot in enumerate(columns.slots):
            for i in slot:
                leaf = columns.leaves[i]
                if keys_rows(leaf):
                    self.cells.key(row.cells.get(i, ()))
                elif leaf.skip is not None:
                    self.cells.decide(row.cells.get(i, ()), leaf.skip)
            key = self.keys.slot_key(slot_index, slot, placed, row.indents)
            heading = self.outline.heading(slot_index, row_label(columns, slot, placed)) if keyed else None
            if key is Line.HEADER:  # the header again: its numbers number the columns
                for i in slot:
                    self.cells.decide(row.cells.get(i, ()), CellCoverage.COLUMN_NUMBER)
                continue
            other_year = key is Line.OTHER_YEAR
            if other_year:
                key = None
            if key is None and unit_line and keyed:
                key = {RowKey.ITEM: "合计"}  # a unit's own line: the totals of its rows
            found = amounts(columns, slot, placed, page, self.unit, self.keys.counting)
            if key is None and found and keyed:
                key = pending_key  # a label printed across several slots (公用经费合计 …)
            if key is not None and not found:
                pending_key = key
            if None in found or (found and key is None):  # no code, another year, or a row naming no measure
                self.found.unkeyed.append(row_label(columns, slot, placed) or f"p{page}")
                self._decide(row, found, CellCoverage.OTHER_YEAR if other_year else CellCoverage.UNKEYED_ROW)
                continue
            if found and self.found.ambiguous(key, row_name(columns, slot, placed), page):
                self._decide(row, found, CellCoverage.AMBIGUOUS_KEY)
                continue
            for measure, (value, leaf) in found.items():
                printed = row.cells.get(leaf, ())
                fact = Fact(columns.spec.key, measure, value, page, **key, cell=printed[0] if printed else None)
                self.cells.decide(printed, fact)
                if self.keys.counting and fact.cell:
                    self.count_cells.add(fact.cell)
                if fact.item is not None:
                    self.headed.append((heading, fact))
                if not self.blocks.hold(fact, on_line=unit_line):
                    self.found.keep(fact, keyed)

    def _decide(self, row: Row, found: dict, reason: CellCoverage) -> None:
        for _, leaf in found.values():
            self.cells.decide(row.cells.get(leaf, ()), reason)

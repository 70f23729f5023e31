"""What became of each printed cell of a table's body: a key, a fact, or the reason it is no fact.

The reader records each cell's outcome where it decides it; a cell that gave a fact is settled once the
whole table is read, since a later row can show its key is printed twice (then no row of it is loaded) or
a page may repeat a figure already read."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.parse.dedup import Facts
from etl.parse.units import UnitBlocks
from etl.records import CellRef, Fact
from etl.vocabulary import CellCoverage


@dataclass
class Coverage:
    keys: set[CellRef] = field(default_factory=set)  # cells of key columns: codes, labels, years, not amounts
    _outcomes: dict[CellRef, Fact | CellCoverage] = field(default_factory=dict)

    def key(self, cells: tuple[CellRef, ...]) -> None:
        self.keys.update(cells)

    def decide(self, cells: tuple[CellRef, ...], outcome: Fact | CellCoverage) -> None:
        for cell in cells:
            self._outcomes[cell] = outcome

    def settled(self, found: Facts, blocks: UnitBlocks) -> dict[CellRef, CellCoverage]:
        """Every decided cell's coverage; a cell whose fact was dropped for no known reason is left out."""
        coverage = {}
        for cell, outcome in self._outcomes.items():
            reason = outcome if isinstance(outcome, CellCoverage) else _fate(outcome, found, blocks)
            if reason is not None:
                coverage[cell] = reason
        return coverage


def _fate(read: Fact, found: Facts, blocks: UnitBlocks) -> CellCoverage | None:
    fact = found.renamed.get(id(read)) or blocks.final(read)  # under its heading, or with its unit
    kept = found.facts.get(fact.key)
    if kept is fact:
        return CellCoverage.FACT
    if reason := blocks.fate(read):
        return reason
    if found.is_ambiguous(fact):
        return CellCoverage.AMBIGUOUS_KEY
    if kept is not None and kept.amount == fact.amount:
        return CellCoverage.REPEATED
    return None

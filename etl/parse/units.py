"""Blocks of rows under 预算单位 lines (spec: "Rows the flat key cannot hold").

A table that breaks its figures down by the department's units prints a line per unit (收入总表, 三公), or
repeats its code rows once per unit under the unit's line (Xi'an's 支出明细表 under 125001 …). With several
units each figure is that unit's: its fact carries `budget_unit`, the unit's name as printed. The department's
own line that only repeats the 合计 (杭州市气象局 above its units, Xi'an's 117 above 117001) is no unit row. A
table listing a single unit keeps its rows as the department's own, as they are the same figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from etl.parse.columns import Leaf
from etl.parse.labels import is_totals
from etl.records import Fact
from etl.specs import CODE, LABEL, NAME, UNIT
from etl.values import is_unit_code, normalise_label, squeeze
from etl.vocabulary import CellCoverage

_LEADING_UNIT_CODE = re.compile(r"^\d{3}(?:\d{3})?(?!\d)")  # 117 (the department) or 117001 (a unit)


@dataclass
class Block:
    """One unit's line and the rows under it, in printed order."""

    name: str  # as printed: NFKC, white space removed, without the unit code printed before it
    coded: bool  # the line prints the unit's code in the subject-code column (its figures were never loaded)
    line: list[Fact] = field(default_factory=list)
    rows: list[Fact] = field(default_factory=list)


@dataclass
class UnitBlocks:
    """The facts read under each 预算单位 line, held until the whole table is read."""

    blocks: list[Block] = field(default_factory=list)
    _current: Block | None = None  # the unit whose block of rows is being read
    _row_only: bool = False  # the current unit is the current row's alone (printed beside its own label)
    _final: dict[int, Fact] = field(default_factory=dict)  # id of a fact as read → the fact loaded for it
    _fates: dict[int, CellCoverage] = field(default_factory=dict)  # id of a fact as read → why it is none

    def enter(self, leaves: list[Leaf], placed: dict[int, str]) -> bool:
        """A 预算单位 line starts the block of that unit's rows: True for the unit's own line (a unit code in
        the subject-code column starts the block too). A totals line ends any block. A row that prints its own
        label beside its unit's name (Changchun's projects, each with 长春市信访局 in its 单位 column) is a row of
        that unit, not a line above others."""
        if self._row_only:
            self._current, self._row_only = None, False
        text = "".join(squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role == UNIT)
        coded = _unit_code_line(leaves, placed)
        if not (text or coded):
            return False
        if is_totals(normalise_label(text)):  # a totals line belongs to the whole table
            self._current = None
            return False
        if text and any(squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role in (LABEL, NAME)):
            name = _LEADING_UNIT_CODE.sub("", text, count=1) or text
            self._current = next((b for b in self.blocks if b.name == name and not b.line), None)
            if self._current is None:
                self._current = Block(name, coded=False)
                self.blocks.append(self._current)
            self._row_only = True
            return False
        self._current = Block(_LEADING_UNIT_CODE.sub("", text or coded, count=1) or text, coded=not text)
        self.blocks.append(self._current)
        return True

    def hold(self, fact: Fact, on_line: bool) -> bool:
        """Hold a fact read inside a unit's block (on its line, or on a row under it); False outside any block."""
        if self._current is None:
            return False
        (self._current.line if on_line else self._current.rows).append(fact)
        return True

    def settled(self, totals: dict[str, Decimal]) -> list[Fact]:
        """The facts to load once the table is read: a single unit's are the department's own (its line is
        the 合计, unless it printed a code in the code column); several units' each carry their unit. `totals`
        are the table's 合计 figures, by measure."""
        if not self.blocks:
            return []
        if len(self.blocks) == 1:
            block = self.blocks[0]
            # its coded line (西南大学 105236 under 合计) is the 合计 again, or a row we cannot key
            repeats = {f.measure: f.amount for f in block.line} == totals
            for fact in block.line if block.coded else []:
                self._fates[id(fact)] = CellCoverage.REPEATED if repeats else CellCoverage.UNKEYED_ROW
            return block.rows + ([] if block.coded else block.line)
        units = self.blocks[1:] if _repeats_totals(self.blocks[0], totals) else self.blocks
        for block in self.blocks:
            for fact in block.line if block not in units else []:
                self._fates[id(fact)] = CellCoverage.REPEATED  # the department's own line: the 合计 again
        names = [b.name for b in units]
        if len(set(names)) < len(names):  # two units of one name: their figures cannot be told apart
            for fact in (f for b in units for f in b.line + b.rows):
                self._fates[id(fact)] = CellCoverage.UNIT_BLOCK
            return []
        for block in units:
            for fact in block.line:  # a unit's line is keyed by its unit alone
                self._final[id(fact)] = replace(fact, item=None, budget_unit=block.name)
            for fact in block.rows:
                self._final[id(fact)] = replace(fact, budget_unit=block.name)
        return list(self._final.values())

    def final(self, fact: Fact) -> Fact:
        """The fact loaded for a fact as read (with its unit, where it has one)."""
        return self._final.get(id(fact), fact)

    def fate(self, fact: Fact) -> CellCoverage | None:
        """Why a fact read in a block is not loaded, if it is not."""
        return self._fates.get(id(fact))

    def reports(self) -> list[str]:
        """The blocks not loaded, for the table's note."""
        dropped = [b for b in self.blocks if any(self.fate(f) in (CellCoverage.UNIT_BLOCK, CellCoverage.UNKEYED_ROW)
                                                  for f in b.line + b.rows)]
        return [f"{b.name} ({len(b.line) + len(b.rows)} amounts)" for b in dropped]


def totals_of(facts: list[Fact]) -> dict[str, Decimal]:
    """A table's 合计 figures by measure: its facts without a code whose item is none or a total."""
    return {f.measure: f.amount for f in facts if f.function_code is None and f.economic_code is None
            and f.budget_unit is None and (f.item is None or is_totals(f.item))}


def _repeats_totals(block: Block, totals: dict[str, Decimal]) -> bool:
    """The department's own line, printed above its units: no rows of its own, only the 合计's figures again."""
    return not block.rows and bool(block.line) and {f.measure: f.amount for f in block.line} == totals


def _unit_code_line(leaves: list[Leaf], placed: dict[int, str]) -> str:
    """A budget unit's code (six digits: 125001) printed in the subject-code column: the line of that unit,
    whose rows follow it. No subject code has six digits."""
    codes = [squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role == CODE]
    if not any(is_unit_code(code) for code in codes):
        return ""
    return "".join(codes) + "".join(squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role == NAME)


"""Blocks of rows under 预算单位 lines: the department's own rows only when the table lists one unit."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.parse.columns import Leaf
from etl.parse.labels import is_totals
from etl.records import Fact
from etl.specs import CODE, NAME, UNIT
from etl.values import is_unit_code, normalise_label, squeeze


@dataclass
class UnitBlocks:
    """The facts read under each 预算单位 line, held until the whole table is read."""

    held: dict[str, list[Fact]] = field(default_factory=dict)
    _unit: str | None = None  # the 预算单位 whose block of rows is being read

    def enter(self, leaves: list[Leaf], placed: dict[int, str]) -> bool:
        """A 预算单位 line starts the block of that unit's rows: True for the unit's own line in a 预算单位 column
        (a unit code in the subject-code column starts the block too, its own line is reported)."""
        text = next((normalise_label(placed[i]) for i, leaf in enumerate(leaves)
                     if leaf.role == UNIT and squeeze(placed.get(i))), "")
        coded = _unit_code_line(leaves, placed)
        if not (text or coded):
            return False
        self._unit = None if is_totals(text) else (text or coded)  # a totals line belongs to the whole table
        if self._unit:
            self.held.setdefault(self._unit, [])
        return self._unit is not None and bool(text)

    def hold(self, fact: Fact) -> bool:
        """Hold a fact read inside a unit's block; False outside any block."""
        if self._unit is None:
            return False
        self.held[self._unit].append(fact)
        return True

    def own(self) -> list[Fact]:
        """The facts that are the department's own: those of the one unit, if the table lists only one."""
        return next(iter(self.held.values())) if len(self.held) == 1 else []

    def dropped(self) -> list[Fact]:
        """The facts of a table listing several units: reported, not loaded."""
        return [fact for facts in self.held.values() for fact in facts] if len(self.held) > 1 else []

    def reports(self) -> list[str]:
        """The blocks of a table listing several units, reported instead of loaded."""
        return [f"{unit} ({len(facts)} amounts)" for unit, facts in self.held.items()] if len(self.held) > 1 else []


def _unit_code_line(leaves: list[Leaf], placed: dict[int, str]) -> str:
    """A budget unit's code (six digits: 125001) printed in the subject-code column: the line of that unit,
    whose rows follow it. No subject code has six digits."""
    codes = [squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role == CODE]
    if not any(is_unit_code(code) for code in codes):
        return ""
    return "".join(codes) + "".join(squeeze(placed.get(i)) for i, leaf in enumerate(leaves) if leaf.role == NAME)

"""A row's printed amounts, by measure, in 元: the unit's figures scaled exactly, counts left as printed."""
from __future__ import annotations

import re
from decimal import Decimal

from etl.parse.columns import Columns, is_measure
from etl.records import ExtractionError
from etl.specs import LABEL, ROW_MEASURE
from etl.values import CENT, AmountError, normalise_label, parse_amount, to_yuan


def amounts(columns: Columns, slot: list[int], placed: dict[int, str], page: int, unit: str,
            counting: bool) -> dict[str | None, tuple[Decimal, int]]:
    """The row's amounts by measure, each with the leaf it is printed under; under None an amount whose row
    label names no measure. `counting`: the row is in a section of counts (国有资产占用: vehicles, buildings),
    which no unit scales."""
    leaves = columns.leaves
    row_measure = _row_measure(columns, slot, placed)
    row_prefix = _row_prefix(columns, slot, placed)
    found = {}
    for i in slot:
        leaf = leaves[i]
        if not is_measure(leaf.role):
            continue
        try:
            value = parse_amount(placed.get(i))
        except AmountError as err:
            raise ExtractionError(f"p{page}: {columns.spec.key} column {leaf.path!r}: {err}") from None
        if value is not None:
            measure = (None if leaf.role == ROW_MEASURE and row_measure is None
                       else columns.measure(leaf, row_measure, row_prefix))
            found[measure] = (value.quantize(CENT) if counting else to_yuan(value, unit), i)
    return found


def _row_label(columns: Columns, slot: list[int], placed: dict[int, str]) -> str:
    return next((normalise_label(placed.get(i)) for i in slot if columns.leaves[i].role == LABEL), "")


def _row_measure(columns: Columns, slot: list[int], placed: dict[int, str]) -> str | None:
    """In a table that prints its measures as rows, the measure this row's label names."""
    label = _row_label(columns, slot, placed)
    return columns.spec.row_measure_of(label) if label and columns.spec.row_measures else None


def _row_prefix(columns: Columns, slot: list[int], placed: dict[int, str]) -> str | None:
    """A row labelled 预算数 or 决算数 (a 三公 table printing both as rows) chooses its measures' prefix."""
    label = _row_label(columns, slot, placed)
    return next((p for pattern, p in columns.spec.measure_prefixes if label and re.fullmatch(pattern, label)), None)

"""Where a grid's header ends and its body begins, and the header words above each column."""
from __future__ import annotations

import re
from dataclasses import replace

from etl.parse.labels import CARRYOVER_HEADING, SECTION, TOTAL_LABELS
from etl.specs import looks_like_table_title
from etl.tables import Cell, Grid
from etl.values import find_unit, is_amount, normalise_code, squeeze

_COLUMN_NUMBER = re.compile(r"^\d{1,2}(?:\.0+)?$")
_NUMBERING_MARKS = ("**", "*", "行次", "序号")

GridRow = tuple[Cell, ...]


def split_header(grid: Grid) -> tuple[list[GridRow], list[GridRow]]:
    """Header rows come first, end at the 栏次 row or at the first row that carries data."""
    header: list[GridRow] = []
    for index, row in enumerate(grid.rows):
        texts = [squeeze(c.text) for c in row]
        if len(row) == 1 or not any(texts) or find_unit("".join(texts)) or _is_caption_row(texts):
            continue  # an empty row, a section line such as 一、政府采购情况, or a ruled caption's title or 单位 line
        if is_column_number_row(texts):
            return header, list(grid.rows[index + 1:])
        if _is_data_row(texts):
            if header and any(c.top_open and squeeze(c.text) for c in row):
                # header cells taller than the header row: their last words sit beside the first figures
                header.append(tuple(replace(c, text=c.text if c.top_open else "") for c in row))
                row = tuple(replace(c, text="" if c.top_open else c.text) for c in row)
            return header, [row, *grid.rows[index + 1:]]
        header.append(row)
    return header, []


def header_path(header: list[GridRow], cell: Cell) -> str:
    """The header words above a bottom-level header cell, top to bottom, joined with "/".

    Cells are matched by position on the page, so that a header cut by a page break reads as one."""
    centre = (cell.x1 + cell.x2) / 2
    parts: list[str] = []
    last_row = -2
    for r, row in enumerate(header):
        above = next((c for c in row if c.x1 <= centre <= c.x2), None)
        text = squeeze(above.text) if above else ""
        if text and above.top_open and last_row == r - 1:
            parts[-1] += text  # one header cell whose words camelot cut into two rows
        elif text and (not parts or parts[-1] != text):
            parts.append(text)
        last_row = r if text else last_row
    return "/".join(parts)


def _is_caption_row(texts: list[str]) -> bool:
    """A sheet exported with its caption: the table's title alone in a row inside the ruled frame."""
    printed = [t for t in texts if t]
    return len(printed) == 1 and looks_like_table_title(printed[0])


def is_column_number_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    marked = values[0] in _NUMBERING_MARKS
    values = [v for v in values if v not in _NUMBERING_MARKS]  # one mark per key column: ** ** 1 2 3 (** 备注)
    if not values or not all(_COLUMN_NUMBER.match(v) for v in values) or (len(values) < 2 and not marked):
        return False
    numbers = [int(float(v)) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] == 1


def _is_data_row(texts: list[str]) -> bool:
    """Header cells are words; a row with a number, a code, 一、-style label or 合计 carries data."""
    first = next((t for t in texts if t), "")
    return (
        any(is_amount(t) for t in texts)
        or bool(normalise_code(texts[0] if texts else None))
        or bool(SECTION.match(first))
        or (bool(TOTAL_LABELS.match(texts[0] if texts else "")) and not any(texts[1:]))  # an empty table's 合计
        or bool(CARRYOVER_HEADING.match(texts[0] if texts else ""))  # 上年结转结余 with no amount: a label, not a header
    )

"""A performance table's money block (预算安排及执行进度, 项目资金) → its amounts (see etl/parse/form.py).

A block under a header row that names its measures (年初预算数 …, maybe over a second row: 目标申报数 / 预算编制数)
has one fund line per row, keyed by its breakdown where it is printed twice (按资金来源 / 按资金方向); a target
table's block of label/amount pairs beside one merged 项目资金(元) cell has one amount (`total`) per pair.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from etl.parse.form_rows import FormRow
from etl.records import ExtractionError, PerformanceFund
from etl.specs.performance import PAIR_BLOCK_OPENERS
from etl.values import AmountError, parse_amount, to_yuan

# Money-block columns: searched in order in a column's header path (its header cells, top to bottom, joined)
_MEASURES = (
    (re.compile(r"年初预算.*目标申报|^(?!.*年初预算).*目标申报"), "initial_budget_declared"),
    (re.compile(r"年初预算.*预算编制|^(?!.*(?:全年预算|年初预算)).*预算编制"), "initial_budget_compiled"),
    (re.compile(r"年初预算"), "initial_budget"),
    (re.compile(r"全年预算.*财政拨款"), "full_year_budget_fiscal"),
    (re.compile(r"全年预算.*其他资金"), "full_year_budget_other"),
    (re.compile(r"全年预算"), "full_year_budget"),
    (re.compile(r"全年执行.*财政拨款"), "executed_fiscal"),
    (re.compile(r"全年执行.*其他资金"), "executed_other"),
    (re.compile(r"全年执行|执行数"), "executed"),
    (re.compile(r"结\(?转\)?余|结余"), "balance"),
    (re.compile(r"执行率"), "execution_rate"),
    (re.compile(r"分值|权重"), "weight"),
    (re.compile(r"得分"), "score"),
    (re.compile(r"资金总额|申请总额|资金金额"), "total"),
)
_AS_PRINTED = {"execution_rate", "weight", "score"}  # not money: never scaled by the unit
_BLOCK_HEAD = re.compile(r"年初预算|全年预算|全年执行")
_BREAKDOWN = ((re.compile(r"按资金来源"), "by_source"), (re.compile(r"按资金(?:方向|用途)"), "by_use"))
_FUND_LINE_PREFIX = re.compile(r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]+、|\(\d{1,2}\))?(?:其中[:]?)?")
_FUND_LINE_UNIT = re.compile(r"\((?:万元|元)\)$")


def funds(rows: list[FormRow], page_unit: str | None = None) -> list[PerformanceFund]:
    """The money block's amounts: a block under a header row naming its measures, else label/amount pairs.
    Amounts are in the unit the block prints, else in the unit line under the table's title (`page_unit`)."""
    found: dict[tuple, PerformanceFund] = {}
    measures: dict[int, str] | None = None
    breakdown, unit, head_groups = None, page_unit, set()
    i = 0
    while i < len(rows):
        row = rows[i]
        if is_block_head(row):
            heads = [row]
            while i + 1 < len(rows) and not _has_amount(rows[i + 1]) and not is_block_head(rows[i + 1]):
                i += 1
                heads.append(rows[i])
            measures = _column_measures(heads)
            head_groups = {c.group for head in heads for c in head.cells}
            head_text = "".join(t for head in heads for t in head.texts())
            breakdown = next((b for r, b in _BREAKDOWN if r.search(head_text)), None)
            unit = unit_in(head_text) or unit
        elif measures is not None:
            if _ends_block(row, measures):
                measures = None
            else:
                _fund_row(row, measures, head_groups, breakdown, unit, found)
        i += 1
    return list(found.values()) or _paired_funds(rows, page_unit)


def _fund_row(row: FormRow, measures: dict[int, str], head_groups: set[int], breakdown: str | None,
              unit: str | None, funds: dict[tuple, PerformanceFund]) -> None:
    label_cell = next((c for c in row.cells if c.merged and c.group not in head_groups
                       and not is_figure(c.merged)), None)
    if label_cell is None:
        return
    line = fund_line(label_cell.merged)
    values: dict[str, Decimal] = {}
    for cell in row.cells:
        measure = measures.get(cell.first_col)
        if cell is label_cell or measure is None or not cell.own:
            continue
        try:
            value = parse_amount(cell.own.rstrip("%"))
        except AmountError:
            raise ExtractionError(f"p{row.page}: {line}: {cell.own!r} under {measure} is not an amount") from None
        if value is None:
            continue
        if measure not in _AS_PRINTED:
            if unit is None:
                raise ExtractionError(f"p{row.page}: the money block prints no unit (万元 / 元)")
            value = to_yuan(value, unit)
        if values.setdefault(measure, value) != value:
            raise ExtractionError(f"p{row.page}: {line}: two different {measure} in one row")
    for measure, value in values.items():
        _add(funds, PerformanceFund(line, breakdown, measure, value, row.page))

def _paired_funds(rows: list[FormRow], page_unit: str | None) -> list[PerformanceFund]:
    """A target table's money block of label/amount pairs, in the rows of its opening cell (a merged 项目资金(元)
    beside them, or the first line's label: PAIR_BLOCK_OPENERS): each pair an amount (`total`); a label printed in
    both groups is keyed under its group's total line (`年度资金申请总额/其他资金`)."""
    block = [r for r in rows if r.cells and any(p.search(r.cells[0].merged) for p in PAIR_BLOCK_OPENERS)]
    block = [r for r in block if r.cells[0].group == block[0].cells[0].group] if block else []
    if not block:
        return []
    unit = unit_in(block[0].cells[0].merged) or page_unit
    if unit is None:
        raise ExtractionError(f"p{block[0].page}: the money block prints no unit (万元 / 元)")
    pairs: list[tuple[int, str, Decimal, int]] = []  # (the group's column, label, amount, page)
    for row in block:
        cells = [c for c in row.cells if c.own]
        for label, value in zip(cells, cells[1:]):
            if not is_figure(label.own) and is_figure(value.own):  # a group is the column its labels start in
                pairs.append((label.first_col, fund_line(label.own), to_yuan(parse_amount(value.own), unit), row.page))
    totals = {group: label for group, label, *_ in reversed(pairs)}  # each group's first line: its total
    twice = {label for label in {p[1] for p in pairs} if len({g for g, l, *_ in pairs if l == label}) > 1}
    funds: dict[tuple, PerformanceFund] = {}
    for group, label, amount, page in pairs:
        line = f"{totals[group]}/{label}" if label in twice else label
        _add(funds, PerformanceFund(line, None, "total", amount, page))
    return list(funds.values())


def is_block_head(row: FormRow) -> bool:
    """A row naming two money measures or more in its own cells: the money block's header (or its second half's)."""
    return sum(1 for c in row.cells if _BLOCK_HEAD.search(c.own)) >= 2


def _ends_block(row: FormRow, measures: dict[int, str]) -> bool:
    """The row after the money block: a 绩效目标 / 指标 heading, or text where the block prints amounts."""
    first = row.first_text()
    in_columns = [c.own for c in row.cells if c.first_col in measures and c.own]
    return ("目标" in first or "指标" in first or "总分" in first
            or (bool(in_columns) and not any(is_figure(t) for t in in_columns)))


def unit_in(text: str) -> str | None:
    """The unit a label or heading prints, (万元) or (元)."""
    return "万元" if "万元" in text else ("元" if "(元)" in text else None)


def _add(funds: dict[tuple, PerformanceFund], fund: PerformanceFund) -> None:
    key = (fund.fund_line, fund.breakdown, fund.measure)
    if key in funds and funds[key].amount != fund.amount:
        raise ExtractionError(f"p{fund.page}: {fund.fund_line} printed twice with different {fund.measure}")
    funds[key] = fund


def _has_amount(row: FormRow) -> bool:
    return any(is_figure(c.own) for c in row.cells)


def is_figure(text: str) -> bool:
    """An amount, a score or a rate (97.86%)."""
    try:
        return parse_amount(text.rstrip("%")) is not None
    except AmountError:
        return False


def _column_measures(heads: list[FormRow]) -> dict[int, str]:
    columns = max(c.last_col for row in heads for c in row.cells) + 1
    paths = ["".join(dict.fromkeys(c.merged for row in heads for c in row.cells if c.first_col <= col <= c.last_col))
             for col in range(columns)]
    measures = {}
    for col, path in enumerate(paths):
        measure = next((m for r, m in _MEASURES if r.search(path)), None)
        if measure:
            measures[col] = measure
    return measures


def fund_line(label: str) -> str:
    """The spec's fund_line of a printed label: NFKC, no ordinal prefix, 其中, trailing colon or unit ((万元) of a
    heading: the amounts are in 元); 年度资金总额 is 资金总额."""
    line = _FUND_LINE_UNIT.sub("", _FUND_LINE_PREFIX.sub("", unicodedata.normalize("NFKC", label)).rstrip(":"))
    return "资金总额" if line == "年度资金总额" else line

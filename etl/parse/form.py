"""The `form` reader: one performance table (绩效自评表 / 绩效目标表) → a PerformanceEvaluation.

A form has three parts, found by their header rows, not by position:
- label/value fields (项目名称, 预算单位 / 实施单位): the value is the next printed cell on the label's right;
- the money block (预算安排及执行进度): a header row naming its measures (年初预算数 …), maybe a second one under it
  (目标申报数 / 预算编制数), then one row per fund line; a block printed twice (按资金来源 / 按资金方向) is keyed
  by its breakdown;
- the indicators (绩效指标): a header row naming 一级/二级/三级指标 and the value columns, one row per indicator,
  up to the 总分 row, which gives the total score and grade.
Values are read from the cell they are drawn in: a cell belongs to the column it starts in, so a row printed one
column off is stored as drawn. A number column holding text (a row drawn off) is null, and said in a note;
one column holding two different figures in a row cannot be read exactly: the table is reported unread.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from etl.parse.form_rows import FormRow, form_rows, join_continued
from etl.records import ExtractionError, PerformanceEvaluation, PerformanceFund, PerformanceIndicator
from etl.specs import TableSpec
from etl.specs.performance import PHASE_AND_SCOPE, project_in_title
from etl.tables import Grid
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
# Indicator columns, in the order they are tried on a header cell
_ROLES = (
    (re.compile(r"一级指标"), "level1"), (re.compile(r"二级指标"), "level2"),
    (re.compile(r"三级指标|指标内容|指标名称"), "indicator"), (re.compile(r"调整后"), "adjusted_target"),
    (re.compile(r"实际完成|实际值|完成值"), "actual"), (re.compile(r"指标值|目标值"), "target"),
    (re.compile(r"分值|权重"), "weight"), (re.compile(r"得分"), "score"), (re.compile(r"偏差|原因"), "deviation"),
)
_TEXT_ROLES = ("level1", "level2", "indicator", "target", "adjusted_target", "actual", "deviation")
_MONEY_LABEL = re.compile(r"资金.*\((?:万元|元)\)")
_LISTED_PROJECTS = re.compile(r"^(?:单位\(项目\)|项目)名称$")
_GRADES = {"优", "良", "中", "差"}
_FUND_LINE_PREFIX = re.compile(r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]+、|\(\d{1,2}\))?(?:其中[:]?)?")
_FIELDS = {"project": re.compile(r"^项目名称$"), "unit": re.compile(r"^(?:预算单位|实施单位|项目实施单位|单位名称)$")}


class FormReader:
    """Reads one evaluation's grids (see the module's docstring); `evaluations` holds what it read."""

    def __init__(self, spec: TableSpec, unit: str | None, report_kind: str, fiscal_year: int | None = None) -> None:
        self.spec, self.unit = spec, unit
        self.facts: dict = {}  # a performance table is never facts
        self.subjects: dict = {}
        self.unkeyed: list[str] = []
        self.repaired: list[str] = []
        self.evaluations: list[PerformanceEvaluation] = []

    def read_titled(self, title: str, page: int, grids: list[Grid]) -> PerformanceEvaluation:
        rows = form_rows(grids)
        starts = _grid_starts(grids)
        phase, scope = PHASE_AND_SCOPE[self.spec.key]
        fields = _fields(rows)
        project = fields.get("project") or (project_in_title(title) if scope == "project" else None)
        evaluation = PerformanceEvaluation(title, phase, scope, project if scope == "project" else None,
                                           fields.get("unit"), None, None, page)
        evaluation.funds = self._funds(rows)
        self._indicators(rows, starts, evaluation)
        if not (evaluation.funds or evaluation.indicators or evaluation.total_score is not None):
            raise ExtractionError("no amount, indicator or score read: a layout the form reader does not know")
        self.evaluations.append(evaluation)
        return evaluation

    def read(self, grids: list[Grid]) -> None:
        self.read_titled(self.spec.titles[0], grids[0].page, grids)

    def _funds(self, rows: list[FormRow]) -> list[PerformanceFund]:
        funds: dict[tuple, PerformanceFund] = {}
        measures: dict[int, str] | None = None
        breakdown, unit, head_groups = None, self.unit, set()
        i = 0
        while i < len(rows):
            row = rows[i]
            if _is_block_head(row):
                heads = [row]
                while i + 1 < len(rows) and not _has_amount(rows[i + 1]) and not _is_block_head(rows[i + 1]):
                    i += 1
                    heads.append(rows[i])
                measures = _column_measures(heads)
                head_groups = {c.group for head in heads for c in head.cells}
                head_text = "".join(t for head in heads for t in head.texts())
                breakdown = next((b for r, b in _BREAKDOWN if r.search(head_text)), None)
                unit = _unit_in(head_text) or unit
            elif measures is not None:
                if _ends_block(row, measures):
                    measures = None
                else:
                    self._fund_row(row, measures, head_groups, breakdown, unit, funds)
            i += 1
        return list(funds.values()) or _paired_funds(rows)

    def _fund_row(self, row: FormRow, measures: dict[int, str], head_groups: set[int], breakdown: str | None,
                  unit: str | None, funds: dict[tuple, PerformanceFund]) -> None:
        label_cell = next((c for c in row.cells if c.merged and c.group not in head_groups
                           and not _is_amount(c.merged)), None)
        if label_cell is None:
            return
        line = _fund_line(label_cell.merged)
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

    def _indicators(self, rows: list[FormRow], starts: set[int], evaluation: PerformanceEvaluation) -> None:
        head = next((i for i, row in enumerate(rows) if {"indicator", "level1"} <= set(_column_roles(row).values())
                     or {"indicator", "level2"} <= set(_column_roles(row).values())), None)
        if head is None:
            head = next((i for i, row in enumerate(rows) if "总分" in row.texts()), len(rows))
            _total(rows[head:], evaluation, set())
            return
        if any(_LISTED_PROJECTS.match(text) for text in rows[head].texts()):
            raise ExtractionError("projects listed down one table (a 项目名称 column): a layout the form reader "
                                  "does not read")
        roles = _column_roles(rows[head])
        header_groups = {c.group for c in rows[head].cells}
        keys = {col for col, role in roles.items() if role in ("level1", "level2", "indicator")}
        body = join_continued(rows[head + 1:], [i - head - 1 for i in starts if i > head], keys)
        seen: set[tuple] = set()
        for n, row in enumerate(body):
            if _is_total(row):
                _total(body[n:], evaluation, {col for col, role in roles.items() if role == "score"})
                break
            values: dict[str, list[str]] = {}
            for cell in row.cells:
                role = roles.get(cell.first_col)
                if role and cell.merged and cell.group not in header_groups:
                    texts = values.setdefault(role, [])
                    if cell.merged not in texts:
                        texts.append(cell.merged)
            if not values.get("indicator"):
                continue
            text = {role: "".join(values[role]) if values.get(role) else None for role in _TEXT_ROLES}
            indicator = PerformanceIndicator(
                text["level1"], text["level2"], text["indicator"], text["target"], text["adjusted_target"],
                text["actual"], _number(values.get("weight"), row, evaluation), _number(values.get("score"), row, evaluation),
                text["deviation"], row.page)
            if indicator.key in seen:
                raise ExtractionError(f"p{row.page}: indicator {indicator.indicator} printed twice under one heading")
            seen.add(indicator.key)
            evaluation.indicators.append(indicator)


def _paired_funds(rows: list[FormRow]) -> list[PerformanceFund]:
    """A target table's money block of label/amount pairs beside one merged 项目资金(元) cell: each pair an amount
    (`total`); a label printed in both groups is keyed under its group's total line (`年度资金申请总额/其他资金`)."""
    block = [r for r in rows if r.cells and _MONEY_LABEL.search(r.cells[0].merged)]
    block = [r for r in block if r.cells[0].group == block[0].cells[0].group] if block else []
    if not block:
        return []
    unit = _unit_in(block[0].cells[0].merged)
    pairs: list[tuple[int, str, Decimal, int]] = []  # (the group's column, label, amount, page)
    for row in block:
        cells = [c for c in row.cells[1:] if c.own]
        for label, value in zip(cells, cells[1:]):
            if not _is_amount(label.own) and _is_amount(value.own):  # a group is the column its labels start in
                pairs.append((label.first_col, _fund_line(label.own), to_yuan(parse_amount(value.own), unit), row.page))
    totals = {group: label for group, label, *_ in reversed(pairs)}  # each group's first line: its total
    twice = {label for label in {p[1] for p in pairs} if len({g for g, l, *_ in pairs if l == label}) > 1}
    funds: dict[tuple, PerformanceFund] = {}
    for group, label, amount, page in pairs:
        line = f"{totals[group]}/{label}" if label in twice else label
        _add(funds, PerformanceFund(line, None, "total", amount, page))
    return list(funds.values())


def _grid_starts(grids: list[Grid]) -> set[int]:
    starts, n = set(), 0
    for grid in grids:
        starts.add(n)
        n += len(grid.rows)
    return starts


def _fields(rows: list[FormRow]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in rows:
        texts = row.texts()
        for i, text in enumerate(texts):
            for name, pattern in _FIELDS.items():
                if name not in found and pattern.match(text):
                    value = next((t for t in texts[i + 1:] if t), None)
                    if value and not any(p.match(value) for p in _FIELDS.values()):
                        found[name] = value
        if _is_block_head(row):
            break
    return found


def _is_block_head(row: FormRow) -> bool:
    return sum(1 for c in row.cells if _BLOCK_HEAD.search(c.own)) >= 2


def _ends_block(row: FormRow, measures: dict[int, str]) -> bool:
    """The row after the money block: a 绩效目标 / 指标 heading, or text where the block prints amounts."""
    first = row.first_text()
    in_columns = [c.own for c in row.cells if c.first_col in measures and c.own]
    return ("目标" in first or "指标" in first or "总分" in first
            or (bool(in_columns) and not any(_is_amount(t) for t in in_columns)))


def _unit_in(text: str) -> str | None:
    return "万元" if "万元" in text else ("元" if "(元)" in text else None)


def _add(funds: dict[tuple, PerformanceFund], fund: PerformanceFund) -> None:
    key = (fund.fund_line, fund.breakdown, fund.measure)
    if key in funds and funds[key].amount != fund.amount:
        raise ExtractionError(f"p{fund.page}: {fund.fund_line} printed twice with different {fund.measure}")
    funds[key] = fund


def _has_amount(row: FormRow) -> bool:
    return any(_is_amount(c.own) for c in row.cells)


def _is_amount(text: str) -> bool:
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


def _column_roles(row: FormRow) -> dict[int, str]:
    roles = {}
    for cell in row.cells:
        role = next((name for r, name in _ROLES if r.search(cell.merged)), None)
        if role:
            roles.update({col: role for col in range(cell.first_col, cell.last_col + 1)})
    return roles


def _fund_line(label: str) -> str:
    line = _FUND_LINE_PREFIX.sub("", unicodedata.normalize("NFKC", label)).rstrip(":")
    return "资金总额" if line == "年度资金总额" else line


def _is_total(row: FormRow) -> bool:
    return row.first_text().startswith(("总分", "总计", "合计"))


def _total(rows: list[FormRow], evaluation: PerformanceEvaluation, score_columns: set[int]) -> None:
    """The 总分 row: its figure in the 得分 column, else its first figure (a total drawn off its column), and grade."""
    row = next((r for r in rows if _is_total(r)), None)
    if row is None:
        return
    cells = [c for c in row.cells[1:] if c.merged]
    figures = [c for c in cells if _is_amount(c.merged)]
    scored = [c for c in figures if c.first_col in score_columns] or figures
    evaluation.total_score = parse_amount(scored[0].merged) if scored else None
    texts = [c.merged for c in cells]
    evaluation.grade = next((t for t in texts if t in _GRADES), None)


def _number(texts: list[str] | None, row: FormRow, evaluation: PerformanceEvaluation) -> Decimal | None:
    if not texts:
        return None
    numbers = {parse_amount(t) for t in texts if _is_amount(t)}
    drawn_off = [t for t in texts if not _is_amount(t)]
    if drawn_off:
        evaluation.notes.append(f"p{row.page}: {', '.join(drawn_off)} where a number is printed: read as blank")
    if len(numbers) > 1:
        raise ExtractionError(f"p{row.page}: two different figures in one number column: {sorted(numbers)}")
    return next(iter(numbers), None)


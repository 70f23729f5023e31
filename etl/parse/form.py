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
from decimal import Decimal

from etl.parse.form_money import funds, is_block_head, is_figure
from etl.parse.form_rows import FormRow, form_rows, join_continued
from etl.records import ExtractionError, PerformanceEvaluation, PerformanceIndicator
from etl.specs import TableSpec
from etl.specs.performance import PHASE_AND_SCOPE, project_in_title
from etl.tables import Grid
from etl.values import parse_amount

# Indicator columns, in the order they are tried on a header cell
_ROLES = (
    (re.compile(r"一级指标"), "level1"), (re.compile(r"二级指标"), "level2"),
    (re.compile(r"三级指标|指标内容|指标名称"), "indicator"), (re.compile(r"调整后"), "adjusted_target"),
    (re.compile(r"实际完成|实际值|完成值"), "actual"), (re.compile(r"指标值|目标值"), "target"),
    (re.compile(r"分值|权重"), "weight"), (re.compile(r"得分"), "score"), (re.compile(r"偏差|原因"), "deviation"),
)
_TEXT_ROLES = ("level1", "level2", "indicator", "target", "adjusted_target", "actual", "deviation")
_LISTED_PROJECTS = re.compile(r"^(?:单位\(项目\)|项目)名称$")
_GRADES = {"优", "良", "中", "差"}
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
        evaluation.funds = funds(rows)
        self._indicators(rows, starts, evaluation)
        if not (evaluation.funds or evaluation.indicators or evaluation.total_score is not None):
            raise ExtractionError("no amount, indicator or score read: a layout the form reader does not know")
        self.evaluations.append(evaluation)
        return evaluation

    def read(self, grids: list[Grid]) -> None:
        self.read_titled(self.spec.titles[0], grids[0].page, grids)

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
        if is_block_head(row):
            break
    return found


def _column_roles(row: FormRow) -> dict[int, str]:
    roles = {}
    for cell in row.cells:
        role = next((name for r, name in _ROLES if r.search(cell.merged)), None)
        if role:
            roles.update({col: role for col in range(cell.first_col, cell.last_col + 1)})
    return roles


def _is_total(row: FormRow) -> bool:
    return row.first_text().startswith(("总分", "总计", "合计"))


def _total(rows: list[FormRow], evaluation: PerformanceEvaluation, score_columns: set[int]) -> None:
    """The 总分 row: its figure in the 得分 column, else its first figure (a total drawn off its column), and grade."""
    row = next((r for r in rows if _is_total(r)), None)
    if row is None:
        return
    cells = [c for c in row.cells[1:] if c.merged]
    figures = [c for c in cells if is_figure(c.merged)]
    scored = [c for c in figures if c.first_col in score_columns] or figures
    evaluation.total_score = parse_amount(scored[0].merged) if scored else None
    texts = [c.merged for c in cells]
    evaluation.grade = next((t for t in texts if t in _GRADES), None)


def _number(texts: list[str] | None, row: FormRow, evaluation: PerformanceEvaluation) -> Decimal | None:
    if not texts:
        return None
    numbers = {parse_amount(t) for t in texts if is_figure(t)}
    drawn_off = [t for t in texts if not is_figure(t)]
    if drawn_off:
        evaluation.notes.append(f"p{row.page}: {', '.join(drawn_off)} where a number is printed: read as blank")
    if len(numbers) > 1:
        raise ExtractionError(f"p{row.page}: two different figures in one number column: {sorted(numbers)}")
    return next(iter(numbers), None)


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

from dataclasses import replace
from decimal import Decimal

from etl.parse.form_money import funds, is_block_head, is_figure
from etl.parse.form_rows import FormRow, form_rows, join_continued
from etl.records import ExtractionError, PerformanceEvaluation, PerformanceIndicator
from etl.specs import TableSpec
from etl.specs.performance import (FIELD_LABELS, INDICATOR_BLOCK_LABEL, INDICATOR_COLUMNS, LISTED_PROJECTS_HEADING,
                                   PHASE_AND_SCOPE, joined_target, project_in_title, target_part)
from etl.tables import Grid
from etl.values import parse_amount

_TEXT_ROLES = ("level1", "level2", "indicator", "adjusted_target", "actual", "deviation")
_GRADES = {"优", "良", "中", "差"}


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
        fields = _fields(rows, _indicator_head(rows), starts)
        project = fields.get("project") or (project_in_title(title) if scope == "project" else None)
        evaluation = PerformanceEvaluation(title, phase, scope, project if scope == "project" else None,
                                           fields.get("unit"), None, None, page)
        evaluation.funds = funds(rows, self.unit)
        self._indicators(rows, starts, evaluation)
        if not (evaluation.funds or evaluation.indicators or evaluation.total_score is not None):
            if not any(is_figure(c.own) for row in rows for c in row.cells) and _indicator_head(rows) is not None:
                raise ExtractionError("an empty form: its labels and headings print no figure and no indicator")
            raise ExtractionError("no amount, indicator or score read: a layout the form reader does not know")
        self.evaluations.append(evaluation)
        return evaluation

    def read(self, grids: list[Grid]) -> None:
        self.read_titled(self.spec.titles[0], grids[0].page, grids)

    def _indicators(self, rows: list[FormRow], starts: set[int], evaluation: PerformanceEvaluation) -> None:
        head = _indicator_head(rows)
        if head is None and any(c.merged == INDICATOR_BLOCK_LABEL for row in rows for c in row.cells[:1]):
            # Xi'an 人社局 2020 p63: one project's table prints its indicators without their header row
            raise ExtractionError("the 绩效指标 block prints no header row naming its columns (一级/二级/三级指标, "
                                  "指标值): which column holds what is not printed")
        if head is None and any(INDICATOR_BLOCK_LABEL in (texts := row.texts())
                                and any(target_part(t) is not None for t in texts) for row in rows):
            # Beijing 预算13表: 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位, the 绩效指标 cell printing 一级, 二级 and
            # 三级指标 as one run of text (产出指标数量指标出具数据分析报告), no space, line or font between them
            raise ExtractionError("one 绩效指标 column holds 一级, 二级 and 三级指标 in one text, nothing printed "
                                  "between them: the key (一级, 二级, 三级指标) cannot be read")
        if head is None:
            head = next((i for i, row in enumerate(rows) if "总分" in row.texts()), len(rows))
            _total(rows[head:], evaluation, set())
            return
        if any(LISTED_PROJECTS_HEADING.match(text) for text in rows[head].texts()):
            raise ExtractionError("projects listed down one table (a 项目名称 column): a layout the form reader "
                                  "does not read")
        roles = _column_roles(rows[head])
        target_parts = {col: target_part(c.merged) for c in rows[head].cells if roles.get(c.first_col) == "target"
                        for col in range(c.first_col, c.last_col + 1)}
        header_groups = {c.group for c in rows[head].cells}
        keys = {col: role for col, role in roles.items() if role in ("level1", "level2", "indicator")}
        body = join_continued(*_below_header(rows, head, starts), keys)
        read: dict[tuple, PerformanceIndicator] = {}
        for n, row in enumerate(body):
            if _is_total(row):
                _total(body[n:], evaluation, {col for col, role in roles.items() if role == "score"})
                break
            values: dict[str, dict[int, str]] = {}  # role → the text of each merged cell, in printed order
            target: dict[int, tuple[int, str]] = {}  # a target cell's group → its part and text
            for cell in row.cells:
                role = roles.get(cell.first_col)
                if role and cell.merged and cell.group not in header_groups:
                    values.setdefault(role, {}).setdefault(cell.group, cell.merged)
                    if role == "target":
                        target.setdefault(cell.group, (target_parts[cell.first_col], cell.merged))
            if not values.get("indicator"):
                continue
            _has_key_cells(row, keys)
            text = {role: "".join(values[role].values()) if values.get(role) else None for role in _TEXT_ROLES}
            indicator = PerformanceIndicator(
                text["level1"], text["level2"], text["indicator"], joined_target(list(target.values())), text["adjusted_target"],
                text["actual"], _number(values.get("weight"), row, evaluation),
                _number(values.get("score"), row, evaluation), text["deviation"], row.page)
            if indicator.key in read:
                _printed_twice(read[indicator.key], indicator, evaluation)
                continue
            read[indicator.key] = indicator
            evaluation.indicators.append(indicator)


def indicator_header(grids: list[Grid]) -> list[list[str]] | None:
    """The texts of the grids' rows down to the indicators' header row, if they print one."""
    rows = form_rows(grids)
    head = _indicator_head(rows)
    return [row.texts() for row in rows[:head + 1]] if head is not None else None


def _indicator_head(rows: list[FormRow]) -> int | None:
    """The indicators' header row: it names the 三级指标 column beside a level or a target column."""
    return next((i for i, row in enumerate(rows) if "indicator" in (roles := set(_column_roles(row).values()))
                 and roles & {"level1", "level2", "target"}), None)


def _has_key_cells(row: FormRow, keys: dict[int, str]) -> None:
    """Every indicator row rules its 一级/二级/三级指标 cells: a grid that leaves them out (Xi'an 安监局 2019
    p35: the merged 一级指标 cell runs the whole page with no rule, its text printed beside the grid) cannot be
    read exactly."""
    missing = keys.keys() - {col for c in row.cells for col in range(c.first_col, c.last_col + 1)}
    if missing:
        raise ExtractionError(f"p{row.page}: the grid rules no cell in the {'/'.join(sorted(set(keys[c] for c in missing)))}"
                              " column: a merged cell drawn without rules on this page, its text printed beside the grid")


def _printed_twice(first: PerformanceIndicator, again: PerformanceIndicator, evaluation: PerformanceEvaluation) -> None:
    """One indicator printed twice under one heading: the same row again is kept once (and said in the note);
    two different rows under one key cannot both be held."""
    if first == replace(again, page=first.page):
        evaluation.notes.append(f"p{again.page}: {again.indicator} printed twice, the same row: read once")
        return
    differ = [f"{name} {getattr(first, name)!r} / {getattr(again, name)!r}" for name in
              ("target", "adjusted_target", "actual", "weight", "score", "deviation")
              if getattr(first, name) != getattr(again, name)]
    raise ExtractionError(f"p{again.page}: {again.indicator} printed twice under {again.level1}/{again.level2} "
                          f"with different values ({'; '.join(differ)}): the key (一级, 二级, 三级指标) holds one")


def _grid_starts(grids: list[Grid]) -> set[int]:
    starts, n = set(), 0
    for grid in grids:
        starts.add(n)
        n += len(grid.rows)
    return starts


def _fields(rows: list[FormRow], head: int | None, starts: set[int]) -> dict[str, str]:
    """Each label's value: the next printed cell on its right; or, where the label heads a column (its cell
    reaches down into the indicators' header row: Changsha's 部门整体 table, 单位名称 over 长沙市信访局), the one
    text printed under it."""
    found: dict[str, str] = {}
    for row in rows:
        texts = row.texts()
        for i, text in enumerate(texts):
            for name, pattern in FIELD_LABELS.items():
                if name in found:
                    continue
                if pattern.fullmatch(text):
                    under = _column_under(rows, head, starts, row.cells[i])
                    value = under if under is not None else next((t for t in texts[i + 1:] if t), None)
                elif len(texts) == 1 and (label := pattern.match(text)):
                    value = text[label.end():]  # the label and its value in a row of one cell
                else:
                    continue
                if value and not any(p.fullmatch(value) for p in FIELD_LABELS.values()):
                    found[name] = value
        if is_block_head(row):
            break
    return found


def _column_under(rows: list[FormRow], head: int | None, starts: set[int], label) -> str | None:
    """Where the label heads a column, the one text printed under it ("" where none or several)."""
    if head is None or all(c.group != label.group for c in rows[head].cells):
        return None
    under = {c.merged for row in _below_header(rows, head, starts)[0] for c in row.cells
             if (c.first_col, c.last_col) == (label.first_col, label.last_col) and c.merged}
    return next(iter(under)) if len(under) == 1 else ""


def _below_header(rows: list[FormRow], head: int, starts: set[int]) -> tuple[list[FormRow], list[int]]:
    """The rows under the header row `head`, and the indexes among them of the rows that open a grid; a grid that
    opens with the header rows printed again (the table's next page, Changsha's 部门整体 table) opens after them."""
    header = [row.texts() for row in rows[:head + 1]]
    below: list[FormRow] = []
    opening: list[int] = []
    i = head + 1
    while i < len(rows):
        if i in starts:
            opening.append(len(below))
            if [row.texts() for row in rows[i:i + len(header)]] == header:
                i += len(header)
                continue
        below.append(rows[i])
        i += 1
    return below, opening


def _column_roles(row: FormRow) -> dict[int, str]:
    roles = {}
    for cell in row.cells:
        role = next((name for r, name in INDICATOR_COLUMNS if r.search(cell.merged)), None)
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


def _number(cells: dict[int, str] | None, row: FormRow, evaluation: PerformanceEvaluation) -> Decimal | None:
    if not cells:
        return None
    texts = list(cells.values())
    numbers = {parse_amount(t) for t in texts if is_figure(t)}
    drawn_off = [t for t in texts if not is_figure(t)]
    if drawn_off:
        evaluation.notes.append(f"p{row.page}: {', '.join(drawn_off)} where a number is printed: read as blank")
    if len(numbers) > 1:
        raise ExtractionError(f"p{row.page}: two different figures in one number column: {sorted(numbers)}")
    return next(iter(numbers), None)


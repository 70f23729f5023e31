"""Project lists: a 项目支出绩效目标表 that lists its projects down one table → one evaluation per project.

Changsha's (单位编码, 单位(项目)名称, 资金总额, 绩效目标, 一级/二级/三级指标, 指标值 …) and Beijing's 预算表12 (项目名称,
项目总额, 其中 财政资金 / 其他资金, 绩效目标, 一级/二级/三级指标, 绩效指标性质, 本年绩效指标值 …) print one merged
项目名称 cell per project, its fund cells merged beside it, one row per indicator. Changsha prints the header on
every page and prints a project running over a page break again (name, code and funds) at the next page's top;
Beijing prints the header once and starts every page with a new project. Changsha lists its units too: a row with
a 单位编码 and the unit's name but no indicator; the projects printing that code are its (their implementing unit).
The 合计 row names no project. Values are read from the cell they are drawn in (a cell belongs to the column it
starts in); a project that cannot be read exactly is reported unread, and the others are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from etl.document import PageText, find_unit
from etl.parse.form_money import fund_line, is_figure, unit_in
from etl.parse.form_rows import FormRow, form_rows
from etl.records import (
    ExtractedTable,
    ExtractionError,
    PerformanceEvaluation,
    PerformanceFund,
    PerformanceIndicator,
)
from etl.specs.performance import (
    PHASE_AND_SCOPE,
    PROJECT_LIST_HEADERS,
    joined_target,
    target_part,
)
from etl.tables import Grid, read_grids
from etl.values import parse_amount, to_yuan
from etl.vocabulary import TableStatus

if TYPE_CHECKING:  # form_pages calls this module
    from etl.parse.form_pages import PerformanceTitle

_INDICATOR_ROLES = ("level1", "level2", "indicator", "target")


@dataclass
class _Columns:
    roles: dict[int, str]  # column → what it holds (PROJECT_LIST_HEADERS)
    funds: dict[int, str]  # a fund column → its fund line (its header, as printed)
    target_parts: dict[int, int]  # a target column → the part of the target it prints (TARGET_PARTS)
    header_groups: set[int]

    def of(self, role: str) -> int | None:
        return next((col for col, r in self.roles.items() if r == role), None)


@dataclass
class _Project:
    name: str
    rows: list[FormRow] = field(default_factory=list)


def read_project_lists(pdf: pdfium.PdfDocument, pages: list[PageText], titles: dict[int, list[PerformanceTitle]],
                       chosen: list[int]) -> tuple[list[PerformanceEvaluation], list[ExtractedTable]]:
    """The evaluations of the project lists on the `chosen` pages (each list starts under one of `titles`, the
    pages' PerformanceTitles), and what could not be read exactly, with why."""
    by_number = {p.number: p for p in pages}
    evaluations: list[PerformanceEvaluation] = []
    unread: list[ExtractedTable] = []
    grids = read_grids(pdf, chosen) if chosen else []
    for run_titles, run_grids in _runs(chosen, titles, grids):
        title = run_titles[0]
        try:
            columns, projects, units = _projects(run_grids)
        except ExtractionError as err:
            unread.extend(ExtractedTable(t.title, t.spec.key, [t.page], None, note=str(err),
                                         status=TableStatus.UNREADABLE) for t in run_titles)
            continue
        # a second title on a page of the list: its table is not told apart from the list's
        unread.extend(ExtractedTable(t.title, t.spec.key, [t.page], None, note="printed on a page of a project list",
                                     status=TableStatus.UNREADABLE)
                      for before, t in zip(run_titles, run_titles[1:]) if before.page == t.page)
        unit = find_unit(by_number[title.page], title.top)
        for project in projects:
            try:
                evaluation = _evaluation(title, project, columns, units, unit)
                if any(e.key == evaluation.key for e in evaluations):
                    raise ExtractionError(f"{project.name} listed twice")
            except ExtractionError as err:
                unread.append(ExtractedTable(title.title, title.spec.key, sorted({r.page for r in project.rows}),
                                             None, note=f"{project.name}: {err}", status=TableStatus.UNREADABLE))
                continue
            evaluations.append(evaluation)
    return evaluations, unread


def _runs(chosen: list[int], titles: dict[int, list[PerformanceTitle]],
          grids: list[Grid]) -> list[tuple[list[PerformanceTitle], list[Grid]]]:
    """The lists: a titled page starts one, unless it goes on with the list of the page before under the same
    title (Changsha prints it on every page); pages without a title go on with the list before them."""
    runs: list[tuple[list[PerformanceTitle], list[Grid]]] = []
    last_page, last_key = None, None
    for number in chosen:
        page_titles = titles.get(number) or []
        continues = last_page == number - 1 and (not page_titles or page_titles[0].spec.key == last_key)
        if not continues:
            if not page_titles:
                continue
            runs.append(([], []))
            last_key = page_titles[0].spec.key
        runs[-1][0].extend(page_titles)
        runs[-1][1].extend(g for g in grids if g.page == number)
        last_page = number
    return runs


def _projects(grids: list[Grid]) -> tuple[_Columns, list[_Project], dict[str, str]]:
    """The list's columns, its projects' rows in printed order, and its units (code → name)."""
    if not grids:
        raise ExtractionError("no ruled grid on its pages")
    rows = form_rows(grids)
    columns: _Columns | None = None
    projects: list[_Project] = []
    units: dict[str, str] = {}
    start = 0
    for grid in grids:
        segment = rows[start:start + len(grid.rows)]
        start += len(grid.rows)
        header = _header(segment)
        if header is not None:
            found, last = header
            if columns is not None and (found.roles, found.funds) != (columns.roles, columns.funds):
                raise ExtractionError(f"p{grid.page}: the header differs from the first page's")
            columns = found
            segment = segment[last + 1:]
        elif columns is None:
            raise ExtractionError(f"p{grid.page}: a grid before any 项目名称 / 三级指标 header")
        _chunks(segment, columns, projects, units)
    if columns is None:
        raise ExtractionError("no 项目名称 / 三级指标 header: a list layout the reader does not know")
    return columns, projects, units


def _header(rows: list[FormRow]) -> tuple[_Columns, int] | None:
    """The grid's header (its columns, and the index of its last row): the rows the 项目名称 cell spans."""
    name = next((c for row in rows for c in row.cells if _role(c.merged) == "name"), None)
    if name is None:
        return None
    spanned = [i for i, row in enumerate(rows) if any(c.group == name.group for c in row.cells)]
    roles: dict[int, str] = {}
    funds: dict[int, str] = {}
    target_parts: dict[int, int] = {}
    groups = set()
    for row in rows[:spanned[-1] + 1]:
        for cell in row.cells:
            groups.add(cell.group)
            role = _role(cell.merged)
            if role:
                roles.update({col: role for col in range(cell.first_col, cell.last_col + 1)})
                if role == "fund":
                    funds.update({col: cell.merged for col in range(cell.first_col, cell.last_col + 1)})
                if role == "target":
                    target_parts.update({col: target_part(cell.merged) for col in range(cell.first_col, cell.last_col + 1)})
    if "indicator" not in roles.values():
        raise ExtractionError("a 项目名称 field without a 三级指标 column: not a list of projects the reader knows")
    return _Columns(roles, funds, target_parts, groups), spanned[-1]


def _role(text: str) -> str | None:
    role = next((role for pattern, role in PROJECT_LIST_HEADERS if pattern.fullmatch(text)), None)
    return role or ("target" if target_part(text) is not None else None)


def _chunks(rows: list[FormRow], columns: _Columns, projects: list[_Project], units: dict[str, str]) -> None:
    """The grid's rows by the 项目名称 cell they sit beside: a project, its rest over a page break, a unit's row,
    or the 合计 row."""
    name_col, code_col = columns.of("name"), columns.of("unit_code")
    chunks: list[tuple[str, list[FormRow]]] = []
    last_group = None
    for row in rows:
        cell = _cell(row, name_col)
        group = cell.group if cell else None
        if group is None or group != last_group:
            chunks.append((cell.merged if cell else "", []))
        chunks[-1][1].append(row)
        last_group = group
    for n, (name, chunk) in enumerate(chunks):
        indicated = any(_text(row, columns, "indicator") or _text(row, columns, "target") for row in chunk)
        if n == 0 and projects and name in ("", projects[-1].name):
            projects[-1].rows.extend(chunk)  # the project running over the page break
        elif not name and not indicated:
            continue  # 合计
        elif not name:
            raise ExtractionError(f"p{chunk[0].page}: indicators beside no 项目名称")
        elif not indicated and code_col is not None and (code := _text(chunk[0], columns, "unit_code")):
            units[code] = name
        else:
            projects.append(_Project(name, chunk))


def _evaluation(title: PerformanceTitle, project: _Project, columns: _Columns, units: dict[str, str],
                unit: str | None) -> PerformanceEvaluation:
    phase, scope = PHASE_AND_SCOPE[title.spec.key]
    code = _text(project.rows[0], columns, "unit_code")
    implementing_unit = units.get(code) if code else _text(project.rows[0], columns, "unit")
    evaluation = PerformanceEvaluation(title.title, phase, scope, project.name, implementing_unit, None, None,
                                       project.rows[0].page)
    evaluation.funds = _funds(project, columns, unit)
    seen: set[tuple] = set()
    for row in project.rows:
        text = {role: _text(row, columns, role) for role in _INDICATOR_ROLES}
        if not text["indicator"]:
            if text["target"]:
                raise ExtractionError(f"p{row.page}: a 指标值 {text['target']} without its 三级指标")
            continue
        weight = _text(row, columns, "weight")
        if weight is not None and not is_figure(weight):
            raise ExtractionError(f"p{row.page}: {weight} where a 权重 is printed")
        indicator = PerformanceIndicator(text["level1"], text["level2"], text["indicator"], text["target"],
                                         None, None, parse_amount(weight) if weight else None, None, None, row.page)
        if indicator.key in seen:
            raise ExtractionError(f"p{row.page}: indicator {indicator.indicator} printed twice under one heading")
        seen.add(indicator.key)
        evaluation.indicators.append(indicator)
    return evaluation


def _funds(project: _Project, columns: _Columns, unit: str | None) -> list[PerformanceFund]:
    """Each fund column's merged cell beside the project (printed again over a page break: the same figure)."""
    funds = []
    for col, heading in columns.funds.items():
        printed = {(cell.merged, row.page) for row in project.rows if (cell := _cell(row, col)) and cell.merged
                   and cell.group not in columns.header_groups}
        figures = {text for text, _ in printed}
        if not figures:
            continue
        if len(figures) > 1 or not is_figure(next(iter(figures))):
            raise ExtractionError(f"{heading}: {' / '.join(sorted(figures))} is not one amount")
        column_unit = unit_in(heading) or unit  # Changchun: 年度资金总额(万元)
        if column_unit is None:
            raise ExtractionError("the page prints no unit (万元 / 元) for its amounts")
        funds.append(PerformanceFund(fund_line(heading), None, "total",
                                     to_yuan(parse_amount(next(iter(figures))), column_unit),
                                     min(page for _, page in printed)))
    return funds


def _cell(row: FormRow, col: int | None):
    return next((c for c in row.cells if c.first_col == col), None) if col is not None else None


def _text(row: FormRow, columns: _Columns, role: str) -> str | None:
    """The row's text in the column(s) of `role`, outside the header; None where blank. A target's columns are
    joined part by part (joined_target)."""
    cells = [c for c in row.cells if columns.roles.get(c.first_col) == role and c.merged
             and c.group not in columns.header_groups]
    if role == "target":
        return joined_target([(columns.target_parts[c.first_col], c.merged) for c in cells])
    return "".join(dict.fromkeys(c.merged for c in cells)) or None

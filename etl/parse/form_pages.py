"""Where a document's performance tables are, and their reading: a pass beside the standard tables'.

A performance title (etl/specs/performance.py) starts an evaluation: printed above a grid, or in the grid's own
first rows. The grids that follow, on its page and the pages after that carry no other title, continue it.
Only those pages go to camelot. A table that cannot be read exactly is left out and said in a note: it never
costs the document its standard tables.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from etl.document import PageText, find_unit, starts_new_part
from etl.parse import READERS
from etl.parse.form import indicator_header
from etl.parse.form_list import read_project_lists
from etl.records import ExtractedTable, ExtractionError, PerformanceEvaluation
from etl.specs import TableSpec, looks_like_table_title
from etl.specs.performance import (
    FIELD_LABELS,
    LISTED_PROJECTS_HEADING,
    PROJECT_LIST_HEADER_LINE,
    recognise_performance_title,
)
from etl.specs.titles import recognise_title, table_number
from etl.tables import Grid, read_grids
from etl.values import squeeze
from etl.vocabulary import TableStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PerformanceTitle:
    page: int
    top: float
    title: str
    spec: TableSpec


def performance_titles(page: PageText) -> list[PerformanceTitle]:
    """The page's performance titles; none on a contents page (three table titles or more, listed)."""
    if sum(1 for line in page.lines if looks_like_table_title(line.text)) >= _CONTENTS:
        return []
    return [PerformanceTitle(page.number, line.top, line.text, spec)
            for line in page.lines if (spec := recognise_performance_title(line.text))]


_CONTENTS = 3


def performance_pages(pages: list[PageText], titles: dict[int, list[PerformanceTitle]]) -> list[int]:
    """Pages with a performance title, and the pages after them that carry no other table's title: a title we
    know (a performance one too, even a project list's, read apart), or one that numbers its table. A line of a
    cell may end in 表 (…重要期刊发表, 西南大学 2023 p21); an unknown title over a grid still ends the running
    table where its grids are owned (_owned)."""
    chosen, running = [], False
    for page in pages:
        if titles[page.number]:
            chosen.append(page.number)
            running = True
        elif running and page.lines and not starts_new_part(page) and not any(
                looks_like_table_title(line.text) and (table_number(line.text) or recognise_title(line.text, None)
                                                       or recognise_performance_title(line.text))
                for line in page.lines):
            chosen.append(page.number)
        else:
            running = False
    return chosen


def read_performance(path: Path, pdf: pdfium.PdfDocument,
                     pages: list[PageText]) -> tuple[list[PerformanceEvaluation], list[ExtractedTable]]:
    """The document's evaluations, and each performance table that could not be read exactly (with why)."""
    titles = {p.number: performance_titles(p) for p in pages}
    # a table that lists its projects down a 项目名称 column is not a form: read as a list (etl/parse/form_list.py)
    listed = {p.number: titles[p.number] if _lists_projects(p) else [] for p in pages}
    evaluations, unread = read_project_lists(pdf, pages, listed, performance_pages(pages, listed))
    titles = {number: [] if listed[number] else ts for number, ts in titles.items()}
    chosen = performance_pages(pages, titles)
    if not chosen:
        return evaluations, unread
    by_number = {p.number: p for p in pages}
    for title, grids in _owned(read_grids(pdf, chosen), titles, by_number):
        reader = READERS[title.spec.reader](title.spec, find_unit(by_number[title.page], title.top), "")
        try:
            evaluation = reader.read_titled(title.title, grids[0].page, grids)
            if any(e.key == evaluation.key for e in evaluations):
                raise ExtractionError(f"a second {evaluation.phase} of {evaluation.project or 'the department'}"
                                      f" by {evaluation.implementing_unit}")
        except ExtractionError as err:
            logger.info("%s: p%d: %s: not read: %s", path.name, title.page, title.title, err)
            unread.append(ExtractedTable(title.title, title.spec.key, sorted({g.page for g in grids}), None,
                                         note=str(err), status=TableStatus.UNREADABLE))
            continue
        evaluations.append(evaluation)
    return evaluations, unread


def _owned(grids: list[Grid], titles: dict[int, list[PerformanceTitle]],
           pages: dict[int, PageText]) -> list[tuple[PerformanceTitle, list[Grid]]]:
    """Each evaluation's grids: a grid under a title (above it on its page, or in its first rows) starts one;
    a grid with no title over it continues the evaluation running on this page or the page before."""
    owned: list[tuple[PerformanceTitle, list[Grid]]] = []
    last_bottom: dict[int, float] = {}
    running_page = None
    for grid in grids:
        ceiling = last_bottom.get(grid.page, float("inf"))
        over = [t for t in titles[grid.page] if grid.top - 2 <= t.top < ceiling or _captioned(grid, t)]
        other = [line for line in pages[grid.page].lines if grid.top - 2 <= line.top < ceiling
                 and looks_like_table_title(line.text) and not recognise_performance_title(line.text)]
        title = min(over, key=lambda t: t.top) if over else None
        if title and owned and running_page == grid.page - 1 and _title_again(owned[-1], title, grid):
            owned[-1][1].append(grid)
        elif title:
            owned.append((title, [grid]))
        elif owned and not other and running_page is not None and grid.page - running_page <= 1:
            if _names_project(grid) and any(_names_project(g) for g in owned[-1][1]):
                owned.append((owned[-1][0], [grid]))  # one table per project under one title
            else:
                owned[-1][1].append(grid)
        else:
            running_page = None
            last_bottom[grid.page] = grid.bottom
            continue
        running_page = grid.page
        last_bottom[grid.page] = grid.bottom
    return owned


_SAME_ROW = 3.0  # points between the tops of two headings of one header row


def _lists_projects(page: PageText) -> bool:
    """A header line naming the 项目名称 column, or a 项目名称 heading printed in the row of the 三级指标 heading
    (Changchun 预算表11, its headings wrapped over lines: 单位名/称, 项目名称, 年度资/金总额/(万元) …)."""
    if any(PROJECT_LIST_HEADER_LINE.match(line.text) for line in page.lines):
        return True
    tops = [line.top for line in page.lines if "三级指标" in line.text]
    return any(LISTED_PROJECTS_HEADING.match(line.text) and any(abs(line.top - top) <= _SAME_ROW for top in tops)
               for line in page.lines)


def _title_again(running: tuple[PerformanceTitle, list[Grid]], title: PerformanceTitle, grid: Grid) -> bool:
    """The running table's title printed again on its next page over the same header (Changsha's 部门整体 table,
    three pages each titled): the table goes on, unless the grid prints a 项目名称 field of its own."""
    header = indicator_header([grid])
    return (title.title == running[0].title and header is not None and header == indicator_header(running[1][:1])
            and not _names_project(grid))


def _names_project(grid: Grid) -> bool:
    """A grid whose first rows print a 项目名称 field (its label, or a row of one cell with label and value): it
    starts a project's table."""
    label = FIELD_LABELS["project"]
    return any(label.fullmatch(squeeze(cell.text)) or (len(row) == 1 and label.match(squeeze(cell.text)))
               for row in grid.rows[:3] for cell in row)


def _captioned(grid: Grid, title: PerformanceTitle) -> bool:
    """The title printed in one of the grid's first rows (a caption ruled into the table)."""
    return any(squeeze(cell.text) == title.title for row in grid.rows[:2] for cell in row)

"""A whole sample 部门决算公开 document: cover with contents, 概况, the ten tables, 情况说明; and its facts."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from samples.cells import Printer, chinese_numeral, sum_of
from samples.drawing import (
    BOTTOM, FONT, LEFT, NOTE_ROOM, PAGE_HEIGHT, PAGE_WIDTH, RIGHT, TABLE_BLOCK, TOP, heading, layout_grid, new_canvas,
    page_rows, paragraphs, table_pages, text_width,
)
from samples.figures import CENT, Figures, figures_for
from samples.subjects import SyntheticDisclosure
from samples.tables import tables_for


def _cover(c: Canvas, spec: SyntheticDisclosure, entries: list[tuple[str, int]]) -> None:
    c.setFont(FONT, 20)
    c.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 140, spec.department)
    c.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 175, f"{spec.fiscal_year}年度部门决算公开")
    y = heading(c, PAGE_HEIGHT - 250, "目录", 14) - 6
    c.setFont(FONT, 10.5)
    for label, page in entries:
        room = RIGHT - 40 - LEFT - 40 - text_width(label, 10.5) - text_width(str(page), 10.5)
        c.drawString(LEFT + 40, y, label + "." * int(room / text_width(".", 10.5)) + str(page))
        y -= 22
    c.showPage()


def _overview(c: Canvas, spec: SyntheticDisclosure) -> None:
    y = heading(c, TOP, "第一部分 概况")
    paragraphs(c, y, (
        "一、部门职责",
        f"{spec.department}贯彻落实上级决策部署，负责本部门职责范围内的各项工作，完成上级交办的其他任务。",
        "二、机构设置",
        f"{spec.department}内设办公室、业务科室和综合科室，{spec.fiscal_year}年度部门决算由本部门本级决算组成。",
    ))
    c.showPage()


def _explanation(c: Canvas, spec: SyntheticDisclosure, f: Figures) -> None:
    p = Printer(spec.unit, spec.decimals)
    year = spec.fiscal_year
    fiscal, other = sum_of(f.lines, lambda x: x.income), sum_of(f.lines, lambda x: x.other)
    basic, project = sum_of(f.lines, lambda x: x.basic), sum_of(f.lines, lambda x: x.project + x.other)
    grand_total = fiscal + other + f.opening
    y = heading(c, TOP, "第三部分 情况说明")
    paragraphs(c, y, (
        "一、收入支出决算总体情况说明",
        f"{year}年度收入总计{p.prose(grand_total)}、支出总计{p.prose(grand_total)}。",
        "二、收入决算情况说明",
        f"{year}年度收入合计{p.prose(fiscal + other)}，其中：财政拨款收入{p.prose(fiscal)}，"
        f"占比{_percent(fiscal, fiscal + other)}；其他收入{p.prose(other)}，占比{_percent(other, fiscal + other)}。",
        "三、支出决算情况说明",
        f"{year}年度支出合计{p.prose(basic + project)}，其中：基本支出{p.prose(basic)}，"
        f"占比{_percent(basic, basic + project)}；项目支出{p.prose(project)}，占比{_percent(project, basic + project)}。",
        "四、财政拨款“三公”经费支出决算情况说明",
        f"{year}年度“三公”经费财政拨款支出决算{p.prose(f.three_public['total'][1])}，"
        f"预算{p.prose(f.three_public['total'][0])}。",
    ))
    c.showPage()


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def write_disclosure_pdf(spec: SyntheticDisclosure, path: Path, encrypt: StandardEncryption | None = None) -> Path:
    """Draw the document: cover with contents, 概况, the ten tables (one or more pages each), 情况说明.

    `encrypt`: a password (user password: nobody reads it without; owner password only: it opens, with
    restrictions on printing or copying, as websites publish some)."""
    figures = figures_for(spec)
    tables = tables_for(spec, figures)
    grids = [layout_grid(t) for t in tables]
    pages = [page_rows(g, TOP - BOTTOM - TABLE_BLOCK - NOTE_ROOM, TOP - BOTTOM - NOTE_ROOM) for g in grids]
    starts = list(accumulate((len(p) for p in pages), initial=3))
    contents = [("第一部分 概况", 2), (f"第二部分 {spec.fiscal_year}年度部门决算表", 3),
                *((f"{chinese_numeral(i + 1)}、{t.title}", starts[i]) for i, t in enumerate(tables)),
                ("第三部分 情况说明", starts[-1])]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = new_canvas(path, encrypt)
    c.setTitle(f"{spec.department}{spec.fiscal_year}年度部门决算公开")
    _cover(c, spec, contents)
    _overview(c, spec)
    for number, (table, grid, rows) in enumerate(zip(tables, grids, pages), start=1):
        table_pages(c, spec, number, table, grid, rows)
    _explanation(c, spec, figures)
    c.save()
    return path

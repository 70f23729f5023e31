"""The performance tables' grids, built from the pages' drawing without camelot's page layout, are camelot's grids:
the same cells, texts, spans and rules, coordinates within a twentieth of a point (pdfium keeps them in single
precision). The seed's 附件 (one 部门整体 and five 项目 self-evaluations) and Putuo 万里's 绩效目标填报表."""
from dataclasses import fields

import pypdfium2 as pdfium
import pytest

from etl.document import read_pages
from etl.parse.form_pages import performance_pages, performance_titles
from etl.tables import read_drawn_grids, read_grids
from tests.conftest import REAL, SEED_PDF


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.05
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _as_tuple(grid) -> tuple:
    return (grid.page, grid.index, grid.top, grid.bottom,
            tuple(tuple(tuple(getattr(cell, f.name) for f in fields(cell)) for cell in row) for row in grid.rows))


@pytest.mark.parametrize("path", [SEED_PDF, REAL / "sh-putuo_wanli-jiedao_2023_budget_dept.pdf"], ids=lambda p: p.stem)
def test_performance_pages_grids_from_the_drawing_are_camelots(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = read_pages(pdf)
        chosen = performance_pages(pages, {p.number: performance_titles(p) for p in pages})
        drawn, camelot = read_drawn_grids(pdf, chosen), read_grids(path, pdf, chosen)
    finally:
        pdf.close()
    assert chosen and drawn
    assert _same(tuple(_as_tuple(g) for g in drawn), tuple(_as_tuple(g) for g in camelot))

"""Drawing a sample PDF with reportlab: page layout, grids of cells that may span rows and columns, text."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from samples.cells import Cell, Table
from samples.subjects import SyntheticDisclosure

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 40.0, PAGE_WIDTH - 40.0, PAGE_HEIGHT - 50.0, 45.0
CELL_SIZE, LEADING, PAD, MIN_ROW = 7.5, 9.5, 2.5, 16.0
TEXT_SIZE, TITLE_SIZE = 10.0, 16.0
META_STEP = TEXT_SIZE * 1.6
TABLE_BLOCK = TITLE_SIZE * 2 + 4 * META_STEP  # the title and the four lines above a grid
NOTE_ROOM = 40.0  # kept free under a grid for its notes


@cache
def _registered_font() -> str:
    """The font, registered with reportlab the first time a document is laid out (not when this is imported):
    a standard CID font, whose glyphs readers supply, so no font file is needed."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def new_canvas(path: Path, encrypt: StandardEncryption | None = None) -> Canvas:
    """An A4 canvas that writes the same bytes on every run."""
    _registered_font()
    return Canvas(str(path), pagesize=A4, invariant=True, encrypt=encrypt)


def text_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, _registered_font(), size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Character-wise wrapping, as Chinese text wraps."""
    lines, current = [], ""
    for char in text:
        if current and text_width(current + char, size) > width:
            lines.append(current)
            current = char
        else:
            current += char
    return [*lines, current]


@dataclass(frozen=True)
class _Placed:
    cell: Cell
    row: int
    col: int


@dataclass(frozen=True)
class Grid:
    placed: tuple[_Placed, ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    header_rows: int


def _cell_lines(cell: Cell, width: float) -> list[str]:
    if cell.align == "r":
        if text_width(cell.text, CELL_SIZE) > width - 2 * PAD:
            raise ValueError(f"amount {cell.text!r} does not fit a {width:.0f}pt column")
        return [cell.text]
    return wrap(cell.text, width - 2 * PAD, CELL_SIZE)


def layout_grid(table: Table) -> Grid:
    rows = table.header + table.body
    scale = (RIGHT - LEFT) / sum(table.widths)
    widths = tuple(w * scale for w in table.widths)
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(rows):  # HTML-style placement: each cell takes the next free column
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append(_Placed(cell, r, c))
            taken |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan
    if taken != {(r, c) for r in range(len(rows)) for c in range(len(widths))}:
        raise ValueError(f"{table.title}: cells do not tile the grid")
    heights = [MIN_ROW] * len(rows)
    for spans_first in (False, True):  # single-row cells size their rows, then spans stretch their last row
        for pc in placed:
            if (pc.cell.rowspan > 1) != spans_first:
                continue
            width = sum(widths[pc.col:pc.col + pc.cell.colspan])
            need = len(_cell_lines(pc.cell, width)) * LEADING + 2 * PAD
            last = pc.row + pc.cell.rowspan - 1
            heights[last] += max(0.0, need - sum(heights[pc.row:last + 1]))
    return Grid(tuple(placed), widths, tuple(heights), len(table.header))


def page_rows(grid: Grid, first_room: float, room: float) -> list[range]:
    """Rows per page: the header stays with the first body rows and is not repeated on later pages."""
    pages, start, used = [], 0, 0.0
    limit = first_room
    for r, h in enumerate(grid.heights):
        if used + h > limit and r > max(start, grid.header_rows):
            pages.append(range(start, r))
            start, used, limit = r, 0.0, room
        used += h
    return [*pages, range(start, len(grid.heights))]


def draw_rows(c: Canvas, grid: Grid, rows: range, top: float) -> float:
    """Draw the cells of `rows` with their top edge at `top`; returns the bottom edge."""
    xs = list(accumulate(grid.widths, initial=LEFT))
    ys = [top - h for h in accumulate(grid.heights[rows.start:rows.stop], initial=0.0)]
    c.setLineWidth(0.6)
    for pc in grid.placed:
        if pc.row not in rows:
            continue
        x0, x1 = xs[pc.col], xs[pc.col + pc.cell.colspan]
        y_top, y_bottom = ys[pc.row - rows.start], ys[pc.row - rows.start + pc.cell.rowspan]
        c.rect(x0, y_bottom, x1 - x0, y_top - y_bottom, stroke=1, fill=0)
        lines = _cell_lines(pc.cell, x1 - x0)
        # Words of a cell merged over rows start at its top, as in the seed's headers; others are centred.
        middle = (y_top + y_bottom) / 2 if pc.cell.rowspan == 1 else y_top - PAD - len(lines) * LEADING / 2
        first = middle + (len(lines) - 1) * LEADING / 2 - CELL_SIZE * 0.35
        for i, line in enumerate(lines):
            y = first - i * LEADING
            if len(line) == 1 and not line.isascii():
                # The font is not embedded: where no CJK font is installed pdfium gives a glyph an empty box
                # and drops a text object holding nothing else (类, a wrapped 码); a space gives it extent.
                line += " "
            if pc.cell.align == "r":
                c.drawRightString(x1 - PAD, y, line)
            elif pc.cell.align == "c":
                c.drawCentredString((x0 + x1) / 2, y, line)
            else:
                c.drawString(x0 + PAD, y, line)
    return ys[-1]


def paragraphs(c: Canvas, y: float, texts: Iterable[str], size: float = TEXT_SIZE, indent: bool = True) -> float:
    c.setFont(FONT, size)
    for text in texts:
        for line in wrap(("　　" if indent else "") + text, RIGHT - LEFT, size):
            c.drawString(LEFT, y, line)
            y -= size * 1.6
        y -= size * 0.4
    return y


def heading(c: Canvas, y: float, text: str, size: float = TITLE_SIZE) -> float:
    c.setFont(FONT, size)
    c.drawCentredString(PAGE_WIDTH / 2, y, text)
    return y - size * 2


def table_pages(c: Canvas, spec: SyntheticDisclosure, number: int, table: Table, grid: Grid,
                pages: list[range]) -> None:
    y = heading(c, TOP, table.title)
    meta = (f"公开{number:02d}表", f"部门名称：{spec.department}", f"{spec.fiscal_year}年度", f"金额单位：{spec.unit}")
    c.setFont(FONT, TEXT_SIZE)
    for line in meta:
        c.drawString(LEFT, y, line)
        y -= META_STEP
    for i, rows in enumerate(pages):
        c.setFont(FONT, CELL_SIZE)
        bottom = draw_rows(c, grid, rows, y if i == 0 else TOP)
        if i == len(pages) - 1:
            paragraphs(c, bottom - 12, table.notes, size=8.5, indent=False)
        c.showPage()


"""camelot's lattice grids, filled with the page's own characters, as rows of printed cells.

camelot finds the ruling lines and the grid; the text of each cell comes from the PDF's
characters (pdfium), placed by their centres. This keeps text runs that cross a ruling line
(`2336287.41 总计` printed as one run) apart, and keeps wrapped text in its cell.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

import camelot
import pypdfium2 as pdfium
from camelot.parsers import Lattice

# camelot drops a ruled grid whose cells are mostly empty as detection noise. A table continued on a page
# with two rows above its empty ruled lines, or a table printed empty, is such a grid: here the titles
# decide which grids are tables, so every ruled grid is kept.
Lattice._reject_table = lambda self, table: False


@dataclass(frozen=True)
class Cell:
    """A cell as printed: the camelot grid cells between two ruling lines, joined."""

    text: str
    x1: float
    x2: float
    first_col: int
    last_col: int  # inclusive
    text_x: float | None = None  # centre of the printed text: where a merged cell's content really sits
    top_open: bool = False  # no ruling line above: the cell continues the one above it


@dataclass(frozen=True)
class Grid:
    page: int
    top: float  # PDF points from the page bottom
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Char:
    text: str
    x: float  # centre
    y: float
    height: float
    left: float
    right: float


def page_chars(pdf: pdfium.PdfDocument, page_number: int) -> list[Char]:
    page = pdf[page_number - 1]
    textpage = page.get_textpage()
    chars = []
    for i in range(textpage.count_chars()):
        text = textpage.get_text_range(i, 1)
        if not text.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)  # line-high boxes: 、 and 一 sit on one line
        chars.append(Char(text, (left + right) / 2, (bottom + top) / 2, top - bottom, left, right))
    textpage.close()
    page.close()
    return chars


def read_grids(path: Path, pdf: pdfium.PdfDocument, pages: list[int]) -> list[Grid]:
    """Every ruled table on the given pages, in reading order."""
    if not pages:
        return []
    tables = camelot.read_pdf(
        str(path),
        pages=",".join(str(p) for p in sorted(set(pages))),
        flavor="lattice",
        engine="vector",  # ruling lines from the PDF's drawing: no rasterising
        suppress_stdout=True,
    )
    chars: dict[int, list[Char]] = {}
    grids = []
    for table in tables:
        page = int(table.page)
        if page not in chars:
            chars[page] = page_chars(pdf, page)
        grids.append(_grid(table, page, chars[page]))
    return sorted(grids, key=lambda g: (g.page, -g.top))


def _grid(table, page: int, chars: list[Char]) -> Grid:
    spans = [_spans(row) for row in table.cells]
    texts = _cell_texts(table, spans, chars)
    rows = tuple(
        tuple(
            Cell(text=texts[r][i][0], x1=float(row[a].x1), x2=float(row[b].x2), first_col=a, last_col=b,
                 text_x=texts[r][i][1], top_open=r > 0 and not any(row[k].top for k in range(a, b + 1)))
            for i, (a, b) in enumerate(spans[r])
        )
        for r, row in enumerate(table.cells)
    )
    return Grid(page=page, top=float(table._bbox[3]), rows=rows)


def _spans(row) -> list[tuple[int, int]]:
    """The printed cells of a grid row: runs of grid cells with no ruling line between them."""
    spans, start = [], 0
    for c in range(1, len(row) + 1):
        if c == len(row) or row[c].left or row[c - 1].right:
            spans.append((start, c - 1))
            start = c
    return spans


def _cell_texts(table, spans: list[list[tuple[int, int]]], chars: list[Char]) -> list[list[tuple[str, float | None]]]:
    """Characters into printed cells by their centres; lines top to bottom, each left to right."""
    col_edges = [c[0] for c in table.cols]
    row_tops = [-r[0] for r in table.rows]  # rows run top to bottom: negate for bisect
    owner = [[i for i, (a, b) in enumerate(row) for _ in range(a, b + 1)] for row in spans]
    buckets: dict[tuple[int, int], list[Char]] = {}
    x1, y1, x2, y2 = table._bbox
    line_y = _line_ys(chars)
    for ch in chars:
        if not (x1 <= ch.x <= x2 and y1 <= ch.y <= y2):
            continue
        c = bisect.bisect_right(col_edges, ch.x) - 1
        r = bisect.bisect_right(row_tops, -line_y[id(ch)]) - 1
        if 0 <= r < len(table.rows) and 0 <= c < len(table.cols):
            buckets.setdefault((r, owner[r][c]), []).append(ch)
    texts: list[list[tuple[str, float | None]]] = [[("", None) for _ in row] for row in spans]
    for (r, i), members in buckets.items():
        centre = (min(ch.left for ch in members) + max(ch.right for ch in members)) / 2
        texts[r][i] = (_reading_order(members), centre)
    return texts


def _line_ys(chars: list[Char]) -> dict[int, float]:
    """The height of the line each character sits on: a line printed on the (unruled) boundary of two merged
    rows stays whole in one row instead of being cut between them by the last decimals of its characters' boxes."""
    ys: dict[int, float] = {}
    line: Char | None = None
    for ch in sorted(chars, key=lambda ch: -ch.y):
        if line is None or line.y - ch.y >= 0.2 * max(ch.height, line.height):
            line = ch
        ys[id(ch)] = line.y
    return ys


def _reading_order(chars: list[Char]) -> str:
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda ch: -ch.y):
        if lines and abs(lines[-1][0].y - ch.y) < 0.6 * max(ch.height, lines[-1][0].height):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return "\n".join("".join(ch.text for ch in sorted(line, key=lambda ch: ch.x)) for line in lines)

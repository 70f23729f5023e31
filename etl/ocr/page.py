"""One scanned page read: its text lines (for the identity, titles, units and the 情况说明) and its ruled grids
filled with the recognised characters, each placed in the cell that holds its centre (etl.tables, as the text
path places the PDF's characters), with the lowest confidence of each cell's characters."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.document import Line, PageText
from etl.ocr.engine import Glyph, TextLine
from etl.ocr.image import PageImage
from etl.records import CellRef
from etl.tables import Char, Grid, filled_grid
from etl.values import squeeze


@dataclass(frozen=True)
class ReadPage:
    text: PageText
    grids: list[Grid]
    confidence: dict[CellRef, float]  # every cell that prints something: its least certain character


def read_page(image: PageImage, lines: list[TextLine]) -> ReadPage:
    chars, scores = _chars(image, lines)
    grids = [filled_grid(table, image.number, chars, []) for table in image.grids]
    grids = [Grid(g.page, g.top, g.bottom, g.rows, index) for index, g in
             enumerate(sorted(grids, key=lambda g: -g.top))]
    confidence = {}
    for grid in grids:
        for row in grid.rows:
            for cell in row:
                inside = [scores[id(ch)] for ch in chars if cell.x1 <= ch.x <= cell.x2 and cell.y1 <= ch.y <= cell.y2]
                if cell.text.strip() and inside:
                    confidence[grid.ref(cell)] = min(inside)
    return ReadPage(_page_text(image, lines), grids, confidence)


def _chars(image: PageImage, lines: list[TextLine]) -> tuple[list[Char], dict[int, float]]:
    """The recognised characters as the text path's characters, in PDF points. Each is a run of its own: a
    detected line that crosses a ruling line is cut there, character by character."""
    chars, scores, run = [], {}, 0
    for line in lines:
        for glyph in line.glyphs:
            run += 1
            char = _char(image, glyph, run)
            chars.append(char)
            scores[id(char)] = glyph.score
    return chars, scores


def _char(image: PageImage, glyph: Glyph, run: int) -> Char:
    left, bottom = image.to_points(glyph.left, glyph.bottom)
    right, top = image.to_points(glyph.right, glyph.top)
    return Char(glyph.text, (left + right) / 2, (bottom + top) / 2, top - bottom, left, right, run)


def _page_text(image: PageImage, lines: list[TextLine]) -> PageText:
    """Detected lines joined into the page's printed lines, top to bottom, each left to right."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: _middle(ln)):
        height = _height(line)
        if rows and abs(_middle(rows[-1][0]) - _middle(line)) < 0.5 * max(height, _height(rows[-1][0])):
            rows[-1].append(line)
        else:
            rows.append([line])
    printed = []
    for row in rows:
        raw = " ".join(ln.text for ln in sorted(row, key=lambda ln: ln.left))
        if squeeze(raw):
            printed.append(Line(squeeze(raw), raw, image.to_points(0, min(ln.top for ln in row))[1]))
    return PageText(image.number, tuple(printed), image.width, image.height)


def _middle(line: TextLine) -> float:
    return float(np.mean([(g.top + g.bottom) / 2 for g in line.glyphs]))


def _height(line: TextLine) -> float:
    return float(np.mean([g.bottom - g.top for g in line.glyphs]))

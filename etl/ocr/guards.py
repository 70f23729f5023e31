"""Exactness guards on recognised figures: a wrong number is worse than a missing one.

A cell that prints a figure (an amount, a subject code, a row number) keeps its first reading only when that is
well formed and every character of it confident. Otherwise the cell is read again alone, from its crop at twice
the scale: a well-formed second reading that agrees with the first, or is all but certain, stands (the fix is
recorded); else the cell is left blank, so that no fact is read from it, and it is listed. The table's
identities then run over the facts as for any document (etl/checks): a figure missing or misread makes one fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cv2
import numpy as np

from etl.ocr.engine import read_crop
from etl.ocr.image import PageImage
from etl.ocr.page import ReadPage
from etl.records import CellRef
from etl.tables import Cell
from etl.values import squeeze

CONFIDENT = 0.95  # the least confidence of every character of a figure taken at its first reading
_SURE = 0.99  # a second reading that differs from the first stands only this sure
_SCALE = 2  # the second reading's magnification
# what a recognised figure may print: digits, separators, a sign or brackets, a dash for none
_FIGURE = re.compile(r"[\d,.()\-—－]+")
_WELL_FORMED = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,4})?|\((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,4})?\)"
                          r"|[-—－]+")


@dataclass(frozen=True)
class Reread:
    """A figure read a second time: what the page first gave, what its cell alone gave, and which stands."""

    cell: CellRef
    first: str
    first_score: float
    second: str
    second_score: float
    settled: bool  # the second reading stands; else the cell was left unread

    @property
    def note(self) -> str:
        verdict = f"read as {self.second!r}" if self.settled else "left unread"
        return (f"p{self.cell.page} grid {self.cell.grid} row {self.cell.row} col {self.cell.column}: "
                f"{self.first!r} ({self.first_score:.3f}), alone {self.second!r} ({self.second_score:.3f}): {verdict}")


def is_figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text)) and any(ch.isdigit() for ch in text)


def well_formed(text: str) -> bool:
    return bool(_WELL_FORMED.fullmatch(text))


def settle(image: PageImage, page: ReadPage) -> tuple[ReadPage, list[Reread]]:
    rereads: list[Reread] = []
    grids = []
    for grid in page.grids:
        rows = []
        for row in grid.rows:
            cells = []
            for cell in row:
                ref = grid.ref(cell)
                text, score = squeeze(cell.text), page.confidence.get(ref, 0.0)
                if _figure_like(text) and not (well_formed(text) and score >= CONFIDENT):
                    second, second_score = _reread(image, cell)
                    settled = well_formed(second) and (second == text or second_score >= _SURE)
                    rereads.append(Reread(ref, text, score, second, second_score, settled))
                    cell = replace(cell, text=second if settled else "")
                cells.append(cell)
            rows.append(tuple(cells))
        grids.append(replace(grid, rows=tuple(rows)))
    confidence = dict(page.confidence)
    for reread in rereads:
        confidence[reread.cell] = reread.second_score if reread.settled else 0.0
    return ReadPage(page.text, grids, confidence), rereads


def _figure_like(text: str) -> bool:
    """A cell meant to print a figure: digits and separators, maybe with a misread mark among them."""
    digits = sum(ch.isdigit() for ch in text)
    return is_figure(text) or (digits >= 3 and digits >= 0.8 * len(text))


def _reread(image: PageImage, cell: Cell) -> tuple[str, float]:
    crop = image.crop((cell.x1, cell.y1, cell.x2, cell.y2))
    if crop.size == 0:
        return "", 0.0
    larger = cv2.resize(crop, None, fx=_SCALE, fy=_SCALE, interpolation=cv2.INTER_CUBIC)
    padded = cv2.copyMakeBorder(larger, 16, 16, 16, 16, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    text, score = read_crop(np.ascontiguousarray(padded))
    return squeeze(text), score

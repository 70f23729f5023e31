"""A scanned page as an image: rendered at a fixed resolution, straightened, and its ruled grids found with
camelot's own lattice morphology (the raster path of camelot's Lattice: adaptive threshold, line masks,
contours, joints), in PDF points of the page like the text path's grids."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
from camelot.image_processing import adaptive_threshold, find_contours, find_joints, find_lines
from camelot.parsers import Lattice
from camelot.utils import scale_image

DPI = 300  # the page is rendered at this resolution: a scanner's usual one
_POINT = DPI / 72  # pixels per PDF point
_SHORTEST_RULE = 18 * _POINT  # a ruling line is at least one row high; a character's stroke, even a heading's, is shorter
MAX_SKEW = 10.0  # degrees: a page turned further than this is not read (a scanner's feed does not turn it so far)
_SEARCHED = 15.0  # degrees either way the skew is looked for, so that a page turned beyond MAX_SKEW is told


@dataclass(frozen=True)
class PageImage:
    """A page rendered and straightened, with the mask of its ruling lines (OCR reads the page without them)."""

    number: int
    pixels: np.ndarray  # RGB, straightened
    width: float  # the page's size in PDF points
    height: float
    skew: float | None  # degrees the scan was turned by, undone; None: turned too far, not read
    grids: tuple  # camelot Tables, in PDF points of the page
    original: np.ndarray | None = None  # straightened, ruling lines kept: what is turned over if upside down

    @property
    def ruled(self) -> bool:
        """Whether a grid of two rows and two columns at least is drawn on it: a table, not a box or a chart's bar."""
        return any(len(table.rows) >= 2 and len(table.cols) >= 2 for table in self.grids)

    def to_points(self, x: float, y: float) -> tuple[float, float]:
        """An image pixel → PDF points from the page's bottom left."""
        return x / _POINT, self.height - y / _POINT

    def crop(self, box: tuple[float, float, float, float], margin: float = 1.0) -> np.ndarray:
        """The pixels inside a box in PDF points (left, bottom, right, top), a little inside its ruling lines."""
        left, bottom, right, top = box
        x0, x1 = int((left + margin) * _POINT), int((right - margin) * _POINT)
        y0, y1 = int((self.height - top + margin) * _POINT), int((self.height - bottom - margin) * _POINT)
        return self.pixels[max(y0, 0):max(y1, y0 + 1), max(x0, 0):max(x1, x0 + 1)]


def render(pdf: pdfium.PdfDocument, number: int) -> PageImage:
    """The page at 300 dpi, straightened (or, turned too far to tell, as it is with `skew` None and no grids)."""
    page = pdf[number - 1]
    width, height = page.get_size()
    if page.get_rotation() in (90, 270):
        width, height = height, width
    pixels = np.array(page.render(scale=_POINT, may_draw_forms=False).to_pil().convert("RGB"))
    page.close()
    skew = _skew(pixels)
    if skew is None:
        return PageImage(number, pixels, width, height, None, ())
    return _gridded(number, _turned(pixels, skew) if skew else pixels, width, height, skew)


def turned_over(image: PageImage) -> PageImage:
    """The page upside down from how it was scanned: turned half a turn, and its grids found again."""
    return _gridded(image.number, np.ascontiguousarray(image.original[::-1, ::-1]), image.width, image.height,
                    image.skew)


def _gridded(number: int, pixels: np.ndarray, width: float, height: float, skew: float) -> PageImage:
    grids, mask = _ImageLattice(number, width, height).tables(pixels)
    return PageImage(number, _without_rules(pixels, mask, grids, height), width, height, skew, tuple(grids),
                     pixels)


def _without_rules(pixels: np.ndarray, mask: np.ndarray, grids: list, height: float) -> np.ndarray:
    """The grids' ruling lines whited out: a figure printed against a line is not read as part of it. Only
    inside the grids: outside them a large title's strokes are as long as a rule."""
    inside = np.zeros_like(mask)
    for table in grids:
        left, bottom, right, top = table._bbox
        inside[max(int((height - top) * _POINT) - 8, 0):int((height - bottom) * _POINT) + 8,
               max(int(left * _POINT) - 8, 0):int(right * _POINT) + 8] = 255
    rules = cv2.dilate(np.minimum(mask, inside), np.ones((5, 5), np.uint8))
    cleaned = pixels.copy()
    cleaned[rules > 0] = 255
    return cleaned


def _skew(pixels: np.ndarray) -> float | None:
    """How far the scan is turned, in degrees: the turn that makes its rows of ink (ruling lines, lines of text)
    sharpest, found at 75 dpi to half a degree and then at 150 dpi to a twentieth; None beyond MAX_SKEW."""
    gray = cv2.resize(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    _, fine = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if fine.mean() < 0.001:  # a blank page: nothing to straighten
        return 0.0
    coarse = cv2.resize(fine, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    best = _sharpest(coarse, np.arange(-_SEARCHED, _SEARCHED + 0.25, 0.5))
    if abs(best) > MAX_SKEW:
        return None
    return _sharpest(fine, np.arange(best - 0.5, best + 0.525, 0.05))


def _sharpest(ink: np.ndarray, angles: np.ndarray) -> float:
    """The angle among `angles` whose turn gives the ink the sharpest profile of row sums."""
    height, width = ink.shape
    scores = []
    for angle in angles:
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), float(angle), 1.0)
        rows = cv2.warpAffine(ink, turn, (width, height), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        scores.append(float(np.square(np.diff(rows)).sum()))
    return round(float(angles[int(np.argmax(scores))]), 2)


def _turned(pixels: np.ndarray, degrees: float) -> np.ndarray:
    height, width = pixels.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(pixels, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


class _ImageLattice(Lattice):
    """camelot's Lattice on its raster path, over a page image we rendered and straightened ourselves."""

    def __init__(self, page: int, width: float, height: float) -> None:
        super().__init__(engine="raster")
        self.page, self.pdf_width, self.pdf_height, self.rotation = page, width, height, ""
        self.horizontal_text, self.vertical_text = [], []

    def tables(self, pixels: np.ndarray) -> tuple[list, np.ndarray]:
        """camelot Tables (edges set, as Lattice sets them) and the mask of every ruling line found."""
        _, threshold = adaptive_threshold(cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR), blocksize=self.threshold_blocksize,
                                          c=self.threshold_constant)
        height, width = threshold.shape
        vertical_mask, vertical = find_lines(threshold, direction="vertical",
                                             line_scale=max(1, int(height / _SHORTEST_RULE)))
        horizontal_mask, horizontal = find_lines(threshold, direction="horizontal",
                                                 line_scale=max(1, int(width / _SHORTEST_RULE)))
        joints = find_joints(find_contours(vertical_mask, horizontal_mask), vertical_mask, horizontal_mask)
        scalers = (self.pdf_width / width, self.pdf_height / height, height)
        self.table_bbox_parses, self.vertical_segments, self.horizontal_segments = scale_image(
            joints, vertical, horizontal, scalers)
        self._compute_table_anchors()
        tables = []
        for index, bbox in enumerate(sorted(self.table_bbox_parses, key=lambda b: -b[3])):
            cols, rows, v_s, h_s = self._generate_columns_and_rows(bbox, None)
            table = self._initialize_new_table(index, bbox, cols, rows)
            tables.append(table.set_edges(v_s, h_s, joint_tol=self.joint_tol).set_border())
        return tables, np.maximum(vertical_mask, horizontal_mask)

"""A page's ruling lines read from its drawing with pdfium, as camelot's lattice finds them in its page layout.

camelot's vector engine takes its ruling lines from a pdfminer-style layout of the whole page (playa), characters
included; laying out characters we never use (cell text comes from pdfium) is most of its cost. Here the page's
path objects are read with pdfium and each subpath is classed as that layout classes it (two points: a line; a
closed axis-aligned quadrilateral: a rectangle; anything else: a curve), then kept by camelot's rules
(camelot.image_processing._ruled_lines_from_layout): a stroked line, a stroked rectangle's four edges, a thin
filled rectangle along its long side. One rule is ours: a thin filled outline of any shape is a ruling line too.
Some exporters draw every rule as a filled 0.45 pt polygon with a chamfered corner, which camelot's rules skip,
leaving those tables with no grid at all. Lines are in the page as displayed, like camelot's.
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

Box = tuple[float, float, float, float]  # left, bottom, right, top
Line = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]

# camelot's width under which a filled shape is a rule (camelot.image_processing._LINE_AS_THIN_RECT_TOL)
THIN_FILL = 1.5


def displayed(page: pdfium.PdfPage) -> Callable[[Box], Box]:
    """A box in the page's own space → the page as displayed, with its /Rotate applied.

    camelot reads the page as displayed (a landscape table saved as a portrait page turned by 90°
    has its grid in the turned space); pdfium gives character boxes unturned. Everything that is
    compared with a grid (characters, title lines, rules) goes through this.
    """
    x0, y0, x1, y1 = page.get_cropbox()
    turns = {
        0: lambda left, bottom, right, top: (left - x0, bottom - y0, right - x0, top - y0),
        90: lambda left, bottom, right, top: (bottom - y0, x1 - right, top - y0, x1 - left),
        180: lambda left, bottom, right, top: (x1 - right, y1 - top, x1 - left, y1 - bottom),
        270: lambda left, bottom, right, top: (y1 - top, left - x0, y1 - bottom, right - x0),
    }
    turn = turns[page.get_rotation()]
    return lambda box: turn(*box)


@dataclass(frozen=True)
class Rule:
    """A ruling line as drawn: a thin path on the page, in the page as displayed."""

    horizontal: bool
    at: float  # the y of a horizontal rule, the x of a vertical one
    start: float  # where it runs along its length
    end: float


_THIN = 2.0  # points: a path this thin is a rule


@dataclass(frozen=True)
class Drawing:
    """What a page draws that its grids are read from, read in one pass over its objects."""

    rules: list[Rule]  # its thin paths outside form XObjects: its ruling lines, whatever camelot makes of them
    lines: list[Line]  # its ruling lines as camelot's layout-based reading finds them
    segments: int  # its paths' segments, form XObjects' included
    has_text: bool  # text drawn outside form XObjects: camelot's read of a page whose layout (all_texts off: no
    # text looked for inside form XObjects) has no text line finds no table there


def read_drawing(page: pdfium.PdfPage) -> Drawing:
    shown = displayed(page)
    lines: list[Line] = []
    rules: list[Rule] = []
    segments, has_text = 0, False
    turn = _turn(page)
    pending = [(pdfium_raw.FPDFPage_GetObject(page.raw, i), turn, True)
               for i in reversed(range(pdfium_raw.FPDFPage_CountObjects(page.raw)))]
    while pending:
        obj, outer, on_page = pending.pop()
        kind = pdfium_raw.FPDFPageObj_GetType(obj)
        if kind == pdfium_raw.FPDF_PAGEOBJ_TEXT:
            has_text = has_text or on_page
        elif kind == pdfium_raw.FPDF_PAGEOBJ_FORM:  # a form XObject: its objects are placed by its matrix
            inner = _then(_matrix(obj), outer)
            pending.extend((pdfium_raw.FPDFFormObj_GetObject(obj, i), inner, False)
                           for i in reversed(range(pdfium_raw.FPDFFormObj_CountObjects(obj))))
        elif kind == pdfium_raw.FPDF_PAGEOBJ_PATH:
            segments += pdfium_raw.FPDFPath_CountSegments(obj)
            lines.extend(_path_lines(obj, _then(_matrix(obj), outer)))
            rule = _rule(obj, shown) if on_page else None
            if rule:
                rules.append(rule)
    return Drawing(rules, lines, segments, has_text)


def _rule(path, shown: Callable[[Box], Box]) -> Rule | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_raw.FPDFPageObj_GetBounds(path, left, bottom, right, top)
    x0, y0, x1, y1 = shown((left.value, bottom.value, right.value, top.value))
    if y1 - y0 <= _THIN < x1 - x0:
        return Rule(True, (y1 + y0) / 2, x0, x1)
    if x1 - x0 <= _THIN < y1 - y0:
        return Rule(False, (x0 + x1) / 2, y0, y1)
    return None


def _turn(page: pdfium.PdfPage) -> Matrix:
    """displayed() as a matrix, to place a path's points with the path's own matrix in one step."""
    x0, y0, x1, y1 = page.get_cropbox()
    return {0: (1.0, 0.0, 0.0, 1.0, -x0, -y0), 90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1), 270: (0.0, 1.0, -1.0, 0.0, y1, -x0)}[page.get_rotation()]


def _matrix(obj) -> Matrix:
    m = pdfium_raw.FS_MATRIX()
    pdfium_raw.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = second  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_lines(obj, matrix: Matrix) -> Iterator[Line]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if not (filled or stroked):
        return
    for shape, points in _subpaths(obj, matrix):
        yield from _subpath_lines(shape, points, filled, stroked)


def _subpaths(obj, matrix: Matrix) -> Iterator[tuple[str, list[Point]]]:
    """Each subpath as playa's layout sees it: its operators (m, l, c, h) and the point each one ends at.

    pdfium closes a subpath (h) with a line back to its start, flagged; the layout drops such a line."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, points, curve_points = "", [], 0
    for i in range(pdfium_raw.FPDFPath_CountSegments(obj)):
        segment = pdfium_raw.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_raw.FPDFPathSegment_GetType(segment)
        pdfium_raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_raw.FPDF_SEGMENT_MOVETO:
            if shape:
                yield shape, points
            shape, points = "m", [point]
            continue
        if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO:  # a curve comes as its three points: it ends at the third
            curve_points += 1
            if curve_points < 3:
                continue
            curve_points = 0
        shape += "c" if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO else "l"
        points.append(point)
        if pdfium_raw.FPDFPathSegment_GetClose(segment):
            shape += "h"
            points.append(points[0])
    if shape:
        yield shape, points


def _subpath_lines(shape: str, points: list[Point], filled: bool, stroked: bool) -> list[Line]:
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    if shape in ("mlh", "ml"):
        return [(x0, y0, x1, y1)] if stroked else []
    if shape in ("mlllh", "mllll") and _is_rectangle(points):
        if stroked:
            return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
        return _thin(x0, y0, x1, y1)
    return _thin(x0, y0, x1, y1) if filled and not stroked else []


def _is_rectangle(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
    return last == points[0] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                  or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def _thin(x0: float, y0: float, x1: float, y1: float) -> list[Line]:
    """A thin filled shape as the line along its long side."""
    width, height = x1 - x0, y1 - y0
    if not min(width, height) <= THIN_FILL < max(width, height):
        return []
    if width >= height:
        return [(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
    return [((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]

"""A page's ruling lines read from its drawing with pdfium, as camelot's lattice finds them in its page layout.

camelot's vector engine takes its ruling lines from a pdfminer-style layout of the whole page (playa), characters
included; laying out characters we never use (cell text comes from pdfium) is most of its cost. Here the page's
path objects are read with pdfium and each subpath is classed as that layout classes it (two points: a line; a
closed axis-aligned quadrilateral: a rectangle; anything else: a curve), then kept by camelot's rules as
etl.lattice._ruled_lines applies them: a stroked line, a stroked rectangle's four edges, a thin filled rectangle
or outline along its long side. Lines are in the page as displayed, like camelot's.
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator

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


def drawn_lines(pdf: pdfium.PdfDocument, page_number: int) -> list[Line]:
    """The page's ruling lines, as camelot's layout-based reading (etl.lattice._ruled_lines) finds them."""
    page = pdf[page_number - 1]
    shown = displayed(page)
    lines: list[Line] = []
    objects = [(pdfium_raw.FPDFPage_GetObject(page.raw, i), _IDENTITY)
               for i in range(pdfium_raw.FPDFPage_CountObjects(page.raw))]
    while objects:
        obj, outer = objects.pop()
        kind = pdfium_raw.FPDFPageObj_GetType(obj)
        if kind == pdfium_raw.FPDF_PAGEOBJ_FORM:  # a form XObject: its objects are placed by its matrix
            inner = _then(_matrix(obj), outer)
            objects.extend((pdfium_raw.FPDFFormObj_GetObject(obj, i), inner)
                           for i in range(pdfium_raw.FPDFFormObj_CountObjects(obj)))
        elif kind == pdfium_raw.FPDF_PAGEOBJ_PATH:
            lines.extend(_path_lines(obj, _then(_matrix(obj), outer), shown))
    page.close()
    return lines


def has_page_text(pdf: pdfium.PdfDocument, page_number: int) -> bool:
    """Whether the page draws text outside form XObjects: camelot finds no table on a page whose layout has no
    text line, and its layout (all_texts off) does not look for text inside them."""
    page = pdf[page_number - 1]
    found = any(pdfium_raw.FPDFPageObj_GetType(pdfium_raw.FPDFPage_GetObject(page.raw, i))
                == pdfium_raw.FPDF_PAGEOBJ_TEXT for i in range(pdfium_raw.FPDFPage_CountObjects(page.raw)))
    page.close()
    return found


_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj) -> Matrix:
    m = pdfium_raw.FS_MATRIX()
    pdfium_raw.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = second  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_lines(obj, matrix: Matrix, shown: Callable[[Box], Box]) -> Iterator[Line]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if not (filled or stroked):
        return
    for shape, points in _subpaths(obj, matrix, shown):
        yield from _subpath_lines(shape, points, filled, stroked)


def _subpaths(obj, matrix: Matrix, shown: Callable[[Box], Box]) -> Iterator[tuple[str, list[Point]]]:
    """Each subpath as playa's layout sees it: its operators (m, l, c, h) and the point each one ends at.

    pdfium closes a subpath (h) with a line back to its start, flagged; the layout drops such a line."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, points, curve_points = "", [], 0
    for i in range(pdfium_raw.FPDFPath_CountSegments(obj)):
        segment = pdfium_raw.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_raw.FPDFPathSegment_GetType(segment)
        pdfium_raw.FPDFPathSegment_GetPoint(segment, x, y)
        left, bottom, _, _ = shown((a * x.value + c * y.value + e, b * x.value + d * y.value + f) * 2)
        if kind == pdfium_raw.FPDF_SEGMENT_MOVETO:
            if shape:
                yield shape, points
            shape, points = "m", [(left, bottom)]
            continue
        if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO:  # a curve comes as its three points: it ends at the third
            curve_points += 1
            if curve_points < 3:
                continue
            curve_points = 0
        shape += "c" if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO else "l"
        points.append((left, bottom))
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

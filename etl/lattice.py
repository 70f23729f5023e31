"""camelot's lattice parser as our read uses it: ruling lines from the PDF's drawing (its vector engine, no
rasterising), every ruled grid kept, and rules drawn as thin filled outlines taken as ruling lines.

This is a subclass of camelot's Lattice used only here: camelot's own parsers are left as they are for anyone
else in the process.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import playa
from camelot.core import Table
from camelot.handlers import PDFHandler
from camelot.image_processing import (
    _LINE_AS_THIN_RECT_TOL, _LINE_ORTHOGONAL_TOL, _ruled_lines_from_layout, _walk_layout_objects,
    coalesce_collinear_lines, find_joints_from_lines,
)
from camelot.parsers import Lattice
from camelot.utils import segments_in_bbox
from playa.exceptions import PDFTextExtractionNotAllowed
from playa.miner import LTCurve

# camelot's text layout is not used (cell text comes from pdfium's characters): skipping its box grouping,
# vertical-text detection and figure texts makes each page about a fifth cheaper, with the same lines.
_LINES_ONLY_LAYOUT = {"boxes_flow": None, "detect_vertical": False, "all_texts": False}


def lattice_tables(path: Path, pages: list[int]) -> list:
    """camelot's tables on these pages, found by RuledLattice. camelot.read_pdf takes a parser by flavor name
    only: the pages go through its handler's page parse with our parser, as read_pdf's do with its own."""
    parser = RuledLattice()
    with warnings.catch_warnings(), PDFHandler(str(path)) as handler, playa.open(str(path), space="page") as pdf:
        warnings.simplefilter("ignore")  # as read_pdf(suppress_stdout=True): no warning per page without a table
        if not pdf.is_extractable:
            raise PDFTextExtractionNotAllowed(f"Text extraction is not allowed: {path}")
        return sorted(table for page in pdf.pages[[p - 1 for p in sorted(set(pages))]]
                      for table in handler._parse_page(page, parser, _LINES_ONLY_LAYOUT))


class RuledLattice(Lattice):
    """camelot's lattice parser on its vector engine (ruling lines from the PDF's drawing, no rasterising),
    as our read needs it; camelot's own Lattice, used by anyone else in the process, is left as it is."""

    def __init__(self) -> None:
        super().__init__(engine="vector")

    def _reject_table(self, table) -> bool:
        """camelot drops a ruled grid whose cells are mostly empty as detection noise. A table continued on a page
        with two rows above its empty ruled lines, or a table printed empty, is such a grid: here the titles
        decide which grids are tables, so every ruled grid is kept."""
        return False

    def _generate_table_bbox_vector(self) -> None:
        """camelot's vector engine (Lattice._generate_table_bbox_vector) over our ruling lines; we give camelot
        no table areas or regions to restrict them to."""
        lines = _ruled_lines(self.layout)
        horizontal, vertical = _oriented(lines, "horizontal"), _oriented(lines, "vertical")
        self.pdf_image = None
        self.threshold = None
        self.vertical_segments = vertical
        self.horizontal_segments = horizontal
        self.table_bbox_parses = {bbox: {"joints": joints}
                                  for bbox, joints in find_joints_from_lines(horizontal, vertical).items()}
        self._compute_table_anchors()


def _ruled_lines(layout) -> list[tuple[float, float, float, float]]:
    """camelot's ruling lines, plus rules drawn as thin filled outlines.

    Some exporters draw every rule as a filled 0.45 pt polygon with a chamfered corner; camelot
    takes only axis-aligned rectangles (LTRect) for such filled rules, so those tables had no
    grid at all. A thin filled polygon is read as the line along its long side.
    """
    lines = _ruled_lines_from_layout(layout)
    for obj in _walk_layout_objects(layout):
        if type(obj) is not LTCurve or not getattr(obj, "fill", False) or getattr(obj, "stroke", False):
            continue
        width, height = obj.x1 - obj.x0, obj.y1 - obj.y0
        if min(width, height) <= _LINE_AS_THIN_RECT_TOL < max(width, height):
            if width >= height:
                lines.append((obj.x0, (obj.y0 + obj.y1) / 2, obj.x1, (obj.y0 + obj.y1) / 2))
            else:
                lines.append(((obj.x0 + obj.x1) / 2, obj.y0, (obj.x0 + obj.x1) / 2, obj.y1))
    return lines


def _oriented(lines: list[tuple[float, float, float, float]], direction: str) -> list[tuple[float, float, float, float]]:
    """The lines of one direction, merged where collinear: camelot's find_lines_from_layout over our lines."""
    found = []
    for x0, y0, x1, y1 in lines:
        dx, dy = abs(x1 - x0), abs(y1 - y0)
        if direction == "horizontal" and dy <= _LINE_ORTHOGONAL_TOL and dx > 0:
            found.append((min(x0, x1), y0, max(x0, x1), y0))
        elif direction == "vertical" and dx <= _LINE_ORTHOGONAL_TOL and dy > 0:
            found.append((x0, min(y0, y1), x0, max(y0, y1)))
    return coalesce_collinear_lines(found, direction)


def tables_from_lines(lines: list[tuple[float, float, float, float]], page: int) -> list:
    """camelot's lattice tables on a page, from its ruling lines read already (etl.drawing): the steps of
    camelot's vector engine and table building (Lattice.extract_tables), without its layout of the page."""
    parser = RuledLattice()
    horizontal, vertical = _oriented(lines, "horizontal"), _oriented(lines, "vertical")
    parser.table_bbox_parses = {bbox: {"joints": joints}
                                for bbox, joints in find_joints_from_lines(horizontal, vertical).items()}
    parser._compute_table_anchors()
    tables = []
    for order, bbox in enumerate(parser.table_bboxes(), start=1):
        parse = parser.table_bbox_parses[bbox]
        cols = list(zip(parse["col_anchors"], parse["col_anchors"][1:]))
        rows = list(zip(parse["row_anchors"], parse["row_anchors"][1:]))
        in_bbox_vertical, in_bbox_horizontal = segments_in_bbox(bbox, vertical, horizontal)
        table = Table(cols, rows).set_edges(in_bbox_vertical, in_bbox_horizontal, joint_tol=parser.joint_tol)
        table.set_border()
        table.page, table.order, table._bbox = page, order, bbox
        tables.append(table)
    return tables

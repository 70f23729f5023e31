"""camelot's lattice grids from a page's ruling lines read already (etl.drawing): the steps of camelot's vector
engine and table building (Lattice._generate_table_bbox_vector, Lattice.extract_tables), without camelot's layout
of the page's text, which is most of what camelot's read of a page costs (cell text comes from pdfium's characters).

Unlike camelot.read_pdf, every ruled grid is kept: camelot drops a grid whose cells are mostly empty as detection
noise (Lattice._reject_table), but a table continued on a page with two rows above its empty ruled lines, or a
table printed empty, is such a grid; here the titles decide which grids are tables.
"""
from __future__ import annotations

from camelot.core import Table
from camelot.image_processing import _LINE_ORTHOGONAL_TOL, coalesce_collinear_lines, find_joints_from_lines
from camelot.parsers import Lattice
from camelot.utils import segments_in_bbox

Line = tuple[float, float, float, float]  # x0, y0, x1, y1


def tables_from_lines(lines: list[Line], page: int) -> list[Table]:
    """camelot's lattice tables on a page, top first, from its ruling lines in the page as displayed."""
    parser = Lattice(engine="vector")  # its defaults (line_tol, joint_tol) are camelot.read_pdf's
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


def _oriented(lines: list[Line], direction: str) -> list[Line]:
    """The lines of one direction, merged where collinear: camelot's find_lines_from_layout over our lines."""
    found = []
    for x0, y0, x1, y1 in lines:
        dx, dy = abs(x1 - x0), abs(y1 - y0)
        if direction == "horizontal" and dy <= _LINE_ORTHOGONAL_TOL and dx > 0:
            found.append((min(x0, x1), y0, max(x0, x1), y0))
        elif direction == "vertical" and dx <= _LINE_ORTHOGONAL_TOL and dy > 0:
            found.append((x0, min(y0, y1), x0, max(y0, y1)))
    return coalesce_collinear_lines(found, direction)

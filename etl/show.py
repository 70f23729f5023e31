"""`warehouse show`: the page a fact was read from, as a PNG, with its cell outlined.

The quickest answer to "where did this number come from?": the fact's cell (warehouse.document_cell) gives
its page and box; pypdfium2 renders the page as displayed and Pillow draws the box on it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from sqlalchemy import Engine, or_, select

from etl.vocabulary import DocumentStatus
from models import Department, DocumentCell, Fact, SourceDocument

OUTLINE = (255, 0, 0)
SCALE = 2.0  # 144 dpi: the printed digits stay legible
_LINE = 3  # pixels


class ShowError(Exception):
    """A fact that cannot be shown, and why (for the person who asked)."""


@dataclass(frozen=True)
class PrintedFigure:
    fact_id: int
    table_key: str
    measure: str
    amount: Decimal
    file_path: Path
    sha256: str
    page: int
    bbox: tuple[float, float, float, float]  # left, bottom, right, top: PDF points, the page as displayed


def fact_id(engine: Engine, spec: str) -> int:
    """A fact by its id, or by department/year/table_key/code/measure among the loaded documents (the code is a
    功能 or 经济 subject code, or a row label such as 合计)."""
    if spec.isdigit():
        return int(spec)
    parts = spec.rsplit("/", 4)  # a department's name is the one part that might hold a slash
    if len(parts) != 5 or not parts[1].isdigit():
        raise ShowError(f"{spec!r} is neither a fact id nor department/year/table_key/code/measure")
    department, year, table_key, code, measure = parts
    with engine.connect() as conn:
        ids = conn.scalars(
            select(Fact.id).join(SourceDocument, SourceDocument.id == Fact.document_id).join(Department)
            .where(Department.name == department, SourceDocument.fiscal_year == int(year),
                   SourceDocument.status == DocumentStatus.LOADED, Fact.table_key == table_key,
                   Fact.measure == measure,
                   or_(Fact.function_code == code, Fact.economic_code == code, Fact.item == code))
            .order_by(Fact.id)
        ).all()
    if not ids:
        raise ShowError(f"no loaded fact {spec}")
    if len(ids) > 1:  # a budget and a final of the year, a department and a unit report, a code on two rows
        raise ShowError(f"{len(ids)} loaded facts match {spec}: ids {', '.join(map(str, ids))}; show one by its id")
    return ids[0]


def printed_figure(engine: Engine, fact: int) -> PrintedFigure:
    with engine.connect() as conn:
        row = conn.execute(
            select(Fact.table_key, Fact.measure, Fact.amount, Fact.cell_id, SourceDocument.file_path,
                   SourceDocument.sha256, DocumentCell.page, DocumentCell.x_left, DocumentCell.y_bottom,
                   DocumentCell.x_right, DocumentCell.y_top)
            .join(SourceDocument, SourceDocument.id == Fact.document_id)
            .outerjoin(DocumentCell, DocumentCell.id == Fact.cell_id)
            .where(Fact.id == fact)
        ).first()
    if row is None:
        raise ShowError(f"no fact {fact}")
    if row.cell_id is None:
        raise ShowError(f"fact {fact} has no cell recorded (its document was loaded before the warehouse kept "
                        "cells)")
    return PrintedFigure(fact, row.table_key, row.measure, row.amount, Path(row.file_path), row.sha256, row.page,
                         (row.x_left, row.y_bottom, row.x_right, row.y_top))


def draw(figure: PrintedFigure, output: Path, scale: float = SCALE) -> Path:
    """Render the figure's page with its cell outlined into `output` (a PNG)."""
    if not figure.file_path.is_file():
        raise ShowError(f"{figure.file_path} is not there any more (moved or deleted?): the fact was read from "
                        f"the file with sha256 {figure.sha256}")
    if hashlib.sha256(figure.file_path.read_bytes()).hexdigest() != figure.sha256:
        raise ShowError(f"{figure.file_path} has changed since it was loaded: the fact was read from the file "
                        f"with sha256 {figure.sha256}")
    pdf = pdfium.PdfDocument(figure.file_path)
    try:
        image = pdf[figure.page - 1].render(scale=scale).to_pil().convert("RGB")  # the page as displayed
    finally:
        pdf.close()
    ImageDraw.Draw(image).rectangle(pixel_box(figure.bbox, image, scale), outline=OUTLINE, width=_LINE)
    output.parent.mkdir(parents=True, exist_ok=True)
    image.save(output, format="PNG")
    return output


def pixel_box(bbox: tuple[float, float, float, float], image: Image.Image,
              scale: float) -> tuple[int, int, int, int]:
    """PDF points, origin bottom-left → pixels, origin top-left; a line's width outside the cell, so that the
    outline does not cover the printed digits."""
    left, bottom, right, top = bbox
    height = image.height / scale  # points
    return (round(left * scale) - _LINE, round((height - top) * scale) - _LINE,
            round(right * scale) + _LINE, round((height - bottom) * scale) + _LINE)

"""Pages with no text layer, read by OCR: the same PageText and Grids the text path makes, so that everything
after them (titles, specs, readers, facts, checks) is the one reader path.

Imported only for a document without a text layer: onnxruntime and the models load for scans alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium

from etl.document import PageText
from etl.ocr.engine import read_lines
from etl.ocr.guards import Reread, settle
from etl.ocr.image import render
from etl.ocr.page import ReadPage, read_page
from etl.records import CellRef, ExtractedTable, Finding
from etl.tables import Grid
from etl.vocabulary import CellSource, Severity


@dataclass
class Scan:
    """A scanned document as read: its pages' text, its grids, and what the exactness guards did."""

    pages: list[PageText]
    read: list[ReadPage]
    rereads: list[Reread] = field(default_factory=list)  # figures read a second time, settled or not

    def grids(self, pages: list[int]) -> list[Grid]:
        wanted = set(pages)
        return [grid for page in self.read if page.text.number in wanted for grid in page.grids]

    def mark(self, tables: list[ExtractedTable]) -> list[Finding]:
        """Each table's cells marked as recognised, with their confidence; the figures read again noted on their
        table; and every figure left unread listed, as an `extraction` finding (a figure the page prints that
        the warehouse does not hold)."""
        confidence = {ref: score for page in self.read for ref, score in page.confidence.items()}
        owner: dict[tuple[int, int], ExtractedTable] = {}
        for table in tables:
            table.cells = [replace(cell, source=CellSource.OCR, confidence=confidence.get(cell.ref))
                           for cell in table.cells]
            owner.update({(cell.ref.page, cell.ref.grid): table for cell in table.cells})
        findings = []
        for reread in self.rereads:
            table = owner.get((reread.cell.page, reread.cell.grid))
            if reread.settled and table is not None and reread.second != reread.first:
                table.note = "; ".join(filter(None, (table.note, f"OCR figure read again: {reread.note}")))
            elif not reread.settled:
                findings.append(Finding(UNREAD_FIGURE, Severity.EXTRACTION, table.table_key if table else None,
                                        f"p{reread.cell.page}", None, None, (), f"OCR figure {reread.note}"))
        return findings


UNREAD_FIGURE = "ocr_figure_unread"  # the finding's check: a scanned figure no reading settles


def read_scan(pdf: pdfium.PdfDocument) -> Scan:
    """Every page rendered, straightened, its grids found and its text recognised once; each figure that is not
    a well-formed, confident amount read again from its cell at a larger scale, or else left unread."""
    read, rereads = [], []
    for number in range(1, len(pdf) + 1):
        image = render(pdf, number)
        page = read_page(image, read_lines(image.pixels))
        page, settled = settle(image, page)
        read.append(page)
        rereads.extend(settled)
    return Scan([page.text for page in read], read, rereads)

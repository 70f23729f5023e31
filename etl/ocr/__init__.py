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
from etl.records import ExtractedTable, Fact, Finding
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

    def mark(self, tables: list[ExtractedTable], findings: list[Finding]) -> list[Finding]:
        """The checks' findings as they stand for a scan, with every figure the guards left unread listed.

        Each table's cells are marked as recognised, with their confidence, and the figures read again are noted
        on their table. A failing identity cannot be told the document's own on a scan: any figure in it may be
        misread. Its figures are withheld (their cells keep the text, with no fact) and it is an `extraction`
        finding: a missing figure is better than a wrong one."""
        involved = {label for finding in findings if finding.expected is not None for label in finding.rows}
        confidence = {ref: score for page in self.read for ref, score in page.confidence.items()}
        owner: dict[tuple[int, int], ExtractedTable] = {}
        for table in tables:
            withheld = {fact.cell for fact in table.facts if _label(fact) in involved}
            table.facts = [fact for fact in table.facts if fact.cell not in withheld]
            table.cells = [replace(cell, source=CellSource.OCR, confidence=confidence.get(cell.ref),
                                   coverage=None if cell.ref in withheld else cell.coverage)
                           for cell in table.cells]
            owner.update({(cell.ref.page, cell.ref.grid): table for cell in table.cells})
        judged = [replace(finding, severity=Severity.EXTRACTION,
                          message=f"{finding.message} (a scan: its figures are withheld)")
                  if finding.expected is not None else finding for finding in findings]
        for reread in self.rereads:
            table = owner.get((reread.cell.page, reread.cell.grid))
            if reread.settled and table is not None and reread.second != reread.first:
                table.note = "; ".join(filter(None, (table.note, f"OCR figure read again: {reread.note}")))
            elif not reread.settled:
                judged.append(Finding(UNREAD_FIGURE, Severity.EXTRACTION, table.table_key if table else None,
                                      f"p{reread.cell.page}", None, None, (), f"OCR figure {reread.note}"))
        return judged


def _label(fact: Fact) -> str:
    """A fact as the checks name it among a finding's figures (etl.checks.context.Document.term)."""
    key = "/".join(x for x in (fact.function_code, fact.economic_code, fact.item) if x) or "-"
    return f"{fact.table_key}/{key}/{fact.measure}@p{fact.page}"


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

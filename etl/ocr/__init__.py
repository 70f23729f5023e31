"""Pages with no text layer, read by OCR: the same PageText and Grids the text path makes, so that everything
after them (titles, specs, readers, facts, checks) is the one reader path.

Imported only for a document with such pages: onnxruntime and the models load for scans alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium

from etl.document import PageText
from etl.ocr.engine import read_lines, upside_down
from etl.ocr.guards import Reread, settle
from etl.ocr.image import MAX_SKEW, PageImage, render, turned_over
from etl.ocr.page import ReadPage, read_page
from etl.records import ExtractedTable, Fact, Finding, UnreadPrint
from etl.tables import Grid
from etl.vocabulary import CellSource, Severity, Unread


@dataclass
class Scan:
    """Pages read by OCR: their text, their grids, and what the exactness guards did; pages left unread."""

    read: list[ReadPage]
    rereads: list[Reread] = field(default_factory=list)  # figures read a second time, settled or not
    left: list[UnreadPrint] = field(default_factory=list)  # pages not read, and why

    @property
    def numbers(self) -> set[int]:
        return {page.text.number for page in self.read}

    def pages(self, pages: list[PageText]) -> list[PageText]:
        """The document's pages, each page read here in place of its own (empty) text."""
        read = {page.text.number: page.text for page in self.read}
        return [read.get(page.number, page) for page in pages]

    def grids(self, pages: list[int]) -> list[Grid]:
        wanted = set(pages)
        return [grid for page in self.read if page.text.number in wanted for grid in page.grids]

    def unread(self, tables: list[ExtractedTable]) -> list[UnreadPrint]:
        """The pages left unread and every figure the guards left unread, with its table."""
        owner = {(cell.ref.page, cell.ref.grid): table.table_key for table in tables for cell in table.cells}
        return self.left + [UnreadPrint(Unread.OCR_FIGURE, r.cell.page, r.note, r.cell,
                                        owner.get((r.cell.page, r.cell.grid)))
                            for r in self.rereads if not r.settled]

    def mark(self, tables: list[ExtractedTable], findings: list[Finding]) -> list[Finding]:
        """The checks' findings as they stand for the scanned pages.

        Each cell read here is marked as recognised, with its confidence, and the figures read again are noted
        on their table. A failing identity over a scanned figure cannot be told the document's own: any figure
        read may be misread. Its scanned figures are withheld (their cells keep the text, with no fact) and it is
        an `extraction` finding: a missing figure is better than a wrong one."""
        scanned = self.numbers
        involved = {label for finding in findings if finding.expected is not None for label in finding.rows
                    if _page_of(label) in scanned}
        confidence = {ref: score for page in self.read for ref, score in page.confidence.items()}
        owner: dict[tuple[int, int], ExtractedTable] = {}
        for table in tables:
            withheld = {fact.cell for fact in table.facts if _label(fact) in involved}
            table.facts = [fact for fact in table.facts if fact.cell not in withheld]
            table.cells = [replace(cell, source=CellSource.OCR, confidence=confidence.get(cell.ref),
                                   coverage=None if cell.ref in withheld else cell.coverage)
                           if cell.ref.page in scanned else cell for cell in table.cells]
            owner.update({(cell.ref.page, cell.ref.grid): table for cell in table.cells})
        for reread in self.rereads:
            table = owner.get((reread.cell.page, reread.cell.grid))
            if reread.settled and table is not None and reread.second != reread.first:
                table.note = "; ".join(filter(None, (table.note, f"OCR figure read again: {reread.note}")))
        return [replace(finding, severity=Severity.EXTRACTION,
                        message=f"{finding.message} (a scan: its figures are withheld)")
                if finding.expected is not None and any(_page_of(label) in scanned for label in finding.rows)
                else finding for finding in findings]


def _label(fact: Fact) -> str:
    """A fact as the checks name it among a finding's figures (etl.checks.context.Document.term)."""
    key = "/".join(x for x in (fact.function_code, fact.economic_code, fact.item) if x) or "-"
    return f"{fact.table_key}/{key}/{fact.measure}@p{fact.page}"


def _page_of(label: str) -> int | None:
    page = label.rpartition("@p")[2]
    return int(page) if page.isdigit() else None


def read_scan(pdf: pdfium.PdfDocument, pages: list[int] | None = None, gridded_only: bool = False) -> Scan:
    """Every page (or those named) rendered, straightened, its grids found and its text recognised once; each
    figure that is not a well-formed, confident amount read again from its cell at a larger scale, or else left
    unread. A page turned too far to straighten is not read, nor (`gridded_only`: an image among text pages,
    wanted only for a table) a page without a ruled grid; each is listed."""
    read, rereads, left = [], [], []
    for number in pages or range(1, len(pdf) + 1):
        image = render(pdf, number)
        if image.skew is None:
            left.append(UnreadPrint(Unread.TURNED_PAGE, number, f"p{number}: a scanned page turned more than "
                                    f"{MAX_SKEW:.0f}°: not read"))
            continue
        if gridded_only and not image.ruled:
            left.append(UnreadPrint(Unread.IMAGE_PAGE, number, f"p{number} is printed as an image, without text: "
                                    "not read by OCR (no ruled grid on it, and the text pages name the document)"))
            continue
        image, lines = _upright(image)
        page, settled = settle(image, read_page(image, lines))
        read.append(page)
        rereads.extend(settled)
    return Scan(read, rereads, left)


def _upright(image: PageImage):
    """The page and its text, read the right way up (a page scanned head first is turned over and read again)."""
    lines = read_lines(image.pixels)
    if upside_down(image.pixels, lines):
        image = turned_over(image)
        lines = read_lines(image.pixels)
    return image, lines

"""One PDF in, one ExtractedDocument (or a RefusedDocument with its reason) out."""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from etl.cells import printed_cells
from etl.checks import check_document
from etl.document import (
    PageText, TitleMark, find_titles, find_unit, has_text_layer, read_identity, read_pages, starts_new_part,
    table_numbers,
)
from etl.parse import READERS
from etl.parse.form_pages import read_performance
from etl.records import ExtractedDocument, ExtractedTable, ExtractionError, Identity, RefusedDocument
from etl.sniff import image_pages, not_a_pdf, unopened
from etl.specs import bare_title
from etl.tables import Grid, read_grids
from etl.values import squeeze
from etl.vocabulary import CellCoverage, RefusalReason, TableStatus

logger = logging.getLogger(__name__)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(paths: list[str | Path]) -> list[Path]:
    """The PDF files named, or found under the folders named, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(dict.fromkeys(p.resolve() for p in found))


def extract(path: Path) -> ExtractedDocument | RefusedDocument:
    """Never raises for a bad file: whatever cannot be read comes back refused, with the reason.

    An unexpected exception is a defect of ours, not of the file: the file is refused as an internal error
    (so that a batch goes on), and the exception is logged with its traceback."""
    path = Path(path)
    sha256 = sha256_of(path)
    unfit = not_a_pdf(path)
    if unfit:
        code, reason = unfit
        return RefusedDocument(path, sha256, None, reason, reason_code=code)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        code, reason = unopened(err)
        return RefusedDocument(path, sha256, None, reason, reason_code=code)
    try:
        result = _extract_open(path, sha256, pdf)
    except pdfium.PdfiumError as err:  # the file's own damage, met on a page the cross-reference table promised
        result = RefusedDocument(path, sha256, len(pdf), f"could not be read: {type(err).__name__}: {err}",
                                 reason_code=RefusalReason.DAMAGED_PDF)
    except Exception as err:
        logger.exception("%s: internal error while reading it", path)
        result = RefusedDocument(path, sha256, len(pdf), f"{INTERNAL_ERROR}: {type(err).__name__}: {err}",
                                 reason_code=RefusalReason.INTERNAL_ERROR)
    finally:
        pdf.close()
    logger.debug("%s: %s", path.name, result.reason if isinstance(result, RefusedDocument) else
                 f"{len(result.facts)} facts from {sum(1 for t in result.tables if t.table_key)} tables")
    return result


INTERNAL_ERROR = "internal error (a defect of the warehouse, not of this document)"


def _extract_open(path: Path, sha256: str, pdf: pdfium.PdfDocument) -> ExtractedDocument | RefusedDocument:
    pages = read_pages(pdf)
    refuse = lambda code, reason, identity=None: RefusedDocument(  # noqa: E731
        path, sha256, len(pages), reason, identity, reason_code=code)
    scan = None
    if not has_text_layer(pages):
        from etl.ocr import read_scan  # onnxruntime and the models load for scans alone

        scan = read_scan(pdf)
        pages = scan.pages(pages)
        if not has_text_layer(pages):
            return refuse(RefusalReason.NO_TEXT_LAYER,
                          "no text layer (a scanned or image-only PDF), and OCR finds no text on its pages")
    elif images := image_pages(pdf, pages):
        from etl.ocr import read_scan

        # an image among text pages is read when it may hold what the text lacks: the document's name (a cover
        # printed as an image) or a ruled table; any other is listed, not read (OCR costs seconds a page)
        scan = read_scan(pdf, images, gridded_only=read_identity(pages) is not None)
        pages = scan.pages(pages)
    identity = read_identity(pages)
    marks = {p.number: find_titles(p, identity.department if identity else None) for p in pages}
    if not any(m.spec for ms in marks.values() for m in ms):
        if identity is None:
            return refuse(RefusalReason.NOT_A_DISCLOSURE,
                          "not a disclosure: no 部门预算/决算 title on its cover and no standard table")
        return refuse(RefusalReason.NARRATIVE_ONLY, "no standard tables: a narrative-only document", identity)
    no_tables = "no standard tables: titles are named but no table is printed (a narrative-only document?)"
    if _copying_forbidden(pdf):  # honoured as camelot.read_pdf honours it: nothing is read
        return refuse(RefusalReason.COPY_FORBIDDEN, "encrypted PDF: its permissions forbid copying text (an owner "
                      "password), so its tables cannot be read; a copy without the restriction can be loaded", identity)
    candidates = _candidate_pages(pages, marks)
    scanned = scan.numbers if scan else set()
    printed = [page for page in candidates if page not in scanned]
    grids = sorted((read_grids(pdf, printed) if printed else []) + (scan.grids(candidates) if scan else []),
                   key=lambda grid: grid.page)
    if not grids:  # a narrative that lists the tables "附后", whether or not its cover can be read
        return refuse(RefusalReason.TABLES_NOT_PRINTED, no_tables, identity)
    if identity is None:
        return refuse(RefusalReason.NO_IDENTITY,
                      "cannot read the department and year from the document's cover or title")
    tables = _read_tables(pages, marks, grids, identity)
    unreadable = [t for t in tables if t.status == TableStatus.UNREADABLE]
    if unreadable and not any(t.facts for t in tables):  # one unreadable table costs a document only itself
        return refuse(RefusalReason.UNREADABLE_TABLE, f"extraction failed: {unreadable[0].note}", identity)
    if all(t.status == TableStatus.NO_GRID for t in tables if t.table_key):
        return refuse(RefusalReason.TABLES_NOT_PRINTED, no_tables, identity)
    if not any(t.facts for t in tables):
        return refuse(RefusalReason.NO_FIGURES,
                      "no figures: the standard tables carry no amounts (a blank template?)", identity)
    subjects = list({(s.kind, s.code): s for table in tables for s in table.subjects}.values())
    performance, unread = read_performance(path, pdf, pages)  # a pass of its own: standard tables never move
    findings = check_document(tables, subjects, pages, identity, performance, scan.unread(tables) if scan else [])
    if scan:
        findings = scan.mark(tables, findings)
    return ExtractedDocument(path, sha256, len(pages), identity, tables, subjects, findings, performance, unread)


_MAY_COPY = 1 << 4  # bit 5 of the permissions a PDF's security handler grants: copy or extract text


def _copying_forbidden(pdf: pdfium.PdfDocument) -> bool:
    encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1
    return encrypted and not pdfium_c.FPDF_GetDocPermissions(pdf.raw) & _MAY_COPY


def _read_tables(pages: list[PageText], marks: dict[int, list[TitleMark]], grids: list[Grid], identity: Identity):
    by_page = {p.number: p for p in pages}
    owned = _assign(grids, marks)
    with_grids = {m.spec.key for m in owned if m.spec}
    # a title with no table under it while the same table is printed elsewhere: a contents line
    contents = {page for page, ms in marks.items()
                if sum(1 for m in ms if m.spec) >= 3 and not any(m in owned for m in ms)}
    marks = {page: [m for m in ms if m in owned or (page not in contents and not (m.spec and m.spec.key in with_grids))]
             for page, ms in marks.items()}
    units = {m: find_unit(by_page[m.page], m.top) for m in owned}
    common = Counter(u for u in units.values() if u).most_common(1)
    tables = []
    for mark in (m for ms in marks.values() for m in ms):
        unit = units.get(mark) or (common[0][0] if common else None)
        if mark.spec is None:
            if mark in owned:
                tables.append(ExtractedTable(mark.title, None, sorted({g.page for g in owned[mark]}), None,
                                             status=TableStatus.UNRECOGNISED, cells=printed_cells(owned[mark], unit)))
            continue
        table = ExtractedTable(mark.title, mark.spec.key, sorted({g.page for g in owned.get(mark, [])}) or [mark.page], unit)
        if mark not in owned:
            table.status, table.note = TableStatus.NO_GRID, "no ruled grid found"
        else:
            _read_table(table, mark, owned[mark], identity)
        tables.append(table)
    return tables


def _read_table(table: ExtractedTable, mark: TitleMark, grids: list[Grid], identity: Identity) -> None:
    """A standard table's facts and cells; one that cannot be read exactly is unreadable, its cells kept."""
    reader = None
    try:
        if table.unit is None:
            raise ExtractionError(f"p{mark.page}: {mark.title}: no 金额单位 line")
        reader = READERS[mark.spec.reader](mark.spec, table.unit, identity.report_kind, identity.fiscal_year)
        reader.read(grids)
    except ExtractionError as err:
        table.status, table.note = TableStatus.UNREADABLE, str(err)
        table.cells = printed_cells(grids, table.unit, lambda ref: CellCoverage.UNREADABLE_TABLE,
                                    reader.key_cells if reader else frozenset())
        return
    table.table_key = reader.spec.key  # the header may show the title means another table (income_by_source)
    table.facts = list(reader.facts.values())
    table.subjects = list(reader.subjects.values())
    table.cells = printed_cells(grids, table.unit, reader.coverage.get, reader.key_cells, reader.count_cells)
    notes = [f"{len(rows)} {what}: " + ", ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
             for what, rows in (("rows without a subject code not loaded", reader.unkeyed),
                                ("misprinted codes restored from their names or the rows above", reader.repaired)) if rows]
    if notes:
        table.note = "; ".join(notes)
    elif not table.facts:
        table.status, table.note = TableStatus.PRINTED_EMPTY, "printed empty"


def _assign(grids: list[Grid], marks: dict[int, list[TitleMark]]) -> dict[TitleMark, list[Grid]]:
    """Each grid belongs to the nearest title above it on its page. A page's first grid with no title above it
    belongs to a title at the foot of the page before (below every grid there), or else continues the table
    of the page before, even when titles follow further down the page. A title printed again over a continued
    table does not start a new one: one reader keeps the rows' context (subject path, carry-over headings)
    across the break."""
    owned: dict[TitleMark, list[Grid]] = {}
    active: TitleMark | None = None
    last_page = None
    for grid in grids:
        first_on_page = last_page != grid.page
        above = [m for m in marks[grid.page] if m.top >= grid.top - 2 or _in_caption(grid, m)]
        before = [g.bottom for g in grids if g.page == grid.page - 1]
        foot = [m for m in marks.get(grid.page - 1, []) if m.top < min(before, default=float("inf"))]
        if above:
            nearest = min(above, key=lambda m: m.top)
            repeated = (active is not None and first_on_page and last_page == grid.page - 1
                        and (bare_title(nearest.title, None), nearest.spec)
                        == (bare_title(active.title, None), active.spec))  # 表1 before the repeat or not
            active = active if repeated else nearest
        elif first_on_page and foot:
            active = min(foot, key=lambda m: m.top)
        elif active is None or last_page is None or grid.page > last_page + 1:
            active = None
        if active is not None:
            owned.setdefault(active, []).append(grid)
            last_page = grid.page
    return owned


def _in_caption(grid: Grid, mark: TitleMark) -> bool:
    """A title printed in the grid's own first rows (a ruled caption line, maybe between empty margin cells)
    names the grid like a title above it."""
    for row in grid.rows:
        texts = [squeeze(cell.text) for cell in row if squeeze(cell.text)]
        if len(texts) > 1:
            return False
        if texts == [mark.title]:
            return True
    return False


def _candidate_pages(pages: list[PageText], marks: dict[int, list[TitleMark]]) -> list[int]:
    """Pages that start one of our tables, and the pages after them that may continue it.

    A page that prints another table's number (预算10表) starts that table, even where its title is not read."""
    candidates = []
    running = False
    numbers: set[str] = set()
    for page in pages:
        own = [m for m in marks[page.number] if m.spec]
        if own:
            candidates.append(page.number)
            running = True
            numbers = table_numbers(page)
        elif running and not marks[page.number] and not starts_new_part(page) and page.lines and (
                table_numbers(page) <= numbers):
            candidates.append(page.number)
        else:
            running = bool(own)
        if marks[page.number] and not own:
            running = False
    return candidates

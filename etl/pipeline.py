"""One PDF in, one ExtractedDocument (or a RefusedDocument with its reason) out."""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from playa.exceptions import PDFException

from etl import worker_logs
from etl.document import (
    PageText, TitleMark, find_titles, find_unit, has_text_layer, read_identity, read_pages, starts_new_part,
    table_numbers,
)
from etl.checks import check_document
from etl.parse import READERS
from etl.parse.form_pages import read_performance
from etl.records import ExtractedDocument, ExtractedTable, ExtractionError, Identity, RefusedDocument
from etl.tables import Grid, read_grids
from etl.values import squeeze
from etl.vocabulary import RefusalReason, TableStatus

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
    not_a_pdf = _not_a_pdf(path)
    if not_a_pdf:
        code, reason = not_a_pdf
        return RefusedDocument(path, sha256, None, reason, reason_code=code)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        code, reason = _unopened(err)
        return RefusedDocument(path, sha256, None, reason, reason_code=code)
    try:
        result = _extract_open(path, sha256, pdf)
    except _DAMAGE as err:  # the file's own damage, met on a page the cross-reference table promised
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
# What a damaged file makes the PDF libraries raise: pdfium reading a page, playa parsing one for camelot
_DAMAGE = (pdfium.PdfiumError, PDFException)


# What a file that is not a PDF is, by its first bytes (websites serve images, archives and error pages as .pdf)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"), (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip archive"),
)
# The parts that tell a ZIP-based format: OFD is China's own fixed-layout format, published beside PDFs
_ZIPPED = (("OFD.xml", "an OFD document (China's fixed-layout format)"), ("word/", "a Word document (.docx)"),
           ("xl/", "an Excel workbook (.xlsx)"), ("ppt/", "a PowerPoint file (.pptx)"))


def _not_a_pdf(path: Path) -> tuple[RefusalReason, str] | None:
    """Why the file is no complete PDF (empty, another format, cut short), or None. A PDF starts with %PDF-
    within its first 1024 bytes and ends with %%EOF within its last 1024 (the rule PDF readers apply)."""
    size = path.stat().st_size
    if size == 0:
        return RefusalReason.EMPTY_FILE, "empty file (0 bytes)"
    with path.open("rb") as f:
        head = f.read(1024)
        f.seek(max(0, size - 1024))
        tail = f.read()
    if b"%PDF-" not in head:
        return RefusalReason.NOT_A_PDF, f"not a PDF: {_looks_like(path, head)} ({size} bytes)"
    if b"%%EOF" not in tail:
        return RefusalReason.TRUNCATED_PDF, (f"truncated PDF: no %%EOF in its last 1024 bytes ({size} bytes: an "
                                             f"interrupted download, or something appended after its end?)")
    return None


def _looks_like(path: Path, head: bytes) -> str:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return "a damaged ZIP archive"
        return next((what for part, what in _ZIPPED if any(n.startswith(part) for n in names)), "a ZIP archive")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<!doctype html") or b"<html" in text:
        return "an HTML page (a website's error or login page saved as .pdf?)"
    if text.startswith(b"<?xml"):
        return "an XML document"
    if any(byte < 9 for byte in head):  # text has no NUL or other low control bytes
        return "unrecognised binary content, starting " + head[:8].hex(" ")
    return "a text file"


def _unopened(err: pdfium.PdfiumError) -> tuple[RefusalReason, str]:
    if err.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return RefusalReason.ENCRYPTED, ("encrypted PDF: password-protected, it cannot be opened without the "
                                         "password")
    if err.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return RefusalReason.ENCRYPTED, "encrypted PDF: protected by a security handler pdfium does not support"
    return RefusalReason.DAMAGED_PDF, f"damaged PDF: pdfium cannot parse it ({err})"


def default_workers() -> int:
    """One extraction process per core ($WAREHOUSE_WORKERS overrides)."""
    return int(os.environ.get("WAREHOUSE_WORKERS", 0)) or os.cpu_count() or 1


def extract_many(paths: Iterable[Path], workers: int | None = None) -> Iterator[ExtractedDocument | RefusedDocument]:
    """extract() over many files on `workers` processes, yielding results in the order of `paths`.

    Only a few documents are in flight at a time, so memory stays flat however many files there are;
    a worker is replaced after a number of documents, so a leak in a native library cannot pile up.
    A worker that dies (a native crash, the OOM killer) loses no file: the file it may have been reading is
    read again alone, and refused if that process dies too; the others go on in a new pool."""
    paths = list(paths)
    workers = min(workers or default_workers(), len(paths))
    if workers <= 1:
        yield from map(extract, paths)
        return
    done = 0
    while done < len(paths):
        try:
            for result in _pooled(paths[done:], workers):
                yield result
                done += 1
        except BrokenProcessPool:
            yield _alone(paths[done])
            done += 1


def _pooled(paths: list[Path], workers: int) -> Iterator[ExtractedDocument | RefusedDocument]:
    # forkserver: the workers do not inherit the parent's threads and open handles (Dagster, the database);
    # it imports the extractor once, so that every worker (and every replacement) starts warm
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.pipeline"])
    with worker_logs.forwarded(context) as logs, ProcessPoolExecutor(
            workers, mp_context=context, max_tasks_per_child=50, initializer=worker_logs.to_parent, initargs=logs
    ) as pool:
        pending: list[Future] = [pool.submit(extract, path) for path in paths[:2 * workers]]
        for path in paths[2 * workers:]:
            yield pending.pop(0).result()
            pending.append(pool.submit(extract, path))
        for future in pending:
            yield future.result()


def _alone(path: Path) -> ExtractedDocument | RefusedDocument:
    """A file whose reader died, read once more in a process of its own: an innocent bystander comes back."""
    context = multiprocessing.get_context("forkserver")
    with worker_logs.forwarded(context) as logs, ProcessPoolExecutor(
            1, mp_context=context, initializer=worker_logs.to_parent, initargs=logs) as pool:
        try:
            return pool.submit(extract, path).result()
        except BrokenProcessPool:
            return RefusedDocument(path, sha256_of(path), None,
                                   "reading it killed the reader's process twice (a crash in a native PDF library?)",
                                   reason_code=RefusalReason.READER_CRASHED)


def _extract_open(path: Path, sha256: str, pdf: pdfium.PdfDocument) -> ExtractedDocument | RefusedDocument:
    pages = read_pages(pdf)
    refuse = lambda code, reason, identity=None: RefusedDocument(  # noqa: E731
        path, sha256, len(pages), reason, identity, reason_code=code)
    if not has_text_layer(pages):
        return refuse(RefusalReason.NO_TEXT_LAYER, "no text layer (a scanned or image-only PDF): needs OCR")
    identity = read_identity(pages)
    marks = {p.number: find_titles(p, identity.department if identity else None) for p in pages}
    if not any(m.spec for ms in marks.values() for m in ms):
        if identity is None:
            return refuse(RefusalReason.NOT_A_DISCLOSURE,
                          "not a disclosure: no 部门预算/决算 title on its cover and no standard table")
        return refuse(RefusalReason.NARRATIVE_ONLY, "no standard tables: a narrative-only document", identity)
    no_tables = "no standard tables: titles are named but no table is printed (a narrative-only document?)"
    if _copying_forbidden(pdf):  # camelot honours the flag and reads nothing
        return refuse(RefusalReason.COPY_FORBIDDEN, "encrypted PDF: its permissions forbid copying text (an owner "
                      "password), so its tables cannot be read; a copy without the restriction can be loaded", identity)
    grids = read_grids(path, pdf, _candidate_pages(pages, marks))
    if not grids:  # a narrative that lists the tables "附后", whether or not its cover can be read
        return refuse(RefusalReason.TABLES_NOT_PRINTED, no_tables, identity)
    if identity is None:
        return refuse(RefusalReason.NO_IDENTITY,
                      "cannot read the department and year from the document's cover or title")
    try:
        tables = _read_tables(pages, marks, grids, identity)
    except ExtractionError as err:
        return refuse(RefusalReason.UNREADABLE_TABLE, f"extraction failed: {err}", identity)
    if all(t.status == TableStatus.NO_GRID for t in tables if t.table_key):
        return refuse(RefusalReason.TABLES_NOT_PRINTED, no_tables, identity)
    if not any(t.facts for t in tables):
        return refuse(RefusalReason.NO_FIGURES,
                      "no figures: the standard tables carry no amounts (a blank template?)", identity)
    subjects = list({(s.kind, s.code): s for table in tables for s in table.subjects}.values())
    performance, unread = read_performance(path, pdf, pages)  # a pass of its own: standard tables never move
    findings = check_document(tables, subjects, pages, identity, performance)
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
        if mark.spec is None:
            if mark in owned:
                tables.append(ExtractedTable(mark.title, None, sorted({g.page for g in owned[mark]}), None,
                                             status=TableStatus.UNRECOGNISED))
            continue
        unit = units.get(mark) or (common[0][0] if common else None)
        table = ExtractedTable(mark.title, mark.spec.key, sorted({g.page for g in owned.get(mark, [])}) or [mark.page], unit)
        if mark not in owned:
            table.status, table.note = TableStatus.NO_GRID, "no ruled grid found"
        else:
            if unit is None:
                raise ExtractionError(f"p{mark.page}: {mark.title}: no 金额单位 line")
            reader = READERS[mark.spec.reader](mark.spec, unit, identity.report_kind, identity.fiscal_year)
            reader.read(owned[mark])
            table.table_key = reader.spec.key  # the header may show the title means another table (income_by_source)
            table.facts = list(reader.facts.values())
            table.subjects = list(reader.subjects.values())
            notes = [f"{len(rows)} {what}: " + ", ".join(rows[:3]) + (" …" if len(rows) > 3 else "")
                     for what, rows in (("rows without a subject code not loaded", reader.unkeyed),
                                        ("misprinted codes restored from their names or the rows above", reader.repaired)) if rows]
            if notes:
                table.note = "; ".join(notes)
            elif not table.facts:
                table.status, table.note = TableStatus.PRINTED_EMPTY, "printed empty"
        tables.append(table)
    return tables


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
                        and (nearest.title, nearest.spec) == (active.title, active.spec))
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

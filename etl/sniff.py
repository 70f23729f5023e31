"""What a file is when it is no PDF we can open: told by its bytes and by pdfium's error, with the reason's code."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from etl.document import PageText
from etl.vocabulary import RefusalReason

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


def not_a_pdf(path: Path) -> tuple[RefusalReason, str] | None:
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


def unopened(err: pdfium.PdfiumError) -> tuple[RefusalReason, str]:
    if err.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return RefusalReason.ENCRYPTED, ("encrypted PDF: password-protected, it cannot be opened without the "
                                         "password")
    if err.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return RefusalReason.ENCRYPTED, "encrypted PDF: protected by a security handler pdfium does not support"
    return RefusalReason.DAMAGED_PDF, f"damaged PDF: pdfium cannot parse it ({err})"


_SNIFFED_PAGES = 3  # a scan shows itself on its first pages


def looks_scanned(path: Path) -> bool:
    """Whether the file's first pages have no text layer (a scan, to be read by OCR: the slowest of files).
    Only a hint for scheduling: a file that will not open is no scan here, and extraction says what it is."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return False
    try:
        for index in range(min(len(pdf), _SNIFFED_PAGES)):
            page = pdf[index]
            text = page.get_textpage()
            chars = text.count_chars()
            text.close()
            page.close()
            if chars >= 20:
                return False
        return len(pdf) > 0
    except pdfium.PdfiumError:
        return False
    finally:
        pdf.close()


_LETTERS = 5  # a page with fewer letters than this has no text of its own (a page number is no text)


def image_pages(pdf: pdfium.PdfDocument, pages: list[PageText]) -> list[int]:
    """The pages of a PDF with a text layer that print an image and (almost) no text: a cover, a chart or a
    table printed as a picture."""
    found = []
    for page in pages:
        if sum(ch.isalpha() for line in page.lines for ch in line.text) >= _LETTERS:
            continue
        printed = pdf[page.number - 1]
        if any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in printed.get_objects(max_depth=4)):
            found.append(page.number)
        printed.close()
    return found

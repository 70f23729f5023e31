"""Files that are not loadable disclosures, as websites serve them (for the refusal tests)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader

from samples import SyntheticDisclosure, write_disclosure_pdf
from samples.drawing import TOP, new_canvas, paragraphs

def write_text_pdf(path: Path, pages: Iterable[Sequence[str]]) -> Path:
    """Pages of plain paragraphs: a notice that is not a disclosure, or the narrative pages of a long report."""
    path = Path(path)
    c = new_canvas(path)
    for texts in pages:
        paragraphs(c, TOP, texts)
        c.showPage()
    c.save()
    return path


def write_scanned_pdf(source: Path, path: Path, dpi: int = 100) -> Path:
    """`source` as a scanner would give it back: every page an image, no text layer."""
    path = Path(path)
    pdf = pdfium.PdfDocument(str(source))
    c = new_canvas(path)
    try:
        for page in pdf:
            image = page.render(scale=dpi / 72).to_pil()
            c.drawImage(ImageReader(image), 0, 0, *A4)
            c.showPage()
            page.close()
    finally:
        pdf.close()
    c.save()
    return path


def write_long_pdf(spec: SyntheticDisclosure, path: Path, narrative_pages: int) -> Path:
    """The disclosure followed by `narrative_pages` pages of project descriptions (some reports run to hundreds)."""
    path = Path(path)
    tables = write_disclosure_pdf(spec, path.with_name(path.stem + ".tables.pdf"))
    text = write_text_pdf(path.with_name(path.stem + ".text.pdf"), (
        (f"项目说明（{n}）", f"{spec.department}按照年度工作安排实施本项目，资金使用符合相关规定，项目进展顺利。" * 6)
        for n in range(1, narrative_pages + 1)))
    whole = pdfium.PdfDocument.new()
    for part in (tables, text):
        source = pdfium.PdfDocument(str(part))
        whole.import_pages(source)
        source.close()
        part.unlink()
    whole.save(str(path))
    whole.close()
    return path

"""What of the print was not read, each with its reason: pages printed as images and scanned figures no reading
settles (etl/ocr). A missing figure is better than a wrong one, but it is never missing silently."""
from __future__ import annotations

from etl.checks.context import Document
from etl.checks.registry import check
from etl.records import Finding
from etl.vocabulary import Severity, Unread


@check("ocr_figure_unread", tolerance="a figure stands at ≥ 0.95 confidence in every character, read again "
       "alone at ≥ 0.99 where the readings differ", severity_policy="`extraction`",
       rule="a figure on a scanned page that is well formed and confident neither in the page's reading nor read "
            "again from its cell alone: its cell is left blank, so no fact is read from it")
def ocr_figures_unread(doc: Document) -> list[Finding]:
    return [Finding("ocr_figure_unread", Severity.EXTRACTION, u.table_key, f"p{u.page}", None, None, (),
                    f"OCR figure {u.note}") for u in doc.unread if u.what == Unread.OCR_FIGURE]


@check("page_unread", tolerance="—", severity_policy="`source` for a page printed as an image beside text pages; "
                                                      "`extraction` for a scanned page turned too far",
       rule="a page not read: printed as an image in a PDF with a text layer, neither needed for the document's "
            "identity nor holding a ruled grid (such a page is read by OCR); or a scanned page turned more than 10°")
def pages_unread(doc: Document) -> list[Finding]:
    return [Finding("page_unread", Severity.SOURCE if u.what == Unread.IMAGE_PAGE else Severity.EXTRACTION, None,
                    f"p{u.page}", None, None, (), u.note) for u in doc.unread if u.what != Unread.OCR_FIGURE]

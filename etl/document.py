"""A PDF's pages as text lines, the document's identity, and where its tables start."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from etl.records import Identity
from etl.specs import TableSpec, looks_like_table_title, recognise_title
from etl.values import squeeze


@dataclass(frozen=True)
class Line:
    text: str  # squeezed (NFKC, no white space)
    raw: str
    top: float  # PDF points from the page bottom, top of the line's first character


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    lines: tuple[Line, ...]
    width: float
    height: float

    @property
    def text(self) -> str:
        return "\n".join(line.raw for line in self.lines)


def read_pages(pdf: pdfium.PdfDocument) -> list[PageText]:
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        lines, offset = [], 0
        for raw in text.split("\r\n"):
            squeezed = squeeze(raw)
            if squeezed:
                first = offset + (len(raw) - len(raw.lstrip()))
                top = textpage.get_charbox(first)[3] if first < textpage.count_chars() else 0.0
                lines.append(Line(squeezed, raw.strip(), top))
            offset += len(raw) + 2
        width, height = page.get_size()
        pages.append(PageText(index + 1, tuple(lines), width, height))
        textpage.close()
        page.close()
    return pages


def has_text_layer(pages: list[PageText]) -> bool:
    return sum(len(line.text) for p in pages for line in p.lines) >= 20


_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?P<level>部门|单位)?(?P<kind>决算|预算)")
_NAMED = re.compile(r"^(?:部门|单位|预算单位|编制单位)(?:名称)?[:：](?P<name>.+?)(?:(?:19|20)\d{2}年度?)?(?:单位[:：].*)?$")


def read_identity(pages: list[PageText]) -> Identity | None:
    """Department, year, kind and level as the document states them on its cover or title."""
    for page in pages[:3]:
        for i, line in enumerate(page.lines[:12]):
            m = _TITLE.search(line.text)
            if not m or "...." in line.raw or "…" in line.text:
                continue
            before = line.text[: m.start()]
            department = before or (page.lines[i - 1].text if i > 0 else "")
            if not department:
                department = _named_department(pages) or ""
            if department:
                return Identity(
                    department=department,
                    fiscal_year=int(m.group("year")),
                    report_kind="final" if m.group("kind") == "决算" else "budget",
                    report_level="unit" if m.group("level") == "单位" else "department",
                )
    return None


def _named_department(pages: list[PageText]) -> str | None:
    for page in pages:
        for line in page.lines:
            m = _NAMED.match(line.text)
            if m:
                return m.group("name")
    return None


@dataclass(frozen=True)
class TitleMark:
    """A table title found on a page: one of ours (spec) or an unrecognised table."""

    page: int
    top: float
    title: str
    spec: TableSpec | None


_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")


def find_titles(page: PageText, department: str | None) -> list[TitleMark]:
    marks = []
    for line in page.lines:
        spec = recognise_title(line.text, department)
        if spec is not None or looks_like_table_title(line.text):
            marks.append(TitleMark(page.number, line.top, line.text, spec))
    return marks


def starts_new_part(page: PageText) -> bool:
    """A narrative part heading (第三部分 情况说明 …) ends any table running over pages."""
    return any(_PART_HEADING.match(line.text) for line in page.lines[:3])


def find_unit(page: PageText, below: float) -> str | None:
    """The unit line that belongs to a title at `below` (the first one under it)."""
    from etl.values import find_unit as unit_in

    lines = [line for line in page.lines if line.top <= below + 1]
    for i, line in enumerate(lines):
        if "单位" in line.text:
            unit = unit_in(line.text + (lines[i + 1].text if i + 1 < len(lines) else ""))
            if unit:
                return unit
    return None

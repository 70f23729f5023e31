"""A PDF's pages as text lines, the document's identity, and where its tables start."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from etl.records import Identity
from etl.specs import TableSpec, is_table_number, looks_like_table_title, recognise_title, table_number, without_unit
from etl.tables import displayed
from etl.values import squeeze
from etl.vocabulary import ReportKind, ReportLevel


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
        shown = displayed(page)
        text = textpage.get_text_range()
        width, height = page.get_size()
        lines, offset = [], 0
        for raw in text.split("\r\n"):
            for piece, first in _by_baseline(textpage, offset, raw):
                if squeeze(piece):
                    _, bottom, _, top = shown(textpage.get_charbox(first)) if first < textpage.count_chars() else (0, 0, 0, 0)
                    if 0 <= (bottom + top) / 2 <= height:  # text placed off the page is not printed (Word leaves some)
                        lines.append(Line(squeeze(piece), piece.strip(), top))
            offset += len(raw) + 2
        pages.append(PageText(index + 1, tuple(lines), width, height))
        textpage.close()
        page.close()
    return pages


def _by_baseline(textpage: pdfium.PdfTextPage, start: int, raw: str) -> list[tuple[str, int]]:
    """One text-layer line cut where, after a space, the text starts again further left on another baseline,
    each piece with the index of its first printed character: most writers end lines with CR LF, some only with
    a space. (Along a rotated page's line the baseline moves, but the text does not go back to the left.)"""
    pieces: list[tuple[str, int]] = []
    text, centre, height, first, previous_left = "", None, 0.0, start, 0.0
    for k, ch in enumerate(raw):
        if ch.strip() and (centre is None or not raw[k - 1].strip()) and start + k < textpage.count_chars():
            left, bottom, _, char_top = textpage.get_charbox(start + k)
            middle, size = (bottom + char_top) / 2, char_top - bottom
            if centre is not None and abs(middle - centre) > 0.6 * max(size, height) and previous_left - left > size:
                pieces.append((text, first))
                text, centre = "", None
            if centre is None:
                centre, height, first = middle, size, start + k
            previous_left = left
        text += ch
    pieces.append((text, first))
    return pieces


def has_text_layer(pages: list[PageText]) -> bool:
    return sum(len(line.text) for p in pages for line in p.lines) >= 20


_TITLE = re.compile(
    r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<mid>.*?)(?P<level>部门|单位)?(?:综合)?(?P<kind>决算|预算)"
)
_LABELLED = re.compile(
    r"^(?:(?:预算主管部门|预算单位|主管部门|部门\(单位\)|单位\(部门\)|部门|单位)(?:名称)?[:：]|(?:部门|单位)名称)"
    r"(?P<name>.+?)(?:(?:金额)?单位[:：].*)?$"
)
_ORG_END = re.compile(r"(局|厅|办|委|委员会|院|会|部|室|处|所|中心|大学|学院|学校|办公室|办事处|站|队|馆|社|团|署|公司)"
                      r"(\((?:本级|汇总|机关|本部)\))?$")
_PAGE_NUMBER = re.compile(r"^[-—－.·\d]*$")
_REGION_LEVEL = re.compile(r"(区级|市级|省级|县级|中央)$")


def read_identity(pages: list[PageText]) -> Identity | None:
    """Department, year, kind and level as the document states them on its cover or title.

    The cover is read as one text (titles wrap over lines): `<name><year>年度<部门|单位><决算|预算>`,
    `<year>年度<name>…`, or a region-wide title with the name on a labelled line (预算主管部门：…).
    A tables-only file without a cover is named by its labelled lines and dated by its table titles.
    """
    for page in pages[:3]:
        lines = []
        for line in page.lines[:15]:
            if line.text.startswith(("目录", "目次")):
                break
            if not _PAGE_NUMBER.match(line.text):
                lines.append(line.text.lstrip(".·、"))
        cover = "".join(lines)
        m = _TITLE.search(cover)
        if not m:
            continue
        labelled = _labelled_name(lines)
        name = labelled or org_name(m.group("pre")) or org_name(m.group("mid"))
        if name:
            kind = ReportKind.FINAL if m.group("kind") == "决算" else ReportKind.BUDGET
            level = ReportLevel.UNIT if m.group("level") == "单位" else ReportLevel.DEPARTMENT
            return Identity(name, int(m.group("year")), kind, level)
    return _identity_from_tables(pages)


def org_name(text: str) -> str | None:
    text = _REGION_LEVEL.sub("", text)
    return text if 2 < len(text) <= 40 and _ORG_END.search(text) else None


def _labelled_name(lines: list[str]) -> str | None:
    for line in lines:
        m = _LABELLED.match(line)
        if m and (name := org_name(m.group("name"))):
            return name
    return None


_YEAR_IN_TITLE = re.compile(r"\(?((?:19|20)\d{2})年度?\)?")


def _identity_from_tables(pages: list[PageText]) -> Identity | None:
    """A tables-only publication: the name from a labelled line, the year and kind from titles."""
    name = year = kind = None
    for page in pages:
        lines = [line.text for line in page.lines]
        name = name or _labelled_name(lines)
        for line in lines:
            if year is None and (m := _YEAR_IN_TITLE.match(line)) and (line.endswith("表") or line == m.group(0)):
                year = int(m.group(1))
            if kind is None and line.endswith("表") and ("预算" in line or "决算" in line):
                kind = ReportKind.FINAL if "决算" in line else ReportKind.BUDGET
    if name and year and kind:
        return Identity(name, year, kind, ReportLevel.DEPARTMENT)
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
    continued: set[int] = set()  # lines already read as the end of a title above them
    for i, line in enumerate(page.lines):
        if i in continued:
            continue
        spec, title = recognise_title(line.text, department), without_unit(line.text)
        if spec is None and not looks_like_table_title(line.text) and not is_table_number(line.text):
            # 支出预 / 算表, …会议费、培训费 / 支出预算表: a title wrapped over two lines, even when its
            # second line alone would read as a (shorter) title
            for j in _title_rest(page.lines, i):
                if (spec := recognise_title(line.text + page.lines[j].text, department)) is not None:
                    continued.add(j)
                    title = line.text + page.lines[j].text
                    break
        if spec is not None or looks_like_table_title(line.text):
            marks.append(TitleMark(page.number, line.top, title, spec))
    return marks


def _title_rest(lines: tuple[Line, ...], i: int) -> list[int]:
    """Where the rest of line i's title may be: the next line, or the one after it when that one is printed on
    line i's own baseline (the text layer wrote another line, a heading above, between the halves)."""
    rest = [j for j in (i + 1,) if j < len(lines)]
    if i + 2 < len(lines) and abs(lines[i + 2].top - lines[i].top) < 1:
        rest.append(i + 2)
    return rest


def table_numbers(page: PageText) -> set[str]:
    """The table numbers printed on a page (表4, 预算10表): where a title is not read, they still start a table."""
    return {number for line in page.lines if (number := table_number(line.text))}


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

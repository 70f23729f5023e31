"""What the checks see of one document: its facts indexed, the numbers and codes printed on its table pages,
its narrative; and how a failing identity becomes a Finding with its severity."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from etl.document import PageText
from etl.records import (
    CellRef, ExtractedTable, Fact, Finding, Identity, PerformanceEvaluation, PrintedCell, SubjectName, UnreadPrint,
)
from etl.values import UNIT_FACTORS, AmountError, parse_amount
from etl.vocabulary import Severity, SubjectKind, TableStatus

ZERO = Decimal(0)


@dataclass(frozen=True)
class Term:
    """A figure in an identity: a fact, or a figure printed in the narrative."""

    label: str
    amount: Decimal
    page: int
    printed: bool | None = None  # None: to be looked up on its page
    rounding: Decimal = ZERO  # how far the amount may be from what the printed figure rounds: half its last digit


def half_unit(decimals: int, factor: Decimal) -> Decimal:
    """Half a unit of the last decimal of a figure printed with `decimals` decimals in a unit of `factor` 元."""
    return factor * Decimal(5) * Decimal(10) ** -(decimals + 1)


def decimals_of(text: str) -> int:
    """The decimals a figure is printed with: 1,234.5 has one."""
    return len(text.strip().rstrip(")）").partition(".")[2])


class Document:
    """One document's facts, indexed for the checks, with the numbers printed on each page; the narrative is
    the text of the pages that hold no table."""

    def __init__(self, tables: list[ExtractedTable], subjects: list[SubjectName], pages: list[PageText],
                 identity: Identity, performance: list[PerformanceEvaluation] | None = None,
                 unread: list[UnreadPrint] | None = None):
        table_pages = {n for t in tables for n in t.pages}
        narrative_pages = [p for p in pages if p.number not in table_pages]
        self.tables = tables
        self.pages = pages
        self.identity = identity
        self.performance = performance or []  # the performance tables (etl/checks/performance.py)
        self.unread = unread or []  # pages and scanned figures not read (etl/checks/unread.py)
        self.facts = {f.key: f for t in tables for f in t.facts}
        self.empty = {t.table_key for t in tables if t.table_key and t.status == TableStatus.PRINTED_EMPTY}
        self.units = {t.table_key: t.unit for t in tables if t.table_key and t.unit}
        tables_printed = [p for p in pages if p.number in table_pages]
        self.page_numbers = {p.number: numbers_in(p.text) for p in tables_printed}  # value → fewest decimals
        self.narrative = "\n".join(_reading_order(p) for p in narrative_pages)
        self.narrative_page = narrative_pages[0].number if narrative_pages else 0
        self.function_names = {s.code: s.name for s in subjects if s.kind == SubjectKind.FUNCTION}
        self.class_names = {name: code for code, name in self.function_names.items() if len(code) == 3}
        self.cells = {c.ref: c for t in tables for c in t.cells}
        self.gap_rows = {_row_of(c.ref) for c in self.cells.values() if c.coverage and c.coverage.is_gap}
        self._unread: dict[str, set[str] | None] = {}
        for table in tables:
            if table.table_key:
                self._unread[table.table_key] = _union(self._unread.get(table.table_key, set()), self._unread_in(table))
        # a table's printed precision: the most decimals its figures are printed with on their pages
        self._decimals: dict[str, int] = {}
        for table in tables:
            factor = UNIT_FACTORS[table.unit or "元"]
            printed = [d for f in table.facts if (d := self.page_numbers.get(f.page, {}).get(f.amount / factor))
                       is not None]
            if table.table_key:
                self._decimals[table.table_key] = max([self._decimals.get(table.table_key, 0), *printed])

    @cached_property
    def narrative_text(self) -> str:
        """The narrative without its line breaks and spaces, as its sentences are matched."""
        return re.sub(r"\s+", "", self.narrative)

    def get(self, table: str, measure: str, *, code: str | None = None, economic: str | None = None,
            item: str | None = None, government_economic: str | None = None, budget_unit: str | None = None,
            project: str | None = None) -> Fact | None:
        return self.facts.get((table, code, economic, item, measure, government_economic, budget_unit, project))

    def term(self, fact: Fact) -> Term:
        key = "/".join(x for x in (fact.budget_unit, fact.function_code, fact.economic_code, fact.item) if x) or "-"
        factor = UNIT_FACTORS[self.units.get(fact.table_key) or "元"]
        on_page = self.page_numbers.get(fact.page, {}).get(fact.amount / factor)
        cell = self.cells.get(fact.cell) if fact.cell else None
        decimals = (decimals_of(cell.text) if cell else on_page if on_page is not None
                    else self._decimals.get(fact.table_key, 0))
        printed = on_page is not None or not fact.amount  # a 0 printed without decimals is no amount numbers_in sees
        counted = cell is not None and cell.unit is None  # a count is exact: no rounding of money behind it
        return Term(f"{fact.table_key}/{key}/{fact.measure}@p{fact.page}", fact.amount, fact.page, printed,
                    ZERO if counted else half_unit(decimals, factor))

    def read_fully(self, table: str) -> bool:
        """Every figure the table prints was read: a sum over its rows can be trusted."""
        return self._unread.get(table) == set()

    def unread_codes(self, table: str) -> set[str] | None:
        """The subject codes of the table's rows that were printed and not read (a code printed on several rows);
        None where a row not read has no code we know, so that no sum over the table's rows can be trusted."""
        return self._unread.get(table, set())

    def row_read_fully(self, facts: list[Fact]) -> bool:
        """No figure printed in the rows these facts were read from is missing from them."""
        return not any(f.cell and _row_of(f.cell) in self.gap_rows for f in facts)

    def _unread_in(self, table: ExtractedTable) -> set[str] | None:
        """The codes of a table's rows printed and not read: the codes printed in its rows whose figures are gaps
        (None where such a row prints no code of its own)."""
        if table.status == TableStatus.UNREADABLE:
            return None
        rows = {_row_of(c.ref) for c in table.cells if c.coverage and c.coverage.is_gap}
        codes = {_row_code([c for c in table.cells if _row_of(c.ref) == row]) for row in rows}
        return None if None in codes else codes


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None else a | b


def _row_of(ref: CellRef) -> tuple[int, int, int]:
    return ref.page, ref.grid, ref.row


def _row_code(cells: list[PrintedCell]) -> str | None:
    """The subject code a row prints whole in its first cell (not split into 类 | 款 | 项 columns), if any."""
    texts = [c.text.strip() for c in sorted(cells, key=lambda c: c.ref.column) if c.text.strip()]
    if texts and _WHOLE_CODE.fullmatch(texts[0]) and not (len(texts) > 1 and re.fullmatch(r"\d{2}", texts[1])):
        return texts[0]
    return None


def compare(doc: Document, check: str, table: str | None, subject: str, whole: Term, parts: list[Term],
            message: str) -> Finding | None:
    """whole = Σ parts, within the display rounding of every figure (half a unit of its last printed digit): else
    a finding, `source` if every figure is printed as read (the document contradicts itself), else `extraction`
    (we misread)."""
    expected = sum((p.amount for p in parts), ZERO)
    terms = [whole, *parts]
    if abs(whole.amount - expected) <= sum((t.rounding for t in terms), ZERO):
        return None
    severity = Severity.SOURCE if all(t.printed is not False for t in terms) else Severity.EXTRACTION
    return Finding(check, severity, table, subject, expected, whole.amount, tuple(t.label for t in terms), message)


_WHOLE_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")  # a subject code printed whole in its cell: 类, 款 or 项

# a 款 or 项 code as a table prints it, followed on its line by the subject's name (an amount is not)

# amounts as tables print them: with decimals, or whole numbers of three digits or more (not 栏次 numbers)
_NUMBER = re.compile(r"\(?-?(?:[\d,]*\d\.\d+|\d[\d,]{2,})\)?")


def numbers_in(text: str) -> dict[Decimal, int]:
    """The amounts printed in a text, each with the fewest decimals it is printed with (22,118,861 in a column of
    figures to the 分 is rounded to the 元)."""
    found: dict[Decimal, int] = {}
    for token in _NUMBER.findall(text):
        try:
            value = parse_amount(token)
        except AmountError:
            continue
        if value is not None:
            found[value] = min(found.get(value, 99), decimals_of(token))
    return found


_FOLIO = re.compile(r"^(?:第)?[-—－]?\d{1,3}[-—－]?(?:页)?$")  # a page number: no figure, glued to one it is wrong


def _reading_order(page: PageText) -> str:
    """A narrative page's text from top to bottom (a text layer may write its paragraphs in another order),
    without the page number printed above or below it."""
    lines = sorted(page.lines, key=lambda line: -round(line.top))
    ends = {i for i in (0, len(lines) - 1) if lines and _FOLIO.match(lines[i].text)}
    return "\n".join(line.raw for i, line in enumerate(lines) if i not in ends)

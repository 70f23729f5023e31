"""What the checks see of one document: its facts indexed, the numbers and codes printed on its table pages,
its narrative; and how a failing identity becomes a Finding with its severity."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from etl.document import PageText
from etl.records import ExtractedTable, Fact, Finding, Identity, PerformanceEvaluation, SubjectName
from etl.values import UNIT_FACTORS, AmountError, parse_amount
from etl.vocabulary import Severity, SubjectKind, TableStatus

ROUNDING_PER_FIGURE = Decimal(50)  # half of 0.01 万元
ZERO = Decimal(0)


@dataclass(frozen=True)
class Term:
    """A figure in an identity: a fact, or a figure printed in the narrative."""

    label: str
    amount: Decimal
    page: int
    printed: bool | None = None  # None: to be looked up on its page


class Document:
    """One document's facts, indexed for the checks, with the numbers printed on each page; the narrative is
    the text of the pages that hold no table."""

    def __init__(self, tables: list[ExtractedTable], subjects: list[SubjectName], pages: list[PageText],
                 identity: Identity, performance: list[PerformanceEvaluation] | None = None):
        table_pages = {n for t in tables for n in t.pages}
        narrative_pages = [p for p in pages if p.number not in table_pages]
        self.tables = tables
        self.pages = pages
        self.identity = identity
        self.performance = performance or []  # the performance tables (etl/checks/performance.py)
        self.facts = {f.key: f for t in tables for f in t.facts}
        self.empty = {t.table_key for t in tables if t.table_key and t.status == TableStatus.PRINTED_EMPTY}
        self.units = {t.table_key: t.unit for t in tables if t.table_key and t.unit}
        tables_printed = [p for p in pages if p.number in table_pages]
        self.page_numbers = {p.number: numbers_in(p.text) for p in tables_printed}
        # per page: how often each 款/项 code is printed beside a name
        self.printed_codes = {p.number: Counter(_PRINTED_CODE.findall(p.text)) for p in tables_printed}
        self.narrative = "\n".join(_reading_order(p) for p in narrative_pages)
        self.narrative_page = narrative_pages[0].number if narrative_pages else 0
        self.function_names = {s.code: s.name for s in subjects if s.kind == SubjectKind.FUNCTION}
        self.class_names = {name: code for code, name in self.function_names.items() if len(code) == 3}

    @cached_property
    def narrative_text(self) -> str:
        """The narrative without its line breaks and spaces, as its sentences are matched."""
        return re.sub(r"\s+", "", self.narrative)

    def get(self, table: str, measure: str, *, code: str | None = None, economic: str | None = None,
            item: str | None = None) -> Fact | None:
        return self.facts.get((table, code, economic, item, measure))

    def term(self, fact: Fact) -> Term:
        key = "/".join(x for x in (fact.function_code, fact.economic_code, fact.item) if x) or "-"
        factor = UNIT_FACTORS[self.units.get(fact.table_key) or "元"]
        printed = any(fact.amount == n * factor for n in self.page_numbers.get(fact.page, ()))
        return Term(f"{fact.table_key}/{key}/{fact.measure}@p{fact.page}", fact.amount, fact.page, printed)

    def tolerance(self, table: str, terms: int) -> Decimal:
        if self.units.get(table) != "万元":
            return ZERO
        amounts = [f.amount for f in self.facts.values() if f.table_key == table]
        if all(a % 100 == 0 for a in amounts):
            return ROUNDING_PER_FIGURE * terms
        return ZERO


def compare(doc: Document, check: str, table: str | None, subject: str, whole: Term, parts: list[Term],
            message: str) -> Finding | None:
    """whole = Σ parts, within the table's rounding: else a finding, `source` if every figure is printed as
    read (the document contradicts itself), else `extraction` (we misread)."""
    expected = sum((p.amount for p in parts), ZERO)
    tolerance = doc.tolerance(table, len(parts) + 1) if table else ZERO
    if abs(whole.amount - expected) <= tolerance:
        return None
    terms = [whole, *parts]
    severity = Severity.SOURCE if all(t.printed is not False for t in terms) else Severity.EXTRACTION
    return Finding(check, severity, table, subject, expected, whole.amount, tuple(t.label for t in terms), message)


# a 款 or 项 code as a table prints it, followed on its line by the subject's name (an amount is not)
_PRINTED_CODE = re.compile(r"(?<![\d.,])(\d{5}|\d{7})(?=[ \t\u3000]*[\u4e00-\u9fff])")

# amounts as tables print them: with decimals, or whole numbers of three digits or more (not 栏次 numbers)
_NUMBER = re.compile(r"\(?-?(?:[\d,]*\d\.\d+|\d[\d,]{2,})\)?")


def numbers_in(text: str) -> set[Decimal]:
    found = set()
    for token in _NUMBER.findall(text):
        try:
            value = parse_amount(token)
        except AmountError:
            continue
        if value is not None:
            found.add(value)
    return found


_FOLIO = re.compile(r"^(?:第)?[-—－]?\d{1,3}[-—－]?(?:页)?$")  # a page number: no figure, glued to one it is wrong


def _reading_order(page: PageText) -> str:
    """A narrative page's text from top to bottom (a text layer may write its paragraphs in another order),
    without the page number printed above or below it."""
    lines = sorted(page.lines, key=lambda line: -round(line.top))
    ends = {i for i in (0, len(lines) - 1) if lines and _FOLIO.match(lines[i].text)}
    return "\n".join(line.raw for i, line in enumerate(lines) if i not in ends)

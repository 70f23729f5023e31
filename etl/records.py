"""Typed records that flow from a PDF to the warehouse."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from etl.vocabulary import (
    CellCoverage, CellSource, PerformancePhase, PerformanceScope, RefusalReason, ReportKind, ReportLevel, Severity, TableStatus,
    Unread,
)


@dataclass(frozen=True)
class CellRef:
    """Where a cell is printed: its page, the grid on that page (top first), its row and first column there."""

    page: int
    grid: int
    row: int
    column: int


@dataclass(frozen=True)
class PrintedCell:
    """One cell of a table as printed: the evidence under the facts (the warehouse's cell layer)."""

    ref: CellRef
    column_span: int
    bbox: tuple[float, float, float, float]  # left, bottom, right, top: PDF points, the page as displayed
    text: str  # exactly as printed, line breaks kept
    amount: Decimal | None = None  # where the text is an amount: its value as printed, in `unit`
    unit: str | None = None
    coverage: CellCoverage | None = None  # for an amount cell: FACT, or why it is not one
    source: CellSource = CellSource.TEXT
    confidence: float | None = None  # OCR: the engine's least confidence over the cell's characters


# The Fact fields that say which row of its table a fact is of (its key without table and measure).
ROW_FIELDS = ("function_code", "economic_code", "item", "government_economic_code", "budget_unit", "project")


@dataclass(frozen=True)
class Fact:
    """One printed amount, in 元: the grain of the warehouse."""

    table_key: str
    measure: str
    amount: Decimal
    page: int
    function_code: str | None = None
    economic_code: str | None = None
    item: str | None = None
    # the spec's "Rows the flat key cannot hold": null wherever code or label alone identify the row
    government_economic_code: str | None = None
    budget_unit: str | None = None
    project: str | None = None
    cell: CellRef | None = field(default=None, compare=False)  # the cell it was read from

    @property
    def key(self) -> tuple:
        return (self.table_key, self.function_code, self.economic_code, self.item, self.measure,
                self.government_economic_code, self.budget_unit, self.project)

    @property
    def row(self) -> tuple:
        """Which row of its table the fact is of: the values of ROW_FIELDS."""
        return tuple(getattr(self, name) for name in ROW_FIELDS)


@dataclass(frozen=True)
class SubjectName:
    """A subject code with the name a table printed for it (feeds the subject dimensions)."""

    kind: str  # "function" or "economic"
    code: str
    name: str


@dataclass(frozen=True)
class Identity:
    """Who and what a document is about, read from its own text."""

    department: str
    fiscal_year: int
    report_kind: ReportKind
    report_level: ReportLevel


@dataclass(frozen=True)
class Finding:
    """An accounting identity the document's facts fail (see etl/checks for the checks and severities)."""

    check: str  # the name of the check (etl.checks.CHECKS)
    severity: Severity
    table_key: str | None
    subject: str  # the row or line concerned, e.g. "201 total" or "总计"
    expected: Decimal | None  # None for findings about names and years
    actual: Decimal | None
    rows: tuple[str, ...]  # the figures involved, as table/key/measure@page
    message: str


@dataclass(frozen=True)
class UnreadPrint:
    """A page, or one scanned figure, that the reading did not take: what and why (the checks list each)."""

    what: Unread
    page: int
    note: str  # the particulars: both readings of a figure, how far a page is turned
    cell: CellRef | None = None  # an unread figure's cell
    table_key: str | None = None  # the table that figure belongs to


@dataclass
class ExtractedTable:
    """One standard table as found in the document (possibly over several pages)."""

    title: str
    table_key: str | None  # None: a table-like title we do not recognise
    pages: list[int]
    unit: str | None
    facts: list[Fact] = field(default_factory=list)
    subjects: list[SubjectName] = field(default_factory=list)
    note: str | None = None  # for people: e.g. "printed empty", or the rows not loaded
    status: TableStatus = TableStatus.READ
    cells: list[PrintedCell] = field(default_factory=list)  # every cell of its grids, header included


@dataclass
class ExtractedDocument:
    path: Path
    sha256: str
    page_count: int
    identity: Identity
    tables: list[ExtractedTable]
    subjects: list[SubjectName]
    findings: list[Finding] = field(default_factory=list)
    performance: list[PerformanceEvaluation] = field(default_factory=list)  # never facts: see etl/parse/form.py
    performance_unread: list[ExtractedTable] = field(default_factory=list)  # performance tables not read exactly

    @property
    def facts(self) -> list[Fact]:
        return [f for t in self.tables for f in t.facts]


@dataclass
class RefusedDocument:
    """A file that is not loaded, and why (shown on the console and kept in the warehouse)."""

    path: Path
    sha256: str
    page_count: int | None
    reason: str
    identity: Identity | None = None
    reason_code: RefusalReason | None = None


class ExtractionError(Exception):
    """A document that looks like a disclosure but cannot be read exactly."""


@dataclass(frozen=True)
class PerformanceFund:
    """One amount of a performance table's money block (预算安排及执行进度): in 元, or as printed for rates and scores."""

    fund_line: str
    breakdown: str | None  # by_source / by_use where the block prints its lines twice
    measure: str
    amount: Decimal
    page: int


@dataclass(frozen=True)
class PerformanceIndicator:
    """One 绩效指标 row, its texts as printed (NFKC, no white space); a merged cell repeated on every row it spans."""

    level1: str | None
    level2: str | None
    indicator: str | None
    target: str | None
    adjusted_target: str | None
    actual: str | None
    weight: Decimal | None
    score: Decimal | None
    deviation: str | None
    page: int

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.level1, self.level2, self.indicator)


@dataclass
class PerformanceEvaluation:
    """One printed performance table (绩效自评表 / 绩效目标表), possibly over several pages."""

    title: str
    phase: PerformancePhase
    scope: PerformanceScope
    project: str | None
    implementing_unit: str | None
    total_score: Decimal | None
    grade: str | None
    page: int
    funds: list[PerformanceFund] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # cells not read as the column asks (a number column holding text)

    @property
    def key(self) -> tuple:
        return (self.phase, self.scope, self.project, self.implementing_unit)

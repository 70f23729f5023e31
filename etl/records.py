"""Typed records that flow from a PDF to the warehouse."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from etl.vocabulary import RefusalReason


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

    @property
    def key(self) -> tuple:
        return (self.table_key, self.function_code, self.economic_code, self.item, self.measure)


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
    report_kind: str  # "final" | "budget"
    report_level: str  # "department" | "unit"


@dataclass(frozen=True)
class Finding:
    """An accounting identity the document's facts fail (see etl/checks.py for the severities)."""

    check: str
    severity: str  # "extraction" | "source"
    table_key: str | None
    subject: str  # the row or line concerned, e.g. "201 total" or "总计"
    expected: Decimal | None  # None for findings about names and years
    actual: Decimal | None
    rows: tuple[str, ...]  # the figures involved, as table/key/measure@page
    message: str


@dataclass
class ExtractedTable:
    """One standard table as found in the document (possibly over several pages)."""

    title: str
    table_key: str | None  # None: a table-like title we do not recognise
    pages: list[int]
    unit: str | None
    facts: list[Fact] = field(default_factory=list)
    subjects: list[SubjectName] = field(default_factory=list)
    note: str | None = None  # e.g. "printed empty"


@dataclass
class ExtractedDocument:
    path: Path
    sha256: str
    page_count: int
    identity: Identity
    tables: list[ExtractedTable]
    subjects: list[SubjectName]
    findings: list[Finding] = field(default_factory=list)

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

"""A star schema: one fact per printed amount, owned by its source document.

Dimensions: department, fiscal year, 功能分类 and 经济分类 subjects (models/keys.py: 政府经济分类 subjects,
budget units and projects). Documents own their
facts so that a re-published document replaces exactly its own figures.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    ARRAY, REAL, BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, String, Text,
    UniqueConstraint, func, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from etl.vocabulary import (
    CellCoverage, CellSource, CrosswalkRelation, DocumentStatus, NameSource, RefusalReason, ReportKind, ReportLevel, Severity,
    SubjectKind, TableStatus,
)

SCHEMA = "warehouse"


def one_of(column: str, vocabulary: type[StrEnum]) -> CheckConstraint:
    """A column that holds only the members of a vocabulary (named after the column: ck_<table>_<column>)."""
    members = ", ".join(f"'{member}'" for member in vocabulary)
    return CheckConstraint(f"{column} in ({members})", name=column)


class Base(DeclarativeBase):
    metadata = MetaData(
        schema=SCHEMA,
        naming_convention={
            "pk": "pk_%(table_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "ix": "ix_%(table_name)s_%(column_0_name)s",
        },
    )


class Department(Base):
    """A department or budget unit, by the name its documents give themselves."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    documents: Mapped[list[SourceDocument]] = relationship(back_populates="department")


class FiscalYear(Base):
    __tablename__ = "fiscal_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class FunctionSubject(Base):
    """支出功能分类科目: 类 (3 digits), 款 (5) or 项 (7): the shipped classification and every code a document uses.

    `name` is the name the code goes by now (the reference's, else the corpus's latest, else the first a
    document printed); every name by year and source is in SubjectName. `first_seen_year`: the earliest
    fiscal year of a loaded document that uses or prints the code (none for codes only the lists know).
    """

    __tablename__ = "function_subject"
    __table_args__ = (CheckConstraint("level in ('类', '款', '项')", name="level"),)
    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(1))
    parent_code: Mapped[str | None] = mapped_column(String(5), ForeignKey("function_subject.code"))
    first_seen_year: Mapped[int | None] = mapped_column(Integer)


class EconomicSubject(Base):
    """部门预算支出经济分类科目: 类 (3 digits), 款 (5) or, where a region subdivides a 款, 项 (7: 3021101 under
    30211); names and years as for FunctionSubject."""

    __tablename__ = "economic_subject"
    __table_args__ = (CheckConstraint("level in ('类', '款', '项')", name="level"),)
    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(1))
    parent_code: Mapped[str | None] = mapped_column(String(5), ForeignKey("economic_subject.code"))
    first_seen_year: Mapped[int | None] = mapped_column(Integer)


class SubjectName(Base):
    """A name a subject code had: in the reference for years first_year..last_year (open where null), or
    printed in one year (first_year = last_year) by the corpus or by a loaded document. Names that disagree
    are all kept: mart.subject_name_conflicts lists them."""

    __tablename__ = "subject_name"
    __table_args__ = (
        one_of("kind", SubjectKind),
        one_of("source", NameSource),
        UniqueConstraint("kind", "code", "name", "first_year", "last_year", "source", "document_id",
                         name="uq_subject_name_key", postgresql_nulls_not_distinct=True),
        Index("ix_subject_name_code", "kind", "code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(19))
    code: Mapped[str] = mapped_column(String(7))
    name: Mapped[str] = mapped_column(Text)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(9))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))


class SubjectCrosswalk(Base):
    """How a code of one year maps to a code of another (renamed, moved, split, merged), loaded from CSV."""

    __tablename__ = "subject_crosswalk"
    __table_args__ = (
        one_of("kind", SubjectKind),
        one_of("relation", CrosswalkRelation),
        UniqueConstraint("kind", "from_year", "from_code", "to_year", "to_code", name="uq_subject_crosswalk_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(19))
    from_year: Mapped[int] = mapped_column(Integer)
    from_code: Mapped[str] = mapped_column(String(7))
    to_year: Mapped[int] = mapped_column(Integer)
    to_code: Mapped[str] = mapped_column(String(7))
    relation: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class SourceDocument(Base):
    """One PDF file, by its sha256: loaded, refused (with the reason, and its code) or superseded."""

    __tablename__ = "source_document"
    __table_args__ = (
        one_of("status", DocumentStatus),
        one_of("report_kind", ReportKind),
        one_of("report_level", ReportLevel),
        one_of("reason_code", RefusalReason),
        # one current document per department, year, kind and level: the view's rows stay unique
        Index("uq_source_document_current", "department_id", "fiscal_year", "report_kind", "report_level",
              unique=True, postgresql_where=text("status = 'loaded'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_path: Mapped[str] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    fiscal_year: Mapped[int | None] = mapped_column(ForeignKey("fiscal_year.year"))
    report_kind: Mapped[str | None] = mapped_column(String(6))
    report_level: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)  # for people, with the particulars
    reason_code: Mapped[str | None] = mapped_column(String(32))  # a refusal's RefusalReason: for code and queries
    fact_count: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # the other half of a report published as two files (tables-only + narrative-only)
    companion_id: Mapped[int | None] = mapped_column(ForeignKey("source_document.id", ondelete="SET NULL"))
    department: Mapped[Department | None] = relationship(back_populates="documents")


class DocumentTable(Base):
    """Each table a document printed: recognised (with its key) or not, and what came of it (`status`)."""

    __tablename__ = "document_table"
    __table_args__ = (one_of("status", TableStatus),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"), index=True)
    table_key: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    first_page: Mapped[int] = mapped_column(Integer)
    last_page: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(2))
    fact_count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))


class DocumentCell(Base):
    """One cell of a table as printed, recognised or not: the evidence under the facts.

    Where it sits (page; grid on the page, top first; row and first column in the grid) and its box in PDF
    points of the page as displayed, origin bottom-left; its text exactly as printed and, where the text is an
    amount, its value as printed in `unit` (no scale: 12.345678 万元 stays so). `coverage`: for an amount cell
    of a recognised table, `fact` or why it is not one; none there is unexplained (mart.unexplained_cells).
    """

    __tablename__ = "document_cell"
    __table_args__ = (
        one_of("coverage", CellCoverage),
        one_of("source", CellSource),
        # a page of a document is what `warehouse show` and mart.document_cells look up
        Index("ix_document_cell_document_id", "document_id", "page"),
    )
    # the document's id × 2³² + the cell's place in the document: the load names cells without asking for ids
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(ForeignKey("document_table.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    grid: Mapped[int] = mapped_column(Integer)
    row: Mapped[int] = mapped_column(Integer)
    col: Mapped[int] = mapped_column(Integer)
    column_span: Mapped[int] = mapped_column(Integer)
    x_left: Mapped[float] = mapped_column(REAL)
    y_bottom: Mapped[float] = mapped_column(REAL)
    x_right: Mapped[float] = mapped_column(REAL)
    y_top: Mapped[float] = mapped_column(REAL)
    text: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Numeric)
    unit: Mapped[str | None] = mapped_column(Text)
    coverage: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(8))  # text or ocr (etl/ocr): none for cells loaded before
    confidence: Mapped[float | None] = mapped_column(REAL)  # ocr: the engine's least confidence over its characters


class Fact(Base):
    """One printed amount in 元: (document, table, row key, measure) → amount, with its page.

    The row key is the codes and label as printed, and where they alone do not identify the row (the spec's
    "Rows the flat key cannot hold"), its 政府经济分类 code, budget unit or project (null everywhere else)."""

    __tablename__ = "fact"
    __table_args__ = (
        # covering indexes (migration 0007): analyst queries read facts without visiting the table
        UniqueConstraint("document_id", "table_key", "measure", "function_code", "economic_code", "item",
                         "government_economic_code", "budget_unit_id", "project_id",
                         name="uq_fact_key", postgresql_nulls_not_distinct=True, postgresql_include=["amount"]),
        Index("ix_fact_function_code", "function_code", "table_key", "measure",
              postgresql_include=["document_id", "amount"]),
        Index("ix_fact_economic_code", "economic_code", "table_key", "measure",
              postgresql_include=["document_id", "amount"]),
        Index("ix_fact_table_key", "table_key", "measure", "item",
              postgresql_include=["document_id", "function_code", "economic_code", "amount"]),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))
    table_key: Mapped[str] = mapped_column(Text)
    function_code: Mapped[str | None] = mapped_column(ForeignKey("function_subject.code"))
    economic_code: Mapped[str | None] = mapped_column(ForeignKey("economic_subject.code"))
    item: Mapped[str | None] = mapped_column(Text)
    government_economic_code: Mapped[str | None] = mapped_column(ForeignKey("government_economic_subject.code"))
    budget_unit_id: Mapped[int | None] = mapped_column(ForeignKey("budget_unit.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    measure: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    source_page: Mapped[int] = mapped_column(Integer)
    cell_id: Mapped[int | None] = mapped_column(ForeignKey("document_cell.id"), index=True)  # where it was printed


class QualityFinding(Base):
    """An accounting identity the document's facts do not satisfy (etl/checks says which and why)."""

    __tablename__ = "quality_finding"
    __table_args__ = (one_of("severity", Severity),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))
    table_key: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    expected: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))  # none for findings about names and years
    actual: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    rows: Mapped[list[str]] = mapped_column(ARRAY(Text))
    message: Mapped[str] = mapped_column(Text)

"""Performance tables (绩效自评表, 绩效目标表): one evaluation per printed table, owned by its document, with its
money block's amounts and its indicators (spec: "Performance tables (绩效)"). Never facts."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from etl.vocabulary import PerformancePhase, PerformanceScope
from models.warehouse import Base, one_of


class PerformanceEvaluation(Base):
    __tablename__ = "performance_evaluation"
    __table_args__ = (
        one_of("phase", PerformancePhase),
        one_of("scope", PerformanceScope),
        UniqueConstraint("document_id", "phase", "scope", "project", "implementing_unit",
                         name="uq_performance_evaluation_key", postgresql_nulls_not_distinct=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(10))
    project: Mapped[str | None] = mapped_column(Text)
    implementing_unit: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    total_score: Mapped[Decimal | None] = mapped_column(Numeric)  # as printed: 99.79
    grade: Mapped[str | None] = mapped_column(String(1))
    source_page: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)  # cells not read as their column asks


class PerformanceFund(Base):
    __tablename__ = "performance_fund"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "fund_line", "breakdown", "measure",
                         name="uq_performance_fund_key", postgresql_nulls_not_distinct=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("performance_evaluation.id", ondelete="CASCADE"))
    fund_line: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[str | None] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(Numeric)  # 元 for money, as printed for rates, weights and scores
    source_page: Mapped[int] = mapped_column(Integer)


class PerformanceIndicator(Base):
    __tablename__ = "performance_indicator"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "level1", "level2", "indicator",
                         name="uq_performance_indicator_key", postgresql_nulls_not_distinct=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("performance_evaluation.id", ondelete="CASCADE"))
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    adjusted_target: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[Decimal | None] = mapped_column(Numeric)
    score: Mapped[Decimal | None] = mapped_column(Numeric)
    deviation: Mapped[str | None] = mapped_column(Text)
    source_page: Mapped[int] = mapped_column(Integer)

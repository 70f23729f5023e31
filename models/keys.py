"""The dimensions of the spec's "Rows the flat key cannot hold": 政府预算支出经济分类 subjects, budget units and
projects. A fact names them where its code or label alone does not identify its row (null everywhere else)."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.warehouse import Base


class GovernmentEconomicSubject(Base):
    """政府预算支出经济分类科目 (501 机关工资福利支出 …): 类 (3 digits) or 款 (5); names and years as for
    FunctionSubject (the names by year are SubjectName rows of kind government_economic)."""

    __tablename__ = "government_economic_subject"
    __table_args__ = (CheckConstraint("level in ('类', '款')", name="level"),)
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(1))
    parent_code: Mapped[str | None] = mapped_column(String(3), ForeignKey("government_economic_subject.code"))
    first_seen_year: Mapped[int | None] = mapped_column(Integer)


class BudgetUnit(Base):
    """A unit (预算单位) of a department, by the name its department's tables print for it (NFKC, no white
    space), with the first and last fiscal year of a loaded document that prints it."""

    __tablename__ = "budget_unit"
    __table_args__ = (UniqueConstraint("department_id", "name", name="uq_budget_unit_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(Text)
    first_seen_year: Mapped[int] = mapped_column(Integer)
    last_seen_year: Mapped[int] = mapped_column(Integer)


class Project(Base):
    """A project a department's tables list, by its name as printed under its 功能分类 code (none where the
    table prints none), with the first and last fiscal year of a loaded document that prints it."""

    __tablename__ = "project"
    __table_args__ = (UniqueConstraint("department_id", "function_code", "name", name="uq_project_key",
                                       postgresql_nulls_not_distinct=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    function_code: Mapped[str | None] = mapped_column(ForeignKey("function_subject.code"))
    name: Mapped[str] = mapped_column(Text)
    first_seen_year: Mapped[int] = mapped_column(Integer)
    last_seen_year: Mapped[int] = mapped_column(Integer)

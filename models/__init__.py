"""The warehouse schema as SQLAlchemy 2.0 typed models (Alembic migrations create it)."""
from models.keys import BudgetUnit, GovernmentEconomicSubject, Project
from models.performance import PerformanceEvaluation, PerformanceFund, PerformanceIndicator
from models.warehouse import (
    Base, Department, DocumentCell, DocumentTable, EconomicSubject, Fact, FiscalYear, FunctionSubject, QualityFinding,
    SourceDocument, SubjectCrosswalk, SubjectName,
)

__all__ = [
    "Base", "BudgetUnit", "Department", "DocumentCell", "DocumentTable", "EconomicSubject", "Fact", "FiscalYear",
    "FunctionSubject", "GovernmentEconomicSubject", "PerformanceEvaluation", "PerformanceFund", "PerformanceIndicator",
    "Project", "QualityFinding", "SourceDocument", "SubjectCrosswalk", "SubjectName",
]

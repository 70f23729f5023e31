"""The dimensions a document's facts name, written before the facts: subject codes of the three classifications
(with the names the document prints, by year), and the budget units and projects of the spec's "Rows the flat
key cannot hold" (by name within the department). Part of etl/load.py's one transaction."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etl.classification import level_of, lineage, parent_of
from etl.records import ExtractedDocument, Fact
from etl.vocabulary import NameSource, SubjectKind
from models import BudgetUnit, EconomicSubject, FunctionSubject, GovernmentEconomicSubject, Project, SubjectName

SUBJECTS = ((SubjectKind.FUNCTION, FunctionSubject), (SubjectKind.ECONOMIC, EconomicSubject),
            (SubjectKind.GOVERNMENT_ECONOMIC, GovernmentEconomicSubject))


@dataclass(frozen=True)
class KeyIds:
    """The ids of the budget units and projects a document's facts name."""

    units: dict[str, int]  # name → budget_unit.id
    projects: dict[tuple[str | None, str], int]  # (function code, name) → project.id

    def of(self, fact: Fact) -> dict[str, object]:
        """The fact's columns beyond the flat key."""
        return dict(government_economic_code=fact.government_economic_code,
                    budget_unit_id=self.units[fact.budget_unit] if fact.budget_unit else None,
                    project_id=self.projects[(fact.function_code, fact.project)] if fact.project else None)


def insert_dimensions(conn: Connection, doc: ExtractedDocument, document_id: int, department_id: int) -> KeyIds:
    _insert_subjects(conn, doc, document_id)
    year = doc.identity.fiscal_year
    units = sorted({f.budget_unit for f in doc.facts if f.budget_unit})
    projects = sorted({(f.function_code, f.project) for f in doc.facts if f.project}, key=lambda p: (p[0] or "", p[1]))
    unit_ids = dict(_upsert(conn, BudgetUnit, "uq_budget_unit_key", year, [
        dict(department_id=department_id, name=name) for name in units], (BudgetUnit.name, BudgetUnit.id)))
    project_ids = {(code, name): id_ for code, name, id_ in _upsert(conn, Project, "uq_project_key", year, [
        dict(department_id=department_id, function_code=code, name=name) for code, name in projects],
        (Project.function_code, Project.name, Project.id))}
    return KeyIds(unit_ids, project_ids)


def _upsert(conn: Connection, model: type[BudgetUnit] | type[Project], constraint: str, year: int,
            rows: list[dict], returning: tuple) -> list[tuple]:
    """Insert the rows a document names, or widen the years an existing one was seen in; their ids."""
    if not rows:
        return []
    stmt = pg_insert(model).values([dict(row, first_seen_year=year, last_seen_year=year) for row in rows])
    stmt = stmt.on_conflict_do_update(constraint=constraint, set_={
        "first_seen_year": func.least(model.first_seen_year, stmt.excluded.first_seen_year),
        "last_seen_year": func.greatest(model.last_seen_year, stmt.excluded.last_seen_year)})
    return [tuple(row) for row in conn.execute(stmt.returning(*returning))]


def _insert_subjects(conn: Connection, doc: ExtractedDocument, document_id: int) -> None:
    """Every code a fact uses exists in its dimension, with its parents; every name the document prints is
    recorded for its year. A printed name only names a code nothing named yet: one that disagrees with the
    dimension's is kept beside it (mart.subject_name_conflicts), never written over it."""
    year = doc.identity.fiscal_year
    printed = {(s.kind, s.code): s.name for s in doc.subjects}
    seen = set(printed) | {(SubjectKind.FUNCTION, f.function_code) for f in doc.facts if f.function_code}
    seen |= {(SubjectKind.ECONOMIC, f.economic_code) for f in doc.facts if f.economic_code}
    seen |= {(SubjectKind.GOVERNMENT_ECONOMIC, f.government_economic_code)
             for f in doc.facts if f.government_economic_code}
    for kind, model in SUBJECTS:
        used = {code for k, code in seen if k == kind}
        codes = sorted({c for code in used for c in lineage(code)}, key=lambda c: (len(c), c))
        if not codes:
            continue
        stmt = pg_insert(model).values([
            dict(code=code, name=printed.get((kind, code), code), level=level_of(kind, code),
                 parent_code=parent_of(code) or None, first_seen_year=year if code in used else None)
            for code in codes
        ])
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[model.code],
            set_={"name": stmt.excluded.name},
            where=model.name == model.code,  # a placeholder name gives way to a printed one
        ))
        conn.execute(update(model).where(model.code.in_(used),
                                         func.coalesce(model.first_seen_year, year + 1) > year)
                     .values(first_seen_year=year))
    # the first document to print a name for a code in a year stands witness for it: one row per name and
    # year, not per document, so that the names stay a small table however many documents are loaded
    witnessed = {tuple(row) for row in conn.execute(
        select(SubjectName.kind, SubjectName.code, SubjectName.name)
        .where(SubjectName.source == NameSource.DOCUMENT, SubjectName.first_year == year,
               SubjectName.code.in_({code for _, code in printed}))
    )}
    new_names = [(kind, code, name) for (kind, code), name in sorted(printed.items())
                 if (kind, code, name) not in witnessed]
    if new_names:
        conn.execute(pg_insert(SubjectName).values([
            dict(kind=kind, code=code, name=name, first_year=year, last_year=year, source=NameSource.DOCUMENT,
                 document_id=document_id)
            for kind, code, name in new_names
        ]).on_conflict_do_nothing())

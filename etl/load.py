"""Write one document's outcome into PostgreSQL: all of it in one transaction, or nothing.

A file is known by its sha256: loading the same bytes again changes nothing. A new document
for a department, year, kind and level that already has one supersedes it (the old one keeps
its facts, marked `superseded`, out of the mart).

Loads may run at the same time (two `warehouse load`s over overlapping folders): each transaction
holds an advisory lock on its file's sha256 and on its department-year-kind-level, so two copies of a
file, or two documents that would both be the loaded one, are written one after the other.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import psycopg
from sqlalchemy import Connection, Engine, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etl.load_keys import insert_dimensions
from etl.load_performance import insert_performance
from etl.records import CellRef, ExtractedDocument, ExtractedTable, RefusedDocument
from etl.retry import in_transaction
from etl.vocabulary import DocumentStatus, LoadStatus, RefusalReason, Severity
from models import Department, DocumentCell, DocumentTable, Fact, FiscalYear, QualityFinding, SourceDocument


@dataclass(frozen=True)
class LoadOutcome:
    file_name: str
    status: LoadStatus
    facts: int
    message: str
    extraction_findings: int = 0
    source_findings: int = 0


# A document whose rows the database rejects (an amount beyond numeric(18,2), a fact printed twice under one
# key) is that document's problem: it is refused with the database's words and the batch goes on. A transient
# error (the connection lost, the server restarting, a deadlock: etl.retry) runs the transaction again; any
# other error stops the load.
_REJECTED = ("22", "23")  # SQLSTATE classes: data exception, integrity constraint violation


def load(engine: Engine, result: ExtractedDocument | RefusedDocument) -> LoadOutcome:
    """One document in one transaction, run again after a transient database error (etl.retry)."""
    name = file_text(result.path.name)
    try:
        return in_transaction(engine, lambda conn: _load(conn, result), name)
    except DBAPIError as err:
        state = getattr(err.orig, "sqlstate", None) or ""
        if isinstance(result, ExtractedDocument) and state[:2] in _REJECTED:
            reason = f"the warehouse rejected its rows: {str(err.orig).splitlines()[0]}"
            refused = RefusedDocument(result.path, result.sha256, result.page_count, reason, result.identity,
                                      reason_code=RefusalReason.REJECTED_BY_DATABASE)
            return in_transaction(engine, lambda conn: _load(conn, refused), name)
        raise


def _lock(conn: Connection, space: int, key: str) -> None:
    """Wait for any other transaction on the same key (space 1: a file's sha256; 2: a department-year-kind-level)."""
    conn.execute(text("select pg_advisory_xact_lock(:space, hashtext(:key))"), {"space": space, "key": key})


def _load(conn: Connection, result: ExtractedDocument | RefusedDocument) -> LoadOutcome:
    _lock(conn, 1, result.sha256)
    existing = conn.execute(
        select(SourceDocument.file_name, SourceDocument.status, SourceDocument.fact_count, SourceDocument.reason)
        .where(SourceDocument.sha256 == result.sha256)
    ).first()
    name = file_text(result.path.name)
    same = f" (the same file as {existing.file_name})" if existing and existing.file_name != name else ""
    refused_before = existing is not None and existing.status == DocumentStatus.REFUSED
    if refused_before and isinstance(result, RefusedDocument):
        # refused again: still refused, and the newest reason is kept
        conn.execute(update(SourceDocument).where(SourceDocument.sha256 == result.sha256)
                     .values(reason=result.reason, reason_code=result.reason_code))
        return LoadOutcome(name, LoadStatus.REFUSED, 0, result.reason + same)
    if existing is not None and not refused_before:
        return LoadOutcome(name, LoadStatus.UNCHANGED, existing.fact_count,
                           f"already in the warehouse ({existing.status}){same}")
    if refused_before:  # readable now: the refusal (its reason and code with it) is replaced
        conn.execute(SourceDocument.__table__.delete().where(SourceDocument.sha256 == result.sha256))
    if isinstance(result, RefusedDocument):
        document_id = _insert_document(conn, result, status=DocumentStatus.REFUSED, reason=result.reason,
                                       reason_code=result.reason_code)
        companion = _link_companion(conn, document_id)
        note = f" (the narrative of {companion})" if companion else ""
        return LoadOutcome(name, LoadStatus.REFUSED, 0, result.reason + note)
    identity = result.identity
    _lock(conn, 2, f"{identity.department}|{identity.fiscal_year}|{identity.report_kind}|{identity.report_level}")
    return _load_extracted(conn, result)


def _load_extracted(conn: Connection, doc: ExtractedDocument) -> LoadOutcome:
    identity = doc.identity
    department_id = _department_id(conn, identity.department)
    superseded = conn.scalars(
        update(SourceDocument)
        .where(SourceDocument.department_id == department_id, SourceDocument.fiscal_year == identity.fiscal_year,
               SourceDocument.report_kind == identity.report_kind,
               SourceDocument.report_level == identity.report_level, SourceDocument.status == DocumentStatus.LOADED)
        .values(status=DocumentStatus.SUPERSEDED,
                reason=f"superseded by {file_text(doc.path.name)} ({doc.sha256[:12]})")
        .returning(SourceDocument.file_name)
    ).all()
    facts = doc.facts
    document_id = _insert_document(conn, doc, status=DocumentStatus.LOADED, fact_count=len(facts))
    keys = insert_dimensions(conn, doc, document_id, department_id)
    cell_ids = _insert_tables(conn, document_id, doc.tables)
    if doc.findings:
        conn.execute(insert(QualityFinding), [
            dict(document_id=document_id, check=f.check, severity=f.severity, table_key=f.table_key,
                 subject=f.subject, expected=f.expected, actual=f.actual, rows=list(f.rows), message=f.message)
            for f in doc.findings
        ])
    if facts:
        # each fact names its cell by where it is printed, within its own table: the insert links it
        conn.execute(insert(Fact), [
            dict(document_id=document_id, table_key=f.table_key, function_code=f.function_code,
                 economic_code=f.economic_code, item=f.item, measure=f.measure, amount=f.amount,
                 source_page=f.page, cell_id=cell_ids[number][f.cell] if f.cell else None, **keys.of(f))
            for number, t in enumerate(doc.tables) for f in t.facts
        ])
    insert_performance(conn, doc, document_id)
    companion = _link_companion(conn, document_id)
    note = (f" (supersedes {', '.join(superseded)})" if superseded else "") + (
        f" (narrative in {companion})" if companion else "")
    misread = sum(f.severity == Severity.EXTRACTION for f in doc.findings)
    inconsistent = len(doc.findings) - misread
    if doc.findings:
        note += f"; findings: {misread} extraction, {inconsistent} source (warehouse check)"
    return LoadOutcome(file_text(doc.path.name), LoadStatus.LOADED, len(facts),
                       f"{len(facts)} facts from {sum(1 for t in doc.tables if t.table_key)} tables{note}",
                       misread, inconsistent)


def _insert_tables(conn: Connection, document_id: int, tables: list[ExtractedTable]) -> list[dict[CellRef, int]]:
    """Every table the document prints, and their cells; per table, its cells' ids by where they are printed."""
    if not tables:
        return []
    table_ids = conn.scalars(insert(DocumentTable).returning(DocumentTable.id, sort_by_parameter_order=True), [
        dict(document_id=document_id, table_key=t.table_key, title=t.title, first_page=min(t.pages),
             last_page=max(t.pages), unit=t.unit, fact_count=len(t.facts), note=t.note, status=t.status)
        for t in tables
    ]).all()
    return _insert_cells(conn, document_id, list(zip(table_ids, tables)))


_CELL_COLUMNS = ("id", "document_id", "table_id", "page", "grid", "row", "col", "column_span", "x_left", "y_bottom",
                 "x_right", "y_top", "text", "amount", "unit", "coverage", "source", "confidence")


def _insert_cells(conn: Connection, document_id: int,
                  tables: list[tuple[int, ExtractedTable]]) -> list[dict[CellRef, int]]:
    """Write every cell of every table with one COPY (a document prints thousands: an insert per row would
    cost the load more than its reading). The ids are known beforehand, so that the facts' own insert can
    name their cells: the document's id × 2³² + the cell's place in the document. Per table: CellRef → id."""
    first = document_id << 32
    numbered, count = [], 0
    for _, table in tables:
        numbered.append([(first + count + n, cell) for n, cell in enumerate(table.cells)])
        count += len(table.cells)
    if count:
        copy = f"copy {DocumentCell.__table__.fullname} ({', '.join(_CELL_COLUMNS)}) from stdin"
        try:
            with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy) as rows:
                for (table_id, _), cells in zip(tables, numbered):
                    for cell_id, cell in cells:
                        ref = cell.ref
                        rows.write_row((cell_id, document_id, table_id, ref.page, ref.grid, ref.row, ref.column,
                                        cell.column_span, *cell.bbox, cell.text, cell.amount, cell.unit,
                                        cell.coverage and cell.coverage.value, cell.source.value, cell.confidence))
        except psycopg.Error as err:  # as any other statement's error: the document is rejected, or the load stops
            raise DBAPIError(copy, None, err) from err
    return [{cell.ref: cell_id for cell_id, cell in cells} for cells in numbered]


def _insert_document(conn: Connection, doc: ExtractedDocument | RefusedDocument, **values) -> int:
    identity = doc.identity
    if identity is not None:
        conn.execute(pg_insert(FiscalYear).values(year=identity.fiscal_year).on_conflict_do_nothing())
        values.update(department_id=_department_id(conn, identity.department), fiscal_year=identity.fiscal_year,
                      report_kind=identity.report_kind, report_level=identity.report_level)
    return conn.scalar(
        insert(SourceDocument).values(sha256=doc.sha256, file_name=file_text(doc.path.name),
                                      file_path=file_text(str(doc.path)),
                                      page_count=doc.page_count, **values).returning(SourceDocument.id)
    )


def file_text(name: str) -> str:
    """A file name as text PostgreSQL can store. Names that are not UTF-8 (GBK bytes, from a zip packed on
    Chinese Windows) reach Python as surrogate escapes: they are read as GB18030, or else with U+FFFD."""
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _link_companion(conn: Connection, document_id: int) -> str | None:
    """Pair a narrative-only file with the tables-only file of the same report (year, kind, level, name).

    Names differ a little between the two halves (江苏省委办公厅 / 中共江苏省委办公厅), so they are
    compared after the party prefix, by similarity; only a narrative-only file and a loaded one pair up.
    """
    doc = conn.execute(
        select(SourceDocument.status, SourceDocument.reason_code, SourceDocument.fiscal_year,
               SourceDocument.report_kind, SourceDocument.report_level, Department.name)
        .outerjoin(Department).where(SourceDocument.id == document_id)
    ).one()
    name = doc.name
    if name is None:
        return None
    narrative = doc.reason_code is not None and RefusalReason(doc.reason_code).is_narrative_half
    if doc.status != DocumentStatus.LOADED and not narrative:
        return None
    narrative_halves = [code for code in RefusalReason if code.is_narrative_half]
    other_side = (SourceDocument.status == DocumentStatus.LOADED) if narrative else (
        (SourceDocument.status == DocumentStatus.REFUSED) & SourceDocument.reason_code.in_(narrative_halves))
    candidates = conn.execute(
        select(SourceDocument.id, SourceDocument.file_name, Department.name).join(Department)
        .where(SourceDocument.fiscal_year == doc.fiscal_year, SourceDocument.report_kind == doc.report_kind,
               SourceDocument.report_level == doc.report_level, SourceDocument.companion_id.is_(None),
               SourceDocument.id != document_id, other_side)
    ).all()
    best = max(candidates, key=lambda c: _name_similarity(name, c.name), default=None)
    if best is None or _name_similarity(name, best.name) < 0.8:
        return None
    conn.execute(update(SourceDocument).where(SourceDocument.id == document_id).values(companion_id=best.id))
    conn.execute(update(SourceDocument).where(SourceDocument.id == best.id).values(companion_id=document_id))
    return best.file_name


def _name_similarity(a: str, b: str) -> float:
    strip = lambda name: re.sub(r"^(中国共产党|中共)", "", name)  # noqa: E731
    return SequenceMatcher(None, strip(a), strip(b)).ratio()


def _department_id(conn: Connection, name: str) -> int:
    conn.execute(pg_insert(Department).values(name=name).on_conflict_do_nothing())
    return conn.scalar(select(Department.id).where(Department.name == name))


def summary(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        counts = dict(conn.execute(select(SourceDocument.status, func.count()).group_by(SourceDocument.status)).all())
        counts["facts"] = conn.scalar(text("select count(*) from mart.disclosure_facts"))
    return counts

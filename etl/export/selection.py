"""What an export holds, and the queries that read it: one place for the SQL of every export format.

A selection narrows the loaded documents by department, fiscal year and report kind; an empty selection is
everything. Facts come from `mart.disclosure_facts`, the contract, except where a workbook needs the order
the rows were printed in: that order is the facts' insertion order (`warehouse.fact.id`), within each page.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Connection, text

from etl.vocabulary import ReportKind


class ExportFormat(StrEnum):
    FDP = "fdp"  # a Fiscal Data Package: datapackage.json + CSV
    EXCEL = "excel"  # one .xlsx per document
    PARQUET = "parquet"  # the mart's facts and subject dimensions


class AmountUnit(StrEnum):
    """The unit of a workbook's amounts."""

    YUAN = "yuan"  # every amount in 元, as the warehouse stores it
    DOCUMENT = "document"  # each table in the unit it is printed in


@dataclass(frozen=True)
class Selection:
    department: str | None = None
    fiscal_year: int | None = None
    report_kind: ReportKind | None = None

    def where(self, alias: str) -> str:
        """A condition on the identity columns of `alias` (a mart row or a document joined to its department)."""
        return (f"(cast(:department as text) is null or {alias}.department = :department)"
                f" and (cast(:fiscal_year as integer) is null or {alias}.fiscal_year = :fiscal_year)"
                f" and (cast(:report_kind as text) is null or {alias}.report_kind = :report_kind)")

    @property
    def parameters(self) -> dict[str, object]:
        return {"department": self.department, "fiscal_year": self.fiscal_year,
                "report_kind": None if self.report_kind is None else str(self.report_kind)}

    def describe(self) -> str:
        parts = [str(p) for p in (self.department, self.fiscal_year, self.report_kind) if p is not None]
        return " ".join(parts) or "everything"


@dataclass(frozen=True)
class Document:
    """A loaded document of the selection: the grain of a workbook."""

    id: int
    department: str
    fiscal_year: int
    report_kind: str
    report_level: str
    source_file: str
    sha256: str


@dataclass(frozen=True)
class PrintedTable:
    table_key: str
    title: str
    first_page: int
    last_page: int
    unit: str | None  # 元 or 万元 as printed; None where the table names no unit
    note: str | None  # e.g. printed empty


@dataclass(frozen=True)
class PrintedFact:
    """A fact of a document's table, with the current name of its subject code (its 功能分类 code's, else its
    政府经济分类 code's, else its 经济分类 code's)."""

    function_code: str | None
    economic_code: str | None
    item: str | None
    government_economic_code: str | None
    budget_unit: str | None
    project: str | None
    subject_name: str | None
    measure: str
    amount: Decimal
    source_page: int


# The mart's facts with each code's place in its classification: 类/款/项 codes and names (its parents).
FACTS_WITH_SUBJECTS = """
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.table_key, f.measure,
       f.function_code, fs.lei_code as function_lei_code, fs.lei_name as function_lei_name,
       fs.kuan_code as function_kuan_code, fs.kuan_name as function_kuan_name,
       fs.xiang_code as function_xiang_code, fs.xiang_name as function_xiang_name,
       f.economic_code, es.lei_code as economic_lei_code, es.lei_name as economic_lei_name,
       es.kuan_code as economic_kuan_code, es.kuan_name as economic_kuan_name,
       f.government_economic_code, gs.lei_code as government_economic_lei_code,
       gs.lei_name as government_economic_lei_name, gs.kuan_code as government_economic_kuan_code,
       gs.kuan_name as government_economic_kuan_name, f.budget_unit, f.project,
       f.item, f.amount, f.source_file, f.source_page, f.source_sha256
from mart.disclosure_facts f
left join mart.function_subjects fs on fs.code = f.function_code
left join mart.economic_subjects es on es.code = f.economic_code
left join mart.government_economic_subjects gs on gs.code = f.government_economic_code
where {where}
order by f.department, f.fiscal_year, f.report_kind, f.report_level, f.source_page, f.table_key,
         f.budget_unit nulls first, f.function_code nulls first, f.government_economic_code nulls first,
         f.economic_code nulls first, f.project nulls first, f.item nulls first, f.measure
"""


def facts_with_subjects(conn: Connection, selection: Selection) -> tuple[list[str], list[tuple]]:
    """Column names and rows of the selection's facts, with their subjects' levels and names."""
    result = conn.execute(text(FACTS_WITH_SUBJECTS.format(where=selection.where("f"))), selection.parameters)
    return list(result.keys()), [tuple(row) for row in result]


def mart_rows(conn: Connection, view: str, selection: Selection | None = None) -> list[tuple]:
    """Every row of a mart view (`view` is one of ours, never user text), sorted by all its columns; only the
    selection's where it applies (a view of facts, not a classification)."""
    where = selection.where("v") if selection is not None else "true"
    every_column = ", ".join(str(i + 1) for i in range(len(view_columns(conn, view))))
    result = conn.execute(text(f"select * from mart.{view} v where {where} order by {every_column}"),
                          selection.parameters if selection is not None else {})
    return [tuple(row) for row in result]


def view_columns(conn: Connection, view: str) -> list[tuple[str, str, int | None, int | None]]:
    """(name, PostgreSQL type, numeric precision, numeric scale) of a mart view's columns, in order."""
    return [tuple(row) for row in conn.execute(text(
        "select column_name, data_type, numeric_precision, numeric_scale from information_schema.columns "
        "where table_schema = 'mart' and table_name = :view order by ordinal_position"), {"view": view})]


def documents(conn: Connection, selection: Selection) -> list[Document]:
    rows = conn.execute(text(f"""
        select s.id, s.department, s.fiscal_year, s.report_kind, s.report_level, s.file_name, s.sha256
        from (select s.*, d.name as department from warehouse.source_document s
              join warehouse.department d on d.id = s.department_id where s.status = 'loaded') s
        where {selection.where("s")}
        order by s.department, s.fiscal_year, s.report_kind, s.report_level"""), selection.parameters)
    return [Document(*row) for row in rows]


def printed_tables(conn: Connection, document: Document) -> list[PrintedTable]:
    """The document's standard tables in the order printed; a key printed twice is one table, where it starts."""
    rows = conn.execute(text("""
        select distinct on (table_key) table_key, title, first_page, last_page, unit, note
        from warehouse.document_table
        where document_id = :document and table_key is not null
        order by table_key, first_page, id"""), {"document": document.id})
    return sorted((PrintedTable(*row) for row in rows), key=lambda t: (t.first_page, t.table_key))


def printed_facts(conn: Connection, document: Document, table_key: str) -> list[PrintedFact]:
    """A table's facts in the order the rows were printed: by page, then as read (insertion order)."""
    rows = conn.execute(text("""
        select f.function_code, f.economic_code, f.item, f.government_economic_code, u.name, p.name,
               coalesce(fs.name, gs.name, es.name), f.measure, f.amount, f.source_page
        from warehouse.fact f
        left join warehouse.function_subject fs on fs.code = f.function_code
        left join warehouse.economic_subject es on es.code = f.economic_code
        left join warehouse.government_economic_subject gs on gs.code = f.government_economic_code
        left join warehouse.budget_unit u on u.id = f.budget_unit_id
        left join warehouse.project p on p.id = f.project_id
        where f.document_id = :document and f.table_key = :table_key
        order by f.source_page, f.id"""), {"document": document.id, "table_key": table_key})
    return [PrintedFact(*row) for row in rows]


def quality_findings(conn: Connection, document: Document) -> tuple[list[str], list[tuple]]:
    result = conn.execute(text("""
        select q.check, q.severity, q.table_key, q.subject, q.expected, q.actual, q.actual - q.expected, q.message
        from warehouse.quality_finding q
        where q.document_id = :document
        order by q.severity, q.check, q.table_key nulls first, q.id"""), {"document": document.id})
    return ["check", "severity", "table_key", "subject", "expected", "actual", "difference", "message"], \
        [tuple(row) for row in result]

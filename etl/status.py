"""What the warehouse holds, per document (for `warehouse status`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from etl.vocabulary import DocumentStatus, ReportKind, ReportLevel, Severity, TableStatus


@dataclass(frozen=True)
class DocumentRow:
    file_name: str
    department: str | None
    fiscal_year: int | None
    report_kind: ReportKind | None
    report_level: ReportLevel | None
    status: DocumentStatus
    reason: str | None
    fact_count: int
    recognised: int
    unrecognised: int
    unrecognised_titles: str
    companion: str | None
    # the amount cells of its recognised tables, and what became of them (mart.table_coverage)
    amount_cells: int
    fact_cells: int
    explained: int
    gaps: int
    unexplained: int


def documents(engine: Engine) -> list[DocumentRow]:
    with engine.connect() as conn:
        rows = conn.execute(text("""
            select s.file_name, d.name as department, s.fiscal_year, s.report_kind, s.report_level, s.status,
                   s.reason, s.fact_count,
                   count(t.id) filter (where t.table_key is not null) as recognised,
                   count(t.id) filter (where t.table_key is null) as unrecognised,
                   coalesce(string_agg(t.title, '; ' order by t.first_page) filter (where t.table_key is null), '')
                       as unrecognised_titles,
                   (select c.file_name from warehouse.source_document c where c.id = s.companion_id) as companion,
                   coalesce(max(v.amount_cells), 0), coalesce(max(v.fact_cells), 0), coalesce(max(v.explained), 0),
                   coalesce(max(v.gaps), 0), coalesce(max(v.unexplained), 0)
            from warehouse.source_document s
            left join warehouse.department d on d.id = s.department_id
            left join warehouse.document_table t on t.document_id = s.id
            left join (
                select source_sha256, sum(amount_cells)::int as amount_cells, sum(fact_cells)::int as fact_cells,
                       sum(explained)::int as explained, sum(gaps)::int as gaps, sum(unexplained)::int as unexplained
                from mart.table_coverage where table_key is not null group by source_sha256
            ) v on v.source_sha256 = s.sha256
            group by s.id, d.name
            order by d.name nulls last, s.fiscal_year, s.report_kind, s.file_name
        """)).all()
    return [DocumentRow(file_name, department, year, kind and ReportKind(kind), level and ReportLevel(level),
                        DocumentStatus(status), *rest)
            for file_name, department, year, kind, level, status, *rest in rows]


@dataclass(frozen=True)
class TableCoverageRow:
    file_name: str
    table_key: str
    title: str
    first_page: int
    status: TableStatus
    amount_cells: int
    fact_cells: int
    explained: int
    gaps: int
    unexplained: int
    reasons: dict[str, int]


def uncovered_tables(engine: Engine) -> list[TableCoverageRow]:
    """The recognised tables of loaded documents with amount cells not held (gaps), unexplained, or unreadable."""
    with engine.connect() as conn:
        rows = conn.execute(text("""
            select source_file, table_key, title, first_page, table_status, amount_cells, fact_cells, explained,
                   gaps, unexplained, reasons
            from mart.table_coverage
            where table_key is not null and (gaps > 0 or unexplained > 0 or table_status = :unreadable)
            order by department, fiscal_year, source_file, first_page
        """), {"unreadable": TableStatus.UNREADABLE}).all()
    return [TableCoverageRow(file_name, key, title, page, TableStatus(status), *rest)
            for file_name, key, title, page, status, *rest in rows]


@dataclass(frozen=True)
class FindingRow:
    file_name: str
    department: str | None
    fiscal_year: int | None
    check: str
    severity: Severity
    table_key: str | None
    subject: str
    expected: object
    actual: object
    message: str


def findings(engine: Engine, severity: Severity | None = None) -> list[FindingRow]:
    with engine.connect() as conn:
        rows = conn.execute(text("""
            select source_file, department, fiscal_year, "check", severity, table_key, subject, expected, actual,
                   message
            from mart.quality_findings
            where cast(:severity as text) is null or severity = :severity
            order by department, fiscal_year, source_file, severity, "check"
        """), {"severity": severity}).all()
    return [FindingRow(file_name, department, year, check, Severity(severity), *rest)
            for file_name, department, year, check, severity, *rest in rows]

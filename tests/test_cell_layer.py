"""The cell layer end to end on a hand-built document: its cells stored, each fact linked to its cell, the
views, coverage per table and document, reloading and superseding."""
from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine

from etl.database import migrate, sqlalchemy_url
from etl.load import load
from etl.records import CellRef, ExtractedDocument, ExtractedTable, Fact, Identity, PrintedCell
from etl.report import FileReport, coverage, markdown, uncovered
from etl.status import documents
from etl.vocabulary import CellCoverage, LoadStatus, ReportKind, ReportLevel, TableStatus
from warehouse.cli import main

PAGE = 3


def cell(row: int, column: int, text: str, amount: str | None = None,
         coverage: CellCoverage | None = None) -> PrintedCell:
    left, top = 50 + 100 * column, 500 - 20 * row  # within a page turned either way
    return PrintedCell(CellRef(PAGE, 0, row, column), 1, (left, top - 20, left + 100, top), text,
                       Decimal(amount) if amount else None, "万元" if amount else None, coverage)


def three_public(year: int = 2024, total: str = "12.345678") -> ExtractedDocument:
    """A 三公 table: a header, one row of two figures (a fact, and a 上年 figure that is rightly none), a 行次
    cell, one figure no key holds, one nothing explains; and an unrecognised table's cells."""
    cells = [
        cell(0, 0, "项目"), cell(0, 1, f"{year}年预算数"), cell(0, 2, "上年预算数"), cell(0, 3, "行次"),
        cell(1, 0, "合计"), cell(1, 1, total, total, CellCoverage.FACT),
        cell(1, 2, "10.00", "10.00", CellCoverage.OTHER_YEAR), cell(1, 3, "1", "1", CellCoverage.COLUMN_NUMBER),
        cell(2, 0, "某单位"), cell(2, 1, "3.00", "3.00", CellCoverage.UNIT_BLOCK),
        cell(3, 0, "其他\n项目"), cell(3, 1, "4.50", "4.50"),
    ]
    fact = Fact("three_public", "budget_total", Decimal(total) * 10000, PAGE, item="合计", cell=CellRef(PAGE, 0, 1, 1))
    other = [PrintedCell(CellRef(PAGE + 1, 0, 0, 0), 2, (50.0, 600.0, 250.0, 620.0), "政府采购", None, None),
             PrintedCell(CellRef(PAGE + 1, 0, 1, 0), 1, (50.0, 580.0, 150.0, 600.0), "9.00", Decimal("9.00"), "万元")]
    tables = [
        ExtractedTable("“三公”经费支出预算表", "three_public", [PAGE], "万元", [fact], cells=cells),
        ExtractedTable("政府采购预算表", None, [PAGE + 1], "万元", status=TableStatus.UNRECOGNISED, cells=other),
        ExtractedTable("政府性基金预算支出表", "government_fund", [PAGE + 2], "万元", note="printed empty",
                       status=TableStatus.PRINTED_EMPTY),
    ]
    name = f"cells_{year}_{total}.pdf"
    return ExtractedDocument(Path("/nowhere") / name, hashlib.sha256(name.encode()).hexdigest(), 9,
                             Identity("测试部门", year, ReportKind.BUDGET, ReportLevel.DEPARTMENT), tables, [])


@pytest.fixture
def engine(database_url):
    url = sqlalchemy_url(database_url)
    migrate(url)
    engine = create_engine(url)
    yield engine
    engine.dispose()


def rows(url: str, query: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def test_cells_are_stored_and_facts_link_to_theirs(engine, database_url):
    assert load(engine, three_public()).status == LoadStatus.LOADED
    assert rows(database_url, "select count(*) from warehouse.document_cell") == [(14,)]
    assert rows(database_url, """
        select c.page, c.grid, c.row, c.col, c.x_left, c.y_bottom, c.x_right, c.y_top, c.text, c.amount, c.unit,
               c.coverage, f.amount
        from warehouse.fact f join warehouse.document_cell c on c.id = f.cell_id""") == [
        (PAGE, 0, 1, 1, 150.0, 460.0, 250.0, 480.0, "12.345678", Decimal("12.345678"), "万元", "fact",
         Decimal("123456.78"))]
    assert rows(database_url, "select text from warehouse.document_cell where row = 3 and col = 0") == [("其他\n项目",)]
    assert rows(database_url, "select coalesce(table_key, '-'), status from warehouse.document_table order by id") == [
        ("three_public", "read"), ("-", "unrecognised"), ("government_fund", "printed_empty")]


def test_the_views_show_cells_coverage_and_the_unexplained(engine, database_url):
    load(engine, three_public())
    fact_id = rows(database_url, "select id from warehouse.fact")[0][0]
    assert rows(database_url, "select fact_id, text, source_file from mart.document_cells where fact_id is not null") \
        == [(fact_id, "12.345678", "cells_2024_12.345678.pdf")]
    # the unrecognised table's amount is not unexplained: coverage is for the tables we read
    assert rows(database_url, "select table_key, page, row, col, text, amount from mart.unexplained_cells") == [
        ("three_public", PAGE, 3, 1, "4.50", Decimal("4.50"))]
    assert rows(database_url, """
        select coalesce(table_key, '-'), table_status, amount_cells, fact_cells, explained, gaps, unexplained, reasons
        from mart.table_coverage order by first_page""") == [
        ("three_public", "read", 5, 1, 2, 1, 1, {"other_year": 1, "column_number": 1, "unit_block": 1}),
        ("-", "unrecognised", 1, 0, 0, 0, 0, {}),
        ("government_fund", "printed_empty", 0, 0, 0, 0, 0, {}),
    ]
    (row,) = documents(engine)
    assert (row.amount_cells, row.fact_cells, row.explained, row.gaps, row.unexplained) == (5, 1, 2, 1, 1)


def test_the_report_counts_coverage_from_the_extracted_cells():
    counts = coverage(three_public().tables)
    assert (counts.amount_cells, counts.fact_cells, counts.explained, counts.gaps, counts.unexplained) == (5, 1, 2, 1, 1)


def test_reloading_changes_nothing_and_a_new_document_supersedes(engine, database_url):
    load(engine, three_public())
    assert load(engine, three_public()).status == LoadStatus.UNCHANGED
    assert rows(database_url, "select count(*) from warehouse.document_cell") == [(14,)]
    assert load(engine, three_public(total="20.00")).status == LoadStatus.LOADED
    # the old document keeps its cells, out of the mart; the new one's fact links to its own cell
    assert rows(database_url, "select count(*) from warehouse.document_cell") == [(28,)]
    assert rows(database_url, "select text from mart.document_cells where fact_id is not null") == [("20.00",)]
    assert rows(database_url, """
        select count(*) from warehouse.fact f join warehouse.document_cell c on c.id = f.cell_id
        where c.document_id <> f.document_id""") == [(0,)]


def test_deleting_a_document_deletes_its_cells(engine, database_url):
    load(engine, three_public())
    with psycopg.connect(database_url) as conn:
        conn.execute("delete from warehouse.source_document")
    assert rows(database_url, "select count(*) from warehouse.document_cell") == [(0,)]


def test_a_cell_the_database_rejects_refuses_the_document(engine):
    doc = three_public()
    doc.tables[0].cells[0] = PrintedCell(CellRef(PAGE, 0, 0, 0), 2**40, (0.0, 0.0, 1.0, 1.0), "项目")  # beyond integer
    outcome = load(engine, doc)
    assert outcome.status == LoadStatus.REFUSED and "rejected its rows" in outcome.message


def test_the_schema_accepts_every_coverage_and_table_status(database_url):
    """The migration writes the codes out: a member added to the vocabulary needs them too."""
    migrate(sqlalchemy_url(database_url))
    checks = dict(rows(database_url, """
        select conname, pg_get_constraintdef(oid) from pg_constraint
        where conname in ('ck_document_cell_coverage', 'ck_document_table_status')"""))
    assert all(f"'{code}'" in checks["ck_document_cell_coverage"] for code in CellCoverage)
    assert all(f"'{code}'" in checks["ck_document_table_status"] for code in TableStatus)


def test_the_corpus_report_shows_coverage_per_file_and_the_tables_not_fully_covered():
    doc = three_public()
    report = FileReport("cells.pdf", 9, True, "测试部门 2024 budget/department", ["three_public"], [], 1, [],
                        0.1, "0 extraction, 0 source", coverage(doc.tables), uncovered(doc.tables))
    text = markdown([report], "warehouse report x")
    assert "| cells.pdf | 9 | readable | 测试部门 2024 budget/department | three_public | — | 1 | 5 | 2 | 1 | 1 |" in text
    assert ("| cells.pdf | three_public | 3 | read | 5 | 1 | 2 | 1 | 1 | column_number 1, other_year 1, unit_block 1 |"
            in text)


def test_status_shows_coverage_per_document_and_the_tables_not_fully_covered(engine, capsys):
    load(engine, three_public())
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert ("coverage: 5 amount cells in recognised tables, 1 read as facts, 2 explained, 1 gaps, 1 unexplained"
            in " ".join(out.split()))
    assert "tables not fully covered" in out and "column_number 1, other_year 1" in out

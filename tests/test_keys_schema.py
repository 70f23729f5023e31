"""The spec's "Rows the flat key cannot hold" in the warehouse: facts keyed by a 政府经济分类 code, a budget unit
or a project, and 7-digit 经济分类 codes, are held, unique on their whole key, and named by their dimensions.

The facts come from the gold files of ../shared/corpus/gold-keys (tests/gold_documents.py) or are made here: the
readers that set the new keys are tested with their PDFs where they live (tests/test_gold.py scores gold-keys).
"""
import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import frictionless
import openpyxl
import psycopg
import pyarrow.parquet as pq
import pytest
from alembic import command

from etl.database import alembic_config, open_warehouse
from etl.load import load
from etl.records import ExtractedDocument, ExtractedTable, Fact, Identity, SubjectName
from etl.vocabulary import LoadStatus, RefusalReason, ReportKind, ReportLevel, SubjectKind
from tests.conftest import SHARED
from tests.gold_documents import document_from_gold
from warehouse.cli import main

GOLD_KEYS = SHARED / "corpus/gold-keys"
BEIJING = GOLD_KEYS / "bj-city_shenjiju_2026_budget_dept_tables.gold.json"
HANGZHOU = GOLD_KEYS / "zj-hangzhou_qixiangju_2026_budget_dept.gold.json"


@pytest.fixture
def engine(database_url):
    engine = open_warehouse(database_url)
    yield engine
    engine.dispose()


def made(name: str, department: str, year: int, facts: list[Fact],
         subjects: list[SubjectName] | None = None) -> ExtractedDocument:
    table = ExtractedTable(facts[0].table_key, facts[0].table_key, [1], "元", facts=facts)
    return ExtractedDocument(Path("/made") / name, name.encode().hex().ljust(64, "0")[:64], 1,
                             Identity(department, year, ReportKind.BUDGET, ReportLevel.DEPARTMENT), [table],
                             subjects or [])


def rows(url: str, sql: str, *parameters) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, parameters).fetchall()


def test_the_warehouse_holds_every_gold_fact_that_needs_the_new_keys(engine, database_url):
    for gold in (BEIJING, HANGZHOU):
        assert load(engine, document_from_gold(gold)).status == LoadStatus.LOADED
    result = subprocess.run([sys.executable, str(SHARED / "tools/score_facts.py"), str(BEIJING), str(HANGZHOU)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "total: recall 1.0000 (480/480), precision 1.0000 (480/480)"
    # 30108 under 50102 and again under 50501 (spec): two facts
    assert rows(database_url, """
        select government_economic_code, amount from mart.disclosure_facts
        where department = '北京市审计局' and table_key = 'general_budget_economic' and economic_code = '30108'
          and measure = 'total'
        order by 1""") == [("50102", Decimal("14822313.60")), ("50501", Decimal("1459935.12"))]


def test_a_seven_digit_economic_code_is_a_subject_under_its_kuan(engine, database_url):
    load(engine, document_from_gold(BEIJING))
    assert rows(database_url, """
        select code, level, parent_code, path, kuan_code, kuan_name, xiang_code, first_seen_year
        from mart.economic_subjects where code = '3021101'""") == [
        ("3021101", "项", "30211", "302/30211/3021101", "30211", "差旅费", "3021101", 2026)]


def test_the_government_economic_classification_is_shipped_and_named_by_year(engine, database_url):
    assert rows(database_url, """
        select code, level, name, parent_code, path_names, first_seen_year
        from mart.government_economic_subjects where code in ('501', '50201') order by code""") == [
        ("501", "类", "机关工资福利支出", None, "机关工资福利支出", None),
        ("50201", "款", "办公经费", "502", "机关商品和服务支出 / 办公经费", None)]
    printed = SubjectName(SubjectKind.GOVERNMENT_ECONOMIC, "50201", "办公费")
    fact = Fact("general_budget_economic", "total", Decimal("100.00"), 1, economic_code="30201",
                government_economic_code="50201")
    load(engine, made("printed.pdf", "某局", 2026, [fact], [printed]))
    assert rows(database_url, """
        select kind, code, name, year, source from mart.subject_name_conflicts order by source""") == [
        ("government_economic", "50201", "办公费", 2026, "document"),
        ("government_economic", "50201", "办公经费", 2026, "reference")]
    assert rows(database_url, "select first_seen_year from mart.government_economic_subjects "
                              "where code in ('502', '50201') order by code") == [(None,), (2026,)]


def test_budget_units_are_a_dimension_with_the_years_they_are_printed(engine, database_url):
    load(engine, document_from_gold(HANGZHOU))
    unit = Fact("three_public", "budget_total", Decimal("1.00"), 1, budget_unit="杭州市气象局")
    load(engine, made("hangzhou-2024.pdf", "杭州市气象局", 2024, [unit]))
    assert rows(database_url, "select * from mart.budget_units order by budget_unit") == [
        ("杭州市气象局", "杭州市气象局", 2024, 2026),
        ("杭州市气象局", "杭州市气象服务中心(杭州市预警信息发布中心)", 2026, 2026)]


def test_projects_are_told_apart_by_their_code(engine, database_url):
    facts = [Fact("expenditure", "project", Decimal(amount), 1, function_code=code, project=name)
             for code, name, amount in (("2010801", "审计业务", "10.00"), ("2010801", "信息化建设", "20.00"),
                                        ("2010899", "信息化建设", "30.00"))]
    assert load(engine, made("projects.pdf", "某局", 2026, facts)).status == LoadStatus.LOADED
    assert rows(database_url, "select function_code, project, amount from mart.disclosure_facts order by 1, 2") == [
        ("2010801", "信息化建设", Decimal("20.00")), ("2010801", "审计业务", Decimal("10.00")),
        ("2010899", "信息化建设", Decimal("30.00"))]
    assert rows(database_url, "select project, function_code, function_name, first_seen_year, last_seen_year "
                              "from mart.projects order by 2, 1") == [
        ("信息化建设", "2010801", "行政运行", 2026, 2026), ("审计业务", "2010801", "行政运行", 2026, 2026),
        ("信息化建设", "2010899", "其他审计事务支出", 2026, 2026)]


def test_a_fact_printed_twice_under_its_whole_key_refuses_the_document(engine, database_url):
    twice = [Fact("income", "total", Decimal(amount), 1, budget_unit="某中心") for amount in ("1.00", "2.00")]
    outcome = load(engine, made("twice.pdf", "某局", 2026, twice))
    assert outcome.status == LoadStatus.REFUSED
    assert rows(database_url, "select reason_code from warehouse.source_document") == [
        (RefusalReason.REJECTED_BY_DATABASE,)]


# the views 0011 redefines: the downgrade puts back their earlier text; the others are put back as PostgreSQL
# prints them (the same query, cast differently: `ARRAY[...]::text[]`), so only their columns are compared
REDEFINED = ("disclosure_facts", "economic_subjects", "subject_names", "budget_vs_final", "year_over_year",
             "three_public_budget_vs_final", "expenditure_by_function", "basic_expenditure_by_economic_class")


def views_and_comments(url: str) -> list[tuple]:
    return rows(url, """
        select c.relname, case when c.relname = any(%s) then pg_get_viewdef(c.oid) end,
               obj_description(c.oid, 'pg_class'),
               array(select a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
                            || coalesce(col_description(c.oid, a.attnum), '')
                     from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 order by a.attnum)
        from pg_class c where c.relnamespace = 'mart'::regnamespace and c.relkind = 'v' order by 1""",
                list(REDEFINED))


def test_the_downgrade_deletes_what_the_flat_key_cannot_hold_and_puts_back_the_views(database_url):
    config = alembic_config(database_url)
    command.upgrade(config, "0010")
    before = views_and_comments(database_url)
    command.upgrade(config, "head")
    engine = open_warehouse(database_url)
    load(engine, document_from_gold(HANGZHOU))
    engine.dispose()
    command.downgrade(config, "0010")
    assert views_and_comments(database_url) == before
    assert rows(database_url, "select count(*) from mart.disclosure_facts") == [(259 - 16,)]  # the unit rows go


def test_every_export_carries_the_new_keys(engine, database_url, tmp_path, monkeypatch):
    for gold in (BEIJING, HANGZHOU):
        load(engine, document_from_gold(gold))
    for export in ("fdp", "excel", "parquet"):
        assert main(["export", export, "-o", str(tmp_path / export)]) == 0
    facts = pq.read_table(tmp_path / "parquet/disclosure_facts.parquet").to_pylist()
    keyed = {(f["government_economic_code"] is not None, f["budget_unit"] is not None) for f in facts}
    assert len(facts) == 480 and keyed == {(True, False), (False, True), (False, False)}
    assert frictionless.validate(tmp_path / "fdp/datapackage.json").valid
    with open(tmp_path / "fdp/facts.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["government_economic_code"], r["government_economic_kuan_name"], r["economic_code"])
            for r in rows if r["department"] == "北京市审计局" and r["table_key"] == "general_budget_economic"
            and r["economic_code"] == "30108"} == {
        ("50102", "社会保障缴费", "30108"), ("50501", "工资福利支出", "30108")}
    assert sum(1 for r in rows if r["budget_unit"]) == 16
    beijing = openpyxl.load_workbook(tmp_path / "excel/北京市审计局_2026_budget_department.xlsx")["expenditure"]
    assert [c.value for c in beijing[3]] == ["function_code", "government_economic_code", "economic_code", "name",
                                            "item", "total", "basic", "project"]
    assert beijing.max_row - 3 == len({(r["function_code"], r["government_economic_code"], r["economic_code"],
                                        r["item"]) for r in rows
                                       if r["department"] == "北京市审计局" and r["table_key"] == "expenditure"})
    hangzhou = openpyxl.load_workbook(tmp_path / "excel/杭州市气象局_2026_budget_department.xlsx")["income"]
    assert [c.value for c in hangzhou[3]][:2] == ["budget_unit", "item"]
    assert [r[0] for r in hangzhou.iter_rows(min_row=4, values_only=True)] == [
        None, "杭州市气象局", "杭州市气象服务中心(杭州市预警信息发布中心)"]

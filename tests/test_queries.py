"""docs/queries.md: every analyst question's SQL runs as `warehouse_analyst` and returns the table the doc shows;
the analyst role reads the mart and nothing else, and writes nothing."""
import re

import psycopg
import pytest

from tests.conftest import REAL, ROOT, SEED_PDF
from warehouse.cli import main

DOCUMENTS = [SEED_PDF] + [REAL / name for name in (
    "cn-central_xinan-daxue_2023_budget_dept.pdf",  # a budget and its 决算: budget vs final
    "cn-central_xinan-daxue_2023_final_dept.pdf",
    "sh-putuo_wanli-jiedao_2023_budget_dept.pdf",  # two years of one department: year over year
    "sh-putuo_wanli-jiedao_2024_budget_dept.pdf",
)]
QUESTIONS = re.findall(r"^## (.*?)\n.*?```sql\n(.*?)```\n\n(\|.*?)(?:\n\n|\n?\Z)",
                       (ROOT / "docs/queries.md").read_text(encoding="utf-8"), re.S | re.M)


def markdown_rows(table: str) -> tuple[list[str], list[list[str]]]:
    lines = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    return lines[0], lines[2:]


@pytest.fixture(scope="module")
def loaded(server_url):
    name = "queries_doc"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")
        conn.execute(f"create database {name}")
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["load", *map(str, DOCUMENTS)]) == 0
    yield url
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")


def as_analyst(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("set role warehouse_analyst")
    return conn


def test_the_doc_has_questions():
    assert len(QUESTIONS) >= 6


@pytest.mark.parametrize("title, sql, shown", QUESTIONS, ids=[q[0].split(".")[0] for q in QUESTIONS])
def test_documented_query_returns_what_the_doc_shows(loaded, title, sql, shown):
    columns, rows = markdown_rows(shown)
    with as_analyst(loaded) as conn:
        cursor = conn.execute(sql)
        assert [d.name for d in cursor.description] == columns
        assert [["" if v is None else str(v) for v in row] for row in cursor.fetchall()] == rows


@pytest.mark.parametrize("statement", [
    "insert into warehouse.fiscal_year values (1999)",
    "update warehouse.fact set amount = 0",
    "delete from warehouse.source_document",
    "create table mart.scratch (x int)",
    "create table public.scratch (x int)",
    "create schema scratch",
    "create view mart.scratch as select 1",
    "select count(*) from warehouse.fact",
    "select count(*) from warehouse.subject_name",
])
def test_the_analyst_cannot_write_or_read_the_internals(loaded, statement):
    with as_analyst(loaded) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_the_analyst_cannot_change_what_the_views_show(loaded):
    with as_analyst(loaded) as conn, pytest.raises(psycopg.errors.DatabaseError):
        conn.execute("delete from mart.disclosure_facts")


def test_the_analyst_reads_every_mart_view(loaded):
    with psycopg.connect(loaded) as conn:
        views = [r[0] for r in conn.execute(
            "select table_name from information_schema.views where table_schema = 'mart' order by 1")]
    with as_analyst(loaded) as conn:
        for view in views:
            conn.execute(f"select * from mart.{view} limit 1")
    assert {"disclosure_facts", "expenditure_by_function", "basic_expenditure_by_economic_class",
            "three_public_budget_vs_final", "budget_vs_final", "year_over_year"} <= set(views)


def test_every_view_and_column_is_commented_in_chinese_and_english(loaded):
    with psycopg.connect(loaded) as conn:
        comments = conn.execute("""
            select c.relname, null, obj_description(c.oid, 'pg_class') from pg_class c
            where c.relnamespace = 'mart'::regnamespace and c.relkind = 'v'
            union all
            select c.relname, a.attname, col_description(c.oid, a.attnum) from pg_class c
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relnamespace = 'mart'::regnamespace and c.relkind = 'v'""").fetchall()
    bilingual = re.compile(r"[\u4e00-\u9fff].*/.*[A-Za-z]")
    assert [(view, column) for view, column, comment in comments if not bilingual.search(comment or "")] == []

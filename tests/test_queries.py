"""docs/queries.md: every analyst question's SQL runs as `warehouse_analyst` and returns the table the doc shows;
the analyst role reads the mart and nothing else, and writes nothing."""
import re

import psycopg
import pytest

from etl.database import open_warehouse
from etl.load import load
from tests.conftest import REAL, ROOT, SEED_PDF, SHARED, loaded_database
from tests.gold_documents import document_from_gold

DOCUMENTS = [SEED_PDF] + [REAL / name for name in (
    "cn-central_xinan-daxue_2023_budget_dept.pdf",  # a budget and its 决算: budget vs final
    "cn-central_xinan-daxue_2023_final_dept.pdf",
    "sh-putuo_wanli-jiedao_2023_budget_dept.pdf",  # two years of one department: year over year
    "sh-putuo_wanli-jiedao_2024_budget_dept.pdf",
)]
# documents whose facts carry the keys the flat key cannot hold, loaded from their gold until their readers land
KEYED = [SHARED / "corpus/gold-keys" / name for name in (
    "bj-city_shenjiju_2026_budget_dept_tables.gold.json",  # 政府经济分类 with 部门经济分类 under it, a cross-table
    "zj-hangzhou_qixiangju_2026_budget_dept.gold.json",  # per-unit rows
)]
QUESTIONS = re.findall(r"^## (.*?)\n.*?```sql\n(.*?)```\n\n(\|.*?)(?:\n\n|\n?\Z)",
                       (ROOT / "docs/queries.md").read_text(encoding="utf-8"), re.S | re.M)


def markdown_rows(table: str) -> tuple[list[str], list[list[str]]]:
    lines = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    return lines[0], lines[2:]


@pytest.fixture(scope="module")
def loaded(server_url):
    with loaded_database(server_url, "queries_doc", DOCUMENTS) as url:
        engine = open_warehouse(url)
        for gold in KEYED:
            load(engine, document_from_gold(gold))
        engine.dispose()
        yield url


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
    "create table mart.scratch (x int)",
    "create table public.scratch (x int)",
    "create schema scratch",
    "create view mart.scratch as select 1",
    "select count(*) from warehouse.fact",
    "select count(*) from warehouse.subject_name",
])
def test_the_analyst_cannot_create_or_read_the_internals(loaded, statement):
    with as_analyst(loaded) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def writes(conn: psycopg.Connection, schema: str, relation: str) -> list[str]:
    """An INSERT, an UPDATE and a DELETE of `relation` that are valid and change no row (`where false`),
    so that only a privilege can stop them. They name one plain column (neither generated nor identity)."""
    column = conn.execute("""
        select column_name from information_schema.columns
        where table_schema = %s and table_name = %s and is_generated = 'NEVER' and is_identity = 'NO'
        order by ordinal_position limit 1""", (schema, relation)).fetchone()[0]
    target = f'{schema}."{relation}"'
    return [f'insert into {target} ("{column}") select null where false',
            f'update {target} set "{column}" = null where false',
            f"delete from {target} where false"]


def writable_relations(url: str) -> list[tuple[str, str]]:
    """The warehouse's tables and the mart's views PostgreSQL could write through (auto-updatable); a view it
    cannot write through refuses everyone, so it says nothing about a role."""
    with psycopg.connect(url) as conn:
        return conn.execute("""
            select table_schema, table_name from information_schema.tables
            where table_schema = 'warehouse' and table_type = 'BASE TABLE'
            union all
            select table_schema, table_name from information_schema.views
            where table_schema = 'mart' and 'YES' in (is_insertable_into, is_updatable)
            order by 1, 2""").fetchall()


def test_the_analyst_may_write_no_table_and_no_view_the_owner_may_write(loaded):
    relations = writable_relations(loaded)
    assert ("warehouse", "fact") in relations
    with psycopg.connect(loaded) as owner:
        statements = [s for schema, relation in relations for s in writes(owner, schema, relation)]
        # the statements are sound: the owner of the tables and views runs every one of them
        assert owner.execute("select bool_and(pg_get_userbyid(c.relowner) = current_user) from pg_class c "
                             "where c.relnamespace in ('warehouse'::regnamespace, 'mart'::regnamespace) "
                             "and c.relkind in ('r', 'v')").fetchone() == (True,)
        for statement in statements:
            owner.execute(statement)
        owner.rollback()
    refused = {}
    with psycopg.connect(loaded, autocommit=True) as analyst:  # each statement on its own, as the analyst
        analyst.execute("set role warehouse_analyst")
        for statement in statements:
            try:
                analyst.execute(statement)
            except psycopg.Error as error:
                refused[statement] = error.sqlstate
    assert refused == {statement: "42501" for statement in statements}  # insufficient_privilege, every one


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

"""The schema exists only through Alembic: up, down and up again; the models agree with it."""
import psycopg
from alembic import command

from etl.database import alembic_config, migrate, sqlalchemy_url



def relations(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('warehouse', 'mart') and table_name <> 'alembic_version'")}


def test_up_down_up(database_url):
    config = alembic_config(database_url)
    command.upgrade(config, "head")
    assert {"warehouse.fact", "warehouse.source_document", "mart.disclosure_facts"} <= relations(database_url)
    command.downgrade(config, "base")
    assert relations(database_url) == set()
    command.upgrade(config, "head")
    assert "mart.disclosure_facts" in relations(database_url)


def test_models_match_migrations(database_url):
    migrate(sqlalchemy_url(database_url))
    command.check(alembic_config(database_url))  # raises if autogenerate would find a difference


def test_view_has_the_contract_columns(database_url):
    migrate(sqlalchemy_url(database_url))
    with psycopg.connect(database_url) as conn:
        columns = [r[0] for r in conn.execute(
            "select column_name from information_schema.columns where table_schema = 'mart' "
            "and table_name = 'disclosure_facts' order by ordinal_position")]
    assert columns[:12] == ["department", "fiscal_year", "report_kind", "report_level", "table_key", "function_code",
                            "economic_code", "item", "measure", "amount", "source_file", "source_page"]


def test_the_analyst_role_is_shared_by_the_databases_of_a_server(server_url, database_url, monkeypatch):
    """Roles belong to the server: a second warehouse reuses the role, and downgrading one leaves the other's."""
    other = database_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1] + "_other"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{other.rsplit("/", 1)[1]}"')
    try:
        monkeypatch.setenv("WAREHOUSE_ANALYST_PASSWORD", "it's secret")
        for url in (database_url, other):
            command.upgrade(alembic_config(url), "head")
        with psycopg.connect(server_url) as conn:
            assert conn.execute("select rolcanlogin, rolpassword is not null from pg_authid "
                                "where rolname = 'warehouse_analyst'").fetchone() == (True, True)
        command.downgrade(alembic_config(database_url), "base")
        with psycopg.connect(other) as conn:
            conn.execute("set role warehouse_analyst")
            assert conn.execute("select count(*) from mart.disclosure_facts").fetchone() == (0,)
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{other.rsplit("/", 1)[1]}" with (force)')

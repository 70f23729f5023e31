"""The README's analyst queries run on the demo data and print what the README shows; its table of checks is
the registry's."""
import re

import psycopg
import pytest

from etl.checks import markdown_table
from samples import demo_disclosures, write_disclosure_pdf
from tests.conftest import ROOT
from warehouse.cli import main

EXAMPLES = re.findall(r"```sql\n(.*?)```\n```text\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def psql_rows(text: str) -> list[list[str]]:
    lines = text.strip().splitlines()
    return [[cell.strip() for cell in line.split("|")] for line in lines[2:-1]]


@pytest.fixture(scope="module")
def demo_database(server_url, tmp_path_factory):
    name = "readme_demo"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")
        conn.execute(f"create database {name}")
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    folder = tmp_path_factory.mktemp("demo")
    for spec in demo_disclosures():
        write_disclosure_pdf(spec, folder / f"{spec.department}_{spec.fiscal_year}_final_dept.pdf")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["load", str(folder)]) == 0
    yield url


def test_readme_lists_the_registered_checks():
    readme = (ROOT / "README.md").read_text()
    assert readme.count("| check | rule |") == 1
    assert f"\n\n{markdown_table()}\n" in readme, "paste etl.checks.markdown_table() into README.md"


def test_readme_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("sql, shown", EXAMPLES, ids=[f"query{i + 1}" for i in range(len(EXAMPLES))])
def test_readme_query_output(demo_database, sql, shown):
    with psycopg.connect(demo_database) as conn:
        rows = conn.execute(sql).fetchall()
    assert [["" if v is None else str(v) for v in row] for row in rows] == psql_rows(shown)

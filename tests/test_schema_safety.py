"""Migrations on a populated warehouse: stepping down keeps every row of every table that stays, and coming back
up keeps the documents, facts and mart of the first revision; a load afterwards finds its files already there."""
from __future__ import annotations

from collections import Counter

import psycopg
from alembic import command
from alembic.script import ScriptDirectory
from psycopg import sql
from psycopg.rows import dict_row

from etl.database import alembic_config
from samples import SyntheticDisclosure, write_disclosure_pdf
from warehouse.cli import main



def tables(url: str) -> dict[str, list[dict]]:
    """Every table of the schema `warehouse`, its rows as dicts."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        names = [r["table_name"] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'warehouse' "
            "and table_type = 'BASE TABLE' and table_name <> 'alembic_version'")]
        return {name: conn.execute(sql.SQL("select * from warehouse.{}").format(sql.Identifier(name))).fetchall()
                for name in names}


def columns(url: str) -> dict[str, set[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("select table_name, column_name from information_schema.columns "
                            "where table_schema = 'warehouse' and table_name <> 'alembic_version'").fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def on(rows: dict[str, list[dict]], shape: dict[str, set[str]]) -> dict[str, Counter]:
    """The rows of the tables in `shape`, on its columns only, as multisets."""
    return {table: Counter(tuple(sorted((c, v) for c, v in row.items() if c in shape[table])) for row in rows[table])
            for table in shape if table in rows}


def shipped_subjects_removed(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    subjects = ("function_subject", "economic_subject")
    return {table: [r for r in content if table not in subjects or r["first_seen_year"] is not None]
            for table, content in rows.items()}


def government_economic_names_removed(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {table: [r for r in content if table != "subject_name" or r["kind"] != "government_economic"]
            for table, content in rows.items()}


def mart(url: str) -> Counter:
    with psycopg.connect(url) as conn:
        return Counter(conn.execute("select * from mart.disclosure_facts").fetchall())


def test_down_and_up_again_on_a_populated_warehouse(database_url, tmp_path):
    write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023), tmp_path / "a.pdf")
    write_disclosure_pdf(SyntheticDisclosure("示例市统计局", 2022, unit="万元"), tmp_path / "b.pdf")
    (tmp_path / "c.pdf").write_bytes(b"")  # a refusal
    assert main(["load", str(tmp_path)]) == 1
    corrected = write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023, long_expenditure=True),
                                     tmp_path / "later" / "a2.pdf")
    assert main(["load", str(corrected)]) == 0  # a superseded document too
    before, facts = tables(database_url), mart(database_url)
    assert before["fact"] and before["source_document"] and facts

    config = alembic_config(database_url)
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]  # head first
    for revision in revisions[1:]:
        command.downgrade(config, revision)
        shape = columns(database_url)
        # every table that stays keeps every row, on the columns that stay; the subjects only the shipped
        # classification knows (never seen in a document) leave with the migration that ships them (0005), and
        # the 政府经济分类's names with theirs (0011)
        kept = before if "government_economic_subject" in shape else government_economic_names_removed(before)
        kept = kept if "subject_name" in shape else shipped_subjects_removed(kept)
        assert on(tables(database_url), shape) == on(kept, shape), revision
    lowest = columns(database_url)
    command.upgrade(config, "head")
    assert on(tables(database_url), lowest) == on(before, lowest)
    assert mart(database_url) == facts
    assert main(["load", str(tmp_path), str(corrected)]) == 1  # all known: unchanged, and the refusal refused again
    assert mart(database_url) == facts

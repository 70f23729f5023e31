"""The load service: `warehouse load` reaches it without Dagster; a defect of ours is named as ours, with its
traceback in the log; the reading processes' log records reach the process that started them."""
from __future__ import annotations

import ast
import logging
import os
import subprocess
import sys

import psycopg
import pytest

from etl import pipeline
from etl.pipeline import extract
from etl.pool import extract_many
from etl.records import RefusedDocument
from etl.vocabulary import RefusalReason
from samples import SyntheticDisclosure, write_disclosure_pdf
from tests.conftest import ROOT
from warehouse.cli import main

DEFECT = "internal error (a defect of the warehouse, not of this document): TypeError: a defect of ours"


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory):
    return write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023), tmp_path_factory.mktemp("pdf") / "a.pdf")


@pytest.fixture
def defect(monkeypatch):
    """A bug in our own code, met while reading a good file."""
    def broken(*args, **kwargs):
        raise TypeError("a defect of ours")
    monkeypatch.setattr(pipeline, "check_document", broken)


def test_warehouse_load_runs_without_dagster(database_url, disclosure):
    code = ("import sys\nfrom warehouse.cli import main\n"
            f"assert main(['load', {str(disclosure)!r}]) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0].startswith('dagster')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_defect_of_ours_refuses_the_file_as_an_internal_error_and_logs_its_traceback(disclosure, defect, caplog):
    result = extract(disclosure)
    assert isinstance(result, RefusedDocument)
    assert (result.reason_code, result.reason) == (RefusalReason.INTERNAL_ERROR, DEFECT)
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.name == "etl.pipeline" and str(disclosure) in record.getMessage()
    assert record.exc_info[0] is TypeError


def test_load_shows_the_traceback_with_debug_only(database_url, disclosure, defect, capsys):
    assert main(["load", "--workers", "1", str(disclosure)]) == 1  # refused, and the batch finished
    out, err = capsys.readouterr()
    assert "internal error (a defect of the warehouse" in out
    assert "ERROR etl.pipeline:" in err and "Traceback" not in err
    assert main(["load", "--debug", "--workers", "1", str(disclosure)]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in broken" in err and "TypeError: a defect of ours" in err
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select status, reason from warehouse.source_document").fetchall() == [("refused", DEFECT)]


def test_the_reading_processes_log_through_the_parent(disclosure, tmp_path, caplog):
    other = write_disclosure_pdf(SyntheticDisclosure("示例县财政局", 2023), tmp_path / "b.pdf")
    caplog.set_level(logging.DEBUG, logger="etl")
    results = list(extract_many([disclosure, other], workers=2))
    read = {r.getMessage().split(":")[0]: r.process for r in caplog.records if r.name == "etl.pipeline"}
    assert set(read) == {r.path.name for r in results}
    assert os.getpid() not in read.values()  # logged in the workers, handled here


def test_migrate_command(database_url):
    assert main(["migrate"]) == 0
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from warehouse.alembic_version").fetchone() == (1,)


def test_the_migrations_do_not_import_the_code_that_finds_the_database():
    tree = ast.parse((ROOT / "migrations/env.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(name.split(".")[0] == "etl" for name in imported)

"""Tests run against a real PostgreSQL: $DATABASE_URL's server if set, else an embedded one.

Each test that needs a database gets a new, empty one on that server.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from etl.database import EmbeddedPostgres, free_port, libpq_url, sqlalchemy_url

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WAREHOUSE_SHARED", ROOT.parent / "shared"))
SEED_PDF = SHARED / "corpus/seed/xinzhou-bjlo_2022_final_dept.pdf"
GOLD = SHARED / "corpus/gold"
REAL = SHARED / "corpus/real"


@pytest.fixture(scope="session")
def server_url() -> str:
    """A maintenance URL (database `postgres`) of the server the tests use."""
    if os.environ.get("DATABASE_URL"):
        url = libpq_url(sqlalchemy_url(os.environ["DATABASE_URL"]))
        yield url.rsplit("/", 1)[0] + "/postgres"
        return
    # a folder and a port of its own: another test run or a running warehouse on this machine is left alone
    home = Path(tempfile.mkdtemp(prefix="warehouse-test-pg-"))
    server = EmbeddedPostgres(home, int(os.environ.get("WAREHOUSE_TEST_PG_PORT", 0)) or free_port())
    server.start()
    yield f"postgresql://postgres@127.0.0.1:{server.port}/postgres"
    server.stop()
    shutil.rmtree(home, ignore_errors=True)



@pytest.fixture
def database_url(server_url, monkeypatch) -> str:
    """A fresh empty database; DATABASE_URL points at it for the code under test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@contextmanager
def loaded_database(server_url: str, name: str, documents: list[Path]) -> Iterator[str]:
    """A database `name` that `warehouse load` has filled with `documents`, for a module's tests to share."""
    from warehouse.cli import main

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")
        conn.execute(f"create database {name}")
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["load", *map(str, documents)]) == 0
    yield url
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")

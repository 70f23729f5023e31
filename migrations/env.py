"""Alembic environment: the models' metadata, the warehouse's URL, the version table in `warehouse`.

The URL is the configuration's (`etl.database.alembic_config` sets it for `warehouse migrate` and every start),
else $DATABASE_URL (`alembic upgrade head` by hand). It does not import etl.database, which finds this folder
through the `migrations` package: the dependency goes one way.
"""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, text

from models import Base

SCHEMA = Base.metadata.schema


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("no database: set DATABASE_URL, or run `warehouse migrate` (it finds the embedded one)")
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text(f"create schema if not exists {SCHEMA}"))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            version_table_schema=SCHEMA,
            include_schemas=True,
            include_name=lambda name, type_, parent: type_ != "schema" or name == SCHEMA,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run against a database")
run_migrations_online()

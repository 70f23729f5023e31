"""Parquet files of the mart, for pandas, DuckDB, Polars and anything else that reads Arrow.

`disclosure_facts.parquet` holds the selection's facts; `function_subjects.parquet`, `economic_subjects.parquet`
and `government_economic_subjects.parquet` the whole subject dimensions (类/款/项 with parents, paths and names),
to join on `function_code` / `economic_code` / `government_economic_code`. Columns keep the view's types: amounts are decimal128(18, 2), exact
to the cent, never floating point.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine

from etl.export.selection import Selection, mart_rows, view_columns

FACT_VIEW = "disclosure_facts"
VIEWS = (FACT_VIEW, "function_subjects", "economic_subjects", "government_economic_subjects")

_TYPES = {"text": pa.string(), "character varying": pa.string(), "integer": pa.int32(), "bigint": pa.int64(),
          "boolean": pa.bool_()}


def arrow_type(data_type: str, precision: int | None, scale: int | None) -> pa.DataType:
    """The Arrow type that holds a PostgreSQL column's values exactly."""
    if data_type == "numeric":
        if precision is None:  # a numeric with no declared scale has no exact fixed-point type
            raise ValueError("a mart column of unconstrained numeric cannot be exported exactly")
        return pa.decimal128(precision, scale)
    return _TYPES[data_type]


def write_parquet(engine: Engine, selection: Selection, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with engine.connect() as conn:
        for view in VIEWS:
            columns = view_columns(conn, view)
            rows = mart_rows(conn, view, selection if view == FACT_VIEW else None)
            schema = pa.schema([pa.field(name, arrow_type(kind, precision, scale))
                                for name, kind, precision, scale in columns])
            table = pa.Table.from_pylist([dict(zip(schema.names, row)) for row in rows], schema=schema)
            path = folder / f"{view}.parquet"
            pq.write_table(table, path)
            paths.append(path)
    return paths

"""Open data out of the warehouse: a Fiscal Data Package, Excel workbooks, Parquet files (docs/export.md).

Library code (no Dagster). `etl.export.run.export` writes a selection in one format; `selection` holds the
choices and every query; `fdp`, `excel` and `parquet` one format each. This module imports nothing, so
that the CLI can name the choices without loading pyarrow.
"""

"""The standard tables' specs, in the order titles are tried (the first whose title matches is the table).

Each spec's title patterns, column rules and identities are in `main_tables.py` or `fund_tables.py`; the column
rules several share in `columns.py`; what the fields mean in `spec.py`.
"""
from __future__ import annotations

from etl.specs.detail_tables import DETAIL_TABLES
from etl.specs.fund_tables import FUND_TABLES
from etl.specs.main_tables import MAIN_TABLES
from etl.specs.spec import TableSpec

SPECS: tuple[TableSpec, ...] = (*MAIN_TABLES, *FUND_TABLES, *DETAIL_TABLES)

SPEC_BY_KEY = {s.key: s for s in SPECS}

"""One declarative spec per table key: how its title reads, what each column means, which reader reads it.

`spec` defines a spec and the column roles, `catalogue` holds the standard tables' specs, `titles` recognises
their titles in a document's lines.
"""
from etl.specs.catalogue import SPEC_BY_KEY, SPECS
from etl.specs.spec import (
    CODE, CODE_PARTS, CROSS, LABEL, NAME, ROW_MEASURE, SECOND, SKIP, UNIT, YEAR, ColumnRule, TableSpec, rules,
)
from etl.specs.titles import bare_title, is_table_number, looks_like_table_title, recognise_title, table_number, without_unit

__all__ = [
    "CODE", "CODE_PARTS", "CROSS", "LABEL", "NAME", "ROW_MEASURE", "SECOND", "SKIP", "SPECS", "SPEC_BY_KEY", "UNIT", "YEAR",
    "ColumnRule", "TableSpec", "bare_title", "is_table_number", "looks_like_table_title", "recognise_title", "rules",
    "table_number", "without_unit",
]

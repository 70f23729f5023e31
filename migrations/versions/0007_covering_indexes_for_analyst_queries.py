"""Covering indexes for the analyst queries at national scale (bench/scale.py: ~11 million facts).

Queries select by subject code, or by table and measure, then join facts to their documents; a year-over-year
or budget-vs-final view looks up, for each row, the same row of another document. With these indexes each of
those reads stays inside an index (an index-only scan) instead of visiting a table page per fact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FACT_KEY = ["document_id", "table_key", "function_code", "economic_code", "item", "measure"]


def upgrade() -> None:
    # the row key, ordered for "this row in that document" look-ups, carrying the amount
    op.drop_constraint("uq_fact_key", "fact", schema="warehouse")
    # (alembic's create_unique_constraint cannot name an INCLUDE column)
    op.execute("alter table warehouse.fact add constraint uq_fact_key unique nulls not distinct "
               "(document_id, table_key, measure, function_code, economic_code, item) include (amount)")
    for code in ("function_code", "economic_code"):
        op.drop_index(f"ix_fact_{code}", table_name="fact", schema="warehouse")
        op.create_index(f"ix_fact_{code}", "fact", [code, "table_key", "measure"], schema="warehouse",
                        postgresql_include=["document_id", "amount"])
    op.create_index("ix_fact_table_key", "fact", ["table_key", "measure", "item"], schema="warehouse",
                    postgresql_include=["document_id", "function_code", "economic_code", "amount"])


def downgrade() -> None:
    op.drop_index("ix_fact_table_key", table_name="fact", schema="warehouse")
    for code in ("function_code", "economic_code"):
        op.drop_index(f"ix_fact_{code}", table_name="fact", schema="warehouse")
        op.create_index(f"ix_fact_{code}", "fact", [code], schema="warehouse")
    op.drop_constraint("uq_fact_key", "fact", schema="warehouse")
    op.create_unique_constraint("uq_fact_key", "fact", FACT_KEY, schema="warehouse",
                                postgresql_nulls_not_distinct=True)

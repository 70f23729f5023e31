"""A department-year's budget beside its 决算, figure by figure: mart.budget_vs_final.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BUDGET_VS_FINAL = """
create view mart.budget_vs_final as
select b.department,
       b.fiscal_year,
       b.report_level,
       b.table_key,
       b.function_code,
       b.economic_code,
       b.item,
       b.measure,
       b.amount as budget_amount,
       f.amount as final_amount,
       f.amount - b.amount as difference,
       round(100 * f.amount / nullif(b.amount, 0), 2) as final_pct_of_budget,
       b.source_file as budget_file,
       f.source_file as final_file
from mart.disclosure_facts b
join mart.disclosure_facts f
  on f.department = b.department and f.fiscal_year = b.fiscal_year and f.report_level = b.report_level
 and f.table_key = b.table_key and f.measure = b.measure
 and f.function_code is not distinct from b.function_code
 and f.economic_code is not distinct from b.economic_code
 and f.item is not distinct from b.item
where b.report_kind = 'budget' and f.report_kind = 'final'
"""


def upgrade() -> None:
    op.execute(BUDGET_VS_FINAL)
    op.execute("comment on view mart.budget_vs_final is '预算与决算对照 / A department-year''s budget figures beside "
               "the same figures of its 决算 (a comparison, not an error)'")


def downgrade() -> None:
    op.execute("drop view if exists mart.budget_vs_final")

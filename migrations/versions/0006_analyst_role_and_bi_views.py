"""BI: a read-only analyst role, friendly mart views, and a Chinese and English comment on every view and column.

The role `warehouse_analyst` may read the views of schema `mart` and nothing else: no schema `warehouse`,
no writes. The views belong to the migration's owner, so they read the warehouse's tables for it. It can
log in with the password of $WAREHOUSE_ANALYST_PASSWORD at migration time; without one it has no password,
so a server that asks for passwords (Compose) turns it away until an administrator gives it one (README),
while the embedded server, which trusts 127.0.0.1, lets it in.

Roles belong to the whole server, not to one database: the role is created only if missing, and a
downgrade drops it only when no other database of the server still grants it anything.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""
import os

from alembic import op
from psycopg import sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ANALYST = "warehouse_analyst"
PASSWORD_VARIABLE = "WAREHOUSE_ANALYST_PASSWORD"

VIEWS = {
    "expenditure_by_function": ("""
create view mart.expenditure_by_function as
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.function_code, s.level, s.name as subject_name,
       s.lei_code, s.lei_name, s.kuan_code, s.kuan_name, s.xiang_code, s.xiang_name,
       f.measure, f.amount, f.source_file, f.source_page
from mart.disclosure_facts f
join mart.function_subjects s on s.code = f.function_code
where f.table_key = 'expenditure'
""", "按功能分类的支出（含类/款/项名称）/ Expenditure (支出决算表 / 支出预算总表) by 功能分类 subject, with 类/款/项 "
     "names: one row per printed amount; add up one level only (a 类 row already includes its 款 and 项)"),
    "basic_expenditure_by_economic_class": ("""
create view mart.basic_expenditure_by_economic_class as
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.economic_code, s.level, s.name as subject_name,
       s.lei_code, s.lei_name, s.kuan_code, s.kuan_name,
       f.measure, f.amount, f.source_file, f.source_page
from mart.disclosure_facts f
join mart.economic_subjects s on s.code = f.economic_code
where f.table_key = 'general_budget_economic'
""", "按经济分类的一般公共预算财政拨款基本支出 / Basic expenditure of general public budget appropriations by "
     "经济分类 subject (类 and 款 rows), with names"),
    "three_public_budget_vs_final": ("""
create view mart.three_public_budget_vs_final as
with three_public as (
    select department, fiscal_year, report_kind, report_level, max(source_file) as source_file,
           max(amount) filter (where measure = 'budget_total') as budget_total,
           max(amount) filter (where measure = 'final_total') as final_total,
           max(amount) filter (where measure = 'budget_outbound_travel') as budget_outbound_travel,
           max(amount) filter (where measure = 'final_outbound_travel') as final_outbound_travel,
           max(amount) filter (where measure = 'budget_vehicle_total') as budget_vehicle_total,
           max(amount) filter (where measure = 'final_vehicle_total') as final_vehicle_total,
           max(amount) filter (where measure = 'budget_reception') as budget_reception,
           max(amount) filter (where measure = 'final_reception') as final_reception
    from mart.disclosure_facts
    where table_key = 'three_public'
    group by department, fiscal_year, report_kind, report_level
)
select department, fiscal_year, report_kind, report_level,
       budget_total, final_total, final_total - budget_total as difference,
       round(100 * final_total / nullif(budget_total, 0), 2) as final_pct_of_budget,
       budget_outbound_travel, final_outbound_travel, budget_vehicle_total, final_vehicle_total,
       budget_reception, final_reception, source_file
from three_public
""", "\"三公\"经费预算与决算 / \"三公\" spending (outbound travel, vehicles, reception): budget beside actual, one row "
     "per document; a budget document has budget figures only"),
    "year_over_year": ("""
create view mart.year_over_year as
select c.department, c.report_kind, c.report_level, c.table_key, c.function_code, c.economic_code, c.item, c.measure,
       c.fiscal_year, p.amount as previous_amount, c.amount,
       c.amount - p.amount as change,
       round(100 * (c.amount / nullif(p.amount, 0) - 1), 2) as change_pct,
       p.source_file as previous_file, c.source_file
from mart.disclosure_facts c
join mart.disclosure_facts p
  on p.department = c.department and p.fiscal_year = c.fiscal_year - 1
 and p.report_kind = c.report_kind and p.report_level = c.report_level
 and p.table_key = c.table_key and p.measure = c.measure
 and p.function_code is not distinct from c.function_code
 and p.economic_code is not distinct from c.economic_code
 and p.item is not distinct from c.item
""", "同比变化 / Year-over-year change: each figure beside the same figure of the same department, kind and level "
     "the year before (rows only where both years were loaded)"),
}

# Column comments by column name; (view, column) where a name means something else in that view.
COLUMNS = {
    "department": "部门或单位 / Department or unit, as the document names itself",
    "fiscal_year": "年度 / Fiscal year the report covers",
    "report_kind": "报告类型：final 决算，budget 预算 / Report kind: final (决算) or budget (预算)",
    "report_level": "报告层级：department 部门，unit 单位 / Report level: department (consolidated) or unit",
    "table_key": "公开表 / Standard table key (see docs/measures.md)",
    "function_code": "支出功能分类科目编码 / Function classification code (类 3, 款 5, 项 7 digits)",
    "economic_code": "部门预算支出经济分类科目编码 / Economic classification code (类 3, 款 5 digits)",
    "item": "行项目 / Printed row label (合计 for a totals row)",
    "measure": "指标（金额所在列）/ Measure: the column the amount was printed in",
    "amount": "金额（元）/ Amount in yuan",
    "source_file": "来源文件 / File the figure was read from",
    "source_page": "来源页码 / PDF page (from 1) the figure was read from",
    "source_sha256": "来源文件 SHA-256 / SHA-256 of the source file",
    "check": "校验规则 / The accounting identity checked",
    "severity": "严重程度：extraction 可能误读，source 原文自相矛盾 / Severity: extraction (we probably misread) or source (the document contradicts itself)",
    "subject": "涉及的行或科目 / Row or subject concerned",
    "expected": "应有金额（元）/ Amount the identity expects, in yuan",
    "actual": "印刷金额（元）/ Amount printed, in yuan",
    "rows": "参与校验的行 / Rows in the identity",
    "message": "说明 / Explanation",
    "budget_amount": "预算数（元）/ Budget figure, in yuan",
    "final_amount": "决算数（元）/ Final (决算) figure, in yuan",
    "final_pct_of_budget": "决算占预算百分比 / Final as a percentage of budget",
    "budget_file": "预算来源文件 / Budget document's file",
    "final_file": "决算来源文件 / Final document's file",
    "code": "科目编码 / Subject code",
    "level": "级次：类、款、项 / Level: 类 (class), 款 (section) or 项 (item)",
    "name": "科目名称 / Subject name",
    "subject_name": "科目名称（现名）/ Subject name (current)",
    "parent_code": "上级科目编码 / Parent subject code",
    "path": "编码路径 / Path of codes from the 类 down",
    "path_names": "名称路径 / Path of names from the 类 down",
    "lei_code": "类编码 / 类 (class) code",
    "lei_name": "类名称 / 类 (class) name",
    "kuan_code": "款编码 / 款 (section) code",
    "kuan_name": "款名称 / 款 (section) name",
    "xiang_code": "项编码 / 项 (item) code",
    "xiang_name": "项名称 / 项 (item) name",
    "first_seen_year": "首次出现年度 / First fiscal year a loaded document uses the code",
    "kind": "分类：function 功能分类，economic 经济分类 / Classification: function or economic",
    "first_year": "名称起始年度（空为不限）/ First year the name applies (empty: open)",
    "last_year": "名称截止年度（空为至今）/ Last year the name applies (empty: still current)",
    "source": "来源：reference 财政部科目，corpus 样本文件，document 已入库文件 / Source: reference (MoF list), corpus (shipped harvest) or document (a loaded document)",
    "is_current": "是否现名 / Whether this is the name the code goes by now",
    "year": "年度 / Year",
    "from_year": "原年度 / Year mapped from",
    "from_code": "原科目编码 / Code mapped from",
    "from_name": "原科目名称 / Name in the year mapped from",
    "to_year": "新年度 / Year mapped to",
    "to_code": "新科目编码 / Code mapped to",
    "to_name": "新科目名称 / Name in the year mapped to",
    "relation": "对应关系：same, renamed, moved, split, merged / Relation between the two codes",
    "note": "备注 / Note",
    "budget_total": "\"三公\"经费预算合计（元）/ \"三公\" budget total, in yuan",
    "final_total": "\"三公\"经费决算合计（元）/ \"三公\" actual total, in yuan",
    "budget_outbound_travel": "因公出国（境）费预算（元）/ Outbound travel, budget",
    "final_outbound_travel": "因公出国（境）费决算（元）/ Outbound travel, actual",
    "budget_vehicle_total": "公务用车购置及运行费预算（元）/ Official vehicles, budget",
    "final_vehicle_total": "公务用车购置及运行费决算（元）/ Official vehicles, actual",
    "budget_reception": "公务接待费预算（元）/ Official reception, budget",
    "final_reception": "公务接待费决算（元）/ Official reception, actual",
    "previous_amount": "上年金额（元）/ The same figure the year before, in yuan",
    "change": "增减额（元）/ Change from the year before, in yuan",
    "change_pct": "增减百分比 / Change from the year before, in percent",
    "previous_file": "上年来源文件 / The year before's file",
    ("quality_findings", "difference"): "差额（印刷减应有，元）/ Printed minus expected, in yuan",
    ("budget_vs_final", "difference"): "差额（决算减预算，元）/ Final minus budget, in yuan",
    ("three_public_budget_vs_final", "difference"): "差额（决算减预算，元）/ Actual minus budget, in yuan",
    ("subject_name_conflicts", "name"): "该年的一个名称 / One of the names the code had that year",
}


def upgrade() -> None:
    connection = op.get_bind()
    connection.exec_driver_sql(f"""
        do $$ begin
            if not exists (select from pg_roles where rolname = '{ANALYST}') then
                create role {ANALYST} login;
            end if;
        end $$""")
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        statement = sql.SQL("alter role {} password {}").format(sql.Identifier(ANALYST), sql.Literal(password))
        connection.exec_driver_sql(statement.as_string(connection.connection.driver_connection))
    for name, (view, comment) in VIEWS.items():
        op.execute(view)
        connection.exec_driver_sql(f"comment on view mart.{name} is {_quoted(comment)}")
    for view, column in connection.exec_driver_sql(
            "select table_name, column_name from information_schema.columns where table_schema = 'mart' "
            "order by table_name, ordinal_position").all():
        comment = COLUMNS.get((view, column)) or COLUMNS[column]  # a new column needs its comment here
        connection.exec_driver_sql(f"comment on column mart.{view}.{column} is {_quoted(comment)}")
    op.execute(f"grant usage on schema mart to {ANALYST}")
    op.execute(f"grant select on all tables in schema mart to {ANALYST}")
    # views later migrations add (as the same owner) are readable too
    op.execute(f"alter default privileges in schema mart grant select on tables to {ANALYST}")


def downgrade() -> None:
    op.execute(f"alter default privileges in schema mart revoke select on tables from {ANALYST}")
    op.execute(f"revoke select on all tables in schema mart from {ANALYST}")
    op.execute(f"revoke usage on schema mart from {ANALYST}")
    for name in reversed(VIEWS):
        op.execute(f"drop view if exists mart.{name}")
    for view, column in op.get_bind().exec_driver_sql(
            "select table_name, column_name from information_schema.columns where table_schema = 'mart'").all():
        op.execute(f"comment on column mart.{view}.{column} is null")
    # another database of this server may still grant it something: then it stays for that one
    op.get_bind().exec_driver_sql(f"""
        do $$ begin
            drop role if exists {ANALYST};
        exception when dependent_objects_still_exist or insufficient_privilege then
            raise notice 'role {ANALYST} kept: another database of this server still uses it';
        end $$""")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"

"""Rows the flat key cannot hold: a fact's 政府经济分类 code, budget unit and project, 7-digit 经济分类 codes.

warehouse.fact gains government_economic_code (→ warehouse.government_economic_subject, shipped from
etl/classification/reference.csv like the other two classifications), budget_unit_id (→ warehouse.budget_unit) and
project_id (→ warehouse.project); uq_fact_key covers them (nulls not distinct). 经济分类 codes may have 7 digits
(3021101 under the 款 30211: level 项). mart.disclosure_facts gains budget_unit, project and
government_economic_code after its other columns; the views that pair a fact with "the same fact" elsewhere
(budget_vs_final, year_over_year) pair on them too, and "三公" per department reads the department's own line.

PostgreSQL does not widen a column a view reads: every mart view is set aside (its definition and comments as
the database has them), the columns altered, and the views put back, those this revision redefines in their new
form. The downgrade deletes what the older schema cannot hold (facts keyed by the new columns or by a 7-digit
code, the 政府经济分类 names) and puts back the earlier definitions.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
from importlib import import_module

from alembic import op
import sqlalchemy as sa

from etl.classification.store import store_shipped
from etl.vocabulary import SubjectKind
from migrations.set_aside import put_back, set_aside

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ANALYST = "warehouse_analyst"
KINDS = ("function", "economic", "government_economic")
FACT_KEY = "(document_id, table_key, measure, function_code, economic_code, item{})"
NEW_KEY = ", government_economic_code, budget_unit_id, project_id"
# "the same fact" in another document: every column of the row key
SAME_ROW = """
 and {a}.function_code is not distinct from {b}.function_code
 and {a}.economic_code is not distinct from {b}.economic_code
 and {a}.item is not distinct from {b}.item
 and {a}.government_economic_code is not distinct from {b}.government_economic_code
 and {a}.budget_unit is not distinct from {b}.budget_unit
 and {a}.project is not distinct from {b}.project"""

VIEWS = {
    "disclosure_facts": ("""
create view mart.disclosure_facts as
select d.name as department, s.fiscal_year, s.report_kind, s.report_level, f.table_key, f.function_code,
       f.economic_code, f.item, f.measure, f.amount, s.file_name as source_file, f.source_page,
       s.sha256 as source_sha256,
       u.name as budget_unit, p.name as project, f.government_economic_code
from warehouse.fact f
join warehouse.source_document s on s.id = f.document_id
join warehouse.department d on d.id = s.department_id
left join warehouse.budget_unit u on u.id = f.budget_unit_id
left join warehouse.project p on p.id = f.project_id
where s.status = 'loaded'
""", None),
    "economic_subjects": ("""
create view mart.economic_subjects as
select s.code, s.level, s.name, s.parent_code,
       concat_ws('/', l.code, k.code, x.code) as path,
       concat_ws(' / ', l.name, k.name, x.name) as path_names,
       l.code as lei_code, l.name as lei_name,
       k.code as kuan_code, k.name as kuan_name,
       s.first_seen_year,
       x.code as xiang_code, x.name as xiang_name
from warehouse.economic_subject s
join warehouse.economic_subject l on l.code = left(s.code, 3)
left join warehouse.economic_subject k on k.code = left(s.code, 5) and length(s.code) >= 5
left join warehouse.economic_subject x on x.code = s.code and length(s.code) = 7
""", "部门预算支出经济分类科目层级 / 经济分类 subjects with parent, path and flattened 类/款 columns (项: a region's "
     "7-digit subdivision of a 款)"),
    "subject_names": ("""
create view mart.subject_names as
select n.kind, n.code, n.name, n.first_year, n.last_year, n.source, d.file_name as source_file,
       n.name = coalesce(f.name, e.name, g.name) as is_current
from warehouse.subject_name n
left join warehouse.source_document d on d.id = n.document_id
left join warehouse.function_subject f on n.kind = 'function' and f.code = n.code
left join warehouse.economic_subject e on n.kind = 'economic' and e.code = n.code
left join warehouse.government_economic_subject g on n.kind = 'government_economic' and g.code = n.code
""", None),
    "budget_vs_final": (f"""
create view mart.budget_vs_final as
select b.department, b.fiscal_year, b.report_level, b.table_key, b.function_code, b.economic_code, b.item,
       b.measure, b.amount as budget_amount, f.amount as final_amount, f.amount - b.amount as difference,
       round(100 * f.amount / nullif(b.amount, 0), 2) as final_pct_of_budget,
       b.source_file as budget_file, f.source_file as final_file,
       b.budget_unit, b.project, b.government_economic_code
from mart.disclosure_facts b
join mart.disclosure_facts f
  on f.department = b.department and f.fiscal_year = b.fiscal_year and f.report_level = b.report_level
 and f.table_key = b.table_key and f.measure = b.measure{SAME_ROW.format(a="f", b="b")}
where b.report_kind = 'budget' and f.report_kind = 'final'
""", None),
    "year_over_year": (f"""
create view mart.year_over_year as
select c.department, c.report_kind, c.report_level, c.table_key, c.function_code, c.economic_code, c.item, c.measure,
       c.fiscal_year, p.amount as previous_amount, c.amount,
       c.amount - p.amount as change,
       round(100 * (c.amount / nullif(p.amount, 0) - 1), 2) as change_pct,
       p.source_file as previous_file, c.source_file,
       c.budget_unit, c.project, c.government_economic_code
from mart.disclosure_facts c
join mart.disclosure_facts p
  on p.department = c.department and p.fiscal_year = c.fiscal_year - 1
 and p.report_kind = c.report_kind and p.report_level = c.report_level
 and p.table_key = c.table_key and p.measure = c.measure{SAME_ROW.format(a="p", b="c")}
""", None),
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
    where table_key = 'three_public' and budget_unit is null  -- the department's line, not its units'
    group by department, fiscal_year, report_kind, report_level
)
select department, fiscal_year, report_kind, report_level,
       budget_total, final_total, final_total - budget_total as difference,
       round(100 * final_total / nullif(budget_total, 0), 2) as final_pct_of_budget,
       budget_outbound_travel, final_outbound_travel, budget_vehicle_total, final_vehicle_total,
       budget_reception, final_reception, source_file
from three_public
""", None),
    "expenditure_by_function": ("""
create view mart.expenditure_by_function as
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.function_code, s.level, s.name as subject_name,
       s.lei_code, s.lei_name, s.kuan_code, s.kuan_name, s.xiang_code, s.xiang_name,
       f.measure, f.amount, f.source_file, f.source_page,
       f.economic_code, f.government_economic_code, f.budget_unit, f.project
from mart.disclosure_facts f
join mart.function_subjects s on s.code = f.function_code
where f.table_key = 'expenditure'
""", "按功能分类的支出（含类/款/项名称）/ Expenditure (支出决算表 / 支出预算总表) by 功能分类 subject, with 类/款/项 "
     "names: one row per printed amount; add up one level only (a 类 row already includes its 款 and 项); rows with "
     "an economic_code, budget_unit or project are the cells of a table that breaks the subject down further"),
    "basic_expenditure_by_economic_class": ("""
create view mart.basic_expenditure_by_economic_class as
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.economic_code, s.level, s.name as subject_name,
       s.lei_code, s.lei_name, s.kuan_code, s.kuan_name,
       f.measure, f.amount, f.source_file, f.source_page,
       f.government_economic_code, f.budget_unit
from mart.disclosure_facts f
join mart.economic_subjects s on s.code = f.economic_code
where f.table_key = 'general_budget_economic'
""", None),
    "government_economic_subjects": ("""
create view mart.government_economic_subjects as
select s.code, s.level, s.name, s.parent_code,
       concat_ws('/', l.code, k.code) as path,
       concat_ws(' / ', l.name, k.name) as path_names,
       l.code as lei_code, l.name as lei_name,
       k.code as kuan_code, k.name as kuan_name,
       s.first_seen_year
from warehouse.government_economic_subject s
join warehouse.government_economic_subject l on l.code = left(s.code, 3)
left join warehouse.government_economic_subject k on k.code = s.code and length(s.code) = 5
""", "政府预算支出经济分类科目层级 / 政府经济分类 subjects (501 机关工资福利支出 …) with parent, path and flattened "
     "类/款 columns"),
    "expenditure_by_government_economic_class": ("""
create view mart.expenditure_by_government_economic_class as
select f.department, f.fiscal_year, f.report_kind, f.report_level, f.table_key,
       f.government_economic_code, g.level, g.name as subject_name, g.lei_code, g.lei_name, g.kuan_code, g.kuan_name,
       f.economic_code, e.name as economic_name, f.function_code, f.budget_unit,
       f.measure, f.amount, f.source_file, f.source_page
from mart.disclosure_facts f
join mart.government_economic_subjects g on g.code = f.government_economic_code
left join mart.economic_subjects e on e.code = f.economic_code
""", "按政府经济分类的支出 / Every fact keyed by a 政府预算支出经济分类 code, with its 类/款 names and the 部门经济分类 "
     "code printed under it (a table's rows of one 政府经济分类 code and no economic_code are its subtotal)"),
    "budget_units": ("""
create view mart.budget_units as
select d.name as department, u.name as budget_unit, u.first_seen_year, u.last_seen_year
from warehouse.budget_unit u
join warehouse.department d on d.id = u.department_id
""", "预算单位 / The units a department's tables break their figures down by, with the years they are printed"),
    "projects": ("""
create view mart.projects as
select d.name as department, p.name as project, p.function_code, s.name as function_name,
       p.first_seen_year, p.last_seen_year
from warehouse.project p
join warehouse.department d on d.id = p.department_id
left join warehouse.function_subject s on s.code = p.function_code
""", "项目 / The projects a department's tables list, under their 功能分类 code, with the years they are printed"),
}

COLUMNS = {
    "economic_code": "部门预算支出经济分类科目编码 / Economic classification code (类 3, 款 5 digits; 7 where a region "
                     "subdivides a 款)",
    "government_economic_code": "政府预算支出经济分类科目编码 / Government economic classification code (5xx: 类 3, "
                                "款 5 digits)",
    "budget_unit": "预算单位（按单位分列的行）/ Budget unit, where the table breaks its figures down by unit",
    "project": "项目名称（按项目分列的行）/ Project, where the table lists projects",
    "economic_name": "部门经济分类科目名称 / Name of the economic classification code",
    "function_name": "功能分类科目名称 / Name of the function classification code",
    "kind": "分类：function 功能分类，economic 部门经济分类，government_economic 政府经济分类 / Classification: "
            "function, economic or government_economic",
    ("subject_crosswalk", "kind"): "分类：function 功能分类，economic 部门经济分类，government_economic 政府经济分类 / "
                                   "Classification: function, economic or government_economic",
    ("budget_units", "first_seen_year"): "首次出现年度 / First fiscal year a loaded document prints the unit",
    ("budget_units", "last_seen_year"): "最近出现年度 / Last fiscal year a loaded document prints the unit",
    ("projects", "first_seen_year"): "首次出现年度 / First fiscal year a loaded document prints the project",
    ("projects", "last_seen_year"): "最近出现年度 / Last fiscal year a loaded document prints the project",
}


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind in (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    connection = op.get_bind()
    views = set_aside(connection)
    op.alter_column("economic_subject", "code", type_=sa.String(7), existing_type=sa.String(5), schema="warehouse")
    op.alter_column("economic_subject", "parent_code", type_=sa.String(5), existing_type=sa.String(3),
                    schema="warehouse")
    op.alter_column("fact", "economic_code", type_=sa.String(7), existing_type=sa.String(5), schema="warehouse")
    op.drop_constraint("ck_economic_subject_level", "economic_subject", schema="warehouse")
    op.create_check_constraint(op.f("ck_economic_subject_level"), "economic_subject", "level in ('类', '款', '项')",
                               schema="warehouse")
    for table in ("subject_name", "subject_crosswalk"):
        op.alter_column(table, "kind", type_=sa.String(19), existing_type=sa.String(8), schema="warehouse")
        op.drop_constraint(f"ck_{table}_kind", table, schema="warehouse")
        op.create_check_constraint(op.f(f"ck_{table}_kind"), table, _kind_check(KINDS), schema="warehouse")
    op.create_table("government_economic_subject",
    sa.Column("code", sa.String(length=5), nullable=False),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("level", sa.String(length=1), nullable=False),
    sa.Column("parent_code", sa.String(length=3), nullable=True),
    sa.Column("first_seen_year", sa.Integer(), nullable=True),
    sa.CheckConstraint("level in ('类', '款')", name=op.f("ck_government_economic_subject_level")),
    sa.ForeignKeyConstraint(["parent_code"], ["warehouse.government_economic_subject.code"],
                            name=op.f("fk_government_economic_subject_parent_code")),
    sa.PrimaryKeyConstraint("code", name=op.f("pk_government_economic_subject")),
    schema="warehouse")
    op.create_table("budget_unit",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("department_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("first_seen_year", sa.Integer(), nullable=False),
    sa.Column("last_seen_year", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["department_id"], ["warehouse.department.id"], name=op.f("fk_budget_unit_department_id")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_unit")),
    sa.UniqueConstraint("department_id", "name", name="uq_budget_unit_key"),
    schema="warehouse")
    op.create_table("project",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("department_id", sa.Integer(), nullable=False),
    sa.Column("function_code", sa.String(length=7), nullable=True),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("first_seen_year", sa.Integer(), nullable=False),
    sa.Column("last_seen_year", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["department_id"], ["warehouse.department.id"], name=op.f("fk_project_department_id")),
    sa.ForeignKeyConstraint(["function_code"], ["warehouse.function_subject.code"],
                            name=op.f("fk_project_function_code")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    sa.UniqueConstraint("department_id", "function_code", "name", name="uq_project_key",
                        postgresql_nulls_not_distinct=True),
    schema="warehouse")
    store_shipped(connection, (SubjectKind.GOVERNMENT_ECONOMIC,))
    op.add_column("fact", sa.Column("government_economic_code", sa.String(length=5), nullable=True), schema="warehouse")
    op.add_column("fact", sa.Column("budget_unit_id", sa.Integer(), nullable=True), schema="warehouse")
    op.add_column("fact", sa.Column("project_id", sa.Integer(), nullable=True), schema="warehouse")
    for column, referent in (("government_economic_code", "government_economic_subject.code"),
                             ("budget_unit_id", "budget_unit.id"), ("project_id", "project.id")):
        table, key = referent.split(".")
        op.create_foreign_key(op.f(f"fk_fact_{column}"), "fact", table, [column], [key],
                              source_schema="warehouse", referent_schema="warehouse")
    op.drop_constraint("uq_fact_key", "fact", schema="warehouse")
    op.execute("alter table warehouse.fact add constraint uq_fact_key unique nulls not distinct "
               f"{FACT_KEY.format(NEW_KEY)} include (amount)")
    put_back(connection, views, {name: sql for name, (sql, _) in VIEWS.items()},
             {name: comment for name, (_, comment) in VIEWS.items() if comment}, COLUMNS)
    op.execute(f"grant select on all tables in schema mart to {ANALYST}")


def _earlier_views() -> dict[str, tuple[str, str | None]]:
    """The definitions and comments this revision replaced, as the revisions that wrote them have them."""
    first, budget_vs_final, subjects, bi = (import_module(f"migrations.versions.{name}") for name in (
        "0001_star_schema_and_the_canonical_view", "0004_budget_vs_final", "0005_subject_dimensions",
        "0006_analyst_role_and_bi_views"))
    earlier = {"disclosure_facts": (first.DISCLOSURE_FACTS, None),
               "budget_vs_final": (budget_vs_final.BUDGET_VS_FINAL, None),
               "economic_subjects": (subjects.ECONOMIC_SUBJECTS, subjects.VIEWS["economic_subjects"][1]),
               "subject_names": (subjects.SUBJECT_NAMES, subjects.VIEWS["subject_names"][1]),
               **bi.VIEWS}
    return {name: view for name, view in earlier.items() if name in VIEWS}


def downgrade() -> None:
    connection = op.get_bind()
    # what the flat key cannot hold goes: before this revision the warehouse could not hold it
    op.execute("delete from warehouse.fact where government_economic_code is not null or budget_unit_id is not null "
               "or project_id is not null or length(economic_code) > 5")
    op.execute("delete from warehouse.subject_name where kind not in ('function', 'economic') "
               "or (kind = 'economic' and length(code) > 5)")
    op.execute("delete from warehouse.subject_crosswalk where kind not in ('function', 'economic') "
               "or (kind = 'economic' and (length(from_code) > 5 or length(to_code) > 5))")
    op.execute("delete from warehouse.economic_subject where length(code) > 5")
    views = set_aside(connection)
    new_views = set(VIEWS) - set(_earlier_views())
    views = [view for view in views if view.name not in new_views]
    op.drop_constraint("uq_fact_key", "fact", schema="warehouse")
    op.execute("alter table warehouse.fact add constraint uq_fact_key unique nulls not distinct "
               f"{FACT_KEY.format('')} include (amount)")
    for column in ("project_id", "budget_unit_id", "government_economic_code"):
        op.drop_constraint(op.f(f"fk_fact_{column}"), "fact", schema="warehouse", type_="foreignkey")
        op.drop_column("fact", column, schema="warehouse")
    op.drop_table("project", schema="warehouse")
    op.drop_table("budget_unit", schema="warehouse")
    op.drop_table("government_economic_subject", schema="warehouse")
    for table in ("subject_crosswalk", "subject_name"):
        op.drop_constraint(f"ck_{table}_kind", table, schema="warehouse")
        op.create_check_constraint(op.f(f"ck_{table}_kind"), table, _kind_check(KINDS[:2]), schema="warehouse")
        op.alter_column(table, "kind", type_=sa.String(8), existing_type=sa.String(19), schema="warehouse")
    op.drop_constraint("ck_economic_subject_level", "economic_subject", schema="warehouse")
    op.create_check_constraint(op.f("ck_economic_subject_level"), "economic_subject", "level in ('类', '款')",
                               schema="warehouse")
    op.alter_column("fact", "economic_code", type_=sa.String(5), existing_type=sa.String(7), schema="warehouse")
    op.alter_column("economic_subject", "parent_code", type_=sa.String(3), existing_type=sa.String(5),
                    schema="warehouse")
    op.alter_column("economic_subject", "code", type_=sa.String(5), existing_type=sa.String(7), schema="warehouse")
    earlier = _earlier_views()
    bi = import_module("migrations.versions.0006_analyst_role_and_bi_views")
    put_back(connection, views, {name: sql for name, (sql, _) in earlier.items()},
             {name: comment for name, (_, comment) in earlier.items() if comment},
             {"economic_code": bi.COLUMNS["economic_code"], "kind": bi.COLUMNS["kind"],
              ("subject_crosswalk", "kind"): bi.COLUMNS["kind"]})
    op.execute(f"grant select on all tables in schema mart to {ANALYST}")

"""Subject dimensions: the shipped classification, names by year and source, a crosswalk, hierarchy views.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

from etl.classification import CROSSWALK
from etl.classification.store import read_crosswalk, store_crosswalk, store_shipped
from etl.vocabulary import SubjectKind

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SUBJECTS = ("function_subject", "economic_subject")

# The hierarchy flattened: every row carries its 类 (lei), 款 (kuan) and, for 功能分类, 项 (xiang) code and
# name, its path of codes and of names; parent_code is the link one level up.
FUNCTION_SUBJECTS = """
create view mart.function_subjects as
select s.code, s.level, s.name, s.parent_code,
       concat_ws('/', l.code, k.code, x.code) as path,
       concat_ws(' / ', l.name, k.name, x.name) as path_names,
       l.code as lei_code, l.name as lei_name,
       k.code as kuan_code, k.name as kuan_name,
       x.code as xiang_code, x.name as xiang_name,
       s.first_seen_year
from warehouse.function_subject s
join warehouse.function_subject l on l.code = left(s.code, 3)
left join warehouse.function_subject k on k.code = left(s.code, 5) and length(s.code) >= 5
left join warehouse.function_subject x on x.code = s.code and length(s.code) = 7
"""

ECONOMIC_SUBJECTS = """
create view mart.economic_subjects as
select s.code, s.level, s.name, s.parent_code,
       concat_ws('/', l.code, k.code) as path,
       concat_ws(' / ', l.name, k.name) as path_names,
       l.code as lei_code, l.name as lei_name,
       k.code as kuan_code, k.name as kuan_name,
       s.first_seen_year
from warehouse.economic_subject s
join warehouse.economic_subject l on l.code = left(s.code, 3)
left join warehouse.economic_subject k on k.code = s.code and length(s.code) = 5
"""

SUBJECT_NAMES = """
create view mart.subject_names as
select n.kind, n.code, n.name, n.first_year, n.last_year, n.source, d.file_name as source_file,
       n.name = coalesce(f.name, e.name) as is_current
from warehouse.subject_name n
left join warehouse.source_document d on d.id = n.document_id
left join warehouse.function_subject f on n.kind = 'function' and f.code = n.code
left join warehouse.economic_subject e on n.kind = 'economic' and e.code = n.code
"""

# For each code and year something printed a name for it: every name it had that year (the reference's
# in force, the corpus's, each document's), when they are not all the same.
SUBJECT_NAME_CONFLICTS = """
create view mart.subject_name_conflicts as
with printed as (
    select distinct kind, code, first_year as year from warehouse.subject_name
    where source <> 'reference' and first_year is not null
), named as (
    select n.kind, n.code, p.year, n.name, n.source, n.document_id
    from printed p
    join warehouse.subject_name n
      on n.kind = p.kind and n.code = p.code
     and coalesce(n.first_year, p.year) <= p.year and coalesce(n.last_year, p.year) >= p.year
)
select kind, code, year, name, source, source_file
from (
    select n.kind, n.code, n.year, n.name, n.source, d.file_name as source_file,
           min(n.name) over same_year <> max(n.name) over same_year as disagree
    from named n
    left join warehouse.source_document d on d.id = n.document_id
    window same_year as (partition by n.kind, n.code, n.year)
) names
where disagree
"""

# A code's name in a year: the reference's in force then, else the name printed most that year.
_NAME_IN_YEAR = """
left join lateral (
    select n.name from warehouse.subject_name n
    where n.kind = c.kind and n.code = c.{side}_code
      and coalesce(n.first_year, c.{side}_year) <= c.{side}_year and coalesce(n.last_year, c.{side}_year) >= c.{side}_year
    group by n.name order by bool_or(n.source = 'reference') desc, count(*) desc, n.name limit 1
) {side}_name on true
"""
SUBJECT_CROSSWALK = f"""
create view mart.subject_crosswalk as
select c.kind, c.from_year, c.from_code, from_name.name as from_name,
       c.to_year, c.to_code, to_name.name as to_name, c.relation, c.note
from warehouse.subject_crosswalk c
{_NAME_IN_YEAR.format(side="from")}
{_NAME_IN_YEAR.format(side="to")}
"""

VIEWS = {
    "function_subjects": (FUNCTION_SUBJECTS, "支出功能分类科目层级 / 功能分类 subjects with parent, path and flattened 类/款/项 columns"),
    "economic_subjects": (ECONOMIC_SUBJECTS, "部门预算支出经济分类科目层级 / 经济分类 subjects with parent, path and flattened 类/款 columns"),
    "subject_names": (SUBJECT_NAMES, "科目名称（按年份、来源）/ Every name a subject code had, by years and source"),
    "subject_name_conflicts": (SUBJECT_NAME_CONFLICTS, "科目名称不一致 / Codes whose names disagree in a year: every name, with its source"),
    "subject_crosswalk": (SUBJECT_CROSSWALK, "科目对照 / How a code of one year maps to a code of another, with the names of each year"),
}


def upgrade() -> None:
    for table in SUBJECTS:
        op.alter_column(table, "first_seen_year", existing_type=sa.Integer(), nullable=True, schema="warehouse")
    op.create_table('subject_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=7), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=9), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind in ('function', 'economic')", name=op.f('ck_subject_name_kind')),
    sa.CheckConstraint("source in ('reference', 'corpus', 'document')", name=op.f('ck_subject_name_source')),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'], name=op.f('fk_subject_name_document_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_name')),
    sa.UniqueConstraint('kind', 'code', 'name', 'first_year', 'last_year', 'source', 'document_id', name='uq_subject_name_key', postgresql_nulls_not_distinct=True),
    schema='warehouse'
    )
    op.create_index('ix_subject_name_code', 'subject_name', ['kind', 'code'], unique=False, schema='warehouse')
    op.create_table('subject_crosswalk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('from_year', sa.Integer(), nullable=False),
    sa.Column('from_code', sa.String(length=7), nullable=False),
    sa.Column('to_year', sa.Integer(), nullable=False),
    sa.Column('to_code', sa.String(length=7), nullable=False),
    sa.Column('relation', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("kind in ('function', 'economic')", name=op.f('ck_subject_crosswalk_kind')),
    sa.CheckConstraint("relation in ('same', 'renamed', 'moved', 'split', 'merged')", name=op.f('ck_subject_crosswalk_relation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_crosswalk')),
    sa.UniqueConstraint('kind', 'from_year', 'from_code', 'to_year', 'to_code', name='uq_subject_crosswalk_key'),
    schema='warehouse'
    )
    connection = op.get_bind()
    store_shipped(connection, (SubjectKind.FUNCTION, SubjectKind.ECONOMIC))  # also gives every code already loaded its parents, so the links below hold
    store_crosswalk(connection, read_crosswalk(CROSSWALK))
    for table in SUBJECTS:
        op.create_foreign_key(op.f(f'fk_{table}_parent_code'), table, table, ['parent_code'], ['code'],
                              source_schema='warehouse', referent_schema='warehouse')
    for name, (sql, comment) in VIEWS.items():
        op.execute(sql)
        op.execute(f"comment on view mart.{name} is '{comment}'")


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"drop view if exists mart.{name}")
    op.drop_table('subject_crosswalk', schema='warehouse')
    op.drop_index('ix_subject_name_code', table_name='subject_name', schema='warehouse')
    op.drop_table('subject_name', schema='warehouse')
    column = {"function_subject": "function_code", "economic_subject": "economic_code"}
    for table in SUBJECTS:
        op.drop_constraint(op.f(f'fk_{table}_parent_code'), table, schema='warehouse', type_='foreignkey')
        # codes no loaded document uses go: before 0005 the dimension held only those
        op.execute(f"delete from warehouse.{table} s where s.first_seen_year is null and not exists "
                   f"(select 1 from warehouse.fact f where f.{column[table]} = s.code)")
        op.alter_column(table, "first_seen_year", existing_type=sa.Integer(), nullable=False, schema='warehouse')

"""Star schema (documents own facts) and the canonical view mart.disclosure_facts.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# The contract of ../shared/spec/disclosure-tables.md: analysts, BI tools and the scorer read this.
DISCLOSURE_FACTS = """
create view mart.disclosure_facts as
select d.name as department,
       s.fiscal_year,
       s.report_kind,
       s.report_level,
       f.table_key,
       f.function_code,
       f.economic_code,
       f.item,
       f.measure,
       f.amount,
       s.file_name as source_file,
       f.source_page,
       s.sha256 as source_sha256
from warehouse.fact f
join warehouse.source_document s on s.id = f.document_id
join warehouse.department d on d.id = s.department_id
where s.status = 'loaded'
"""


def upgrade() -> None:
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('name', name=op.f('uq_department_name')),
    schema='warehouse'
    )
    op.create_table('economic_subject',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=1), nullable=False),
    sa.Column('parent_code', sa.String(length=3), nullable=True),
    sa.Column('first_seen_year', sa.Integer(), nullable=False),
    sa.CheckConstraint("level in ('类', '款')", name=op.f('ck_economic_subject_level')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_economic_subject')),
    schema='warehouse'
    )
    op.create_table('fiscal_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_fiscal_year')),
    schema='warehouse'
    )
    op.create_table('function_subject',
    sa.Column('code', sa.String(length=7), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=1), nullable=False),
    sa.Column('parent_code', sa.String(length=5), nullable=True),
    sa.Column('first_seen_year', sa.Integer(), nullable=False),
    sa.CheckConstraint("level in ('类', '款', '项')", name=op.f('ck_function_subject_level')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_function_subject')),
    schema='warehouse'
    )
    op.create_table('source_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('file_path', sa.Text(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('fiscal_year', sa.Integer(), nullable=True),
    sa.Column('report_kind', sa.String(length=6), nullable=True),
    sa.Column('report_level', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('fact_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("report_kind in ('final', 'budget')", name=op.f('ck_source_document_report_kind')),
    sa.CheckConstraint("report_level in ('department', 'unit')", name=op.f('ck_source_document_report_level')),
    sa.CheckConstraint("status in ('loaded', 'refused', 'superseded')", name=op.f('ck_source_document_status')),
    sa.ForeignKeyConstraint(['department_id'], ['warehouse.department.id'], name=op.f('fk_source_document_department_id')),
    sa.ForeignKeyConstraint(['fiscal_year'], ['warehouse.fiscal_year.year'], name=op.f('fk_source_document_fiscal_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_document')),
    sa.UniqueConstraint('sha256', name=op.f('uq_source_document_sha256')),
    schema='warehouse'
    )
    op.create_index('uq_source_document_current', 'source_document', ['department_id', 'fiscal_year', 'report_kind', 'report_level'], unique=True, schema='warehouse', postgresql_where=sa.text("status = 'loaded'"))
    op.create_table('document_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('table_key', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('first_page', sa.Integer(), nullable=False),
    sa.Column('last_page', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=2), nullable=True),
    sa.Column('fact_count', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'], name=op.f('fk_document_table_document_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_table')),
    schema='warehouse'
    )
    op.create_index(op.f('ix_document_table_document_id'), 'document_table', ['document_id'], unique=False, schema='warehouse')
    op.create_table('fact',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('table_key', sa.Text(), nullable=False),
    sa.Column('function_code', sa.String(length=7), nullable=True),
    sa.Column('economic_code', sa.String(length=5), nullable=True),
    sa.Column('item', sa.Text(), nullable=True),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('source_page', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'], name=op.f('fk_fact_document_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['economic_code'], ['warehouse.economic_subject.code'], name=op.f('fk_fact_economic_code')),
    sa.ForeignKeyConstraint(['function_code'], ['warehouse.function_subject.code'], name=op.f('fk_fact_function_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact')),
    sa.UniqueConstraint('document_id', 'table_key', 'function_code', 'economic_code', 'item', 'measure', name='uq_fact_key', postgresql_nulls_not_distinct=True),
    schema='warehouse'
    )
    op.create_index('ix_fact_economic_code', 'fact', ['economic_code'], unique=False, schema='warehouse')
    op.create_index('ix_fact_function_code', 'fact', ['function_code'], unique=False, schema='warehouse')
    op.execute("create schema if not exists mart")
    op.execute(DISCLOSURE_FACTS)
    op.execute("comment on view mart.disclosure_facts is "
               "'每个公开金额一行（元）/ One row per printed amount, in yuan: the canonical fact contract'")


def downgrade() -> None:
    op.execute("drop view if exists mart.disclosure_facts")
    op.execute("drop schema if exists mart")
    op.drop_index('ix_fact_function_code', table_name='fact', schema='warehouse')
    op.drop_index('ix_fact_economic_code', table_name='fact', schema='warehouse')
    op.drop_table('fact', schema='warehouse')
    op.drop_index(op.f('ix_document_table_document_id'), table_name='document_table', schema='warehouse')
    op.drop_table('document_table', schema='warehouse')
    op.drop_index('uq_source_document_current', table_name='source_document', schema='warehouse', postgresql_where=sa.text("status = 'loaded'"))
    op.drop_table('source_document', schema='warehouse')
    op.drop_table('function_subject', schema='warehouse')
    op.drop_table('fiscal_year', schema='warehouse')
    op.drop_table('economic_subject', schema='warehouse')
    op.drop_table('department', schema='warehouse')

"""Quality findings: the accounting identities a document fails, and the view mart.quality_findings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

QUALITY_FINDINGS = """
create view mart.quality_findings as
select d.name as department,
       s.fiscal_year,
       s.report_kind,
       s.report_level,
       s.file_name as source_file,
       q.check,
       q.severity,
       q.table_key,
       q.subject,
       q.expected,
       q.actual,
       q.actual - q.expected as difference,
       q.rows,
       q.message
from warehouse.quality_finding q
join warehouse.source_document s on s.id = q.document_id
left join warehouse.department d on d.id = s.department_id
where s.status = 'loaded'
"""


def upgrade() -> None:
    op.create_table('quality_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('check', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('table_key', sa.Text(), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('expected', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('actual', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('rows', sa.ARRAY(sa.Text()), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.CheckConstraint("severity in ('extraction', 'source')", name=op.f('ck_quality_finding_severity')),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'], name=op.f('fk_quality_finding_document_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_finding')),
    schema='warehouse'
    )
    op.create_index(op.f('ix_quality_finding_document_id'), 'quality_finding', ['document_id'], unique=False, schema='warehouse')
    op.execute(QUALITY_FINDINGS)
    op.execute("comment on view mart.quality_findings is '数据质量发现 / Accounting identities a loaded document fails: "
               "severity extraction = we probably misread a figure; source = the published document contradicts itself'")


def downgrade() -> None:
    op.execute("drop view if exists mart.quality_findings")
    op.drop_index(op.f('ix_quality_finding_document_id'), table_name='quality_finding', schema='warehouse')
    op.drop_table('quality_finding', schema='warehouse')

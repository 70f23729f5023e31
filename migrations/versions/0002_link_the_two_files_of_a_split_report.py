"""Link the two files of a report published as tables-only and narrative-only PDFs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('source_document', sa.Column('companion_id', sa.Integer(), nullable=True), schema='warehouse')
    op.create_foreign_key(op.f('fk_source_document_companion_id'), 'source_document', 'source_document', ['companion_id'], ['id'], source_schema='warehouse', referent_schema='warehouse', ondelete='SET NULL')


def downgrade() -> None:
    op.drop_constraint(op.f('fk_source_document_companion_id'), 'source_document', schema='warehouse', type_='foreignkey')
    op.drop_column('source_document', 'companion_id', schema='warehouse')

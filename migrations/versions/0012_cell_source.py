"""Where a cell's text came from: the PDF's own characters, or OCR of a scanned page with the engine's confidence.

Two nullable columns on warehouse.document_cell (cells loaded before this revision have neither). The codes are
written out rather than read from etl.vocabulary.CellSource, as in 0008.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SOURCES = ('text', 'ocr')

def upgrade() -> None:
    op.add_column('document_cell', sa.Column('source', sa.String(length=8), nullable=True), schema='warehouse')
    op.add_column('document_cell', sa.Column('confidence', sa.REAL(), nullable=True), schema='warehouse')
    op.create_check_constraint(op.f('ck_document_cell_source'), 'document_cell',
                               "source in (" + ", ".join(f"'{s}'" for s in SOURCES) + ")", schema='warehouse')


def downgrade() -> None:
    op.drop_constraint(op.f('ck_document_cell_source'), 'document_cell', schema='warehouse')
    op.drop_column('document_cell', 'confidence', schema='warehouse')
    op.drop_column('document_cell', 'source', schema='warehouse')

"""A refused document's reason as a code (etl.vocabulary.RefusalReason) beside the words for people.

Code and queries branch on `reason_code`, never on `reason`, whose words may be reworded and carry the
particulars (a byte count, a page, the database's message).

Documents refused before this revision have only the words: they are given their code from them here. A data
migration is the one place where reading the old text is right: those are the exact words the extractor wrote
up to this revision (etl/pipeline.py, etl/load.py), matched by their start, most particular first. A reason
that matches none keeps a null code.

The codes are written out rather than read from the enum, so that this revision keeps meaning what it meant
when it was written.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

CODES = ('empty_file', 'not_a_pdf', 'truncated_pdf', 'damaged_pdf', 'encrypted', 'copy_forbidden', 'no_text_layer',
         'not_a_disclosure', 'narrative_only', 'tables_not_printed', 'no_identity', 'unreadable_table', 'no_figures',
         'reader_crashed', 'rejected_by_database', 'internal_error')

# the start of each reason the extractor wrote before this revision → its code (first match wins)
WORDS = (
    ('empty file', 'empty_file'),
    ('not a PDF:', 'not_a_pdf'),
    ('truncated PDF', 'truncated_pdf'),
    ('damaged PDF', 'damaged_pdf'),
    ('encrypted PDF: its permissions forbid copying', 'copy_forbidden'),
    ('encrypted PDF', 'encrypted'),
    ('no text layer', 'no_text_layer'),
    ('not a disclosure', 'not_a_disclosure'),
    ('no standard tables: titles are named', 'tables_not_printed'),
    ('no standard tables', 'narrative_only'),
    ('cannot read the department and year', 'no_identity'),
    ('extraction failed', 'unreadable_table'),
    ('no figures', 'no_figures'),
    ("reading it killed the reader's process", 'reader_crashed'),
    ('the warehouse rejected its rows', 'rejected_by_database'),
    ('could not be read:', 'internal_error'),  # an unexpected exception in the extractor
)


def upgrade() -> None:
    op.add_column('source_document', sa.Column('reason_code', sa.String(length=32), nullable=True), schema='warehouse')
    op.create_check_constraint(op.f('ck_source_document_reason_code'), 'source_document',
                               "reason_code in (" + ", ".join(f"'{code}'" for code in CODES) + ")",
                               schema='warehouse')
    cases = " ".join(f"when starts_with(reason, :w{i}) then :c{i}" for i in range(len(WORDS)))
    words = {f"w{i}": w for i, (w, _) in enumerate(WORDS)} | {f"c{i}": c for i, (_, c) in enumerate(WORDS)}
    op.get_bind().execute(sa.text(f"update warehouse.source_document set reason_code = case {cases} end "
                                  "where status = 'refused'"), words)


def downgrade() -> None:
    op.drop_column('source_document', 'reason_code', schema='warehouse')

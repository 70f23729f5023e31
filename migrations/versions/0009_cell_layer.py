"""The cell layer: every cell of every table a document prints, each fact linked to its cell, and coverage.

warehouse.document_cell holds the evidence under the facts, for recognised and unrecognised tables alike;
warehouse.fact.cell_id says which cell a fact was read from; warehouse.document_table.status says how a table
was read. The views: mart.document_cells (every cell of the loaded documents), mart.unexplained_cells (amount
cells of read tables that are neither a fact nor carry a reason: the target is none) and mart.table_coverage
(per table: amount cells, facts, reasons, gaps, unexplained). The analyst role reads them through the
default privileges of 0006.

Tables loaded before this revision have no cells; their status is given from what they were: no key →
'unrecognised'; the exact note the extractor wrote up to this revision for a table printed empty or without a
grid (etl/pipeline.py) → 'printed_empty' or 'no_grid' (a data migration is the one place where reading the
old text is right); else 'read'. As in 0008, the codes are written out rather than read from the enums.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLE_STATUSES = ('read', 'printed_empty', 'no_grid', 'unrecognised', 'unreadable')
FACT = 'fact'
EXPLAINED = ('column_number', 'not_a_measure', 'other_year', 'repeated')  # rightly no fact
GAPS = ('unkeyed_row', 'ambiguous_key', 'unit_block', 'unreadable_table')  # printed, not held
COVERAGES = (FACT, *EXPLAINED, *GAPS)


def _listed(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


VIEWS = {
    "document_cells": ("""
create view mart.document_cells as
select d.name as department, s.fiscal_year, s.report_kind, s.report_level,
       t.table_key, t.title, t.status as table_status,
       c.page, c.grid, c.row, c.col, c.column_span, c.x_left, c.y_bottom, c.x_right, c.y_top,
       c.text, c.amount, c.unit, c.coverage, f.id as fact_id,
       s.file_name as source_file, s.sha256 as source_sha256
from warehouse.document_cell c
join warehouse.document_table t on t.id = c.table_id
join warehouse.source_document s on s.id = c.document_id
join warehouse.department d on d.id = s.department_id
left join warehouse.fact f on f.cell_id = c.id
where s.status = 'loaded'
""", "印刷单元格 / Every cell of every table the loaded documents print, recognised or not, as printed: where it "
     "is (page, grid, row, column, box in PDF points), its text, its amount where it is one, what became of it "
     "(coverage) and the fact read from it"),
    "unexplained_cells": ("""
create view mart.unexplained_cells as
select department, fiscal_year, report_kind, report_level, table_key, title, page, grid, row, col,
       x_left, y_bottom, x_right, y_top, text, amount, unit, source_file, source_sha256
from mart.document_cells
where table_key is not null and table_status = 'read' and amount is not null and coverage is null
""", "未解释的金额单元格 / Amount cells of read standard tables that are neither a fact nor carry a reason why "
     "not: each is an extraction finding, and there should be none"),
    "table_coverage": (f"""
create view mart.table_coverage as
select d.name as department, s.fiscal_year, s.report_kind, s.report_level,
       t.table_key, t.title, t.status as table_status, t.first_page, t.last_page,
       count(c.id) filter (where c.amount is not null) as amount_cells,
       count(c.id) filter (where c.coverage = '{FACT}') as fact_cells,
       count(c.id) filter (where c.coverage in {_listed(EXPLAINED)}) as explained,
       count(c.id) filter (where c.coverage in {_listed(GAPS)}) as gaps,
       count(c.id) filter (where c.amount is not null and c.coverage is null
                           and t.table_key is not null and t.status = 'read') as unexplained,
       coalesce((select jsonb_object_agg(r.coverage, r.cells) from (
           select coverage, count(*) as cells from warehouse.document_cell
           where table_id = t.id and coverage <> '{FACT}' group by coverage) r), '{{}}') as reasons,
       s.file_name as source_file, s.sha256 as source_sha256
from warehouse.document_table t
join warehouse.source_document s on s.id = t.document_id
join warehouse.department d on d.id = s.department_id
left join warehouse.document_cell c on c.table_id = t.id
where s.status = 'loaded'
group by t.id, s.id, d.name
""", "每张表的覆盖情况 / Coverage per table of the loaded documents: its amount cells, those read as facts, "
     "those rightly not facts (explained), those printed but not held (gaps) and those unexplained, with the "
     "count by reason"),
}

COLUMNS = {
    "department": "部门或单位 / Department or unit, as the document names itself",
    "fiscal_year": "年度 / Fiscal year the report covers",
    "report_kind": "报告类型：final 决算，budget 预算 / Report kind: final (决算) or budget (预算)",
    "report_level": "报告层级：department 部门，unit 单位 / Report level: department (consolidated) or unit",
    "table_key": "公开表（空为未识别）/ Standard table key (see docs/measures.md); empty for a table not recognised",
    "title": "表名（印刷）/ Table title as printed",
    "table_status": "表的读取情况：read, printed_empty, no_grid, unrecognised, unreadable / How the table was read",
    "first_page": "起始页码 / First PDF page of the table",
    "last_page": "结束页码 / Last PDF page of the table",
    "page": "页码 / PDF page (from 1) the cell is printed on",
    "grid": "页内表格序号（自上而下，从 0 起）/ Grid on the page, top first, from 0",
    "row": "行序号（含表头，从 0 起）/ Row in the grid, header rows included, from 0",
    "col": "列序号（从 0 起）/ First column of the grid the cell covers, from 0",
    "column_span": "跨列数 / Columns of the grid the cell covers",
    "x_left": "左边界（磅，页面左下角为原点）/ Left edge in PDF points, the page as displayed, origin bottom-left",
    "y_bottom": "下边界（磅）/ Bottom edge in PDF points",
    "x_right": "右边界（磅）/ Right edge in PDF points",
    "y_top": "上边界（磅）/ Top edge in PDF points",
    "text": "印刷文字（保留换行）/ Text exactly as printed, line breaks kept",
    "amount": "印刷金额（按金额单位，未换算）/ The amount as printed, in `unit` (not converted to yuan)",
    "unit": "金额单位 / The table's unit of amounts as printed (万元, 元)",
    "coverage": "去向：fact 已读为事实，或未读的原因；金额单元格为空即未解释 / What became of an amount cell: fact, or "
                "the reason it is not one; empty on an amount cell of a read table: unexplained",
    "fact_id": "由此单元格读出的事实编号 / Id of the fact read from this cell (warehouse show <id>)",
    "source_file": "来源文件 / File the cell was read from",
    "source_sha256": "来源文件 SHA-256 / SHA-256 of the source file",
    "amount_cells": "金额单元格数 / Amount cells the table prints",
    "fact_cells": "读为事实的单元格数 / Amount cells read as facts",
    "explained": "无需成为事实的单元格数（行次、非指标列、他年、重复）/ Amount cells rightly not facts (numbering, no "
                 "measure, another year, repeated)",
    "gaps": "已印刷但未入库的单元格数 / Amount cells printed but not held (unkeyed rows, ambiguous keys, unit "
            "blocks, unreadable table)",
    "unexplained": "未解释的金额单元格数 / Amount cells with neither a fact nor a reason",
    "reasons": "按原因计数（JSON）/ Amount cells that are not facts, counted by reason (JSON object)",
}


def upgrade() -> None:
    op.add_column('document_table', sa.Column('status', sa.String(length=16), nullable=True), schema='warehouse')
    op.execute("""update warehouse.document_table set status = case
                      when table_key is null then 'unrecognised'
                      when note = 'printed empty' then 'printed_empty'
                      when note = 'no ruled grid found' then 'no_grid'
                      else 'read' end""")
    op.alter_column('document_table', 'status', nullable=False, schema='warehouse')
    op.create_check_constraint(op.f('ck_document_table_status'), 'document_table',
                               f"status in {_listed(TABLE_STATUSES)}", schema='warehouse')
    op.create_table('document_cell',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),  # document id × 2³² + place
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('grid', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('col', sa.Integer(), nullable=False),
    sa.Column('column_span', sa.Integer(), nullable=False),
    sa.Column('x_left', sa.REAL(), nullable=False),
    sa.Column('y_bottom', sa.REAL(), nullable=False),
    sa.Column('x_right', sa.REAL(), nullable=False),
    sa.Column('y_top', sa.REAL(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('coverage', sa.String(length=32), nullable=True),
    sa.CheckConstraint(f"coverage in {_listed(COVERAGES)}", name=op.f('ck_document_cell_coverage')),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'],
                            name=op.f('fk_document_cell_document_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['warehouse.document_table.id'],
                            name=op.f('fk_document_cell_table_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_cell')),
    schema='warehouse'
    )
    op.create_index('ix_document_cell_document_id', 'document_cell', ['document_id', 'page'], schema='warehouse')
    op.create_index(op.f('ix_document_cell_table_id'), 'document_cell', ['table_id'], schema='warehouse')
    op.add_column('fact', sa.Column('cell_id', sa.BigInteger(), nullable=True), schema='warehouse')
    op.create_foreign_key(op.f('fk_fact_cell_id'), 'fact', 'document_cell', ['cell_id'], ['id'],
                          source_schema='warehouse', referent_schema='warehouse')
    op.create_index(op.f('ix_fact_cell_id'), 'fact', ['cell_id'], schema='warehouse')
    connection = op.get_bind()
    for name, (view, comment) in VIEWS.items():
        op.execute(view)
        connection.exec_driver_sql(f"comment on view mart.{name} is {_quoted(comment)}")
        for (column,) in connection.exec_driver_sql(
                "select column_name from information_schema.columns where table_schema = 'mart' "
                f"and table_name = '{name}'").all():
            connection.exec_driver_sql(f"comment on column mart.{name}.{column} is {_quoted(COLUMNS[column])}")


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"drop view mart.{name}")
    op.drop_index(op.f('ix_fact_cell_id'), table_name='fact', schema='warehouse')
    op.drop_constraint(op.f('fk_fact_cell_id'), 'fact', schema='warehouse', type_='foreignkey')
    op.drop_column('fact', 'cell_id', schema='warehouse')
    op.drop_table('document_cell', schema='warehouse')
    op.drop_column('document_table', 'status', schema='warehouse')


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"

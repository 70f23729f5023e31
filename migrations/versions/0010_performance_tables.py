"""Performance tables (绩效自评表, 绩效目标表) as data: evaluations, their money blocks and their indicators.

Three tables owned by the document (a re-published document replaces them with its facts), and the spec's three
views over them, plus `mart.performance_indicator_targets`, which parses the targets and actual values that can
be compared (`≥95%` → operator `>=`, number 95, unit `%`). Views and columns carry Chinese and English comments;
the analyst role reads them (0006's default privileges cover views created by the same owner; granted here too).

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

ANALYST = "warehouse_analyst"
PHASES = ('self_evaluation', 'target')
SCOPES = ('department', 'project')

_EVALUATION = """
select d.name as department, s.fiscal_year, s.report_kind, s.report_level,
       e.phase, e.scope, e.project, e.implementing_unit"""
_FROM = """
from warehouse.performance_evaluation e
join warehouse.source_document s on s.id = e.document_id
join warehouse.department d on d.id = s.department_id"""
_LOADED = "\nwhere s.status = 'loaded'"

# A value that can be compared: an optional operator, a number, then a unit (%, 个, 万元 …) and nothing else
_COMPARABLE = r"^(≥|≤|>=|<=|>|<|=|等于=?)?([0-9]+(?:\.[0-9]+)?)([^0-9.]*)$"


VIEWS = {
    "performance_evaluations": (
        _EVALUATION + ", e.total_score, e.grade, s.file_name as source_file, e.source_page" + _FROM + _LOADED,
        "绩效评价（每张绩效自评表/目标表一行）/ Performance evaluations: one row per printed 绩效自评表 or 绩效目标表"),
    "performance_funds": (
        _EVALUATION + ", f.fund_line, f.breakdown, f.measure, f.amount" + _FROM
        + "\njoin warehouse.performance_fund f on f.evaluation_id = e.id" + _LOADED,
        "绩效表资金（预算安排及执行进度）/ The amounts of each evaluation's money block (预算安排及执行进度, 项目资金)"),
    "performance_indicators": (
        _EVALUATION + ", i.level1, i.level2, i.indicator, i.target, i.adjusted_target, i.actual, i.weight, i.score, "
        "i.deviation, i.source_page" + _FROM + "\njoin warehouse.performance_indicator i on i.evaluation_id = e.id"
        + _LOADED,
        "绩效指标（每个三级指标一行）/ Performance indicators: one row per 绩效指标 of an evaluation, texts as printed"),
}
def _targets_view() -> str:
    """An actual printed with no operator meets the target by the target's operator; one printed with an operator
    of the same direction (≥98% against >95%) is a bound: it meets the target when it is at least as tight."""
    target = "coalesce(i.adjusted_target, i.target)"
    t, a = _parts(target), _parts("i.actual")
    return f"""
select i.department, i.fiscal_year, i.report_kind, i.report_level, i.phase, i.scope, i.project,
       i.implementing_unit, i.level1, i.level2, i.indicator, {target} as target, i.actual,
       {t[0]} as target_operator, {t[1]} as target_value, {t[2]} as target_unit,
       {a[0]} as actual_operator, {a[1]} as actual_value, {a[2]} as actual_unit,
       case when {t[1]} is null or {a[1]} is null or {t[2]} <> {a[2]} then null
            when {a[0]} = '=' then case {t[0]} when '>=' then {a[1]} >= {t[1]} when '<=' then {a[1]} <= {t[1]}
                                   when '>' then {a[1]} > {t[1]} when '<' then {a[1]} < {t[1]} else {a[1]} = {t[1]} end
            when {t[0]} <> '=' and left({a[0]}, 1) = left({t[0]}, 1) then case left({t[0]}, 1)
                                   when '>' then {a[1]} >= {t[1]} else {a[1]} <= {t[1]} end
       end as target_met,
       i.weight, i.score, i.source_page
from mart.performance_indicators i"""


def _parts(column: str) -> tuple[str, str, str]:
    match = f"regexp_match({column}, '{_COMPARABLE}')"
    operator = (f"case when {match} is null then null else case coalesce(({match})[1], '=') when '≥' then '>=' "
                f"when '≤' then '<=' when '等于' then '=' when '等于=' then '=' else coalesce(({match})[1], '=') end end")
    return operator, f"(({match})[2])::numeric", f"({match})[3]"


FRIENDLY = ("performance_indicator_targets",
            "可比较的绩效指标值（≥95% → 运算符与数值）/ Indicators whose target and actual value can be compared: "
            "`≥95%` parsed into operator >=, number 95 and unit %; target_met says whether the actual meets it")

COLUMNS = {
    "department": "部门或单位 / Department or unit, as the document names itself",
    "fiscal_year": "年度 / Fiscal year the report covers",
    "report_kind": "报告类型：final 决算，budget 预算 / Report kind: final (决算) or budget (预算)",
    "report_level": "报告层级：department 部门，unit 单位 / Report level: department (consolidated) or unit",
    "phase": "阶段：self_evaluation 自评，target 绩效目标 / Phase: self_evaluation (自评表) or target (目标表)",
    "scope": "范围：department 部门整体，project 项目 / Scope: the department's whole spending, or one project",
    "project": "项目名称 / Project name (项目名称 field), null for a department's whole spending",
    "implementing_unit": "实施单位或预算单位 / Implementing or budget unit (实施单位 / 预算单位), where printed",
    "total_score": "总分（自评得分）/ Total score printed (总分 / 自评得分)",
    "grade": "评价等级：优、良、中、差 / Grade printed: 优, 良, 中 or 差",
    "source_file": "来源文件 / File the table was read from",
    "source_page": "来源页码 / PDF page (from 1) where the table or row is printed",
    "fund_line": "资金行 / Fund line as printed (资金总额, 当年财政拨款, 基本支出 …)",
    "breakdown": "划分：by_source 按资金来源，by_use 按资金方向 / Breakdown where the block prints its lines twice",
    "measure": "指标（金额所在列）/ Measure: initial_budget, full_year_budget, executed, balance, execution_rate, "
               "weight, score, total … (docs/performance-tables.md)",
    "amount": "金额（元；执行率、分值、得分按原样）/ Amount in yuan; execution rate (percent), weight and score as printed",
    "level1": "一级指标 / Level-1 indicator heading, a merged cell repeated on every row it spans",
    "level2": "二级指标 / Level-2 indicator heading",
    "indicator": "三级指标（指标内容）/ The indicator (三级指标 / 指标内容)",
    "target": "年初（年度）指标值 / Target as printed (年初指标值 / 年度指标值)",
    "adjusted_target": "调整后指标值 / Adjusted target as printed",
    "actual": "实际完成值 / Actual value as printed",
    "weight": "分值 / Weight (分值) as printed",
    "score": "得分 / Score as printed",
    "deviation": "偏差原因分析及改进措施 / Deviation: reasons and remedies, as printed",
    "target_operator": "目标运算符（>=、<=、>、<、=）/ The target's operator (>=, <=, >, <, =)",
    "target_value": "目标数值 / The target's number",
    "target_unit": "目标单位（%、个、万元…）/ The target's unit (%, 个, 万元 …), empty for none",
    "actual_operator": "实际值运算符（无则为 =）/ The actual value's operator (= where it prints none)",
    "actual_value": "实际数值 / The actual value's number",
    "actual_unit": "实际单位 / The actual value's unit",
    "target_met": "是否达标（单位相同时）/ Whether the actual meets the target (null where the units differ or a value is not a number)",
}
_TARGET_COLUMNS = {"target": "目标值（调整后优先）/ Target: the adjusted target where printed, else the target"}


def upgrade() -> None:
    op.create_table('performance_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('project', sa.Text(), nullable=True),
    sa.Column('implementing_unit', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('total_score', sa.Numeric(), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('source_page', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("phase in (" + ", ".join(f"'{p}'" for p in PHASES) + ")",
                       name=op.f('ck_performance_evaluation_phase')),
    sa.CheckConstraint("scope in (" + ", ".join(f"'{s}'" for s in SCOPES) + ")",
                       name=op.f('ck_performance_evaluation_scope')),
    sa.ForeignKeyConstraint(['document_id'], ['warehouse.source_document.id'],
                            name=op.f('fk_performance_evaluation_document_id_source_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_evaluation')),
    sa.UniqueConstraint('document_id', 'phase', 'scope', 'project', 'implementing_unit',
                        name='uq_performance_evaluation_key', postgresql_nulls_not_distinct=True),
    schema='warehouse')
    op.create_table('performance_fund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('fund_line', sa.Text(), nullable=False),
    sa.Column('breakdown', sa.String(length=10), nullable=True),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(), nullable=False),
    sa.Column('source_page', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['warehouse.performance_evaluation.id'],
                            name=op.f('fk_performance_fund_evaluation_id_performance_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_fund')),
    sa.UniqueConstraint('evaluation_id', 'fund_line', 'breakdown', 'measure',
                        name='uq_performance_fund_key', postgresql_nulls_not_distinct=True),
    schema='warehouse')
    op.create_table('performance_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('level1', sa.Text(), nullable=True),
    sa.Column('level2', sa.Text(), nullable=True),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('adjusted_target', sa.Text(), nullable=True),
    sa.Column('actual', sa.Text(), nullable=True),
    sa.Column('weight', sa.Numeric(), nullable=True),
    sa.Column('score', sa.Numeric(), nullable=True),
    sa.Column('deviation', sa.Text(), nullable=True),
    sa.Column('source_page', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['warehouse.performance_evaluation.id'],
                            name=op.f('fk_performance_indicator_evaluation_id_performance_evaluation'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_indicator')),
    sa.UniqueConstraint('evaluation_id', 'level1', 'level2', 'indicator',
                        name='uq_performance_indicator_key', postgresql_nulls_not_distinct=True),
    schema='warehouse')
    views = {name: (f"create view mart.{name} as{sql}", comment) for name, (sql, comment) in VIEWS.items()}
    views[FRIENDLY[0]] = (f"create view mart.{FRIENDLY[0]} as{_targets_view()}", FRIENDLY[1])
    connection = op.get_bind()
    for name, (view, comment) in views.items():
        op.execute(view)
        connection.exec_driver_sql(f"comment on view mart.{name} is {_quoted(comment)}")
        for (column,) in connection.exec_driver_sql(
                "select column_name from information_schema.columns where table_schema = 'mart' "
                f"and table_name = '{name}'").all():
            described = (_TARGET_COLUMNS.get(column) if name == FRIENDLY[0] else None) or COLUMNS[column]
            connection.exec_driver_sql(f"comment on column mart.{name}.{column} is {_quoted(described)}")
        op.execute(f"grant select on mart.{name} to {ANALYST}")


def downgrade() -> None:
    for name in (FRIENDLY[0], *reversed(VIEWS)):
        op.execute(f"drop view if exists mart.{name}")
    op.drop_table('performance_indicator', schema='warehouse')
    op.drop_table('performance_fund', schema='warehouse')
    op.drop_table('performance_evaluation', schema='warehouse')


def _quoted(text: str) -> str:
    """A literal for exec_driver_sql, whose driver reads % as a placeholder (≥95%)."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"

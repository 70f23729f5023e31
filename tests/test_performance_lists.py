"""Project lists: 项目支出绩效目标表 that list their projects down one table, one evaluation per project.
Changsha's (单位(项目)名称 column, its units listed among the projects, a project printed again over a page break)
and Beijing's 预算表12 (项目名称 column, 项目总额 and its 财政资金 / 其他资金). The figures below are the pages'."""
from decimal import Decimal

import pytest

from tests.conftest import REAL
from tests.test_performance_reader import performance_of


def by_project(evaluations):
    return {e.project: e for e in evaluations if e.scope == "project"}


def indicators(evaluation):
    return [(i.level1, i.level2, i.indicator, i.target, i.page) for i in evaluation.indicators]


@pytest.fixture(scope="module")
def xinfangju():
    return performance_of(REAL / "hn-changsha_xinfangju_2026_budget_dept.pdf")


def test_changsha_lists_one_evaluation_per_project(xinfangju):
    evaluations, unread = xinfangju
    assert unread == []
    projects = by_project(evaluations)
    assert list(projects) == ["基层及其他信访业务工作经费专项", "人民来访接待中心及特护期运行专项",
                              "人民来访接待中心业务专项", "信访业务工作专项"]
    assert {(e.phase, e.implementing_unit, e.title) for e in projects.values()} == {
        ("target", "长沙市信访局", "2026年项目支出绩效目标表")}  # the unit whose row lists the projects' 单位编码
    assert [e.scope for e in evaluations].count("department") == 1  # the 部门整体支出绩效目标表, pp. 30–32


def test_changsha_reads_a_project_over_the_page_break_once(xinfangju):
    grassroots = by_project(xinfangju[0])["基层及其他信访业务工作经费专项"]
    assert grassroots.page == 22
    # 资金总额 35.78 万元, printed again at p23's top
    assert [(f.fund_line, f.measure, f.amount, f.page) for f in grassroots.funds] == [
        ("资金总额", "total", Decimal("357800.00"), 22)]
    rows = indicators(grassroots)
    assert len(rows) == 16
    # the target's parts are columns of their own, printed 指标值 | 指标值内容 | 评(扣)分标准 | 度量单位 | 指标值类型
    # (p22: "总成本 35.78 不超过预算 … 万元 ≤"): one target, operator, value, unit
    assert rows[:2] == [("成本指标", "经济成本指标", "总成本", "≤35.78万元", 22),
                        ("成本指标", "社会成本指标", "无", "定性无", 22)]
    assert rows[4] == ("产出指标", "质量指标", "经费分档精准率", "≥95%", 22)
    assert rows[8] == ("产出指标", "时效指标", "区县(市)信访事项及时受理率", "≥95%", 23)
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 23)
    assert all(i.weight is None and i.score is None for i in grassroots.indicators)


def test_changsha_gonganju_lists_14_projects():
    evaluations, unread = performance_of(REAL / "hn-changsha_gonganju_2025_budget_dept.pdf")
    assert unread == []
    projects = by_project(evaluations)
    assert len(projects) == 14
    guards = projects["大型警保卫及基础设施安全保护工作经费"]  # pp. 23–25
    assert guards.implementing_unit == "长沙市公安局"
    assert {f.fund_line: f.amount for f in guards.funds} == {"资金总额": Decimal("4286900.00")}
    rows = indicators(guards)
    assert rows[0] == ("成本指标", "经济成本指标", "成本控制率", "≤100%", 23)  # p23: "成本控制率 100 … % ≤"
    assert ("产出指标", "质量指标", "三电设施零事故", "=0起", 24) in rows  # p24: "三电设施零事故 0 … 起 ="
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 25)
    assert {f.amount for f in projects["派驻纪检监察组办公经费"].funds} == {Decimal("30000.00")}


def test_beijing_lists_projects_with_their_fiscal_and_other_funds():
    evaluations, unread = performance_of(REAL / "bj-city_shenjiju_2026_budget_dept_tables.pdf")
    projects = by_project(evaluations)
    assert len(projects) == 17
    # 预算13表 (pp. 20-21): its 绩效指标 cells print 一级+二级+三级指标 as one run of characters ("产出指标数量指标出具
    # 数据分析报告", no space, line or font change between them, checked on the page's text objects): unread
    assert [(t.table_key, t.pages) for t in unread] == [("performance_department_target", [20, 21])]
    assert "one 绩效指标 column holds 一级, 二级 and 三级指标 in one text" in unread[0].note
    # the 项目名称 cell as printed: project code and name, NFKC, no white space
    journal = projects["11000022T000000460216-《北京审计》杂志办刊经费"]
    assert (journal.phase, journal.implementing_unit, journal.page) == ("target", None, 12)
    assert {f.fund_line: f.amount for f in journal.funds} == {  # 其他资金 printed blank: no amount
        "项目总额": Decimal("173980.00"), "财政资金": Decimal("173980.00")}
    # 绩效指标性质 | 本年绩效指标值 | 绩效度量单位, p12: "每期印刷数量 ＝ 900 册", "印刷刊物成本 ≤ 12.798 万元"
    assert indicators(journal)[2:3] + indicators(journal)[-1:] == [
        ("产出指标", "数量指标", "每期印刷数量", "=900册", 12),
        ("成本指标", "经济成本指标", "印刷刊物成本", "≤12.798万元", 12)]
    # printed on p16 and again at p17's top: one project
    internal = projects["11000024T000002975715-内部审计指导监督经费"]
    assert internal.page == 16 and {f.amount for f in internal.funds} == {Decimal("618000.00")}
    assert indicators(internal)[-1] == ("满意度指标", "服务对象满意度指标", "培训人员满意度", "≥95%", 17)


def test_beijing_zhengwu_lists_82_projects():
    evaluations, unread = performance_of(REAL / "bj-city_zhengwu-fuwu-shuju-ju_2026_budget_dept_tables.pdf")
    projects = by_project(evaluations)
    assert len(projects) == 82
    gazette = projects["11000022T000000438666-《北京市人民政府公报》制作发行服务"]
    assert {f.fund_line: f.amount for f in gazette.funds} == {
        "项目总额": Decimal("612216.00"), "财政资金": Decimal("612216.00")}
    assert indicators(gazette)[0] == (
        "成本指标", "经济成本指标", "《北京市人民政府公报》制作发行服务单个信封成本控制", "≤0.42元", 20)


def test_changsha_department_target_printed_over_three_titled_pages_is_one(xinfangju):
    # 2026年部门整体支出绩效目标表 printed on pp. 30, 31 and 32, each page under the title again and the same header:
    # one table, its 10 + 10 + 5 indicator rows
    department = next(e for e in xinfangju[0] if e.scope == "department")
    assert department.page == 30 and len(department.indicators) == 25
    assert [i.page for i in department.indicators].count(32) == 5
    # 单位名称 heads a column (its cell reaches down to the 一级/二级/三级指标 row): the unit is the text under it
    assert department.implementing_unit == "长沙市信访局"
    rows = indicators(department)
    # the target's parts printed 指标值类型 | 指标值 | 计量单位, p30: "≤ 1517.95 万元"
    assert rows[0] == ("成本指标", "经济成本指标", "基本支出不超预算(不含年中调整数)", "≤1517.95万元", 30)
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "信访事项处理群众参评满意率", "≥90%", 32)

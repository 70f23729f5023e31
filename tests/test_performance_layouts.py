"""The performance layouts beyond the seed's, Xi'an's and Putuo's (issue 14), and a census: every document of the
corpus that prints a performance title has each of its tables read or reported unread with the reason."""
import re
from dataclasses import replace
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from etl.document import read_pages
from etl.parse.form import _printed_twice
from etl.parse.form_pages import performance_titles, read_performance
from etl.records import ExtractionError, PerformanceEvaluation, PerformanceIndicator
from etl.specs.performance import recognise_performance_title
from etl.specs.titles import looks_like_table_title
from etl.tables import read_grids
from tests.conftest import REAL, SEED_PDF
from tests.test_performance_reader import performance_of

CHONGQING = REAL / "cq-city_guihua-ziranziyuan-ju_2026_budget_dept.pdf"


@pytest.fixture(scope="module")
def chongqing():
    return performance_of(CHONGQING)


def test_chongqing_prints_a_target_in_three_columns(chongqing):
    evaluations, _ = chongqing
    department = next(e for e in evaluations if e.scope == "department")
    assert (department.scope, department.page, department.funds) == ("department", 28, [])
    # 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心: the target read left to right, as one text
    assert [(i.indicator, i.target, i.weight) for i in department.indicators[:2]] == [
        ("每年开采监测覆盖面积", "≥8万平方公里", Decimal("15")),
        ("重庆市2025年度国土空间总体规划实施体检成果", "=1套", Decimal("15"))]  # ＝ printed: NFKC
    assert {(i.level1, i.level2) for i in department.indicators} == {(None, None)}  # no level columns printed
    assert len(department.indicators) == 8 and sum(i.weight for i in department.indicators) == 100


def test_chongqing_key_fund_pairs_its_lines_in_the_unit_under_its_title(chongqing):
    evaluations, unread = chongqing
    fund = next(e for e in evaluations if e.page == 29)
    assert (fund.scope, fund.project, fund.implementing_unit) == ("project", "规划和自然资源专项", None)  # 主管部门 is no 实施单位
    # 单位：万元 printed under the title, outside the grid: 当年预算 88,197.35 = 市级支出 60,192.30 + 补助区县 28,005.05
    assert {(f.fund_line, f.measure): f.amount for f in fund.funds} == {
        ("当年预算", "total"): Decimal("881973500.00"), ("市级支出", "total"): Decimal("601923000.00"),
        ("补助区县", "total"): Decimal("280050500.00")}
    assert [(i.indicator, i.target, i.weight, i.page) for i in fund.indicators][-1] == (
        "年度预算执行率", "=100%", Decimal("10"), 30)
    assert unread == []


def test_chongqing_table_twelve_lists_its_projects(chongqing):
    # 表十二 (p31, 单位：万元): 序号 | 项目名称 | 当年财政拨款预算金额 | 当年绩效目标 | 指标名称 | 指标性质 | 指标值 |
    # 计量单位 | 指标权重(%), no level columns; p31: "1 规划和自然资源综合管理 28,901.54", "形成科技成果数 ≥ 25 个(套) 20"
    listed = [e for e in chongqing[0] if e.page == 31]
    assert [e.project for e in listed] == ["规划和自然资源综合管理", "规划和自然资源事务", "规划测绘及地理信息事务"]
    first = listed[0]
    assert [(f.fund_line, f.measure, f.amount) for f in first.funds] == [
        ("当年财政拨款预算金额", "total", Decimal("289015400.00"))]
    assert [(i.level1, i.level2, i.indicator, i.target, i.weight) for i in first.indicators[:2]] == [
        (None, None, "形成科技成果数", "≥25个(套)", Decimal("20")), (None, None, "重点宣传项目", "≥40项", Decimal("20"))]
    assert all(sum(i.weight for i in e.indicators) == 100 for e in listed)


def test_an_empty_form_is_reported_as_such():
    evaluations, unread = performance_of(REAL / "cq-city_zhengfu-bangongting_2026_budget_dept.pdf")
    # 表十一 prints its labels and headings only (备注：…故此表无数据); 表十二 (p24) lists one project
    assert [(e.scope, e.project) for e in evaluations] == [("project", "市政府办公厅业务及日常运行项目"), ("department", None)]
    assert [(t.pages, t.note.split(":")[0]) for t in unread] == [([23], "an empty form")]


def test_each_project_under_one_title_is_its_own_table():
    # Xi'an 人社局 2020: one title over nine projects' tables, each opening with 专项(项目)名称
    evaluations, unread = performance_of(REAL / "sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept.pdf")
    projects = [(e.project, e.page) for e in evaluations if e.scope == "project"]
    assert projects[:3] == [("网络建设维护", 50), ("社保大厦物业费", 52), ("全民参保计划工作经费", 53)]
    assert len(projects) == 9
    # p61 opens 伯乐奖's table with a row of one cell, "专项（项目）名称 伯乐奖": its own project, not the rest of
    # 高技能人才奖励资金 (pp. 60–61, its 9 indicators)
    assert projects[6:8] == [("高技能人才奖励资金", 60), ("伯乐奖", 61)]
    bole = next(e for e in evaluations if e.project == "伯乐奖")
    assert {(f.fund_line, f.amount) for f in bole.funds} == {  # 实施期资金总额 100, 其中：财政拨款 100 (万元)
        ("实施期资金总额", Decimal("1000000.00")), ("财政拨款", Decimal("1000000.00"))}
    assert (bole.indicators[0].indicator, bole.indicators[0].target) == ("指标:伯乐奖补助", "按项目标准")
    assert len(next(e for e in evaluations if e.project == "高技能人才奖励资金").indicators) == 9
    property_fee = next(e for e in evaluations if e.project == "社保大厦物业费")
    assert {(f.fund_line, f.amount) for f in property_fee.funds} == {
        ("实施期资金总额", Decimal("1235000.00")), ("财政拨款", Decimal("1235000.00"))}  # 其他资金 printed blank
    assert (property_fee.indicators[0].indicator, property_fee.indicators[0].target) == (
        "物业管理面积;服务人次", "17839平方米;每天3000人次")
    # 技工学校国家助学金和免学费 prints its indicators without the header row that names their columns
    assert [(t.pages, "no header row" in t.note) for t in unread] == [([63, 64], True)]


def test_two_targets_under_one_key_are_reported():
    # Fuzhou 鼓楼 p24: 污染物指标年均浓度 twice under 效益指标/生态效益指标, ≤37 and ≤20 微克/立方米, nothing printed
    # to tell them apart: the key (一级, 二级, 三级指标) cannot hold both
    evaluations, unread = performance_of(REAL / "fj-fuzhou_gulou-shengtai-huanjing-ju_2026_budget_unit.pdf")
    assert evaluations == []
    assert "'≤37微克/立方米' / '≤20微克/立方米'" in unread[0].note and unread[0].pages == [23, 24]


def test_a_level_column_drawn_without_rules_is_reported():
    # Xi'an 安监局 2019: on p35 and p41 the 一级指标 cell runs the whole page with no rule, so the grid leaves the
    # column out and 产出指标 is printed beside it; read, its rows would say no 一级指标
    evaluations, unread = performance_of(REAL / "sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables.pdf")
    assert evaluations == []
    assert [(t.pages[0], t.note.split(":")[0]) for t in unread] == [(33, "p35"), (39, "p41")]
    assert all("level1 column" in t.note for t in unread)


def test_a_cell_line_ending_in_biao_does_not_end_the_table():
    # 西南大学 2023 p21 prints 教师在国内外重要期刊发表 / 代表性论文数量 in a cell: not a title
    evaluations, _ = performance_of(REAL / "cn-central_xinan-daxue_2023_budget_dept.pdf")
    first_class = next(e for e in evaluations if e.project == "236中央高校建设世界一流大学(学科)和特色发展引导专项")
    assert len(first_class.indicators) == 18 and {i.page for i in first_class.indicators} == {21}
    assert first_class.indicators[9].indicator == "教师在国内外重要期刊发表代表性论文数量"


def test_changchun_lists_its_projects_with_their_unit():
    # 项目支出绩效目标表预算表(预算表11), p16: 单位名称 | 项目名称 | 年度资金总额(万元) | 年度绩效目标 | 一级/二级/三级指标 |
    # 指标解释 | 指标值 | 权重, its headings wrapped over lines; four projects, 474.56 万元 (p17: 项目支出预算474.56万元)
    evaluations, unread = performance_of(REAL / "jl-changchun_xinfangju_2026_budget_dept.pdf")
    assert unread == []
    assert [(e.project, sum(f.amount for f in e.funds)) for e in evaluations] == [
        ("2026年信访专项经费", Decimal("300000.00")), ("2026年信访接待中心运行费", Decimal("1160000.00")),
        ("2026年驻京经费", Decimal("3120000.00")), ("信访局临聘人员经费", Decimal("165600.00"))]
    special = evaluations[0]
    # the 单位名称 cell as printed, its code and name (105001 / 长春市 / 信访局); the 年度资金总额 line is 资金总额
    assert (special.implementing_unit, special.funds[0].fund_line) == ("105001长春市信访局", "资金总额")
    # p16: "专家评审 … >=2 次 40", "基层信访工作网络覆盖率 … >=100 百分比 20"
    assert [(i.level1, i.indicator, i.target, i.weight) for i in special.indicators[::2]] == [
        ("产出指标", "专家评审", ">=2次", Decimal("40")), ("效益指标", "基层信访工作网络覆盖率", ">=100百分比", Decimal("20"))]


# The census: a line that names a performance table as a title must be recognised; a page with a recognised title
# and a grid is read or reported; a page printing an indicator header right after a page of a read table is read or
# reported too.
_NAMES_PERFORMANCE = re.compile(r"绩效(?:目标|自评)")
_INDICATOR_HEADER = re.compile(r"三级指标|指标名称|指标内容")
_REFERENCE = ("详见", "见")  # 详见单位的项目绩效目标表: a sentence pointing to a table, not its title


def _census(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = read_pages(pdf)
        titles = {p.number: performance_titles(p) for p in pages}
        named = [(p.number, line.text) for p in pages if titles[p.number] or not _contents(p) for line in p.lines
                 if _NAMES_PERFORMANCE.search(line.text) and looks_like_table_title(line.text)
                 and not line.text.startswith(_REFERENCE) and not recognise_performance_title(line.text)]
        if not any(titles.values()) and not named:
            return None
        evaluations, unread = read_performance(path, pdf, pages)
        covered = ({e.page for e in evaluations} | {i.page for e in evaluations for i in e.indicators}
                   | {p for t in unread for p in t.pages})
        # a title over no grid is a heading (the table starts on the next page under its own title, or 无)
        missed_titles = [(n, [t.title for t in ts]) for n, ts in titles.items()
                         if ts and n not in covered and read_grids(pdf, [n])]
    finally:
        pdf.close()
    read = {e.page for e in evaluations} | {i.page for e in evaluations for i in e.indicators}
    missed_pages = [p.number for p in pages if p.number - 1 in read and p.number not in covered
                    and any(_INDICATOR_HEADER.search(line.text) for line in p.lines)]
    return named, missed_titles, missed_pages


def _contents(page) -> bool:
    return sum(1 for line in page.lines if looks_like_table_title(line.text)) >= 3


def test_census_every_performance_table_is_read_or_reported():
    misses = {}
    for path in [*sorted(REAL.glob("*.pdf")), SEED_PDF]:
        try:
            found = _census(path)
        except pdfium.PdfiumError:
            continue  # not a PDF we can open: the refusals' tests cover it
        if found and any(found):
            misses[path.name] = found
    assert misses == {}


def test_the_same_row_printed_twice_is_read_once():
    evaluation = PerformanceEvaluation("t", "target", "project", "p", None, None, None, 1)
    row = PerformanceIndicator("产出指标", "数量指标", "培训人数", "≥300人", None, None, Decimal("6"), None, None, 3)
    _printed_twice(row, replace(row, page=4), evaluation)
    assert evaluation.notes == ["p4: 培训人数 printed twice, the same row: read once"]
    other = replace(row, target="≥200人", page=4)
    with pytest.raises(ExtractionError, match="target '≥300人' / '≥200人'"):
        _printed_twice(row, other, evaluation)

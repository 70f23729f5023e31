"""The form reader on the layouts the corpus prints: the seed's 附件 (drawn off its columns in places), Xi'an's
110 pages of 绩效自评表, Putuo 万里's 财政项目支出绩效目标填报表; and the layouts it does not read, reported."""
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from etl.document import read_pages
from etl.parse import READERS, FormReader
from etl.parse.form_pages import read_performance
from etl.specs.performance import PERFORMANCE_SPECS, project_in_title, recognise_performance_title
from tests.conftest import REAL, SEED_PDF


def performance_of(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return read_performance(path, pdf, read_pages(pdf))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def seed():
    return performance_of(SEED_PDF)


def test_performance_tables_are_read_by_the_form_reader():
    assert READERS["form"] is FormReader
    assert {spec.reader for spec in PERFORMANCE_SPECS} == {"form"}


@pytest.mark.parametrize("line, key, project", [
    ("忻州市人民政府驻北京联络处部门整体绩效自评表", "performance_department_self_evaluation", None),
    ("更新公务用车项目支出绩效自评表", "performance_project_self_evaluation", "更新公务用车"),
    ("财政项目支出绩效目标填报表", "performance_project_target", None),
    ("表152022年部门整体支出绩效目标表", "performance_department_target", None),
    ("2026年部门整体绩效目标表", "performance_department_target", None),
    ("2019年专项资金整体支出绩效目标表", "performance_project_target", "专项资金整体支出"),
    ("详见单位的项目绩效目标表", None, None),
    ("备注:1.“年初预算数”项下的“目标申报数”和“预算编制数”为并列关系", None, None),
])
def test_titles(line, key, project):
    spec = recognise_performance_title(line)
    assert (spec.key if spec else None) == key
    if key and "project" in key and project:
        assert project_in_title(line) == project


def test_the_seed_prints_one_department_and_five_project_self_evaluations(seed):
    evaluations, unread = seed
    assert unread == []
    assert [(e.scope, e.project, e.total_score, e.grade, e.page) for e in evaluations] == [
        ("department", None, Decimal("99.79"), "优", 25),
        ("project", "更新公务用车", Decimal("93"), "优", 26),
        ("project", "二十大驻京维稳经费", Decimal("90"), "优", 28),
        ("project", "房屋租赁费", Decimal("100"), "优", 30),
        ("project", "特需业务经费", Decimal("90"), "优", 32),
        ("project", "驻京办业务经费", Decimal("100"), "优", 35),
    ]


def test_values_are_read_from_the_cell_they_are_drawn_in(seed):
    car = seed[0][1]
    funds = {(f.fund_line, f.measure): f.amount for f in car.funds}
    # the 财政资金 line is drawn one column off: its 执行率 100.00 stands under 资金结(转)余
    assert funds[("市区区财政资金", "balance")] == Decimal("1000000.00")
    assert funds[("市区区财政资金", "execution_rate")] == Decimal("10")
    special = seed[0][4]
    satisfaction = special.indicators[-1]
    # a row drawn off, whose wrapped cells go on over the page break: 分值 holds text, read as blank and noted
    assert (satisfaction.target, satisfaction.adjusted_target, satisfaction.weight, satisfaction.score) == (
        "进京上访人员满", "≥85%", None, Decimal("10"))
    assert special.notes == ["p32: ≥85% where a number is printed: read as blank"]


def test_the_department_block_is_keyed_by_its_breakdown(seed):
    department = seed[0][0]
    assert {f.breakdown for f in department.funds} == {"by_source", "by_use"}
    assert [i.level1 for i in department.indicators] == ["产出指标"] * 5 + ["效益指标"] * 3 + ["满意度指标"]
    assert {i.deviation for i in department.indicators} == {"产出指标"}  # one merged cell over nine rows


def test_xian_prints_89_self_evaluations():
    evaluations, unread = performance_of(REAL / "sn-xian_weisheng-jiankang-wei_2022_final_dept.pdf")
    assert unread == []
    assert [e.scope for e in evaluations].count("department") == 1 and len(evaluations) == 89
    cleaning = next(e for e in evaluations if e.project == "保洁项目")
    assert cleaning.total_score == Decimal("92.7")  # the 得分 column of 总分, beside its 分值 100
    assert {(f.fund_line, f.measure): f.amount for f in cleaning.funds}[("资金总额", "execution_rate")] == Decimal("77.26")
    assert cleaning.indicators[0].level1 == "产出指标(50分)"


def test_putuo_wanli_prints_label_and_amount_pairs():
    evaluations, unread = performance_of(REAL / "sh-putuo_wanli-jiedao_2023_budget_dept.pdf")
    assert unread == [] and len(evaluations) == 5
    centre = evaluations[0]
    assert (centre.phase, centre.project, centre.implementing_unit) == (
        "target", "新建万里街道社区公共服务中心", "上海市普陀区人民政府万里街道办事处")
    assert {f.fund_line: f.amount for f in centre.funds} == {
        "项目资金总额": Decimal("4100000.00"), "年度资金申请总额": Decimal("4100000.00"),
        "当年财政拨款": Decimal("4100000.00"), "财政资金": Decimal("4100000.00"), "上年结转资金": Decimal("0.00"),
        "项目资金总额/其他资金": Decimal("0.00"), "年度资金申请总额/其他资金": Decimal("0.00")}
    assert {f.measure for f in centre.funds} == {"total"}
    assert centre.indicators[0].target == "≥13459.00(平方米)"


def test_a_layout_it_does_not_read_is_reported_not_loaded():
    evaluations, unread = performance_of(REAL / "bj-city_shenjiju_2026_budget_dept_tables.pdf")
    assert {e.scope for e in evaluations} == {"project"}  # its 预算表12 (tests/test_performance_lists.py)
    assert [(t.table_key, t.status) for t in unread] == [("performance_department_target", "unreadable")]

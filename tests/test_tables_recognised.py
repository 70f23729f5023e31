"""Every standard table recognised, with a key: 政府采购 tables in each region's title and layout, the detail tables
(基本支出, 项目支出, the 一般公共预算 tables by the other classification), Xi'an's 政府性基金收支表 and the reasons
the tables left unrecognised are no standard table. Real PDFs in, the facts printed out (万元 × 10000 = 元).
"""
from decimal import Decimal
from functools import lru_cache

import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument
from etl.specs import recognise_title
from etl.specs.unrecognised import unrecognised_reason
from etl.vocabulary import Severity, TableStatus, UnrecognisedReason
from tests.conftest import REAL


@lru_cache(maxsize=None)
def doc(name: str) -> ExtractedDocument:
    result = extract(REAL / f"{name}.pdf")
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    return result


def facts(name: str, table: str) -> dict[tuple, Decimal]:
    """(function_code or economic_code or item or project, measure) → amount."""
    return {(f.function_code or f.economic_code or f.item or f.project, f.measure): f.amount
            for f in doc(name).facts if f.table_key == table}


def wan(amount: str) -> Decimal:
    return Decimal(amount) * 10000


BEIJING, CHONGQING, SUZHOU = ("bj-city_shenjiju_2026_budget_dept_tables", "cq-city_zhengfu-bangongting_2026_budget_dept",
                              "js-suzhou_shenjiju_2026_budget_dept")
YANTAI, XIAN, XIAN_2021 = ("sd-yantai_shenjiju_2026_budget_dept", "sn-xian_shenjiju_2026_budget_dept",
                           "sn-xian_shiwei-xuanchuanbu_2021_budget_dept")
SHENZHEN, GUANGZHOU, FUZHOU = ("gd-shenzhen_caizhengju_2026_budget_dept", "gd-guangzhou_tongjiju_2026_budget_dept",
                               "fj-fuzhou_shangwuju_2026_budget_dept")
CHANGCHUN, HANGZHOU = "jl-changchun_xinfangju_2026_budget_dept", "zj-hangzhou_qixiangju_2026_budget_dept"


def test_beijing_procurement_by_category_under_a_title_run_into_its_unit_line():
    # 预算10表政府采购预算明细表金额单位:万元: one line; the grid's own caption names the table
    assert facts(BEIJING, "procurement") == {("A-货物", "value"): wan("238.779600"),
                                             ("C-服务", "value"): wan("4749.949530"),
                                             ("合计", "value"): wan("4988.729130")}
    # the page before keeps its own table: the 三公 table does not run on into the procurement grid
    assert not [f for f in doc(BEIJING).findings if f.severity == Severity.EXTRACTION]


def test_chongqing_procurement_by_category_and_funding_source():
    got = facts(CHONGQING, "procurement")
    assert got[("合计", "value")] == wan("4542.69")
    assert got[("服务", "general_public_budget")] == wan("4432.69")
    assert got[("货物", "general_public_budget")] == wan("110.00")


def test_suzhou_procurement_outline_over_its_label_columns():
    got = facts(SUZHOU, "procurement")
    assert got[("合计", "value")] == wan("188.50")
    assert got[("苏州市审计局/区域重点项目协审经费/委托业务费/审计服务/分散采购", "value")] == wan("170.00")
    # the unit's line under 货物 and again under 服务, with two amounts: no single row
    assert ("苏州市审计局", "value") not in got


def test_yantai_procurement_by_function_code():
    assert facts(YANTAI, "procurement") == {
        (code, measure): wan("5.80") for code in ("合计", "201", "20108", "2010804") for measure in ("value", "unit_funds")}


def test_xian_procurement_by_function_code_its_rows_agreeing_or_a_gap():
    assert facts(XIAN, "procurement") == {("合计", "value"): Decimal("4020000.00")}
    table = next(t for t in doc(XIAN).tables if t.table_key == "procurement")
    assert table.status == TableStatus.READ and all(c.coverage for c in table.cells if c.amount is not None)


def test_xian_government_fund_summary_read_like_the_summary():
    got = facts(XIAN_2021, "government_fund_summary")
    assert got[("政府性基金拨款", "income")] == Decimal("0.00")
    assert got[("科学技术支出", "expenditure")] == Decimal("0.00")
    assert got[("本年支出合计", "expenditure")] == Decimal("0.00")
    assert "government_fund" not in {f.table_key for f in doc(XIAN_2021).facts}
    assert not [f for f in doc(XIAN_2021).findings if f.severity == Severity.EXTRACTION]


def test_xian_general_budget_tables_by_the_other_classification():
    economic = facts(XIAN, "general_budget_expenditure_economic")
    assert economic[("30101", "total")] == economic[("30101", "personnel")] == Decimal("7059565.80")
    assert economic[("302", "project")] == Decimal("6508680.00")
    basic = facts(XIAN, "general_budget_basic_function")
    assert (basic[("2010801", "total")], basic[("2010801", "personnel")], basic[("2010801", "public_expense")]) == (
        Decimal("23382409.50"), Decimal("21523949.82"), Decimal("1858459.68"))


def test_xian_project_list_its_units_lines_no_projects():
    got = facts(XIAN, "project_expenditure")
    assert got[("合计", "total")] == Decimal("8490507.50")
    assert got[("审计专项补助经费(结转)", "total")] == Decimal("981827.50")
    assert ("西安市审计局", "total") not in got


def test_fuzhou_whole_general_budget_spending_by_economic_class():
    got = facts(FUZHOU, "general_budget_expenditure_economic")
    assert got[("合计", "total")] == wan("23195.94")
    assert got[("302", "total")] == wan("19637.13")
    assert facts(FUZHOU, "general_budget_economic")  # the 基本支出 table beside it keeps its own key


def test_shenzhen_basic_and_project_tables():
    assert facts(SHENZHEN, "basic_expenditure")[("30101", "total")] == wan("1398.46")
    projects = facts(SHENZHEN, "project_expenditure")
    assert projects[("财政监督管理业务", "total")] == wan("1509.83")
    assert ("深圳市财政局(本级)", "total") not in projects


def test_guangzhou_project_spending_by_economic_class_and_its_project_list():
    assert facts(GUANGZHOU, "general_budget_project_economic")[("30202", "total")] == wan("355.90")
    assert facts(GUANGZHOU, "project_expenditure")[("广州市采购经理人指数调查编制工作经费", "total")] == wan("100.00")
    assert facts(GUANGZHOU, "basic_expenditure")[("合计", "total")] == wan("8401.67")


def test_yantai_project_names_printed_twice_are_a_gap():
    got = facts(YANTAI, "project_expenditure")
    assert got[("烟台市智慧审计平台等保测评服务", "general_public_budget")] == wan("4.50")
    assert ("审计业务经费", "total") not in got


def test_changchun_project_outline_and_state_capital_variant():
    got = facts(CHANGCHUN, "project_expenditure")
    assert got[("部门特定目标类项目/综合管理/2026信访专项经费", "total")] == wan("30.00")
    assert {t.table_key: t.status for t in doc(CHANGCHUN).tables}["state_capital"] == TableStatus.PRINTED_EMPTY


def test_hangzhou_projects_of_several_units_are_keyed_by_their_unit():
    got = {(f.budget_unit, f.project or f.item): f.amount
           for f in doc(HANGZHOU).facts if f.table_key == "project_expenditure" and f.measure == "total"}
    assert got == {(None, "合计"): wan("2131.61"), ("杭州市气象局", "气象业务建设"): wan("1097.02"),
                   ("杭州市气象局", "气象设施维护及科普"): wan("887.90"),
                   ("杭州市气象服务中心(杭州市预警信息发布中心)", "专业系统维护及科普"): wan("146.69")}


@pytest.mark.parametrize("title, key", [
    ("2021年部门综合预算政府采购(资产配置、购买服务)预算表(不含上", "procurement"),  # wrapped inside its bracket
    ("十、政府性基金财政拨款支出预算表", "government_fund"),
    ("国有资本经营预算支出明细表(预算表10)", "state_capital"),
    ("2026年度一般公共预算支出经济分类情况表", "general_budget_expenditure_economic"),
    ("2021年部门综合预算一般公共预算基本支出明细表(按支出功", "general_budget_basic_function"),
    ("表112020年部门综合预算财政拨款上年结转资金支出表", "appropriation_carryover"),
])
def test_regional_titles(title, key):
    assert recognise_title(title, None).key == key


@pytest.mark.parametrize("title, reason", [
    ("预算11表财政拨款政府购买服务明细表", UnrecognisedReason.SERVICE_PURCHASES),
    ("2026年部门综合预算公开报表", UnrecognisedReason.CONTENTS),
    ("会议费明细表", UnrecognisedReason.EXPENSE_LIST),
    ("预算支出情况构成表", UnrecognisedReason.CHART),
    ("表2:综合评价得分情况表", UnrecognisedReason.PERFORMANCE),
    ("表8国有资本经营预算财政拨款支出决算表是本部门不涉及故公开空表", UnrecognisedReason.NARRATIVE),
])
def test_the_reason_a_table_is_no_standard_table(title, reason):
    assert recognise_title(title, None) is None
    assert unrecognised_reason(title) == reason

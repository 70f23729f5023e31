"""Central (国家信访局, 西南大学) and Guangdong (佛山, 深圳, 广州, 珠海) layouts: real PDFs in, exact facts out.

The expected amounts were read by hand from the PDFs' text (万元 × 10000 = 元).
"""
from decimal import Decimal
from functools import lru_cache

import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument
from etl.vocabulary import CellCoverage
from tests import grids
from tests.conftest import REAL


@lru_cache(maxsize=None)
def doc(name: str) -> ExtractedDocument:
    result = extract(REAL / f"{name}.pdf")
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    return result


def fact(name: str, table: str, measure: str, code: str | None = None, item: str | None = None) -> Decimal | None:
    key_field = "economic_code" if table == "general_budget_economic" else "function_code"
    key = (table, code if key_field == "function_code" else None, code if key_field == "economic_code" else None,
           item, measure, None, None, None)  # the department's own rows: no unit, project or 政府经济分类
    return next((f.amount for f in doc(name).facts if f.key == key), None)


def tables(name: str) -> dict[str, list[int]]:
    return {t.table_key: t.pages for t in doc(name).tables if t.table_key}


def note(name: str, table: str) -> str | None:
    return next(t.note for t in doc(name).tables if t.table_key == table)


def yuan(wan: str) -> Decimal:
    return (Decimal(wan) * 10000).quantize(Decimal("0.01"))


XINFANG_FINAL = "cn-central_guojia-xinfangju_2024_final_dept"
XINFANG_BUDGET = "cn-central_guojia-xinfangju_2026_budget_dept"
FOSHAN = "gd-foshan_guidao-jiaotong-ju_2019_final_dept"
SZ_FINANCE = "gd-shenzhen_caizhengju_2026_budget_dept"
SZ_CIVIL = "gd-shenzhen_minzhengju_2026_budget_dept"
GUANGZHOU = "gd-guangzhou_tongjiju_2026_budget_dept"
ZHUHAI = "gd-zhuhai_shangwuju_2026_budget_dept"


@pytest.mark.parametrize("name, identity", [
    (XINFANG_FINAL, ("国家信访局", 2024, "final", "department")),
    (XINFANG_BUDGET, ("国家信访局", 2026, "budget", "department")),
    ("cn-central_xinan-daxue_2021_budget_dept", ("西南大学", 2021, "budget", "department")),
    ("cn-central_xinan-daxue_2023_budget_dept", ("西南大学", 2023, "budget", "department")),
    ("cn-central_xinan-daxue_2024_budget_dept", ("西南大学", 2024, "budget", "department")),
    (FOSHAN, ("佛山市轨道交通局", 2019, "final", "department")),
    (SZ_FINANCE, ("深圳市财政局(本级)", 2026, "budget", "department")),
    (SZ_CIVIL, ("深圳市民政局(本级)", 2026, "budget", "department")),
    (GUANGZHOU, ("广州市统计局", 2026, "budget", "department")),
    (ZHUHAI, ("珠海市商务局", 2026, "budget", "department")),
])
def test_identity(name, identity):
    i = doc(name).identity
    assert (i.department, i.fiscal_year, i.report_kind, i.report_level) == identity


# --- 国家信访局 2024 决算: nine 公开 tables, 三公 is 公开09 ----------------------------------------

def test_central_final_reads_all_nine_tables():
    assert tables(XINFANG_FINAL) == {
        "income_expenditure_summary": [7], "income": [8], "expenditure": [9], "appropriation_summary": [10],
        "general_budget_expenditure": [11], "general_budget_economic": [12], "government_fund": [13],
        "state_capital": [14], "three_public": [15]}
    assert note(XINFANG_FINAL, "government_fund") == note(XINFANG_FINAL, "state_capital") == "printed empty"
    assert len(doc(XINFANG_FINAL).facts) == 249


def test_central_final_summary_and_income():
    f = lambda table, measure, code=None, item=None: fact(XINFANG_FINAL, table, measure, code, item)  # noqa: E731
    assert f("income_expenditure_summary", "income", item="一般公共预算财政拨款收入") == yuan("19572.91")
    assert f("income_expenditure_summary", "expenditure", item="住房保障支出") == yuan("980.85")
    assert f("income_expenditure_summary", "expenditure", item="年末结转和结余") == yuan("7494.06")
    assert f("income_expenditure_summary", "income", item="总计") == yuan("22066.59")
    assert f("income", "total", "2014003") == yuan("839.13")
    assert f("income", "fiscal_appropriation", "2014003") == yuan("229.19")
    assert f("income", "other_income", "2014003") == yuan("609.94")
    assert f("expenditure", "project", "2014004") == yuan("2066.84")
    assert f("expenditure", "basic", "2014004") is None
    assert f("appropriation_summary", "income", item="年初财政拨款结转和结余/一般公共预算财政拨款") == yuan("1154.62")


def test_central_final_economic_table_totals_are_merged_labels():
    """人员经费合计 / 公用经费合计: words merged over code, name and amount columns label the row."""
    assert fact(XINFANG_FINAL, "general_budget_economic", "total", item="人员经费合计") == yuan("7967.72")
    assert fact(XINFANG_FINAL, "general_budget_economic", "total", item="公用经费合计") == yuan("2266.65")
    assert fact(XINFANG_FINAL, "general_budget_economic", "total", "30239") == yuan("321.42")
    assert fact(XINFANG_FINAL, "general_budget_economic", "total", "31099") == yuan("2.58")


def test_central_final_three_public_has_budget_and_final_groups():
    got = {f.measure: f.amount for f in doc(XINFANG_FINAL).facts if f.table_key == "three_public"}
    assert got == {
        "budget_total": yuan("76.43"), "budget_outbound_travel": yuan("30.00"), "budget_vehicle_total": yuan("40.63"),
        "budget_vehicle_operation": yuan("40.63"), "budget_reception": yuan("5.80"),
        "final_total": yuan("46.21"), "final_outbound_travel": yuan("4.69"), "final_vehicle_total": yuan("40.61"),
        "final_vehicle_operation": yuan("40.61"), "final_reception": yuan("0.90")}


# --- 国家信访局 2026 预算: 部门公开表1–9 ------------------------------------------------------------

def test_central_budget_reads_its_nine_tables():
    assert tables(XINFANG_BUDGET) == {
        "income_expenditure_summary": [5], "income": [6], "expenditure": [7, 8], "appropriation_summary": [9],
        "general_budget_expenditure": [10, 11], "general_budget_economic": [12, 13], "government_fund": [14],
        "state_capital": [15], "three_public": [16]}


def test_central_budget_income_table_without_key_columns_is_its_totals_line():
    got = {f.measure: f.amount for f in doc(XINFANG_BUDGET).facts if f.table_key == "income"}
    assert got == {"total": yuan("50616.94"), "carryover": yuan("2254.12"),
                   "general_public_budget": yuan("16474.82"), "other_income": yuan("31888.00")}
    assert all(f.item == "合计" for f in doc(XINFANG_BUDGET).facts if f.table_key == "income")


def test_central_budget_summaries():
    f = lambda table, measure, item: fact(XINFANG_BUDGET, table, measure, item=item)  # noqa: E731
    assert f("income_expenditure_summary", "income", "本年收入合计") == yuan("48362.82")
    assert f("income_expenditure_summary", "expenditure", "本年支出合计") == yuan("50616.94")
    assert f("income_expenditure_summary", "income", "上年结转") == yuan("2254.12")
    assert f("appropriation_summary", "expenditure_total", "一般公共服务支出") == yuan("15291.30")
    assert f("appropriation_summary", "income", "上年结转/一般公共预算拨款") == yuan("2254.12")
    assert f("appropriation_summary", "expenditure_total", "支出总计") == yuan("18728.94")


def test_central_budget_general_expenditure_reads_this_years_columns_only():
    """2025 执行数 is last year's fact and the 增减 columns are derived: neither is loaded."""
    got = {f.measure: f.amount for f in doc(XINFANG_BUDGET).facts
           if f.table_key == "general_budget_expenditure" and f.function_code == "2014099"}
    assert got == {"total": yuan("3623.98"), "project": yuan("3623.98"),
                   "total_excl_capital_construction": yuan("3623.98")}
    assert fact(XINFANG_BUDGET, "general_budget_expenditure", "basic", item="合计") == yuan("9880.88")
    assert fact(XINFANG_BUDGET, "general_budget_economic", "public_expense", "30212") == yuan("30.36")
    assert fact(XINFANG_BUDGET, "general_budget_economic", "personnel", item="合计") == yuan("7504.62")


def test_central_budget_three_public():
    got = {f.measure: f.amount for f in doc(XINFANG_BUDGET).facts if f.table_key == "three_public"}
    assert got == {"budget_total": yuan("112.61"), "budget_outbound_travel": yuan("68.50"),
                   "budget_vehicle_total": yuan("38.60"), "budget_vehicle_operation": yuan("38.60"),
                   "budget_reception": yuan("5.51")}


# --- 西南大学 budgets: four tables ------------------------------------------------------------------

@pytest.mark.parametrize("year, summary_pages, facts", [(2021, [6, 7], 162), (2023, [7], 231), (2024, [8], 140)])
def test_university_budget_reads_its_four_tables(year, summary_pages, facts):
    name = f"cn-central_xinan-daxue_{year}_budget_dept"
    assert set(tables(name)) == {"income_expenditure_summary", "income", "expenditure", "appropriation_expenditure"}
    assert tables(name)["income_expenditure_summary"] == summary_pages
    assert len(doc(name).facts) == facts


def test_university_2021_summary_continues_above_the_next_title():
    """收入总计/支出总计 sit on the page of the 收入预算表 title, above it."""
    name = "cn-central_xinan-daxue_2021_budget_dept"
    assert fact(name, "income_expenditure_summary", "income", item="收入总计") == yuan("490808.40")
    assert fact(name, "income_expenditure_summary", "expenditure", item="支出总计") == yuan("490808.40")
    assert fact(name, "income", "business_income_education_fees", "2050205") == yuan("73820.47")


def test_university_2023_income_columns():
    name = "cn-central_xinan-daxue_2023_budget_dept"
    f = lambda measure, code=None, item=None: fact(name, "income", measure, code, item)  # noqa: E731
    assert f("non_appropriation_balance_used", item="合计") == yuan("59972.79")
    assert f("carryover", item="合计") == yuan("93801.70")
    assert f("non_appropriation_balance_used", "2210203") == yuan("681.04")
    assert f("business_income_education_fees", "2050204") == yuan("950.00")
    assert fact(name, "appropriation_expenditure", "total", item="合计") == yuan("230876.38")
    assert fact(name, "income_expenditure_summary", "income", item="其中:捐赠收入") == yuan("1000.00")
    # the university's own line (105236 西南大学) under 合计 repeats it: no fact, and said so cell by cell
    assert note(name, "expenditure") is None
    table = next(t for t in doc(name).tables if t.table_key == "expenditure")
    assert {c.coverage for c in table.cells if c.ref.row == 2 and c.amount is not None} == {CellCoverage.REPEATED}


def test_university_2024_income_is_its_totals_line():
    got = {f.measure: f.amount for f in doc("cn-central_xinan-daxue_2024_budget_dept").facts if f.table_key == "income"}
    assert got == {"total": yuan("445059.97"), "fiscal_appropriation": yuan("244675.66"),
                   "business_income": yuan("141934.81"), "business_income_education_fees": yuan("86701.51"),
                   "other_income": yuan("58449.50")}


# --- 佛山 2019 决算: every title printed again on every page of its table ---------------------------------

def test_foshan_tables_over_several_pages_are_one_table_each():
    assert [(t.table_key, t.pages) for t in doc(FOSHAN).tables] == [
        ("income_expenditure_summary", [5, 6, 7]), ("income", [8, 9]), ("expenditure", [10, 11]),
        ("appropriation_summary", [12, 13, 14]), ("general_budget_expenditure", [15, 16]),
        ("general_budget_economic", [17, 18, 19, 20]), ("three_public", [21]), ("government_fund", [22, 23])]
    assert len(doc(FOSHAN).facts) == 510


def test_foshan_facts():
    f = lambda table, measure, code=None, item=None: fact(FOSHAN, table, measure, code, item)  # noqa: E731
    assert f("income_expenditure_summary", "expenditure", item="交通运输支出") == yuan("1531.04")
    assert f("income_expenditure_summary", "expenditure", item="年末结转和结余") == yuan("0.01")
    assert f("income_expenditure_summary", "income", item="总计") == yuan("1668.14")
    assert f("income", "fiscal_appropriation", "2140101") == yuan("609.29")
    assert f("income", "other_income", "2140101") == yuan("0.01")
    assert f("income", "total", "2210201") == yuan("60.87")
    assert f("expenditure", "project", "2140102") == yuan("905.60")
    assert f("appropriation_summary", "income", item="年初财政拨款结转和结余/政府性基金预算财政拨款") == Decimal("0.00")
    assert f("general_budget_economic", "total", item="公用经费合计") == yuan("97.19")
    assert f("three_public", "final_reception") == yuan("0.16")
    assert f("three_public", "budget_total") == Decimal("0.00")


# --- 深圳 2026 预算: 预算单位 column, 三公 by year and funding source ---------------------------------------

@pytest.mark.parametrize("name", [SZ_FINANCE, SZ_CIVIL])
def test_shenzhen_table_set(name):
    assert set(tables(name)) == {"income_expenditure_summary", "income", "expenditure", "appropriation_summary",
                                 "general_budget_expenditure", "general_budget_economic", "three_public",
                                 "government_fund", "state_capital", "basic_expenditure", "project_expenditure"}
    assert note(name, "three_public") == "2 rows without a subject code not loaded: 2025年, 增减变化金额"


def test_shenzhen_single_unit_line_is_the_table_total():
    got = {f.measure: f.amount for f in doc(SZ_FINANCE).facts if f.table_key == "income"}
    assert got["total"] == yuan("37385.88") and got["general_public_budget"] == yuan("36989.05")
    assert got["carryover"] == yuan("396.83")
    assert all(f.item == "合计" for f in doc(SZ_FINANCE).facts if f.table_key == "income")
    assert fact(SZ_FINANCE, "expenditure", "basic", item="合计") == yuan("11024.31")


def test_shenzhen_code_tables():
    f = lambda table, measure, code: fact(SZ_FINANCE, table, measure, code)  # noqa: E731
    assert f("expenditure", "total", "2010602") == yuan("11732.23")
    assert f("expenditure", "procurement", "2010602") == yuan("1117.96")
    assert f("expenditure", "procurement_sme_reserved", "2010602") == yuan("8.90")
    assert f("general_budget_economic", "project", "302") == yuan("13705.13")
    assert f("general_budget_economic", "basic", "30101") == yuan("1398.46")
    assert fact(SZ_CIVIL, "government_fund", "project", "2296002") == yuan("19336.15")


def test_shenzhen_summary_names_subjects_without_codes():
    f = lambda measure, item: fact(SZ_FINANCE, "income_expenditure_summary", measure, item=item)  # noqa: E731
    assert f("expenditure", "财政事务") == yuan("20563.76")
    assert f("income", "一般公共预算拨款") == yuan("36989.05")
    assert f("income", "上年结余、结转/财政拨款结余、结转") == yuan("396.83")
    assert f("expenditure", "支出总计") == yuan("37385.88")


@pytest.mark.parametrize("name, expected", [
    (SZ_FINANCE, ("58.46", "41.60", "9.46", "7.40", "0.00", "7.40")),
    (SZ_CIVIL, ("66.00", "46.80", "15.00", "4.20", "0.00", "4.20")),
])
def test_shenzhen_three_public_reads_this_years_general_budget_line(name, expected):
    got = {f.measure: f.amount for f in doc(name).facts if f.table_key == "three_public"}
    measures = ("budget_total", "budget_outbound_travel", "budget_reception", "budget_vehicle_total",
                "budget_vehicle_purchase", "budget_vehicle_operation")
    assert got == {m: yuan(v) for m, v in zip(measures, expected)}


# --- 广州 / 珠海 2026 预算: rules drawn as filled polygons, codes in brackets, 三公 as rows ----------------------

@pytest.mark.parametrize("name", [GUANGZHOU, ZHUHAI])
def test_guangzhou_layout_table_set(name):
    assert set(tables(name)) == {"income_expenditure_summary", "income", "expenditure", "appropriation_summary",
                                 "general_budget_expenditure", "general_budget_economic", "three_public",
                                 "government_fund", "state_capital", "general_budget_project_economic",
                                 "basic_expenditure", "project_expenditure"}
    assert note(name, "income") is None  # the units' own lines are facts of their budget_unit


def test_guangzhou_facts():
    f = lambda table, measure, code=None, item=None: fact(GUANGZHOU, table, measure, code, item)  # noqa: E731
    assert f("income_expenditure_summary", "income", item="预算拨款") == yuan("9433.72")
    assert f("income_expenditure_summary", "expenditure", item="支出总计") == yuan("9483.72")
    assert f("income", "total", item="合计") == yuan("9483.72")
    assert f("income", "other_income", item="合计") == yuan("50.00")
    assert f("expenditure", "project", "2010507") == yuan("611.02")
    assert f("expenditure", "total", "2299999") == yuan("50.00")
    assert f("appropriation_summary", "expenditure_total", item="住房保障支出") == yuan("764.12")
    assert f("general_budget_expenditure", "basic", "2080505") == yuan("175.83")  # [2080505] in the name cell
    assert f("general_budget_economic", "total", "31007") == yuan("5.00")
    assert f("general_budget_economic", "total", item="合计") == yuan("8401.67")
    assert f("state_capital", "total", item="合计") == Decimal("0.00")


@pytest.mark.parametrize("name, expected", [
    (GUANGZHOU, ("839.21", "19.86", "5.00", "6.70", "0.00", "6.70", "8.16")),
    (ZHUHAI, ("10884.55", "19.84", "13.20", "0.00", "0.00", "0.00", "6.64")),
])
def test_guangzhou_three_public_rows_name_the_measures(name, expected):
    got = {f.measure: f.amount for f in doc(name).facts if f.table_key == "three_public"}
    measures = ("budget_agency_operation", "budget_total", "budget_outbound_travel", "budget_vehicle_total",
                "budget_vehicle_purchase", "budget_vehicle_operation", "budget_reception")
    assert got == {m: yuan(v) for m, v in zip(measures, expected)}


def test_zhuhai_facts():
    f = lambda table, measure, code=None, item=None: fact(ZHUHAI, table, measure, code, item)  # noqa: E731
    assert f("income_expenditure_summary", "income", item="上年结转结余") == yuan("19904.01")
    assert f("income_expenditure_summary", "expenditure", item="商业服务业等支出") == yuan("20904.83")
    assert f("income", "carryover", item="合计") == yuan("19904.01")


# --- rows under several 预算单位 --------------------------------------------------------------------------

def test_three_public_by_unit_reads_the_totals_line():
    """A 三公 table listing 合计 and then each 单位名称: the 合计 line is the department's."""
    reader = grids.read("three_public", grids.grid(["单位名称", "合计", "因公出国(境)费", "公务接待费"],
                       ["合计", "9.30", "", "5.80"],
                       ["甲局", "7.50", "", "4.00"],
                       ["甲局服务中心", "0.45", "", "0.45"]), unit="万元")
    assert {f.measure: f.amount for f in reader.facts.values() if f.budget_unit is None} == {
        "budget_total": Decimal("93000.00"), "budget_reception": Decimal("58000.00")}
    assert {(f.budget_unit, f.measure) for f in reader.facts.values() if f.budget_unit} == {
        (unit, m) for unit in ("甲局", "甲局服务中心") for m in ("budget_total", "budget_reception")}  # each unit's line
    assert reader.unkeyed == []

"""Xi'an, Beijing, Fujian and Changsha disclosures in, their printed facts out.

Every expected amount below was read by hand from the PDF's text (page given) and is in 元.
Per file: the identity, the standard tables recognised, and a few exact facts of the summary,
a table by subject code and the "三公" table. Also what must not be loaded: rows of budget units,
last year's columns, keys printed on several rows.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache

import psycopg
import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument, RefusedDocument
from tests.conftest import REAL
from warehouse.cli import main

XIAN_BUDGET = ["income_expenditure_summary", "income", "expenditure", "appropriation_summary",
               "general_budget_expenditure", "general_budget_expenditure_economic", "general_budget_basic_function",
               "general_budget_economic", "government_fund_summary", "project_expenditure", "appropriation_carryover",
               "procurement", "three_public"]
NINE_FINAL = ["income_expenditure_summary", "income", "expenditure", "appropriation_summary",
              "general_budget_expenditure", "general_budget_economic", "government_fund", "state_capital",
              "three_public"]
FUJIAN = ["income_expenditure_summary", "income", "expenditure", "appropriation_summary", "general_budget_expenditure",
          "government_fund", "state_capital", "general_budget_expenditure_economic", "general_budget_economic",
          "three_public"]
BEIJING = [*NINE_FINAL, "procurement"]
CHANGSHA = ["income_expenditure_summary", "income", "expenditure", "appropriation_summary",
            "general_budget_expenditure", "general_budget_economic", "three_public", "government_fund"]


@cache
def read(name: str) -> ExtractedDocument | RefusedDocument:
    return extract(REAL / f"{name}.pdf")


def facts_of(name: str) -> dict[tuple, Decimal]:
    """(table, function code / economic code / item or None, measure) → amount."""
    return {(f.table_key, f.function_code or f.economic_code or f.item, f.measure): f.amount for f in read(name).facts
            if f.budget_unit is None}  # the department's own: a unit's figures are keyed by it too


# name: (department, year, kind, level), tables in order, {(table, key, measure): amount}
DOCUMENTS = {
    "sn-xian_qixiangju_2022_budget_dept": (
        ("西安市气象局", 2022, "budget", "department"), XIAN_BUDGET, {
            # p18 表1: four halves (收入 | 功能 | 部门经济 | 政府经济); explicit 0.00 is a fact
            ("income_expenditure_summary", "一般公共预算拨款", "income"): "18999011.66",
            ("income_expenditure_summary", "其中:专项资金列入部门预算的项目", "income"): "0.00",
            ("income_expenditure_summary", "自然资源海洋气象等支出", "expenditure"): "18803323.32",
            ("income_expenditure_summary", "对事业单位经常性补助", "expenditure"): "1839311.66",
            ("income_expenditure_summary", "上年结转/其中:财政拨款资金结转", "income"): "0.00",
            ("income_expenditure_summary", "支出总计", "expenditure"): "18999011.66",
            # p19 表2: only the 合计 row is the department's
            ("income", "合计", "general_public_budget"): "18999011.66",
            ("expenditure", "合计", "total"): "18999011.66",
            # p22 表5 (专项业务经费支出 is the project column)
            ("general_budget_expenditure", "2200504", "total"): "4699323.32",
            ("general_budget_expenditure", "2200504", "project"): "3055700.00",
            ("general_budget_expenditure", "2080506", "personnel"): "43608.96",
            # p25 表8
            ("general_budget_economic", "30199", "personnel"): "587700.36",
            ("general_budget_economic", "302", "public_expense"): "106691.00",
            # p30 表13: the 2022年 group only (2021年 printed 12240 as 合计)
            ("three_public", None, "budget_grand_total"): "0",
            ("three_public", None, "budget_total"): "0",
            ("three_public", None, "budget_training"): "0",
        }),
    "sn-xian_shenjiju_2026_budget_dept": (
        ("西安市审计局(汇总)", 2026, "budget", "department"), XIAN_BUDGET, {
            ("income_expenditure_summary", "部门预算", "income"): "41052896.08",
            ("income_expenditure_summary", "部门预算", "expenditure"): "42034723.58",
            ("income_expenditure_summary", "上年实户资金余额", "income"): "981827.50",
            ("income", "合计", "total"): "42034723.58",
            ("income", "合计", "other_income"): "1000000.00",
            ("general_budget_expenditure", "2010801", "public_expense"): "1858459.68",
            ("general_budget_economic", "30239", "personnel"): "1169532.00",
            ("general_budget_economic", "302", "total"): "3055383.68",
            # p35 当年 group: 合计 332,000 = 三公 102,000 + 会议费 20,000 + 培训费 210,000
            ("three_public", None, "budget_grand_total"): "332000.00",
            ("three_public", None, "budget_total"): "102000.00",
            ("three_public", None, "budget_vehicle_operation"): "82000.00",
            ("three_public", None, "budget_training"): "210000.00",
        }),
    "sn-xian_xingzheng-shenpi-fuwu-ju_2025_budget_dept": (
        ("西安市行政审批服务局(汇总)", 2025, "budget", "department"), XIAN_BUDGET, {
            ("income_expenditure_summary", "其中:专项资金列入部门预算的项目", "income"): "11815120.00",
            ("income_expenditure_summary", "机关资本性支出", "expenditure"): "12385520.00",
            ("income_expenditure_summary", "本年支出合计", "expenditure"): "50937608.35",
            ("three_public", None, "budget_grand_total"): "264600.00",
            ("three_public", None, "budget_reception"): "20000.00",
            ("three_public", None, "budget_meeting"): "19600.00",
        }),
    "sn-xian_shiwei-xuanchuanbu_2021_budget_dept": (
        ("中共西安市委宣传部", 2021, "budget", "department"), XIAN_BUDGET, {
            ("income_expenditure_summary", "其中:专项资金列入部门预算的项目", "income"): "200000000.00",
            ("income_expenditure_summary", "住房保障支出", "expenditure"): "2924404.07",  # p17, 表1 continued
            ("income_expenditure_summary", "收入总计", "income"): "258596001.79",  # p18
            # p41: the source's 合计 is not the sum of its parts (65,100 + 320,000 + 1,096,000): as printed
            ("three_public", None, "budget_grand_total"): "1171100.00",
            ("three_public", None, "budget_reception"): "65100.00",
            ("three_public", None, "budget_training"): "1096000.00",
        }),
    "sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept": (
        ("西安市人力资源和社会保障局", 2020, "budget", "department"), XIAN_BUDGET, {
            # 万元
            ("income_expenditure_summary", "一般公共预算拨款收入", "income"): "1817165600.00",
            ("income_expenditure_summary", "对社会保障基金补助", "expenditure"): "687000000.00",
            ("income_expenditure_summary", "收入总计", "income"): "1821571300.00",
            # p33 prints the 款 without its 类: 10 under 201 is 20110
            ("general_budget_expenditure", "20110", "project"): "565200.00",
            ("general_budget_expenditure", "2050303", "personnel"): "4129100.00",
            ("three_public", None, "budget_grand_total"): "1783400.00",
            ("three_public", None, "budget_vehicle_operation"): "260000.00",
            ("three_public", None, "budget_training"): "1114900.00",
        }),
    "sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables": (
        ("西安市安全生产监督管理局", 2019, "budget", "department"), XIAN_BUDGET, {
            ("income_expenditure_summary", "灾害防治及应急管理", "expenditure"): "32715400.00",
            ("income_expenditure_summary", "上年实户资金余额", "income"): "409300.00",
            ("income", "合计", "total"): "36959100.00",  # 总计 and 部门预算/合计 print the same
            ("general_budget_expenditure", "合计", "project"): "16209800.00",
            ("general_budget_economic", "合计", "public_expense"): "1828800.00",
            # p32 2019年 group; 公务用车运行维护(费) printed cut short
            ("three_public", None, "budget_grand_total"): "837400.00",
            ("three_public", None, "budget_vehicle_operation"): "240000.00",
            ("three_public", None, "budget_training"): "363000.00",
        }),
    "sn-xian_weisheng-jiankang-wei_2022_final_dept": (
        ("西安市卫生健康委员会(汇总)", 2022, "final", "department"), NINE_FINAL, {
            # p146 公开01表 (万元)
            ("income_expenditure_summary", "事业收入", "income"): "11109721100.00",
            ("income_expenditure_summary", "年初结转和结余", "income"): "4652784800.00",
            ("income_expenditure_summary", "总计", "expenditure"): "24803727000.00",
            # p149, 收入决算表 continued
            ("income", "21099", "other_income"): "165118700.00",
            ("income", "2101102", "business_income"): "43548700.00",
            # p153
            ("appropriation_summary", "年初结转和结余/政府性基金预算财政拨款", "income"): "588309800.00",
            ("appropriation_summary", "本年支出合计", "expenditure_government_fund"): "5680516300.00",
            ("government_fund", "2290402", "opening_balance"): "588309800.00",
            ("general_budget_economic", "公用经费合计", "total"): "20930800.00",
            # p161: 预算数 and 决算数 rows
            ("three_public", None, "budget_total"): "5934600.00",
            ("three_public", None, "final_vehicle_operation"): "4509600.00",
            ("three_public", None, "final_reception"): "1100.00",
            ("three_public", None, "final_training"): "27957800.00",
        }),
    "bj-city_shenjiju_2026_budget_dept_tables": (
        ("北京市审计局", 2026, "budget", "department"), BEIJING, {
            # six decimals of 万元: exact to the 分
            ("income_expenditure_summary", "一般公共预算拨款收入", "income"): "323650900.89",
            ("income_expenditure_summary", "上年结转结余", "income"): "4719637.43",
            ("income", "合计", "carryover_unit_funds"): "351171.93",  # p2 prints one unlabelled row
            ("expenditure", "2050803", "project"): "132000.00",  # printed on one row only
            ("general_budget_expenditure", "2010806", "project"): "36133998.80",
            ("general_budget_economic", "30216", "public_expense"): "1096000.00",
            ("appropriation_summary", "上年结转结余/一般公共预算拨款", "income"): "4368465.50",
            ("three_public", None, "budget_total"): "2448480.00",
            ("three_public", None, "budget_vehicle_purchase"): "373800.00",
        }),
    "bj-city_zhengwu-fuwu-shuju-ju_2026_budget_dept_tables": (
        ("北京市政务服务和数据管理局", 2026, "budget", "department"), BEIJING, {
            ("income_expenditure_summary", "年终结转结余", "expenditure"): "678568.16",
            ("income_expenditure_summary", "收入总计", "income"): "1016730306.19",
            ("general_budget_expenditure", "2120399", "project"): "26055313.60",  # p9: no 扣除基建 figure
            ("general_budget_expenditure", "合计", "project_excl_capital_construction"): "607116733.83",
            ("three_public", None, "budget_total"): "801098.36",
            ("three_public", None, "budget_reception"): "72498.36",
        }),
    "fj-fuzhou_shangwuju_2026_budget_dept": (
        ("福州市商务局", 2026, "budget", "department"), FUJIAN, {
            ("income_expenditure_summary", "政府性基金预算拨款收入", "income"): "18000000.00",
            ("income_expenditure_summary", "本年支出合计", "expenditure"): "249959400.00",  # 24995.9|4 wrapped
            ("expenditure", "2011350", "project"): "166300.00",
            ("general_budget_expenditure", "合计", "project"): "193346900.00",
            ("general_budget_economic", "30226", "total"): "720000.00",
            # p24: printed transposed, one 预算数 column
            ("three_public", None, "budget_total"): "841000.00",
            ("three_public", None, "budget_outbound_travel"): "700000.00",
            ("three_public", None, "budget_vehicle_purchase"): "0.00",
        }),
    "fj-fuzhou_gulou-shengtai-huanjing-ju_2026_budget_unit": (
        ("福州市鼓楼生态环境局", 2026, "budget", "unit"), FUJIAN, {
            ("income_expenditure_summary", "节能环保支出", "expenditure"): "9831600.00",
            ("general_budget_economic", "30101", "total"): "1696400.00",
            ("three_public", None, "budget_vehicle_total"): "80000.00",
        }),
    "fj-quanzhou_zhengfu-bangongshi_2026_budget_dept": (
        ("泉州市人民政府办公室", 2026, "budget", "department"), FUJIAN, {
            ("income_expenditure_summary", "其他收入", "income"): "42000000.00",
            ("income_expenditure_summary", "一般公共服务支出", "expenditure"): "132156900.00",
            ("three_public", None, "budget_total"): "3127500.00",
            ("three_public", None, "budget_vehicle_purchase"): "2619000.00",
        }),
    "fj-quanzhou_zhengfu-bangongshi_2026_budget_unit": (
        ("泉州市人民政府办公室(本级)", 2026, "budget", "unit"), FUJIAN, {
            ("income_expenditure_summary", "一般公共预算拨款收入", "income"): "58987400.00",
            ("income_expenditure_summary", "住房保障支出", "expenditure"): "5721600.00",
        }),
    "hn-changsha_gonganju_2025_budget_dept": (
        ("长沙市公安局", 2025, "budget", "department"), CHANGSHA, {
            ("income_expenditure_summary", "项目支出", "expenditure"): "402339500.00",
            ("income", "合计", "fiscal_appropriation_funding"): "503706100.00",
            ("general_budget_expenditure", "20402", "project"): "402309500.00",  # 款 printed as 02
            ("general_budget_expenditure", "2040220", "total"): "17409300.00",
            ("general_budget_economic", "30299", "personnel"): "834700.00",  # 人员类, p20
            ("appropriation_summary", "支出总计", "expenditure_total"): "686321200.00",  # p17, continued
            ("three_public", None, "budget_outbound_travel"): "300000.00",
            ("three_public", None, "budget_vehicle_purchase"): "1500000.00",
        }),
    "hn-changsha_xinfangju_2026_budget_dept": (
        ("长沙市信访局", 2026, "budget", "department"), CHANGSHA, {
            ("income_expenditure_summary", "本级财政拨款收入", "income"): "19353600.00",
            ("expenditure", "合计", "basic"): "15179500.00",
            ("general_budget_economic", "30202", "public_expense"): "140000.00",  # p19, continued
            ("three_public", None, "budget_total"): "80000.00",
        }),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_reads_with_its_printed_facts(name):
    identity, tables, expected = DOCUMENTS[name]
    result = read(name)
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    assert tuple(vars(result.identity).values()) == identity
    assert [t.table_key for t in result.tables if t.table_key] == tables
    got = facts_of(name)
    assert {key: got.get(key) for key in expected} == {key: Decimal(v) for key, v in expected.items()}


@pytest.mark.parametrize("name, reason", [
    ("sn-xian_fazhan-gaige-wei_2019_budget_dept_narrative", "no standard tables: a narrative-only document"),
    # names its tables in a contents list, prints none and has no cover: refused for what it is
    ("bj-city_shenjiju_2026_budget_dept_narrative", "no standard tables: titles are named but no table is printed"),
])
def test_narratives_are_refused(name, reason):
    result = read(name)
    assert isinstance(result, RefusedDocument)
    assert result.reason.startswith(reason)


def test_budget_units_rows_are_their_units():
    """Xi'an's 收入总表/支出总表/三公 list the department (117) and each unit (117001) under the 合计 row: the
    department's line repeats the 合计, the unit's figures are its own (tests/test_keys_units.py)."""
    notes = {t.table_key: t.note for t in read("sn-xian_shenjiju_2026_budget_dept").tables}
    assert notes["income"] is None and notes["three_public"] is None
    items = {f.item for f in read("sn-xian_shenjiju_2026_budget_dept").facts}
    assert not any("西安市审计局" in (item or "") for item in items)  # the 计 of 审计 is no total
    # 2019: the code rows of 表5 sit under each unit's heading (125001 …): the units' own, not the department's
    facts = read("sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables").facts
    assert {f.function_code for f in facts if f.budget_unit is None} == {None}


def test_other_periods_of_the_three_public_table_are_not_loaded():
    amounts = {f.amount for f in read("sn-xian_qixiangju_2022_budget_dept").facts if f.table_key == "three_public"}
    assert amounts == {Decimal("0")}  # 2021年 printed 12240, 增减变化情况 -12240


def test_keys_printed_on_several_rows_are_reported_not_loaded():
    """Beijing's 05表 lists 2010801 once per budget unit without the unit's name.
    (2)商品和服务支出 under both 人员经费和公用经费支出 and 专项业务经费支出 in 表1 is keyed by its heading
    (tests/test_keys_units.py)."""
    qixiang = facts_of("sn-xian_qixiangju_2022_budget_dept")
    assert ("income_expenditure_summary", "商品和服务支出", "expenditure") not in qixiang
    assert ("income_expenditure_summary", "专项业务经费支出/商品和服务支出", "expenditure") in qixiang
    beijing = facts_of("bj-city_shenjiju_2026_budget_dept_tables")
    assert not any(key[:2] == ("general_budget_expenditure", "2010801") for key in beijing)


def test_a_table_number_without_title_ends_the_table_before_it():
    """The 2019 file prints 表6 and 表7 with no title: they are not pages of 表5."""
    pages = {t.table_key: t.pages for t in read("sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables").tables}
    assert pages["general_budget_expenditure"] == [7, 8, 9]
    assert pages["general_budget_economic"] == [19, 20, 21, 22, 23]


def test_restored_codes_are_reported():
    notes = {t.table_key: t.note for t in read("sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept").tables}
    assert notes["general_budget_expenditure"].startswith(
        "11 misprinted codes restored from their names or the rows above: 10→20110, 03→20503, 01→20801")


def test_xian_documents_load_into_the_warehouse(database_url):
    names = ["sn-xian_qixiangju_2022_budget_dept", "sn-xian_weisheng-jiankang-wei_2022_final_dept",
             "bj-city_shenjiju_2026_budget_dept_tables"]
    assert main(["load", *(str(REAL / f"{name}.pdf") for name in names)]) == 0
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("select department, count(*) from mart.disclosure_facts group by department").fetchall()
    assert dict(rows) == {read(name).identity.department: len(read(name).facts) for name in names}

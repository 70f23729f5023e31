"""Budget layouts of Jiangsu prefecture cities (公开01–13表), Yantai, Chongqing and Changchun: real PDFs in, exact facts
out. Every expected amount below was read off the PDF's own text by hand (万元 × 10000 = 元)."""
from decimal import Decimal
from functools import cache

import psycopg
import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument
from tests.conftest import REAL
from warehouse.cli import main

FS, ES, INC, EXP, APS = ("income_expenditure_summary", "government_fund", "income", "expenditure",
                         "appropriation_summary")
GBE, GBX, TP, SC = "general_budget_expenditure", "general_budget_economic", "three_public", "state_capital"
JIANGSU_SET = {FS, INC, EXP, APS, "appropriation_expenditure", "appropriation_economic", GBE, GBX, TP, ES, SC,
               "agency_operation", "procurement"}
CITY_SET = {FS, INC, EXP, APS, GBE, GBX, TP, ES}


def item(table, label, measure):
    return (table, None, None, label, measure)


def fn(table, code, measure):
    return (table, code, None, None, measure)


def econ(table, code, measure):
    return (table, None, code, None, measure)


def public(measure):
    return (TP, None, None, None, measure)


# file → (identity, table keys recognised, {fact key: amount in 元})
DOCUMENTS = {
    "js-suzhou_shenjiju_2026_budget_dept": (("苏州市审计局", 2026, "budget", "department"), JIANGSU_SET, {
        item(FS, "一般公共预算拨款收入", "income"): "46516700.00",
        item(FS, "住房保障支出", "expenditure"): "13029500.00",
        item(FS, "收入总计", "income"): "46516700.00",
        item(INC, "合计", "total"): "46516700.00",
        item(INC, "合计", "general_public_budget"): "46516700.00",
        fn(EXP, "2010802", "project"): "3395000.00",
        fn(EXP, "2080505", "total"): "2987200.00",
        item(APS, "本年支出", "expenditure_total"): "46516700.00",
        fn("appropriation_expenditure", "2010801", "personnel"): "19464000.00",
        econ("appropriation_economic", "30211", "public_expense"): "764500.00",
        econ(GBX, "30302", "personnel"): "3155200.00",
        econ("agency_operation", "30299", "total"): "828400.00",
        public("budget_total"): "100000.00",
        public("budget_outbound_travel"): "0.00",
        public("budget_reception"): "100000.00",
        public("budget_meeting"): "100000.00",
        public("budget_training"): "430000.00",
    }),
    "js-suzhou_ziranziyuan-guihua-ju_2026_budget_unit": (("苏州市自然资源和规划局", 2026, "budget", "unit"), JIANGSU_SET, {
        item(FS, "政府性基金预算拨款收入", "income"): "9438000.00",
        item(FS, "自然资源海洋气象等支出", "expenditure"): "70951300.00",
        item(INC, "合计", "government_fund"): "9438000.00",
        fn(EXP, "2210202", "basic"): "7827400.00",  # continued on the next page
        fn(ES, "2120806", "project"): "9438000.00",
        econ("agency_operation", "30216", "total"): "293200.00",
        public("budget_total"): "320000.00",
        public("budget_meeting"): "206000.00",
        public("budget_training"): "293200.00",
    }),
    "js-wuxi_tongjiju_2026_budget_dept": (("无锡市统计局", 2026, "budget", "department"), JIANGSU_SET, {
        item(FS, "卫生健康支出", "expenditure"): "769500.00",
        item(INC, "合计", "total"): "32101000.00",
        item(APS, "住房保障支出", "expenditure_total"): "4651300.00",
        public("budget_total"): "30000.00",
        public("budget_meeting"): "26100.00",
        public("budget_training"): "190300.00",
    }),
    "js-wuxi_xinfangju_2025_budget_dept": (("无锡市信访局", 2025, "budget", "department"), JIANGSU_SET, {
        item(FS, "其他收入", "income"): "1440000.00",
        item(INC, "合计", "other_income"): "1440000.00",
        fn(EXP, "2014001", "project"): "3071500.00",
        fn(EXP, "2210203", "total"): "1300200.00",
        item(APS, "一般公共服务支出", "expenditure_total"): "21157900.00",
        public("budget_reception"): "15000.00",
        public("budget_training"): "162000.00",
    }),
    "sd-yantai_shenjiju_2026_budget_dept": (("烟台市审计局", 2026, "budget", "department"), CITY_SET | {SC, "procurement", "basic_expenditure", "project_expenditure"}, {
        item(FS, "财政拨款收入", "income"): "27767500.00",
        item(FS, "其他收入", "income"): "7816000.00",
        fn(INC, "2010804", "fiscal_appropriation"): "45000.00",
        fn(INC, "2010804", "other_income"): "5880000.00",
        fn(INC, "2101102", "total"): "227500.00",  # 02 under 21011, on the page the title is printed again
        fn(EXP, "22102", "total"): "2048600.00",  # a two-row continuation that camelot would drop
        item(APS, "支出总计", "expenditure_total"): "27767500.00",
        fn(GBE, "2080599", "public_expense"): "12200.00",
        econ(GBX, "30109", "total"): "435000.00",
        econ(GBX, "303", "personnel"): "2147300.00",
        item(GBX, "合计", "public_expense"): "2353300.00",
        public("budget_total"): "34000.00",
        public("budget_reception"): "34000.00",
    }),
    "cq-city_zhengfu-bangongting_2026_budget_dept": (("重庆市人民政府办公厅", 2026, "budget", "department"), CITY_SET | {"procurement"}, {
        item(FS, "合计", "income"): "192301800.00",
        item(FS, "事业收入资金", "income"): "8124800.00",
        fn(INC, "2010399", "business_income"): "8100000.00",
        fn(EXP, "2101102", "total"): "35700.00",
        item(APS, "上年结转/一般公共预算拨款", "income"): "8650600.00",
        item(GBE, "合计", "total"): "184177000.00",
        fn(GBE, "2010301", "personnel"): "45429700.00",
        public("budget_total"): "3944900.00",
        public("budget_outbound_travel"): "1844900.00",
        public("budget_vehicle_operation"): "2000000.00",
        public("budget_reception"): "100000.00",
    }),
    "cq-city_guihua-ziranziyuan-ju_2026_budget_dept": (("重庆市规划和自然资源局", 2026, "budget", "department"), CITY_SET | {"procurement"}, {
        item(FS, "其他收入资金", "income"): "1658089700.00",
        fn(INC, "2080505", "operating_income"): "21363500.00",
        fn(GBE, "2200150", "public_expense"): "84447300.00",
        fn(ES, "2120899", "total"): "108849600.00",
        public("budget_total"): "21718500.00",
        public("budget_outbound_travel"): "3219100.00",
        public("budget_vehicle_total"): "15707500.00",
        public("budget_vehicle_purchase"): "3422500.00",
        public("budget_vehicle_operation"): "12285000.00",
        public("budget_reception"): "2791900.00",
    }),
    "jl-changchun_xinfangju_2026_budget_dept": (("长春市信访局(本级)", 2026, "budget", "department"),
                                                CITY_SET | {SC, "project_expenditure"}, {
        item(FS, "财政拨款收入", "income"): "16827600.00",
        item(FS, "住房保障支出", "expenditure"): "932700.00",
        item(FS, "结转下年支出", "expenditure"): "0.00",
        item(EXP, "合计", "total"): "16827600.00",  # printed 总计：
        fn(EXP, "2014002", "project"): "4580000.00",
        fn(EXP, "2014002", "current_year_total"): "0.00",  # as printed
        fn(EXP, "2014001", "carryover_basic"): "0.00",
        item(APS, "住房保障支出", "expenditure_total"): "932700.00",
        fn(GBE, "2014001", "public_expense"): "2110000.00",
        econ(GBX, "30231", "public_expense"): "67500.00",
        public("budget_total"): "76100.00",
        public("budget_current_year_total"): "76100.00",
        public("budget_vehicle_operation"): "67500.00",
        public("budget_reception"): "8600.00",
        public("budget_carryover"): "0.00",
    }),
}


@cache
def extracted(name: str) -> ExtractedDocument:
    result = extract(REAL / f"{name}.pdf")
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    return result


def facts(name: str) -> dict:
    """(table, function code, economic code, item, measure) → amount."""
    return {f.key[:5]: f.amount for f in extracted(name).facts}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_identity_and_tables(name):
    identity, tables, _ = DOCUMENTS[name]
    doc = extracted(name)
    assert (doc.identity.department, doc.identity.fiscal_year, doc.identity.report_kind,
            doc.identity.report_level) == identity
    assert {t.table_key for t in doc.tables if t.table_key} == tables
    assert len({t.table_key for t in doc.tables if t.table_key}) == len([t for t in doc.tables if t.table_key])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_exact_facts(name):
    got = facts(name)
    assert {k: got.get(k) for k in DOCUMENTS[name][2]} == {k: Decimal(v) for k, v in DOCUMENTS[name][2].items()}


def test_unit_code_rows_are_not_subject_codes():
    """收入总表 listed by 部门代码: 024 苏州市审计局, the department's line, only repeats the 合计 (no fact); 024001
    苏州市审计局, its 本级 under the department's name, is a unit row (spec: Rows the flat key cannot hold)."""
    income = [f for f in extracted("js-suzhou_shenjiju_2026_budget_dept").facts if f.table_key == INC]
    assert not [f for f in income if f.function_code]  # 024 and 024001 are no subject codes
    assert {f.budget_unit for f in income if f.item != "合计"} == {"苏州市审计局"}
    table = next(t for t in extracted("js-suzhou_shenjiju_2026_budget_dept").tables if t.table_key == INC)
    assert table.note is None


def test_a_code_misprinted_under_two_names_is_reported():
    """长春 prints 30208 for both 取暖费 (23.37) and 物业管理费 (36.18)."""
    got = facts("jl-changchun_xinfangju_2026_budget_dept")
    assert not [k for k in got if k[2] == "30208"]
    note = next(t.note for t in extracted("jl-changchun_xinfangju_2026_budget_dept").tables if t.table_key == GBX)
    assert "30208" in note


def test_last_years_columns_are_not_read():
    """2025年预算数 beside 2026年预算数: the 2025 三公 figures (出国 8.50 at 烟台) are no facts of the 2026 budget."""
    assert public("budget_outbound_travel") not in facts("sd-yantai_shenjiju_2026_budget_dept")
    spending = facts("cq-city_zhengfu-bangongting_2026_budget_dept")
    assert Decimal("156358000.00") not in {v for k, v in spending.items() if k[0] == GBE}  # 2025年预算数 合计


def test_the_family_loads_into_the_warehouse(database_url):
    assert main(["load", *(str(REAL / f"{name}.pdf") for name in DOCUMENTS)]) == 0
    with psycopg.connect(database_url) as conn:
        counts = dict(conn.execute("select source_file, count(*) from mart.disclosure_facts group by 1").fetchall())
        page = conn.execute("select source_page from mart.disclosure_facts where department = '烟台市审计局' and "
                            "table_key = 'expenditure' and function_code = '22102' and measure = 'total'").fetchone()
    assert counts == {f"{name}.pdf": len(extracted(name).facts) for name in DOCUMENTS}
    assert page == (12,)


def test_mechanisms_of_this_family_on_other_layouts():
    """The same mechanisms, where other layouts show them (amounts read off those PDFs by hand)."""
    # 财政拨款收支总表 continued on a page whose first row is 22、其他支出: the header there is only repeated
    changsha = {f.key[:5]: f.amount for f in extract(REAL / "hn-changsha_xinfangju_2026_budget_dept.pdf").facts}
    assert changsha[item(APS, "支出总计", "expenditure_total")] == Decimal("19353600.00")
    assert item(APS, "收入总计", "expenditure_total") not in changsha
    # a carry-over heading printed on one page still heads its lines on the next
    foshan = {f.key[:5]: f.amount for f in extract(REAL / "gd-foshan_guidao-jiaotong-ju_2019_final_dept.pdf").facts}
    assert foshan[item(APS, "年初财政拨款结转和结余/政府性基金预算财政拨款", "income")] == Decimal("0.00")
    # 2025年执行数 beside 2026年预算数 (年初预算数 小计 | 基本支出 | 项目支出)
    central = {f.key[:5]: f.amount for f in extract(REAL / "cn-central_guojia-xinfangju_2026_budget_dept.pdf").facts}
    assert central[item(GBE, "合计", "total")] == Decimal("164748200.00")
    assert central[item(GBE, "合计", "basic")] == Decimal("98808800.00")
    assert not [k for k in central if k[:2] == (GBE, "2101101")]  # printed for 2025 only
    # 使用非财政拨款结余 is no 财政拨款 column
    xinan = {f.key[:5]: f.amount for f in extract(REAL / "cn-central_xinan-daxue_2023_budget_dept.pdf").facts}
    assert xinan[item(INC, "合计", "non_appropriation_balance_used")] == Decimal("599727900.00")
    assert xinan[item(INC, "合计", "fiscal_appropriation")] == Decimal("2308763800.00")

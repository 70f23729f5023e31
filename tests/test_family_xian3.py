"""Xi'an's 综合预算 tables against the accounting identities: correctly read, they raise no extraction finding.

Every expected amount below was read by hand from the PDF's text (page given) and is in 元.
- 一般公共预算支出明细表 prints 基本支出 only as its parts (人员经费支出 | 公用经费支出) beside 专项业务经费支出;
- 收入总表's 合计 counts 上年结转 and 上年实户资金余额 in, and prints 财政拨款 as 一般公共预算拨款 | 政府性基金拨款;
- 基本支出明细表 prints a 部门经济科目 on several rows, one per 政府经济科目 (30201 under 50201 and under 50502):
  those rows are reported, not loaded, and the 类 above them cannot be checked against the rows loaded.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument
from tests.conftest import REAL

QIXIANG = "sn-xian_qixiangju_2022_budget_dept"
RENSHE = "sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept"


@cache
def read(name: str) -> ExtractedDocument:
    document = extract(REAL / f"{name}.pdf")
    assert isinstance(document, ExtractedDocument)
    return document


def facts_of(name: str) -> dict[tuple, Decimal]:
    return {(f.table_key, f.function_code or f.economic_code or f.item, f.measure): f.amount for f in read(name).facts
            if f.budget_unit is None}  # the department's own: a unit's figures are keyed by it too


@pytest.mark.parametrize("name", [QIXIANG, RENSHE])
def test_xian_budgets_read_correctly_have_no_extraction_findings(name):
    """RENSHE's 政府性基金收支总表 prints its (zero) figures in a 收入 | 支出 layout: it is read as
    government_fund_summary, so no cell of it is left unexplained."""
    assert [(f.check, f.table_key) for f in read(name).findings if f.severity == "extraction"] == []


def test_basic_spending_printed_as_personnel_and_public_expense_adds_up():
    facts = facts_of(QIXIANG)
    # p22 表5: 2200504 气象事业机构 4699323.32 = 1536932.32 + 106691 + 3055700
    assert facts[("general_budget_expenditure", "2200504", "total")] == Decimal("4699323.32")
    assert facts[("general_budget_expenditure", "2200504", "personnel")] == Decimal("1536932.32")
    assert facts[("general_budget_expenditure", "2200504", "public_expense")] == Decimal("106691.00")
    assert facts[("general_budget_expenditure", "2200504", "project")] == Decimal("3055700.00")
    assert ("general_budget_expenditure", "2200504", "basic") not in facts  # not printed
    assert not [f for f in read(QIXIANG).findings if f.check == "row_total"]


def test_income_total_counts_last_years_funds_in():
    facts = facts_of(RENSHE)
    # p30 表2 (万元): 合计 182157.13 = 一般公共预算拨款 181716.56 + 上年结转 90.57 + 其他收入 350
    assert facts[("income", "合计", "total")] == Decimal("1821571300.00")
    assert facts[("income", "合计", "general_public_budget")] == Decimal("1817165600.00")
    assert facts[("income", "合计", "carryover")] == Decimal("905700.00")
    assert facts[("income", "合计", "other_income")] == Decimal("3500000.00")
    assert ("income", "合计", "prior_account_balance") not in facts  # 上年实户资金余额 printed blank
    # the units' lines leave their 上年结转 out of their totals (tests/test_keys_units.py): findings about the units
    assert [f.check for f in read(RENSHE).findings if f.table_key == "income"] == ["row_total"] * 3 + ["unit_sum"]


@pytest.mark.parametrize("name, page, amount", [
    ("sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables", 4, "409300.00"),  # 40.93 万元
    ("sn-xian_shenjiju_2026_budget_dept", 23, "981827.50"),
])
def test_last_years_balance_in_the_units_own_accounts_is_read(name, page, amount):
    fact = next(f for f in read(name).facts if f.table_key == "income" and f.item == "合计"
                and f.measure == "prior_account_balance")
    assert (fact.page, fact.amount) == (page, Decimal(amount))
    assert not [f for f in read(name).findings if f.check == "row_total" and f.table_key == "income"]


def test_a_code_printed_once_per_second_classification_is_a_row_under_each_and_its_class_adds_them_up():
    facts = {(f.table_key, f.economic_code, f.government_economic_code, f.measure): f.amount
             for f in read(QIXIANG).facts}
    # p25 表8: 30201 办公费 0 under 50201 and 58240 under 50502: a row under each
    assert facts[("general_budget_economic", "30201", "50201", "total")] == Decimal("0")
    assert facts[("general_budget_economic", "30201", "50502", "total")] == Decimal("58240.00")
    assert facts[("general_budget_economic", "302", None, "total")] == Decimal("106691.00")
    assert not [f for f in read(QIXIANG).findings if f.check == "hierarchy"]
    # p39–40 (万元): 302 and 303 add up their 款, under whichever 政府经济分类 code they are printed
    renshe = facts_of(RENSHE)
    assert renshe[("general_budget_economic", "302", "total")] == Decimal("6213700.00")
    assert renshe[("general_budget_economic", "303", "total")] == Decimal("1380600.00")
    assert not [f for f in read(RENSHE).findings if f.check == "hierarchy"]


def test_only_the_class_with_an_unread_row_goes_unchecked():
    # p11: 30208 is printed twice (not loaded), so 302 is not checked; 301, whose 款 are all loaded, still is:
    # it prints 920.96 万元 over 款 that add up to 911.21 万元
    findings = read("jl-changchun_xinfangju_2026_budget_dept").findings
    checked = {f.subject for f in findings if f.check == "hierarchy" and f.table_key == "general_budget_economic"}
    assert "301 total" in checked and not any(s.startswith("302 ") for s in checked)


def test_the_summary_leaving_out_spending_of_last_years_funds_is_a_source_finding():
    # p29 表1: 本年支出合计 182066.56 万元 (结转下年 0) under a 支出总计 of 182157.13; p31 表3's 合计 is 182157.13
    findings = [f for f in read(RENSHE).findings if f.check not in ("row_total", "unit_sum")]  # the units': above
    assert [(f.severity, f.check, f.table_key, f.expected, f.actual) for f in findings] == [
        ("source", "across_tables", "expenditure", Decimal("1820665600.00"), Decimal("1821571300.00"))]

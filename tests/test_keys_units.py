"""Rows the flat key cannot hold: a table broken down by the department's units gives each unit's figures
under `budget_unit` (spec: "Rows the flat key cannot hold"). Real PDFs in, their facts out."""
from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

from etl.pipeline import extract
from etl.records import ExtractedDocument
from etl.vocabulary import CellCoverage
from tests import grids
from tests.conftest import REAL, SHARED

KEY = ("table", "function_code", "economic_code", "item", "measure", "government_economic_code", "budget_unit",
       "project")


@cache
def read(name: str) -> ExtractedDocument:
    return extract(REAL / f"{name}.pdf")


def by_key(facts) -> dict[tuple, Decimal]:
    return {(f.table_key, f.function_code, f.economic_code, f.item, f.measure, f.government_economic_code,
             f.budget_unit, f.project): f.amount for f in facts}


def test_hangzhou_extraction_scores_its_gold_with_units():
    """The gold with per-unit rows of 表2 收入预算总表 and 表7 三公: recall and precision 1.0 over its tables.
    The first 杭州市气象局 line of 表2 only repeats the 合计: no fact."""
    gold_file = json.loads((SHARED / "corpus/gold-keys/zj-hangzhou_qixiangju_2026_budget_dept.gold.json").read_text())
    gold = {tuple(f.get(k) for k in KEY): Decimal(f["amount"]) for f in gold_file["facts"]}
    tables = {key[0] for key in gold}
    got = {k: v for k, v in by_key(read("zj-hangzhou_qixiangju_2026_budget_dept").facts).items() if k[0] in tables}
    matched = {k for k in gold if got.get(k) == gold[k]}
    assert (len(matched) / len(gold), len(matched) / len(got)) == (1.0, 1.0), (
        sorted(set(gold) - matched)[:5], sorted(set(got) - matched)[:5])


def test_the_departments_own_line_repeating_the_totals_is_no_fact():
    income = next(t for t in read("zj-hangzhou_qixiangju_2026_budget_dept").tables if t.table_key == "income")
    repeated = [c for c in income.cells if c.coverage == CellCoverage.REPEATED]
    assert [c.amount for c in repeated] == [Decimal("5876.67"), Decimal("5876.67"), Decimal("5753.07"),
                                            Decimal("123.61")]
    assert not any(c.coverage and c.coverage.is_gap for c in income.cells)


def test_xian_unit_codes_are_not_part_of_the_name():
    """Xi'an prints 单位编码 | 单位名称: 117 (the department, repeating 合计) and 117001 (its one unit, under the
    department's own name: its 本级, a unit row)."""
    facts = by_key(read("sn-xian_shenjiju_2026_budget_dept").facts)
    assert facts[("income", None, None, None, "total", None, "西安市审计局", None)] == Decimal("42034723.58")
    assert facts[("income", None, None, "合计", "total", None, None, None)] == Decimal("42034723.58")
    assert {k[6] for k in facts if k[0] in ("income", "expenditure", "three_public")} == {None, "西安市审计局"}


def test_code_rows_repeated_under_each_unit_are_that_units():
    """2019 表5: the code rows sit under each unit's line (125001 西安市安全生产监督管理局 …), codes repeating
    once per unit."""
    facts = by_key(read("sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables").facts)
    unit = "西安市安全生产监督管理局"
    assert facts[("general_budget_expenditure", None, None, None, "total", None, unit, None)] == Decimal("20803200.00")
    assert facts[("general_budget_expenditure", "2240106", None, None, "total", None, unit, None)] == Decimal(
        "10084500.00")
    assert facts[("general_budget_expenditure", "2240106", None, None, "total", None, "西安市安全生产宣传教育中心",
                  None)] == Decimal("4135800.00")
    assert ("general_budget_expenditure", "2240106", None, None, "total", None, None, None) not in facts


def test_rows_of_several_units_carry_their_unit():
    reader = grids.read("expenditure", grids.grid(["预算单位", "科目编码", "科目名称", "支出总计", "基本支出"],
                       ["甲局(本级)", "", "", "10.00", "10.00"],
                       ["", "2010601", "行政运行", "10.00", "10.00"],
                       ["甲局服务中心", "", "", "5.00", "5.00"],
                       ["", "2010601", "行政运行", "5.00", "5.00"]), unit="万元")
    assert {(f.function_code, f.budget_unit, f.measure): f.amount for f in reader.facts.values()} == {
        (None, "甲局(本级)", "total"): Decimal("100000.00"), (None, "甲局(本级)", "basic"): Decimal("100000.00"),
        ("2010601", "甲局(本级)", "total"): Decimal("100000.00"), ("2010601", "甲局(本级)", "basic"): Decimal("100000.00"),
        (None, "甲局服务中心", "total"): Decimal("50000.00"), (None, "甲局服务中心", "basic"): Decimal("50000.00"),
        ("2010601", "甲局服务中心", "total"): Decimal("50000.00"), ("2010601", "甲局服务中心", "basic"): Decimal("50000.00")}
    assert reader.unkeyed == []


def test_units_adding_up_to_the_department_give_no_finding():
    """Hangzhou's two units add up to each 合计; Xi'an 2019's four units' code rows each add up within their
    block (a hierarchy per unit), and their lines to the 合计."""
    for name in ("zj-hangzhou_qixiangju_2026_budget_dept", "sn-xian_anquan-shengchan-jiandu-ju_2019_budget_dept_tables"):
        assert not [f for f in read(name).findings if f.check in ("unit_sum", "hierarchy", "row_total")
                    and f.table_key in ("income", "expenditure", "general_budget_expenditure", "three_public")]


def test_units_not_adding_up_to_the_department_are_a_source_finding():
    """Xi'an 2020 表2/表3 (万元): the 合计 182157.13 counts 上年结转 90.57 in, the 13 units' totals leave their
    60.37 + 3.82 + 26.38 out: Σ units 182066.56."""
    found = {(f.check, f.severity, f.table_key, f.subject, f.expected, f.actual)
             for f in read("sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept").findings if f.check == "unit_sum"}
    assert found == {("unit_sum", "source", table, "合计 total", Decimal("1820665600.00"), Decimal("1821571300.00"))
                     for table in ("income", "expenditure")}


def test_a_label_printed_under_two_headings_is_keyed_by_its_heading():
    """Xi'an 2026 表1/表4 (元): (2)商品和服务支出 under 1、人员经费和公用经费支出 and again under 2、专项业务经费支出,
    with other amounts; (1)工资福利支出, printed with an amount only once, keeps its own label."""
    facts = by_key(read("sn-xian_shenjiju_2026_budget_dept").facts)

    def item(table: str, label: str, measure: str) -> Decimal | None:
        return facts.get((table, None, None, label, measure, None, None, None))

    assert item("income_expenditure_summary", "人员经费和公用经费支出/商品和服务支出", "expenditure") == Decimal("3055383.68")
    assert item("income_expenditure_summary", "专项业务经费支出/商品和服务支出", "expenditure") == Decimal("8490507.50")
    assert item("appropriation_summary", "专项业务经费支出/商品和服务支出", "expenditure_total") == Decimal("6508680.00")
    assert item("income_expenditure_summary", "商品和服务支出", "expenditure") is None
    assert item("income_expenditure_summary", "工资福利支出", "expenditure") == Decimal("29812828.40")
    summary = next(t for t in read("sn-xian_shenjiju_2026_budget_dept").tables
                   if t.table_key == "income_expenditure_summary")
    assert not any(c.coverage and c.coverage.is_gap for c in summary.cells)

"""One fact per key: a key printed on several rows is no single row; all its rows are reported instead."""
from decimal import Decimal

import pytest

from etl.records import ExtractionError
from tests.grids import amounts, grid, read

ECONOMIC = ["科目编码", "科目名称", "合计"]


def test_a_code_printed_under_two_names_is_ambiguous_and_reported():
    """30208 取暖费 and 30208 物业管理费: a misprint; neither row is loaded, nor its name."""
    reader = read("appropriation_economic", grid(ECONOMIC, ["302", "商品和服务支出", "3.00"],
                                                 ["30208", "取暖费", "1.00"], ["30208", "物业管理费", "2.00"]))
    assert amounts(reader) == {("302", "total"): Decimal("3.00")}
    assert reader.unkeyed == ["p1 30208 (printed on several rows)"] * 2
    assert {s.code for s in reader.subjects.values()} == {"302"}


def test_a_code_printed_again_with_another_amount_is_ambiguous():
    reader = read("appropriation_economic", grid(ECONOMIC, ["30208", "取暖费", "1.00"], ["30208", "取暖费", "2.00"]))
    assert reader.facts == {}
    assert reader.unkeyed == ["p1 30208 (printed on several rows)"] * 2


def test_the_same_row_printed_again_on_a_continued_page_is_one_fact():
    reader = read("appropriation_economic", grid(ECONOMIC, ["30208", "取暖费", "1.00"]),
                  grid(ECONOMIC, ["30208", "取暖费", "1.00"], page=2))
    assert amounts(reader) == {("30208", "total"): Decimal("1.00")}
    assert reader.unkeyed == []


def test_an_item_printed_twice_with_other_amounts_is_reported():
    reader = read("income_expenditure_summary", grid(["项目", "支出"], ["其他支出", "1.00"], ["其他支出", "2.00"],
                                                     ["支出总计", "3.00"]))
    assert amounts(reader) == {("支出总计", "expenditure"): Decimal("3.00")}
    assert reader.unkeyed == ["p1 其他支出 (printed on several rows)"] * 2


def test_a_table_without_row_keys_printing_a_measure_twice_is_misread():
    with pytest.raises(ExtractionError, match="printed twice"):
        read("three_public", grid(["合计", "公务接待费"], ["9.30", "5.80"], ["9.40", "5.80"]))


def test_rows_under_the_one_budget_unit_are_the_departments():
    reader = read("expenditure", grid(["预算单位", "科目编码", "科目名称", "合计"],
                                      ["甲局", "", "", "10.00"],
                                      ["", "201", "一般公共服务支出", "10.00"]))
    assert amounts(reader) == {("合计", "total"): Decimal("10.00"), ("201", "total"): Decimal("10.00")}
    assert reader.unkeyed == []

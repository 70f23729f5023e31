"""Amounts: a printed figure in the table's 金额单位, in 元 to the cent, exactly."""
from decimal import Decimal

import pytest

from etl.records import ExtractionError
from tests.grids import amounts, grid, read

CODED = ["科目编码", "科目名称", "合计"]


def test_an_amount_in_wan_yuan_is_converted_to_yuan_exactly():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "1,234.5678"]), unit="万元")
    (amount,) = amounts(reader).values()
    assert isinstance(amount, Decimal) and amount == Decimal("12345678.00") and str(amount) == "12345678.00"


def test_an_amount_in_yuan_is_kept_to_the_cent():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "1234.5"]))
    assert str(amounts(reader)[("201", "total")]) == "1234.50"


def test_an_amount_in_brackets_is_negative():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "(1.50)"]), unit="万元")
    assert amounts(reader)[("201", "total")] == Decimal("-15000.00")


def test_a_blank_or_dash_cell_is_no_fact():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                                      ["201", "一般公共服务支出", "10.00", "-", ""]))
    assert amounts(reader) == {("201", "total"): Decimal("10.00")}


def test_counts_are_not_scaled_by_the_unit():
    """related_info's 国有资产占用 section counts vehicles and buildings: 3 vehicles, not 30000."""
    reader = read("related_info", grid(["项目", "金额"],
                                       ["一、三公经费支出", "1.00"],
                                       ["二、国有资产占用情况", ""],
                                       ["车辆", "3"]), unit="万元")
    assert amounts(reader) == {("三公经费支出", "value"): Decimal("10000.00"), ("车辆", "value"): Decimal("3.00")}


def test_a_cell_that_is_no_amount_is_an_extraction_error_naming_its_column():
    with pytest.raises(ExtractionError, match="合计"):
        read("expenditure", grid(CODED, ["201", "一般公共服务支出", "10.00"], ["202", "外交支出", "1O.00"]))

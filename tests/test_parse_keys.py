"""Row keys: a subject code however it is printed, an item label under its carry-over heading, or the one line
of a table without row keys."""
from decimal import Decimal

from tests.grids import amounts, grid, read

CODED = ["科目编码", "科目名称", "合计"]


def test_a_code_printed_over_class_section_and_item_columns():
    """类 | 款 | 项 in columns of their own; a blank part is the current subject's."""
    reader = read("expenditure", grid(["类", "款", "项", "科目名称", "合计"],
                                      ["201", "", "", "一般公共服务支出", "10.00"],
                                      ["", "01", "", "人大事务", "6.00"],
                                      ["", "", "01", "行政运行", "6.00"]))
    assert set(amounts(reader)) == {("201", "total"), ("20101", "total"), ("2010101", "total")}


def test_the_names_printed_beside_codes_are_kept():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "10.00"], ["2010101", "行政运行", "6.00"]))
    assert {(s.kind, s.code, s.name) for s in reader.subjects.values()} == {
        ("function", "201", "一般公共服务支出"), ("function", "2010101", "行政运行")}


def test_a_row_printing_only_its_name_gets_its_code_from_the_classification():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "10.00"], ["20101", "人大事务", "6.00"],
                                      ["", "行政运行", "6.00"]))
    assert ("2010101", "total") in amounts(reader)
    assert reader.repaired == []  # nothing was printed in its code column to repair


def test_a_section_printed_as_its_two_digits_is_restored_under_the_current_class():
    reader = read("expenditure", grid(CODED, ["201", "一般公共服务支出", "10.00"], ["10", "某某事务", "4.00"]))
    assert ("20110", "total") in amounts(reader)
    assert reader.repaired == ["10→20110"]


def test_a_row_with_neither_code_nor_known_name_is_reported_not_loaded():
    reader = read("expenditure", grid(CODED, ["", "某某支出", "4.00"]))
    assert reader.facts == {}
    assert reader.unkeyed == ["某某支出"]


def test_lines_under_a_carry_over_heading_are_keyed_under_it_until_a_totals_line():
    reader = read("income_expenditure_summary", grid(["项目", "收入"],
                                                     ["一、一般公共预算拨款收入", "8.00"],
                                                     ["上年结转结余", ""],
                                                     ["一般公共预算", "2.00"],
                                                     ["收入总计", "10.00"]))
    assert amounts(reader) == {
        ("一般公共预算拨款收入", "income"): Decimal("8.00"),
        ("上年结转结余/一般公共预算", "income"): Decimal("2.00"),
        ("收入总计", "income"): Decimal("10.00")}


def test_a_table_without_row_keys_reads_one_line_of_measures():
    reader = read("three_public", grid(["合计", "因公出国(境)费", "公务接待费"], ["9.30", "", "5.80"]))
    assert amounts(reader) == {(None, "budget_total"): Decimal("9.30"), (None, "budget_reception"): Decimal("5.80")}


def test_a_coded_table_printed_without_key_columns_has_its_totals_line():
    """The central budget's 收入总表: amounts only; its one line is the 合计."""
    reader = read("income", grid(["本年收入合计", "一般公共预算"], ["12.00", "12.00"]))
    assert amounts(reader) == {("合计", "total"): Decimal("12.00"), ("合计", "general_public_budget"): Decimal("12.00")}

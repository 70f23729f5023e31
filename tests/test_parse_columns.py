"""The header names the columns: each bottom-level header cell is a leaf, with the words above it as its path
and a role (key column or measure) from the table's spec."""
from decimal import Decimal

from etl.parse.columns import Columns
from etl.parse.header import split_header
from etl.specs import CODE, NAME, SPEC_BY_KEY
from tests.grids import amounts, cell, grid, read


def leaves(table: str, header_grid, year: int = 2026, report_kind: str = "budget") -> list[tuple[str, str | None]]:
    columns = Columns(SPEC_BY_KEY[table], report_kind, year)
    columns.body_of(header_grid)
    return [(leaf.path, leaf.role) for leaf in columns.leaves]


def test_a_header_of_two_rows_gives_each_column_the_words_above_it():
    two_rows = grid(["科目编码", "科目名称", cell("本年支出", 2, 4)],
                    [cell("", 0, top_open=True), cell("", 1, top_open=True), "合计", "基本支出", "项目支出"],
                    ["201", "一般公共服务支出", "10.00", "6.00", "4.00"])
    assert leaves("expenditure", two_rows) == [
        ("科目编码", CODE), ("科目名称", NAME), ("本年支出/合计", "measure:total"),
        ("本年支出/基本支出", "measure:basic"), ("本年支出/项目支出", "measure:project")]


def test_the_header_ends_at_the_column_number_row():
    header, body = split_header(grid(["项目", "金额"], ["栏次", "1"], ["一、工资福利支出", "5.00"]))
    assert [[c.text for c in row] for row in header] == [["项目", "金额"]]
    assert [[c.text for c in row] for row in body] == [["一、工资福利支出", "5.00"]]


def test_a_column_of_another_year_is_not_read():
    """2025年预算数 beside 2026年预算数 in a 2026 budget: last year's figures are not this document's."""
    reader = read("expenditure", grid(["科目编码", "科目名称", "2025年预算数", "2026年预算数"],
                                      [cell("", 0, top_open=True), cell("", 1, top_open=True), "合计", "合计"],
                                      ["201", "一般公共服务支出", "9.00", "10.00"]))
    assert amounts(reader) == {("201", "total"): Decimal("10.00")}


def test_budget_and_final_groups_prefix_the_measures_under_them():
    header = grid([cell("2025年预算数", 0, 1), cell("2025年决算数", 2, 3)],
                  ["合计", "公务接待费", "合计", "公务接待费"],
                  ["9.30", "5.80", "9.00", "5.50"])
    reader = read("three_public", header, year=2025, report_kind="final")
    assert amounts(reader) == {
        (None, "budget_total"): Decimal("9.30"), (None, "budget_reception"): Decimal("5.80"),
        (None, "final_total"): Decimal("9.00"), (None, "final_reception"): Decimal("5.50")}


def test_the_report_kind_prefixes_measures_when_no_group_does():
    reader = read("three_public", grid(["合计", "公务接待费"], ["9.30", "5.80"]), report_kind="final")
    assert set(amounts(reader)) == {(None, "final_total"), (None, "final_reception")}


def test_a_title_whose_header_has_no_code_column_is_the_uncoded_table():
    """收入预算总表 listing funding sources (项目 | 金额), not subjects: income_by_source."""
    reader = read("income", grid(["项目", "金额"], ["一般公共预算拨款收入", "8.00"], ["合计", "8.00"]))
    assert reader.spec.key == "income_by_source"
    assert amounts(reader) == {("一般公共预算拨款收入", "income"): Decimal("8.00"),
                               ("合计", "income"): Decimal("8.00")}

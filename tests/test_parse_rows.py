"""Body rows: each printed text under its column, merged cells placed and spread, rows a page break cut
joined again."""
from decimal import Decimal

from tests.grids import amounts, cell, grid, read

HEADER = ["项目", "支出"]


def test_a_row_cut_by_a_page_break_is_joined():
    """八、社会保障和就 | 业支出: the label ran to the right edge of its cell; the next page prints only its rest."""
    first_page = grid(HEADER, ["七、教育支出", "2.00"], [cell("八、社会保障和就", 0, full_width=True), "5.00"])
    second_page = grid(HEADER, ["业支出", ""], ["九、卫生健康支出", "3.00"], page=2)
    assert amounts(read("income_expenditure_summary", first_page, second_page)) == {
        ("教育支出", "expenditure"): Decimal("2.00"),
        ("社会保障和就业支出", "expenditure"): Decimal("5.00"),
        ("卫生健康支出", "expenditure"): Decimal("3.00")}


def test_a_label_that_did_not_reach_the_edge_is_not_continued():
    first_page = grid(HEADER, ["八、社会保障和就业支出", "5.00"])
    second_page = grid(HEADER, ["其他", ""], ["九、卫生健康支出", "3.00"], page=2)
    assert ("社会保障和就业支出其他", "expenditure") not in amounts(read("income_expenditure_summary",
                                                                     first_page, second_page))


def test_words_merged_over_key_columns_are_the_rows_label():
    """合计 printed in one cell over the code and name columns keys its row, wherever it is centred."""
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计"],
                                      [cell("合计", 0, 1), "10.00"],
                                      ["201", "一般公共服务支出", "10.00"]))
    assert amounts(reader) == {("合计", "total"): Decimal("10.00"), ("201", "total"): Decimal("10.00")}


def test_a_label_merged_over_rows_labels_every_row_it_covers():
    """货物 printed once, in the middle of the cell it fills beside its 小计 and lines: each row is under it."""
    reader = read("procurement", grid(
        ["采购品目", "组织形式", "合计"],
        [cell("", 0), "小计", "6.00"],
        [cell("货物", 0, top_open=True), "集中采购", "4.00"],
        [cell("", 0, top_open=True), "分散采购", "2.00"]))
    assert amounts(reader) == {
        ("货物/小计", "value"): Decimal("6.00"), ("货物/集中采购", "value"): Decimal("4.00"),
        ("货物/分散采购", "value"): Decimal("2.00")}

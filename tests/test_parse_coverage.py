"""Every amount a table's body prints is accounted for: read as a fact, whose cell it names, or given the reason
it is none, where the reader decides it. A column the spec does not know gets no reason: it stays unexplained."""
from decimal import Decimal

from etl.records import CellRef
from etl.vocabulary import CellCoverage
from tests.grids import cell, grid, read

ECONOMIC = ["科目编码", "科目名称", "合计"]


def coverage(reader, page: int = 1) -> dict[tuple[int, int], CellCoverage]:
    """(row, column) → coverage of the cells the reader accounted for on one page's first grid."""
    return {(ref.row, ref.column): why for ref, why in reader.coverage.items() if ref.page == page}


def test_a_fact_names_the_cell_it_was_read_from():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "10.00"]))
    (fact,) = reader.facts.values()
    assert fact.cell == CellRef(page=1, grid=0, row=1, column=2)
    assert coverage(reader) == {(1, 2): CellCoverage.FACT}


def test_codes_are_keys_not_amounts():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "10.00"]))
    assert reader.key_cells == {CellRef(1, 0, 1, 0), CellRef(1, 0, 1, 1)}


def test_a_column_number_row_and_column_number_nothing():
    reader = read("income_expenditure_summary", grid(["项目", "行次", "支出"], ["栏次", "", "1"],
                                                     ["一、教育支出", "1", "2.00"]))
    assert coverage(reader) == {(1, 2): CellCoverage.COLUMN_NUMBER, (2, 1): CellCoverage.COLUMN_NUMBER,
                                (2, 2): CellCoverage.FACT}


def test_another_years_column_and_a_change_are_no_measure_of_this_document():
    reader = read("expenditure", grid(["科目编码", "科目名称", "2025年预算数", "2026年预算数", "增减"],
                                      [cell("", 0, top_open=True), cell("", 1, top_open=True), "合计", "合计", ""],
                                      ["201", "一般公共服务支出", "9.00", "10.00", "1.00"]))
    assert coverage(reader) == {(2, 2): CellCoverage.OTHER_YEAR, (2, 3): CellCoverage.FACT,
                                (2, 4): CellCoverage.NOT_A_MEASURE}


def test_a_share_paid_from_another_source_of_funds_is_no_measure():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计", "事业收入"],
                                      ["201", "一般公共服务支出", "10.00", "4.00"]))
    assert coverage(reader) == {(1, 2): CellCoverage.FACT, (1, 3): CellCoverage.NOT_A_MEASURE}


def test_a_column_the_spec_does_not_know_stays_unexplained():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计", "神秘数"],
                                      ["201", "一般公共服务支出", "10.00", "4.00"]))
    assert coverage(reader) == {(1, 2): CellCoverage.FACT}


def test_every_row_of_a_key_printed_with_other_amounts_is_ambiguous():
    reader = read("appropriation_economic", grid(ECONOMIC, ["302", "商品和服务支出", "3.00"],
                                                 ["30208", "取暖费", "1.00"], ["30208", "取暖费", "2.00"]))
    assert coverage(reader) == {(1, 2): CellCoverage.FACT, (2, 2): CellCoverage.AMBIGUOUS_KEY,
                                (3, 2): CellCoverage.AMBIGUOUS_KEY}


def test_a_row_printed_again_on_a_continued_page_is_repeated():
    reader = read("appropriation_economic", grid(ECONOMIC, ["30208", "取暖费", "1.00"]),
                  grid(ECONOMIC, ["30208", "取暖费", "1.00"], page=2))
    assert coverage(reader, 1) == {(1, 2): CellCoverage.FACT}
    assert coverage(reader, 2) == {(1, 2): CellCoverage.REPEATED}
    (fact,) = reader.facts.values()
    assert fact.cell == CellRef(page=1, grid=0, row=1, column=2)


def test_a_row_with_no_key_is_unkeyed():
    reader = read("expenditure", grid(["科目编码", "科目名称", "合计"], ["", "某某项目", "10.00"]), )
    assert coverage(reader) == {(1, 2): CellCoverage.UNKEYED_ROW}


def test_the_blocks_of_several_budget_units_are_facts_of_their_units():
    reader = read("expenditure", grid(["预算单位", "科目编码", "科目名称", "合计"],
                                      ["甲局", "", "", "10.00"], ["", "201", "一般公共服务支出", "10.00"],
                                      ["乙中心", "", "", "5.00"], ["", "201", "一般公共服务支出", "5.00"]))
    assert {(f.budget_unit, f.function_code) for f in reader.facts.values()} == {
        ("甲局", None), ("甲局", "201"), ("乙中心", None), ("乙中心", "201")}
    assert set(coverage(reader).values()) == {CellCoverage.FACT}
    assert len(coverage(reader)) == 4


def test_two_units_of_one_name_are_unit_blocks():
    reader = read("expenditure", grid(["预算单位", "科目编码", "科目名称", "合计"],
                                      ["甲局", "", "", "10.00"], ["", "201", "一般公共服务支出", "10.00"],
                                      ["甲局", "", "", "5.00"], ["", "201", "一般公共服务支出", "5.00"]))
    assert reader.facts == {}
    assert set(coverage(reader).values()) == {CellCoverage.UNIT_BLOCK}


def test_the_departments_line_repeating_the_totals_is_repeated():
    reader = read("three_public", grid(["单位名称", "合计", "公务接待费"], ["合计", "9.30", "5.80"],
                                       ["甲局", "9.30", "5.80"], ["甲局", "7.50", "4.00"], ["乙中心", "1.80", "1.80"]))
    assert {(f.budget_unit, f.amount) for f in reader.facts.values() if f.measure == "budget_total"} == {
        (None, Decimal("9.30")), ("甲局", Decimal("7.50")), ("乙中心", Decimal("1.80"))}
    assert coverage(reader)[(2, 1)] == coverage(reader)[(2, 2)] == CellCoverage.REPEATED


def test_the_rows_of_the_one_budget_unit_are_facts():
    reader = read("expenditure", grid(["预算单位", "科目编码", "科目名称", "合计"],
                                      ["甲局", "", "", "10.00"], ["", "201", "一般公共服务支出", "10.00"]))
    assert coverage(reader) == {(1, 3): CellCoverage.FACT, (2, 3): CellCoverage.FACT}


def test_another_years_line_is_other_year():
    reader = read("three_public", grid(["年度", "合计", "公务接待费"], ["2025年", "9.00", "5.00"],
                                       ["2026年", "9.30", "5.80"]))
    assert coverage(reader) == {(1, 1): CellCoverage.OTHER_YEAR, (1, 2): CellCoverage.OTHER_YEAR,
                                (2, 1): CellCoverage.FACT, (2, 2): CellCoverage.FACT}

"""Findings you can trust (issue 12): each false finding the checks once raised on the real corpus, gone, with
the true findings beside it kept; and the same rules on hand-built tables.

Every amount below was read by hand from the PDF's text (page given); docs/checks.md lists the classes."""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from etl.checks import check_document
from etl.checks.names import headings
from etl.document import Line, PageText
from etl.pipeline import extract
from etl.records import CellRef, ExtractedDocument, ExtractedTable, Fact, Identity, PrintedCell
from etl.vocabulary import CellCoverage, ReportKind, ReportLevel
from tests.conftest import REAL

BUDGET = Identity("测试局", 2026, ReportKind.BUDGET, ReportLevel.DEPARTMENT)


@cache
def read(name: str) -> ExtractedDocument:
    document = extract(REAL / f"{name}.pdf")
    assert isinstance(document, ExtractedDocument)
    return document


def found(name: str, check: str, table: str | None = None) -> set[str]:
    return {f.subject for f in read(name).findings if f.check == check and (table is None or f.table_key == table)}


def page(number: int, *lines: str) -> PageText:
    return PageText(number, tuple(Line(text, text, 800.0 - 20 * i) for i, text in enumerate(lines)), 595.0, 842.0)


# --- row totals count every printed part --------------------------------------------------------------------

def test_an_income_total_counts_the_balances_used_beside_last_years_funds():
    # p8 收入预算表 (万元): 收入合计 557,259.13 = 上年结转 93,801.70 + 财政拨款 230,876.38 + 事业收入 122,342.73
    # (其中：教育收费 74,162.23 inside it) + 其他收入 50,265.53 + 使用非财政拨款结余 59,972.79; p7 prints the
    # 使用非财政拨款结余 below its 本年收入合计 403,484.64
    name = "cn-central_xinan-daxue_2023_budget_dept"
    assert "合计 total" not in found(name, "row_total") and "221 total" not in found(name, "row_total")
    assert not found(name, "across_tables")
    # the document's own slip stays: 2050202 小学教育 prints 9,645.51 over parts that add up to 9,646.01
    assert "2050202 total" in found(name, "row_total")


def test_a_total_of_the_years_budget_and_last_years_funds_is_checked_through_its_subtotal():
    # p8 支出总表: 2014002 prints 合计 458.00 and 当年预算 小计 0.00 over 项目支出 458.00: the 小计 is misprinted
    subjects = found("jl-changchun_xinfangju_2026_budget_dept", "row_total", "expenditure")
    assert {"2014002 total", "2014002 current_year_total"} <= subjects
    assert "2014001 total" not in subjects  # 903.85 = 903.85 + 0.00


def test_a_total_beside_meeting_and_training_fees_counts_them_in():
    # p41 表13, 2021年: 合计 1,171,100.00 over 三公 65,100.00 + 会议费 320,000.00 + 培训费 1,096,000.00
    [finding] = [f for f in read("sn-xian_shiwei-xuanchuanbu_2021_budget_dept").findings if f.check == "row_total"]
    assert (finding.expected, finding.actual) == (Decimal("1481100.00"), Decimal("1171100.00"))


# --- identities run only where every figure they need was read ------------------------------------------------

def test_a_table_with_rows_not_loaded_is_not_summed():
    # p17–18 公开表6: 301 and its 款 printed on several rows (per 政府经济分类) are not loaded; the 合计 over the one
    # 类 left (303) is no finding, nor is 一般公共预算 基本支出 against its 类
    name = "sd-yantai_shenjiju_2026_budget_dept"
    assert not found(name, "hierarchy", "general_budget_economic")
    assert not found(name, "across_tables")


def _code_table(cells: list[PrintedCell] | None = None) -> ExtractedTable:
    facts = [Fact("expenditure", "total", Decimal(a), 3, function_code=c, cell=CellRef(3, 0, row, 2))
             for row, (c, a) in enumerate([("201", "300"), ("20101", "100"), ("20102", "100")], start=2)]
    return ExtractedTable("支出总表", "expenditure", [3], "元", facts, cells=cells or [])


def test_a_class_over_rows_not_read_is_not_checked():
    pages = [page(3, "支出总表")]
    assert {f.subject for f in check_document([_code_table()], [], pages, BUDGET)} == {"201 total"}
    unread = [PrintedCell(CellRef(3, 0, 5, 0), 1, (0, 0, 1, 1), "某行"),  # a row loaded nowhere, with no code
              PrintedCell(CellRef(3, 0, 5, 2), 1, (0, 0, 1, 1), "100", coverage=CellCoverage.UNKEYED_ROW)]
    assert check_document([_code_table(unread)], [], pages, BUDGET) == []  # the missing 100 may be that row


def test_a_gap_in_the_cells_tells_which_class_goes_unchecked():
    def cell(row: int, column: int, text: str, coverage: CellCoverage | None = None) -> PrintedCell:
        return PrintedCell(CellRef(3, 0, row, column), 1, (0, 0, 1, 1), text, coverage=coverage)

    # 20199 printed with an amount no key holds: 201 is not checked; 202 = 20201 still is
    gap = [cell(5, 0, "20199"), cell(5, 1, "其他"), cell(5, 2, "100", CellCoverage.AMBIGUOUS_KEY)]
    table = _code_table(cells=gap)
    table.facts += [Fact("expenditure", "total", Decimal(a), 3, function_code=c) for c, a in (("202", "9"),
                                                                                               ("20201", "4"))]
    assert {f.subject for f in check_document([table], [], [page(3, "支出总表")], BUDGET)} == {"202 total"}
    # a gap row with no code of its own: no sum over the table's rows
    table.cells = [cell(5, 1, "某单位"), cell(5, 2, "100", CellCoverage.UNIT_BLOCK)]
    assert check_document([table], [], [page(3, "支出总表")], BUDGET) == []


def test_a_row_with_a_figure_not_read_is_not_totalled():
    facts = [Fact("expenditure", m, Decimal(a), 3, item="合计", cell=CellRef(3, 0, 2, col))
             for col, (m, a) in enumerate([("total", "300"), ("basic", "100"), ("project", "100")], start=1)]
    gap = PrintedCell(CellRef(3, 0, 2, 4), 1, (0, 0, 1, 1), "100", coverage=CellCoverage.UNKEYED_ROW)
    table = ExtractedTable("支出总表", "expenditure", [3], "元", facts)
    assert [f.check for f in check_document([table], [], [page(3, "300 100 100")], BUDGET)] == ["row_total"]
    table.cells = [gap]
    assert check_document([table], [], [page(3, "300 100 100")], BUDGET) == []


# --- tolerance by each figure's printed precision ----------------------------------------------------------

def test_display_rounding_across_tables_is_no_finding():
    # one table prints 221.6 万元, the other 221.62: within 500 + 50 元 of each other
    summary = ExtractedTable("收支总表", "income_expenditure_summary", [1], "万元",
                             [Fact("income_expenditure_summary", "expenditure", Decimal("2216000.00"), 1,
                                   item="本年支出合计")])
    detail = ExtractedTable("支出总表", "expenditure", [2], "万元",
                            [Fact("expenditure", "total", Decimal("2216200.00"), 2, item="合计")])
    pages = [page(1, "本年支出合计 221.6"), page(2, "合计 221.62")]
    assert check_document([summary, detail], [], pages, BUDGET) == []
    # 2 万元 apart is no rounding: every figure printed as read, the document contradicts itself
    detail.facts = [Fact("expenditure", "total", Decimal("2236200.00"), 2, item="合计")]
    pages[1] = page(2, "合计 223.62")
    [finding] = check_document([summary, detail], [], pages, BUDGET)
    assert (finding.check, finding.severity) == ("across_tables", "source")


def test_a_figure_printed_to_the_yuan_in_a_column_printed_to_the_fen_is_rounded():
    # p12 合计: 86,959,408.34 = 基本支出 22,118,861 (printed to the 元) + 项目支出 64,840,547.00; the true slips stay:
    # 行政运行 prints 项目支出 64,840,547.00 beside a 合计 of 14,348,853.34
    name = "sh-putuo_sifaju_2026_budget_unit"
    assert "合计 total" not in found(name, "row_total") and "合计 basic" not in found(name, "hierarchy")
    assert not found(name, "across_tables")
    assert {"2040601 total"} == found(name, "row_total", "expenditure")


def test_a_table_printed_to_the_yuan_may_miss_by_rounding():
    # p17 (元): 21201 prints 94,995,790 over 基本支出 77,381,546 + 项目支出 17,614,243
    assert not read("sh-putuo_wanli-jiedao_2025_budget_dept").findings


# --- headings -------------------------------------------------------------------------------------------------

def test_a_heading_may_name_the_department_by_its_short_name():
    identity = Identity("江苏省人民检察院", 2017, ReportKind.BUDGET, ReportLevel.DEPARTMENT)
    lines = {9: ["节约反对浪费规定,严格依照标准制度规定安排相关支出。第二部分省检察院2017年度部门预算表"],
             18: ["第三部分省检察院2017年度部门预算情况说明"]}
    assert headings(identity, lines) == []
    # a name with a place of its own is another department
    district = Identity("上海市普陀区规划和自然资源局", 2024, ReportKind.FINAL, ReportLevel.DEPARTMENT)
    assert len(headings(district, {7: ["上海市规划和自然资源局2024年度部门决算表"]})) == 1


def test_the_jiangsu_2017_budgets_name_themselves_by_their_short_names():
    for name in ("js-prov_jianchayuan_2017_budget_dept_full", "js-prov_renda-bangongting_2017_budget_dept_full"):
        assert not found(name, "identity")


# --- the contents page -------------------------------------------------------------------------------------

def _listed(*pages_after: PageText) -> list[PageText]:
    return [page(1, "目录", "一、收入支出决算总表……3", "二、支出决算表……4"), page(3, "收入支出决算总表"), *pages_after]


def test_a_table_listed_and_printed_nowhere_is_the_documents_defect():
    tables = [ExtractedTable("收入支出决算总表", "income_expenditure_summary", [3], "万元")]
    [finding] = check_document(tables, [], _listed(page(4, "情况说明")), BUDGET)
    assert (finding.check, finding.severity, finding.table_key) == ("contents", "source", "expenditure")


def test_a_table_listed_and_printed_but_not_recognised_is_ours():
    # its page prints the title wrapped into a form we do not recognise, under the number the contents give it
    tables = [ExtractedTable("收入支出决算总表", "income_expenditure_summary", [3], "万元"),
              ExtractedTable("表2部门支出决算明细表", None, [4], None, status="unrecognised")]
    contents = [page(1, "目录", "一、收入支出决算总表……3", "表2支出决算表……4"), page(3, "收入支出决算总表"),
                page(4, "表2部门支出决算明细表")]
    [finding] = check_document(tables, [], contents, BUDGET)
    assert (finding.check, finding.severity, finding.table_key) == ("contents", "extraction", "expenditure")
    # the listed title printed as a line of its own, not read as a table
    [finding] = check_document(tables[:1], [], _listed(page(4, "二、支出决算表")), BUDGET)
    assert (finding.check, finding.severity) == ("contents", "extraction")

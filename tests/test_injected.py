"""Errors injected into a copy of a real 决算 are found, each by a general rule, and the rules stay quiet on
the documents they were not injected into."""
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from etl.checks import check_document
from etl.checks.contents import contents
from etl.checks.statements import _comparisons, year_ends
from etl.document import Line, PageText, find_titles, read_pages
from etl.pipeline import extract
from etl.records import ExtractedTable, Identity
from tests.conftest import REAL

ORIGINAL = REAL / "sh-putuo_caizhengju_2024_final_dept.pdf"
INJECTED = REAL / "derived/sh-putuo_caizhengju_2024_final_dept_ERROR-INJECTED.pdf"


@pytest.fixture(scope="module")
def injected():
    return extract(INJECTED)


@pytest.fixture(scope="module")
def original():
    return extract(ORIGINAL)


def test_every_injected_error_is_found_and_nothing_else(injected):
    assert {(f.check, f.severity, f.subject) for f in injected.findings} == {
        # p7: the heading names a placeholder department
        ("identity", "source", "第二部分上海市普陀区XX局2024年度部门决算表"),
        # p18: the 情况说明 of another year
        ("identity", "source", "第三部分上海市普陀区财政局2023年度部门决算情况说明"),
        # the 收入支出决算总表 prints 总计 2,995.39 万元; and 56.95 万元 less than last year is then a fall of 100%
        ("narrative", "source", "收入支出总计0万元"),
        ("narrative_change", "source", "收入支出总计0万元…与2023年度相比，收入支出总计减少56.95万元，下降1.87%"),
        # the 三公 table is printed blank
        ("narrative", "source", "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元"),
        # the contents list table 三 (支出决算表); it is not printed
        ("contents", "source", "三、支出决算表"),
        # items 1, 7 and 9: the word contradicts the figures beside it
        ("narrative_comparison", "source", "年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数"),
        ("narrative_comparison", "source", "年初预算为80.81万元，支出决算为80.38万元。决算数大于预算数"),
        ("narrative_comparison", "source", "年初预算为62.29万元，支出决算为60.99万元。决算数等于预算数"),
        # vehicles counted at the end of the year before
        ("narrative_date", "source", "截至2023年12月31日"),
        # the original's own error, kept: 2,106.66 of 2,940.05 万元 is 71.65%
        ("narrative_share", "source", "2106.66万元，占71.73%"),
    }


def test_a_title_split_by_a_heading_in_the_text_layer_is_read(injected, original):
    # p7 writes 收入支出决算总 / 第二部分…决算表 / 表: the title's halves share a baseline, the heading is above
    def summary(document):
        return {(f.key, f.amount) for f in document.facts if f.table_key == "income_expenditure_summary"}

    assert len(summary(injected)) == 12
    assert summary(injected) == summary(original)


def test_the_pristine_original_yields_only_its_own_errors(original):
    assert {(f.check, f.subject) for f in original.findings} == {
        ("narrative", "财政拨款收入支出总计0.3万元"),  # the table prints 2,961.68 万元
        ("narrative_share", "2106.66万元，占71.73%"),
    }


def page(*lines: tuple[float, str]) -> PageText:
    return PageText(1, tuple(Line(text, text, top) for top, text in lines), 595, 842)


def test_a_title_continues_on_its_own_baseline_past_one_interleaved_line():
    [mark] = [m for m in find_titles(page((715.8, "收入支出决算总"), (753.2, "第二部分某局2024年度部门决算表"),
                                          (715.7, "表")), None) if m.spec]
    assert (mark.spec.key, mark.title) == ("income_expenditure_summary", "收入支出决算总表")
    # the line after next on another baseline is not the title's rest
    assert not [m for m in find_titles(page((715.8, "收入支出决算总"), (753.2, "第二部分某局2024年度部门决算表"),
                                             (600.0, "表")), None) if m.spec]


def test_the_comparison_word_must_agree_with_the_figures():
    def said(text):
        return [(f.expected, f.actual) for f in _comparisons(text)]

    assert said("年初预算为10.00万元，支出决算为12.00万元。决算数大于预算数的主要原因：追加。") == []
    assert said("年初预算为10.00万元，支出决算为9.00万元。决算数大于预算数的主要原因：追加。") == [
        (Decimal(100000), Decimal(90000))]
    assert said("年初预算为10.00万元，支出决算为10.00万元。决算数小于预算数。") == [(Decimal(100000), Decimal(100000))]
    assert said("预算为593.46万元，支出决算为587.55万元，完成预算的99%，决算数较预算数减少5.91万元") == []
    # 基本持平: within 5% of the budget; 持平 and 等于: equal
    assert said("年初预算为100.00万元，支出决算为96.00万元。决算数与预算数基本持平。") == []
    assert said("年初预算为100.00万元，支出决算为94.00万元。决算数与预算数基本持平。") == [
        (Decimal(1000000), Decimal(940000))]
    assert said("年初预算为100.00万元，支出决算为99.99万元。决算数同预算数持平。") == [(Decimal(1000000), Decimal(999900))]
    # the comparison is with the budget it names, else with the last one stated
    assert said("年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。决算数小于预算数。") == []
    assert said("年初预算为200.00万元，全年预算为321.02万元，支出决算为307.82万元。决算数大于年初预算数。") == []
    # a template's unfilled choice says nothing
    assert said("年初预算为10.00万元，支出决算为9.00万元。决算数大于（小于）预算数的主要原因：") == []


def test_a_final_report_counts_its_stocks_at_the_end_of_its_own_year():
    text = "截至2023年12月31日，共有车辆0辆。截至2024年12月31日，共有车辆0辆。截至2023年底，单价100万元以上设备2台。"
    final = Identity("某局", 2024, "final", "department")
    assert [f.subject for f in year_ends(text, final)] == ["截至2023年12月31日", "截至2023年底"]
    assert year_ends(text, Identity("某局", 2025, "budget", "department")) == []  # budgets count at an earlier date


def test_a_table_the_contents_list_must_be_printed():
    listing = page((766.3, "目录"), (559.5, "一、收入支出决算总表…………3"), (495.8, "三、支出决算表…………5"))
    table = page((700.0, "收入支出决算总表"))
    printed = [ExtractedTable("收入支出决算总表", "income_expenditure_summary", [2], "万元")]
    [missing] = contents([listing, PageText(2, table.lines, 595, 842)], printed, "某局")
    assert (missing.severity, missing.table_key, missing.subject) == ("source", "expenditure", "三、支出决算表")
    # a listed title printed on a page that we did not read as a table: our miss
    seen = page((700.0, "支出决算表"))
    [missed] = contents([listing, PageText(2, seen.lines, 595, 842)], printed, "某局")
    assert missed.severity == "extraction"


def test_each_figure_a_careful_reader_checks_in_the_narrative_is_the_tables(original):
    pdf = pdfium.PdfDocument(str(ORIGINAL))
    pages = read_pages(pdf)
    pdf.close()
    table_pages = {n for t in original.tables for n in t.pages}

    def edit(text: str) -> str:  # three of a careful reader's checks, failed on purpose in the 情况说明
        return text.replace("1511.89", "1511.98").replace("326.72", "326.27").replace("603.14", "603.41")

    def misprinted(page: PageText) -> PageText:
        if page.number in table_pages:
            return page
        return PageText(page.number, tuple(Line(edit(x.text), edit(x.raw), x.top) for x in page.lines),
                        page.width, page.height)

    new = [f for f in check_document(original.tables, original.subjects, [misprinted(p) for p in pages],
                                     original.identity) if f not in original.findings]
    assert {(f.check, f.severity, f.subject, f.expected, f.actual) for f in new} == {
        ("narrative", "source", "社会保障和就业支出（类）…326.27万元", Decimal("3267200.00"), Decimal("3262700.00")),
        ("narrative", "source", "项目支出603.41万元", Decimal("6031400.00"), Decimal("6034100.00")),  # of 本年支出合计
        ("narrative", "source", "一般公共服务支出（类）财政事务（款）行政运行（项）…决算为1511.98万元",
         Decimal("15118900.00"), Decimal("15119800.00")),
    }


def test_a_stated_rate_of_change_is_recomputed_from_the_figures_beside_it():
    from etl.checks.statements import _changes

    said = "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降{}%。"
    assert _changes(said.format("1.87")) == []  # 56.95 of 3,052.34
    [wrong] = _changes(said.format("1.97"))
    assert (wrong.check, wrong.expected, wrong.actual) == ("narrative_change", Decimal("1.87"), Decimal("1.97"))
    # a unit new this year grows from nothing: no rate to check
    assert _changes("收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。") == []

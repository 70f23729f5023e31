"""The Jiangsu provincial twelve-table budget set (SOURCES.md section C), 2017–2019.

Portrait Word/WPS files with several tables on a page (*_full), landscape Excel exports turned
by 90° (*_tables), and 说明-only halves (*_narrative) that must stay refused.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from functools import cache

import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument, RefusedDocument
from tests.conftest import REAL

FAMILY = sorted(p.name for p in REAL.glob("js-prov_*.pdf"))
TABLE_FILES = [name for name in FAMILY if "_narrative" not in name]
NARRATIVES = [name for name in FAMILY if "_narrative" in name]


@cache
def read(name: str) -> ExtractedDocument:
    result = extract(REAL / name)
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    return result


def facts(name: str, table: str) -> dict[tuple[str, str], Decimal]:
    """(row key, measure) → amount in 元, the row key being the code or the item."""
    return {(f.function_code or f.economic_code or f.item, f.measure): f.amount
            for f in read(name).facts if f.table_key == table}


def yuan(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


@pytest.mark.parametrize("name", NARRATIVES)
def test_narrative_halves_are_refused_for_having_no_tables(name):
    """Even 政协 2019, whose cover is an image, so that the department cannot be read."""
    result = extract(REAL / name)
    assert isinstance(result, RefusedDocument)
    assert result.reason.startswith("no standard tables")


@pytest.mark.parametrize("name", TABLE_FILES)
def test_every_table_of_the_set_is_read_and_adds_up(name):
    keys = [t.table_key for t in read(name).tables]
    assert sorted(keys) == sorted({
        "income_expenditure_summary", "income_by_source", "expenditure", "appropriation_summary",
        "appropriation_expenditure", "appropriation_economic", "general_budget_expenditure",
        "general_budget_economic", "three_public", "government_fund", "agency_operation", "procurement"})
    summary = facts(name, "income_expenditure_summary")
    spent = summary[("当年支出小计", "expenditure")]
    assert summary[("收入合计", "income")] == summary[("支出合计", "expenditure")]
    assert sum(summary.get((k, "expenditure"), 0) for k in ("基本支出", "项目支出", "单位预留机动经费")) == spent
    assert sum(v for (k, m), v in summary.items() if m == "expenditure" and k.endswith("支出")
               and k not in ("基本支出", "项目支出")) == spent  # the by-function block
    appropriation = facts(name, "appropriation_summary")
    assert appropriation[("收入合计", "income")] == appropriation[("支出合计", "expenditure_total")] == sum(
        appropriation.get((k, "expenditure_total"), 0) for k in ("基本支出", "项目支出", "单位预留机动经费"))
    spending = facts(name, "expenditure")
    assert spending[("合计", "total")] == sum(v for (_, m), v in spending.items() if m != "total")
    sources = {k: v for (k, _), v in facts(name, "income_by_source").items()}
    assert sources["收入总计"] == sum(v for k, v in sources.items() if k.endswith("/小计"))
    for table in ("appropriation_expenditure", "appropriation_economic", "general_budget_expenditure",
                  "general_budget_economic", "agency_operation"):
        totals = {k: v for (k, m), v in facts(name, table).items() if m == "total"}
        assert sum(v for k, v in totals.items() if len(k) == 3) == totals["合计"], table
        for code, value in totals.items():
            parts = [v for k, v in totals.items() if len(k) == len(code) + 2 and k.startswith(code)]
            assert not parts or sum(parts) == value, (table, code)
    three = {m.removeprefix("budget_"): v for (_, m), v in facts(name, "three_public").items()}
    assert three["total"] == three.get("outbound_travel", 0) + three["vehicle_total"] + three["reception"]
    assert three["grand_total"] == three["total"] + three["meeting"] + three["training"]
    purchases = {k: v for (k, _), v in facts(name, "procurement").items()}
    assert sum(v for k, v in purchases.items() if "/" not in k and k != "合计") == purchases["合计"]


@pytest.mark.parametrize("department", ["renda-bangongting", "jianchayuan", "shengwei-bangongting"])
def test_summary_table_agrees_with_the_camelot_ground_truth(department):
    """Every figure of the upstream CSVs (万元) is the fact of the same label, in 元."""
    oracle = REAL / f"ground_truth/js-prov_{department}_2017-2019_shouzhi-yusuan-zongbiao_camelot.csv"
    for row in csv.DictReader(oracle.open(encoding="utf-8")):
        name = next(n for n in TABLE_FILES if n.startswith(f"js-prov_{department}_{row[''][:4]}_"))
        got = defaultdict(set)
        for (item, _), amount in facts(name, "income_expenditure_summary").items():
            got[item].add(amount)
        for label, value in row.items():
            if label and value:
                assert yuan(value) * 10000 in got[label], (name, label)


def test_a_row_cut_by_a_page_break_is_one_row():
    """人大 2017: 八、社会保障和就 | 业支出 and 当年收入 | 小计 run over two pages."""
    summary = facts("js-prov_renda-bangongting_2017_budget_dept_full.pdf", "income_expenditure_summary")
    assert summary[("社会保障和就业支出", "expenditure")] == yuan("16085100")
    assert summary[("当年收入小计", "income")] == yuan("136490700")
    assert not any(k.startswith("社会保障和就") and k != "社会保障和就业支出" for k, _ in summary)


def test_funding_sources_are_items_under_their_group():
    """收入预算总表 without a code column: sources, a group label merged over its rows (其他资金 | 其他收入)."""
    sources = facts("js-prov_jianchayuan_2017_budget_dept_full.pdf", "income_by_source")
    assert sources == {
        ("收入总计", "income"): yuan("179966800"),
        ("一般公共预算资金/小计", "income"): yuan("179816800"),
        ("一般公共预算资金/公共财政拨款(补助)资金", "income"): yuan("179816800"),
        ("其他资金/小计", "income"): yuan("150000"),
        ("其他资金/其他收入", "income"): yuan("150000"),
    }


def test_purchases_are_an_outline_of_paths():
    """政府采购预算表: a blank 专项 repeats the one above it (网络通讯… 租赁费 under 维修(护)费's 专项)."""
    purchases = facts("js-prov_gaoji-fayuan_2018_budget_dept_full.pdf", "procurement")
    assert purchases[("服务C/网络通讯维护及专用线路租赁费/租赁费", "value")] == yuan("3700000")
    assert purchases[("服务C/网络通讯维护及专用线路租赁费/租赁费/其他电信和信息传输服务/分散自行组织", "value")] \
        == yuan("3700000")
    assert purchases[("合计", "value")] == yuan("46416200")


def test_the_extra_tables_have_their_own_keys():
    name = "js-prov_gaoji-fayuan_2018_budget_dept_full.pdf"
    assert facts(name, "appropriation_economic")[("30113", "total")] == yuan("13982600")
    assert facts(name, "agency_operation")[("302", "total")] == yuan("34073800")
    assert facts(name, "appropriation_expenditure")[("2040501", "total")] == yuan("148576100")
    assert facts(name, "expenditure") == {("合计", "total"): yuan("331721500"), ("合计", "basic"): yuan("185708200"),
                                          ("合计", "project"): yuan("113432700"),
                                          ("合计", "unit_reserve"): yuan("32580600")}


def test_a_title_printed_again_over_a_continued_table_is_one_table():
    """政协 2017 prints 2017年政府采购预算表 over both of its pages."""
    tables = [t for t in read("js-prov_zhengxie-bangongting_2017_budget_dept_tables.pdf").tables
              if t.table_key == "procurement"]
    assert [t.pages for t in tables] == [[12, 13]]


def test_rules_camelot_misses_are_read_from_the_page():
    """省委办公厅 2019: the rule under 功能分类/支出用途 is an open path; without it the label and amount
    columns of the 支出 side ran together."""
    summary = facts("js-prov_shengwei-bangongting_2019_budget_dept_tables.pdf", "income_expenditure_summary")
    assert summary[("一般公共服务支出", "expenditure")] == yuan("223955000")
    assert summary[("基本支出", "expenditure")] == yuan("117006300")

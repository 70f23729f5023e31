"""Rows the flat key cannot hold (spec): a 政府经济分类 code beside the 部门经济分类 code nested under it, a 支出总表
crossing 功能分类 with 经济分类, and a region's 7-digit 经济分类 codes are facts, with the checks over those keys.

Amounts were read by hand from each PDF's text (page given); Beijing's 万元 carry six decimals, exact to the 分."""
from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from functools import cache

from etl.checks import check_document
from etl.pipeline import extract
from etl.records import ExtractedDocument, ExtractedTable, Fact
from etl.vocabulary import CellCoverage, SubjectKind
from tests.conftest import REAL, SHARED

GOLD_KEYS = SHARED / "corpus/gold-keys"
BEIJING = "bj-city_shenjiju_2026_budget_dept_tables"
BEIJING_DATA = "bj-city_zhengwu-fuwu-shuju-ju_2026_budget_dept_tables"
EXP, GBE, GBX = "expenditure", "general_budget_expenditure", "general_budget_economic"


@cache
def read(name: str) -> ExtractedDocument:
    document = extract(REAL / f"{name}.pdf")
    assert isinstance(document, ExtractedDocument)
    return document


def facts(name: str, table: str) -> dict[tuple, Decimal]:
    """(function code, 政府经济分类 code, 经济分类 code or item, measure) → amount."""
    return {(f.function_code, f.government_economic_code, f.economic_code or f.item, f.measure): f.amount
            for f in read(name).facts if f.table_key == table}


def coverage(name: str, table: str) -> set[CellCoverage]:
    return {c.coverage for t in read(name).tables if t.table_key == table for c in t.cells if c.amount is not None}


def test_beijings_cross_table_and_basic_table_score_perfectly_against_the_gold():
    """预算03表 支出总表 (p3) and 预算06表 基本支出表 (p6): every printed row and amount, keyed as printed."""
    gold_file = json.loads((GOLD_KEYS / f"{BEIJING}.gold.json").read_text(encoding="utf-8"))
    fields = ("table_key", "function_code", "economic_code", "item", "measure", "government_economic_code",
              "budget_unit", "project")
    gold = {tuple(f.get("table" if k == "table_key" else k) for k in fields): Decimal(f["amount"])
            for f in gold_file["facts"]}
    tables = {key[0] for key in gold}
    got = {tuple(getattr(f, k) for k in fields): f.amount for f in read(BEIJING).facts if f.table_key in tables}
    matched = {k for k, amount in gold.items() if got.get(k) == amount}
    assert (len(matched) / len(gold), len(matched) / len(got)) == (1.0, 1.0), (set(gold) ^ set(got))


def test_a_cross_table_sets_function_economic_and_government_economic_codes():
    # p3: 2010801-行政运行 | 50201-办公经费 | 3021101-差旅费 46.560000; 2080505 under 50102 and again under 50501
    cross = facts(BEIJING, EXP)
    assert cross[("2010801", "50201", "3021101", "basic")] == Decimal("465600.00")
    assert cross[("2080505", "50102", "30108", "total")] == Decimal("14822313.60")
    assert cross[("2080505", "50501", "30108", "total")] == Decimal("1459935.12")
    assert cross[(None, None, "合计", "project")] == Decimal("76335162.47")
    assert coverage(BEIJING, EXP) == coverage(BEIJING, GBX) == {CellCoverage.FACT}
    # the second document of the family, over four pages (p3–6) and three (p10–12)
    data = facts(BEIJING_DATA, EXP)
    assert data[("2014199", "50502", "3021102", "total")] == Decimal("51762.00")  # p5 科研类差旅费 5.176200
    assert data[("2050803", "50203", "30216", "basic")] == Decimal("286600.00")  # p5, and under 50502 below
    assert data[("2050803", "50502", "30216", "basic")] == Decimal("142000.00")
    assert facts(BEIJING_DATA, GBX)[(None, "50502", "3021101", "public_expense")] == Decimal("271500.00")  # p11
    assert coverage(BEIJING_DATA, EXP) == coverage(BEIJING_DATA, GBX) == {CellCoverage.FACT}


def test_the_government_economic_names_are_subject_names():
    names = {(s.kind, s.code): s.name for s in read(BEIJING).subjects}
    assert names[(SubjectKind.GOVERNMENT_ECONOMIC, "50101")] == "工资奖金津补贴"
    assert names[(SubjectKind.GOVERNMENT_ECONOMIC, "50209")] == "维修(护)费"
    assert names[(SubjectKind.ECONOMIC, "3021101")] == "差旅费"


def test_split_codes_of_both_economic_classifications_key_their_rows():
    """烟台 p17–18 prints 类 | 款 of 部门经济分类 and of 政府经济分类: 301 | 01 beside 501 | 01, and 301 again beside
    505 | 01; a 类 beside a 类 (301 beside 501) adds up the rows nested under it."""
    got = facts("sd-yantai_shenjiju_2026_budget_dept", GBX)
    assert got[(None, "501", "301", "total")] == Decimal("18128100.00")
    assert got[(None, "505", "301", "total")] == Decimal("5093700.00")
    assert got[(None, "50101", "30101", "personnel")] == Decimal("4423800.00")
    assert got[(None, "50501", "30101", "personnel")] == Decimal("1284600.00")
    assert coverage("sd-yantai_shenjiju_2026_budget_dept", GBX) == {CellCoverage.FACT}
    assert not [f for f in read("sd-yantai_shenjiju_2026_budget_dept").findings
                if f.check in ("hierarchy", "government_economic_nesting")]


def test_xians_codes_beside_two_government_economic_codes_are_two_rows():
    # 气象局 2022 p25 (元): 30102 津贴补贴 beside 50101 (0) and beside 50501 (116629.72)
    got = facts("sn-xian_qixiangju_2022_budget_dept", GBX)
    assert got[(None, "50101", "30102", "total")] == Decimal("0")
    assert got[(None, "50501", "30102", "total")] == Decimal("116629.72")
    # 人社局 2020 p39: 3010201 津贴补贴 beside 50501 (132.41) and 50101 (1342.73), its 款 30102 not printed
    got = facts("sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept", GBX)
    assert got[(None, "50501", "3010201", "total")] == Decimal("1324100.00")
    assert got[(None, "50101", "3010201", "total")] == Decimal("13427300.00")
    assert CellCoverage.AMBIGUOUS_KEY not in coverage("sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept", GBX)
    # 301 工资福利支出 (printed with no 政府经济分类 code) adds up its rows beside every one, 3010201 among them
    assert not [f for f in read("sn-xian_renli-ziyuan-shehui-baozhang-ju_2020_budget_dept").findings
                if f.check == "hierarchy" and f.table_key == GBX]


def test_a_regions_seven_digit_economic_codes_are_facts_under_their_kuan():
    # 重庆 政府办公厅 p17: 30102 津贴补贴 959.49 = 3010201 规范性津补贴 904.48 + 3010202 其他津补贴 55.01
    got = facts("cq-city_zhengfu-bangongting_2026_budget_dept", GBX)
    assert got[(None, None, "3010201", "total")] == Decimal("9044800.00")
    assert got[(None, None, "3010202", "total")] == Decimal("550100.00")
    assert got[(None, None, "30102", "total")] == Decimal("9594900.00")
    assert coverage("cq-city_zhengfu-bangongting_2026_budget_dept", GBX) == {CellCoverage.FACT}
    assert not [f for f in read("cq-city_zhengfu-bangongting_2026_budget_dept").findings if f.check == "hierarchy"]


def _with(name: str, table: str, changed: dict[tuple, Decimal]) -> list:
    """The document's findings with some of its facts' amounts changed: (function, gov, economic, measure) → amount."""
    document = read(name)

    def amended(fact: Fact) -> Fact:
        key = (fact.function_code, fact.government_economic_code, fact.economic_code, fact.measure)
        return replace(fact, amount=changed[key]) if fact.table_key == table and key in changed else fact

    tables = [ExtractedTable(t.title, t.table_key, t.pages, t.unit, [amended(f) for f in t.facts], t.subjects,
                             t.note, t.status, t.cells) for t in document.tables]
    return check_document(tables, document.subjects, [], document.identity)


def test_a_cross_tables_marginals_are_the_single_classification_tables():
    """Beijing's 03表 基本支出 by function = 05表's 基本支出 (2010850: 1,335.738247); by 政府经济分类 and 经济分类 =
    06表's 合计. Its 项目支出 counts in 其他资金 the 05表 leaves out (the 合计 differ): not checked."""
    assert not [f for f in read(BEIJING).findings if f.check == "cross_table_marginals"]
    findings = _with(BEIJING, GBX, {(None, "50205", "30226", "total"): Decimal("32651.00")})
    assert {f.subject for f in findings if f.check == "cross_table_marginals"} == {"50205/30226 basic"}
    findings = _with(BEIJING, GBE, {("2010850", None, None, "basic"): Decimal("13357383.47")})
    assert {f.subject for f in findings if f.check == "cross_table_marginals"} == {"2010850 basic"}


def test_codes_nested_under_a_government_economic_class_add_up_to_it():
    findings = _with("sd-yantai_shenjiju_2026_budget_dept", GBX, {(None, "50101", "30101", "total"): Decimal(0)})
    assert {f.subject for f in findings if f.check == "government_economic_nesting"} == {"301/501 total"}

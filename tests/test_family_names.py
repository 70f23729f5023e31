"""Tables that print subject names without codes (Zhejiang): codes from the classification, by name and level.

Also the traits that come with this family: tables by budget unit (单位名称) whose only department figures are
their 合计 line, titles repeated over every page of a table, and a single-column ** 1 numbering row.
"""
from decimal import Decimal
from pathlib import Path

import pytest

from etl.classification import Classification, SubjectPath, classification
from etl.classification.harvest import AGREED, DISPUTED, PrintedTable, statuses
from etl.pipeline import extract
from etl.records import ExtractedDocument
from tests.conftest import REAL

HANGZHOU = "zj-hangzhou_qixiangju_2026_budget_dept"
HUZHOU = "zj-huzhou_caizhengju_2026_budget_dept"


def facts_of(name: str) -> tuple[ExtractedDocument, dict[tuple, Decimal]]:
    doc = extract(REAL / f"{name}.pdf")
    assert isinstance(doc, ExtractedDocument), getattr(doc, "reason", "")
    return doc, {f.key: f.amount for f in doc.facts}


@pytest.fixture(scope="module")
def hangzhou():
    return facts_of(HANGZHOU)


@pytest.fixture(scope="module")
def huzhou():
    return facts_of(HUZHOU)


# --- names without codes -----------------------------------------------------------------------------------

def test_function_names_get_codes_by_their_parent(hangzhou):
    _, facts = hangzhou
    # 行政运行 is a 项 of many 款: under 气象事务 it is 2200501
    assert facts[("expenditure", "2200501", None, None, "personnel", None, None, None)] == Decimal("19070100.00")
    assert facts[("general_budget_expenditure", "2200509", None, None, "project", None, None, None)] == Decimal("19800000.00")
    assert facts[("expenditure", "2060404", None, None, "total", None, None, None)] == Decimal("280000.00")  # from reference.csv


def test_economic_names_get_codes(hangzhou):
    doc, facts = hangzhou
    assert facts[("general_budget_economic", None, "30213", None, "public_expense", None, None, None)] == Decimal("300000.00")  # 维修(护)费
    assert facts[("general_budget_economic", None, "31002", None, "public_expense", None, None, None)] == Decimal("249000.00")
    # 其他社会保障缴费 was 30104 in 2017: a 2026 table means 30112
    assert facts[("general_budget_economic", None, "30112", None, "personnel", None, None, None)] == Decimal("73000.00")
    table = next(t for t in doc.tables if t.table_key == "general_budget_economic")
    assert table.note is None  # every row keyed


def test_names_printed_without_codes_name_the_subjects(hangzhou):
    doc, _ = hangzhou
    subjects = {(s.kind, s.code): s.name for s in doc.subjects}
    assert subjects[("function", "2200504")] == "气象事业机构"
    assert subjects[("economic", "30399")] == "其他对个人和家庭的补助"


def test_misprinted_code_is_restored_from_its_name_and_reported():
    doc, facts = facts_of("sh-putuo_wanli-jiedao_2024_budget_dept")  # prints 款 `2` for 02 under 类 301
    assert facts[("general_budget_economic", None, "30102", None, "total", None, None, None)] == Decimal("16623810.00")
    table = next(t for t in doc.tables if t.table_key == "general_budget_economic")
    assert "3012→30102" in table.note


# --- tables by budget unit, repeated titles, numbering rows -----------------------------------------------

def test_table_by_unit_keeps_its_totals_line_apart_from_the_units(hangzhou):
    doc, facts = hangzhou
    assert {k[:5] for k in facts if k[0] == "three_public" and k[6] is None} == {
        ("three_public", None, None, None, m)
        for m in ("budget_total", "budget_vehicle_total", "budget_vehicle_operation", "budget_reception")}
    assert facts[("three_public", None, None, None, "budget_total", None, None, None)] == Decimal("240200.00")
    assert {k[6] for k in facts if k[0] == "three_public"} == {None, "杭州市气象局", "杭州市气象服务中心(杭州市预警信息发布中心)"}
    income = next(t for t in doc.tables if t.table_key == "income")
    assert income.note is None  # the budget units' own rows are facts of their unit (tests/test_keys_units.py)


def test_huzhou_hand_checked_facts(huzhou):
    doc, facts = huzhou
    assert (doc.identity.department, doc.identity.fiscal_year) == ("湖州市财政局", 2026)
    expected = {
        # 收支预算总表 over p17-18, its title printed again on p18
        ("income_expenditure_summary", None, None, "住房公积金", "expenditure"): "4200700.00",
        ("income_expenditure_summary", None, None, "收入总计", "income"): "68384100.00",
        ("income_expenditure_summary", None, None, "支出总计", "expenditure"): "68384100.00",
        # 收入预算总表 by unit: its 合计 line (the units' lines are under budget_unit)
        ("income", None, None, "合计", "general_public_budget"): "68384100.00",
        ("expenditure", "2010601", None, None, "public_expense"): "5830200.00",
        ("expenditure", "2210201", None, None, "personnel"): "4200700.00",  # p21
        ("appropriation_summary", None, None, "行政运行", "expenditure_total"): "36856500.00",
        ("general_budget_expenditure", "2010650", None, None, "basic"): "4036100.00",
        ("general_budget_economic", None, "30399", None, "public_expense"): "149000.00",
        ("general_budget_economic", None, "31002", None, "total"): "190000.00",  # p27
        ("three_public", None, None, None, "budget_total"): "93000.00",
        ("three_public", None, None, None, "budget_reception"): "58000.00",
    }
    assert {k: facts.get(k + (None, None, None)) for k in expected} == {k: Decimal(v) for k, v in expected.items()}
    assert len([k for k in facts if k[0] == "income" and k[6] is None]) == 3
    assert len([k for k in facts if k[0] == "three_public" and k[6] is None]) == 4
    tables = {t.table_key: t for t in doc.tables}
    assert tables["income_expenditure_summary"].pages == [17, 18]
    assert tables["general_budget_economic"].pages == [25, 26, 27]
    assert tables["state_capital"].note == "printed empty"  # ** ** 1 is the numbering row


def test_continued_table_under_a_repeated_title_keeps_its_rows_apart():
    # 长沙 财政拨款收支总表: p16 repeats the title and header, then 22、其他支出 (no amount) and the totals
    _, facts = facts_of("hn-changsha_xinfangju_2026_budget_dept")
    assert facts[("appropriation_summary", None, None, "支出总计", "expenditure_total", None, None, None)] == Decimal("19353600.00")
    assert ("appropriation_summary", None, None, "收入总计", "expenditure_total") not in facts


def test_single_amount_column_under_expenditure_is_its_total():
    _, facts = facts_of("cn-central_guojia-xinfangju_2026_budget_dept")  # 支出 / 预算数
    assert facts[("appropriation_summary", None, None, "本年支出", "expenditure_total", None, None, None)] == Decimal("187289400.00")


# --- the resolver on small inputs --------------------------------------------------------------------------

FUNCTION = Classification.of("function", [
    ("201", "一般公共服务支出", [2026]), ("20106", "财政事务", [2026]), ("2010601", "行政运行", [2026]),
    ("220", "自然资源海洋气象等支出", [2026]), ("22005", "气象事务", [2026]), ("2200501", "行政运行", [2026]),
])
ECONOMIC = Classification.of("economic", [
    ("301", "工资福利支出", [2017, 2026]), ("30104", "其他社会保障缴费", [2017]),
    ("30112", "其他社会保障缴费", [2018, 2026]),
    ("399", "其他支出", [2026]), ("39999", "其他支出", [2026]), ("39907", "国家赔偿费用支出", [2026]),
])


def resolve_all(path: SubjectPath, rows) -> list[str | None]:
    return [path.resolve(name, indent) for name, indent in rows]


def test_a_name_is_a_class_else_a_kuan_of_the_class_else_a_xiang_of_the_kuan():
    rows = [("一般公共服务支出", None), ("财政事务", None), ("行政运行", None),
            ("自然资源海洋气象等支出", None), ("气象事务", None), ("行政运行", None)]
    assert resolve_all(SubjectPath(FUNCTION), rows) == ["201", "20106", "2010601", "220", "22005", "2200501"]


def test_unknown_or_orphan_names_stay_unkeyed_and_do_not_move_the_path():
    path = SubjectPath(FUNCTION)
    assert path.resolve("行政运行", None) is None  # a 项 with no 款 above it
    rows = [("一般公共服务支出", None), ("财政事务", None), ("统计抽样调查", None), ("行政运行", None)]
    assert resolve_all(path, rows) == ["201", "20106", None, "2010601"]


def test_a_printed_code_moves_the_path():
    path = SubjectPath(FUNCTION)
    path.follow("22005")
    assert path.resolve("行政运行", None) == "2200501"


def test_a_name_at_two_levels_is_placed_by_its_indentation():
    rows = [("其他支出", 0.0), ("国家赔偿费用支出", 9.0), ("其他支出", 9.0)]
    assert resolve_all(SubjectPath(ECONOMIC), rows) == ["399", "39907", "39999"]
    flat = [("其他支出", None), ("其他支出", None)]
    assert resolve_all(SubjectPath(ECONOMIC), flat) == ["399", None]  # no indentation: ambiguous, not guessed
    same = [("其他支出", 0.0), ("其他支出", 0.0)]
    assert resolve_all(SubjectPath(ECONOMIC), same) == ["399", None]  # the 类 again is no subject of its own


def test_a_renamed_code_is_told_apart_by_the_year():
    rows = [("工资福利支出", None), ("其他社会保障缴费", None)]
    assert resolve_all(SubjectPath(ECONOMIC, 2026), rows) == ["301", "30112"]
    assert resolve_all(SubjectPath(ECONOMIC, 2017), rows) == ["301", "30104"]
    assert resolve_all(SubjectPath(ECONOMIC), rows) == ["301", None]


def test_shipped_lists_resolve_what_the_corpus_prints():
    path = SubjectPath(classification("function"), 2026)
    rows = [("社会保障和就业支出", None), ("行政事业单位养老支出", None), ("机关事业单位职业年金缴费支出", None),
            ("住房保障支出", None), ("住房改革支出", None), ("住房公积金", None)]
    assert resolve_all(path, rows) == ["208", "20805", "2080506", "221", "22102", "2210201"]


# --- the harvest's reconciliation --------------------------------------------------------------------------

def test_harvest_disputes_lone_contradictions_and_local_numberings():
    def table(doc: str, year: int, *pairs):
        return PrintedTable(Path(doc), year, frozenset(("economic", c, n) for c, n in pairs))

    tables = [
        table("a", 2017, ("30307", "医疗费"), ("30201", "办公费")),
        table("b", 2017, ("30307", "医疗费"), ("30202", "印刷费")),
        table("c", 2024, ("30307", "医疗费补助"), ("30202", "印刷费"), ("30203", "咨询费"), ("30205", "水费")),
        table("d", 2025, ("30307", "医疗费补助"), ("30203", "咨询费"), ("30205", "水费")),
    ]
    local = [("30202", "咨询费"), ("30203", "水费"), ("30307", "医疗费补"), ("30201", "办公费"), ("30210", "车辆运行费")]
    status = statuses(tables + [table("e", 2024, *local)])
    assert status[("economic", "30307", "医疗费")] == status[("economic", "30307", "医疗费补助")] == AGREED  # renamed
    assert status[("economic", "30307", "医疗费补")] == DISPUTED  # cut short
    assert status[("economic", "30202", "咨询费")] == status[("economic", "30203", "水费")] == DISPUTED
    assert status[("economic", "30210", "车辆运行费")] == AGREED  # two lone contradictions: no numbering of its own yet
    status = statuses(tables + [table("e", 2024, *local, ("30205", "邮电费"))])
    assert status[("economic", "30210", "车辆运行费")] == DISPUTED  # three: none of the table's pairs is evidence
    assert status[("economic", "30201", "办公费")] == AGREED  # printed by another document too

"""Arithmetic within one table: a row's total and its parts, a code's row and the rows under it, a printed
subtotal and the lines it adds up."""
from __future__ import annotations

from collections import defaultdict

from etl.checks.context import Document, compare
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check, declared
from etl.identities import ClassSubtotals, ItemSum, RowSum, SummaryLines
from etl.records import Fact, Finding
from etl.specs import SPEC_BY_KEY
from etl.vocabulary import ReportKind


@check("row_total", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="in each row, a total = the sum of every part column the table prints (合计 = 本年收入 + 上年结转, 本年收入 = "
            "财政拨款 + 财政专户管理资金 + 事业收入 + …; 合计 = 基本支出 + 项目支出 + …; 合计 = 当年预算 + 上年结转); a part printed only "
            "as its own parts counts as their sum (基本支出 as 人员经费 + 公用经费, 财政拨款 as 一般公共预算 + 政府性基金 + 国有资本经营); "
            "not checked in a row with a figure printed and not read")
def row_totals(doc: Document) -> list[Finding]:
    rows: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for fact in doc.facts.values():
        rows[(fact.table_key, fact.function_code, fact.economic_code, fact.item, fact.budget_unit)][fact.measure] = fact
    findings = []
    for (table, *key), measures in rows.items():
        if not doc.row_read_fully(list(measures.values())):
            continue
        rules = [i for i in SPEC_BY_KEY[table].identities if isinstance(i, RowSum)]
        for rule in rules:
            present = _printed_parts(measures, rule.parts, rules)
            if rule.total not in measures or not present:
                continue
            subject = " ".join(k for k in key if k) or table
            finding = compare(doc, "row_total", table, f"{subject} {rule.total}", doc.term(measures[rule.total]),
                              [doc.term(f) for f in present],
                              f"{table} {subject}: {rule.total} ≠ {' + '.join(f.measure for f in present)}")
            if finding:
                findings.append(finding)
    return findings


def _printed_parts(measures: dict[str, Fact], parts: tuple[str, ...], rules: list[RowSum]) -> list[Fact]:
    """The parts of a row's total as the row prints them: a part without a column of its own may be printed
    as its own parts, and those as theirs (本年收入 as 财政拨款 | 事业收入 …, 财政拨款 as 一般公共预算 | 政府性基金)."""
    present = []
    for part in parts:
        if part in measures:
            present.append(measures[part])
        else:
            present += [f for rule in rules if rule.total == part for f in _printed_parts(measures, rule.parts, rules)]
    return present


@check("hierarchy", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="in each code-keyed table, 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (in a table by budget unit, within each unit's "
            "block: its line = Σ its 类); not checked where a row under it is printed and "
            "not read (a code printed on several rows beside a second classification: 30201 under 50201 and under 50502; "
            "a row with no code we know: the whole table)")
def hierarchy(doc: Document) -> list[Finding]:
    # one hierarchy per unit block: a unit's own line (no code, no item) is the 合计 of the rows under it
    by_table: dict[tuple[str, str, str | None], dict[str, Fact]] = defaultdict(dict)
    totals: dict[tuple[str, str, str | None], Fact] = {}
    for fact in doc.facts.values():
        code = fact.function_code or fact.economic_code
        if code:
            by_table[(fact.table_key, fact.measure, fact.budget_unit)][code] = fact
        elif fact.item == "合计" or (fact.budget_unit and fact.item is None):
            totals[(fact.table_key, fact.measure, fact.budget_unit)] = fact
    findings = []
    for (table, measure, unit), codes in by_table.items():
        unread = doc.unread_codes(table)
        if unread is None:
            continue
        groups: list[tuple[str, Fact | None, list[Fact]]] = []
        if not any(len(c) == 3 for c in unread):  # every 类 row read
            groups.append(("合计", totals.get((table, measure, unit)), [f for c, f in codes.items() if len(c) == 3]))
        for code, fact in codes.items():
            if any(len(c) == len(code) + 2 and c.startswith(code) for c in unread):
                continue  # a row under it is printed but not read: the rows read are not all its parts
            children = [f for c, f in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
            groups.append((code, fact, children))
        for subject, whole, children in groups:
            if whole is None or not children:
                continue
            subject = f"{unit} {subject}" if unit else subject
            finding = compare(doc, "hierarchy", table, f"{subject} {measure}", doc.term(whole),
                              [doc.term(f) for f in children],
                              f"{table} {measure}: {subject} ≠ the sum of the {len(children)} rows under it")
            if finding:
                findings.append(finding)
    return findings


@check("item_sum", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="printed subtotals = the lines they add up (人员经费合计, 车辆数合计, a 决算 summary's 本年收入合计 …), in a table "
            "whose every row was read")
def item_sums(doc: Document) -> list[Finding]:
    findings = []
    for spec, subtotals in declared(ClassSubtotals):
        findings += _class_subtotals(doc, spec.key, subtotals)
    for spec, rule in declared(ItemSum):
        if not doc.read_fully(spec.key):
            continue
        info = {f.item: f for f in doc.facts.values() if f.table_key == spec.key and f.budget_unit is None}
        lines = rule.lines_among(list(info))
        parts = [info[i] for i in lines if i in info]
        if rule.total in info and parts:
            finding = compare(doc, "item_sum", spec.key, rule.total, doc.term(info[rule.total]),
                              [doc.term(f) for f in parts], f"{spec.key} {rule.total} ≠ Σ {', '.join(lines)}")
            findings += [finding] if finding else []
    if doc.identity.report_kind == ReportKind.FINAL:
        findings += _summary_lines(doc)
    return findings


def _class_subtotals(doc: Document, table: str, subtotals: ClassSubtotals) -> list[Finding]:
    findings: list[Finding] = []
    if not doc.read_fully(table):
        return findings
    classes = defaultdict(list)
    for f in doc.facts.values():
        if f.table_key == table and f.economic_code and len(f.economic_code) == 3 and f.budget_unit is None:
            classes[(f.economic_code in subtotals.personnel_classes, f.measure)].append(f)
    for (personnel, measure), parts in classes.items():
        total = doc.get(table, measure, item=subtotals.personnel if personnel else subtotals.public)
        if total:
            finding = compare(doc, "item_sum", table, f"{total.item} {measure}", doc.term(total),
                              [doc.term(f) for f in parts], f"{table} {total.item} {measure} ≠ Σ its 类")
            findings += [finding] if finding else []
    return findings


def _summary_lines(doc: Document) -> list[Finding]:
    """In a 决算, a summary line (本年收入合计, 本年支出合计) = Σ its measure's lines that are not subtotals,
    其中 or carry-overs."""
    findings = []
    for spec, rule in declared(SummaryLines):
        if not doc.read_fully(spec.key):
            continue
        total = doc.get(spec.key, rule.measure, item=rule.total)
        lines = [f for f in doc.facts.values() if f.table_key == spec.key
                 and f.measure == rule.measure and f.item and "计" not in f.item and "/" not in f.item
                 and not f.item.startswith("其中") and "结转" not in f.item and "结余" not in f.item]
        if total and lines:
            finding = compare(doc, "item_sum", spec.key, rule.total, doc.term(total),
                              [doc.term(f) for f in lines], f"{spec.key} {rule.total} ≠ Σ its lines")
            findings += [finding] if finding else []
    return findings

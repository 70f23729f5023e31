"""Arithmetic within one table: a row's total and its parts, a code's row and the rows under it, a printed
subtotal and the lines it adds up."""
from __future__ import annotations

from collections import defaultdict

from etl.checks.context import Document, compare
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check, declared
from etl.identities import ClassSubtotals, ItemSum, RowSum, SummaryLines
from etl.records import ROW_FIELDS, Fact, Finding
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
        rows[(fact.table_key, *fact.row)][fact.measure] = fact
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
       rule="in each code-keyed table, 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (a region's 7-digit 经济分类 code is a part of its "
            "5-digit 款, or of its 类 where the 款 is not printed); a row's parts are the rows under its code with the "
            "same other keys, or any where it prints none (a 类 row with no 政府经济分类 code adds up its 款 under every "
            "one; 301 beside 501 adds up 301xx beside 501xx); not checked where a row under it is printed and not read "
            "(a row with no code we know: the whole table); in a table by budget unit, within each unit's block: its line = "
            "Σ its 类")
def hierarchy(doc: Document) -> list[Finding]:
    # one hierarchy per unit block: a unit's own line (no code, no item) is the 合计 of the rows under it
    by_table: dict[tuple[str, str, str | None], list[Fact]] = defaultdict(list)
    totals: dict[tuple[str, str, str | None], Fact] = {}
    for fact in doc.facts.values():
        if _code(fact):
            by_table[(fact.table_key, fact.measure, fact.budget_unit)].append(fact)
        elif fact.item == "合计" or (fact.budget_unit and fact.item is None):
            totals[(fact.table_key, fact.measure, fact.budget_unit)] = fact
    findings = []
    for (table, measure, unit), rows in by_table.items():
        unread = doc.unread_codes(table)
        if unread is None:
            continue
        printed = {_code(f) for f in rows}
        parts: dict[int, list[Fact]] = defaultdict(list)
        top = []
        for row in rows:
            parent = max((p for p in rows if _is_under(row, p)), key=lambda p: len(_code(p)), default=None)
            (parts[id(parent)] if parent else top).append(row)
        groups: list[tuple[str, Fact | None, list[Fact]]] = []
        if not any(len(c) == 3 for c in unread):  # every 类 row read
            groups.append((f"{unit} 合计" if unit else "合计", totals.get((table, measure, unit)), [f for f in top if len(_code(f)) == 3]))
        for row in rows:
            if any(_part_of(c, _code(row), printed) for c in unread):
                continue  # a row under it is printed but not read: the rows read are not all its parts
            groups.append(("/".join(k for k in row.row if k), row, parts[id(row)]))
        for subject, whole, children in groups:
            if whole is None or not children:
                continue
            finding = compare(doc, "hierarchy", table, f"{subject} {measure}", doc.term(whole),
                              [doc.term(f) for f in children],
                              f"{table} {measure}: {subject} ≠ the sum of the {len(children)} rows under it")
            if finding:
                findings.append(finding)
    return findings


def _code(fact: Fact) -> str | None:
    """The code of the classification a table's rows follow: 功能分类 where a row crosses it with 经济分类."""
    return fact.function_code or fact.economic_code


def _is_under(row: Fact, parent: Fact) -> bool:
    """`parent` is a row above `row`: its code is a prefix of the row's, its other keys the row's or none (a 类
    row printed without a 政府经济分类 code), its 政府经济分类 code the row's or its 类 (301 beside 501 is above
    30101 beside 50101)."""
    code, above = _code(row), _code(parent)
    if len(above) >= len(code) or not code.startswith(above):
        return False
    axis = "function_code" if row.function_code else "economic_code"
    return all(theirs is None or theirs == ours or (name.endswith("_code") and ours and ours.startswith(theirs))
               for name, ours, theirs in zip(ROW_FIELDS, row.row, parent.row) if name != axis)


def _part_of(code: str, whole: str, printed: set[str]) -> bool:
    """`code` is a part of `whole`: under it, with no printed code between them (3010201 is a part of 301 where
    30102 is not printed)."""
    return (len(code) > len(whole) and code.startswith(whole)
            and not any(code[:n] in printed for n in range(len(whole) + 2, len(code), 2)))


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

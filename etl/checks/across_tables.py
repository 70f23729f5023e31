"""Arithmetic across tables: the summary tables balance, and agree with the detailed tables."""
from __future__ import annotations

from etl.checks.context import Document, compare
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check, declared
from etl.identities import AgreesWith, Balance, ClassesSumTo, ClassLines
from etl.records import Finding


@check("summary_balance", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="the summary tables' income total = expenditure total")
def summary_balance(doc: Document) -> list[Finding]:
    findings = []
    for spec, balance in declared(Balance):
        left = next((f for i in balance.income_lines if (f := doc.get(spec.key, balance.income, item=i))), None)
        right = next((f for i in balance.expenditure_lines
                      if (f := doc.get(spec.key, balance.expenditure, item=i))), None)
        if left and right:
            finding = compare(doc, "summary_balance", spec.key, "总计", doc.term(left), [doc.term(right)],
                              f"{spec.key}: income total ≠ expenditure total")
            findings += [finding] if finding else []
    return findings


@check("summary_vs_detail", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="a summary's class line = that class in the detailed table")
def summary_vs_detail(doc: Document) -> list[Finding]:
    findings = []
    for spec, lines in declared(ClassLines):
        for name, code in doc.class_names.items():
            line = doc.get(spec.key, lines.measure, item=name)
            row = doc.get(lines.detail, lines.detail_measure, code=code)
            if line and row:
                finding = compare(doc, "summary_vs_detail", spec.key, name, doc.term(line), [doc.term(row)],
                                  f"{spec.key} line {name} ≠ {lines.detail} {code}")
                findings += [finding] if finding else []
    return findings


@check("across_tables", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="tables against each other (支出决算表 合计 = the summary's 本年支出合计; 收入表 合计 = 本年收入合计 + the "
            "收入表's own 上年结转, 上年实户资金余额 and 使用非财政拨款结余, …); Σ 类 of a table with every row read")
def across_tables(doc: Document) -> list[Finding]:
    findings = []
    for spec, link in declared(AgreesWith):
        table, item, measure = spec.key, link.item, link.measure
        a, b = doc.get(table, measure, item=item), doc.get(link.other, link.other_measure, item=link.other_item)
        extra = [f for m in link.beside if (f := doc.get(table, m, item=item))]
        if a and b:
            finding = compare(doc, "across_tables", table, f"{item} {measure}", doc.term(a),
                              [doc.term(b)] + [doc.term(f) for f in extra],
                              f"{table} {item} {measure} ≠ {link.other} {link.other_item} {link.other_measure}"
                              + "".join(f" + {table} {f.measure}" for f in extra))
            findings += [finding] if finding else []
    for spec, link in declared(ClassesSumTo):
        if not doc.read_fully(spec.key):
            continue  # some 类 or 款 row of it printed and not read
        total = doc.get(link.other, link.other_measure, item=link.other_item)
        classes = [f for f in doc.facts.values() if f.table_key == spec.key and f.economic_code
                   and len(f.economic_code) == 3 and f.budget_unit is None]
        measure = next((m for m in link.measures if any(f.measure == m for f in classes)), link.measures[-1])
        parts = [f for f in classes if f.measure == measure]
        if total and parts:
            finding = compare(doc, "across_tables", spec.key, link.other_measure, doc.term(total),
                              [doc.term(f) for f in parts],
                              f"{link.other} {link.other_item} {link.other_measure} ≠ Σ {spec.key} 类 {measure}")
            findings += [finding] if finding else []
    return findings

"""A table broken down by the department's units (spec: "Rows the flat key cannot hold"): the units' figures
add up to the department's."""
from __future__ import annotations

from collections import defaultdict

from etl.checks.context import Document, compare
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check
from etl.records import Fact, Finding


@check("unit_sum", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="in a table by budget unit, the department's row = Σ the units' rows of the same key (合计 = Σ each unit's "
            "line; a code's row = Σ that code under each unit), in a table whose every row was read")
def unit_sums(doc: Document) -> list[Finding]:
    units: dict[tuple, list[Fact]] = defaultdict(list)  # the department's key → the units' facts
    for fact in doc.facts.values():
        if fact.budget_unit and doc.read_fully(fact.table_key):
            units[_departments_key(doc, fact)].append(fact)
    findings = []
    for key, parts in units.items():
        whole = doc.facts.get(key)
        if whole is None:
            continue
        table, code, economic, item, measure = key[:5]
        subject = " ".join(k for k in (code, economic, item) if k) or table
        finding = compare(doc, "unit_sum", table, f"{subject} {measure}", doc.term(whole),
                          [doc.term(f) for f in parts],
                          f"{table} {subject} {measure} ≠ the sum of its {len(parts)} budget units")
        findings += [finding] if finding else []
    return findings


def _departments_key(doc: Document, fact: Fact) -> tuple:
    """The key of the department's row a unit's fact is part of: a unit's own line (no code, no item) is part
    of the table's 合计 (keyed `合计` where the table has row keys, by its measure alone where it has none)."""
    item = fact.item
    if item is None and fact.function_code is None and fact.economic_code is None:
        item = "合计" if doc.get(fact.table_key, fact.measure, item="合计") else None
    return (fact.table_key, fact.function_code, fact.economic_code, item, fact.measure,
            fact.government_economic_code, None, fact.project)

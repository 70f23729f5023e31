"""Rows keyed by more than one classification: 部门经济分类 codes nested under a 政府经济分类 code add up to it, and
a table crossing 功能分类 with 经济分类 adds up, by either, to the tables of one classification."""
from __future__ import annotations

from collections import defaultdict

from etl.checks.context import Document, compare
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check, declared
from etl.identities import Marginals
from etl.records import Fact, Finding


@check("government_economic_nesting", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="a row printed beside a 政府经济分类 类 (301 工资福利支出 beside 501 机关工资福利支出), or beside a 政府经济分类 "
            "code alone, = Σ the rows nested under it (30101 beside 50101, 30102 beside 50101 …); in a table whose "
            "every row was read")
def government_economic_nesting(doc: Document) -> list[Finding]:
    by_table: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in doc.facts.values():
        if fact.government_economic_code:
            by_table[(fact.table_key, fact.measure)].append(fact)
    findings = []
    for (table, measure), rows in by_table.items():
        if not doc.read_fully(table):
            continue
        for whole in rows:
            if whole.economic_code and len(whole.government_economic_code) > 3:
                continue  # a 部门经济分类 code beside a 政府经济分类 款: the hierarchy check adds up its rows
            nested = [row for row in rows if _nests(whole, row)]
            parts = [row for row in nested if not any(_nests(between, row) for between in nested)]
            if not parts:
                continue
            subject = f"{whole.economic_code or ''}/{whole.government_economic_code}"
            finding = compare(doc, "government_economic_nesting", table, f"{subject} {measure}", doc.term(whole),
                              [doc.term(f) for f in parts],
                              f"{table} {measure}: {subject} ≠ the sum of the {len(parts)} rows nested under it")
            findings += [finding] if finding else []
    return findings


def _nests(whole: Fact, row: Fact) -> bool:
    """`row` is nested under `whole`: each of its codes is the whole's or under it (or the whole prints none),
    its other keys the same, and it is not the same row."""
    if whole.row == row.row:
        return False
    codes = ((whole.government_economic_code, row.government_economic_code),
             (whole.economic_code, row.economic_code))
    return (whole.function_code == row.function_code and whole.item == row.item
            and whole.budget_unit == row.budget_unit and whole.project == row.project
            and all(mine is None or (theirs is not None and theirs.startswith(mine)) for mine, theirs in codes))


@check("cross_table_marginals", tolerance=ROUNDED, severity_policy=BY_THE_FIGURES,
       rule="a table crossing 功能分类 with 经济分类 (Beijing's 支出总表) adds up to the tables of one classification: Σ "
            "its 基本支出 by function code = the 一般公共预算支出表's row, Σ by 政府经济分类 and 经济分类 code = the "
            "基本支出表's row; where the two tables' 合计 agree (else the cross-table counts in other funds: 其他资金, "
            "上年结转 …)")
def cross_table_marginals(doc: Document) -> list[Finding]:
    findings = []
    for spec, link in declared(Marginals):
        crossed = [f for f in doc.facts.values() if f.table_key == spec.key and f.measure == link.measure
                   and f.function_code and f.economic_code]
        total = doc.get(spec.key, link.measure, item="合计")
        other_total = doc.get(link.other, link.other_measure, item="合计")
        if not crossed or not doc.read_fully(spec.key) or not total or not other_total:
            continue
        if not _agree(doc, total, other_total):
            continue  # the cross-table counts in funds the other table leaves out
        sums: dict[tuple, list[Fact]] = defaultdict(list)
        for fact in crossed:
            sums[_margin(fact, link)].append(fact)
        for fact in doc.facts.values():
            if (fact.table_key != link.other or fact.measure != link.other_measure or fact.item is not None
                    or not doc.row_read_fully([fact])):
                continue
            margin = _margin(fact, link)
            subject = "/".join(code for code in margin if code)
            finding = compare(doc, "cross_table_marginals", spec.key, f"{subject} {link.measure}", doc.term(fact),
                              [doc.term(f) for f in sums.get(margin, [])],
                              f"{link.other} {subject} {link.other_measure} ≠ Σ {spec.key} {link.measure} of its rows")
            findings += [finding] if finding else []
    return findings


def _margin(fact: Fact, link: Marginals) -> tuple:
    """The codes a cross-table's row is summed by: its function code, or its 政府经济分类 and 经济分类 codes."""
    return (fact.function_code,) if link.by_function else (fact.government_economic_code, fact.economic_code)


def _agree(doc: Document, a: Fact, b: Fact) -> bool:
    return compare(doc, "cross_table_marginals", a.table_key, "合计", doc.term(a), [doc.term(b)], "") is None

"""The narrative (情况说明) against the tables: each figure it states for a table's line or subject is the
table's figure."""
from __future__ import annotations

import re
from decimal import Decimal

from etl.checks.context import ZERO, Document, Term, compare, decimals_of, half_unit
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, check, declared
from etl.identities import MONEY, NarrativeFigure, NarrativeParts, NarrativeSubjects, stated
from etl.records import Finding
from etl.values import UNIT_FACTORS, AmountError, parse_amount, squeeze
from etl.vocabulary import ReportKind, Severity


def money(number: str, unit: str) -> Decimal | None:
    """A figure the narrative states, in 元."""
    try:
        value = parse_amount(number)
    except AmountError:
        return None
    return None if value is None else value * UNIT_FACTORS[unit]


def _stated(page: int, amount: Decimal, number: str, unit: str) -> Term:
    """A figure the narrative states, rounded as it is printed."""
    return Term("情况说明", amount, page, True, half_unit(decimals_of(number), UNIT_FACTORS[unit]))


@check("narrative", tolerance=ROUNDED, severity_policy=f"{BY_THE_FIGURES}; `source` for an empty table",
       rule="a figure the 情况说明 states = the table's: 收入支出总计, 本年收入/支出合计 and the parts it lists after 其中 "
            "(财政拨款收入 …, 基本支出 … against the 收入/支出决算表's 合计 row), 财政拨款收入支出总计, 一般公共预算财政拨款支出 "
            "(its 合计, each 类 where a sentence on it lists them, and in a 决算 each 项's 支出决算 named by its 类/款/项 "
            "path), the \"三公\" budget and final; a non-zero figure stated for a table printed empty")
def narrative(doc: Document) -> list[Finding]:
    text = doc.narrative_text
    said: list[tuple[str, str, str, tuple[str, ...], str, str]] = []  # (what, table, measure, lines, number, unit)
    for spec, figure in declared(NarrativeFigure):
        if m := re.search(figure.pattern, text):
            said += [(m.group(0), spec.key, measure, figure.lines, m.group(2 * k + 1), m.group(2 * k + 2))
                     for k, measure in enumerate(figure.measures)]
    for spec, listed in declared(NarrativeParts):
        if m := re.search(stated(listed.phrase) + r"[,，]?其中[:：]?", text):
            sentence = re.split(r"。|[一二三四五六七八九十]+、", text[m.end():], maxsplit=1)[0]
            said += [(p.group(0), spec.key, measure, (listed.line,), p.group(1), p.group(2))
                     for label, measure in listed.parts if (p := re.search(stated(label), sentence))]
    findings: list[Finding | None] = []
    for what, table, measure, lines, number, unit in said:
        amount = money(number, unit)
        fact = next((f for i in lines or (None,) if (f := doc.get(table, measure, item=i))), None)
        if fact and amount is not None:
            findings.append(compare(doc, "narrative", table, what, _stated(doc.narrative_page, amount, number, unit),
                                    [doc.term(fact)], f"情况说明 says {what}; the table prints {measure} {fact.amount} 元"))
        elif table in doc.empty and amount:
            findings.append(Finding("narrative", Severity.SOURCE, table, what, ZERO, amount, ("情况说明",),
                                    f"情况说明 says {what}; the table {table} is printed empty"))
    for spec, subjects in declared(NarrativeSubjects):
        findings += _subject_figures(doc, spec.key, subjects)
    return [f for f in findings if f]


# 一般公共服务支出（类）财政事务（款）行政运行（项）: a subject named by its path, as the 情况说明 does
_NAME = r"([^\d、.,，。;；:：()（）]+?)"
_SUBJECT_PATH = re.compile(_NAME + r"[(（]类[)）](?:" + _NAME + r"[(（]款[)）]" + _NAME + r"[(（]项[)）])?")
_FINAL_STATED = re.compile(r"决算数?(?:为|是)?" + MONEY)


def _subject_figures(doc: Document, table: str, subjects: NarrativeSubjects) -> list[Finding | None]:
    """The 情况说明's figures per subject against the table: a 类 with its amount where a sentence on the table's
    context (一般公共预算财政拨款) lists its classes; in a 决算, each 项 with the 支出决算 its paragraph states."""
    text = doc.narrative_text
    findings = []
    paths = list(_SUBJECT_PATH.finditer(text))
    for k, m in enumerate(paths):
        code = _subject_code(doc, [squeeze(m.group(i)) for i in (1, 2, 3) if m.group(i)])
        if code is None:
            continue
        if len(code) == 3 and subjects.context in text[text.rfind("。", 0, m.start()) + 1: m.start()]:
            said = re.match(MONEY, text[m.end():])
        elif len(code) == 7 and doc.identity.report_kind == ReportKind.FINAL:
            said = _FINAL_STATED.search(text, m.end(), paths[k + 1].start() if k + 1 < len(paths) else len(text))
        else:
            continue
        fact = doc.get(table, subjects.measure, code=code)
        amount = said and money(*said.groups())
        if fact and amount is not None:
            what = f"{m.group(0)}…{said.group(0)}"
            findings.append(compare(doc, "narrative", table, what, _stated(doc.narrative_page, amount, *said.groups()),
                                    [doc.term(fact)], f"情况说明 says {what}; the table prints {code} {fact.amount} 元"))
    return findings


def _subject_code(doc: Document, path: list[str]) -> str | None:
    """The code of a subject path as the 情况说明 names it (类 name maybe without its 支出, maybe after other words)."""
    code = ""
    for depth, name in enumerate(path):
        found = [c for c, n in doc.function_names.items() if len(c) == 3 + 2 * depth and c.startswith(code)
                 and (name.endswith(n) or (name + "支出").endswith(n) if depth == 0 else name in (n, n + "支出"))]
        if len(found) != 1:
            return None
        code = found[0]
    return code

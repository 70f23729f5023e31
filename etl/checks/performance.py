"""The performance tables' own arithmetic, and what the 情况说明 says of them.

Every figure here is read from the cell it is printed in (etl/parse/form.py never computes one), so a failing
identity is the document contradicting itself: `source`. Scores, weights and rates are compared as printed;
an execution rate within the precision it is printed to (97.86 for 97.855 … 97.865).
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from etl.checks.context import ZERO, Document, Term, compare, half_unit, numbers_in
from etl.checks.registry import BY_THE_FIGURES, ROUNDED, SOURCE, check
from etl.records import Fact, Finding, PerformanceEvaluation, PerformanceFund
from etl.values import UNIT_FACTORS
from etl.vocabulary import PerformancePhase, PerformanceScope, Severity

HUNDRED = Decimal(100)


def _subject(e: PerformanceEvaluation) -> str:
    return e.project or "部门整体"


def _label(e: PerformanceEvaluation, what: str) -> str:
    return f"{_subject(e)}/{what}@p{e.page}"


def _finding(name: str, e: PerformanceEvaluation, subject: str, expected: Decimal, actual: Decimal,
             rows: tuple[str, ...], message: str) -> Finding:
    return Finding(name, Severity.SOURCE, None, subject, expected, actual, rows, message)


def _fund(e: PerformanceEvaluation, measure: str) -> PerformanceFund | None:
    """The measure on the block's first line that prints it: its total line (资金总额)."""
    return next((f for f in e.funds if f.measure == measure), None)


@check("performance_total_score", rule="A performance table's 总分 is the sum of its indicators' 得分 and the "
       "budget execution 得分 of its money block", tolerance="exact", severity_policy=SOURCE)
def total_score(doc: Document) -> list[Finding]:
    findings = []
    for e in doc.performance:
        scores = [i.score for i in e.indicators if i.score is not None]
        if e.total_score is None or not scores:
            continue
        execution = _fund(e, "score")
        parts = sum(scores, ZERO) + (execution.amount if execution else ZERO)
        if parts != e.total_score:
            findings.append(_finding("performance_total_score", e, _subject(e), parts, e.total_score,
                                     (_label(e, "总分"), _label(e, "得分")),
                                     f"{_subject(e)}: 总分 {e.total_score}, but its 得分 add up to {parts}"))
    return findings


@check("performance_weights", rule="A self-evaluation's 分值 (its indicators' and its money block's) add up to 100, "
       "where every indicator prints one", tolerance="exact", severity_policy=SOURCE)
def weights(doc: Document) -> list[Finding]:
    findings = []
    for e in doc.performance:
        if e.phase != PerformancePhase.SELF_EVALUATION or not e.indicators or any(
                i.weight is None for i in e.indicators):
            continue
        execution = _fund(e, "weight")
        total = sum((i.weight for i in e.indicators), ZERO) + (execution.amount if execution else ZERO)
        if total != HUNDRED:
            findings.append(_finding("performance_weights", e, _subject(e), HUNDRED, total, (_label(e, "分值"),),
                                     f"{_subject(e)}: its 分值 add up to {total}, not 100"))
    return findings


@check("performance_balance", rule="A money block's 全年预算数 − 全年执行数 = 资金结(转)余, on every line that "
       "prints the three", tolerance="exact; 50 元 a figure where all three are whole hundreds of 元 (万元 to two decimals)",
       severity_policy=SOURCE)
def balance(doc: Document) -> list[Finding]:
    findings = []
    for e in doc.performance:
        for line, _, got in _lines(e):
            budget, executed, left = got.get("full_year_budget"), got.get("executed"), got.get("balance")
            if budget is None or executed is None or left is None:
                continue
            if abs(budget.amount - executed.amount - left.amount) > _rounding(budget, executed, left):
                findings.append(_finding(
                    "performance_balance", e, f"{_subject(e)}/{line}", budget.amount - executed.amount, left.amount,
                    tuple(_label(e, f"{line}/{m}") for m in ("full_year_budget", "executed", "balance")),
                    f"{_subject(e)} {line}: 全年预算数 {budget.amount} − 全年执行数 {executed.amount} is not "
                    f"资金结(转)余 {left.amount}"))
    return findings


@check("performance_execution_rate", rule="A money block's 执行率 = 全年执行数 / 全年预算数, on every line that "
       "prints the three", tolerance="the rate's printed precision (97.86: ± 0.005)", severity_policy=SOURCE)
def execution_rate(doc: Document) -> list[Finding]:
    findings = []
    for e in doc.performance:
        for line, _, got in _lines(e):
            budget, executed, rate = got.get("full_year_budget"), got.get("executed"), got.get("execution_rate")
            if budget is None or executed is None or rate is None or budget.amount == 0:
                continue
            computed = HUNDRED * executed.amount / budget.amount
            if abs(computed - rate.amount) > Decimal(5).scaleb(rate.amount.as_tuple().exponent - 1):
                findings.append(_finding(
                    "performance_execution_rate", e, f"{_subject(e)}/{line}", computed.quantize(Decimal("0.01")),
                    rate.amount, tuple(_label(e, f"{line}/{m}") for m in ("executed", "full_year_budget",
                                                                            "execution_rate")),
                    f"{_subject(e)} {line}: 执行率 {rate.amount}%, but 全年执行数 / 全年预算数 is {computed:.2f}%"))
    return findings


# A 情况说明 paragraph on one evaluation: "<name>项目绩效自评综述：… 自评得分为90分。项目全年预算数为70万元 … 执行率为100%"
_SUMMARY = re.compile(r"([^。:;]{2,40}?)(项目|整体支出|整体)绩效自评综述:(.*?)(?=[^。:;]{2,40}?绩效自评综述:|$)")
_STATED = (
    ("score", re.compile(r"自评得分为(\d+(?:\.\d+)?)分")),
    ("full_year_budget", re.compile(r"全年预算数为(\d+(?:\.\d+)?)(万元|元)")),
    ("execution_rate", re.compile(r"执行率为(\d+(?:\.\d+)?)%")),
)


@check("performance_narrative", rule="The 情况说明's 自评得分, 全年预算数 and 执行率 of a project or of the "
       "department's whole spending agree with its performance table", tolerance="exact", severity_policy=SOURCE)
def narrative(doc: Document) -> list[Finding]:
    if not doc.performance:
        return []
    findings = []
    text = unicodedata.normalize("NFKC", doc.narrative_text)
    for m in _SUMMARY.finditer(text):
        e = _evaluation_named(doc.performance, m.group(1), m.group(2) != "项目")
        if e is None:
            continue
        for what, pattern in _STATED:
            said = pattern.search(m.group(3))
            if said is None:
                continue
            stated = Decimal(said.group(1)) * (UNIT_FACTORS[said.group(2)] if what == "full_year_budget" else 1)
            printed = e.total_score if what == "score" else (f.amount if (f := _fund(e, what)) else None)
            if printed is not None and printed != stated:
                findings.append(_finding("performance_narrative", e, f"{_subject(e)}/{what}", printed, stated,
                                         ("情况说明", _label(e, what)),
                                         f"the 情况说明 says {said.group(0)} of {_subject(e)}; its table prints "
                                         f"{printed}"))
    return findings


# A self-evaluation's project line (a 决算's 项目支出表) is what was spent; a target's, what is budgeted.
_JOINED_MEASURE = {PerformancePhase.SELF_EVALUATION: "executed", PerformancePhase.TARGET: "total"}
PROJECT_LINES = "project_expenditure"


@check("performance_vs_project_lines", rule="A project's performance table agrees with its line in the 项目支出表 "
       "(a target's 资金总额, a self-evaluation's 全年执行数 = the line's 合计), where one line prints its name",
       tolerance=ROUNDED, severity_policy=BY_THE_FIGURES)
def performance_vs_project_lines(doc: Document) -> list[Finding]:
    lines = [f for f in doc.facts.values() if f.table_key == PROJECT_LINES and f.project and f.measure == "total"]
    findings = []
    for e in doc.performance:
        fund = _fund(e, _JOINED_MEASURE.get(e.phase, ""))
        line = _project_line(lines, e.project) if e.project and fund else None
        if fund is None or line is None:
            continue
        finding = compare(doc, "performance_vs_project_lines", PROJECT_LINES, line.project, _fund_term(doc, e, fund),
                          [doc.term(line)], f"{_subject(e)}: its performance table's {fund.fund_line} "
                          f"{fund.amount} ≠ its {PROJECT_LINES} line {line.amount}")
        findings += [finding] if finding else []
    return findings


def _joinable(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _project_line(lines: list[Fact], project: str) -> Fact | None:
    """The one project line printed under the project's name (or as the last segment of its outline). A name
    also printed with a bracketed qualifier (审计专项补助经费 and 审计专项补助经费（结转）) is a project in several
    lines, which one performance table may cover together: no join."""
    name = _joinable(project)
    found = [f for f in lines if name in (_joinable(f.project), _joinable(f.project).rpartition("/")[2])]
    qualified = [f for f in lines if _joinable(f.project).rpartition("/")[2].startswith(name + "(")]
    return found[0] if len(found) == 1 and not qualified else None


def _fund_term(doc: Document, e: PerformanceEvaluation, fund: PerformanceFund) -> Term:
    """A money block figure with the precision it is printed to on its page: in 元 or 万元, whichever the page
    prints it as (the coarser where both could be read)."""
    page = next((p for p in doc.pages if p.number == fund.page), None)
    printed = numbers_in(page.text) if page else {}
    roundings = [half_unit(printed[fund.amount / factor], factor) for factor in UNIT_FACTORS.values()
                 if fund.amount / factor in printed]
    return Term(_label(e, f"{fund.fund_line}/{fund.measure}"), fund.amount, fund.page, bool(roundings),
                max(roundings, default=ZERO))


def _evaluation_named(evaluations: list[PerformanceEvaluation], name: str,
                      department: bool) -> PerformanceEvaluation | None:
    """The self-evaluation a summary is about: the department's, or the one project whose name it contains."""
    own = [e for e in evaluations if e.phase == PerformancePhase.SELF_EVALUATION]
    if department:
        found = [e for e in own if e.scope == PerformanceScope.DEPARTMENT]
    else:
        found = [e for e in own if e.project and (e.project in name or name.endswith(e.project))]
    return found[0] if len(found) == 1 else None


def _lines(e: PerformanceEvaluation) -> list[tuple[str, str | None, dict[str, PerformanceFund]]]:
    lines: dict[tuple[str, str | None], dict[str, PerformanceFund]] = {}
    for f in e.funds:
        lines.setdefault((f.fund_line, f.breakdown), {})[f.measure] = f
    return [(line, breakdown, got) for (line, breakdown), got in lines.items()]


def _rounding(*funds: PerformanceFund) -> Decimal:
    """Amounts printed in 万元 to two decimals may each be 50 元 off; figures printed to the 元 are exact."""
    return ZERO if any(f.amount % 100 for f in funds) else Decimal(50) * len(funds)

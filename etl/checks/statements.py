"""The narrative (情况说明) against itself: the shares, rates of change, comparisons and dates it states agree
with the figures it states beside them."""
from __future__ import annotations

import re
from decimal import Decimal

from etl.checks.context import Document
from etl.checks.narrative import money
from etl.checks.registry import SOURCE, check
from etl.identities import MONEY
from etl.records import Finding, Identity
from etl.vocabulary import ReportKind, Severity

_OF_BUDGET = re.compile(r"预算(?:为|数为)?" + MONEY + r"[,，]?(?:支出)?决算(?:为|数为)?" + MONEY
                        + r"[,，]?完成(?:年初|全年)?预算的([\d.]+)%")


@check("narrative_share", severity_policy=SOURCE,
       rule="a percentage the 情况说明 states, recomputed from the figures beside it",
       tolerance="half a unit of its last printed decimal, + 0.01")
def narrative_shares(doc: Document) -> list[Finding]:
    return _shares(doc.narrative_text)


def _shares(text: str) -> list[Finding]:
    """Percentages the narrative states, recomputed from the figures it states beside them."""
    findings = []
    for m in _OF_BUDGET.finditer(text):
        budget, final, percent = money(m.group(1), m.group(2)), money(m.group(3), m.group(4)), m.group(5)
        findings.append(_share_finding(m.group(0), final, budget, percent))
    for sentence in re.split(r"。|；?[一二三四五六七八九十]+、", text):
        # "<whole> T 万元，其中：<part> X 万元，占 P%；…": the shares after a 其中 are of the last figure
        # before it (not one in brackets); a later 其中 opens shares of its own
        markers = list(re.finditer(r"其中|主要用于|包括", sentence))
        for k, marker in enumerate(markers):
            before = re.sub(r"[(（][^)）]*[)）]", "", sentence[markers[k - 1].end() if k else 0: marker.start()])
            bases = list(re.finditer(MONEY, before))
            between = re.sub(r"占[^，,；]*%|[,，:：;；、\s]", "", before[bases[-1].end():]) if bases else "x"
            if between:
                continue  # the figure before 其中 is not the one it splits up
            whole = money(bases[-1].group(1), bases[-1].group(2))
            after = sentence[marker.end(): markers[k + 1].start() if k + 1 < len(markers) else len(sentence)]
            for m in re.finditer(MONEY + r"[,，]?占(?:比|[^\d%，,；]{0,12}的)?([\d.]+)%", after):
                findings.append(_share_finding(m.group(0), money(m.group(1), m.group(2)), whole, m.group(3)))
    return [f for f in findings if f]


def _share_finding(context: str, part: Decimal | None, whole: Decimal | None, printed: str,
                   name: str = "narrative_share") -> Finding | None:
    if not part or not whole:
        return None
    decimals = len(printed.partition(".")[2])
    computed = part / whole * 100
    tolerance = Decimal("0.5") * Decimal(10) ** -decimals + Decimal("0.01")
    if abs(computed - Decimal(printed)) <= tolerance:
        return None
    shown = computed.quantize(Decimal(10) ** -decimals) if decimals else computed.quantize(Decimal(1))
    what = "the share" if name == "narrative_share" else "by its figures the rate"
    # the share is right but for a factor of 10,000: one of its figures is stated in 元 where 万元 is meant
    misprinted_unit = any(abs(computed * scale - Decimal(printed)) <= tolerance
                          for scale in (Decimal("0.0001"), Decimal(10000)))
    return Finding(name, Severity.SOURCE, None, context, shown, Decimal(printed), ("情况说明",),
                   f"情况说明 says {context}: {what} is {shown}%, not {printed}%"
                   + (" (a figure beside it is stated in 元 for 万元)" if misprinted_unit else ""))


# "<subject> X 万元。与2023年度相比，<subject>减少 D 万元，下降 P%": P is D of last year's X + D (X − D)
_CHANGE = re.compile(r"与(?:上年度?|(?:19|20)\d{2}年度?)(?:决算|预算)?数?相比[,，](?P<subject>[^，,。；;]+?)"
                     r"(?P<sign>增加|减少)" + MONEY + r"[,，](?:增长|下降)([\d.]+)%")


@check("narrative_change", severity_policy=SOURCE,
       rule="\"与上年相比，<X>增加/减少 D 万元，增长/下降 P%\": P recomputed as D of last year's X ∓ D, X being the "
            "figure the narrative states for <X> just before (a change from nothing is not checked)",
       tolerance="as `narrative_share`")
def narrative_changes(doc: Document) -> list[Finding]:
    return _changes(doc.narrative_text)


def _changes(text: str) -> list[Finding]:
    """Rates of change the narrative states, recomputed from this year's figure and the change beside it."""
    findings = []
    for m in _CHANGE.finditer(text):
        stated = re.compile(re.escape(m.group("subject")) + r"(?:为|是)?" + MONEY)
        bases = list(stated.finditer(text, max(0, m.start() - 400), m.start()))
        change = money(m.group(3), m.group(4))
        current = bases and money(bases[-1].group(1), bases[-1].group(2))
        if not bases or current is None or change is None:
            continue
        last_year = current - change if m.group("sign") == "增加" else current + change
        if last_year > 0:  # from nothing there is no rate (documents print 100%)
            findings.append(_share_finding(f"{bases[-1].group(0)}…{m.group(0)}", change, last_year, m.group(5),
                                           "narrative_change"))
    return [f for f in findings if f]


# "年初预算为 X 万元，支出决算为 Y 万元[，完成…%]。决算数大于预算数…": the word said against the two figures.
# A comparison that names a budget (年初/全年) is with that one; else with the last budget stated before 决算.
_BUDGET_STATED = re.compile(r"(年初|全年|调整)?预算数?(?:为|是)?" + MONEY)
_VERSUS = re.compile(r"决算数?(?:为|是)?" + MONEY + r"(?:[,，]完成[^。，,；;]*?%)?[。，,；;]?(?P<said>决算数?"
                     r"(?:(?P<word>大于|小于|等于|高于|低于|超过)(?P<kind>年初|全年|调整)?预算数?"
                     r"|[与同较比](?P<kind2>年初|全年|调整)?预算数?(?P<word2>基本持平|持平|相等|一致|减少|增加)))")
_SIGNS = {"大于": 1, "高于": 1, "超过": 1, "增加": 1, "小于": -1, "低于": -1, "减少": -1,
          "等于": 0, "持平": 0, "相等": 0, "一致": 0}
ROUGHLY_EQUAL = Decimal("0.05")  # 基本持平: the final figure within 5% of the budget


@check("narrative_comparison", severity_policy=SOURCE,
       rule="\"决算数大于/小于/等于 预算数\", \"与预算数(基本)持平\", \"较预算数增加/减少\" against the budget and final "
            "figures the sentence states (the budget it names, 年初/全年, else the last one before 决算)",
       tolerance="持平/等于 mean equal as printed; 基本持平, within 5% of the budget")
def narrative_comparisons(doc: Document) -> list[Finding]:
    return _comparisons(doc.narrative_text)


def _comparisons(text: str) -> list[Finding]:
    """决算数大于/小于/等于/与…持平 预算数 against the budget and final figures the sentence states."""
    findings = []
    for m in _VERSUS.finditer(text):
        word, kind = m.group("word") or m.group("word2"), m.group("kind") or m.group("kind2")
        sentence = max(text.rfind(stop, 0, m.start()) for stop in "。；;") + 1
        budgets = [b for b in _BUDGET_STATED.finditer(text, sentence, m.start()) if not kind or b.group(1) == kind]
        final = money(m.group(1), m.group(2))
        budget = budgets and money(budgets[-1].group(2), budgets[-1].group(3))
        if not budgets or budget is None or final is None:
            continue
        if word == "基本持平":
            holds = abs(final - budget) <= ROUGHLY_EQUAL * abs(budget)
        else:
            holds = (final > budget) - (final < budget) == _SIGNS[word]
        if not holds:
            findings.append(Finding("narrative_comparison", Severity.SOURCE, None, text[budgets[-1].start(): m.end()],
                                    budget, final, ("情况说明",),
                                    f"情况说明 says {m.group('said')} with 预算 {budgets[-1].group(2)}{budgets[-1].group(3)}"
                                    f", 决算 {m.group(1)}{m.group(2)}"))
    return findings


_YEAR_END = re.compile(r"截[至止]((?:19|20)\d{2})年(?:12月31日|12月底|底|末)")


@check("narrative_date", severity_policy=SOURCE, tolerance="—",
       rule="a 决算 of year Y states its stocks 截至 Y年12月31日 (年底, 年末): another year-end is a defect. Budgets are "
            "not checked (they count at an earlier date)")
def narrative_dates(doc: Document) -> list[Finding]:
    return year_ends(doc.narrative, doc.identity)


def year_ends(text: str, identity: Identity) -> list[Finding]:
    """A 决算 of year Y states its stocks (vehicles, equipment) as at the end of Y: 截至 another year's end is a
    source defect. Budgets are not checked: they legitimately state stocks at an earlier date."""
    if identity.report_kind != ReportKind.FINAL:
        return []
    return [Finding("narrative_date", Severity.SOURCE, None, m.group(0), None, None, ("情况说明",),
                    f"情况说明 says {m.group(0)} in the 决算 of {identity.fiscal_year}")
            for m in _YEAR_END.finditer(re.sub(r"\s+", "", text)) if int(m.group(1)) != identity.fiscal_year]

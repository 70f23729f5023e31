"""A disclosure's own accounting identities, as pure functions over one document's facts.

Each check returns Findings. Severity says who is wrong:
- `extraction`: a figure in the failing identity is not printed on its page as we read it — we misread;
- `source`: every figure is printed as read, so the published document contradicts itself.
Identities are exact, except in tables printed in 万元 to two decimals, where every printed figure
may be off by up to 50 元 from rounding: a sum of n figures may then miss by n × 50 元.
What the 情况说明 states (figures, shares, 大于/小于, dates) and the tables its contents page lists are
checked against the tables and against themselves; README.md lists every check with its rule.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from etl.document import PageText, org_name
from etl.records import ExtractedTable, Fact, Finding, Identity, SubjectName
from etl.specs import bare_title, recognise_title
from etl.values import UNIT_FACTORS, AmountError, parse_amount, squeeze

ROUNDING_PER_FIGURE = Decimal(50)  # half of 0.01 万元
ZERO = Decimal(0)


@dataclass(frozen=True)
class Term:
    """A figure in an identity: a fact, or a figure printed in the narrative."""

    label: str
    amount: Decimal
    page: int
    printed: bool | None = None  # None: to be looked up on its page


class Document:
    """One document's facts, indexed for the checks, with the numbers printed on each page."""

    def __init__(self, facts: Iterable[Fact], units: dict[str, str], subjects: Iterable[SubjectName],
                 page_numbers: dict[int, set[Decimal]], narrative: str = "", report_kind: str = "final",
                 empty: Iterable[str] = (), printed_codes: dict[int, Counter[str]] | None = None):
        self.facts = {f.key: f for f in facts}
        self.empty = set(empty)  # tables read and found printed without a figure
        self.report_kind = report_kind
        self.units = units
        self.page_numbers = page_numbers
        self.printed_codes = printed_codes or {}  # per page: how often each 款/项 code is printed beside a name
        self.narrative = narrative
        self.function_names = {s.code: s.name for s in subjects if s.kind == "function"}
        self.class_names = {name: code for code, name in self.function_names.items() if len(code) == 3}

    def get(self, table: str, measure: str, *, code: str | None = None, economic: str | None = None,
            item: str | None = None) -> Fact | None:
        return self.facts.get((table, code, economic, item, measure))

    def term(self, fact: Fact) -> Term:
        key = "/".join(x for x in (fact.function_code, fact.economic_code, fact.item) if x) or "-"
        factor = UNIT_FACTORS[self.units.get(fact.table_key) or "元"]
        printed = any(fact.amount == n * factor for n in self.page_numbers.get(fact.page, ()))
        return Term(f"{fact.table_key}/{key}/{fact.measure}@p{fact.page}", fact.amount, fact.page, printed)

    def tolerance(self, table: str, terms: int) -> Decimal:
        if self.units.get(table) != "万元":
            return ZERO
        amounts = [f.amount for f in self.facts.values() if f.table_key == table]
        if all(a % 100 == 0 for a in amounts):
            return ROUNDING_PER_FIGURE * terms
        return ZERO


def compare(doc: Document, check: str, table: str | None, subject: str, whole: Term, parts: list[Term],
            message: str) -> Finding | None:
    expected = sum((p.amount for p in parts), ZERO)
    tolerance = doc.tolerance(table, len(parts) + 1) if table else ZERO
    if abs(whole.amount - expected) <= tolerance:
        return None
    terms = [whole, *parts]
    severity = "source" if all(t.printed is not False for t in terms) else "extraction"
    return Finding(check, severity, table, subject, expected, whole.amount, tuple(t.label for t in terms), message)


# --- per row: totals = the sum of their parts --------------------------------------------------------

ROW_PARTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "expenditure": [("total", ("basic", "project", "remit_to_superior", "operating", "subsidy_to_subsidiary",
                               "unit_reserve", "carryover_next_year")),
                    ("basic", ("personnel", "public_expense"))],
    "general_budget_expenditure": [("total", ("basic", "project")), ("basic", ("personnel", "public_expense"))],
    "appropriation_expenditure": [("total", ("basic", "project")), ("basic", ("personnel", "public_expense"))],
    "state_capital": [("total", ("basic", "project"))],
    "government_fund": [("total", ("basic", "project"))],
    # a total beside 上年结转 (or Xi'an's 上年实户资金余额) counts it in: 合计 = 本年收入 + what last year left
    "income": [("total", ("fiscal_appropriation", "superior_subsidy", "business_income", "operating_income",
                          "subsidiary_remittance", "other_income", "carryover", "prior_account_balance")),
               ("fiscal_appropriation", ("general_public_budget", "government_fund", "state_capital"))],
    "general_budget_economic": [("total", ("personnel", "public_expense"))],
    "appropriation_summary": [("expenditure_total", ("expenditure_general_public_budget",
                                                     "expenditure_government_fund", "expenditure_state_capital"))],
}
THREE_PUBLIC_PARTS = [("total", ("outbound_travel", "vehicle_total", "reception")),
                      ("vehicle_total", ("vehicle_purchase", "vehicle_operation"))]


def row_totals(doc: Document) -> list[Finding]:
    rows: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for fact in doc.facts.values():
        rows[(fact.table_key, fact.function_code, fact.economic_code, fact.item)][fact.measure] = fact
    findings = []
    for (table, *key), measures in rows.items():
        rules = ROW_PARTS.get(table, [])
        if table == "three_public":
            rules = [(p + total, tuple(p + part for part in parts)) for p in ("budget_", "final_")
                     for total, parts in THREE_PUBLIC_PARTS]
        for total, parts in rules:
            present = _printed_parts(measures, parts, rules)
            if total not in measures or not present:
                continue
            subject = " ".join(k for k in key if k) or table
            finding = compare(doc, "row_total", table, f"{subject} {total}", doc.term(measures[total]),
                              [doc.term(f) for f in present],
                              f"{table} {subject}: {total} ≠ {' + '.join(f.measure for f in present)}")
            if finding:
                findings.append(finding)
    return findings


def _printed_parts(measures: dict[str, Fact], parts: tuple[str, ...],
                   rules: list[tuple[str, tuple[str, ...]]]) -> list[Fact]:
    """The parts of a row's total as the row prints them: a part without a column of its own may be printed
    as its own parts (基本支出 as 人员经费 | 公用经费, 财政拨款 as 一般公共预算拨款 | 政府性基金拨款)."""
    present = []
    for part in parts:
        if part in measures:
            present.append(measures[part])
        else:
            present += [measures[p] for whole, subparts in rules if whole == part for p in subparts if p in measures]
    return present


# --- per code-keyed table: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 ---------------------------------------------

def hierarchy(doc: Document) -> list[Finding]:
    by_table: dict[tuple[str, str], dict[str, Fact]] = defaultdict(dict)
    totals: dict[tuple[str, str], Fact] = {}
    for fact in doc.facts.values():
        code = fact.function_code or fact.economic_code
        if code:
            by_table[(fact.table_key, fact.measure)][code] = fact
        elif fact.item == "合计":
            totals[(fact.table_key, fact.measure)] = fact
    findings = []
    for (table, measure), codes in by_table.items():
        groups: list[tuple[str, Fact | None, list[Fact]]] = [("合计", totals.get((table, measure)),
                                                             [f for c, f in codes.items() if len(c) == 3])]
        unread = _unread_codes(doc, codes)
        for code, fact in codes.items():
            if any(len(c) == len(code) + 2 and c.startswith(code) for c in unread):
                continue  # a row under it is printed but not loaded: the rows loaded are not all its parts
            children = [f for c, f in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
            groups.append((code, fact, children))
        for subject, whole, children in groups:
            if whole is None or not children:
                continue
            finding = compare(doc, "hierarchy", table, f"{subject} {measure}", doc.term(whole),
                              [doc.term(f) for f in children],
                              f"{table} {measure}: {subject} ≠ the sum of the {len(children)} rows under it")
            if finding:
                findings.append(finding)
    return findings


def _unread_codes(doc: Document, codes: dict[str, Fact]) -> set[str]:
    """款 and 项 codes printed on several rows of a table's pages (30201 办公费 under 50201 and again under 50502,
    beside a second classification) with no figure of the table: rows reported instead of loaded. A code
    printed once with no figure is a row printed blank, which adds nothing."""
    printed: Counter[str] = Counter()
    for page in {f.page for f in codes.values()}:
        printed.update(doc.printed_codes.get(page, Counter()))
    return {c for c, n in printed.items() if n > 1 and c not in codes}


# --- summary tables balance, and agree with the detailed tables ---------------------------------------

GRAND_TOTALS = {"income": ("总计", "收入总计", "合计"), "expenditure": ("总计", "支出总计", "合计")}


def summaries(doc: Document) -> list[Finding]:
    findings = []
    pairs = [("income_expenditure_summary", "income", "expenditure"),
             ("appropriation_summary", "income", "expenditure_total")]
    for table, income, expenditure in pairs:
        left = next((f for i in GRAND_TOTALS["income"] if (f := doc.get(table, income, item=i))), None)
        right = next((f for i in GRAND_TOTALS["expenditure"] if (f := doc.get(table, expenditure, item=i))), None)
        if left and right:
            finding = compare(doc, "summary_balance", table, "总计", doc.term(left), [doc.term(right)],
                              f"{table}: income total ≠ expenditure total")
            findings += [finding] if finding else []
    lines = [("income_expenditure_summary", "expenditure", "expenditure", "total"),
             ("appropriation_summary", "expenditure_general_public_budget", "general_budget_expenditure", "total")]
    for summary, summary_measure, detail, detail_measure in lines:
        for name, code in doc.class_names.items():
            line = doc.get(summary, summary_measure, item=name)
            row = doc.get(detail, detail_measure, code=code)
            if line and row:
                finding = compare(doc, "summary_vs_detail", summary, name, doc.term(line), [doc.term(row)],
                                  f"{summary} line {name} ≠ {detail} {code}")
                findings += [finding] if finding else []
    return findings


def across_tables(doc: Document) -> list[Finding]:
    findings = []
    # (table, measure, item), the summary's line it equals, and the table's own measures the line leaves out:
    # a 收入总表 whose 合计 counts last year's funds in, which the summary prints below its 本年收入合计
    links = [
        (("expenditure", "total", "合计"), ("income_expenditure_summary", "expenditure", "本年支出合计"), ()),
        (("income", "total", "合计"), ("income_expenditure_summary", "income", "本年收入合计"),
         ("carryover", "prior_account_balance")),
        (("general_budget_expenditure", "total", "合计"),
         ("appropriation_summary", "expenditure_general_public_budget", "本年支出合计"), ()),
    ]
    for (table, measure, item), (other, other_measure, other_item), beside in links:
        a, b = doc.get(table, measure, item=item), doc.get(other, other_measure, item=other_item)
        extra = [f for m in beside if (f := doc.get(table, m, item=item))]
        if a and b:
            finding = compare(doc, "across_tables", table, f"{item} {measure}", doc.term(a),
                              [doc.term(b)] + [doc.term(f) for f in extra],
                              f"{table} {item} {measure} ≠ {other} {other_item} {other_measure}"
                              + "".join(f" + {table} {f.measure}" for f in extra))
            findings += [finding] if finding else []
    basic = doc.get("general_budget_expenditure", "basic", item="合计")
    classes = [f for f in doc.facts.values() if f.table_key == "general_budget_economic" and f.economic_code
               and len(f.economic_code) == 3]
    measure = "basic" if any(f.measure == "basic" for f in classes) else "total"
    parts = [f for f in classes if f.measure == measure]
    if basic and parts:
        finding = compare(doc, "across_tables", "general_budget_economic", "basic",
                          doc.term(basic), [doc.term(f) for f in parts],
                          f"general_budget_expenditure 合计 basic ≠ Σ general_budget_economic 类 {measure}")
        findings += [finding] if finding else []
    return findings


# --- the narrative (情况说明) against the tables -------------------------------------------------------

_MONEY = r"([\d,]+(?:\.\d+)?)(万元|元)"
# A figure the 情况说明 states, and where the tables print it: (phrase, table, measure, items)
NARRATIVE_FIGURES = [
    (r"(?<!财政拨款)(?:收入总计|收入支出总计)", "income_expenditure_summary", "income", ("总计", "收入总计")),
    (r"(?<!财政拨款)(?<!收入)支出总计", "income_expenditure_summary", "expenditure", ("总计", "支出总计")),
    (r"财政拨款收入(?:支出)?总计", "appropriation_summary", "income", ("收入总计", "总计")),
    (r"本年收入合计", "income_expenditure_summary", "income", ("本年收入合计",)),
    (r"本年支出合计", "income_expenditure_summary", "expenditure", ("本年支出合计",)),
    (r"一般公共预算财政拨款支出", "general_budget_expenditure", "total", ("合计",)),
]
# "本年收入合计 T 万元，其中：财政拨款收入 X 万元，…": each part against the 合计 row of the detailed table
NARRATIVE_PARTS = [
    ("本年收入合计", "income", {"财政拨款收入": "fiscal_appropriation", "上级补助收入": "superior_subsidy",
                          "事业收入": "business_income", "经营收入": "operating_income",
                          "附属单位上缴收入": "subsidiary_remittance", "其他收入": "other_income"}),
    ("本年支出合计", "expenditure", {"基本支出": "basic", "项目支出": "project", "上缴上级支出": "remit_to_superior",
                               "经营支出": "operating", "对附属单位补助支出": "subsidy_to_subsidiary"}),
]
_THREE_PUBLIC = re.compile(r"[\"“]?三公[\"”]?经费财政拨款支出(?:年初)?预算(?:数)?(?:为)?" + _MONEY
                           + r"[,，](?:(?:19|20)\d{2}年度?)?(?:支出)?决算(?:数)?(?:为)?" + _MONEY)
_OF_BUDGET = re.compile(r"预算(?:为|数为)?" + _MONEY + r"[,，]?(?:支出)?决算(?:为|数为)?" + _MONEY
                        + r"[,，]?完成(?:年初|全年)?预算的([\d.]+)%")


def _money(number: str, unit: str) -> Decimal | None:
    try:
        value = parse_amount(number)
    except AmountError:
        return None
    return None if value is None else value * UNIT_FACTORS[unit]


def _stated(page: int, amount: Decimal) -> Term:
    return Term("情况说明", amount, page, True)


def narrative(doc: Document, narrative_page: int) -> list[Finding]:
    """Figures and shares the 情况说明 states, against the tables and against each other."""
    text = re.sub(r"\s+", "", doc.narrative)
    stated: list[tuple[str, str, str, tuple[str, ...], Decimal | None]] = []  # (what, table, measure, items, amount)
    for phrase, table, measure, items in NARRATIVE_FIGURES:
        if m := re.search(phrase + r"(?:为|是)?" + _MONEY, text):
            stated.append((m.group(0), table, measure, items, _money(m.group(1), m.group(2))))
    for phrase, table, parts in NARRATIVE_PARTS:
        if m := re.search(phrase + r"(?:为|是)?" + _MONEY + r"[,，]?其中[:：]?", text):
            sentence = re.split(r"。|[一二三四五六七八九十]+、", text[m.end():], maxsplit=1)[0]
            stated += [(p.group(0), table, measure, ("合计",), _money(p.group(1), p.group(2)))
                       for label, measure in parts.items()
                       if (p := re.search(label + r"(?:为|是)?" + _MONEY, sentence))]
    if m := _THREE_PUBLIC.search(text):
        stated += [(m.group(0), "three_public", "budget_total", (), _money(m.group(1), m.group(2))),
                   (m.group(0), "three_public", "final_total", (), _money(m.group(3), m.group(4)))]
    findings: list[Finding | None] = []
    for what, table, measure, items, amount in stated:
        fact = next((f for i in items or (None,) if (f := doc.get(table, measure, item=i))), None)
        if fact and amount is not None:
            findings.append(compare(doc, "narrative", table, what, _stated(narrative_page, amount), [doc.term(fact)],
                                    f"情况说明 says {what}; the table prints {measure} {fact.amount} 元"))
        elif table in doc.empty and amount:
            findings.append(Finding("narrative", "source", table, what, ZERO, amount, ("情况说明",),
                                    f"情况说明 says {what}; the table {table} is printed empty"))
    findings += _subject_figures(doc, text, narrative_page) + _shares(text) + _changes(text) + _comparisons(text)
    return [f for f in findings if f]


# 一般公共服务支出（类）财政事务（款）行政运行（项）: a subject named by its path, as the 情况说明 does
_NAME = r"([^\d、.,，。;；:：()（）]+?)"
_SUBJECT_PATH = re.compile(_NAME + r"[(（]类[)）](?:" + _NAME + r"[(（]款[)）]" + _NAME + r"[(（]项[)）])?")
_FINAL_STATED = re.compile(r"决算数?(?:为|是)?" + _MONEY)


def _subject_figures(doc: Document, text: str, page: int) -> list[Finding | None]:
    """The 情况说明's figures per subject against the 一般公共预算财政拨款支出 table: a 类 with its amount where a
    sentence on that appropriation lists its classes; in a 决算, each 项 with the 支出决算 its paragraph states."""
    findings = []
    paths = list(_SUBJECT_PATH.finditer(text))
    for k, m in enumerate(paths):
        code = _subject_code(doc, [squeeze(m.group(i)) for i in (1, 2, 3) if m.group(i)])
        if code is None:
            continue
        if len(code) == 3 and "一般公共预算财政拨款" in text[text.rfind("。", 0, m.start()) + 1: m.start()]:
            stated = re.match(_MONEY, text[m.end():])
        elif len(code) == 7 and doc.report_kind == "final":
            stated = _FINAL_STATED.search(text, m.end(), paths[k + 1].start() if k + 1 < len(paths) else len(text))
        else:
            continue
        fact = doc.get("general_budget_expenditure", "total", code=code)
        amount = stated and _money(*stated.groups())
        if fact and amount is not None:
            what = f"{m.group(0)}…{stated.group(0)}"
            findings.append(compare(doc, "narrative", "general_budget_expenditure", what, _stated(page, amount),
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


def _shares(text: str) -> list[Finding]:
    """Percentages the narrative states, recomputed from the figures it states beside them."""
    findings = []
    for m in _OF_BUDGET.finditer(text):
        budget, final, percent = _money(m.group(1), m.group(2)), _money(m.group(3), m.group(4)), m.group(5)
        findings.append(_share_finding(m.group(0), final, budget, percent))
    for sentence in re.split(r"。|；?[一二三四五六七八九十]+、", text):
        # "<whole> T 万元，其中：<part> X 万元，占 P%；…": the shares after a 其中 are of the last figure
        # before it (not one in brackets); a later 其中 opens shares of its own
        markers = list(re.finditer(r"其中|主要用于|包括", sentence))
        for k, marker in enumerate(markers):
            before = re.sub(r"[(（][^)）]*[)）]", "", sentence[markers[k - 1].end() if k else 0: marker.start()])
            bases = list(re.finditer(_MONEY, before))
            between = re.sub(r"占[^，,；]*%|[,，:：;；、\s]", "", before[bases[-1].end():]) if bases else "x"
            if between:
                continue  # the figure before 其中 is not the one it splits up
            whole = _money(bases[-1].group(1), bases[-1].group(2))
            after = sentence[marker.end(): markers[k + 1].start() if k + 1 < len(markers) else len(sentence)]
            for m in re.finditer(_MONEY + r"[,，]?占(?:比|[^\d%，,；]{0,12}的)?([\d.]+)%", after):
                findings.append(_share_finding(m.group(0), _money(m.group(1), m.group(2)), whole, m.group(3)))
    return [f for f in findings if f]


def _share_finding(context: str, part: Decimal | None, whole: Decimal | None, printed: str,
                   check: str = "narrative_share") -> Finding | None:
    if not part or not whole:
        return None
    decimals = len(printed.partition(".")[2])
    computed = part / whole * 100
    if abs(computed - Decimal(printed)) <= Decimal("0.5") * Decimal(10) ** -decimals + Decimal("0.01"):
        return None
    shown = computed.quantize(Decimal(10) ** -decimals) if decimals else computed.quantize(Decimal(1))
    what = "the share" if check == "narrative_share" else "by its figures the rate"
    return Finding(check, "source", None, context, shown, Decimal(printed), ("情况说明",),
                   f"情况说明 says {context}: {what} is {shown}%, not {printed}%")


# "<subject> X 万元。与2023年度相比，<subject>减少 D 万元，下降 P%": P is D of last year's X + D (X − D)
_CHANGE = re.compile(r"与(?:上年度?|(?:19|20)\d{2}年度?)(?:决算|预算)?数?相比[,，](?P<subject>[^，,。；;]+?)"
                     r"(?P<sign>增加|减少)" + _MONEY + r"[,，](?:增长|下降)([\d.]+)%")


def _changes(text: str) -> list[Finding]:
    """Rates of change the narrative states, recomputed from this year's figure and the change beside it."""
    findings = []
    for m in _CHANGE.finditer(text):
        stated = re.compile(re.escape(m.group("subject")) + r"(?:为|是)?" + _MONEY)
        bases = list(stated.finditer(text, max(0, m.start() - 400), m.start()))
        change = _money(m.group(3), m.group(4))
        current = bases and _money(bases[-1].group(1), bases[-1].group(2))
        if not bases or current is None or change is None:
            continue
        last_year = current - change if m.group("sign") == "增加" else current + change
        if last_year > 0:  # from nothing there is no rate (documents print 100%)
            findings.append(_share_finding(f"{bases[-1].group(0)}…{m.group(0)}", change, last_year, m.group(5),
                                           "narrative_change"))
    return [f for f in findings if f]


# "年初预算为 X 万元，支出决算为 Y 万元[，完成…%]。决算数大于预算数…": the word said against the two figures.
# A comparison that names a budget (年初/全年) is with that one; else with the last budget stated before 决算.
_BUDGET_STATED = re.compile(r"(年初|全年|调整)?预算数?(?:为|是)?" + _MONEY)
_VERSUS = re.compile(r"决算数?(?:为|是)?" + _MONEY + r"(?:[,，]完成[^。，,；;]*?%)?[。，,；;]?(?P<said>决算数?"
                     r"(?:(?P<word>大于|小于|等于|高于|低于|超过)(?P<kind>年初|全年|调整)?预算数?"
                     r"|[与同较比](?P<kind2>年初|全年|调整)?预算数?(?P<word2>基本持平|持平|相等|一致|减少|增加)))")
_SIGNS = {"大于": 1, "高于": 1, "超过": 1, "增加": 1, "小于": -1, "低于": -1, "减少": -1,
          "等于": 0, "持平": 0, "相等": 0, "一致": 0}
ROUGHLY_EQUAL = Decimal("0.05")  # 基本持平: the final figure within 5% of the budget


def _comparisons(text: str) -> list[Finding]:
    """决算数大于/小于/等于/与…持平 预算数 against the budget and final figures the sentence states."""
    findings = []
    for m in _VERSUS.finditer(text):
        word, kind = m.group("word") or m.group("word2"), m.group("kind") or m.group("kind2")
        sentence = max(text.rfind(stop, 0, m.start()) for stop in "。；;") + 1
        budgets = [b for b in _BUDGET_STATED.finditer(text, sentence, m.start()) if not kind or b.group(1) == kind]
        final = _money(m.group(1), m.group(2))
        budget = budgets and _money(budgets[-1].group(2), budgets[-1].group(3))
        if not budgets or budget is None or final is None:
            continue
        if word == "基本持平":
            holds = abs(final - budget) <= ROUGHLY_EQUAL * abs(budget)
        else:
            holds = (final > budget) - (final < budget) == _SIGNS[word]
        if not holds:
            findings.append(Finding("narrative_comparison", "source", None, text[budgets[-1].start(): m.end()],
                                    budget, final, ("情况说明",),
                                    f"情况说明 says {m.group('said')} with 预算 {budgets[-1].group(2)}{budgets[-1].group(3)}"
                                    f", 决算 {m.group(1)}{m.group(2)}"))
    return findings


_YEAR_END = re.compile(r"截[至止]((?:19|20)\d{2})年(?:12月31日|12月底|底|末)")


def year_ends(text: str, identity: Identity) -> list[Finding]:
    """A 决算 of year Y states its stocks (vehicles, equipment) as at the end of Y: 截至 another year's end is a
    source defect. Budgets are not checked: they legitimately state stocks at an earlier date."""
    if identity.report_kind != "final":
        return []
    return [Finding("narrative_date", "source", None, m.group(0), None, None, ("情况说明",),
                    f"情况说明 says {m.group(0)} in the 决算 of {identity.fiscal_year}")
            for m in _YEAR_END.finditer(re.sub(r"\s+", "", text)) if int(m.group(1)) != identity.fiscal_year]


PERSONNEL_CLASSES = ("301", "303")  # 人员经费: 工资福利支出, 对个人和家庭的补助; the other 类 are 公用经费


def item_sums(doc: Document) -> list[Finding]:
    """Printed subtotals of item-keyed and economic tables against the lines they add up."""
    findings = []
    economic = defaultdict(list)
    for f in doc.facts.values():
        if f.table_key == "general_budget_economic" and f.economic_code and len(f.economic_code) == 3:
            economic[(f.economic_code in PERSONNEL_CLASSES, f.measure)].append(f)
    for (personnel, measure), parts in economic.items():
        total = doc.get("general_budget_economic", measure, item="人员经费合计" if personnel else "公用经费合计")
        if total:
            finding = compare(doc, "item_sum", "general_budget_economic", f"{total.item} {measure}",
                              doc.term(total), [doc.term(f) for f in parts],
                              f"general_budget_economic {total.item} {measure} ≠ Σ its 类")
            findings += [finding] if finding else []
    info = {f.item: f for f in doc.facts.values() if f.table_key == "related_info"}
    groups = [("合计", ("货物", "工程", "服务")),
              ("车辆数合计(辆)", tuple(i for i in info if i.endswith("用车")))]
    for total, lines in groups:
        parts = [info[i] for i in lines if i in info]
        if total in info and parts:
            finding = compare(doc, "item_sum", "related_info", total, doc.term(info[total]),
                              [doc.term(f) for f in parts], f"related_info {total} ≠ Σ {', '.join(lines)}")
            findings += [finding] if finding else []
    if doc.report_kind == "final":
        findings += _summary_lines(doc)
    return findings


SUMMARY_LINES = [("income_expenditure_summary", "income", "本年收入合计"),
                 ("income_expenditure_summary", "expenditure", "本年支出合计"),
                 ("appropriation_summary", "income", "本年收入合计"),
                 ("appropriation_summary", "expenditure_total", "本年支出合计")]


def _summary_lines(doc: Document) -> list[Finding]:
    """决算 summary tables: 本年收入合计 = Σ income lines, 本年支出合计 = Σ class lines."""
    findings = []
    for table, measure, total_item in SUMMARY_LINES:
        total = doc.get(table, measure, item=total_item)
        lines = [f for f in doc.facts.values() if f.table_key == table
                 and f.measure == measure and f.item and "计" not in f.item and "/" not in f.item
                 and not f.item.startswith("其中") and "结转" not in f.item and "结余" not in f.item]
        if total and lines:
            finding = compare(doc, "item_sum", table, total_item, doc.term(total),
                              [doc.term(f) for f in lines], f"{table} {total_item} ≠ Σ its lines")
            findings += [finding] if finding else []
    return findings


def run_all(doc: Document, narrative_page: int = 0) -> list[Finding]:
    return (row_totals(doc) + hierarchy(doc) + item_sums(doc) + summaries(doc) + across_tables(doc)
            + narrative(doc, narrative_page))


# a 款 or 项 code as a table prints it, followed on its line by the subject's name (an amount is not)
_PRINTED_CODE = re.compile(r"(?<![\d.,])(\d{5}|\d{7})(?=[ \t\u3000]*[\u4e00-\u9fff])")

# amounts as tables print them: with decimals, or whole numbers of three digits or more (not 栏次 numbers)
_NUMBER = re.compile(r"\(?-?(?:[\d,]*\d\.\d+|\d[\d,]{2,})\)?")


def numbers_in(text: str) -> set[Decimal]:
    found = set()
    for token in _NUMBER.findall(text):
        try:
            value = parse_amount(token)
        except AmountError:
            continue
        if value is not None:
            found.add(value)
    return found


_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>.+?)(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)"
                      r"(?:决算|预算)(?:表|情况说明|公开)?$")


def headings(identity: Identity, page_lines: dict[int, list[str]]) -> list[Finding]:
    """Headings inside the document that name another department or year than its cover: a source defect."""
    findings = []
    for page, lines in sorted(page_lines.items()):
        for line in lines:
            m = _HEADING.match(line)
            name = m and org_name(m.group("name"))
            if not name:
                continue
            year = int(m.group("year"))
            other_name = name != identity.department and not identity.department.startswith(name + "(")
            if other_name or year != identity.fiscal_year:
                findings.append(Finding(
                    "identity", "source", None, line, None, None, (f"p{page}",),
                    f"p{page} heading names {name} {year}, the document is {identity.department} "
                    f"{identity.fiscal_year}"))
    return findings


_CONTENTS = ("目录", "目次")
_ENTRY_END = re.compile(r"[.…·—\-_\s]*\d*$")  # leaders and the page number after a contents entry


def contents(pages: list[PageText], tables: list[ExtractedTable], department: str | None) -> list[Finding]:
    """Standard tables the document's contents page lists but the document does not print: a source defect, or
    an extraction one where the listed title is printed on a page all the same (we did not see it as a table)."""
    printed = {t.table_key for t in tables if t.table_key}
    printed |= {spec.key for t in tables if (spec := recognise_title(t.title, department))}  # keys told by headers
    listing = [p for p in pages if any(line.text.startswith(_CONTENTS) for line in p.lines[:3])]
    elsewhere = {bare_title(line.text, department) for p in pages if p not in listing for line in p.lines}
    findings = []
    for page in listing:
        for line in page.lines:
            entry = _ENTRY_END.sub("", line.text)
            spec = recognise_title(entry, department)
            if spec is None or spec.key in printed:
                continue
            printed.add(spec.key)  # once, however often it is listed
            severity = "extraction" if bare_title(entry, department) in elsewhere else "source"
            findings.append(Finding("contents", severity, spec.key, entry, None, None, (f"p{page.number}",),
                                    f"p{page.number} contents list {entry}; the document prints no such table"
                                    + (" that we read" if severity == "extraction" else "")))
    return findings


_FOLIO = re.compile(r"^(?:第)?[-—－]?\d{1,3}[-—－]?(?:页)?$")  # a page number: no figure, glued to one it is wrong


def _reading_order(page: PageText) -> str:
    """A narrative page's text from top to bottom (a text layer may write its paragraphs in another order),
    without the page number printed above or below it."""
    lines = sorted(page.lines, key=lambda line: -round(line.top))
    ends = {i for i in (0, len(lines) - 1) if lines and _FOLIO.match(lines[i].text)}
    return "\n".join(line.raw for i, line in enumerate(lines) if i not in ends)


def check_document(tables: list[ExtractedTable], subjects: list[SubjectName], pages: list[PageText],
                   identity: Identity) -> list[Finding]:
    """Every identity of one document; the narrative is the text of the pages that hold no table."""
    table_pages = {n for t in tables for n in t.pages}
    narrative_pages = [p for p in pages if p.number not in table_pages]
    units = {t.table_key: t.unit for t in tables if t.table_key and t.unit}
    numbers = {p.number: numbers_in(p.text) for p in pages if p.number in table_pages}
    codes = {p.number: Counter(_PRINTED_CODE.findall(p.text)) for p in pages if p.number in table_pages}
    doc = Document([f for t in tables for f in t.facts], units, subjects, numbers,
                   "\n".join(_reading_order(p) for p in narrative_pages), identity.report_kind,
                   {t.table_key for t in tables if t.table_key and t.note == "printed empty"}, codes)
    return (run_all(doc, narrative_pages[0].number if narrative_pages else 0) + year_ends(doc.narrative, identity)
            + headings(identity, {p.number: [line.text for line in p.lines] for p in pages})
            + contents(pages, tables, identity.department))

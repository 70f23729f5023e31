"""Synthetic 部门决算 disclosures: template-shaped PDFs drawn from known figures, and the facts they state.

The figures are generated deterministically from the spec and are internally consistent the way a real
决算 is (合计 = Σ 类 = Σ 款 = Σ 项, total = basic + project, 收入总计 = 支出总计, summary class lines = detail
类 rows, 三公 sums).  Every table is built once as a grid of printed cells, each amount cell carrying the fact a
reader of the PDF gets from it; the PDF writer draws those cells and `expected_facts` collects those facts, so the
two cannot drift apart.  In 万元 documents each cell is rounded on its own, as the 决算 software does, so sums
may be off by a few 0.01万元 (尾数误差), exactly as in real documents.
"""
from __future__ import annotations

import random
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from itertools import accumulate, zip_longest
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(_FONT))  # a standard CID font: readers supply the glyphs, no file needed
_CENT = Decimal("0.01")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class SyntheticDisclosure:
    """One synthetic 部门决算公开 document; every field changes what is printed."""

    department: str
    fiscal_year: int
    unit: str = "元"  # "元" or "万元"
    decimals: int = 2  # decimals printed when unit is 万元 (2 or 6)
    split_codes: bool = False  # 功能分类科目编码 printed as 类 | 款 | 项 columns
    long_expenditure: bool = False  # enough 项 rows that the code-keyed tables run onto a second page
    economic_detail: bool = False  # 支出决算明细表 (金额 + 其中：基本支出) instead of 基本支出决算表 (basic only)


# ---------------------------------------------------------------------------------------------------------------
# Classification (real 支出功能分类 / 支出经济分类 codes and names)

# The 26 class lines of the two summary tables, in template order.
_CLASS_LINES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"),
    ("213", "农林水支出"), ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"), ("217", "金融支出"), ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"), ("229", "其他支出"),
    ("231", "债务还本支出"), ("232", "债务付息支出"), ("233", "抗疫特别国债安排的支出"),
)
_CLASS_NAME = dict(_CLASS_LINES)
_CLASS_CODE = {name: code for code, name in _CLASS_LINES}


@dataclass(frozen=True)
class _Subject:
    """A 项 and what its money is spent on."""

    code: str
    name: str
    # "operation" (行政运行/事业运行: salaries and running costs), "project", or the 经济分类 款 that all of its
    # basic spending books to (养老保险缴费 → 30108 …).
    use: str


@dataclass(frozen=True)
class _Section:
    """A 款 with the 项 every document prints and those only a long document adds."""

    code: str
    name: str
    core: tuple[_Subject, ...]
    extra: tuple[_Subject, ...] = ()


def _s(code: str, name: str, use: str) -> _Subject:
    return _Subject(code, name, use)


# The department's own 款 under 201, chosen by a word in its name; the last entry matches every name.
_MAIN_SECTIONS: tuple[tuple[str, _Section], ...] = (
    ("统计", _Section(
        "20105", "统计信息事务",
        (_s("2010501", "行政运行", "operation"), _s("2010502", "一般行政管理事务", "project"),
         _s("2010507", "专项普查活动", "project")),
        (_s("2010508", "统计抽样调查", "project"), _s("2010599", "其他统计信息事务支出", "project")))),
    ("财政", _Section(
        "20106", "财政事务",
        (_s("2010601", "行政运行", "operation"), _s("2010602", "一般行政管理事务", "project"),
         _s("2010607", "信息化建设", "project")),
        (_s("2010605", "财政国库业务", "project"), _s("2010650", "事业运行", "operation")))),
    ("", _Section(
        "20103", "政府办公厅（室）及相关机构事务",
        (_s("2010301", "行政运行", "operation"), _s("2010302", "一般行政管理事务", "project"),
         _s("2010399", "其他政府办公厅（室）及相关机构事务支出", "project")),
        (_s("2010306", "政务公开审批", "project"), _s("2010350", "事业运行", "operation")))),
)

_COMMON_SECTIONS: tuple[_Section, ...] = (
    _Section("20199", "其他一般公共服务支出", (), (_s("2019999", "其他一般公共服务支出", "project"),)),
    _Section(
        "20805", "行政事业单位养老支出",
        (_s("2080505", "机关事业单位基本养老保险缴费支出", "30108"),
         _s("2080506", "机关事业单位职业年金缴费支出", "30109")),
        (_s("2080501", "行政单位离退休", "30302"), _s("2080502", "事业单位离退休", "30302"),
         _s("2080599", "其他行政事业单位养老支出", "30199"))),
    _Section("20808", "抚恤", (), (_s("2080801", "死亡抚恤", "30304"),)),
    _Section("20899", "其他社会保障和就业支出", (), (_s("2089999", "其他社会保障和就业支出", "30305"),)),
    _Section(
        "21011", "行政事业单位医疗", (_s("2101101", "行政单位医疗", "30110"),),
        (_s("2101102", "事业单位医疗", "30110"), _s("2101103", "公务员医疗补助", "30111"))),
    _Section(
        "21505", "工业和信息产业监管", (),
        (_s("2150516", "工程建设及运行维护", "project"), _s("2150517", "产业发展", "project"))),
    _Section(
        "22102", "住房改革支出", (_s("2210201", "住房公积金", "30113"),),
        (_s("2210202", "提租补贴", "30399"), _s("2210203", "购房补贴", "30399"))),
)

# 经济分类 rows of the 人员经费 and 公用经费 halves of the economic table, as printed (blank where unused).
_PERSONNEL_ROWS: tuple[tuple[str, str], ...] = (
    ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"),
    ("30106", "伙食补助费"), ("30107", "绩效工资"), ("30108", "机关事业单位基本养老保险缴费"),
    ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"), ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30114", "医疗费"), ("30199", "其他工资福利支出"),
    ("303", "对个人和家庭的补助"), ("30301", "离休费"), ("30302", "退休费"), ("30304", "抚恤金"),
    ("30305", "生活补助"), ("30307", "医疗费补助"), ("30309", "奖励金"), ("30399", "其他对个人和家庭的补助"),
)
_PUBLIC_ROWS: tuple[tuple[str, str], ...] = (
    ("302", "商品和服务支出"), ("30201", "办公费"), ("30202", "印刷费"), ("30203", "咨询费"), ("30205", "水费"),
    ("30206", "电费"), ("30207", "邮电费"), ("30209", "物业管理费"), ("30211", "差旅费"),
    ("30212", "因公出国（境）费用"), ("30213", "维修（护）费"), ("30214", "租赁费"), ("30215", "会议费"),
    ("30216", "培训费"), ("30217", "公务接待费"), ("30226", "劳务费"), ("30227", "委托业务费"),
    ("30228", "工会经费"), ("30229", "福利费"), ("30231", "公务用车运行维护费"), ("30239", "其他交通费用"),
    ("30299", "其他商品和服务支出"), ("310", "资本性支出"), ("31002", "办公设备购置"), ("31003", "专用设备购置"),
    ("31007", "信息网络及软件购置更新"), ("31013", "公务用车购置"),
)
_THREE_PUBLIC_MEASURES = ("total", "outbound_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                         "reception")
# Where running costs go: 经济分类 款 → typical weight (jittered per document).
_SALARY_WEIGHTS = {"30101": 30, "30102": 25, "30103": 5, "30107": 20, "30112": 2, "30199": 4, "30309": 1}
_RUNNING_WEIGHTS = {"30201": 10, "30205": 2, "30206": 4, "30207": 3, "30211": 6, "30213": 4, "30217": 1,
                    "30228": 5, "30229": 5, "30231": 6, "30239": 12, "30299": 6, "31002": 3}
_PROJECT_CODES = ("30201", "30202", "30211", "30214", "30215", "30216", "30226", "30227", "31002", "31007")


def _subjects(spec: SyntheticDisclosure) -> list[tuple[_Section, _Subject]]:
    main = next(section for word, section in _MAIN_SECTIONS if word in spec.department)
    pairs = [(section, subject)
             for section in (main, *_COMMON_SECTIONS)
             for subject in section.core + (section.extra if spec.long_expenditure else ())]
    return sorted(pairs, key=lambda pair: pair[1].code)


# ---------------------------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class _Line:
    """One 项 row's money in 元."""

    code: str
    name: str
    section: str  # the 款 name
    basic: Decimal  # 一般公共预算财政拨款 basic spending
    project: Decimal  # 一般公共预算财政拨款 project spending
    other: Decimal  # project spending paid from 其他收入
    income: Decimal  # 财政拨款收入 booked to this 项 (differs from spending where carry-over is used)


@dataclass(frozen=True)
class _Economy:
    """一般公共预算财政拨款 spending by 经济分类 款."""

    basic: dict[str, Decimal]
    project: dict[str, Decimal]

    def __call__(self, code: str) -> tuple[Decimal, Decimal]:
        """(total, basic) of a 类 or 款."""
        basic = sum((v for k, v in self.basic.items() if k.startswith(code)), _ZERO)
        project = sum((v for k, v in self.project.items() if k.startswith(code)), _ZERO)
        return basic + project, basic


@dataclass(frozen=True)
class _Figures:
    lines: tuple[_Line, ...]
    opening: Decimal  # 年初财政拨款结转和结余, all 一般公共预算
    closing: Decimal  # 年末财政拨款结转和结余
    economic: _Economy
    three_public: dict[str, tuple[Decimal, Decimal]]  # measure suffix → (预算数, 决算数)
    procurement: tuple[Decimal, Decimal, Decimal]  # 货物, 工程, 服务
    vehicles: dict[str, int]  # 用车 kind → count


class _Draw:
    """Seeded amounts: a stable seed per department and year, so a document is the same on every run."""

    def __init__(self, spec: SyntheticDisclosure) -> None:
        self.rng = random.Random(zlib.crc32(f"{spec.department}/{spec.fiscal_year}".encode()))

    def amount(self, low: int, high: int, step: Decimal = _CENT) -> Decimal:
        steps = self.rng.randint(int(low / step), int(high / step))
        return (steps * step).quantize(_CENT)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def share(self, total: Decimal, low: float, high: float, step: Decimal = _CENT) -> Decimal:
        return (total * Decimal(self.rng.uniform(low, high)) / step).quantize(Decimal(1)) * step

    def split(self, total: Decimal, weights: dict[str, int]) -> dict[str, Decimal]:
        """`total` spread over the codes roughly in proportion to their weights, to the cent, summing exactly."""
        jittered = [w * self.rng.randint(70, 130) for w in weights.values()]
        cents = int(total / _CENT)
        parts = [cents * w // sum(jittered) for w in jittered]
        parts[-1] += cents - sum(parts)
        return {code: part * _CENT for code, part in zip(weights, parts)}


def _add(into: dict[str, Decimal], parts: dict[str, Decimal]) -> None:
    for code, value in parts.items():
        into[code] = into.get(code, _ZERO) + value


def _figures(spec: SyntheticDisclosure) -> _Figures:
    draw = _Draw(spec)
    # Departments that report in 万元 are the larger ones; this keeps their totals in the thousands of 万元,
    # so grouping separators show.
    k = 10 if spec.unit == "万元" else 1
    subjects = _subjects(spec)
    economy = _Economy({}, {})
    lines: list[_Line] = []
    for section, subject in subjects:
        basic = project = _ZERO
        if subject.use == "operation":
            basic = draw.amount(800_000 * k, 2_500_000 * k)
        elif subject.use == "project":
            project = draw.amount(100_000 * k, 1_500_000 * k, Decimal(1000))
        else:
            basic = draw.amount(20_000 * k, 250_000 * k)
            _add(economy.basic, {subject.use: basic})
        lines.append(_Line(subject.code, subject.name, section.name, basic, project, _ZERO, basic + project))
    running = [i for i, (_, s) in enumerate(subjects) if s.use == "operation"]
    projects = [i for i, (_, s) in enumerate(subjects) if s.use == "project"]

    running_total = sum((lines[i].basic for i in running), _ZERO)
    salaries = draw.share(running_total, 0.65, 0.8)
    _add(economy.basic, draw.split(salaries, _SALARY_WEIGHTS))
    kept = {code: w for code, w in _RUNNING_WEIGHTS.items() if code == "30231" or draw.chance(0.75)}
    _add(economy.basic, draw.split(running_total - salaries, kept))
    project_total = sum((lines[i].project for i in projects), _ZERO)
    chosen = sorted(draw.rng.sample(_PROJECT_CODES, 5))
    _add(economy.project, draw.split(project_total, {code: draw.rng.randint(1, 10) for code in chosen}))

    if draw.chance(0.5):  # a new official car, bought as a project of the running-costs line
        purchase = draw.amount(150_000, 300_000)
        car = lines[running[0]]
        lines[running[0]] = replace(car, project=car.project + purchase, income=car.income + purchase)
        _add(economy.project, {"31013": purchase})
    if draw.chance(0.5):
        lines[projects[-1]] = replace(lines[projects[-1]], other=draw.amount(20_000 * k, 300_000 * k, Decimal(100)))
    # The opening carry-over pays part of one project, and what is left of this year's money is carried on.
    carried = lines[projects[0]]
    opening = draw.share(carried.project, 0.1, 0.4, Decimal(1000))
    closing = _ZERO if draw.chance(0.5) else draw.amount(10_000 * k, 100_000 * k, Decimal(1000))
    lines[projects[0]] = replace(carried, income=carried.income + closing - opening)

    return _Figures(
        lines=tuple(lines), opening=opening, closing=closing, economic=economy,
        three_public=_three_public(draw, economy),
        procurement=(economy("31002")[0] + economy("31013")[0], _ZERO, economy("30227")[0]),
        vehicles={"机要通信用车": draw.rng.randint(1, 3), "应急保障用车": draw.rng.randint(0, 2)},
    )


def _three_public(draw: _Draw, economy: _Economy) -> dict[str, tuple[Decimal, Decimal]]:
    final = {"outbound_travel": _ZERO, "vehicle_purchase": economy("31013")[0],
             "vehicle_operation": economy("30231")[0], "reception": economy("30217")[0]}
    # Budgets are round thousands a little above what was spent; nothing budgeted where nothing was spent.
    budget = {k: _ZERO if not v else ((v + draw.amount(0, 20_000)) / 1000).quantize(Decimal(1), ROUND_CEILING) * 1000
              for k, v in final.items()}
    for totals in (budget, final):
        totals["vehicle_total"] = totals["vehicle_purchase"] + totals["vehicle_operation"]
        totals["total"] = totals["outbound_travel"] + totals["vehicle_total"] + totals["reception"]
    return {k: (budget[k], final[k]) for k in _THREE_PUBLIC_MEASURES}


# ---------------------------------------------------------------------------------------------------------------
# Tables as printed cells


@dataclass(frozen=True)
class _Fact:
    measure: str
    amount: Decimal  # 元, what a reader of the printed cell knows
    function_code: str | None = None
    economic_code: str | None = None
    item: str | None = None


@dataclass(frozen=True)
class _Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "l"  # l, r (amounts: never wrapped) or c
    fact: _Fact | None = None


@dataclass(frozen=True)
class _Table:
    key: str
    title: str
    widths: tuple[float, ...]  # relative column widths
    header: tuple[tuple[_Cell, ...], ...]
    body: tuple[tuple[_Cell, ...], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Key:
    """The row key of the facts printed in one row."""

    function_code: str | None = None
    economic_code: str | None = None
    item: str | None = None


def _item(label: str) -> str:
    """A printed label (without its ordinal prefix) as the spec keys it."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


@dataclass(frozen=True)
class _Printer:
    unit: str
    decimals: int

    def _printed(self, yuan: Decimal) -> Decimal:
        if self.unit == "元":
            return yuan.quantize(_CENT)
        return (yuan / 10000).quantize(Decimal(1).scaleb(-self.decimals), ROUND_HALF_UP)

    def text(self, yuan: Decimal) -> str:
        value = self._printed(yuan)
        return f"{value:.2f}" if self.unit == "元" else f"{value:,.{self.decimals}f}"

    def prose(self, yuan: Decimal) -> str:
        return f"{self._printed(yuan):,.{2 if self.unit == '元' else self.decimals}f}{self.unit}"

    def amount(self, key: _Key, measure: str, yuan: Decimal | None) -> _Cell:
        """An amount cell; None prints blank (no fact), zero prints 0.00 (a fact of zero)."""
        if yuan is None:
            return _Cell()
        read = (self._printed(yuan) * (1 if self.unit == "元" else 10000)).quantize(_CENT)
        return _Cell(self.text(yuan), align="r", fact=_Fact(measure, read, key.function_code,
                                                            key.economic_code, key.item))

    def amounts(self, key: _Key, measures: Sequence[str], values: Sequence[Decimal | None]) -> list[_Cell]:
        return [self.amount(key, m, v) for m, v in zip(measures, values, strict=True)]


def _sum(lines: Iterable[_Line], value: Callable[[_Line], Decimal]) -> Decimal:
    return sum((value(line) for line in lines), _ZERO)


def _nz(value: Decimal) -> Decimal | None:
    """Zero spending prints blank in the detail tables."""
    return value if value else None


def _cn(n: int) -> str:
    """Chinese numeral for 1..99, as in ordinal prefixes (十一、二十六、)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones or not tens else "")


def _labels(*texts: str, align: str = "c") -> list[_Cell]:
    return [_Cell(t, align=align) for t in texts]


# --- two-half summary tables ------------------------------------------------------------------------------------

_Half = tuple[str, str, tuple[Decimal | None, ...]]  # one half-row: label as printed, its item, its amounts


def _plain(label: str, *values: Decimal | None) -> _Half:
    return label, label, values


def _numbered(labels: Sequence[str], values: Callable[[str], tuple[Decimal | None, ...]]) -> list[_Half]:
    return [(f"{_cn(i)}、{label}", label, values(label)) for i, label in enumerate(labels, start=1)]


def _beside_classes(halves: list[_Half]) -> list[_Half]:
    """Left-half lines padded with blank rows down to the last of the 26 class lines."""
    return halves + [_plain("", *(None,) * len(halves[0][2]))] * (len(_CLASS_LINES) - len(halves))


def _two_halves(p: _Printer, left: list[_Half], left_measures: Sequence[str],
                right: list[_Half], right_measures: Sequence[str]) -> tuple[tuple[_Cell, ...], ...]:
    """Rows of a 收入 | 支出 table; 行次 runs down the left half, then down the right."""
    return tuple(
        (_Cell(l_label), _Cell(str(i), align="c"), *p.amounts(_Key(item=l_item), left_measures, l_values),
         _Cell(r_label), _Cell(str(len(right) + i), align="c"),
         *p.amounts(_Key(item=r_item), right_measures, r_values))
        for i, ((l_label, l_item, l_values), (r_label, r_item, r_values))
        in enumerate(zip(left, right, strict=True), start=1)
    )


def _class_lines(lines: Iterable[_Line], spent: Callable[[_Line], Decimal], width: int) -> list[_Half]:
    """The 26 class lines of a summary table; the first `width` amount columns hold the class's spending."""
    totals: dict[str, Decimal] = defaultdict(lambda: _ZERO)
    for line in lines:
        totals[line.code[:3]] += spent(line)
    return _numbered([name for _, name in _CLASS_LINES],
                     lambda name: (_nz(totals[_CLASS_CODE[name]]),) * width)


def _spent(line: _Line) -> Decimal:
    return line.basic + line.project + line.other


def _fiscal_spent(line: _Line) -> Decimal:
    return line.basic + line.project


def _income_expenditure_summary(f: _Figures, p: _Printer) -> _Table:
    fiscal, other = _sum(f.lines, lambda x: x.income), _sum(f.lines, lambda x: x.other)
    spent = _sum(f.lines, _spent)
    sources = {"一般公共预算财政拨款收入": fiscal, "其他收入": _nz(other)}
    left = _beside_classes(_numbered(
        ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
         "事业收入", "经营收入", "附属单位上缴收入", "其他收入"), lambda label: (sources.get(label),)))
    left += [_plain("本年收入合计", fiscal + other), _plain("使用非财政拨款结余", None),
             _plain("年初结转和结余", f.opening), _plain("", None), _plain("总计", fiscal + other + f.opening)]
    right = _class_lines(f.lines, _spent, 1) + [
        _plain("本年支出合计", spent), _plain("结余分配", None), _plain("年末结转和结余", f.closing),
        _plain("", None), _plain("总计", spent + f.closing)]
    header = ((_Cell("收入", colspan=3), _Cell("支出", colspan=3)),
              tuple(_labels("项目", "行次", "决算数", "项目", "行次", "决算数")),
              (_Cell("栏次"), _Cell(), _Cell("1", align="c"), _Cell("栏次"), _Cell(), _Cell("2", align="c")))
    return _Table("income_expenditure_summary", "收入支出决算总表", (150, 32, 75, 150, 32, 75), header,
                  _two_halves(p, left, ("income",), right, ("expenditure",)),
                  ("注：本表反映部门本年度的总收支和年末结转结余情况。",))


def _appropriation_summary(f: _Figures, p: _Printer) -> _Table:
    fiscal, spent = _sum(f.lines, lambda x: x.income), _sum(f.lines, _fiscal_spent)
    funds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    heading = "年初财政拨款结转和结余"
    left = _beside_classes(_numbered(funds, lambda fund: (fiscal if fund == funds[0] else None,)))
    # The same fund names again under the carry-over heading: items `<heading>/<fund>` (the spec's rule).
    left += [_plain("本年收入合计", fiscal), _plain(heading, f.opening),
             *((f"（{_cn(i)}）{fund}", f"{heading}/{fund}", (f.opening if i == 1 else None,))
               for i, fund in enumerate(funds, start=1)),
             _plain("收入总计", fiscal + f.opening)]
    right = _class_lines(f.lines, _fiscal_spent, 2)
    right = [(label, item, values + (None, None)) for label, item, values in right] + [
        _plain("本年支出合计", spent, spent, None, None),
        _plain("年末财政拨款结转和结余", f.closing, f.closing, None, None),
        *[_plain("", None, None, None, None)] * 3,
        _plain("总计", spent + f.closing, spent + f.closing, None, None)]
    header = ((_Cell("收入", colspan=3), _Cell("支出", colspan=6)),
              tuple(_labels("项目", "行次", "金额", "项目", "行次", "合计", *funds)),
              (_Cell("栏次"), _Cell(), _Cell("1", align="c"), _Cell("栏次"), _Cell(),
               *_labels("2", "3", "4", "5")))
    measures = ("expenditure_total", "expenditure_general_public_budget",
                "expenditure_government_fund", "expenditure_state_capital")
    return _Table("appropriation_summary", "财政拨款收入支出决算总表", (118, 26, 62, 118, 26, 62, 56, 56, 56),
                  header, _two_halves(p, left, ("income",), right, measures),
                  ("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的"
                   "总收支和年末结转结余情况。",))


# --- function-code tables ---------------------------------------------------------------------------------------

_Head = str | tuple[str, tuple[str, ...]]  # a column heading, or a group heading over its columns


def _code_header(split: bool, heads: Sequence[_Head]) -> tuple[tuple[_Cell, ...], ...]:
    depth = 3 if split else 2
    top = [_Cell("项目", colspan=4 if split else 2, align="c")]
    second = ([_Cell("功能分类科目编码", colspan=3, align="c"), _Cell("科目名称", rowspan=2, align="c")]
              if split else _labels("功能分类科目编码", "科目名称"))
    for head in heads:
        if isinstance(head, str):
            top.append(_Cell(head, rowspan=depth, align="c"))
        else:
            top.append(_Cell(head[0], colspan=len(head[1]), align="c"))
            second += [_Cell(leaf, rowspan=depth - 1, align="c") for leaf in head[1]]
    rows = [tuple(top), tuple(second)] + ([tuple(_labels("类", "款", "项"))] if split else [])
    n_amounts = sum(1 if isinstance(h, str) else len(h[1]) for h in heads)
    rows.append((_Cell("栏次", colspan=4 if split else 2), *_labels(*map(str, range(1, n_amounts + 1)))))
    return tuple(rows)


def _function_rows(lines: Sequence[_Line]) -> list[tuple[str, str, list[_Line]]]:
    """(code, name, lines under it) for every 类, 款 and 项 row, in printed order."""
    rows = []
    for cls in sorted({line.code[:3] for line in lines}):
        rows.append((cls, _CLASS_NAME[cls], [x for x in lines if x.code.startswith(cls)]))
        for sec in sorted({line.code[:5] for line in lines if line.code.startswith(cls)}):
            under = [x for x in lines if x.code.startswith(sec)]
            rows.append((sec, under[0].section, under))
            rows += [(x.code, x.name, [x]) for x in under]
    return rows


def _code_table(key: str, title: str, spec: SyntheticDisclosure, p: _Printer, lines: Sequence[_Line],
                heads: Sequence[_Head], measures: Sequence[str],
                values: Callable[[list[_Line]], Sequence[Decimal | None]],
                name_width: float, amount_width: float, notes: tuple[str, ...]) -> _Table:
    code_cols = 3 if spec.split_codes else 1
    body = [(_Cell("合计", colspan=code_cols + 1), *p.amounts(_Key(item="合计"), measures, values(list(lines))))]
    for code, name, under in _function_rows(lines):
        parts = (code[:3], code[3:5], code[5:7]) if spec.split_codes else (code,)
        body.append((*(_Cell(part) for part in parts), _Cell(name),
                     *p.amounts(_Key(function_code=code), measures, values(under))))
    widths = ((22, 18, 18) if spec.split_codes else (52,)) + (name_width,) + (amount_width,) * len(measures)
    return _Table(key, title, widths, _code_header(spec.split_codes, heads), tuple(body), notes)


def _income(spec: SyntheticDisclosure, f: _Figures, p: _Printer) -> _Table:
    heads = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    measures = ("total", "fiscal_appropriation", "superior_subsidy", "business_income", "operating_income",
                "subsidiary_remittance", "other_income")

    def values(lines: list[_Line]) -> list[Decimal | None]:
        fiscal, other = _sum(lines, lambda x: x.income), _sum(lines, lambda x: x.other)
        return [_nz(fiscal + other), _nz(fiscal), None, None, None, None, _nz(other)]

    return _code_table("income", "收入决算表", spec, p, f.lines, heads, measures, values, 100, 52,
                       ("注：本表反映部门本年度取得的各项收入情况。",))


def _expenditure(spec: SyntheticDisclosure, f: _Figures, p: _Printer) -> _Table:
    heads = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
    measures = ("total", "basic", "project", "remit_to_superior", "operating", "subsidy_to_subsidiary")

    def values(lines: list[_Line]) -> list[Decimal | None]:
        basic, project = _sum(lines, lambda x: x.basic), _sum(lines, lambda x: x.project + x.other)
        return [_nz(basic + project), _nz(basic), _nz(project), None, None, None]

    return _code_table("expenditure", "支出决算表", spec, p, f.lines, heads, measures, values, 105, 58,
                       ("注：本表反映部门本年度各项支出情况。",))


def _general_budget_expenditure(spec: SyntheticDisclosure, f: _Figures, p: _Printer) -> _Table:
    def values(lines: list[_Line]) -> list[Decimal | None]:
        basic, project = _sum(lines, lambda x: x.basic), _sum(lines, lambda x: x.project)
        return [_nz(basic + project), _nz(basic), _nz(project)]

    return _code_table("general_budget_expenditure", "一般公共预算财政拨款支出决算表", spec, p, f.lines,
                       (("本年支出", ("小计", "基本支出", "项目支出")),), ("total", "basic", "project"), values,
                       200, 85, ("注：本表反映部门本年度一般公共预算财政拨款支出情况。",))


def _government_fund(spec: SyntheticDisclosure, p: _Printer) -> _Table:
    heads = ("年初结转和结余", "本年收入", ("本年支出", ("小计", "基本支出", "项目支出")), "年末结转和结余")
    measures = ("opening_balance", "income", "total", "basic", "project", "closing_balance")
    return _code_table("government_fund", "政府性基金预算财政拨款收入支出决算表", spec, p, (), heads, measures,
                       lambda _: [None] * 6, 120, 62,
                       ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。", "说明：本表无数据"))


def _state_capital(spec: SyntheticDisclosure, p: _Printer) -> _Table:
    return _code_table("state_capital", "国有资本经营预算财政拨款支出决算表", spec, p, (),
                       (("本年支出", ("合计", "基本支出", "项目支出")),), ("total", "basic", "project"),
                       lambda _: [None] * 3, 200, 85,
                       ("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "说明：本表无数据"))


# --- the economic table, 三公 and related information ---------------------------------------------------------


def _general_budget_economic(spec: SyntheticDisclosure, f: _Figures, p: _Printer) -> _Table:
    detail = spec.economic_detail
    measures = ("total", "basic") if detail else ("total",)

    def cells(code: str, label: str, amounts: tuple[Decimal, Decimal], key: _Key) -> list[_Cell]:
        total, basic = amounts
        values = (_nz(total), _nz(basic)) if detail else (_nz(basic),)
        return [_Cell(code), _Cell(label), *p.amounts(key, measures, values)]

    personnel, public = ([cells(code, name, f.economic(code), _Key(economic_code=code)) for code, name in rows]
                         for rows in (_PERSONNEL_ROWS, _PUBLIC_ROWS))
    width = len(personnel[0])
    body = [tuple(left + right) for left, right in zip_longest(personnel, public, fillvalue=[_Cell()] * width)]
    totals = []
    for label, classes in (("人员经费合计", ("301", "303")), ("公用经费合计", ("302", "310"))):
        total, basic = (sum(parts, _ZERO) for parts in zip(*(f.economic(c) for c in classes)))
        values = (total, basic) if detail else (basic,)
        totals += [_Cell(label, colspan=2), *p.amounts(_Key(item=label), measures, values)]
    body.append(tuple(totals))
    columns = ("科目编码", "科目名称", "金额", "其中：基本支出")[:width]
    header = ((_Cell("人员经费", colspan=width), _Cell("公用经费", colspan=width)),
              tuple(_labels(*columns, *columns)))
    widths = (36, 84, 68, 68) if detail else (44, 120, 90)
    title, note = (("一般公共预算财政拨款支出决算明细表", "注：本表反映部门本年度一般公共预算财政拨款支出明细情况。")
                   if detail else
                   ("一般公共预算财政拨款基本支出决算表", "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"))
    return _Table("general_budget_economic", title, widths * 2, header, tuple(body), (note,))


def _three_public_table(f: _Figures, p: _Printer) -> _Table:
    group = [_Cell("合计", rowspan=2, align="c"), _Cell("因公出国（境）费", rowspan=2, align="c"),
             _Cell("公务用车购置及运行维护费", colspan=3, align="c"), _Cell("公务接待费", rowspan=2, align="c")]
    header = ((_Cell("预算数", colspan=6, align="c"), _Cell("决算数", colspan=6, align="c")),
              tuple(group + group),
              tuple(_labels("小计", "公务用车购置费", "公务用车运行维护费") * 2),
              tuple(_labels(*map(str, range(1, 13)))))
    row = [p.amount(_Key(), f"{stage}_{m}", f.three_public[m][i])
           for i, stage in enumerate(("budget", "final")) for m in _THREE_PUBLIC_MEASURES]
    return _Table("three_public", "财政拨款“三公”经费支出决算表", (1,) * 12, header, (tuple(row),),
                  ("注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
                   "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",))


_VEHICLE_KINDS = ("副部（省）级及以上领导用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                  "特种专业技术用车", "离退休干部用车", "其他用车")


def _related_info(f: _Figures, p: _Printer) -> _Table:
    goods, works, services = f.procurement
    numbers = iter(range(1, 100))  # 行次 runs on through the sections

    def line(prefix: str, label: str, cell: _Cell) -> tuple[_Cell, ...]:
        return _Cell(prefix + label), _Cell(str(next(numbers)), align="c"), cell

    def money(prefix: str, label: str, value: Decimal | None) -> tuple[_Cell, ...]:
        return line(prefix, label, p.amount(_Key(item=_item(label)), "value", value))

    def count(prefix: str, label: str, n: int | None) -> tuple[_Cell, ...]:
        """Counts are numbers of things: never scaled by the unit."""
        fact = None if n is None else _Fact("value", Decimal(n).quantize(_CENT), item=_item(label))
        return line(prefix, label, _Cell("" if n is None else str(n), align="r", fact=fact))

    body = (
        (_Cell("一、政府采购情况", colspan=3),), tuple(_labels("项目", "行次", "采购金额")),
        money("", "合计", goods + works + services), money("", "货物", goods), money("", "工程", works),
        money("", "服务", _nz(services)),
        (_Cell("二、机关运行经费", colspan=3),), tuple(_labels("项目", "行次", "统计数")),
        money("（一）", "行政单位", f.economic("302")[1] + f.economic("310")[1]),  # basic 公用经费
        money("（二）", "参照公务员法管理事业单位", None),
        (_Cell("三、国有资产占用情况", colspan=3),),
        count("（一）", "车辆数合计（辆）", sum(f.vehicles.values())),
        *(count(f"{i}. ", kind, f.vehicles.get(kind) or None) for i, kind in enumerate(_VEHICLE_KINDS, start=1)),
        count("（二）", "单价100万元（含）以上设备（不含车辆）", 0),
    )
    return _Table("related_info", "部门决算公开相关信息统计表", (300, 60, 155), (), body,
                  ("注：本表反映部门本年度政府采购及机关运行经费和国有资产占用情况。",))


def _tables(spec: SyntheticDisclosure, f: _Figures) -> list[_Table]:
    p = _Printer(spec.unit, spec.decimals)
    return [
        _income_expenditure_summary(f, p),
        _income(spec, f, p),
        _expenditure(spec, f, p),
        _appropriation_summary(f, p),
        _general_budget_expenditure(spec, f, p),
        _general_budget_economic(spec, f, p),
        _three_public_table(f, p),
        _government_fund(spec, p),
        _state_capital(spec, p),
        _related_info(f, p),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Drawing

_PAGE_WIDTH, _PAGE_HEIGHT = A4
_LEFT, _RIGHT, _TOP, _BOTTOM = 40.0, _PAGE_WIDTH - 40.0, _PAGE_HEIGHT - 50.0, 45.0
_CELL_SIZE, _LEADING, _PAD, _MIN_ROW = 7.5, 9.5, 2.5, 16.0
_TEXT_SIZE, _TITLE_SIZE = 10.0, 16.0
_META_STEP = _TEXT_SIZE * 1.6
_TABLE_BLOCK = _TITLE_SIZE * 2 + 4 * _META_STEP  # the title and the four lines above a grid
_NOTE_ROOM = 40.0  # kept free under a grid for its notes


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, _FONT, size)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Character-wise wrapping, as Chinese text wraps."""
    lines, current = [], ""
    for char in text:
        if current and _width(current + char, size) > width:
            lines.append(current)
            current = char
        else:
            current += char
    return [*lines, current]


@dataclass(frozen=True)
class _Placed:
    cell: _Cell
    row: int
    col: int


@dataclass(frozen=True)
class _Grid:
    placed: tuple[_Placed, ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    header_rows: int


def _cell_lines(cell: _Cell, width: float) -> list[str]:
    if cell.align == "r":
        if _width(cell.text, _CELL_SIZE) > width - 2 * _PAD:
            raise ValueError(f"amount {cell.text!r} does not fit a {width:.0f}pt column")
        return [cell.text]
    return _wrap(cell.text, width - 2 * _PAD, _CELL_SIZE)


def _grid(table: _Table) -> _Grid:
    rows = table.header + table.body
    scale = (_RIGHT - _LEFT) / sum(table.widths)
    widths = tuple(w * scale for w in table.widths)
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(rows):  # HTML-style placement: each cell takes the next free column
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append(_Placed(cell, r, c))
            taken |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan
    if taken != {(r, c) for r in range(len(rows)) for c in range(len(widths))}:
        raise ValueError(f"{table.title}: cells do not tile the grid")
    heights = [_MIN_ROW] * len(rows)
    for spans_first in (False, True):  # single-row cells size their rows, then spans stretch their last row
        for pc in placed:
            if (pc.cell.rowspan > 1) != spans_first:
                continue
            width = sum(widths[pc.col:pc.col + pc.cell.colspan])
            need = len(_cell_lines(pc.cell, width)) * _LEADING + 2 * _PAD
            last = pc.row + pc.cell.rowspan - 1
            heights[last] += max(0.0, need - sum(heights[pc.row:last + 1]))
    return _Grid(tuple(placed), widths, tuple(heights), len(table.header))


def _page_rows(grid: _Grid, first_room: float, room: float) -> list[range]:
    """Rows per page: the header stays with the first body rows and is not repeated on later pages."""
    pages, start, used = [], 0, 0.0
    limit = first_room
    for r, h in enumerate(grid.heights):
        if used + h > limit and r > max(start, grid.header_rows):
            pages.append(range(start, r))
            start, used, limit = r, 0.0, room
        used += h
    return [*pages, range(start, len(grid.heights))]


def _draw_rows(c: Canvas, grid: _Grid, rows: range, top: float) -> float:
    """Draw the cells of `rows` with their top edge at `top`; returns the bottom edge."""
    xs = list(accumulate(grid.widths, initial=_LEFT))
    ys = [top - h for h in accumulate(grid.heights[rows.start:rows.stop], initial=0.0)]
    c.setLineWidth(0.6)
    for pc in grid.placed:
        if pc.row not in rows:
            continue
        x0, x1 = xs[pc.col], xs[pc.col + pc.cell.colspan]
        y_top, y_bottom = ys[pc.row - rows.start], ys[pc.row - rows.start + pc.cell.rowspan]
        c.rect(x0, y_bottom, x1 - x0, y_top - y_bottom, stroke=1, fill=0)
        lines = _cell_lines(pc.cell, x1 - x0)
        # Words of a cell merged over rows start at its top, as in the seed's headers; others are centred.
        middle = (y_top + y_bottom) / 2 if pc.cell.rowspan == 1 else y_top - _PAD - len(lines) * _LEADING / 2
        first = middle + (len(lines) - 1) * _LEADING / 2 - _CELL_SIZE * 0.35
        for i, line in enumerate(lines):
            y = first - i * _LEADING
            if len(line) == 1 and not line.isascii():
                # The font is not embedded: where no CJK font is installed pdfium gives a glyph an empty box
                # and drops a text object holding nothing else (类, a wrapped 码); a space gives it extent.
                line += " "
            if pc.cell.align == "r":
                c.drawRightString(x1 - _PAD, y, line)
            elif pc.cell.align == "c":
                c.drawCentredString((x0 + x1) / 2, y, line)
            else:
                c.drawString(x0 + _PAD, y, line)
    return ys[-1]


def _paragraphs(c: Canvas, y: float, texts: Iterable[str], size: float = _TEXT_SIZE, indent: bool = True) -> float:
    c.setFont(_FONT, size)
    for text in texts:
        for line in _wrap(("　　" if indent else "") + text, _RIGHT - _LEFT, size):
            c.drawString(_LEFT, y, line)
            y -= size * 1.6
        y -= size * 0.4
    return y


def _heading(c: Canvas, y: float, text: str, size: float = _TITLE_SIZE) -> float:
    c.setFont(_FONT, size)
    c.drawCentredString(_PAGE_WIDTH / 2, y, text)
    return y - size * 2


def _table_pages(c: Canvas, spec: SyntheticDisclosure, number: int, table: _Table, grid: _Grid,
                 pages: list[range]) -> None:
    y = _heading(c, _TOP, table.title)
    meta = (f"公开{number:02d}表", f"部门名称：{spec.department}", f"{spec.fiscal_year}年度", f"金额单位：{spec.unit}")
    c.setFont(_FONT, _TEXT_SIZE)
    for line in meta:
        c.drawString(_LEFT, y, line)
        y -= _META_STEP
    for i, rows in enumerate(pages):
        c.setFont(_FONT, _CELL_SIZE)
        bottom = _draw_rows(c, grid, rows, y if i == 0 else _TOP)
        if i == len(pages) - 1:
            _paragraphs(c, bottom - 12, table.notes, size=8.5, indent=False)
        c.showPage()


def _cover(c: Canvas, spec: SyntheticDisclosure, entries: list[tuple[str, int]]) -> None:
    c.setFont(_FONT, 20)
    c.drawCentredString(_PAGE_WIDTH / 2, _PAGE_HEIGHT - 140, spec.department)
    c.drawCentredString(_PAGE_WIDTH / 2, _PAGE_HEIGHT - 175, f"{spec.fiscal_year}年度部门决算公开")
    y = _heading(c, _PAGE_HEIGHT - 250, "目录", 14) - 6
    c.setFont(_FONT, 10.5)
    for label, page in entries:
        room = _RIGHT - 40 - _LEFT - 40 - _width(label, 10.5) - _width(str(page), 10.5)
        c.drawString(_LEFT + 40, y, label + "." * int(room / _width(".", 10.5)) + str(page))
        y -= 22
    c.showPage()


def _overview(c: Canvas, spec: SyntheticDisclosure) -> None:
    y = _heading(c, _TOP, "第一部分 概况")
    _paragraphs(c, y, (
        "一、部门职责",
        f"{spec.department}贯彻落实上级决策部署，负责本部门职责范围内的各项工作，完成上级交办的其他任务。",
        "二、机构设置",
        f"{spec.department}内设办公室、业务科室和综合科室，{spec.fiscal_year}年度部门决算由本部门本级决算组成。",
    ))
    c.showPage()


def _explanation(c: Canvas, spec: SyntheticDisclosure, f: _Figures) -> None:
    p = _Printer(spec.unit, spec.decimals)
    year = spec.fiscal_year
    fiscal, other = _sum(f.lines, lambda x: x.income), _sum(f.lines, lambda x: x.other)
    basic, project = _sum(f.lines, lambda x: x.basic), _sum(f.lines, lambda x: x.project + x.other)
    grand_total = fiscal + other + f.opening
    y = _heading(c, _TOP, "第三部分 情况说明")
    _paragraphs(c, y, (
        "一、收入支出决算总体情况说明",
        f"{year}年度收入总计{p.prose(grand_total)}、支出总计{p.prose(grand_total)}。",
        "二、收入决算情况说明",
        f"{year}年度收入合计{p.prose(fiscal + other)}，其中：财政拨款收入{p.prose(fiscal)}，"
        f"占比{_percent(fiscal, fiscal + other)}；其他收入{p.prose(other)}，占比{_percent(other, fiscal + other)}。",
        "三、支出决算情况说明",
        f"{year}年度支出合计{p.prose(basic + project)}，其中：基本支出{p.prose(basic)}，"
        f"占比{_percent(basic, basic + project)}；项目支出{p.prose(project)}，占比{_percent(project, basic + project)}。",
        "四、财政拨款“三公”经费支出决算情况说明",
        f"{year}年度“三公”经费财政拨款支出决算{p.prose(f.three_public['total'][1])}，"
        f"预算{p.prose(f.three_public['total'][0])}。",
    ))
    c.showPage()


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(_CENT, ROUND_HALF_UP)}%"


def write_disclosure_pdf(spec: SyntheticDisclosure, path: Path, encrypt: StandardEncryption | None = None) -> Path:
    """Draw the document: cover with contents, 概况, the ten tables (one or more pages each), 情况说明.

    `encrypt`: a password (user password: nobody reads it without; owner password only: it opens, with
    restrictions on printing or copying, as websites publish some)."""
    figures = _figures(spec)
    tables = _tables(spec, figures)
    grids = [_grid(t) for t in tables]
    pages = [_page_rows(g, _TOP - _BOTTOM - _TABLE_BLOCK - _NOTE_ROOM, _TOP - _BOTTOM - _NOTE_ROOM) for g in grids]
    starts = list(accumulate((len(p) for p in pages), initial=3))
    contents = [("第一部分 概况", 2), (f"第二部分 {spec.fiscal_year}年度部门决算表", 3),
                *((f"{_cn(i + 1)}、{t.title}", starts[i]) for i, t in enumerate(tables)),
                ("第三部分 情况说明", starts[-1])]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(path), pagesize=A4, invariant=True, encrypt=encrypt)
    c.setTitle(f"{spec.department}{spec.fiscal_year}年度部门决算公开")
    _cover(c, spec, contents)
    _overview(c, spec)
    for number, (table, grid, rows) in enumerate(zip(tables, grids, pages), start=1):
        _table_pages(c, spec, number, table, grid, rows)
    _explanation(c, spec, figures)
    c.save()
    return path


# ---------------------------------------------------------------------------------------------------------------
# Facts


def expected_facts(spec: SyntheticDisclosure) -> list[dict]:
    """The facts the document states, in the gold-file format (amounts in 元, as strings with 2 decimals)."""
    return [
        {"table": table.key, "function_code": cell.fact.function_code, "economic_code": cell.fact.economic_code,
         "item": cell.fact.item, "measure": cell.fact.measure, "amount": f"{cell.fact.amount:.2f}"}
        for table in _tables(spec, _figures(spec))
        for row in table.body
        for cell in row
        if cell.fact is not None
    ]


def demo_disclosures() -> list[SyntheticDisclosure]:
    """Varied documents for `make demo`; the 统计局 in two years, so that year-on-year questions have answers."""
    return [
        SyntheticDisclosure("示例市数据资源管理局", 2023, long_expenditure=True, economic_detail=True),
        SyntheticDisclosure("示例市统计局", 2022, unit="万元", decimals=2),
        SyntheticDisclosure("示例市统计局", 2023, unit="万元", decimals=2),
        SyntheticDisclosure("示例县财政局", 2023, split_codes=True),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Files that are not loadable disclosures, as websites serve them (for the refusal tests)


def write_text_pdf(path: Path, pages: Iterable[Sequence[str]]) -> Path:
    """Pages of plain paragraphs: a notice that is not a disclosure, or the narrative pages of a long report."""
    path = Path(path)
    c = Canvas(str(path), pagesize=A4, invariant=True)
    for paragraphs in pages:
        _paragraphs(c, _TOP, paragraphs)
        c.showPage()
    c.save()
    return path


def write_scanned_pdf(source: Path, path: Path, dpi: int = 100) -> Path:
    """`source` as a scanner would give it back: every page an image, no text layer."""
    path = Path(path)
    pdf = pdfium.PdfDocument(str(source))
    c = Canvas(str(path), pagesize=A4, invariant=True)
    try:
        for page in pdf:
            image = page.render(scale=dpi / 72).to_pil()
            c.drawImage(ImageReader(image), 0, 0, *A4)
            c.showPage()
            page.close()
    finally:
        pdf.close()
    c.save()
    return path


def write_long_pdf(spec: SyntheticDisclosure, path: Path, narrative_pages: int) -> Path:
    """The disclosure followed by `narrative_pages` pages of project descriptions (some reports run to hundreds)."""
    path = Path(path)
    tables = write_disclosure_pdf(spec, path.with_name(path.stem + ".tables.pdf"))
    text = write_text_pdf(path.with_name(path.stem + ".text.pdf"), (
        (f"项目说明（{n}）", f"{spec.department}按照年度工作安排实施本项目，资金使用符合相关规定，项目进展顺利。" * 6)
        for n in range(1, narrative_pages + 1)))
    whole = pdfium.PdfDocument.new()
    for part in (tables, text):
        source = pdfium.PdfDocument(str(part))
        whole.import_pages(source)
        source.close()
        part.unlink()
    whole.save(str(path))
    whole.close()
    return path

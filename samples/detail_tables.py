"""The tables keyed by 经济分类 code or by printed item: the economic table, 三公 and related information."""
from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest

from samples.cells import Cell, Fact, Key, Printer, Table, item_of, label_cells, nonzero
from samples.figures import CENT, ZERO, Figures
from samples.subjects import PERSONNEL_CODES, PUBLIC_CODES, THREE_PUBLIC_MEASURES, SyntheticDisclosure, subject_name


def general_budget_economic(spec: SyntheticDisclosure, f: Figures, p: Printer) -> Table:
    detail = spec.economic_detail
    measures = ("total", "basic") if detail else ("total",)

    def cells(code: str, label: str, amounts: tuple[Decimal, Decimal], key: Key) -> list[Cell]:
        total, basic = amounts
        values = (nonzero(total), nonzero(basic)) if detail else (nonzero(basic),)
        return [Cell(code), Cell(label), *p.amounts(key, measures, values)]

    personnel, public = ([cells(code, subject_name("economic", code, spec.fiscal_year), f.economic(code),
                                Key(economic_code=code)) for code in codes]
                         for codes in (PERSONNEL_CODES, PUBLIC_CODES))
    width = len(personnel[0])
    body = [tuple(left + right) for left, right in zip_longest(personnel, public, fillvalue=[Cell()] * width)]
    totals = []
    for label, classes in (("人员经费合计", ("301", "303")), ("公用经费合计", ("302", "310"))):
        total, basic = (sum(parts, ZERO) for parts in zip(*(f.economic(c) for c in classes)))
        values = (total, basic) if detail else (basic,)
        totals += [Cell(label, colspan=2), *p.amounts(Key(item=label), measures, values)]
    body.append(tuple(totals))
    columns = ("科目编码", "科目名称", "金额", "其中：基本支出")[:width]
    header = ((Cell("人员经费", colspan=width), Cell("公用经费", colspan=width)),
              tuple(label_cells(*columns, *columns)))
    widths = (36, 84, 68, 68) if detail else (44, 120, 90)
    title, note = (("一般公共预算财政拨款支出决算明细表", "注：本表反映部门本年度一般公共预算财政拨款支出明细情况。")
                   if detail else
                   ("一般公共预算财政拨款基本支出决算表", "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"))
    return Table("general_budget_economic", title, widths * 2, header, tuple(body), (note,))


def three_public_table(f: Figures, p: Printer) -> Table:
    group = [Cell("合计", rowspan=2, align="c"), Cell("因公出国（境）费", rowspan=2, align="c"),
             Cell("公务用车购置及运行维护费", colspan=3, align="c"), Cell("公务接待费", rowspan=2, align="c")]
    header = ((Cell("预算数", colspan=6, align="c"), Cell("决算数", colspan=6, align="c")),
              tuple(group + group),
              tuple(label_cells("小计", "公务用车购置费", "公务用车运行维护费") * 2),
              tuple(label_cells(*map(str, range(1, 13)))))
    row = [p.amount(Key(), f"{stage}_{m}", f.three_public[m][i])
           for i, stage in enumerate(("budget", "final")) for m in THREE_PUBLIC_MEASURES]
    return Table("three_public", "财政拨款“三公”经费支出决算表", (1,) * 12, header, (tuple(row),),
                 ("注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
                  "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",))


_VEHICLE_KINDS = ("副部（省）级及以上领导用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                  "特种专业技术用车", "离退休干部用车", "其他用车")


def related_info(f: Figures, p: Printer) -> Table:
    goods, works, services = f.procurement
    numbers = iter(range(1, 100))  # 行次 runs on through the sections

    def line(prefix: str, label: str, cell: Cell) -> tuple[Cell, ...]:
        return Cell(prefix + label), Cell(str(next(numbers)), align="c"), cell

    def money(prefix: str, label: str, value: Decimal | None) -> tuple[Cell, ...]:
        return line(prefix, label, p.amount(Key(item=item_of(label)), "value", value))

    def count(prefix: str, label: str, n: int | None) -> tuple[Cell, ...]:
        """Counts are numbers of things: never scaled by the unit."""
        fact = None if n is None else Fact("value", Decimal(n).quantize(CENT), item=item_of(label))
        return line(prefix, label, Cell("" if n is None else str(n), align="r", fact=fact))

    body = (
        (Cell("一、政府采购情况", colspan=3),), tuple(label_cells("项目", "行次", "采购金额")),
        money("", "合计", goods + works + services), money("", "货物", goods), money("", "工程", works),
        money("", "服务", nonzero(services)),
        (Cell("二、机关运行经费", colspan=3),), tuple(label_cells("项目", "行次", "统计数")),
        money("（一）", "行政单位", f.economic("302")[1] + f.economic("310")[1]),  # basic 公用经费
        money("（二）", "参照公务员法管理事业单位", None),
        (Cell("三、国有资产占用情况", colspan=3),),
        count("（一）", "车辆数合计（辆）", sum(f.vehicles.values())),
        *(count(f"{i}. ", kind, f.vehicles.get(kind) or None) for i, kind in enumerate(_VEHICLE_KINDS, start=1)),
        count("（二）", "单价100万元（含）以上设备（不含车辆）", 0),
    )
    return Table("related_info", "部门决算公开相关信息统计表", (300, 60, 155), (), body,
                 ("注：本表反映部门本年度政府采购及机关运行经费和国有资产占用情况。",))

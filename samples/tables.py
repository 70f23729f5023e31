"""The tables of a sample document as grids of printed cells, each amount cell carrying the fact it states."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from samples.cells import Cell, Key, Printer, Table, chinese_numeral, label_cells, nonzero, sum_of
from samples.detail_tables import general_budget_economic, related_info, three_public_table
from samples.figures import ZERO, Figures, Line, figures_for
from samples.subjects import SyntheticDisclosure, class_codes, subject_name

# --- two-half summary tables ------------------------------------------------------------------------------------

_Half = tuple[str, str, tuple[Decimal | None, ...]]  # one half-row: label as printed, its item, its amounts


def _plain(label: str, *values: Decimal | None) -> _Half:
    return label, label, values


def _numbered(labels: Sequence[str], values: Callable[[str], tuple[Decimal | None, ...]]) -> list[_Half]:
    return [(f"{chinese_numeral(i)}、{label}", label, values(label)) for i, label in enumerate(labels, start=1)]


def _beside(halves: list[_Half], classes: list[_Half]) -> list[_Half]:
    """Left-half lines padded with blank rows down to the last class line of the right half."""
    return halves + [_plain("", *(None,) * len(halves[0][2]))] * (len(classes) - len(halves))


def _two_halves(p: Printer, left: list[_Half], left_measures: Sequence[str],
                right: list[_Half], right_measures: Sequence[str]) -> tuple[tuple[Cell, ...], ...]:
    """Rows of a 收入 | 支出 table; 行次 runs down the left half, then down the right."""
    return tuple(
        (Cell(l_label), Cell(str(i), align="c"), *p.amounts(Key(item=l_item), left_measures, l_values),
         Cell(r_label), Cell(str(len(right) + i), align="c"),
         *p.amounts(Key(item=r_item), right_measures, r_values))
        for i, ((l_label, l_item, l_values), (r_label, r_item, r_values))
        in enumerate(zip(left, right, strict=True), start=1)
    )


def _class_lines(lines: Iterable[Line], spent: Callable[[Line], Decimal], width: int, year: int) -> list[_Half]:
    """The class lines of a summary table; the first `width` amount columns hold the class's spending."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[line.code[:3]] += spent(line)
    codes = {subject_name("function", code, year): code for code in class_codes(year)}
    return _numbered(list(codes), lambda name: (nonzero(totals[codes[name]]),) * width)


def _spent(line: Line) -> Decimal:
    return line.basic + line.project + line.other


def _fiscal_spent(line: Line) -> Decimal:
    return line.basic + line.project


def _income_expenditure_summary(f: Figures, p: Printer, year: int) -> Table:
    fiscal, other = sum_of(f.lines, lambda x: x.income), sum_of(f.lines, lambda x: x.other)
    spent = sum_of(f.lines, _spent)
    sources = {"一般公共预算财政拨款收入": fiscal, "其他收入": nonzero(other)}
    classes = _class_lines(f.lines, _spent, 1, year)
    left = _beside(_numbered(
        ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
         "事业收入", "经营收入", "附属单位上缴收入", "其他收入"), lambda label: (sources.get(label),)), classes)
    left += [_plain("本年收入合计", fiscal + other), _plain("使用非财政拨款结余", None),
             _plain("年初结转和结余", f.opening), _plain("", None), _plain("总计", fiscal + other + f.opening)]
    right = classes + [
        _plain("本年支出合计", spent), _plain("结余分配", None), _plain("年末结转和结余", f.closing),
        _plain("", None), _plain("总计", spent + f.closing)]
    header = ((Cell("收入", colspan=3), Cell("支出", colspan=3)),
              tuple(label_cells("项目", "行次", "决算数", "项目", "行次", "决算数")),
              (Cell("栏次"), Cell(), Cell("1", align="c"), Cell("栏次"), Cell(), Cell("2", align="c")))
    return Table("income_expenditure_summary", "收入支出决算总表", (150, 32, 75, 150, 32, 75), header,
                 _two_halves(p, left, ("income",), right, ("expenditure",)),
                 ("注：本表反映部门本年度的总收支和年末结转结余情况。",))


def _appropriation_summary(f: Figures, p: Printer, year: int) -> Table:
    fiscal, spent = sum_of(f.lines, lambda x: x.income), sum_of(f.lines, _fiscal_spent)
    funds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    heading = "年初财政拨款结转和结余"
    classes = _class_lines(f.lines, _fiscal_spent, 2, year)
    left = _beside(_numbered(funds, lambda fund: (fiscal if fund == funds[0] else None,)), classes)
    # The same fund names again under the carry-over heading: items `<heading>/<fund>` (the spec's rule).
    left += [_plain("本年收入合计", fiscal), _plain(heading, f.opening),
             *((f"（{chinese_numeral(i)}）{fund}", f"{heading}/{fund}", (f.opening if i == 1 else None,))
               for i, fund in enumerate(funds, start=1)),
             _plain("收入总计", fiscal + f.opening)]
    right = [(label, item, values + (None, None)) for label, item, values in classes] + [
        _plain("本年支出合计", spent, spent, None, None),
        _plain("年末财政拨款结转和结余", f.closing, f.closing, None, None),
        *[_plain("", None, None, None, None)] * 3,
        _plain("总计", spent + f.closing, spent + f.closing, None, None)]
    header = ((Cell("收入", colspan=3), Cell("支出", colspan=6)),
              tuple(label_cells("项目", "行次", "金额", "项目", "行次", "合计", *funds)),
              (Cell("栏次"), Cell(), Cell("1", align="c"), Cell("栏次"), Cell(),
               *label_cells("2", "3", "4", "5")))
    measures = ("expenditure_total", "expenditure_general_public_budget",
                "expenditure_government_fund", "expenditure_state_capital")
    return Table("appropriation_summary", "财政拨款收入支出决算总表", (118, 26, 62, 118, 26, 62, 56, 56, 56),
                 header, _two_halves(p, left, ("income",), right, measures),
                 ("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的"
                  "总收支和年末结转结余情况。",))


# --- function-code tables ---------------------------------------------------------------------------------------

_Head = str | tuple[str, tuple[str, ...]]  # a column heading, or a group heading over its columns


def _code_header(split: bool, heads: Sequence[_Head]) -> tuple[tuple[Cell, ...], ...]:
    depth = 3 if split else 2
    top = [Cell("项目", colspan=4 if split else 2, align="c")]
    second = ([Cell("功能分类科目编码", colspan=3, align="c"), Cell("科目名称", rowspan=2, align="c")]
              if split else label_cells("功能分类科目编码", "科目名称"))
    for head in heads:
        if isinstance(head, str):
            top.append(Cell(head, rowspan=depth, align="c"))
        else:
            top.append(Cell(head[0], colspan=len(head[1]), align="c"))
            second += [Cell(leaf, rowspan=depth - 1, align="c") for leaf in head[1]]
    rows = [tuple(top), tuple(second)] + ([tuple(label_cells("类", "款", "项"))] if split else [])
    n_amounts = sum(1 if isinstance(h, str) else len(h[1]) for h in heads)
    rows.append((Cell("栏次", colspan=4 if split else 2), *label_cells(*map(str, range(1, n_amounts + 1)))))
    return tuple(rows)


def _function_rows(lines: Sequence[Line], year: int) -> list[tuple[str, str, list[Line]]]:
    """(code, name, lines under it) for every 类, 款 and 项 row, in printed order."""
    rows = []
    for cls in sorted({line.code[:3] for line in lines}):
        rows.append((cls, subject_name("function", cls, year), [x for x in lines if x.code.startswith(cls)]))
        for sec in sorted({line.code[:5] for line in lines if line.code.startswith(cls)}):
            under = [x for x in lines if x.code.startswith(sec)]
            rows.append((sec, under[0].section, under))
            rows += [(x.code, x.name, [x]) for x in under]
    return rows


def _code_table(key: str, title: str, spec: SyntheticDisclosure, p: Printer, lines: Sequence[Line],
                heads: Sequence[_Head], measures: Sequence[str],
                values: Callable[[list[Line]], Sequence[Decimal | None]],
                name_width: float, amount_width: float, notes: tuple[str, ...]) -> Table:
    code_cols = 3 if spec.split_codes else 1
    body = [(Cell("合计", colspan=code_cols + 1), *p.amounts(Key(item="合计"), measures, values(list(lines))))]
    for code, name, under in _function_rows(lines, spec.fiscal_year):
        parts = (code[:3], code[3:5], code[5:7]) if spec.split_codes else (code,)
        body.append((*(Cell(part) for part in parts), Cell(name),
                     *p.amounts(Key(function_code=code), measures, values(under))))
    widths = ((22, 18, 18) if spec.split_codes else (52,)) + (name_width,) + (amount_width,) * len(measures)
    return Table(key, title, widths, _code_header(spec.split_codes, heads), tuple(body), notes)


def _income(spec: SyntheticDisclosure, f: Figures, p: Printer) -> Table:
    heads = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    measures = ("total", "fiscal_appropriation", "superior_subsidy", "business_income", "operating_income",
                "subsidiary_remittance", "other_income")

    def values(lines: list[Line]) -> list[Decimal | None]:
        fiscal, other = sum_of(lines, lambda x: x.income), sum_of(lines, lambda x: x.other)
        return [nonzero(fiscal + other), nonzero(fiscal), None, None, None, None, nonzero(other)]

    return _code_table("income", "收入决算表", spec, p, f.lines, heads, measures, values, 100, 52,
                       ("注：本表反映部门本年度取得的各项收入情况。",))


def _expenditure(spec: SyntheticDisclosure, f: Figures, p: Printer) -> Table:
    heads = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
    measures = ("total", "basic", "project", "remit_to_superior", "operating", "subsidy_to_subsidiary")

    def values(lines: list[Line]) -> list[Decimal | None]:
        basic, project = sum_of(lines, lambda x: x.basic), sum_of(lines, lambda x: x.project + x.other)
        return [nonzero(basic + project), nonzero(basic), nonzero(project), None, None, None]

    return _code_table("expenditure", "支出决算表", spec, p, f.lines, heads, measures, values, 105, 58,
                       ("注：本表反映部门本年度各项支出情况。",))


def _general_budget_expenditure(spec: SyntheticDisclosure, f: Figures, p: Printer) -> Table:
    def values(lines: list[Line]) -> list[Decimal | None]:
        basic, project = sum_of(lines, lambda x: x.basic), sum_of(lines, lambda x: x.project)
        return [nonzero(basic + project), nonzero(basic), nonzero(project)]

    return _code_table("general_budget_expenditure", "一般公共预算财政拨款支出决算表", spec, p, f.lines,
                       (("本年支出", ("小计", "基本支出", "项目支出")),), ("total", "basic", "project"), values,
                       200, 85, ("注：本表反映部门本年度一般公共预算财政拨款支出情况。",))


def _government_fund(spec: SyntheticDisclosure, p: Printer) -> Table:
    heads = ("年初结转和结余", "本年收入", ("本年支出", ("小计", "基本支出", "项目支出")), "年末结转和结余")
    measures = ("opening_balance", "income", "total", "basic", "project", "closing_balance")
    return _code_table("government_fund", "政府性基金预算财政拨款收入支出决算表", spec, p, (), heads, measures,
                       lambda _: [None] * 6, 120, 62,
                       ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。", "说明：本表无数据"))


def _state_capital(spec: SyntheticDisclosure, p: Printer) -> Table:
    return _code_table("state_capital", "国有资本经营预算财政拨款支出决算表", spec, p, (),
                       (("本年支出", ("合计", "基本支出", "项目支出")),), ("total", "basic", "project"),
                       lambda _: [None] * 3, 200, 85,
                       ("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "说明：本表无数据"))


def tables_for(spec: SyntheticDisclosure, f: Figures) -> list[Table]:
    p = Printer(spec.unit, spec.decimals)
    return [
        _income_expenditure_summary(f, p, spec.fiscal_year),
        _income(spec, f, p),
        _expenditure(spec, f, p),
        _appropriation_summary(f, p, spec.fiscal_year),
        _general_budget_expenditure(spec, f, p),
        general_budget_economic(spec, f, p),
        three_public_table(f, p),
        _government_fund(spec, p),
        _state_capital(spec, p),
        related_info(f, p),
    ]


def expected_facts(spec: SyntheticDisclosure) -> list[dict]:
    """The facts the document states, in the gold-file format (amounts in 元, as strings with 2 decimals)."""
    return [
        {"table": table.key, "function_code": cell.fact.function_code, "economic_code": cell.fact.economic_code,
         "item": cell.fact.item, "measure": cell.fact.measure, "amount": f"{cell.fact.amount:.2f}"}
        for table in tables_for(spec, figures_for(spec))
        for row in table.body
        for cell in row
        if cell.fact is not None
    ]

"""The accounting identities a table's figures obey, declared on its spec (`TableSpec.identities`).

Each is data: which of the table's measures, lines or rows add up, and which other table, summary line or
情况说明 phrase they must agree with. etl/checks runs them; adding a table's identities touches its spec only.
"""
from __future__ import annotations

from dataclasses import dataclass

# A figure as the 情况说明 states it: its number and its unit.
MONEY = r"([\d,]+(?:\.\d+)?)(万元|元)"


def stated(phrase: str) -> str:
    """A phrase of the 情况说明 followed by the one figure it states: 本年收入合计为 1,234.56 万元."""
    return phrase + r"(?:为|是)?" + MONEY


class _Names:
    """What an identity names: measures of its own table, and (table, measure) of other tables."""

    measures: tuple[str, ...] = ()
    others: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RowSum(_Names):
    """In each row, `total` = Σ `parts`; a part the row does not print may be printed as its own parts."""

    total: str
    parts: tuple[str, ...]

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class ClassSubtotals(_Names):
    """Per measure, the printed 人员经费合计 = Σ the 人员经费 类 rows, 公用经费合计 = Σ the other 类 rows."""

    personnel: str = "人员经费合计"
    public: str = "公用经费合计"
    personnel_classes: tuple[str, ...] = ("301", "303")  # 工资福利支出, 对个人和家庭的补助


@dataclass(frozen=True)
class ItemSum(_Names):
    """A line `total` = Σ the lines `lines` (or, without them, every line whose label ends in `lines_ending`)."""

    total: str
    lines: tuple[str, ...] = ()
    lines_ending: str = ""

    def lines_among(self, items: list[str]) -> tuple[str, ...]:
        return self.lines or tuple(i for i in items if i.endswith(self.lines_ending))


@dataclass(frozen=True)
class SummaryLines(_Names):
    """In a 决算, the line `total` of `measure` = Σ the measure's lines that are neither subtotals nor carry-overs."""

    measure: str
    total: str

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure,)


@dataclass(frozen=True)
class Balance(_Names):
    """The income grand total = the expenditure grand total (on the first of the lines each is printed on)."""

    income: str
    expenditure: str
    income_lines: tuple[str, ...] = ("总计", "收入总计", "合计")
    expenditure_lines: tuple[str, ...] = ("总计", "支出总计", "合计")

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.income, self.expenditure)


@dataclass(frozen=True)
class ClassLines(_Names):
    """Each 类 line of `measure` (labelled with the class's name) = that 类's row of `detail`."""

    measure: str
    detail: str
    detail_measure: str = "total"

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure,)

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        return ((self.detail, self.detail_measure),)


@dataclass(frozen=True)
class AgreesWith(_Names):
    """The table's `measure` on line `item` = `other`'s `other_measure` on line `other_item`, + this table's
    `beside` measures on the same line (figures the table counts in and the other prints apart)."""

    measure: str
    item: str
    other: str
    other_measure: str
    other_item: str
    beside: tuple[str, ...] = ()

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure, *self.beside)

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        return ((self.other, self.other_measure),)


@dataclass(frozen=True)
class ClassesSumTo(_Names):
    """Σ the table's 类 rows = `other`'s `other_measure` on line `other_item`; the rows' measure is the first
    of `measures` they print."""

    other: str
    other_measure: str
    other_item: str
    measures: tuple[str, ...]

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        return ((self.other, self.other_measure),)


@dataclass(frozen=True)
class Marginals(_Names):
    """A table crossing 功能分类 with 经济分类: Σ its rows' `measure` by function code (`by_function`), or by 政府经济分类
    and 经济分类 code, = `other`'s `other_measure` on the row of those codes; checked where the two tables' 合计 of
    those measures agree (else the cross-table counts in funds the other leaves out: 其他资金, 上年结转 …)."""

    by_function: bool
    measure: str
    other: str
    other_measure: str

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure,)

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        return ((self.other, self.other_measure),)


@dataclass(frozen=True)
class NarrativeFigure(_Names):
    """The figures the 情况说明 states in `pattern` (one MONEY per measure) = the table's `measures`, on the first
    of `lines` the table prints (no lines: its one row of measures)."""

    pattern: str
    measures: tuple[str, ...]
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class NarrativeParts(_Names):
    """"<phrase> T 万元，其中：<label> X 万元，…": each labelled part = its measure on the table's line `line`."""

    phrase: str
    parts: tuple[tuple[str, str], ...]  # (label as the 情况说明 writes it, measure)
    line: str = "合计"

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(measure for _, measure in self.parts)


@dataclass(frozen=True)
class NarrativeSubjects(_Names):
    """Subjects the 情况说明 names by their 类/款/项 path, with their figures = the table's `measure` of that code:
    a 类 where the sentence naming it is about `context`; in a 决算, each 项 with its stated 决算."""

    measure: str
    context: str

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.measure,)


TableIdentity = (RowSum | ClassSubtotals | ItemSum | SummaryLines | Balance | ClassLines | AgreesWith | ClassesSumTo
                 | Marginals | NarrativeFigure | NarrativeParts | NarrativeSubjects)

"""What a table spec is: how a table's title reads, what each column means, and which reader reads it.

A regional variant is usually one more title pattern or one more column rule in its spec (etl/specs/main_tables.py or fund_tables.py).
Titles are compared after `values.squeeze` and after the document's own prefixes
(year, department, table number) are stripped; column rules are searched, in order,
in the column's header path (the header cells above it, joined with "/").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.identities import TableIdentity
from etl.vocabulary import RowKey

# Column roles other than measures.
CODE = "code"  # a whole subject code in one column
CODE_PARTS = ("code:类", "code:款", "code:项")  # 类 | 款 | 项 printed in separate columns
NAME = "name"  # the subject name beside a code
LABEL = "label"  # the row label of an item-keyed table
SKIP = "skip"  # 行次, 栏次 and the like
UNIT = "unit"  # 预算单位, 单位名称, 部门代码: the budget unit a row or a block of rows belongs to
YEAR = "year"  # 年度: the year a row is about (only this document's year is read)
ROW_MEASURE = "row_measure"  # the amount column of a table whose rows name its measures
# a column of the 政府预算支出经济分类 printed beside the key's classification (its name, its code, or both; the
# code columns just before its name column belong to it too): its code keys the row too (government_economic_code)
SECOND = "second"
# the 部门经济分类 column of a table crossing 功能分类 with 经济分类 (支出总表 by function × economic): its code keys
# the row too (economic_code)
CROSS = "cross"


@dataclass(frozen=True)
class ColumnRule:
    pattern: re.Pattern
    role: str  # CODE, CODE_PARTS[i], NAME, LABEL, SKIP or "measure:<name>"
    beside: re.Pattern | None = None  # the rule holds only in a header where another column's path matches this


def rules(*entries: tuple[str, ...]) -> tuple[ColumnRule, ...]:
    """(pattern, role) or (pattern, role, beside) entries; a role that is not a key role names a measure."""
    return tuple(ColumnRule(re.compile(p), r if r in (CODE, NAME, LABEL, SKIP, UNIT, YEAR, ROW_MEASURE, SECOND, CROSS,
                                                      *CODE_PARTS)
                            else f"measure:{r}", re.compile(beside[0]) if beside else None)
                 for p, r, *beside in entries)


@dataclass(frozen=True)
class TableSpec:
    key: str
    titles: tuple[str, ...]  # full-match patterns of the bare title
    row_key: RowKey | None  # None: one row of measures
    columns: tuple[ColumnRule, ...]
    # measure prefixes chosen by the header path (e.g. 预算数/决算数 groups of the 三公 table)
    measure_prefixes: tuple[tuple[str, str], ...] = ()
    # item-table sections whose figures are counts, never scaled by the unit
    count_sections: tuple[str, ...] = ()
    # for a table that prints its measures as rows (a ROW_MEASURE column): row label → measure
    row_measures: tuple[ColumnRule, ...] = ()
    # the table this title means when its header has no subject-code column (Jiangsu's 收入预算总表 lists funding
    # sources; a 政府采购预算表 lists its purchases by category)
    uncoded: TableSpec | None = None
    reader: str = "grid"  # the etl.parse.READERS entry that reads this table
    # the accounting identities its figures obey (etl/checks runs them)
    identities: tuple[TableIdentity, ...] = ()
    title_res: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title_res", tuple(re.compile(t) for t in self.titles))

    def role_of(self, header_path: str, header: list[str]) -> str | None:
        """The role of the column under `header_path`, in a header whose column paths are `header`."""
        for rule in self.columns:
            if rule.pattern.search(header_path) and (
                    rule.beside is None or any(rule.beside.search(p) for p in header if p != header_path)):
                return rule.role
        return None

    def row_measure_of(self, label: str) -> str | None:
        role = _first_role(self.row_measures, label)
        return role.removeprefix("measure:") if role else None


def _first_role(rules_: tuple[ColumnRule, ...], text: str) -> str | None:
    return next((rule.role for rule in rules_ if rule.pattern.search(text)), None)

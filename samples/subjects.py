"""What a sample department is and spends on: its 功能分类 项 and the 经济分类 款 its money goes to.

Codes are chosen here; every name printed for a code is the shipped classification's (etl.classification:
reference.csv and the names the corpus prints), as it stood in the document's year.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from etl.classification import ShippedName, current_name, shipped_names


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


@cache
def _shipped(kind: str) -> dict[str, list[ShippedName]]:
    by_code: dict[str, list[ShippedName]] = defaultdict(list)
    for name in shipped_names(kind):
        by_code[name.code].append(name)
    return dict(by_code)


def subject_name(kind: str, code: str, year: int) -> str:
    """The shipped classification's name of a code as it stood in `year` (its current one if it was known
    only later); a code the classification lacks is a mistake here, so it raises KeyError."""
    names = _shipped(kind)[code]
    as_of = [n for n in names if (n.first_year or year) <= year]
    return current_name(as_of or names)


# 类 a department's 决算 has no line for: the social insurance funds' own spending (209), the reserve (227)
# and transfers between governments (230) are in governments' budgets, not in departments'.
_NOT_DEPARTMENTAL = frozenset({"209", "227", "230"})


def class_codes(year: int) -> tuple[str, ...]:
    """The 类 lines of the two summary tables, in code order: every 类 of the reference in force in `year`."""
    return tuple(sorted({n.code for names in _shipped("function").values() for n in names
                         if n.source == "reference" and len(n.code) == 3 and n.code not in _NOT_DEPARTMENTAL
                         and (n.first_year or year) <= year <= (n.last_year or year)}))


@dataclass(frozen=True)
class Subject:
    """A 项 and what its money is spent on."""

    code: str
    # "operation" (行政运行/事业运行: salaries and running costs), "project", or the 经济分类 款 that all of its
    # basic spending books to (养老保险缴费 → 30108 …).
    use: str


@dataclass(frozen=True)
class Section:
    """A 款 with the 项 every document prints and those only a long document adds."""

    code: str
    core: tuple[Subject, ...]
    extra: tuple[Subject, ...] = ()


# The department's own 款 under 201, chosen by a word in its name; the last entry matches every name.
MAIN_SECTIONS: tuple[tuple[str, Section], ...] = (
    ("统计", Section(
        "20105", (Subject("2010501", "operation"), Subject("2010502", "project"), Subject("2010507", "project")),
        (Subject("2010508", "project"), Subject("2010599", "project")))),
    ("财政", Section(
        "20106", (Subject("2010601", "operation"), Subject("2010602", "project"), Subject("2010607", "project")),
        (Subject("2010605", "project"), Subject("2010650", "operation")))),
    ("", Section(
        "20103", (Subject("2010301", "operation"), Subject("2010302", "project"), Subject("2010399", "project")),
        (Subject("2010350", "operation"),))),
)

COMMON_SECTIONS: tuple[Section, ...] = (
    Section("20805", (Subject("2080505", "30108"), Subject("2080506", "30109")),
            (Subject("2080501", "30302"), Subject("2080502", "30302"), Subject("2080599", "30199"))),
    Section("20808", (), (Subject("2080801", "30304"),)),
    Section("20899", (), (Subject("2089999", "30305"),)),
    Section("21011", (Subject("2101101", "30110"),),
            (Subject("2101102", "30110"), Subject("2101103", "30111"), Subject("2101199", "30199"))),
    Section("21099", (), (Subject("2109999", "project"),)),
    Section("21505", (), (Subject("2150516", "project"), Subject("2150517", "project"))),
    Section("22102", (Subject("2210201", "30113"),), (Subject("2210202", "30399"), Subject("2210203", "30399"))),
)

# 经济分类 rows of the 人员经费 and 公用经费 halves of the economic table, as printed (blank where unused).
PERSONNEL_CODES = ("301", "30101", "30102", "30103", "30106", "30107", "30108", "30109", "30110", "30111", "30112",
                   "30113", "30114", "30199", "303", "30301", "30302", "30304", "30305", "30307", "30309", "30399")
PUBLIC_CODES = ("302", "30201", "30202", "30203", "30205", "30206", "30207", "30209", "30211", "30212", "30213",
                "30214", "30215", "30216", "30217", "30226", "30227", "30228", "30229", "30231", "30239", "30299",
                "310", "31002", "31003", "31007", "31013")
THREE_PUBLIC_MEASURES = ("total", "outbound_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                         "reception")
# Where running costs go: 经济分类 款 → typical weight (jittered per document).
SALARY_WEIGHTS = {"30101": 30, "30102": 25, "30103": 5, "30107": 20, "30112": 2, "30199": 4, "30309": 1}
RUNNING_WEIGHTS = {"30201": 10, "30205": 2, "30206": 4, "30207": 3, "30211": 6, "30213": 4, "30217": 1,
                   "30228": 5, "30229": 5, "30231": 6, "30239": 12, "30299": 6, "31002": 3}
PROJECT_CODES = ("30201", "30202", "30211", "30214", "30215", "30216", "30226", "30227", "31002", "31007")


def department_subjects(spec: SyntheticDisclosure) -> list[tuple[Section, Subject]]:
    main = next(section for word, section in MAIN_SECTIONS if word in spec.department)
    pairs = [(section, subject)
             for section in (main, *COMMON_SECTIONS)
             for subject in section.core + (section.extra if spec.long_expenditure else ())]
    return sorted(pairs, key=lambda pair: pair[1].code)

"""A table's columns as its header names them: leaves with roles, grouped into slots, and their measures.

Each bottom-level header column ("leaf") gets a role from the spec: a code, a name/label, or a measure.
Leaves group into slots (key columns followed by their measures): one slot per row in most tables, two or
three in the 收入|支出 summaries (Jiangsu splits 支出 into a by-function and a by-purpose block), four in the
seed's economic-detail table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from etl.parse.header import GridRow, header_path, split_header
from etl.records import ExtractionError
from etl.specs import (
    CODE, CODE_PARTS, CROSS, LABEL, NAME, ROW_MEASURE, SECOND, SKIP, UNIT, YEAR, TableSpec,
)
from etl.tables import Grid
from etl.values import squeeze
from etl.vocabulary import CellCoverage, ReportKind, RowKey

KEY_ROLES = (CODE, *CODE_PARTS, NAME, LABEL, UNIT, YEAR)
_CURRENT_GROUP = re.compile(r"当年预算|编制预算")  # this year's own funds, beside …
_CARRYOVER_GROUP = re.compile(r"上年结转(结余|和结余)?")  # … the funds carried over from last year
_NUMBERING = re.compile(r"行次|栏次|序号")  # columns that number the rows
_CODE_HEADER = re.compile(r"编码|代码")
_CHANGE = re.compile(r"增减|变化|变动|比上年|同比|%")  # a change from last year, not an amount of this year's
# a source of funds: in a table that does not read it, the share of an amount paid from that source
_SOURCE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户|单位资金|事业收入|经营收入|附属单位|上级补助"
                     r"|其[他它]收入|上年结转|上年实/?户资金|事业基金|非财政拨款")


@dataclass(frozen=True)
class Leaf:
    path: str
    role: str | None
    x1: float
    x2: float
    skip: CellCoverage | None = None  # a column read for no measure: why its amounts are no facts, where known


def is_measure(role: str | None) -> bool:
    return role is not None and (role.startswith("measure:") or role == ROW_MEASURE)


def keys_rows(leaf: Leaf) -> bool:
    """A column of row keys: a number printed there is a code or a label, no amount. A code column the spec
    does not read (编码 in a table keyed by its labels) is one too."""
    return (leaf.role in KEY_ROLES or leaf.role in (SECOND, CROSS)
            or (leaf.role is None and bool(_CODE_HEADER.search(leaf.path))))


@dataclass
class Columns:
    """The header of one table, kept across its pages; `spec` may turn out to be another (see TableSpec.uncoded)."""

    spec: TableSpec
    report_kind: str
    fiscal_year: int | None = None
    leaves: list[Leaf] = field(default_factory=list)
    slots: list[list[int]] = field(default_factory=list)
    _words: set[str] = field(default_factory=set)  # every header word: a page that repeats the header prints these
    _cut: list[GridRow] = field(default_factory=list)  # header rows above a page break

    def body_of(self, grid: Grid) -> list[GridRow]:
        """The grid's body rows, after reading its header if it prints one."""
        header, body = split_header(grid)
        if header and self.leaves and not self.repeats(header):
            # words, but not (all) the header again: the rows of a continued table, under its repeated header if any
            repeated = max(n for n in range(len(header)) if self.repeats(header[:n]))
            header, body = (header[:repeated], header[repeated:] + body) if repeated else ([], list(grid.rows))
        if header and not body and not self.leaves:
            self._cut += header  # a page break inside the header: the rest of it opens the next grid
            return []
        if header:
            self.read_header(self._cut + header)
            self._cut = []
        if not self.leaves:
            raise ExtractionError(f"p{grid.page}: {self.spec.key} has no header row")
        return body

    def read_header(self, header: list[GridRow]) -> None:
        # The header row with the most cells is the finest partition: its cells are the columns.
        finest = max(reversed(header), key=len)
        paths = [header_path(header, cell) for cell in finest]
        roles = self._roles(paths, self.spec)
        if self.spec.uncoded and not any(role in (CODE, *CODE_PARTS) for role in roles):
            # the same title over rows that are not subjects: the other table, if it reads every column
            uncoded = self._roles(paths, self.spec.uncoded)
            measures = [role for role in uncoded if is_measure(role)]
            # every headed column (a blank margin column has no heading) must be one of the other table's
            if all(role for role, path in zip(uncoded, paths) if path) and len(measures) == len(set(measures)):
                self.spec, roles = self.spec.uncoded, uncoded
        leaves = [Leaf(path, role, cell.x1, cell.x2, self._skipped(path, role))
                  for path, role, cell in zip(paths, roles, finest)]
        if any(leaf.role == ROW_MEASURE for leaf in leaves):
            # the rows name the measures; the other amount columns are other funding sources' shares
            leaves = [replace(leaf, role=None, skip=CellCoverage.NOT_A_MEASURE)
                      if is_measure(leaf.role) and leaf.role != ROW_MEASURE else leaf for leaf in leaves]
        self.leaves = _group_parts(_second_classification(leaves))
        self._words = {squeeze(c.text) for row in header for c in row}
        self.slots = _slots([leaf.role for leaf in self.leaves])
        for slot in self.slots:
            measures = [self.measure(self.leaves[i]) for i in slot
                        if is_measure(self.leaves[i].role) and self.leaves[i].role != ROW_MEASURE]
            if len(measures) != len(set(measures)):
                raise ExtractionError(f"{self.spec.key}: two columns read as the same measure ({measures})")

    def repeats(self, rows: list[GridRow]) -> bool:
        """Rows that print only words of the header: the header again, over a continued table."""
        return all(squeeze(c.text) in self._words for row in rows for c in row if squeeze(c.text))

    def _skipped(self, path: str, role: str | None) -> CellCoverage | None:
        """Why a column read for no measure has no facts: the spec skips it, or its header says what it is
        (a number, another year, a change, another source of funds). A column the spec simply does not know has no
        reason: its amounts stay unexplained."""
        if role not in (SKIP, None):
            return None
        if _NUMBERING.search(path):
            return CellCoverage.COLUMN_NUMBER
        if self._other_year(path):
            return CellCoverage.OTHER_YEAR
        if role == SKIP or _CHANGE.search(path) or _SOURCE.search(path):
            return CellCoverage.NOT_A_MEASURE
        if _group(self._unprefixed(path).split("/")) is not None and self.spec.row_key is RowKey.ITEM:
            return CellCoverage.NOT_A_MEASURE  # a summary half's 当年预算 | 上年结转 split of an amount read whole
        return None

    def measure(self, leaf: Leaf, row_measure: str | None = None, row_prefix: str | None = None) -> str:
        """The measure a column's amounts are of; in a table printing its measures as rows, the row's."""
        name = row_measure if leaf.role == ROW_MEASURE else leaf.role.removeprefix("measure:")
        if self.spec.measure_prefixes:
            parts = leaf.path.split("/")
            prefix = row_prefix or next(
                (p for pattern, p in self.spec.measure_prefixes if any(re.fullmatch(pattern, x) for x in parts)),
                "final_" if self.report_kind == ReportKind.FINAL else "budget_")
            return prefix + name
        return name

    def _roles(self, paths: list[str], spec: TableSpec) -> list[str | None]:
        bare = [self._unprefixed(path) for path in paths]
        roles = [self._role(path, spec, bare) for path in paths]
        for i in range(1, len(roles)):
            if not paths[i] and roles[i - 1] == LABEL:
                roles[i] = LABEL  # a label printed over two columns (group | line) under one heading
        return roles

    def _role(self, path: str, spec: TableSpec, header: list[str]) -> str | None:
        """The spec's role for a column, read apart from a 当年预算 / 上年结转 group above it: the contract names
        their 小计 current_year_total and carryover, and their parts like the total's (carryover_… for the
        carry-over), as it does for the 收入 table. In a summary half the two groups only split the amount."""
        if not path or self._other_year(path):
            return None
        parts = self._unprefixed(path).split("/")
        group = _group(parts)
        if group is not None and spec.row_key is RowKey.ITEM:
            return None
        named = spec.role_of("/".join(parts), header)
        if group is None or group == len(parts) - 1:
            return named
        carryover = bool(_CARRYOVER_GROUP.fullmatch(parts[group]))
        rest = "/".join(parts[group + 1:])
        if re.fullmatch(r"小计|合计", rest):
            return "measure:carryover" if carryover else "measure:current_year_total"
        if carryover and named and named.startswith("measure:carryover"):
            return named  # the spec names this carry-over column itself
        role = spec.role_of(rest, header)
        return "measure:carryover_" + role.removeprefix("measure:") if carryover and is_measure(role) else role

    def _other_year(self, path: str) -> bool:
        """A column of another year (2025年预算数 beside 2026年预算数 in a 2026 budget) is not this document's."""
        return self.fiscal_year is not None and any(
            int(year) != self.fiscal_year for year in re.findall(r"(?:^|/)((?:19|20)\d{2})年", path))

    def _unprefixed(self, path: str) -> str:
        """The path without its 预算数/决算数 group, which chooses a measure prefix, not a measure."""
        if not self.spec.measure_prefixes:
            return path
        return "/".join(p for p in path.split("/") if not any(re.fullmatch(pattern, p)
                                                              for pattern, _ in self.spec.measure_prefixes))


def _group(parts: list[str]) -> int | None:
    """Where a header path names a 当年预算 or 上年结转 group."""
    return next((i for i, part in enumerate(parts) if _CURRENT_GROUP.fullmatch(part) or
                 _CARRYOVER_GROUP.fullmatch(part)), None)


def _second_classification(leaves: list[Leaf]) -> list[Leaf]:
    """The code columns just before a second classification's name column are its codes, not the key; unless
    they are the only code columns (the second classification prints code and name in one cell: 50101-工资…)."""
    roles = [leaf.role for leaf in leaves]
    for i, role in enumerate(roles):
        if role == SECOND:
            j = i - 1
            while j >= 0 and roles[j] in (CODE, *CODE_PARTS):
                j -= 1
            if any(r in (CODE, *CODE_PARTS) for r in roles[:j + 1]):
                roles[j + 1:i] = [SECOND] * (i - j - 1)
    return [replace(leaf, role=role) for leaf, role in zip(leaves, roles)]


def _group_parts(leaves: list[Leaf]) -> list[Leaf]:
    """A group printed as 小计 and parts, one part under the group's own name (因公出国(境)费: 小计 |
    因公出国(境)费 | 科研…): the 小计 is the group's measure, the part of the same name is not."""
    totals = {leaf.path.rsplit("/", 1)[0] for leaf in leaves if re.search(r"/(小计|合计)$", leaf.path)}
    return [replace(leaf, role=None, skip=CellCoverage.NOT_A_MEASURE) if leaf.path in totals else leaf
            for leaf in leaves]


def _slots(roles: list[str | None]) -> list[list[int]]:
    """Group leaves into slots: key columns, then the measures that belong to them."""
    slots: list[list[int]] = [[]]
    seen_measure = False
    for i, role in enumerate(roles):
        if role in KEY_ROLES and seen_measure:
            slots.append([])
            seen_measure = False
        slots[-1].append(i)
        seen_measure = seen_measure or is_measure(role)
    return slots

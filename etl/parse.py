"""The one generic parser: a table's grids + its spec → facts.

A table is read as a header (rows of column titles) over body rows. Each bottom-level
header column ("leaf") gets a role from the spec: a code, a name/label, or a measure.
Leaves group into slots (key columns followed by their measures): one slot per row in
most tables, two in the 收入|支出 summaries, four in the seed's economic-detail table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from etl.records import ExtractionError, Fact, SubjectName
from etl.specs import CODE, CODE_PARTS, LABEL, NAME, ORG, SECOND, SKIP, TableSpec
from etl.tables import Cell, Grid
from etl.values import AmountError, find_unit, normalise_code, normalise_label, parse_amount, squeeze, to_yuan

KEY_ROLES = (CODE, *CODE_PARTS, NAME, LABEL, ORG)
TOTAL_LABELS = re.compile(r"^(合计|总计|本年支出合计|本年收入合计)$")
TOTALS_LINE = re.compile(r"(合计|总计|小计)$")  # 本年收入合计, 人员经费合计 …; not 审计事务 or 苏州市审计局
CARRYOVER_HEADING = re.compile(r"^(年初|年末|上年).*(结转|结余)")
_CURRENT_GROUP = re.compile(r"当年预算|编制预算")  # this year's own funds, beside …
_CARRYOVER_GROUP = re.compile(r"上年结转(结余|和结余)?")  # … the funds carried over from last year
_COLUMN_NUMBER = re.compile(r"^\d{1,2}(?:\.0+)?$")


@dataclass(frozen=True)
class Leaf:
    path: str
    role: str | None
    x1: float
    x2: float


@dataclass
class TableReader:
    """Reads one table's grids in order, keeping the header and row context across pages."""

    spec: TableSpec
    unit: str
    report_kind: str
    fiscal_year: int
    leaves: list[Leaf] = field(default_factory=list)
    facts: dict[tuple, Fact] = field(default_factory=dict)
    subjects: dict[tuple, SubjectName] = field(default_factory=dict)
    _slots: list[list[int]] = field(default_factory=list)
    _headings: dict[int, str] = field(default_factory=dict)  # slot → carry-over heading
    _counting: bool = False
    _parents: dict[int, str] = field(default_factory=dict)  # code length → last code seen
    _header_words: set[str] = field(default_factory=set)
    _row_names: dict[str, str] = field(default_factory=dict)  # code → the name printed beside it
    _ambiguous_codes: set[str] = field(default_factory=set)  # codes printed on several rows
    unkeyed: list[str] = field(default_factory=list)  # rows with amounts but no code: reported, not loaded

    def read(self, grid: Grid) -> None:
        header, body = _split_header(grid)
        if header and self.leaves:
            repeated = self._repeated_header(header)
            if len(repeated) < len(header):  # words, but not (only) the header again: rows of a continued table
                first = header[len(repeated)]
                body = list(grid.rows[next(i for i, row in enumerate(grid.rows) if row is first):])
                header = repeated
        if header:
            self._set_header(header)
        if not self.leaves:
            raise ExtractionError(f"p{grid.page}: {self.spec.key} has no header row")
        full_rows = [row for row in body if len(row) == len(self.leaves)]
        for row in body:
            if len(row) == len(self.leaves):
                placed = {i: c.text for i, c in enumerate(row)}
            else:
                placed = _place(row, _reference(row, full_rows, self.leaves))
            self._read_row(placed, grid.page)

    # --- header -----------------------------------------------------------------
    def _set_header(self, header: list[tuple[Cell, ...]]) -> None:
        # The header row with the most cells is the finest partition: its cells are the columns.
        finest = max(reversed(header), key=len)
        leaves = []
        for cell in finest:
            parts: list[str] = []
            last_row = -2
            for r, row in enumerate(header):
                above = next((c for c in row if c.first_col <= cell.first_col <= c.last_col), None)
                text = squeeze(above.text) if above else ""
                if text and above.top_open and last_row == r - 1:
                    parts[-1] += text  # one header cell whose words camelot cut into two rows
                elif text and (not parts or parts[-1] != text):
                    parts.append(text)
                last_row = r if text else last_row
            path = "/".join(parts)
            leaves.append(Leaf(path, self._role(path), cell.x1, cell.x2))
        self.leaves = _group_parts(_second_classification(leaves))
        self._header_words = {squeeze(c.text) for row in header for c in row}
        self._slots = _slots([leaf.role for leaf in self.leaves])
        for slot in self._slots:
            measures = [self._measure(self.leaves[i]) for i in slot if _is_measure(self.leaves[i].role)]
            if len(measures) != len(set(measures)):
                raise ExtractionError(f"{self.spec.key}: two columns read as the same measure ({measures})")

    def _repeated_header(self, rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
        """The leading rows that print the header again on a continued page."""
        repeated = []
        for row in rows:
            if not all(squeeze(c.text) in self._header_words for c in row if squeeze(c.text)):
                break
            repeated.append(row)
        return repeated

    def _role(self, path: str) -> str | None:
        """The spec's role for a column, read apart from a 当年预算 / 上年结转 group above it: the contract names
        their 小计 current_year_total and carryover, and their parts like the total's (carryover_… for the
        carry-over), as it does for the 收入 table. In a summary half the two groups only split the amount."""
        if not path or self._other_year(path):
            return None
        parts = self._unprefixed(path).split("/")
        group = next((i for i, part in enumerate(parts) if _CURRENT_GROUP.fullmatch(part) or
                      _CARRYOVER_GROUP.fullmatch(part)), None)
        if group is not None and self.spec.row_key == "item":
            return None
        named = self.spec.role_of("/".join(parts))
        if group is None or group == len(parts) - 1:
            return named
        carryover = bool(_CARRYOVER_GROUP.fullmatch(parts[group]))
        rest = "/".join(parts[group + 1:])
        if re.fullmatch(r"小计|合计", rest):
            return "measure:carryover" if carryover else "measure:current_year_total"
        if carryover and named and named.startswith("measure:carryover"):
            return named  # the spec names this carry-over column itself
        role = self.spec.role_of(rest)
        return "measure:carryover_" + role.removeprefix("measure:") if carryover and _is_measure(role) else role

    def _other_year(self, path: str) -> bool:
        """A column of another year (2025年预算数 beside 2026年预算数 in a 2026 budget) is not this document's."""
        return any(int(year) != self.fiscal_year for year in re.findall(r"(?:^|/)((?:19|20)\d{2})年", path))

    def _unprefixed(self, path: str) -> str:
        """The path without its 预算数/决算数 group, which chooses a measure prefix, not a measure."""
        if not self.spec.measure_prefixes:
            return path
        return "/".join(p for p in path.split("/") if not any(re.fullmatch(pattern, p)
                                                              for pattern, _ in self.spec.measure_prefixes))

    def _measure(self, leaf: Leaf) -> str:
        name = leaf.role.removeprefix("measure:")
        if self.spec.measure_prefixes:
            parts = leaf.path.split("/")
            prefix = next((p for pattern, p in self.spec.measure_prefixes if any(re.fullmatch(pattern, x) for x in parts)),
                          "final_" if self.report_kind == "final" else "budget_")
            return prefix + name
        return name

    # --- rows -------------------------------------------------------------------
    def _read_row(self, placed: dict[int, str], page: int) -> None:
        pending_key = None
        for slot_index, slot in enumerate(self._slots):
            key = self._slot_key(slot_index, slot, placed)
            if key == "header":
                continue
            amounts = self._amounts(slot, placed, page)
            if key is None and amounts and self.spec.row_key is not None:
                key = pending_key  # a label printed across several slots (公用经费合计 …)
            if key is not None and not amounts:
                pending_key = key
            if amounts:
                if key is None and self.spec.row_key is not None:
                    self.unkeyed.append(self._row_label(slot, placed) or f"p{page}")
                    continue
                if self._ambiguous(key, self._row_name(slot, placed), page):
                    continue
                for measure, value in amounts.items():
                    self._add(Fact(self.spec.key, measure, value, page, **(key or {})))

    def _ambiguous(self, key: dict, name: str, page: int) -> bool:
        """A code printed on several rows is no one amount: beside a second classification (301 under 501 and
        under 505), or under two names (30208 取暖费 and 30208 物业管理费, a misprint). All its rows are reported
        instead of loaded. The same code and name again is left to _add (a continued page printing it twice)."""
        code = key.get("function_code") or key.get("economic_code")
        if code is None:
            return False
        report = f"p{page} {code} (printed on several rows)"
        if code in self._ambiguous_codes:
            self.unkeyed.append(report)
            return True
        if code not in self._row_names:
            self._row_names[code] = name
            return False
        if self._row_names[code] == name and not any(leaf.role == SECOND for leaf in self.leaves):
            return False
        self._ambiguous_codes.add(code)
        self.facts = {k: f for k, f in self.facts.items() if code not in k[1:3]}
        self.subjects = {k: n for k, n in self.subjects.items() if k[1] != code}
        self.unkeyed += [report, report]  # this row and the one read before it
        return True

    def _row_name(self, slot: list[int], placed: dict[int, str]) -> str:
        return next((squeeze(placed.get(i)) for i in slot if self.leaves[i].role == NAME), "")

    def _row_label(self, slot: list[int], placed: dict[int, str]) -> str:
        return next((squeeze(placed.get(i)) for i in slot if self.leaves[i].role in KEY_ROLES and
                     squeeze(placed.get(i))), "")

    def _slot_key(self, slot_index: int, slot: list[int], placed: dict[int, str]) -> dict | str | None:
        roles = {self.leaves[i].role: squeeze(placed.get(i, "")) for i in slot if self.leaves[i].role in KEY_ROLES}
        if self.spec.row_key is None:
            return {}
        if self.spec.row_key == "item":
            text = roles.get(LABEL) or roles.get(NAME) or ""
            if not text:
                return None
            if text in ("项目", "栏次"):
                return "header"
            label = normalise_label(text)
            if self.spec.count_sections:
                if not any(v for i, v in placed.items() if _is_measure(self.leaves[i].role) and squeeze(v)):
                    self._counting = any(s in label for s in self.spec.count_sections) or (
                        self._counting and not re.match(r"^[一二三四五六七八九十]+、", text))
            if CARRYOVER_HEADING.match(label) and not TOTAL_LABELS.match(label):
                self._headings[slot_index] = label
                return {"item": label}
            if TOTALS_LINE.search(label):  # a totals line ends any carry-over block
                self._headings.pop(slot_index, None)
                return {"item": label}
            heading = self._headings.get(slot_index)
            return {"item": f"{heading}/{label}" if heading else label}
        code = self._code(roles)
        kind = "function" if self.spec.row_key == "function_code" else "economic"
        if code and kind == "economic" and len(code) > 5:
            return None  # a region's own sub-item below an economic 款 (3010201): no subject of the contract
        if code:
            name = roles.get(NAME, "")
            if name and not normalise_code(name):
                self.subjects[(kind, code)] = SubjectName(kind, code, normalise_label(name))
            return {self.spec.row_key: code}
        # a row without a subject code: a totals line, or a unit's row of a table listed by unit (reported, not keyed)
        label = normalise_label(roles.get(NAME) or roles.get(CODE) or roles.get(CODE_PARTS[0]) or roles.get(ORG) or "")
        label = label.rstrip(":")  # 总计：
        if TOTALS_LINE.search(label):
            return {"item": "合计" if label in ("合计", "总计") else label}  # the contract's name of a totals row
        return None

    def _code(self, roles: dict[str, str]) -> str | None:
        if any(part in roles for part in CODE_PARTS):
            parts = [roles.get(p, "") for p in CODE_PARTS]
            if not any(parts) or not all(re.fullmatch(r"\d*", p) for p in parts):
                return None
            code = parts[0] or self._parents.get(3, "")
            if parts[1]:
                code = (code if len(code) == 3 else self._parents.get(3, "")) + parts[1]
            if parts[2]:
                code = (code if len(code) == 5 else self._parents.get(5, "")) + parts[2]
            code = code if normalise_code(code) else None
        else:
            code = normalise_code(roles.get(CODE))
        if code:
            self._parents[len(code)] = code
        return code

    def _amounts(self, slot: list[int], placed: dict[int, str], page: int) -> dict[str, Decimal]:
        amounts = {}
        for i in slot:
            leaf = self.leaves[i]
            if not _is_measure(leaf.role):
                continue
            try:
                value = parse_amount(placed.get(i))
            except AmountError as err:
                raise ExtractionError(f"p{page}: {self.spec.key} column {leaf.path!r}: {err}") from None
            if value is not None:
                amounts[self._measure(leaf)] = value.quantize(Decimal("0.01")) if self._counting else to_yuan(value, self.unit)
        return amounts

    def _add(self, fact: Fact) -> None:
        seen = self.facts.get(fact.key)
        if seen is not None and seen.amount != fact.amount:
            raise ExtractionError(f"p{fact.page}: {fact.key} printed twice with different amounts")
        self.facts.setdefault(fact.key, fact)


def _is_measure(role: str | None) -> bool:
    return role is not None and role.startswith("measure:")


def _second_classification(leaves: list[Leaf]) -> list[Leaf]:
    """The code columns just before a second classification's name column are its codes, not the key."""
    roles = [leaf.role for leaf in leaves]
    for i, role in enumerate(roles):
        if role == SECOND:
            j = i - 1
            while j >= 0 and roles[j] in (CODE, *CODE_PARTS):
                roles[j] = SECOND
                j -= 1
    return [Leaf(leaf.path, role, leaf.x1, leaf.x2) for leaf, role in zip(leaves, roles)]


def _group_parts(leaves: list[Leaf]) -> list[Leaf]:
    """A group printed as 小计 and parts, one part under the group's own name (因公出国(境)费: 小计 |
    因公出国(境)费 | 科研…): the 小计 is the group's measure, the part of the same name is not."""
    totals = {leaf.path.rsplit("/", 1)[0] for leaf in leaves if re.search(r"/(小计|合计)$", leaf.path)}
    return [Leaf(leaf.path, None, leaf.x1, leaf.x2) if leaf.path in totals else leaf for leaf in leaves]


def _slots(roles: list[str | None]) -> list[list[int]]:
    """Group leaves into slots: key columns, then the measures that belong to them."""
    slots: list[list[int]] = [[]]
    seen_measure = False
    for i, role in enumerate(roles):
        if role in KEY_ROLES and seen_measure:
            slots.append([])
            seen_measure = False
        slots[-1].append(i)
        seen_measure = seen_measure or _is_measure(role)
    return slots


def _reference(row: tuple[Cell, ...], full_rows: list[tuple[Cell, ...]], leaves: list[Leaf]) -> list[tuple[float, float]]:
    """Column edges for a row with merged cells: the complete row whose ruling lines it shares most."""
    candidates = [[(c.x1, c.x2) for c in full] for full in full_rows] + [[(leaf.x1, leaf.x2) for leaf in leaves]]

    def distance(edges: list[tuple[float, float]]) -> float:
        lines = [x1 for x1, _ in edges] + [edges[-1][1]]
        return sum(min(abs(cell.x1 - x) for x in lines) for cell in row)

    return min(candidates, key=distance)


def _place(row: tuple[Cell, ...], reference: list[tuple[float, float]]) -> dict[int, str]:
    """Put each printed text of a row with merged cells under the column where it is printed."""
    placed: dict[int, str] = {}
    for cell in row:
        if cell.text_x is None or not squeeze(cell.text):
            continue
        inside = [i for i, (x1, x2) in enumerate(reference) if x1 <= cell.text_x <= x2]
        best = inside[0] if inside else min(range(len(reference)), key=lambda i: min(
            abs(reference[i][0] - cell.text_x), abs(reference[i][1] - cell.text_x)))
        placed[best] = placed.get(best, "") + cell.text
    return placed


def _split_header(grid: Grid) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """Header rows come first, end at the 栏次 row or at the first row that carries data."""
    header: list[tuple[Cell, ...]] = []
    for index, row in enumerate(grid.rows):
        texts = [squeeze(c.text) for c in row]
        if len(row) == 1 or not any(texts) or find_unit("".join(texts)):
            continue  # an empty row, a section line such as 一、政府采购情况, or a ruled caption's 单位 line
        if _is_column_number_row(texts):
            return header, list(grid.rows[index + 1:])
        if _is_data_row(texts):
            return header, list(grid.rows[index:])
        header.append(row)
    return header, []


def _is_column_number_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    if values[0] in ("**", "*", "行次", "序号"):
        values = values[1:]
    if not all(_COLUMN_NUMBER.match(v) for v in values) or len(values) < 2:
        return False
    numbers = [int(float(v)) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] == 1


def _is_data_row(texts: list[str]) -> bool:
    """Header cells are words; a row with a number, a code, 一、-style label or 合计 carries data."""
    first = next((t for t in texts if t), "")
    return (
        any(_is_amount(t) for t in texts)
        or bool(normalise_code(texts[0] if texts else None))
        or bool(re.match(r"^[一二三四五六七八九十]+、", first))
        or (bool(TOTAL_LABELS.match(texts[0] if texts else "")) and not any(texts[1:]))  # an empty table's 合计
    )


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False

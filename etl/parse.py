"""The one generic parser: a table's grids + its spec → facts.

A table is read as a header (rows of column titles) over body rows. Each bottom-level
header column ("leaf") gets a role from the spec: a code, a name/label, or a measure.
Leaves group into slots (key columns followed by their measures): one slot per row in
most tables, two or three in the 收入|支出 summaries (Jiangsu splits 支出 into a by-function and a
by-purpose block), four in the seed's economic-detail table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from etl.classification import SubjectPath, classification
from etl.records import ExtractionError, Fact, SubjectName
from etl.specs import (
    CODE, CODE_PARTS, LABEL, NAME, ROW_MEASURE, SECOND, SKIP, SPEC_BY_KEY, UNIT, YEAR, TableSpec,
    looks_like_table_title,
)
from etl.tables import Cell, Grid
from etl.values import (
    AmountError, find_unit, is_unit_code, normalise_code, normalise_label, parse_amount, split_code_name, squeeze,
    to_yuan,
)

KEY_ROLES = (CODE, *CODE_PARTS, NAME, LABEL, UNIT, YEAR)
TOTAL_LABELS = re.compile(r"^(合计|总计|本年支出合计|本年收入合计)$")
CARRYOVER_HEADING = re.compile(r"^(年初|年末|上年).*(结转|结余)")
_TOTALS_LINE = re.compile(r"(合计|总计|小计)[:：]?$")  # 本年收入合计, 人员经费合计, 总计：…; not 审计局
_CURRENT_GROUP = re.compile(r"当年预算|编制预算")  # this year's own funds, beside …
_CARRYOVER_GROUP = re.compile(r"上年结转(结余|和结余)?")  # … the funds carried over from last year
_COLUMN_NUMBER = re.compile(r"^\d{1,2}(?:\.0+)?$")
_NUMBERING_MARKS = ("**", "*", "行次", "序号")


@dataclass(frozen=True)
class Leaf:
    path: str
    role: str | None
    x1: float
    x2: float


@dataclass(frozen=True)
class _Row:
    """A body row with its printed texts under their columns."""

    placed: dict[int, str]  # leaf → text
    indents: dict[int, float]  # leaf → where its text starts, from the column's left edge
    page: int
    runs_on: frozenset[int]  # leaves whose text fills the cell to its right edge (it may wrap below)


@dataclass
class TableReader:
    """Reads one table's grids in order, keeping the header and row context across pages."""

    spec: TableSpec
    unit: str
    report_kind: str
    fiscal_year: int | None = None  # of several codes a name has had, the one printed nearest this year
    by_name: bool = True  # rows that print a subject name without its code get the code from the classification
    leaves: list[Leaf] = field(default_factory=list)
    facts: dict[tuple, Fact] = field(default_factory=dict)
    subjects: dict[tuple, SubjectName] = field(default_factory=dict)
    _slots: list[list[int]] = field(default_factory=list)
    _headings: dict[int, str] = field(default_factory=dict)  # slot → carry-over heading
    _counting: bool = False
    _keyless_lines: int = 0  # lines with amounts in a table that has no key columns
    _path: SubjectPath = field(init=False)  # where the rows stand in the subject classification
    _header_words: set[str] = field(default_factory=set)
    _unit: str | None = None  # the 预算单位 whose block of rows is being read
    _held: dict[str, list[Fact]] = field(default_factory=dict)  # facts read under each 预算单位, until finish()
    _cut_header: list[tuple[Cell, ...]] = field(default_factory=list)  # header rows above a page break
    _outlines: dict[int, list[str]] = field(default_factory=dict)  # slot → labels of the last row, by column
    _row_names: dict[str, str] = field(default_factory=dict)  # code → the name printed beside it
    _ambiguous_codes: set[str] = field(default_factory=set)  # codes printed on several rows
    _ambiguous_items: set[str] = field(default_factory=set)  # item labels printed on several rows
    unkeyed: list[str] = field(default_factory=list)  # rows with amounts but no code: reported, not loaded
    repaired: list[str] = field(default_factory=list)  # misprinted codes restored from the name: findings

    def __post_init__(self) -> None:
        kind = "economic" if self.spec.row_key == "economic_code" else "function"
        self._path = SubjectPath(classification(kind), self.fiscal_year)

    def read(self, grids: list[Grid]) -> None:
        """The grids of one table, in order: a table printed over several pages is one table."""
        held: _Row | None = None  # the last row so far, until the next page shows whether the break cut it
        for grid in grids:
            columns = (self.leaves, self._slots)
            rows = self._rows(grid)
            if held is not None and (self.leaves, self._slots) != columns:
                # the page prints its own header, with other columns: the row held is read against its own
                new, (self.leaves, self._slots) = (self.leaves, self._slots), columns
                self._read_row(held.placed, held.indents, held.page)
                (self.leaves, self._slots), held = new, None
            if held is not None and rows and self._cut_by_page_break(held, rows[0]):
                first = rows.pop(0)
                held = _Row({i: held.placed.get(i, "") + first.placed.get(i, "") for i in held.placed | first.placed},
                            held.indents, held.page, first.runs_on)
            pending = ([held] if held else []) + rows
            for row in pending[:-1]:
                self._read_row(row.placed, row.indents, row.page)
            held = pending[-1] if pending else None
        if held is not None:
            self._read_row(held.placed, held.indents, held.page)
        self._finish()

    def _rows(self, grid: Grid) -> list[_Row]:
        header, body = _split_header(grid)
        if header and self.leaves and not self._repeats_header(header):
            # words, but not (all) the header again: the rows of a continued table, under its repeated header if any
            repeated = max(n for n in range(len(header)) if self._repeats_header(header[:n]))
            header, body = (header[:repeated], header[repeated:] + body) if repeated else ([], list(grid.rows))
        if header and not body and not self.leaves:
            self._cut_header += header  # a page break inside the header: the rest of it opens the next grid
            return []
        if header:
            self._set_header(self._cut_header + header)
            self._cut_header = []
        if not self.leaves:
            raise ExtractionError(f"p{grid.page}: {self.spec.key} has no header row")
        body = self._spread_merged_labels(body)
        full_rows = [row for row in body if len(row) == len(self.leaves)]
        roles = [leaf.role for leaf in self.leaves]
        rows = []
        for row in body:
            if len(row) == len(self.leaves):
                placed = {i: c.text for i, c in enumerate(row)}
                indents = {i: c.text_left - c.x1 for i, c in enumerate(row) if c.text_left is not None}
            else:
                placed, indents = _place(row, _reference(row, full_rows, self.leaves), roles)
            runs_on = frozenset(i for i, leaf in enumerate(self.leaves) for c in row
                                if c.full_width and c.text_x is not None and leaf.x1 <= c.text_x <= leaf.x2)
            rows.append(_Row(placed, indents, grid.page, runs_on))
        return rows

    def _cut_by_page_break(self, last: _Row, first: _Row) -> bool:
        """A row that a page break cut (八、社会保障和就 | 业支出): the page's first row prints only the rest of
        labels that ran to the right edge of their cells on the page before: no amount, no 一、-style start,
        not a carry-over heading."""
        printed = {i: squeeze(t) for i, t in first.placed.items() if squeeze(t)}
        return bool(printed) and all(
            self.leaves[i].role == LABEL and i in last.runs_on and normalise_label(t) == t
            and not CARRYOVER_HEADING.match(t) for i, t in printed.items())

    def _finish(self) -> None:
        """Rows printed under 预算单位 lines are the department's own only when the table lists one unit."""
        if len(self._held) == 1:
            for fact in next(iter(self._held.values())):
                self._keep(fact)
        else:
            self.unkeyed.extend(f"{unit} ({len(facts)} amounts)" for unit, facts in self._held.items())

    # --- header -----------------------------------------------------------------
    def _set_header(self, header: list[tuple[Cell, ...]]) -> None:
        # The header row with the most cells is the finest partition: its cells are the columns.
        finest = max(reversed(header), key=len)
        paths = [_header_path(header, cell) for cell in finest]
        roles = self._roles(paths, self.spec)
        if self.spec.uncoded and not any(role in (CODE, *CODE_PARTS) for role in roles):
            # the same title over rows that are not subjects: the other table, if it reads every column
            uncoded = self._roles(paths, SPEC_BY_KEY[self.spec.uncoded])
            measures = [role for role in uncoded if _is_measure(role)]
            if all(uncoded) and len(measures) == len(set(measures)):
                self.spec, roles = SPEC_BY_KEY[self.spec.uncoded], uncoded
        leaves = [Leaf(path, role, cell.x1, cell.x2) for path, role, cell in zip(paths, roles, finest)]
        if any(leaf.role == ROW_MEASURE for leaf in leaves):
            # the rows name the measures; the other amount columns are other funding sources' shares
            leaves = [Leaf(leaf.path, None, leaf.x1, leaf.x2) if _is_measure(leaf.role) and leaf.role != ROW_MEASURE
                      else leaf for leaf in leaves]
        self.leaves = _group_parts(_second_classification(leaves))
        self._header_words = {squeeze(c.text) for row in header for c in row}
        self._slots = _slots([leaf.role for leaf in self.leaves])
        for slot in self._slots:
            measures = [self._measure(self.leaves[i]) for i in slot
                        if _is_measure(self.leaves[i].role) and self.leaves[i].role != ROW_MEASURE]
            if len(measures) != len(set(measures)):
                raise ExtractionError(f"{self.spec.key}: two columns read as the same measure ({measures})")

    def _roles(self, paths: list[str], spec: TableSpec) -> list[str | None]:
        bare = [self._unprefixed(path) for path in paths]
        roles = [self._role(path, spec, bare) for path in paths]
        for i in range(1, len(roles)):
            if not paths[i] and roles[i - 1] == LABEL:
                roles[i] = LABEL  # a label printed over two columns (group | line) under one heading
        return roles

    def _repeats_header(self, rows: list[tuple[Cell, ...]]) -> bool:
        return all(squeeze(c.text) in self._header_words for row in rows for c in row if squeeze(c.text))

    def _role(self, path: str, spec: TableSpec, header: list[str]) -> str | None:
        """The spec's role for a column, read apart from a 当年预算 / 上年结转 group above it: the contract names
        their 小计 current_year_total and carryover, and their parts like the total's (carryover_… for the
        carry-over), as it does for the 收入 table. In a summary half the two groups only split the amount."""
        if not path or self._other_year(path):
            return None
        parts = self._unprefixed(path).split("/")
        group = next((i for i, part in enumerate(parts) if _CURRENT_GROUP.fullmatch(part) or
                      _CARRYOVER_GROUP.fullmatch(part)), None)
        if group is not None and spec.row_key == "item":
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
        return "measure:carryover_" + role.removeprefix("measure:") if carryover and _is_measure(role) else role

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

    def _measure(self, leaf: Leaf, row_measure: str | None = None, row_prefix: str | None = None) -> str:
        name = row_measure if leaf.role == ROW_MEASURE else leaf.role.removeprefix("measure:")
        if self.spec.measure_prefixes:
            parts = leaf.path.split("/")
            prefix = row_prefix or next(
                (p for pattern, p in self.spec.measure_prefixes if any(re.fullmatch(pattern, x) for x in parts)),
                "final_" if self.report_kind == "final" else "budget_")
            return prefix + name
        return name

    # --- rows -------------------------------------------------------------------
    def _read_row(self, placed: dict[int, str], indents: dict[int, float], page: int) -> None:
        unit_line = self._enter_unit(placed)
        pending_key = None
        for slot_index, slot in enumerate(self._slots):
            key = self._slot_key(slot_index, slot, placed, indents)
            if key == "header":
                continue
            if key is None and unit_line and self.spec.row_key is not None:
                key = {"item": "合计"}  # a unit's own line: the totals of its rows
            amounts = self._amounts(slot, placed, page)
            if key is None and amounts and self.spec.row_key is not None:
                key = pending_key  # a label printed across several slots (公用经费合计 …)
            if key is not None and not amounts:
                pending_key = key
            if None in amounts or (amounts and key is None):  # no code, another year, or a row naming no measure
                self.unkeyed.append(self._row_label(slot, placed) or f"p{page}")
                continue
            if amounts and self._ambiguous(key, self._row_name(slot, placed), page):
                continue
            for measure, value in amounts.items():
                self._add(Fact(self.spec.key, measure, value, page, **key))

    def _enter_unit(self, placed: dict[int, str]) -> bool:
        """A 预算单位 line starts the block of that unit's rows: True for the unit's own line in a 预算单位 column
        (a unit code in the subject-code column starts the block too, its own line is reported)."""
        text = next((normalise_label(placed[i]) for i, leaf in enumerate(self.leaves)
                     if leaf.role == UNIT and squeeze(placed.get(i))), "")
        coded = self._unit_code_line(placed)
        if not (text or coded):
            return False
        self._unit = None if _is_totals(text) else (text or coded)  # a totals line belongs to the whole table
        if self._unit:
            self._held.setdefault(self._unit, [])
        return self._unit is not None and bool(text)

    def _unit_code_line(self, placed: dict[int, str]) -> str:
        """A budget unit's code (six digits: 125001) printed in the subject-code column: the line of that unit,
        whose rows follow it. No subject code has six digits."""
        codes = [squeeze(placed.get(i)) for i, leaf in enumerate(self.leaves) if leaf.role == CODE]
        if not any(is_unit_code(code) for code in codes):
            return ""
        return "".join(codes) + "".join(squeeze(placed.get(i)) for i, leaf in enumerate(self.leaves) if leaf.role == NAME)

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
        texts = [(self.leaves[i].role, squeeze(placed.get(i))) for i in slot
                 if self.leaves[i].role in KEY_ROLES and squeeze(placed.get(i))]
        return next((text for role, text in sorted(texts, key=lambda t: t[0] != YEAR)), "")  # a year names its row

    def _slot_key(self, slot_index: int, slot: list[int], placed: dict[int, str],
                  indents: dict[int, float]) -> dict | str | None:
        roles: dict[str, str] = {}
        for i in slot:  # a role over several columns (部门代码 | 部门名称) reads as its first printed text
            if self.leaves[i].role in KEY_ROLES:
                roles[self.leaves[i].role] = roles.get(self.leaves[i].role) or squeeze(placed.get(i, ""))
        if _is_totals(normalise_label(roles.get(UNIT, ""))):  # the 合计 line of a table by budget unit
            return {} if self.spec.row_key is None else {"item": normalise_label(roles[UNIT])}
        if self.spec.row_key is None:
            year = roles.get(YEAR)
            if year and year != f"{self.fiscal_year}年":
                return None  # another year's line (last year's budget, the change): not this document's
            return {}
        if self.spec.row_key == "item":
            labels = [squeeze(placed.get(i, "")) for i in slot if self.leaves[i].role == LABEL]
            text = self._outline(slot_index, labels) if len(labels) > 1 else (roles.get(LABEL) or roles.get(NAME) or "")
            if not text:
                return None
            if text in ("项目", "栏次"):
                return "header"
            label = "/".join(normalise_label(part) for part in text.split("/"))
            if self.spec.count_sections:
                if not any(v for i, v in placed.items() if _is_measure(self.leaves[i].role) and squeeze(v)):
                    self._counting = any(s in label for s in self.spec.count_sections) or (
                        self._counting and not re.match(r"^[一二三四五六七八九十]+、", text))
            if CARRYOVER_HEADING.match(label) and not TOTAL_LABELS.match(label):
                self._headings[slot_index] = label
                return {"item": label}
            if _is_totals(label):  # a totals line ends any carry-over block
                self._headings.pop(slot_index, None)
                return {"item": label}
            heading = self._headings.get(slot_index)
            return {"item": f"{heading}/{label}" if heading else label}
        second = "".join(squeeze(placed.get(i)) for i in slot if self.leaves[i].role == SECOND)
        if not roles and not second:
            return self._totals_line(placed)
        indent = next((indents.get(i) for i in slot if self.leaves[i].role == NAME), None)
        code = self._code(roles)
        if code and self.spec.row_key == "economic_code" and len(code) > 5:
            return None  # a region's own sub-item below an economic 款 (3010201): no subject of the contract
        if code:
            name = roles.get(NAME) and split_code_name(roles.get(NAME))[1] or split_code_name(roles.get(CODE))[1]
            if name and not normalise_code(name):
                self._name(code, normalise_label(name))
            self._path.follow(code, indent)
            return {self.spec.row_key: code}
        # a totals line may print its 合计 under the second classification's name
        label = normalise_label(roles.get(NAME) or roles.get(CODE) or roles.get(CODE_PARTS[0]) or second).rstrip(":")
        if _is_totals(label):
            return {"item": "合计" if label in ("合计", "总计") else label}  # the contract's name of a totals row
        if label and self.by_name and (code := self._path.resolve(label, indent)):
            printed = "".join(roles.get(role, "") for role in (CODE, *CODE_PARTS))
            if re.search(r"\d", printed):
                self.repaired.append(f"{printed}→{code}")
            self._name(code, label)
            return {self.spec.row_key: code}
        if code := self._restored(squeeze(roles.get(CODE))):
            self.repaired.append(f"{squeeze(roles.get(CODE))}→{code}")
            if label:
                self._name(code, label)
            self._path.follow(code, indent)
            return {self.spec.row_key: code}
        return None

    def _restored(self, printed: str) -> str | None:
        """A 款 printed as its two digits only (10 under 201) and not found by its name: its 类 is the current
        one, where the row above is a 类 or a 项 (after a 款, two digits could be a 项 as well)."""
        if not re.fullmatch(r"\d{2}", printed) or not self._path.codes or len(self._path.codes[-1]) not in (3, 7):
            return None
        return self._path.codes[0] + printed

    def _name(self, code: str, name: str) -> None:
        self.subjects[(self._path.kind, code)] = SubjectName(self._path.kind, code, name)

    def _totals_line(self, placed: dict[int, str]) -> dict | None:
        """A code-keyed table printed without key columns (the central budget's 收入总表) has one line: its totals."""
        if any(_is_amount(squeeze(v)) for v in placed.values()):
            self._keyless_lines += 1
        return {"item": "合计"} if self._keyless_lines == 1 else None

    def _outline(self, slot_index: int, labels: list[str]) -> str:
        """A label over several columns (大类 | 专项 | 经济科目 | 品目 | 组织形式) is a path, printed as an outline:
        a blank column left of a printed one repeats the row above it."""
        first = next((i for i, text in enumerate(labels) if text), None)
        if first is None:
            return ""
        outline = (self._outlines.get(slot_index, []) + [""] * len(labels))[:first] + labels[first:]
        self._outlines[slot_index] = outline
        return "/".join(text for text in outline if text)

    def _spread_merged_labels(self, body: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
        """A label cell merged over several rows (一般公共预算资金 beside its 小计 and lines) is printed once, in
        its middle: every row it covers gets its text. Only labels: an amount is never spread."""
        runs: list[list[tuple[int, int]]] = []  # (row, cell) of each printed cell, over the rows it covers
        running: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for r, row in enumerate(body):
            now = {}
            for i, cell in enumerate(row):
                span = (round(cell.x1), round(cell.x2))
                run = running.get(span) if cell.top_open else None
                if run is None:
                    run = []
                    runs.append(run)
                run.append((r, i))
                now[span] = run
            running = now
        rows = [list(row) for row in body]
        for run in (run for run in runs if len(run) > 1):
            cells = [body[r][i] for r, i in run]
            printed = [c for c in cells if squeeze(c.text)]
            if not printed or self._leaf_role((cells[0].x1 + cells[0].x2) / 2) != LABEL:
                continue
            text = "".join(c.text for c in printed)
            for r, i in run:
                rows[r][i] = replace(body[r][i], text=text, text_x=printed[0].text_x)
        return [tuple(row) for row in rows]

    def _leaf_role(self, x: float) -> str | None:
        return next((leaf.role for leaf in self.leaves if leaf.x1 <= x <= leaf.x2), None)

    def _code(self, roles: dict[str, str]) -> str | None:
        if any(part in roles for part in CODE_PARTS):
            parts = [roles.get(p, "") for p in CODE_PARTS]
            if not any(parts) or not all(re.fullmatch(r"\d*", p) for p in parts):
                return None
            code = parts[0] or self._path.current(3)
            if parts[1]:
                code = (code if len(code) == 3 else self._path.current(3)) + parts[1]
            if parts[2]:
                code = (code if len(code) == 5 else self._path.current(5)) + parts[2]
            return code if normalise_code(code) else None
        return (normalise_code(roles.get(CODE)) or split_code_name(roles.get(CODE))[0]
                or split_code_name(roles.get(NAME))[0])

    def _amounts(self, slot: list[int], placed: dict[int, str], page: int) -> dict[str | None, Decimal]:
        """The row's amounts by measure; under None an amount whose row label names no measure."""
        row_measure = self._row_measure(slot, placed)
        row_prefix = self._row_prefix(slot, placed)
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
                measure = (None if leaf.role == ROW_MEASURE and row_measure is None
                           else self._measure(leaf, row_measure, row_prefix))
                amounts[measure] = value.quantize(Decimal("0.01")) if self._counting else to_yuan(value, self.unit)
        return amounts

    def _row_measure(self, slot: list[int], placed: dict[int, str]) -> str | None:
        """In a table that prints its measures as rows, the measure this row's label names."""
        label = next((normalise_label(placed.get(i)) for i in slot if self.leaves[i].role == LABEL), "")
        return self.spec.row_measure_of(label) if label and self.spec.row_measures else None

    def _row_prefix(self, slot: list[int], placed: dict[int, str]) -> str | None:
        """A row labelled 预算数 or 决算数 (a 三公 table printing both as rows) chooses its measures' prefix."""
        label = next((normalise_label(placed.get(i)) for i in slot if self.leaves[i].role == LABEL), "")
        return next((p for pattern, p in self.spec.measure_prefixes if label and re.fullmatch(pattern, label)), None)

    def _add(self, fact: Fact) -> None:
        if self._unit is not None:
            self._held[self._unit].append(fact)
        else:
            self._keep(fact)

    def _keep(self, fact: Fact) -> None:
        """One fact per key. A key printed again with another amount (商品和服务支出 under two headings, 2010801
        once per budget unit) is no single row: all its rows are reported instead of loaded."""
        if fact.item in self._ambiguous_items or (fact.function_code or fact.economic_code) in self._ambiguous_codes:
            return  # the rest of the row found ambiguous
        seen = self.facts.get(fact.key)
        if seen is not None and seen.amount != fact.amount:
            if self.spec.row_key is None:
                raise ExtractionError(f"p{fact.page}: {fact.key} printed twice with different amounts")
            key = fact.function_code or fact.economic_code or fact.item
            if fact.item is not None and key == fact.item:
                self._ambiguous_items.add(key)
            else:
                self._ambiguous_codes.add(key)
                self.subjects = {k: n for k, n in self.subjects.items() if k[1] != key}
            self.facts = {k: f for k, f in self.facts.items() if key not in k[1:4]}
            self.unkeyed += [f"p{seen.page} {key} (printed on several rows)", f"p{fact.page} {key} (printed on several rows)"]
            return
        self.facts.setdefault(fact.key, fact)


def _is_totals(label: str) -> bool:
    """合计, 总计, 小计 and the lines ending in them (本年支出合计, 人员经费合计, 总计：) — not 审计局 or 统计局."""
    return bool(_TOTALS_LINE.search(label))


def _is_measure(role: str | None) -> bool:
    return role is not None and (role.startswith("measure:") or role == ROW_MEASURE)


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


def _place(row: tuple[Cell, ...], reference: list[tuple[float, float]],
           roles: list[str | None]) -> tuple[dict[int, str], dict[int, float]]:
    """Put each printed text of a row with merged cells under the column where it is printed.

    Words in a cell merged over a key column and others (公用经费合计 over a code, a name and an amount column;
    当年支出小计 over a label, an amount and a label) are that row's label: they go to the first key column
    the cell covers, wherever the centred text sits. Two labels printed under one label column (a group
    beside its line) are kept apart by "/"."""
    placed: dict[int, str] = {}
    indents: dict[int, float] = {}
    for cell in row:
        if cell.text_x is None or not squeeze(cell.text):
            continue
        covered = [i for i, (x1, x2) in enumerate(reference) if cell.x1 <= (x1 + x2) / 2 <= cell.x2]
        keys = [i for i in covered if roles[i] in KEY_ROLES] if len(covered) > 1 and not _is_amount(cell.text) else []
        inside = [i for i, (x1, x2) in enumerate(reference) if x1 <= cell.text_x <= x2]
        best = (keys or inside or [min(range(len(reference)), key=lambda i: min(
            abs(reference[i][0] - cell.text_x), abs(reference[i][1] - cell.text_x)))])[0]
        if best not in placed and cell.text_left is not None:
            indents[best] = cell.text_left - reference[best][0]
        joint = "/" if roles[best] == LABEL else ""
        placed[best] = f"{placed[best]}{joint}{cell.text}" if best in placed else cell.text
    return placed, indents


def _split_header(grid: Grid) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """Header rows come first, end at the 栏次 row or at the first row that carries data."""
    header: list[tuple[Cell, ...]] = []
    for index, row in enumerate(grid.rows):
        texts = [squeeze(c.text) for c in row]
        if len(row) == 1 or not any(texts) or find_unit("".join(texts)) or _is_caption_row(texts):
            continue  # an empty row, a section line such as 一、政府采购情况, or a ruled caption's title or 单位 line
        if _is_column_number_row(texts):
            return header, list(grid.rows[index + 1:])
        if _is_data_row(texts):
            if header and any(c.top_open and squeeze(c.text) for c in row):
                # header cells taller than the header row: their last words sit beside the first figures
                header.append(tuple(replace(c, text=c.text if c.top_open else "") for c in row))
                row = tuple(replace(c, text="" if c.top_open else c.text) for c in row)
            return header, [row, *grid.rows[index + 1:]]
        header.append(row)
    return header, []


def _is_caption_row(texts: list[str]) -> bool:
    """A sheet exported with its caption: the table's title alone in a row inside the ruled frame."""
    printed = [t for t in texts if t]
    return len(printed) == 1 and looks_like_table_title(printed[0])


def _is_column_number_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    marked = values[0] in _NUMBERING_MARKS
    values = [v for v in values if v not in _NUMBERING_MARKS]  # one mark per key column: ** ** 1 2 3 (** 备注)
    if not values or not all(_COLUMN_NUMBER.match(v) for v in values) or (len(values) < 2 and not marked):
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
        or bool(CARRYOVER_HEADING.match(texts[0] if texts else ""))  # 上年结转结余 with no amount: a label, not a header
    )


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def _header_path(header: list[tuple[Cell, ...]], cell: Cell) -> str:
    """The header words above a bottom-level header cell, top to bottom, joined with "/".

    Cells are matched by position on the page, so that a header cut by a page break reads as one."""
    centre = (cell.x1 + cell.x2) / 2
    parts: list[str] = []
    last_row = -2
    for r, row in enumerate(header):
        above = next((c for c in row if c.x1 <= centre <= c.x2), None)
        text = squeeze(above.text) if above else ""
        if text and above.top_open and last_row == r - 1:
            parts[-1] += text  # one header cell whose words camelot cut into two rows
        elif text and (not parts or parts[-1] != text):
            parts.append(text)
        last_row = r if text else last_row
    return "/".join(parts)

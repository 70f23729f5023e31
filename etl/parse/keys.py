"""What keys each row: a subject code (whole, or printed over 类 | 款 | 项 columns, or found by its name) with the
codes printed beside it (the 政府经济分类 code it is nested under, the 经济分类 code a 功能分类 row crosses), an
item label (under the carry-over heading above it), or nothing (a table with one row of measures)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from etl.classification import SubjectPath, classification
from etl.document import org_name
from etl.parse.columns import KEY_ROLES, Columns, is_measure
from etl.parse.labels import CARRYOVER_HEADING, SECTION, TOTAL_LABELS, is_totals
from etl.records import SubjectName
from etl.specs import CODE, CODE_PARTS, CROSS, LABEL, NAME, SECOND, UNIT, YEAR
from etl.values import is_amount, normalise_code, normalise_label, split_code_name, squeeze
from etl.vocabulary import RowKey, SubjectKind

Key = dict[RowKey, str]  # the Fact fields that key a row: {} in a table with one row of measures


class Line(Enum):
    HEADER = "header"  # the header printed again among the rows (项目, 栏次): no row at all
    OTHER_YEAR = "other_year"  # another year's line (last year's budget, the change): not this document's


@dataclass
class RowKeys:
    """Reads the key of each row, in order: a row's subject path, carry-over heading and outline come from
    the rows above it."""

    columns: Columns
    fiscal_year: int | None = None  # of several codes a name has had, the one printed nearest this year
    by_name: bool = True  # rows that print a subject name without its code get the code from the classification
    subjects: dict[tuple, SubjectName] = field(default_factory=dict)  # the names printed beside codes
    repaired: list[str] = field(default_factory=list)  # misprinted codes restored from the name: findings
    counting: bool = False  # the rows are in a section of counts (see TableSpec.count_sections)
    _path: SubjectPath = field(init=False)  # where the rows stand in the subject classification
    _headings: dict[int, str] = field(default_factory=dict)  # slot → carry-over heading
    _outlines: dict[int, list[str]] = field(default_factory=dict)  # slot → labels of the last row, by column
    _keyless_lines: int = 0  # lines with amounts in a table that has no key columns

    def __post_init__(self) -> None:
        economic = self.columns.spec.row_key is RowKey.ECONOMIC_CODE
        self._path = SubjectPath(classification(SubjectKind.ECONOMIC if economic else SubjectKind.FUNCTION),
                                 self.fiscal_year)

    def slot_key(self, slot_index: int, slot: list[int], placed: dict[int, str],
                 indents: dict[int, float]) -> Key | Line | None:
        """The key of one slot of a row; None for a row that has none."""
        leaves, row_key = self.columns.leaves, self.columns.spec.row_key
        roles: dict[str, str] = {}
        for i in slot:  # a role over several columns (部门代码 | 部门名称) reads as its first printed text
            if leaves[i].role in KEY_ROLES:
                roles[leaves[i].role] = roles.get(leaves[i].role) or squeeze(placed.get(i, ""))
        if is_totals(normalise_label(roles.get(UNIT, ""))):  # the 合计 line of a table by budget unit
            return {} if row_key is None else {RowKey.ITEM: normalise_label(roles[UNIT])}
        if row_key is None:
            year = roles.get(YEAR)
            if year and year != f"{self.fiscal_year}年":
                return Line.OTHER_YEAR
            return {}
        if row_key in (RowKey.ITEM, RowKey.PROJECT):  # a project's name is printed like an item's label
            return self._item_key(slot_index, slot, placed, roles)
        return self._code_key(slot, placed, indents, roles)

    def _item_key(self, slot_index: int, slot: list[int], placed: dict[int, str],
                  roles: dict[str, str]) -> Key | Line | None:
        leaves, spec = self.columns.leaves, self.columns.spec
        labels = [squeeze(placed.get(i, "")) for i in slot if leaves[i].role == LABEL]
        text = self._outline(slot_index, labels) if len(labels) > 1 else (roles.get(LABEL) or roles.get(NAME) or "")
        if not text:
            return None
        if text in ("项目", "栏次"):
            return Line.HEADER
        label = "/".join(normalise_label(part) for part in text.split("/"))
        if spec.count_sections:
            if not any(v for i, v in placed.items() if is_measure(leaves[i].role) and squeeze(v)):
                self.counting = any(s in label for s in spec.count_sections) or (
                    self.counting and not SECTION.match(text))
        if CARRYOVER_HEADING.match(label) and not TOTAL_LABELS.match(label):
            self._headings[slot_index] = label
            return {RowKey.ITEM: label}
        if is_totals(label):  # a totals line ends any carry-over block
            self._headings.pop(slot_index, None)
            return {RowKey.ITEM: label}
        if spec.row_key is RowKey.PROJECT and org_name(label):
            # a budget unit's line printed in the label column among the projects: no project, its row a gap (the
            # unit blocks of etl/parse/units.py see only a 单位 column or a unit code, not this layout)
            return None
        heading = self._headings.get(slot_index)
        return {spec.row_key: f"{heading}/{label}" if heading else label}

    def _code_key(self, slot: list[int], placed: dict[int, str], indents: dict[int, float],
                  roles: dict[str, str]) -> Key | None:
        leaves, row_key = self.columns.leaves, self.columns.spec.row_key
        second = "".join(squeeze(placed.get(i)) for i in slot if leaves[i].role == SECOND)
        if not roles and not second:
            return self._totals_line(placed)
        indent = next((indents.get(i) for i in slot if leaves[i].role == NAME), None)
        code = self.code(roles)
        if code:
            name = roles.get(NAME) and split_code_name(roles.get(NAME))[1] or split_code_name(roles.get(CODE))[1]
            if name and not normalise_code(name):
                self._name(code, normalise_label(name))
            self._path.follow(code, indent)
            return {row_key: code} | self._beside(slot, placed)
        # a totals line may print its 合计 under the second classification's name
        label = normalise_label(roles.get(NAME) or roles.get(CODE) or roles.get(CODE_PARTS[0]) or second).rstrip(":")
        if is_totals(label):
            return {RowKey.ITEM: "合计" if label in ("合计", "总计") else label}  # the contract's name of a totals row
        if label and self.by_name and (code := self._path.resolve(label, indent)):
            printed = "".join(roles.get(role, "") for role in (CODE, *CODE_PARTS))
            if re.search(r"\d", printed):
                self.repaired.append(f"{printed}→{code}")
            self._name(code, label)
            return {row_key: code}
        if code := self._restored(squeeze(roles.get(CODE))):
            self.repaired.append(f"{squeeze(roles.get(CODE))}→{code}")
            if label:
                self._name(code, label)
            self._path.follow(code, indent)
            return {row_key: code}
        return None

    def _beside(self, slot: list[int], placed: dict[int, str]) -> Key:
        """The codes printed beside a row's own: the 政府经济分类 code (50101, or 501 | 01 over two columns) and, in a
        table crossing 功能分类 with 经济分类, the 经济分类 code (30101, or 3021101 where a region subdivides a 款)."""
        leaves, key = self.columns.leaves, {}
        for role, row_key, kind in ((SECOND, RowKey.GOVERNMENT_ECONOMIC_CODE, SubjectKind.GOVERNMENT_ECONOMIC),
                                    (CROSS, RowKey.ECONOMIC_CODE, SubjectKind.ECONOMIC)):
            texts = [squeeze(placed.get(i)) for i in slot if leaves[i].role == role]
            words = [text for text in texts if text and not text.isdigit()]
            printed, name = split_code_name(words[0]) if words else (None, "")
            code = normalise_code("".join(text for text in texts if text.isdigit())) or printed
            if code:
                key[row_key] = code
                if name and not normalise_code(name):
                    self.subjects[(kind, code)] = SubjectName(kind, code, normalise_label(name))
        return key

    def code(self, roles: dict[str, str]) -> str | None:
        """The subject code a row prints: whole, with its name in one cell, or over 类 | 款 | 项 columns, where a
        blank part is the current subject's (a 项 row may print its 项 digits only)."""
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

    def _restored(self, printed: str) -> str | None:
        """A 款 printed as its two digits only (10 under 201) and not found by its name: its 类 is the current
        one, where the row above is a 类 or a 项 (after a 款, two digits could be a 项 as well)."""
        if not re.fullmatch(r"\d{2}", printed) or not self._path.codes or len(self._path.codes[-1]) not in (3, 7):
            return None
        return self._path.codes[0] + printed

    def _name(self, code: str, name: str) -> None:
        self.subjects[(self._path.kind, code)] = SubjectName(self._path.kind, code, name)

    def _totals_line(self, placed: dict[int, str]) -> Key | None:
        """A code-keyed table printed without key columns (the central budget's 收入总表) has one line: its totals."""
        if any(is_amount(squeeze(v)) for v in placed.values()):
            self._keyless_lines += 1
        return {RowKey.ITEM: "合计"} if self._keyless_lines == 1 else None

    def _outline(self, slot_index: int, labels: list[str]) -> str:
        """A label over several columns (大类 | 专项 | 经济科目 | 品目 | 组织形式) is a path, printed as an outline:
        a blank column left of a printed one repeats the row above it."""
        first = next((i for i, text in enumerate(labels) if text), None)
        if first is None:
            return ""
        outline = (self._outlines.get(slot_index, []) + [""] * len(labels))[:first] + labels[first:]
        self._outlines[slot_index] = outline
        return "/".join(text for text in outline if text)


def row_label(columns: Columns, slot: list[int], placed: dict[int, str]) -> str:
    """What a row prints in its key columns, to report it by; a year names its row."""
    texts = [(columns.leaves[i].role, squeeze(placed.get(i))) for i in slot
             if columns.leaves[i].role in KEY_ROLES and squeeze(placed.get(i))]
    return next((text for role, text in sorted(texts, key=lambda t: t[0] != YEAR)), "")


def row_name(columns: Columns, slot: list[int], placed: dict[int, str]) -> str:
    """The subject name a row prints beside its code."""
    return next((squeeze(placed.get(i)) for i in slot if columns.leaves[i].role == NAME), "")

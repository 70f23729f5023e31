"""One fact per key: a key printed on several rows with other amounts is no single row, and is reported."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.parse.columns import Leaf
from etl.parse.keys import Key
from etl.records import ExtractionError, Fact, SubjectName
from etl.specs import SECOND
from etl.vocabulary import RowKey


@dataclass
class Facts:
    """The facts of one table by key, and the rows reported instead of loaded."""

    subjects: dict[tuple, SubjectName]  # the names read beside codes: an ambiguous code's are dropped too
    facts: dict[tuple, Fact] = field(default_factory=dict)
    unkeyed: list[str] = field(default_factory=list)  # rows with amounts but no single key: reported, not loaded
    _ambiguous_codes: set[str] = field(default_factory=set)  # codes printed on several rows
    _ambiguous_items: set[str] = field(default_factory=set)  # item labels printed on several rows
    _row_names: dict[str, str] = field(default_factory=dict)  # code → the name printed beside it

    def ambiguous(self, key: Key, name: str, page: int, leaves: list[Leaf]) -> bool:
        """A code printed on several rows is no one amount: beside a second classification (301 under 501 and
        under 505), or under two names (30208 取暖费 and 30208 物业管理费, a misprint). All its rows are
        reported instead of loaded. The same code and name again is left to keep (a continued page printing it
        twice)."""
        code = key.get(RowKey.FUNCTION_CODE) or key.get(RowKey.ECONOMIC_CODE)
        if code is None:
            return False
        report = f"p{page} {code} (printed on several rows)"
        if code in self._ambiguous_codes:
            self.unkeyed.append(report)
            return True
        if code not in self._row_names:
            self._row_names[code] = name
            return False
        if self._row_names[code] == name and not any(leaf.role == SECOND for leaf in leaves):
            return False
        self._ambiguous_codes.add(code)
        self.facts = {k: f for k, f in self.facts.items() if code not in k[1:3]}
        self._forget_subject(code)
        self.unkeyed += [report, report]  # this row and the one read before it
        return True

    def keep(self, fact: Fact, keyed: bool) -> None:
        """One fact per key. A key printed again with another amount (商品和服务支出 under two headings, 2010801
        once per budget unit) is no single row: all its rows are reported instead of loaded. In a table with
        no row key (not `keyed`) that is a misreading."""
        if self.is_ambiguous(fact):
            return  # the rest of the row found ambiguous
        seen = self.facts.get(fact.key)
        if seen is not None and seen.amount != fact.amount:
            if not keyed:
                raise ExtractionError(f"p{fact.page}: {fact.key} printed twice with different amounts")
            key = fact.function_code or fact.economic_code or fact.item or fact.project
            if key in (fact.item, fact.project):  # a label: an item's or a project's name
                self._ambiguous_items.add(key)
            else:
                self._ambiguous_codes.add(key)
                self._forget_subject(key)
            self.facts = {k: f for k, f in self.facts.items() if key not in (*k[1:4], f.project)}
            self.unkeyed += [f"p{seen.page} {key} (printed on several rows)", f"p{fact.page} {key} (printed on several rows)"]
            return
        self.facts.setdefault(fact.key, fact)

    def is_ambiguous(self, fact: Fact) -> bool:
        """The fact's key was found printed on several rows: none of them is loaded."""
        return ((fact.item or fact.project) in self._ambiguous_items
                or (fact.function_code or fact.economic_code) in self._ambiguous_codes)

    def _forget_subject(self, code: str) -> None:
        for subject in [k for k in self.subjects if k[1] == code]:
            del self.subjects[subject]  # in place: the subjects are the row keys' own

"""One fact per key: a key printed on several rows with other amounts is no single row, and is reported."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.parse.keys import Key
from etl.records import ROW_FIELDS, ExtractionError, Fact, SubjectName
from etl.vocabulary import RowKey


def _row_of_key(key: Key) -> tuple:
    return tuple(key.get(name) for name in ROW_FIELDS)


def _label(row: tuple) -> str:
    return "/".join(part for part in row if part)


@dataclass
class Facts:
    """The facts of one table by key, and the rows reported instead of loaded."""

    subjects: dict[tuple, SubjectName]  # the names read beside codes: an ambiguous code's are dropped too
    facts: dict[tuple, Fact] = field(default_factory=dict)
    unkeyed: list[str] = field(default_factory=list)  # rows with amounts but no single key: reported, not loaded
    _ambiguous_rows: set[tuple] = field(default_factory=set)  # row keys printed on several rows
    _row_names: dict[tuple, str] = field(default_factory=dict)  # a coded row's key → the name printed beside it

    def ambiguous(self, key: Key, name: str, page: int) -> bool:
        """A row key printed on several rows under two names (30208 取暖费 and 30208 物业管理费, a misprint) is no
        one amount: all its rows are reported instead of loaded. The same key and name again is left to keep (a
        continued page printing it twice); a code beside two 政府经济分类 codes (30201 under 50201 and under
        50502) is two keys."""
        if key.get(RowKey.FUNCTION_CODE) is None and key.get(RowKey.ECONOMIC_CODE) is None:
            return False
        row = _row_of_key(key)
        report = f"p{page} {_label(row)} (printed on several rows)"
        if row in self._ambiguous_rows:
            self.unkeyed.append(report)
            return True
        if self._row_names.setdefault(row, name) == name:
            return False
        self._forget(row)
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
            row = fact.row
            self._forget(row)
            self.unkeyed += [f"p{seen.page} {_label(row)} (printed on several rows)",
                             f"p{fact.page} {_label(row)} (printed on several rows)"]
            return
        self.facts.setdefault(fact.key, fact)

    def is_ambiguous(self, fact: Fact) -> bool:
        """The fact's row key was found printed on several rows: none of them is loaded."""
        return fact.row in self._ambiguous_rows

    def _forget(self, row: tuple) -> None:
        """No fact of the row is loaded; the name printed beside a lone code may be the misprint: it goes too."""
        self._ambiguous_rows.add(row)
        self.facts = {k: f for k, f in self.facts.items() if f.row != row}
        codes = [part for part in row if part]
        if len(codes) == 1:
            for subject in [k for k in self.subjects if k[1] == codes[0]]:
                del self.subjects[subject]  # in place: the subjects are the row keys' own

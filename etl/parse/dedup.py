"""One fact per key: a key printed on several rows with other amounts is no single row, and is reported."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from etl.parse.keys import Key
from etl.records import ROW_FIELDS, ExtractionError, Fact, SubjectName
from etl.vocabulary import RowKey


def _row_of_key(key: Key) -> tuple:
    return tuple(key.get(name) for name in ROW_FIELDS)


def _label(row: tuple) -> str:
    return "/".join(part for part in row if part)


def _only_item(row: tuple) -> bool:
    """A row keyed by its label alone (within its unit, where the table has units)."""
    fields = dict(zip(ROW_FIELDS, row))
    return fields["item"] is not None and not any(
        fields[name] for name in ROW_FIELDS if name not in ("item", "budget_unit"))


@dataclass
class Facts:
    """The facts of one table by key, and the rows reported instead of loaded."""

    subjects: dict[tuple, SubjectName]  # the names read beside codes: an ambiguous code's are dropped too
    facts: dict[tuple, Fact] = field(default_factory=dict)
    unkeyed: list[str] = field(default_factory=list)  # rows with amounts but no single key: reported, not loaded
    renamed: dict[int, Fact] = field(default_factory=dict)  # id of a fact as read → the fact kept for it (relabel)
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

    def relabel(self, headed: list[tuple[str | None, Fact]]) -> None:
        """A label printed with other amounts under two headings (商品和服务支出 under 1、人员经费和公用经费支出 and
        under 2、专项业务经费支出) is `<heading>/<label>` on each of its rows, as under a carry-over heading; only
        where every row of it has a heading that tells it apart. `headed`: each item fact read, with its heading."""
        for row in sorted((r for r in self._ambiguous_rows if _only_item(r)), key=_label):
            rows = [(heading, fact) for heading, fact in headed if fact.row == row]
            keyed = [replace(fact, item=f"{heading}/{fact.item}") for heading, fact in rows if heading]
            if not rows or len(keyed) < len(rows) or len({fact.key for fact in keyed}) < len(keyed):
                continue
            self._ambiguous_rows.discard(row)
            self.unkeyed = [line for line in self.unkeyed if not line.endswith(f" {_label(row)} (printed on several rows)")]
            for (_, read), fact in zip(rows, keyed):
                self.renamed[id(read)] = fact
                self.keep(fact, keyed=True)

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

"""Tables as printed cells: what a cell shows, and the fact a reader of the PDF gets from it.

In 万元 documents each cell is rounded on its own, as the 决算 software does, so sums may be off by a few
0.01万元 (尾数误差), exactly as in real documents.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from samples.figures import CENT, ZERO, Line

@dataclass(frozen=True)
class Fact:
    measure: str
    amount: Decimal  # 元, what a reader of the printed cell knows
    function_code: str | None = None
    economic_code: str | None = None
    item: str | None = None


@dataclass(frozen=True)
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "l"  # l, r (amounts: never wrapped) or c
    fact: Fact | None = None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    widths: tuple[float, ...]  # relative column widths
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Key:
    """The row key of the facts printed in one row."""

    function_code: str | None = None
    economic_code: str | None = None
    item: str | None = None


def item_of(label: str) -> str:
    """A printed label (without its ordinal prefix) as the spec keys it."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


@dataclass(frozen=True)
class Printer:
    unit: str
    decimals: int

    def _printed(self, yuan: Decimal) -> Decimal:
        if self.unit == "元":
            return yuan.quantize(CENT)
        return (yuan / 10000).quantize(Decimal(1).scaleb(-self.decimals), ROUND_HALF_UP)

    def text(self, yuan: Decimal) -> str:
        value = self._printed(yuan)
        return f"{value:.2f}" if self.unit == "元" else f"{value:,.{self.decimals}f}"

    def prose(self, yuan: Decimal) -> str:
        return f"{self._printed(yuan):,.{2 if self.unit == '元' else self.decimals}f}{self.unit}"

    def amount(self, key: Key, measure: str, yuan: Decimal | None) -> Cell:
        """An amount cell; None prints blank (no fact), zero prints 0.00 (a fact of zero)."""
        if yuan is None:
            return Cell()
        read = (self._printed(yuan) * (1 if self.unit == "元" else 10000)).quantize(CENT)
        return Cell(self.text(yuan), align="r", fact=Fact(measure, read, key.function_code,
                                                          key.economic_code, key.item))

    def amounts(self, key: Key, measures: Sequence[str], values: Sequence[Decimal | None]) -> list[Cell]:
        return [self.amount(key, m, v) for m, v in zip(measures, values, strict=True)]


def sum_of(lines: Iterable[Line], value: Callable[[Line], Decimal]) -> Decimal:
    return sum((value(line) for line in lines), ZERO)


def nonzero(value: Decimal) -> Decimal | None:
    """Zero spending prints blank in the detail tables."""
    return value if value else None


def chinese_numeral(n: int) -> str:
    """Chinese numeral for 1..99, as in ordinal prefixes (十一、二十六、)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones or not tens else "")


def label_cells(*texts: str, align: str = "c") -> list[Cell]:
    return [Cell(t, align=align) for t in texts]


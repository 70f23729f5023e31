"""What a printed row label says about its row: a total, a carry-over heading, a numbered section."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.values import normalise_label

TOTAL_LABELS = re.compile(r"^(合计|总计|本年支出合计|本年收入合计)$")
CARRYOVER_HEADING = re.compile(r"^(年初|年末|上年).*(结转|结余)")
SECTION = re.compile(r"^[一二三四五六七八九十]+、")  # 一、基本支出: a numbered section line
_TOTALS_LINE = re.compile(r"(合计|总计|小计)[:：]?$")  # 本年收入合计, 人员经费合计, 总计：…; not 审计局


def is_totals(label: str) -> bool:
    """合计, 总计, 小计 and the lines ending in them (本年支出合计, 人员经费合计, 总计：) — not 审计局 or 统计局."""
    return bool(_TOTALS_LINE.search(label))


# the ordinal prefixes of an outline, outermost first: 一、 > (一) > 1、 / 1. > (1)
_OUTLINE = (re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^\([一二三四五六七八九十]+\)"),
            re.compile(r"^\d+[、.]"), re.compile(r"^\(\d+\)"))


def outline_level(printed: str) -> int | None:
    """How deep a printed label's ordinal prefix stands in the outline (一、 is 0, (1) is 3); None without one."""
    return next((level for level, prefix in enumerate(_OUTLINE) if prefix.match(printed)), None)


@dataclass
class Outline:
    """The numbered lines printed above each row of an item-keyed table, by slot: the heading that governs a
    numbered sub-row is the nearest line above it with a prefix further out (1、人员经费和公用经费支出 above
    (2)商品和服务支出)."""

    _above: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def heading(self, slot_index: int, printed: str) -> str | None:
        """The heading of a row whose label is `printed` (NFKC, no white space), as its item is keyed."""
        level = outline_level(printed)
        if level is None:
            return None
        above = [(outer, label) for outer, label in self._above.get(slot_index, []) if outer < level]
        self._above[slot_index] = above + [(level, normalise_label(printed))]
        return above[-1][1] if above else None

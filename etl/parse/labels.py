"""What a printed row label says about its row: a total, a carry-over heading, a numbered section."""
from __future__ import annotations

import re

TOTAL_LABELS = re.compile(r"^(合计|总计|本年支出合计|本年收入合计)$")
CARRYOVER_HEADING = re.compile(r"^(年初|年末|上年).*(结转|结余)")
SECTION = re.compile(r"^[一二三四五六七八九十]+、")  # 一、基本支出: a numbered section line
_TOTALS_LINE = re.compile(r"(合计|总计|小计)[:：]?$")  # 本年收入合计, 人员经费合计, 总计：…; not 审计局


def is_totals(label: str) -> bool:
    """合计, 总计, 小计 and the lines ending in them (本年支出合计, 人员经费合计, 总计：) — not 审计局 or 统计局."""
    return bool(_TOTALS_LINE.search(label))

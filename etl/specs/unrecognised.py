"""Why a table-like title is no standard table: the reason read off the title of a table no spec recognises."""
from __future__ import annotations

import re

from etl.vocabulary import UnrecognisedReason

_REASONS: tuple[tuple[re.Pattern, UnrecognisedReason], ...] = tuple((re.compile(p), r) for p, r in (
    (r"绩效|评价得分", UnrecognisedReason.PERFORMANCE),
    (r"政府购买服务", UnrecognisedReason.SERVICE_PURCHASES),
    (r"(会议费|培训费)明细表$", UnrecognisedReason.EXPENSE_LIST),
    (r"构成表$", UnrecognisedReason.CHART),
    # 第二部分…部门预算表, 五、单位预算表, 2019年部门综合预算公开报表, 附件:…部门预算公开表, 报表目录
    (r"^第.{1,3}部分|^[一二三四五六七八九十]+、(部门|单位)(预算|决算)(报)?表$|(部门|单位)(综合)?(预算|决算)(公开)?(报)?表$"
     r"|报表目录", UnrecognisedReason.CONTENTS),
    (r"预算公开表$", UnrecognisedReason.CONTENTS),
    # a sentence (…是本部门不涉及故公开空表), or the tail of a wrapped line (…发表)
    (r"[,，;；。]|不涉及|^.{0,3}表$|发表$", UnrecognisedReason.NARRATIVE),
))


def unrecognised_reason(title: str) -> UnrecognisedReason | None:
    """The reason a title no spec recognises is no standard table; None where none is known (a table to look at)."""
    return next((reason for pattern, reason in _REASONS if pattern.search(title)), None)

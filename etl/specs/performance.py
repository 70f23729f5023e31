"""Performance tables (绩效自评表, 绩效目标表): recognised by title, read by the `form` reader, never as facts.

They are catalogued apart from SPECS so that the standard tables' recognition (and so their facts) does not move:
the pipeline reads them in a pass of their own (etl/parse/form_pages.py).
"""
from __future__ import annotations

import re

from etl.specs.spec import TableSpec
from etl.specs.titles import bare_title
from etl.vocabulary import PerformancePhase, PerformanceScope

_DEPARTMENT = r"(?:.*(?:部门|单位))?整体(?:支出)?"  # bare_title has taken a leading 部门 off already
_PROJECT = r"(?:.*项目(?:支出)?|.*)"  # a project's table may print only its name before 绩效…表

PERFORMANCE_SPECS: tuple[TableSpec, ...] = (
    TableSpec("performance_department_self_evaluation", (_DEPARTMENT + r"绩效自评(?:结果)?表",), None, (), reader="form"),
    TableSpec("performance_department_target", (_DEPARTMENT + r"绩效目标(?:申报|填报)?表",), None, (), reader="form"),
    TableSpec("performance_project_self_evaluation", (_PROJECT + r"绩效自评(?:结果)?表",), None, (), reader="form"),
    # Changchun: 项目支出绩效目标表预算表(预算表11)
    TableSpec("performance_project_target", (_PROJECT + r"绩效目标(?:申报|填报)?表(?:预算表)?",), None, (), reader="form"),
)

# The form's parts, by the labels and column headings they print (a regional variant is a line here).
# Label/value fields: the value is the next printed cell on the label's right.
# A row of one cell may print a label and its value together (Xi'an 人社局 2020 p61: 专项(项目)名称 伯乐奖).
FIELD_LABELS: dict[str, re.Pattern] = {
    "project": re.compile(r"(?:专项\(项目\)|项目)名称"),  # Xi'an 2019/2020: 专项(项目)名称
    "unit": re.compile(r"预算单位|实施单位|项目实施单位|单位名称"),
}
# A target printed over several columns is one `target` text (the spec's `≥95%`): its parts' texts joined in this
# order, the operator (指标性质 / 指标值类型: ≥, =, 定性), the value (指标值 / 目标值), the unit (计量单位 / 度量单位).
# Chongqing, Beijing and Changsha's 部门整体 table print them so, left to right; Changsha's project list prints
# 指标值 … 度量单位 | 指标值类型, and its target reads the same. Both readers join them so (joined_target).
TARGET_PARTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"指标性质|指标值类型"),
    re.compile(r"指标值(?!内容|类型)|目标值"),  # not 指标值内容 (Changsha's description of the target)
    re.compile(r"^(?:绩效)?(?:计量|度量)单位$"),
)


def target_part(heading: str) -> int | None:
    """Which part of a target the column under this heading prints (its index in TARGET_PARTS), if any."""
    return next((n for n, pattern in enumerate(TARGET_PARTS) if pattern.search(heading)), None)


def joined_target(parts: list[tuple[int, str]]) -> str | None:
    """One row's target from its target columns' texts, (part, text) in printed order: joined part by part."""
    return "".join(text for _, text in sorted(parts, key=lambda part: part[0]) if text) or None


# The indicator columns: a heading → the field it holds, tried in this order on each header cell.
INDICATOR_COLUMNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"一级指标"), "level1"), (re.compile(r"二级指标"), "level2"),
    (re.compile(r"三级指标|指标内容|指标名称"), "indicator"), (re.compile(r"调整后"), "adjusted_target"),
    (re.compile(r"实际完成|实际值|完成值"), "actual"), (re.compile("|".join(p.pattern for p in TARGET_PARTS)), "target"),
    (re.compile(r"分值|权重"), "weight"), (re.compile(r"得分"), "score"), (re.compile(r"偏差|原因"), "deviation"),
)
# The merged cell beside the indicator rows, where a table prints them (their header row names their columns)
INDICATOR_BLOCK_LABEL = "绩效指标"
# A target table's money block of label/amount pairs opens with one of these cells: a merged 项目资金(元) beside
# the pairs (Putuo, 西南大学), or its first line's own label (Chongqing 表十一: 当年预算 | 市级支出 | 补助区县)
PAIR_BLOCK_OPENERS: tuple[re.Pattern, ...] = (re.compile(r"资金.*\((?:万元|元)\)"), re.compile(r"^当年预算$"))

PHASE_AND_SCOPE: dict[str, tuple[PerformancePhase, PerformanceScope]] = {
    "performance_department_self_evaluation": (PerformancePhase.SELF_EVALUATION, PerformanceScope.DEPARTMENT),
    "performance_department_target": (PerformancePhase.TARGET, PerformanceScope.DEPARTMENT),
    "performance_project_self_evaluation": (PerformancePhase.SELF_EVALUATION, PerformanceScope.PROJECT),
    "performance_project_target": (PerformancePhase.TARGET, PerformanceScope.PROJECT),
}

_NOT_TITLES = ("注", "说明", "备注", "详见", "见")
_SUFFIX = re.compile(r"\([^()]*\)$")  # (2022年度), (金额单位:万元)
_NAME_BEFORE = re.compile(r"^(?:\d{4}年度?)?(.*?)(?:项目(?:支出)?)?绩效")


def recognise_performance_title(line: str) -> TableSpec | None:
    """The performance spec whose title this squeezed line is: a short line that ends in the title, not a sentence
    that names one (详见单位的项目绩效目标表)."""
    if "绩效" not in line or len(line) > 60 or line.startswith(_NOT_TITLES) or any(p in line for p in "。,;"):
        return None
    title = _SUFFIX.sub("", bare_title(line, None))
    return next((spec for spec in PERFORMANCE_SPECS if any(r.fullmatch(title) for r in spec.title_res)), None)


def project_in_title(title: str) -> str | None:
    """The name a project's title prints before 项目支出绩效…表 (the fallback when no 项目名称 field is printed)."""
    m = _NAME_BEFORE.match(_SUFFIX.sub("", bare_title(title, None)))
    return (m.group(1) or None) if m else None

# The heading of a project list's 项目名称 column: in the row of the indicators' headings, it lists projects
LISTED_PROJECTS_HEADING = re.compile(r"^(?:单位\(项目\)|项目)名称$")
# a page's header line naming the 项目名称 column beside another column: 项目名称项目总额, 单位编码单位(项目)名称资金总额,
# 序号项目名称 (Chongqing 表十二); not a form's own field line (项目名称主管部门: Chongqing 表十一)
PROJECT_LIST_HEADER_LINE = re.compile(r"^(?:序号)?(?:单位编码)?(?:单位\(项目\)|项目)名称(?:项目总额|资金总额|项目金额|当年)"
                                      r"|^序号(?:单位\(项目\)|项目)名称$")

# A 项目支出绩效目标表 that lists its projects down one table, one merged 项目名称 cell per project (Changsha's
# 单位(项目)名称 column, Beijing's 预算表12, Chongqing's 表十二: 序号 | 项目名称 | … | 指标名称): its header cells (whole, squeezed) → what the column holds. A fund
# column's header is its fund line; a target column is one of TARGET_PARTS. Columns not named (绩效目标, 指标值内容,
# 评(扣)分标准, 备注 …) hold nothing the spec's evaluation keeps.
PROJECT_LIST_HEADERS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), role) for pattern, role in (
    (r"单位编码", "unit_code"),
    (r"单位名称", "unit"),  # Changchun 预算表11: the implementing unit, printed beside its projects
    (r"(?:单位\(项目\)|项目)名称", "name"),
    # Chongqing 表十二: 当年财政拨款预算金额; Changchun: 年度资金总额(万元)
    (r"资金总额|项目总额|财政资金|其他资金|当年财政拨款预算金额|年度资金总额\((?:万元|元)\)", "fund"),
    (r"一级指标", "level1"),
    (r"二级指标", "level2"),
    (r"三级指标|指标名称", "indicator"),  # Chongqing 表十二 prints no level columns
    (r"(?:指标)?权重(?:\(%\))?", "weight"),
))

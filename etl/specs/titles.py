"""Table titles: recognising a standard table's title among a document's lines, and its number."""
from __future__ import annotations

import re

from etl.specs.catalogue import SPECS
from etl.specs.spec import TableSpec

# Prefixes a region prints before the bare title: table numbers, year, "部门" wording.
# A number run into the year (表132021年…) is the table number up to the year.
_TITLE_PREFIX = re.compile(
    r"^(?:(?:附表|附件|公开表|部门公开表|表|公开)(?:\d{1,2}?(?=(?:19|20)\d{2}年)|[0-9]+|[一二三四五六七八九十]+)表?[、.:：\-—]?"  # 公开表5一般… is 5
    r"|[0-9一二三四五六七八九十]+[、.:：]"
    r"|[0-9]+表"
    r"|预算(?:\d+表|表\d+)"
    r"|\([一二三四五六七八九十0-9]+\))"
)
_YEAR_PREFIX = re.compile(r"^\d{4}年?度?")
_INSTITUTION_PREFIX = re.compile(r"^(?:高等学校|市级|省级|区级|县级|部门?综合预算|部门|预算单位|单位|本年)+")
# What a region prints after the title: a classification (财政拨款支出表（功能科目）), which the title words
# already tell apart, the table's number (收支总表（预算表 1）), or its scope ((不含上年结转)).
_TITLE_SUFFIX = re.compile(r"\((?:(?:按)?(?:支出)?(?:功能|经济)(?:分类)?(?:科目)?|(?:预算|决算|公开)?表[0-9一二三四五六七八九十]+"
                           r"|(?:不含|含)上年结转)\)$")


# The unit line run into the title's line (预算10表政府采购预算明细表金额单位:万元).
_UNIT_AFTER = re.compile(r"(?<=表)(?:金额)?单位[:：].*$")


def without_unit(line: str) -> str:
    """A title line without the unit line a region runs into it: the title as its table's caption prints it."""
    return _UNIT_AFTER.sub("", line)


def bare_title(line: str, department: str | None) -> str:
    """Strip what a region prints before a title (number, year, department), and a unit line run into it, so that
    the title can be matched."""
    s = _YEAR_PREFIX.sub("", _TITLE_PREFIX.sub("", without_unit(line)))
    if department and s.startswith(department):
        s = s[len(department):]
    return _INSTITUTION_PREFIX.sub("", _YEAR_PREFIX.sub("", s))


# A title wrapped inside what it prints after itself (…预算表(不含上 / 年结转)): the rest is on the next line.
_CUT_SUFFIX = re.compile(r"(?<=表)\([^()]*$")


def recognise_title(line: str, department: str | None) -> TableSpec | None:
    """The spec whose title this squeezed line is, if any: read with what follows the title first
    (一般公共预算支出表(按经济分类) is not the one by function), then without it."""
    if "表" not in line:  # every title pattern names its 表; most lines of a document are not titles
        return None
    title = bare_title(line, department)
    for candidate in dict.fromkeys((title, _TITLE_SUFFIX.sub("", title), _CUT_SUFFIX.sub("", title))):
        for spec in SPECS:
            if any(r.fullmatch(candidate) for r in spec.title_res):
                return spec
    return None


_ENDS_AS_TITLE = re.compile(r"表(\([^()]*\)?)?$")  # also where the line wraps inside the brackets
_TABLE_NUMBER_ONLY = re.compile(r"^(?:公开表|公开|附表|表)?[0-9一二三四五六七八九十]+表?$")


# A table's number where a line starts with it (表5, 表12022年…, 预算10表政府采购…, 公开01表).
_TABLE_NUMBER = re.compile(r"^(?:(?:公开|预算|附)?表\d{1,2}?(?=(?:19|20)\d{2}年|\D|$)|(?:公开|预算)\d{1,2}表)")


def table_number(line: str) -> str | None:
    """The table number a line starts with (表5, 预算10表), if any."""
    m = _TABLE_NUMBER.match(line)
    return m.group(0) if m else None


def is_table_number(line: str) -> bool:
    """公开表2, 表三, 附表1: a line that only numbers the table printed under it."""
    return bool(_TABLE_NUMBER_ONLY.match(line))


def looks_like_table_title(line: str) -> bool:
    """A line that names some table (ours or not): ends in 表 (or 表(按…分类)), short, not a note or a table number."""
    line = _TITLE_SUFFIX.sub("", line)
    return (
        bool(_ENDS_AS_TITLE.search(line))
        and 4 <= len(line) <= 60
        and not _TABLE_NUMBER_ONLY.match(line)
        and not line.startswith(("注", "说明", "备注"))
        and "……" not in line and "..." not in line
    )

"""Identity: the headings inside a document name the department and year of its cover."""
from __future__ import annotations

import re

from etl.checks.context import Document
from etl.checks.registry import SOURCE, check
from etl.document import org_name
from etl.records import Finding, Identity
from etl.vocabulary import Severity

_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>.+?)(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)"
                      r"(?:决算|预算)(?:表|情况说明|公开)?$")


@check("identity", tolerance="—", severity_policy=SOURCE,
       rule="a heading that names another department or year than the cover (the department's short name, 省检察院 "
            "for 江苏省人民检察院, names it too)")
def identity_headings(doc: Document) -> list[Finding]:
    return headings(doc.identity, {p.number: [line.text for line in p.lines] for p in doc.pages})


def headings(identity: Identity, page_lines: dict[int, list[str]]) -> list[Finding]:
    """Headings inside the document that name another department or year than its cover: a source defect."""
    findings = []
    for page, lines in sorted(page_lines.items()):
        for line in lines:
            m = _HEADING.match(line.rpartition("。")[2])  # a heading run on after the sentence above it
            name = m and org_name(m.group("name"))
            if not name:
                continue
            year = int(m.group("year"))
            other_name = (name != identity.department and not identity.department.startswith(name + "(")
                          and not _short_name(name, identity.department))
            if other_name or year != identity.fiscal_year:
                findings.append(Finding(
                    "identity", Severity.SOURCE, None, line, None, None, (f"p{page}",),
                    f"p{page} heading names {name} {year}, the document is {identity.department} "
                    f"{identity.fiscal_year}"))
    return findings


def _short_name(name: str, department: str) -> bool:
    """省检察院 for 江苏省人民检察院, 省人大办公厅 for 江苏省人大常委会办公厅: the department's own short name, which
    drops its place and keeps its words in order. A name with a place of its own (上海市规划和自然资源局 in the
    document of 上海市普陀区规划和自然资源局) names another department."""
    if not name.startswith(_LEVELS):
        return False
    rest = iter(department)
    return all(char in rest for char in name)


_LEVELS = ("省", "市", "区", "县")

"""The contents page (目录): every standard table it lists is printed."""
from __future__ import annotations

import re

from etl.checks.context import Document
from etl.checks.registry import check
from etl.document import PageText
from etl.records import ExtractedTable, Finding
from etl.specs import bare_title, recognise_title
from etl.vocabulary import Severity

_CONTENTS = ("目录", "目次")
_ENTRY_END = re.compile(r"[.…·—\-_\s]*\d*$")  # leaders and the page number after a contents entry


@check("contents", tolerance="—", severity_policy="`source` / `extraction`",
       rule="a standard table the contents page (目录) lists but the document does not print; `extraction` where "
            "the listed title is printed as a line all the same")
def listed_tables(doc: Document) -> list[Finding]:
    return contents(doc.pages, doc.tables, doc.identity.department)


def contents(pages: list[PageText], tables: list[ExtractedTable], department: str | None) -> list[Finding]:
    """Standard tables the document's contents page lists but the document does not print: a source defect, or
    an extraction one where the listed title is printed on a page all the same (we did not see it as a table)."""
    printed = {t.table_key for t in tables if t.table_key}
    printed |= {spec.key for t in tables if (spec := recognise_title(t.title, department))}  # keys told by headers
    listing = [p for p in pages if any(line.text.startswith(_CONTENTS) for line in p.lines[:3])]
    elsewhere = {bare_title(line.text, department) for p in pages if p not in listing for line in p.lines}
    findings = []
    for page in listing:
        for line in page.lines:
            entry = _ENTRY_END.sub("", line.text)
            spec = recognise_title(entry, department)
            if spec is None or spec.key in printed:
                continue
            printed.add(spec.key)  # once, however often it is listed
            severity = Severity.EXTRACTION if bare_title(entry, department) in elsewhere else Severity.SOURCE
            findings.append(Finding("contents", severity, spec.key, entry, None, None, (f"p{page.number}",),
                                    f"p{page.number} contents list {entry}; the document prints no such table"
                                    + (" that we read" if severity == Severity.EXTRACTION else "")))
    return findings

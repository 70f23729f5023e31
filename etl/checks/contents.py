"""The contents page (目录): every standard table it lists is printed."""
from __future__ import annotations

import re

from etl.checks.context import Document
from etl.checks.registry import check
from etl.document import PageText
from etl.records import ExtractedTable, Finding
from etl.specs import bare_title, recognise_title, table_number
from etl.vocabulary import Severity, TableStatus

_CONTENTS = ("目录", "目次")
_ENTRY_END = re.compile(r"[.…·—\-_\s]*\d*$")  # leaders and the page number after a contents entry


@check("contents", tolerance="—", severity_policy="`source` if listed and not printed; `extraction` if printed and "
                                                   "not recognised",
       rule="a standard table the contents page (目录) lists: listed and printed nowhere is the document's defect "
            "(`source`); its title printed on a page all the same (a line, or the title or number of a table we did "
            "not recognise) is ours (`extraction`)")
def listed_tables(doc: Document) -> list[Finding]:
    return contents(doc.pages, doc.tables, doc.identity.department)


def contents(pages: list[PageText], tables: list[ExtractedTable], department: str | None) -> list[Finding]:
    """Standard tables the document's contents page lists but the document does not print: a source defect; or
    printed and not recognised, where the listed title or its table number is printed on a page as a title
    (a line of its own, or the title of a table we did not recognise): an extraction defect."""
    printed = {t.table_key for t in tables if t.table_key}
    printed |= {spec.key for t in tables if (spec := recognise_title(t.title, department))}  # keys told by headers
    listing = [p for p in pages if any(line.text.startswith(_CONTENTS) for line in p.lines[:3])]
    unrecognised = [t.title for t in tables if t.status == TableStatus.UNRECOGNISED]
    titles = {bare_title(line.text, department) for p in pages if p not in listing for line in p.lines}
    titles |= {bare_title(title, department) for title in unrecognised}
    numbers = {number for title in unrecognised if (number := table_number(title))}
    findings = []
    for page in listing:
        for line in page.lines:
            entry = _ENTRY_END.sub("", line.text)
            spec = recognise_title(entry, department)
            if spec is None or spec.key in printed:
                continue
            printed.add(spec.key)  # once, however often it is listed
            if bare_title(entry, department) in titles or table_number(entry) in numbers:
                findings.append(Finding("contents", Severity.EXTRACTION, spec.key, entry, None, None,
                                        (f"p{page.number}",), f"p{page.number} contents list {entry}; it is printed, "
                                                              "and we did not recognise it as that table"))
            else:
                findings.append(Finding("contents", Severity.SOURCE, spec.key, entry, None, None, (f"p{page.number}",),
                                        f"p{page.number} contents list {entry}; the document prints no such table"))
    return findings

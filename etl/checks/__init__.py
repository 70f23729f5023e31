"""A disclosure's own accounting identities, as registered checks over one document's facts.

Each check (`CHECKS`, in etl/checks/registry.py) returns Findings. Severity says who is wrong:
- `extraction`: a figure in the failing identity is not printed on its page as we read it — we misread;
- `source`: every figure is printed as read, so the published document contradicts itself.
Every figure may be off by half a unit of its last printed digit (50 元 for 1,234.56 万元, 500 元 for
221.6 万元): an identity holds within the sum of its figures' rounding. An identity that adds up rows runs only
where every figure it needs was read (`Document.read_fully`, `Document.row_read_fully`). Which figures of a table add up, and what they must agree with, is declared on its spec (etl/identities.py);
what the 情况说明 states (figures, shares, 大于/小于, dates) and the tables its contents page lists are
checked against the tables and against themselves. README.md's table of checks is `markdown_table()`.
"""
from __future__ import annotations

# Imported for their registrations, in the order the checks run and README.md lists them.
from etl.checks import within_tables, units, across_tables, nesting, narrative, statements, names, contents, coverage, unread, performance  # noqa: F401, I001
from etl.checks.context import Document
from etl.checks.registry import CHECKS, Check, markdown_table
from etl.document import PageText
from etl.records import ExtractedTable, Finding, Identity, PerformanceEvaluation, SubjectName, UnreadPrint

__all__ = ["CHECKS", "Check", "check_document", "markdown_table"]


def check_document(tables: list[ExtractedTable], subjects: list[SubjectName], pages: list[PageText],
                   identity: Identity, evaluations: list[PerformanceEvaluation] | None = None,
                   not_read: list[UnreadPrint] | None = None) -> list[Finding]:
    """Every check, over one document (its performance evaluations, and what of its print was not read)."""
    doc = Document(tables, subjects, pages, identity, evaluations, not_read)
    return [finding for check in CHECKS.values() for finding in check.run(doc)]

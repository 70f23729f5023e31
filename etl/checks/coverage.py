"""Every amount a recognised table prints is accounted for: a fact, or a recorded reason why not; and a table
that could not be read exactly is said so, beside the tables of its document that were."""
from __future__ import annotations

from etl.checks.context import Document
from etl.checks.registry import check
from etl.records import Finding, PrintedCell
from etl.vocabulary import Severity, TableStatus

_READ = (TableStatus.READ, TableStatus.PRINTED_EMPTY)
_SHOWN = 5  # unexplained cells named in a finding's message


@check("coverage", tolerance="none: every cell", severity_policy="`extraction`",
       rule="every amount cell of a recognised table is a fact, or carries the reason it is none (a 栏次 column, "
            "another year's, a row no key holds, …)")
def unexplained_cells(doc: Document) -> list[Finding]:
    findings = []
    for table in doc.tables:
        if table.status not in _READ:
            continue
        cells = [c for c in table.cells if c.amount is not None and c.coverage is None]
        if cells:
            findings.append(Finding(
                "coverage", Severity.EXTRACTION, table.table_key, f"{len(cells)} unexplained amount cells",
                None, None, tuple(_where(c) for c in cells),
                f"{table.title}: {len(cells)} printed amounts are neither a fact nor given a reason: "
                + ", ".join(f"{_where(c)} {c.text!r}" for c in cells[:_SHOWN]) + (" …" if len(cells) > _SHOWN else "")))
    return findings


@check("unreadable_table", tolerance="—", severity_policy="`extraction`",
       rule="a standard table that cannot be read exactly (its cells are kept, its figures are not loaded)")
def unreadable_tables(doc: Document) -> list[Finding]:
    return [Finding("unreadable_table", Severity.EXTRACTION, t.table_key, t.title, None, None,
                    tuple(f"p{page}" for page in t.pages), f"{t.title} cannot be read exactly: {t.note}")
            for t in doc.tables if t.status == TableStatus.UNREADABLE]


def _where(cell: PrintedCell) -> str:
    ref = cell.ref
    return f"p{ref.page} grid {ref.grid} row {ref.row} col {ref.column}"

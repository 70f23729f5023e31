"""A corpus report: per PDF, what was recognised and read (docs/corpus.md is made with it)."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from etl.pipeline import extract
from etl.records import ExtractedDocument, ExtractedTable
from etl.specs.unrecognised import unrecognised_reason
from etl.vocabulary import CellCoverage, Severity, TableStatus, UnrecognisedReason


@dataclass(frozen=True)
class Coverage:
    """What became of the amount cells of recognised tables (mart.table_coverage counts the same in SQL)."""

    amount_cells: int = 0
    fact_cells: int = 0
    explained: int = 0  # rightly no fact: numbering, no measure, another year, repeated
    gaps: int = 0  # printed, not held
    unexplained: int = 0  # neither: each one an extraction finding
    reasons: tuple[tuple[CellCoverage, int], ...] = ()  # the cells that are not facts, by reason


def coverage(tables: Iterable[ExtractedTable]) -> Coverage:
    recognised = [table for table in tables if table.table_key]
    amounts = [cell for table in recognised for cell in table.cells if cell.amount is not None]
    unexplained = sum(cell.coverage is None for table in recognised if table.status == TableStatus.READ
                      for cell in table.cells if cell.amount is not None)
    reasons = Counter(cell.coverage for cell in amounts if cell.coverage not in (None, CellCoverage.FACT))
    return Coverage(len(amounts), sum(cell.coverage == CellCoverage.FACT for cell in amounts),
                    sum(n for reason, n in reasons.items() if not reason.is_gap),
                    sum(n for reason, n in reasons.items() if reason.is_gap), unexplained,
                    tuple(sorted(reasons.items())))


@dataclass(frozen=True)
class TableReport:
    """A recognised table whose amount cells are not all accounted for: gaps, unexplained, or unreadable."""

    table_key: str
    pages: str
    status: TableStatus
    coverage: Coverage


@dataclass(frozen=True)
class Unrecognised:
    """A table printed under a title no spec recognises, and why it is no standard table (None: not known)."""

    title: str
    pages: str
    reason: UnrecognisedReason | None

    def __str__(self) -> str:
        return f"{self.title} ({self.reason or 'no reason known'})"


@dataclass(frozen=True)
class FileReport:
    name: str
    pages: int | None
    readable: bool  # else refused, and `notes` says why
    identity: str
    recognised: list[str]
    unrecognised: list[Unrecognised]
    facts: int
    notes: list[str]
    seconds: float
    findings: str = "—"
    coverage: Coverage | None = None
    uncovered: list[TableReport] = field(default_factory=list)


def report_files(paths: Iterable[Path], root: Path, advance: Callable[[str], None] = lambda _: None) -> list[FileReport]:
    reports = []
    for path in paths:
        started = time.perf_counter()
        result = extract(path)
        name = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
        identity = result.identity
        label = (f"{identity.department} {identity.fiscal_year} {identity.report_kind}/{identity.report_level}"
                 if identity else "—")
        if isinstance(result, ExtractedDocument):
            reports.append(FileReport(
                name, result.page_count, True, label,
                [t.table_key for t in result.tables if t.table_key],
                [Unrecognised(t.title, _pages(t), unrecognised_reason(t.title)) for t in result.tables
                 if not t.table_key], len(result.facts),
                [f"{t.table_key}: {t.note}" for t in result.tables if t.table_key and t.note],
                time.perf_counter() - started,
                ", ".join(f"{sum(f.severity == severity for f in result.findings)} {severity}"
                          for severity in (Severity.EXTRACTION, Severity.SOURCE)),
                coverage(result.tables), uncovered(result.tables)))
        else:
            reports.append(FileReport(name, result.page_count, False, label, [], [], 0, [result.reason],
                                      time.perf_counter() - started))
        advance(path.name)
    return reports


def uncovered(tables: list[ExtractedTable]) -> list[TableReport]:
    reports = []
    for table in tables:
        counts = coverage([table])
        if table.table_key and (counts.gaps or counts.unexplained or table.status == TableStatus.UNREADABLE):
            reports.append(TableReport(table.table_key, _pages(table), table.status, counts))
    return reports


def _pages(table: ExtractedTable) -> str:
    return f"{min(table.pages)}–{max(table.pages)}" if len(table.pages) > 1 else str(table.pages[0])


def markdown(reports: list[FileReport], command: str) -> str:
    readable = [r for r in reports if r.readable]
    lines = [
        "# The real corpus, file by file",
        "",
        f"Regenerate with `{command}`. Each PDF is read by the extractor alone (no database):",
        "the tables it recognised (by key), the tables it saw but has no key for, the facts read, and",
        "notes (tables printed empty, rows without a subject code) or the reason a file is refused, and the",
        "accounting-identity findings (`warehouse check` explains them). Coverage: of the amount cells the",
        "recognised tables print, how many were read as facts, how many are rightly none (explained: numbering,",
        "a column with no measure, another year, a repeat), how many the warehouse does not hold (gaps), and how",
        "many nothing explains (unexplained: each one an `extraction` finding).",
        "",
        f"{len(reports)} files: {len(readable)} readable, {len(reports) - len(readable)} refused; "
        f"{sum(r.facts for r in readable)} facts; {sum(r.pages or 0 for r in reports)} pages in "
        f"{sum(r.seconds for r in reports):.1f} s.",
        "",
        "| file | pages | status | document | tables recognised | not recognised | facts | amount cells "
        "| explained | gaps | unexplained | findings | notes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        counts = [str(n) for n in (r.coverage.amount_cells, r.coverage.explained, r.coverage.gaps,
                                   r.coverage.unexplained)] if r.coverage else ["—"] * 4
        cells = [r.name, str(r.pages or "—"), "readable" if r.readable else "refused", r.identity, ", ".join(r.recognised) or "—",
                 "; ".join(map(str, r.unrecognised)) or "—", str(r.facts), *counts, r.findings,
                 "; ".join(r.notes) or "—"]
        lines.append(_row(cells))
    uncovered = [(r, t) for r in reports for t in r.uncovered]
    lines += ["", "## Tables not fully covered", "",
              "Recognised tables with amount cells the warehouse does not hold (gaps), that nothing explains, or "
              "that could not be read.", ""]
    if uncovered:
        lines += ["| file | table | pages | status | amount cells | facts | explained | gaps | unexplained | reasons |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        lines += [_row([r.name, t.table_key, t.pages, t.status, str(t.coverage.amount_cells),
                        str(t.coverage.fact_cells), str(t.coverage.explained), str(t.coverage.gaps),
                        str(t.coverage.unexplained),
                        ", ".join(f"{reason} {n}" for reason, n in t.coverage.reasons) or "—"])
                  for r, t in uncovered]
    else:
        lines.append("None.")
    unrecognised = [(r, u) for r in reports for u in r.unrecognised]
    lines += ["", "## Tables not recognised", "",
              "Tables printed under a title no spec recognises, with the reason each is no standard table "
              "(`UnrecognisedReason`); a table with no reason known is one to give a key.", ""]
    if unrecognised:
        lines += ["| file | title | pages | reason |", "|---|---|---|---|"]
        lines += [_row([r.name, u.title, u.pages, u.reason or "**no reason known**"]) for r, u in unrecognised]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

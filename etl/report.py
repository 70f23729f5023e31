"""A corpus report: per PDF, what was recognised and read (docs/corpus.md is made with it)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from etl.pipeline import extract
from etl.records import ExtractedDocument
from etl.vocabulary import Severity


@dataclass(frozen=True)
class FileReport:
    name: str
    pages: int | None
    status: str  # readable | refused
    identity: str
    recognised: list[str]
    unrecognised: list[str]
    facts: int
    notes: list[str]
    seconds: float
    findings: str = "—"


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
                name, result.page_count, "readable", label,
                [t.table_key for t in result.tables if t.table_key],
                [t.title for t in result.tables if not t.table_key], len(result.facts),
                [f"{t.table_key}: {t.note}" for t in result.tables if t.table_key and t.note],
                time.perf_counter() - started,
                ", ".join(f"{sum(f.severity == severity for f in result.findings)} {severity}"
                          for severity in (Severity.EXTRACTION, Severity.SOURCE))))
        else:
            reports.append(FileReport(name, result.page_count, "refused", label, [], [], 0, [result.reason],
                                      time.perf_counter() - started))
        advance(path.name)
    return reports


def markdown(reports: list[FileReport], command: str) -> str:
    readable = [r for r in reports if r.status == "readable"]
    lines = [
        "# The real corpus, file by file",
        "",
        f"Regenerate with `{command}`. Each PDF is read by the extractor alone (no database):",
        "the tables it recognised (by key), the tables it saw but has no key for, the facts read, and",
        "notes (tables printed empty, rows without a subject code) or the reason a file is refused, and the",
        "accounting-identity findings (`warehouse check` explains them).",
        "",
        f"{len(reports)} files: {len(readable)} readable, {len(reports) - len(readable)} refused; "
        f"{sum(r.facts for r in readable)} facts; {sum(r.pages or 0 for r in reports)} pages in "
        f"{sum(r.seconds for r in reports):.1f} s.",
        "",
        "| file | pages | status | document | tables recognised | not recognised | facts | findings | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        cells = [r.name, str(r.pages or "—"), r.status, r.identity, ", ".join(r.recognised) or "—",
                 "; ".join(r.unrecognised) or "—", str(r.facts), r.findings, "; ".join(r.notes) or "—"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"

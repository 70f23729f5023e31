"""Regenerate function_subjects.csv and economic_subjects.csv from what the disclosures print.

    python -m etl.classification.harvest PDF-or-folder ...

Every ruled table of every document is read with the project's own grid reader and parser, by the
subject-code columns of the standard tables (科目编码 / 类 款 项 beside 科目名称), whether or not the
document as a whole can be loaded. Every (code, name) pair printed is kept, with the years and the
number of documents that print it. Names are compared as the parser keys labels (NFKC, no white
space); a name with digits in it is a cell the neighbouring figures ran into, and is dropped. Codes
starting with 2 are 支出功能分类科目, codes starting with 3 部门预算支出经济分类科目; others (收入分类 1…,
政府预算经济分类 5…) are not collected.

A pair is `agreed` unless a single document prints it while two or more documents print another name
for the same code (a name cut short, a local numbering): then it is `disputed`, kept in the file for
the record but not used to resolve names. A table with three or more such pairs (other than names
cut short) numbers its subjects its own way: none of its pairs counts as evidence. Renamed subjects
stay agreed under each name, with the years each was printed in.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from etl.classification import AGREED, HARVESTED, HARVESTED_LEVELS, REFERENCE, read_csv
from etl.document import read_identity, read_pages
from etl.parse import GridReader
from etl.pipeline import discover
from etl.records import ExtractionError
from etl.specs import SKIP, SPEC_BY_KEY, TableSpec, rules
from etl.tables import read_grids
from etl.vocabulary import ReportKind, RowKey

DISPUTED = "disputed"
KINDS = {"2": "function", "3": "economic"}  # a subject code's first digit → its classification

# The key columns of a code-keyed standard table; a 政府经济分类 code column beside the 部门 one is not ours.
SUBJECT_COLUMNS = TableSpec(
    key="subject_list", titles=(), row_key=RowKey.FUNCTION_CODE,
    columns=rules((r"政府", SKIP)) + tuple(r for r in SPEC_BY_KEY["expenditure"].columns
                                          if not r.role.startswith("measure:")),
)
_CODE_IN_TEXT = re.compile(r"(?<!\d)[23]\d{2}(?:\d{2}){0,2}\s*[\u4e00-\u9fff]")

Pair = tuple[str, str, str]  # kind, code, name
Documents = dict[Path, int | None]  # the documents that print a pair, with each one's year


@dataclass(frozen=True)
class PrintedTable:
    path: Path
    year: int | None
    pairs: frozenset[Pair]


def harvest(paths: list[str | Path]) -> list[PrintedTable]:
    tables: list[PrintedTable] = []
    for path in discover(paths):
        pdf = pdfium.PdfDocument(str(path))
        try:
            pages = read_pages(pdf)
            identity = read_identity(pages)
            year = identity.fiscal_year if identity else None
            found = _printed_pairs(pdf, [p.number for p in pages if _CODE_IN_TEXT.search(p.text)])
        finally:
            pdf.close()
        tables += [PrintedTable(path, year, pairs) for pairs in found if pairs]
        print(f"{path.name}: {len(set().union(*found))} pairs", file=sys.stderr)
    return tables


def _printed_pairs(pdf: pdfium.PdfDocument, pages: list[int]) -> list[frozenset[Pair]]:
    """The pairs each table prints (a table continued over pages counts once)."""
    tables: list[set[Pair]] = []
    reader, last_page = None, None
    for grid in read_grids(pdf, pages):
        fresh = GridReader(SUBJECT_COLUMNS, "元", ReportKind.BUDGET, by_name=False)
        try:
            fresh.read([grid])
            reader = fresh
            tables.append(set())
        except ExtractionError:  # no header of its own: a table continued from the page before
            if reader is None or grid.page != last_page + 1:
                continue
            try:
                reader.read([grid])
            except ExtractionError:
                reader = None
                continue
        last_page = grid.page
        for subject in reader.subjects.values():
            kind = KINDS.get(subject.code[0])
            if kind and len(subject.code) in HARVESTED_LEVELS[kind] and not re.search(r"\d", subject.name):
                tables[-1].add((kind, subject.code, subject.name))
        reader.subjects.clear()
    return [frozenset(pairs) for pairs in tables]


def documents(tables: list[PrintedTable]) -> dict[Pair, Documents]:
    printed: dict[Pair, Documents] = defaultdict(dict)
    for table in tables:
        for pair in table.pairs:
            printed[pair][table.path] = table.year
    return printed


def contradicted(printed: dict[Pair, Documents]) -> dict[Pair, list[str]]:
    """Pairs printed by one document only while two or more print another name: pair → those names."""
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kind, code, name in printed:
        names[(kind, code)].append(name)
    against = {(kind, code, name): [other for other in names[(kind, code)]
                                    if other != name and len(printed[(kind, code, other)]) >= 2]
               for (kind, code, name), docs in printed.items() if len(docs) == 1}
    return {pair: others for pair, others in against.items() if others}


def statuses(tables: list[PrintedTable]) -> dict[Pair, str]:
    against = contradicted(documents(tables))
    cut_short = {pair for pair, others in against.items() if any(o.startswith(pair[2]) for o in others)}
    own_numbering = [t for t in tables if len((t.pairs & against.keys()) - cut_short) >= 3]
    evidence = documents([t for t in tables if t not in own_numbering])
    disputed = set(contradicted(evidence)) | {p for t in own_numbering for p in t.pairs if p not in evidence}
    return {pair: DISPUTED if pair in disputed else AGREED for pair in documents(tables)}


def write(tables: list[PrintedTable]) -> None:
    printed, status = documents(tables), statuses(tables)
    for kind, target in HARVESTED.items():
        rows = sorted(((code, name, docs) for (k, code, name), docs in printed.items() if k == kind),
                      key=lambda row: (row[0], -len(row[2]), row[1]))
        with target.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(["code", "name", "years", "documents", "status"])
            for code, name, docs in rows:
                years = " ".join(str(y) for y in sorted({y for y in docs.values() if y}))
                out.writerow([code, name, years, len(docs), status[(kind, code, name)]])
        print(f"{target.name}: {len(rows)} names of {len({r[0] for r in rows})} codes", file=sys.stderr)
    current = {(r["kind"], r["code"]): r["name"] for r in read_csv(REFERENCE) if not r["last_year"]}
    for (kind, code, name), docs in sorted(printed.items()):
        if current.get((kind, code), name) != name and status[(kind, code, name)] == AGREED:
            print(f"{code} {name} ({len(docs)} documents): the reference names it {current[(kind, code)]}",
                  file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    write(harvest(sys.argv[1:]))

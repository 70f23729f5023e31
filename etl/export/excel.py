"""One Excel workbook per document: each standard table on a sheet of its own, as it is printed.

A table's sheet has the printed title, its unit and pages, then a header row and one row per printed row,
in the order printed (by page, then as read), with its code, the code's name and the amounts in the order
their columns first appear. Amounts are in 元, or with `AmountUnit.DOCUMENT` in the unit the table is printed
in (万元 ÷ 10000, exactly: the printed figures). A table that counts things as well as money (related_info)
stays as stored. The sheet `document` says where the workbook comes from; `quality_findings` lists the
accounting identities the document fails, in 元.

Excel keeps numbers as binary floating point, which holds any decimal of up to 15 significant digits: every
amount under 10 万亿元 reads back exact to the cent.
"""
from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection, Engine

from etl.export.fdp import is_money
from etl.export.selection import (
    AmountUnit, Document, PrintedFact, PrintedTable, Selection, documents, printed_facts, printed_tables, quality_findings,
)
from etl.values import UNIT_FACTORS

YUAN = "元"
HEADER_ROW = 3  # title, unit and pages, then the header
KEY_COLUMNS = ("function_code", "economic_code", "item")  # a printed row's key …
BEYOND_FLAT_KEY = ("government_economic_code", "budget_unit", "project")  # … and where it needs them, these
CODE_COLUMNS = ("function_code", "government_economic_code", "economic_code")
NAME_COLUMN = "name"
# a sheet's key columns, those its table has: the unit a row belongs to, its codes and the first one's name,
# the project and label printed
SHEET_KEY_ORDER = ("budget_unit", "function_code", "government_economic_code", "economic_code", NAME_COLUMN, "project",
                   "item")
DOCUMENT_SHEET, FINDINGS_SHEET = "document", "quality_findings"
AMOUNT_FORMAT = "#,##0.00##"
COLUMN_WIDTHS = {"function_code": 12, "government_economic_code": 12, "economic_code": 12, NAME_COLUMN: 30,
                 "budget_unit": 30, "project": 36, "item": 36}  # amounts: 16
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def write_workbooks(engine: Engine, selection: Selection, folder: Path, unit: AmountUnit) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with engine.connect() as conn:
        for document in documents(conn, selection):
            path = folder / workbook_name(document)
            write_workbook(conn, document, unit, path)
            paths.append(path)
    return paths


def workbook_name(document: Document) -> str:
    stem = f"{document.department}_{document.fiscal_year}_{document.report_kind}_{document.report_level}"
    return _UNSAFE_IN_FILE_NAMES.sub("_", stem) + ".xlsx"


def shown_unit(table: PrintedTable, unit: AmountUnit) -> str:
    """The unit a table's amounts are shown in on its sheet."""
    if unit is AmountUnit.DOCUMENT and table.unit and is_money(table.table_key):
        return table.unit
    return YUAN


def write_workbook(conn: Connection, document: Document, unit: AmountUnit, path: Path) -> None:
    book = Workbook()
    _document_sheet(book.active, document, unit)
    for table in printed_tables(conn, document):
        _table_sheet(book.create_sheet(table.table_key), table, printed_facts(conn, document, table.table_key),
                     shown_unit(table, unit))
    columns, rows = quality_findings(conn, document)
    sheet = book.create_sheet(FINDINGS_SHEET)
    _put_row(sheet, 1, ["数据质量发现 / accounting identities the document fails (money in 元)"])
    _put_row(sheet, HEADER_ROW, columns, bold=True)
    for i, row in enumerate(rows):
        _put_row(sheet, HEADER_ROW + 1 + i, row)
    book.save(path)


def _document_sheet(sheet: Worksheet, document: Document, unit: AmountUnit) -> None:
    sheet.title = DOCUMENT_SHEET
    rows = [("department", document.department), ("fiscal_year", document.fiscal_year),
            ("report_kind", document.report_kind), ("report_level", document.report_level),
            ("source_file", document.source_file), ("source_sha256", document.sha256),
            ("amounts", "元" if unit is AmountUnit.YUAN else "each table in its printed unit (row 2 of its sheet)")]
    for i, row in enumerate(rows):
        _put_row(sheet, i + 1, row)


def _table_sheet(sheet: Worksheet, table: PrintedTable, facts: list[PrintedFact], unit: str) -> None:
    row_key = KEY_COLUMNS + BEYOND_FLAT_KEY
    keys = [c for c in row_key if any(getattr(f, c) for f in facts)]
    if any(c in CODE_COLUMNS for c in keys):
        keys.append(NAME_COLUMN)
    measures = list(dict.fromkeys(f.measure for f in facts))
    lines: dict[tuple, dict] = {}  # a printed row's key → its name and amounts, in the order printed
    for f in facts:
        line = lines.setdefault(tuple(getattr(f, c) for c in row_key), {NAME_COLUMN: f.subject_name})
        line[f.measure] = f.amount / UNIT_FACTORS[unit]
    pages = f"p{table.first_page}" + (f"-{table.last_page}" if table.last_page != table.first_page else "")
    _put_row(sheet, 1, [table.title], bold=True)
    _put_row(sheet, 2, [f"单位：{unit}", pages, *([table.note] if table.note else [])])
    header = [*(c for c in SHEET_KEY_ORDER if c in keys), *measures]
    _put_row(sheet, HEADER_ROW, header, bold=True)
    for i, (key, line) in enumerate(lines.items()):
        values = dict(zip(row_key, key)) | line
        _put_row(sheet, HEADER_ROW + 1 + i, [values.get(column) for column in header])
        for cell in sheet[HEADER_ROW + 1 + i][len(header) - len(measures):]:
            cell.number_format = AMOUNT_FORMAT
    for column, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS.get(name, 16)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=len(header) - len(measures) + 1)


def _put_row(sheet: Worksheet, row: int, values: list | tuple, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell.data_type = "s"  # a label printed as "=…" is text, never a formula
        else:
            cell.value = value
        if bold:
            cell.font = Font(bold=True)


"""The warehouse's closed vocabularies: every status, kind and reason the code branches on.

Each is a `StrEnum`, so its members are the very strings stored in PostgreSQL; the models build their
check constraints from them (`models.warehouse.one_of`). Human text (a refusal's reason, a table's note)
is for people: code compares these members, never that text.
"""
from __future__ import annotations

from enum import StrEnum


class ReportKind(StrEnum):
    FINAL = "final"  # 决算
    BUDGET = "budget"  # 预算


class ReportLevel(StrEnum):
    DEPARTMENT = "department"  # 部门
    UNIT = "unit"  # 单位


class DocumentStatus(StrEnum):
    """A file's state in the warehouse."""

    LOADED = "loaded"
    REFUSED = "refused"
    SUPERSEDED = "superseded"  # a newer document of the same department, year, kind and level was loaded


class LoadStatus(StrEnum):
    """What one load did with one file."""

    LOADED = "loaded"
    UNCHANGED = "unchanged"  # the same bytes were already in the warehouse
    REFUSED = "refused"


class CellSource(StrEnum):
    """Where a printed cell's text came from (warehouse.document_cell.source)."""

    TEXT = "text"  # the PDF's own characters
    OCR = "ocr"  # recognised on the page image: a scan with no text layer (etl/ocr)


class Severity(StrEnum):
    """Whose defect a failing identity is (etl/checks)."""

    EXTRACTION = "extraction"  # a figure involved is not printed as we read it: ours
    SOURCE = "source"  # every figure is printed as read: the document's own inconsistency


class RowKey(StrEnum):
    """What keys a table's rows (a spec's `row_key`); a table with none has one row of measures. Each is a Fact
    field: a row may be keyed by more than one (a code beside the 政府经济分类 code it is nested under)."""

    FUNCTION_CODE = "function_code"
    ECONOMIC_CODE = "economic_code"
    ITEM = "item"
    GOVERNMENT_ECONOMIC_CODE = "government_economic_code"  # never a spec's row_key: printed beside its codes
    PROJECT = "project"  # a project's name as printed (项目支出表); its totals line is the item 合计


class SubjectKind(StrEnum):
    FUNCTION = "function"  # 支出功能分类科目
    ECONOMIC = "economic"  # 部门预算支出经济分类科目
    GOVERNMENT_ECONOMIC = "government_economic"  # 政府预算支出经济分类科目 (5xx)


class NameSource(StrEnum):
    """Where a subject's name comes from, most authoritative first."""

    REFERENCE = "reference"
    CORPUS = "corpus"
    DOCUMENT = "document"


class CrosswalkRelation(StrEnum):
    SAME = "same"
    RENAMED = "renamed"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"


class TableStatus(StrEnum):
    """How a table a document prints was read."""

    READ = "read"  # a standard table whose figures were read
    PRINTED_EMPTY = "printed_empty"  # a standard table with no figures in it
    NO_GRID = "no_grid"  # a standard table's title, but no ruled grid under it
    UNRECOGNISED = "unrecognised"  # a table-like title that is none of ours
    UNREADABLE = "unreadable"  # a standard table that could not be read exactly: its cells kept, no facts


class UnrecognisedReason(StrEnum):
    """Why a table-like title a document prints is no standard table (etl/specs/unrecognised.py reads it off the
    title): it carries no figures of the contract's tables, or figures the contract names no table for."""

    CONTENTS = "contents"  # the tables part's heading or its list of tables (报表目录): no figures of its own
    PERFORMANCE = "performance"  # a 绩效 table: read by the performance pass (mart.performance_*), not as facts
    SERVICE_PURCHASES = "service_purchases"  # 政府购买服务明细表: services bought, by 指导性目录, lines repeated
    EXPENSE_LIST = "expense_list"  # 会议费 / 培训费明细表: each meeting or training listed, with its date and count
    CHART = "chart"  # 构成表: a composition drawn as a chart in the narrative, its figures in the text
    NARRATIVE = "narrative"  # a sentence of the narrative that ends in 表, no table


class Unread(StrEnum):
    """What the reading left of the print, and why (etl/checks/unread.py)."""

    IMAGE_PAGE = "image_page"  # a page printed as an image in a PDF with a text layer, not read by OCR
    TURNED_PAGE = "turned_page"  # a scanned page turned further than can be straightened: not read
    OCR_FIGURE = "ocr_figure"  # a scanned figure no reading settles: its cell left blank, no fact read from it


class CellCoverage(StrEnum):
    """What became of an amount printed in a table's body: a fact, or the reason it is not one.

    An amount cell of a recognised table with no coverage is unexplained: an `extraction` finding."""

    FACT = "fact"
    # printed, and rightly no fact of its own
    COLUMN_NUMBER = "column_number"  # 行次, 栏次, 序号: numbering, not money
    NOT_A_MEASURE = "not_a_measure"  # a column the contract names no measure for (增减, 上年, another source's share)
    OTHER_YEAR = "other_year"  # a column of another year's figures (2025年执行数 in a 2026 budget)
    REPEATED = "repeated"  # the same figure again for a key already read (a total repeated on a continuation page)
    # printed, and not (yet) a fact: what the warehouse cannot hold or read
    UNKEYED_ROW = "unkeyed_row"  # a row no flat key holds (per unit, project, 政府经济分类 rows)
    AMBIGUOUS_KEY = "ambiguous_key"  # one key printed on several rows with different amounts
    UNIT_BLOCK = "unit_block"  # a row under one of several 预算单位 blocks
    UNREADABLE_TABLE = "unreadable_table"  # the table could not be read exactly

    @property
    def is_gap(self) -> bool:
        """A figure the table prints that the warehouse does not hold: identities over it cannot be trusted."""
        return self in (CellCoverage.UNKEYED_ROW, CellCoverage.AMBIGUOUS_KEY, CellCoverage.UNIT_BLOCK,
                        CellCoverage.UNREADABLE_TABLE)


class RefusalReason(StrEnum):
    """Why a file is not loaded; the human `reason` beside it says it in words, with the particulars."""

    EMPTY_FILE = "empty_file"
    NOT_A_PDF = "not_a_pdf"
    TRUNCATED_PDF = "truncated_pdf"
    DAMAGED_PDF = "damaged_pdf"
    ENCRYPTED = "encrypted"  # cannot be opened without a password, or by pdfium at all
    COPY_FORBIDDEN = "copy_forbidden"  # opens, but its permissions forbid extracting text
    NO_TEXT_LAYER = "no_text_layer"  # scanned or image-only, and OCR finds no text on it either
    NOT_A_DISCLOSURE = "not_a_disclosure"
    NARRATIVE_ONLY = "narrative_only"  # no standard table is named or printed
    TABLES_NOT_PRINTED = "tables_not_printed"  # titles named, no table printed (the narrative half of a pair)
    NO_IDENTITY = "no_identity"  # department and year cannot be read
    UNREADABLE_TABLE = "unreadable_table"  # a table cannot be read exactly
    NO_FIGURES = "no_figures"  # a blank template
    READER_CRASHED = "reader_crashed"  # the reading process died twice on it
    REJECTED_BY_DATABASE = "rejected_by_database"
    INTERNAL_ERROR = "internal_error"  # an unexpected exception in our code: our defect, not the document's

    @property
    def is_narrative_half(self) -> bool:
        """A file that may be the narrative of a tables-only file of the same report."""
        return self in (RefusalReason.NARRATIVE_ONLY, RefusalReason.TABLES_NOT_PRINTED)


class PerformancePhase(StrEnum):
    """Which kind of performance table an evaluation is (spec: Performance tables)."""

    SELF_EVALUATION = "self_evaluation"  # a 绩效自评表, in a 决算
    TARGET = "target"  # a 绩效目标表, in a budget


class PerformanceScope(StrEnum):
    DEPARTMENT = "department"  # the department's or unit's whole spending (部门整体)
    PROJECT = "project"

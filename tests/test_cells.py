"""The cell layer: every table a document prints, cell by cell, with every amount cell of a recognised table a
fact (that names its cell) or given a reason; and one table that cannot be read costs its document only itself."""
from dataclasses import replace
from decimal import Decimal

import pytest

import samples.document
from etl.pipeline import extract
from etl.records import CellRef, ExtractedDocument, RefusedDocument
from etl.vocabulary import CellCoverage, RefusalReason, Severity, TableStatus
from samples import SyntheticDisclosure, write_disclosure_pdf
from samples.cells import Cell
from tests.conftest import REAL

CHANGCHUN = REAL / "jl-changchun_xinfangju_2026_budget_dept.pdf"  # 21 pages, budgets in 万元
READ = (TableStatus.READ, TableStatus.PRINTED_EMPTY)
SPEC = SyntheticDisclosure("示例市审计局", 2023)


@pytest.fixture(scope="module")
def changchun() -> ExtractedDocument:
    return extract(CHANGCHUN)


def table(doc: ExtractedDocument, key: str):
    return next(t for t in doc.tables if t.table_key == key)


def test_every_amount_cell_of_a_recognised_table_is_a_fact_or_has_a_reason(changchun):
    amount_cells = [c for t in changchun.tables if t.status in READ for c in t.cells if c.amount is not None]
    assert amount_cells and all(c.coverage is not None for c in amount_cells)
    assert not [f for f in changchun.findings if f.check == "coverage"]


def test_a_fact_names_its_cell_with_the_box_it_is_printed_in(changchun):
    """收支总表 p6: 一、财政拨款收入 1682.76 (万元)."""
    summary = table(changchun, "income_expenditure_summary")
    fact = next(f for f in summary.facts if f.item == "财政拨款收入" and f.measure == "income")
    assert fact.amount == Decimal("16827600.00")
    assert fact.cell == CellRef(page=6, grid=0, row=4, column=1)
    (cell,) = [c for c in summary.cells if c.ref == fact.cell]
    assert (cell.text, cell.amount, cell.unit, cell.coverage) == ("1682.76", Decimal("1682.76"), "万元",
                                                                  CellCoverage.FACT)
    assert cell.column_span == 1
    assert cell.bbox == pytest.approx((138.65, 642.01, 197.7, 661.16), abs=0.01)


def test_every_fact_is_read_from_a_cell_of_its_own(changchun):
    for t in changchun.tables:
        cells = {c.ref: c for c in t.cells}
        assert len({f.cell for f in t.facts}) == len(t.facts)
        for fact in t.facts:
            assert cells[fact.cell].coverage == CellCoverage.FACT
            assert cells[fact.cell].amount * 10000 == fact.amount


def test_the_split_of_this_years_and_carried_over_funds_is_no_measure(changchun):
    """收支总表 prints 本年预算 | 编制预算 | 上年结转 on each half: the facts are 本年预算's, the others split it."""
    summary = table(changchun, "income_expenditure_summary")
    split = [c for c in summary.cells if c.amount is not None and c.ref.column in (2, 3, 6, 7)]
    assert split and {c.coverage for c in split} == {CellCoverage.NOT_A_MEASURE}


def test_header_and_label_cells_are_kept_without_amounts(changchun):
    summary = table(changchun, "income_expenditure_summary")
    texts = {c.ref: c for c in summary.cells}
    assert texts[CellRef(6, 0, 3, 1)].text == "本年预算"
    assert texts[CellRef(6, 0, 4, 0)].text == "一、财政拨款收入"
    assert texts[CellRef(6, 0, 4, 0)].amount is None


def test_codes_are_no_amounts(changchun):
    economic = table(changchun, "general_budget_economic")
    code = next(c for c in economic.cells if c.text == "301")
    assert (code.amount, code.coverage) == (None, None)


# --- table-level failure isolation --------------------------------------------------------------------------------

def _with_a_header_word_in_an_amount_cell(monkeypatch, keys: set[str]) -> None:
    """The sample document with the first amount of each table in `keys` printed as 入0.00: a header character
    that wrapped into the cell below it."""
    tables_for = samples.document.tables_for

    def damaged(spec, figures):
        tables = tables_for(spec, figures)
        return [_damage(t) if t.key in keys else t for t in tables]

    monkeypatch.setattr(samples.document, "tables_for", damaged)


def _damage(t):
    body = [list(row) for row in t.body]
    first = next(((r, i) for r, row in enumerate(body) for i, c in enumerate(row) if c.fact is not None), None)
    if first is None:  # a table printed empty: nothing to damage
        return t
    body[first[0]][first[1]] = Cell("入0.00")
    return replace(t, body=tuple(tuple(row) for row in body))


def test_a_table_that_cannot_be_read_costs_its_document_only_itself(tmp_path, monkeypatch):
    _with_a_header_word_in_an_amount_cell(monkeypatch, {"expenditure"})
    doc = extract(write_disclosure_pdf(SPEC, tmp_path / "d.pdf"))
    assert isinstance(doc, ExtractedDocument)
    unreadable = table(doc, "expenditure")
    assert unreadable.status == TableStatus.UNREADABLE and unreadable.facts == []
    assert "not an amount: '入0.00'" in unreadable.note
    cells = [c for c in unreadable.cells if c.amount is not None]
    assert cells and {c.coverage for c in cells} == {CellCoverage.UNREADABLE_TABLE}
    assert any(c.text == "入0.00" for c in unreadable.cells)
    others = [t for t in doc.tables if t.table_key and t.table_key != "expenditure"]
    assert others and all(t.status in READ for t in others)
    assert table(doc, "income").facts
    (finding,) = [f for f in doc.findings if f.check == "unreadable_table"]
    assert (finding.severity, finding.table_key) == (Severity.EXTRACTION, "expenditure")


def test_a_document_with_no_readable_table_is_refused(tmp_path, monkeypatch):
    """Every table with figures damaged; the others are printed empty."""
    _with_a_header_word_in_an_amount_cell(monkeypatch, {t.key for t in samples.document.tables_for(
        SPEC, samples.document.figures_for(SPEC))})
    refused = extract(write_disclosure_pdf(SPEC, tmp_path / "d.pdf"))
    assert isinstance(refused, RefusedDocument)
    assert refused.reason_code == RefusalReason.UNREADABLE_TABLE
    assert "not an amount" in refused.reason

"""Generated disclosures in, exactly their facts out: units, split code columns, continued tables."""
from decimal import Decimal

import pytest

from etl.pipeline import extract
from etl.records import ExtractedDocument
from samples import SyntheticDisclosure, demo_disclosures, expected_facts, write_disclosure_pdf

VARIANTS = [
    *demo_disclosures(),
    SyntheticDisclosure("测试市审计局", 2021, unit="万元", decimals=6, split_codes=True),
    SyntheticDisclosure("测试区人民政府办公室", 2024, long_expenditure=True, split_codes=True),
]


def fact_map(facts) -> dict:
    """Gold-style facts by Fact.key (the keys beyond the flat key null where a fact has none)."""
    return {(f["table"], f["function_code"], f["economic_code"], f["item"], f["measure"],
             f.get("government_economic_code"), f.get("budget_unit"), f.get("project")): Decimal(f["amount"])
            for f in facts}


@pytest.mark.parametrize("spec", VARIANTS, ids=lambda s: f"{s.department}-{s.unit}-{'split' if s.split_codes else 'one'}")
def test_generated_disclosure_reads_exactly(spec, tmp_path):
    result = extract(write_disclosure_pdf(spec, tmp_path / "doc.pdf"))
    assert isinstance(result, ExtractedDocument), getattr(result, "reason", "")
    assert (result.identity.department, result.identity.fiscal_year) == (spec.department, spec.fiscal_year)
    assert (result.identity.report_kind, result.identity.report_level) == ("final", "department")
    got = {f.key: f.amount for f in result.facts}
    assert got == fact_map(expected_facts(spec))


def test_empty_tables_are_no_facts_and_no_error(tmp_path):
    result = extract(write_disclosure_pdf(demo_disclosures()[0], tmp_path / "doc.pdf"))
    notes = {t.table_key: t.note for t in result.tables}
    assert notes["government_fund"] == notes["state_capital"] == "printed empty"


def test_every_fact_knows_its_page(tmp_path):
    result = extract(write_disclosure_pdf(demo_disclosures()[0], tmp_path / "doc.pdf"))
    pages = {t.table_key: set(t.pages) for t in result.tables}
    assert all(f.page in pages[f.table_key] for f in result.facts)
    assert any(len(p) > 1 for p in pages.values())  # a table continued on the next page

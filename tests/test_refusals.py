"""Files that are not loadable disclosures are refused with a reason, never half-loaded."""
import psycopg

from etl.pipeline import extract
from etl.records import RefusedDocument
from tests.conftest import REAL
from warehouse.cli import main


# Files that are no PDF at all, cut short, encrypted, scanned …: tests/test_bad_input.py; the image-only
# narrative, read by OCR: tests/test_ocr.py


def test_narrative_only_pdf_has_no_tables():
    result = extract(REAL / "js-prov_renda-bangongting_2019_budget_dept_narrative.pdf")
    assert isinstance(result, RefusedDocument)
    assert result.reason.startswith("no standard tables")


def test_blank_template_has_no_figures():
    result = extract(REAL / "templates/sh-putuo_final_dept_template_2024_annex2.pdf")
    assert isinstance(result, RefusedDocument)
    assert result.reason.startswith("no figures")


def test_refusals_are_recorded_and_the_exit_code_says_so(database_url, tmp_path, capsys):
    fake = tmp_path / "broken.pdf"
    fake.write_bytes(b"%PDF-1.7\n truncated")
    assert main(["load", str(fake)]) == 1
    assert "refused" in capsys.readouterr().out
    with psycopg.connect(database_url) as conn:
        status, reason, facts = conn.execute(
            "select status, reason, fact_count from warehouse.source_document").fetchone()
        in_mart = conn.execute("select count(*) from mart.disclosure_facts").fetchone()[0]
    assert (status, facts, in_mart) == ("refused", 0, 0)
    assert reason.startswith("truncated PDF: no %%EOF")

"""Scanned disclosures: a scan of a gold document in, exactly its facts out (never a wrong one); pages turned or
upside down straightened, a page turned too far listed and not read; an image-only narrative, and a text PDF's
cover printed as an image, named by their covers; the figures' guards; the text path untouched by the OCR engine."""
import socket
import subprocess
import sys

import psycopg
import pypdfium2 as pdfium
import pytest

from etl.ocr import read_scan
from etl.ocr.guards import is_figure, well_formed
from etl.pipeline import extract
from etl.records import Fact, RefusedDocument
from etl.sniff import looks_scanned
from etl.vocabulary import RefusalReason, ReportKind, Unread
from tests.conftest import GOLD, REAL, SEED_PDF, SHARED
from tests.scans import scanned
from warehouse.cli import main

# the seed's cover and its ten tables (pages 5–17): a clean 300 dpi scan, turned 0.4°, speckled, JPEG 80
SEED_TABLE_PAGES = [1, *range(5, 18)]


@pytest.fixture
def offline(monkeypatch):
    """No connection leaves this machine: the OCR engine must find its models in the package it came with."""
    connect = socket.socket.connect

    def local_only(self, address):
        if self.family == socket.AF_UNIX or address[0] in ("127.0.0.1", "::1", "localhost"):
            return connect(self, address)
        raise OSError(f"network disabled in this test: {address}")

    monkeypatch.setattr(socket.socket, "connect", local_only)


def test_a_clean_scan_of_the_seed_scores_its_gold(database_url, tmp_path, offline):
    scan = scanned(SEED_PDF, tmp_path / SEED_PDF.name, SEED_TABLE_PAGES)
    assert main(["load", str(scan)]) == 0
    result = subprocess.run([sys.executable, str(SHARED / "tools/score_facts.py"),
                             str(GOLD / "xinzhou-bjlo_2022_final_dept.gold.json")], capture_output=True, text=True)
    total = result.stdout.strip().splitlines()[-1]  # total: recall R (m/g), precision P (m/v)
    recall = float(total.split("recall ")[1].split()[0])
    assert ", precision 1.0000" in total and recall >= 0.98, result.stdout
    with psycopg.connect(database_url) as conn:
        sources = conn.execute("select source, count(*), min(confidence) from warehouse.document_cell "
                               "group by source").fetchall()
    assert [(source, count > 0, 0 < least <= 1) for source, count, least in sources] == [("ocr", True, True)]


def test_an_image_only_narrative_is_named_by_its_cover(offline):
    result = extract(REAL / "bj-city_zhengwu-fuwu-shuju-ju_2026_budget_dept_narrative-imageonly.pdf")
    assert isinstance(result, RefusedDocument)
    assert result.reason_code == RefusalReason.TABLES_NOT_PRINTED  # the narrative half of a split report
    identity = result.identity
    assert (identity.department, identity.fiscal_year, identity.report_kind) == (
        "北京市政务服务和数据管理局", 2026, ReportKind.BUDGET)


def _printed(fact: Fact) -> tuple:
    return fact.table_key, fact.function_code, fact.economic_code, fact.item, fact.measure, fact.amount


def test_a_cover_upside_down_and_a_table_turned_7_degrees_read_as_upright(tmp_path, offline):
    scan = scanned(SEED_PDF, tmp_path / "turned.pdf", [1, 8], degrees=[180, 7])
    result = extract(scan)
    assert result.identity.department == "忻州市人民政府驻北京联络处"
    assert {_printed(f) for f in result.facts} == {_printed(f) for f in extract(SEED_PDF).facts if f.page == 8}


def test_a_page_turned_too_far_is_listed_and_not_read(tmp_path):
    scan = scanned(SEED_PDF, tmp_path / "turned.pdf", [8], degrees=14)
    read = read_scan(pdfium.PdfDocument(str(scan)))
    assert (read.read, [(u.what, u.page) for u in read.left]) == ([], [(Unread.TURNED_PAGE, 1)])


def test_a_cover_printed_as_an_image_names_a_text_pdf(offline):
    result = extract(REAL / "js-prov_zhengxie-bangongting_2019_budget_dept_narrative.pdf")
    assert result.reason_code == RefusalReason.TABLES_NOT_PRINTED  # the narrative half of a split report
    assert (result.identity.department, result.identity.fiscal_year, result.identity.report_kind) == (
        "江苏省政协办公厅", 2019, ReportKind.BUDGET)


@pytest.mark.parametrize("text", ["2336287.41", "2,336,287.41", "0.00", "(1,200.00)", "30211", "1.00"])
def test_a_well_formed_figure_stands(text):
    assert is_figure(text) and well_formed(text)


@pytest.mark.parametrize("text", ["224.05140.77", "2,33,6287.41", "1.2.3", "12,34", "..5", "1,234.56,"])
def test_a_malformed_figure_is_not_taken(text):
    assert is_figure(text) and not well_formed(text)


def test_a_scan_is_told_from_its_first_pages_to_start_it_first_on_the_pool(tmp_path):
    scan = scanned(SEED_PDF, tmp_path / "scan.pdf", [1], dpi=72)
    assert (looks_scanned(scan), looks_scanned(SEED_PDF)) == (True, False)


def test_the_text_path_loads_no_ocr_engine():
    probe = ("import sys; from etl.pipeline import extract; from tests.conftest import SEED_PDF; "
             "extract(SEED_PDF); print(sorted(m for m in ('onnxruntime', 'rapidocr', 'etl.ocr') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

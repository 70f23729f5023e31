"""`warehouse show`: the page of a fact as a PNG with its cell outlined, on a real PDF, upright and turned."""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from sqlalchemy import create_engine

from etl.database import migrate, sqlalchemy_url
from etl.load import load
from etl.records import ExtractedDocument
from etl.show import OUTLINE, SCALE
from tests.conftest import SEED_PDF
from tests.test_cell_layer import PAGE, three_public
from warehouse.cli import FAILED, main

BOX = (150.0, 460.0, 250.0, 480.0)  # the fact's cell in three_public(): left, bottom, right, top


def loaded(database_url: str, pdf: Path, year: int = 2024) -> ExtractedDocument:
    doc = three_public(year)
    doc.path, doc.sha256 = pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()
    url = sqlalchemy_url(database_url)
    migrate(url)
    engine = create_engine(url)
    load(engine, doc)
    engine.dispose()
    return doc


def displayed_size(pdf: Path, page: int) -> tuple[float, float]:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page - 1].get_size()
    finally:
        document.close()


def assert_outlined(png: Path, page_size: tuple[float, float]) -> None:
    image = Image.open(png).convert("RGB")
    width, height = page_size
    assert image.size == (round(width * SCALE), round(height * SCALE))
    left, bottom, right, top = (round(v * SCALE) for v in BOX)
    top, bottom = round(height * SCALE) - top, round(height * SCALE) - bottom  # pixels count from the top
    middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
    for x, y in ((left - 2, middle_y), (right + 2, middle_y), (middle_x, top - 2), (middle_x, bottom + 2)):
        assert image.getpixel((x, y)) == OUTLINE, (x, y)
    assert image.getpixel((middle_x, middle_y)) != OUTLINE  # the digits inside stay as printed


def test_show_outlines_the_cell_of_a_fact_by_id_or_by_its_key(database_url, tmp_path, capsys):
    loaded(database_url, SEED_PDF)
    png = tmp_path / "figure.png"
    assert main(["show", "1", "-o", str(png)]) == 0
    assert f"page {PAGE}" in capsys.readouterr().out
    assert_outlined(png, displayed_size(SEED_PDF, PAGE))
    by_key = tmp_path / "by_key.png"
    assert main(["show", "测试部门/2024/three_public/合计/budget_total", "-o", str(by_key)]) == 0
    assert by_key.read_bytes() == png.read_bytes()


def test_show_draws_on_the_page_as_displayed(database_url, tmp_path):
    """A page with /Rotate 90: the box is in the turned page's points, and so is the PNG."""
    turned = tmp_path / "turned.pdf"
    document = pdfium.PdfDocument(SEED_PDF)
    document[PAGE - 1].set_rotation(90)
    document.save(turned)
    document.close()
    loaded(database_url, turned)
    width, height = displayed_size(SEED_PDF, PAGE)
    assert displayed_size(turned, PAGE) == (height, width)
    png = tmp_path / "turned.png"
    assert main(["show", "1", "-o", str(png)]) == 0
    assert_outlined(png, (height, width))


@pytest.mark.parametrize("fact, problem", [
    ("999", "no fact 999"),
    ("测试部门/2024/three_public/合计/final_total", "no loaded fact"),
    ("not/a/fact", "neither a fact id nor"),
])
def test_show_says_which_fact_it_cannot_find(database_url, tmp_path, capsys, fact, problem):
    loaded(database_url, SEED_PDF)
    assert main(["show", fact, "-o", str(tmp_path / "x.png")]) == FAILED
    assert problem in capsys.readouterr().out
    assert not (tmp_path / "x.png").exists()


def test_show_says_when_the_file_moved_or_changed(database_url, tmp_path, capsys):
    copy = tmp_path / "copy.pdf"
    shutil.copy(SEED_PDF, copy)
    loaded(database_url, copy)
    copy.write_bytes(copy.read_bytes() + b"\n%")
    assert main(["show", "1", "-o", str(tmp_path / "x.png")]) == FAILED
    assert "has changed since it was loaded" in capsys.readouterr().out
    copy.unlink()
    assert main(["show", "1", "-o", str(tmp_path / "x.png")]) == FAILED
    assert "is not there any more" in capsys.readouterr().out


def test_show_says_when_a_fact_has_no_cell(database_url, tmp_path, capsys):
    doc = three_public()
    doc.tables[0].facts[0] = replace(doc.tables[0].facts[0], cell=None)
    url = sqlalchemy_url(database_url)
    migrate(url)
    engine = create_engine(url)
    load(engine, doc)
    engine.dispose()
    assert main(["show", "1"]) == FAILED
    assert "has no cell recorded" in capsys.readouterr().out

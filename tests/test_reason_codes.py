"""Every refusal carries its code (etl.vocabulary.RefusalReason) into the warehouse, beside the words for
people; the code is what the warehouse branches on, never the words."""
from __future__ import annotations

import re

import psycopg
from alembic import command

from etl.database import alembic_config, migrate, sqlalchemy_url
from etl.pipeline import sha256_of
from etl.vocabulary import RefusalReason
from samples import SyntheticDisclosure, write_disclosure_pdf
from tests.badfiles import write_scanned_pdf, write_text_pdf
from tests.conftest import ROOT
from tests.test_companions import write_narrative
from warehouse.cli import main


def test_a_refused_file_is_stored_with_its_reason_code(database_url, tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "page.pdf").write_bytes(b"<!DOCTYPE html><html><title>404</title></html>")
    write_text_pdf(tmp_path / "narrative.pdf", [["示例县审计局", "2023年度部门决算公开", "第一部分 概况"]])
    write_narrative(tmp_path / "titles-only.pdf", "示例市教育局", 2023)
    write_scanned_pdf(write_text_pdf(tmp_path / "scan.pdf", [["示例县审计局", "2023年度部门决算公开"]]),
                      tmp_path / "scan.pdf", dpi=4)  # illegible: a legible scan is read (tests/test_ocr.py)
    assert main(["load", str(tmp_path)]) == 1
    with psycopg.connect(database_url) as conn:
        stored = dict(conn.execute("select file_name, reason_code from warehouse.source_document "
                                   "where status = 'refused'").fetchall())
    assert stored == {
        "empty.pdf": RefusalReason.EMPTY_FILE, "page.pdf": RefusalReason.NOT_A_PDF,
        "narrative.pdf": RefusalReason.NARRATIVE_ONLY, "titles-only.pdf": RefusalReason.TABLES_NOT_PRINTED,
        "scan.pdf": RefusalReason.NO_TEXT_LAYER,
    }


def test_a_file_refused_once_and_read_now_loses_its_code(database_url, tmp_path):
    """The same bytes, refused by an older extractor (as the warehouse recorded it) and read by this one."""
    path = write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023), tmp_path / "report.pdf")
    migrate(sqlalchemy_url(database_url))
    with psycopg.connect(database_url) as conn:
        conn.execute("insert into warehouse.source_document (sha256, file_name, file_path, status, reason, "
                     "reason_code) values (%s, 'report.pdf', %s, 'refused', 'extraction failed: …', "
                     "'unreadable_table')",
                     (sha256_of(path), str(path)))
    assert main(["load", str(path)]) == 0
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select status, reason, reason_code from warehouse.source_document").fetchall() == [
            ("loaded", None, None)]


# reasons as the extractor worded them before migration 0008 → the code the migration gives them
OLD_REASONS = {
    "empty file (0 bytes)": "empty_file",
    "not a PDF: a PNG image (2048 bytes)": "not_a_pdf",
    "encrypted PDF: its permissions forbid copying text (an owner password), so …": "copy_forbidden",
    "encrypted PDF: password-protected, it cannot be opened without the password": "encrypted",
    "no standard tables: a narrative-only document": "narrative_only",
    "no standard tables: titles are named but no table is printed (a narrative-only document?)": "tables_not_printed",
    "extraction failed: p3: 收入决算表: no 金额单位 line": "unreadable_table",
    "could not be read: KeyError: 'x'": "internal_error",
    "something nobody wrote": None,
}


def test_the_migration_gives_documents_refused_before_it_their_code(database_url):
    config = alembic_config(database_url)
    command.upgrade(config, "0007")
    with psycopg.connect(database_url) as conn:
        for n, reason in enumerate(OLD_REASONS):
            conn.execute("insert into warehouse.source_document (sha256, file_name, file_path, status, reason) "
                         "values (%s, %s, %s, 'refused', %s)", (f"{n:064}", f"{n}.pdf", f"/in/{n}.pdf", reason))
        conn.execute("insert into warehouse.source_document (sha256, file_name, file_path, status, reason) "
                     "values ('f', 'old.pdf', '/in/old.pdf', 'superseded', 'superseded by new.pdf (abc)')")
    command.upgrade(config, "head")
    with psycopg.connect(database_url) as conn:
        codes = dict(conn.execute("select reason, reason_code from warehouse.source_document").fetchall())
    assert codes == OLD_REASONS | {"superseded by new.pdf (abc)": None}
    command.downgrade(config, "0007")


# a reason compared or matched on one line: `(doc.reason or "").startswith(…)`, `reason.like(…)`, `reason == …`,
# `reason like '…'`
BRANCHING_ON_WORDS = re.compile(r"\breason\b.*(\.startswith\(|\.like\(|==|!=|\blike\s+')", re.IGNORECASE)


def test_no_code_branches_on_the_words_of_a_reason():
    sources = [p for folder in ("etl", "warehouse", "dagster_project") for p in (ROOT / folder).rglob("*.py")]
    offending = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in sources
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if BRANCHING_ON_WORDS.search(line)]
    assert offending == []

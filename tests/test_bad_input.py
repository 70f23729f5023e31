"""Bad input as yearly loads meet it, all generated here: every file gets a precise status and reason, in the
warehouse and on the console, and a bad file never costs a good one."""
from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from pathlib import Path

import psycopg
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from etl.pipeline import extract
from etl.records import ExtractedDocument, RefusedDocument
from samples import SyntheticDisclosure, write_disclosure_pdf
from tests.badfiles import write_long_pdf, write_scanned_pdf, write_text_pdf
from warehouse import cli
from warehouse.cli import main

SPEC = SyntheticDisclosure("示例县审计局", 2023)
CORRECTED = SyntheticDisclosure("示例县审计局", 2023, long_expenditure=True)  # a re-publication, more rows


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory) -> bytes:
    return write_disclosure_pdf(SPEC, tmp_path_factory.mktemp("good") / "good.pdf").read_bytes()


def picture(pdf_bytes: bytes, kind: str) -> bytes:
    """The disclosure's cover as an image file (what a site serves when it shows a scan under a .pdf link)."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    out = io.BytesIO()
    pdf[0].render(scale=0.5).to_pil().convert("RGB").save(out, kind)
    pdf.close()
    return out.getvalue()


def zipped(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


# file name → (its bytes from the good disclosure's bytes, the start of the reason it is refused with)
BYTES = {
    "empty.pdf": (lambda good: b"", "empty file (0 bytes)"),
    "cover.pdf": (lambda good: picture(good, "PNG"), "not a PDF: a PNG image"),
    "photo.pdf": (lambda good: picture(good, "JPEG"), "not a PDF: a JPEG image"),
    "404.pdf": (lambda good: b"\n<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>",
                "not a PDF: an HTML page"),
    "bundle.pdf": (lambda good: zipped("a.pdf", "b.pdf"), "not a PDF: a ZIP archive"),
    "word.pdf": (lambda good: zipped("[Content_Types].xml", "word/document.xml"), "not a PDF: a Word document"),
    "ofd.pdf": (lambda good: zipped("OFD.xml", "Doc_0/Document.xml"), "not a PDF: an OFD document"),
    "sheet.pdf": (lambda good: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600), "not a PDF: an old Office document"),
    "readme.pdf": (lambda good: "部门决算公开 2023年度\n".encode() * 3, "not a PDF: a text file"),
    "half.pdf": (lambda good: good[:len(good) // 2], "truncated PDF: no %%EOF"),
    "cut-short.pdf": (lambda good: good[:-8], "truncated PDF"),  # pdfium itself would open this one
    "garbled.pdf": (lambda good: good[:300] + bytes(range(256)) * 20 + b"\n%%EOF\n", "damaged PDF"),
}

# file name → (a writer of the file, the start of its reason)
WRITTEN = {
    "locked.pdf": (lambda path: write_disclosure_pdf(SPEC, path, StandardEncryption("secret")),
                   "encrypted PDF: password-protected"),
    "no-copy.pdf": (lambda path: write_disclosure_pdf(SPEC, path, StandardEncryption("", "owner", canCopy=0)),
                    "encrypted PDF: its permissions forbid copying text"),
    # a legible scan is read by OCR (tests/test_ocr.py); one scanned at 4 dpi has nothing left to read
    "scanned.pdf": (lambda path: write_scanned_pdf(write_text_pdf(path, [["示例县审计局", "2023年度部门决算公开"]]),
                                                   path, dpi=4),
                    "no text layer (a scanned or image-only PDF), and OCR finds no text"),
    "notice.pdf": (lambda path: write_text_pdf(path, [["关于召开2023年度工作会议的通知", "各科室：定于下周一召开全体会议。"]]),
                   "not a disclosure: no 部门预算/决算 title"),
    "narrative.pdf": (lambda path: write_text_pdf(path, [["示例县审计局", "2023年度部门决算公开", "第一部分 概况"]]),
                      "no standard tables: a narrative-only document"),
    "placeholder.pdf": (lambda path: write_disclosure_pdf(SyntheticDisclosure("XXXX", 2023), path),
                        "cannot read the department and year"),
}


def bad_files(folder: Path, good: bytes) -> dict[Path, str]:
    folder.mkdir(exist_ok=True)
    files = {}
    for name, (make, reason) in BYTES.items():
        (folder / name).write_bytes(make(good))
        files[folder / name] = reason
    for name, (write, reason) in WRITTEN.items():
        write(folder / name)
        files[folder / name] = reason
    return files


def shown(out: str) -> str:
    """The console's words without white space and table rules, so that a wrapped table cell reads as one."""
    return re.sub(r"[\s│┃]+", "", out)


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_each_bad_file_is_refused_with_a_precise_reason(tmp_path, disclosure):
    for path, reason in bad_files(tmp_path, disclosure).items():
        result = extract(path)
        assert isinstance(result, RefusedDocument), path.name
        assert result.reason.startswith(reason), (path.name, result.reason)


def test_a_batch_of_bad_files_loads_the_good_ones_and_records_every_refusal(database_url, tmp_path, disclosure,
                                                                             capsys):
    refused = bad_files(tmp_path / "inbox", disclosure)
    (tmp_path / "inbox/good.pdf").write_bytes(disclosure)
    assert main(["load", str(tmp_path / "inbox")]) == 1  # files were refused
    out = capsys.readouterr().out
    stored = dict(rows(database_url, "select file_name, coalesce(reason, status) from warehouse.source_document"))
    assert stored.pop("good.pdf") == "loaded"
    assert set(stored) == {p.name for p in refused}  # every bad file has its row
    for path, reason in refused.items():
        assert stored[path.name].startswith(reason), path.name
        assert shown(reason) in shown(out)
    assert rows(database_url, "select count(*) from warehouse.fact f join warehouse.source_document d "
                              "on d.id = f.document_id where d.status = 'refused'") == [(0,)]
    assert rows(database_url, "select count(*) from mart.disclosure_facts") == [(len(extract_facts(disclosure, tmp_path)),)]


def extract_facts(pdf: bytes, folder: Path) -> list:
    path = folder / "facts-of.pdf"
    path.write_bytes(pdf)
    return extract(path).facts


def test_a_pdf_that_may_be_read_but_not_copied_from_is_still_read_when_copying_is_allowed(tmp_path, disclosure):
    path = write_disclosure_pdf(SPEC, tmp_path / "print-only.pdf", StandardEncryption("", "owner", canPrint=0))
    assert sorted(map(repr, extract(path).facts)) == sorted(map(repr, extract_facts(disclosure, tmp_path)))


def test_a_very_long_pdf_loads_the_same_facts(tmp_path, disclosure):
    result = extract(write_long_pdf(SPEC, tmp_path / "long.pdf", narrative_pages=600))
    assert isinstance(result, ExtractedDocument)
    assert result.page_count == 614
    assert sorted(map(repr, result.facts)) == sorted(map(repr, extract_facts(disclosure, tmp_path)))


def test_the_same_file_under_two_names_is_one_document(database_url, tmp_path, disclosure, capsys):
    (tmp_path / "a.pdf").write_bytes(disclosure)
    (tmp_path / "b.pdf").write_bytes(disclosure)
    assert main(["load", str(tmp_path)]) == 0
    facts = len(extract_facts(disclosure, tmp_path))
    assert shown(f"b.pdf unchanged {facts} already in the warehouse (loaded) (the same file as a.pdf)") in shown(
        capsys.readouterr().out)
    assert rows(database_url, "select file_name, status from warehouse.source_document") == [("a.pdf", "loaded")]
    assert rows(database_url, "select count(*), count(distinct (table_key, function_code, economic_code, item, "
                              "measure)) from mart.disclosure_facts") == [(facts, facts)]


def test_a_corrected_republication_wins_and_the_first_is_kept_superseded(database_url, tmp_path, capsys):
    first = write_disclosure_pdf(SPEC, tmp_path / "2023决算.pdf")
    corrected = write_disclosure_pdf(CORRECTED, tmp_path / "2023决算（更正）.pdf")
    assert main(["load", str(first)]) == 0
    assert main(["load", str(corrected)]) == 0
    assert shown("(supersedes 2023决算.pdf)") in shown(capsys.readouterr().out)
    documents = dict(rows(database_url, "select file_name, status from warehouse.source_document"))
    assert documents == {"2023决算.pdf": "superseded", "2023决算（更正）.pdf": "loaded"}
    # the old figures stay, queryable, out of the mart; the mart holds the correction's alone
    kept = rows(database_url, "select d.fact_count, count(f.id) from warehouse.source_document d "
                              "join warehouse.fact f on f.document_id = d.id where d.status = 'superseded' group by d.id")
    assert kept == [(len(extract(first).facts),) * 2]
    assert rows(database_url, "select count(*), min(source_file), max(source_file) from mart.disclosure_facts") == [
        (len(extract(corrected).facts), corrected.name, corrected.name)]
    assert main(["status"]) == 0
    assert shown(f"superseded 2023决算.pdf: superseded by {corrected.name}") in shown(capsys.readouterr().out)
    # loading the first again (a rerun of the year's folder) does not bring it back
    assert main(["load", str(tmp_path)]) == 0
    assert dict(rows(database_url, "select file_name, status from warehouse.source_document")) == documents


def test_file_names_with_spaces_and_chinese_characters(database_url, tmp_path, disclosure, capsys):
    name = "示例县 审计局 2023年度 部门决算（公开版）.pdf"
    (tmp_path / "年度 公开").mkdir()
    (tmp_path / "年度 公开" / name).write_bytes(disclosure)
    assert main(["load", str(tmp_path / "年度 公开")]) == 0
    assert shown(name) in shown(capsys.readouterr().out)
    assert rows(database_url, "select file_name, file_path, status from warehouse.source_document") == [
        (name, str(tmp_path / "年度 公开" / name), "loaded")]
    assert rows(database_url, "select distinct source_file from mart.disclosure_facts") == [(name,)]


def test_a_file_name_in_gbk_bytes_is_read_as_chinese(database_url, tmp_path, disclosure, capsys):
    # 部门决算.pdf as a zip packed on Chinese Windows leaves it: GBK bytes, not UTF-8
    (tmp_path / os.fsdecode("部门决算".encode("gbk") + b".pdf")).write_bytes(disclosure)
    assert main(["load", str(tmp_path)]) == 0
    assert "部门决算.pdf" in capsys.readouterr().out
    assert rows(database_url, "select file_name from warehouse.source_document") == [("部门决算.pdf",)]


def test_a_file_refused_again_is_still_refused(database_url, tmp_path, capsys):
    (tmp_path / "404.pdf").write_text("<html>gone</html>")
    assert main(["load", str(tmp_path)]) == 1
    assert main(["load", str(tmp_path)]) == 1  # the exit code says a file named is refused, every time
    assert shown("404.pdf refused 0 not a PDF: an HTML page") in shown(capsys.readouterr().out)
    assert rows(database_url, "select status from warehouse.source_document") == [("refused",)]


def test_a_document_the_database_rejects_is_refused_and_the_batch_goes_on(database_url, tmp_path):
    small, large = SyntheticDisclosure("示例县审计局", 2023), SyntheticDisclosure("示例市统计局", 2023, unit="万元")
    write_disclosure_pdf(small, tmp_path / "a.pdf")
    write_disclosure_pdf(large, tmp_path / "b.pdf")
    write_disclosure_pdf(SyntheticDisclosure("示例县财政局", 2023), tmp_path / "c.pdf")
    assert main(["load", str(tmp_path / "a.pdf")]) == 0
    limit = max(f.amount for name in ("a.pdf", "c.pdf") for f in extract(tmp_path / name).facts)
    with psycopg.connect(database_url) as conn:  # a constraint the 统计局's figures break, as a bad amount would
        conn.execute(f"alter table warehouse.fact add constraint below check (amount <= {limit})")
    assert main(["load", str(tmp_path)]) == 1
    documents = {r[0]: r[1:] for r in rows(database_url, "select file_name, status, fact_count, reason "
                                                         "from warehouse.source_document")}
    assert documents["a.pdf"][:2] == ("loaded", len(extract(tmp_path / "a.pdf").facts))
    assert documents["c.pdf"][:2] == ("loaded", len(extract(tmp_path / "c.pdf").facts))
    status, facts, reason = documents["b.pdf"]
    assert (status, facts) == ("refused", 0)
    assert reason.startswith('the warehouse rejected its rows: new row for relation "fact" violates check constraint')
    # nothing of it was left: no tables, findings or facts of a refused document
    assert rows(database_url, "select count(*) from warehouse.document_table t join warehouse.source_document d "
                              "on d.id = t.document_id where d.status = 'refused'") == [(0,)]
    assert Counter(r[0] for r in rows(database_url, "select source_file from mart.disclosure_facts")) == {
        "a.pdf": len(extract(tmp_path / "a.pdf").facts), "c.pdf": len(extract(tmp_path / "c.pdf").facts)}


def test_exit_code_policy(database_url, tmp_path, disclosure, monkeypatch, capsys):
    (tmp_path / "good.pdf").write_bytes(disclosure)
    assert main(["load", str(tmp_path / "good.pdf")]) == 0  # loaded
    assert main(["load", str(tmp_path / "good.pdf")]) == 0  # unchanged
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert main(["load", str(tmp_path)]) == 1  # some refused
    assert main(["load", str(tmp_path / "missing.pdf")]) == 2  # usage: no such file
    assert "no such file or folder" in capsys.readouterr().out
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/nowhere")  # nothing listens there
    assert main(["load", str(tmp_path / "good.pdf")]) == 2
    assert main(["status"]) == 2
    assert "connection" in capsys.readouterr().out.lower()


# Department names and file names as a careless (or hostile) publisher may print them: rich markup, emoji codes,
# SQL quoting, regular-expression characters, ANSI escapes and a bidi override
ODD_NAMES = ("示例[bold]县';--[/]局", "示例:thumbs_up:县\x1b[31m局", "示例(.*)县\\局", "示例县\u202e局")


def test_document_text_is_stored_and_printed_literally(database_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli.console, "width", 400)  # no table cell wraps
    for n, department in enumerate(ODD_NAMES):
        write_disclosure_pdf(SyntheticDisclosure(department, 2023), tmp_path / f"[blink]{n} \x1b[2J报告.pdf")
    assert main(["load", str(tmp_path)]) == 0
    assert main(["status"]) == 0
    main(["check"])
    out = capsys.readouterr().out
    # stored as printed, through bound parameters only
    assert sorted(r[0] for r in rows(database_url, "select name from warehouse.department")) == sorted(ODD_NAMES)
    assert rows(database_url, "select count(distinct department) from mart.disclosure_facts") == [(len(ODD_NAMES),)]
    # printed as text: markup and emoji codes literally, control characters as visible escapes, never obeyed
    for expected in ("[bold]县';--[/]局", ":thumbs_up:", "\\x1b[31m局", "[blink]0 \\x1b[2J", "县\\u202e局"):
        assert shown(expected) in shown(out), expected
    assert "\x1b" not in out and "\u202e" not in out and "👍" not in out

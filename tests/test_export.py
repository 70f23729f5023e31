"""`warehouse export`: each format read back equals the warehouse, every amount to the cent; the Fiscal Data
Package passes a maintained validator (frictionless); the README's download commands run."""
import csv
import re
import shlex
from collections import Counter
from decimal import Decimal

import frictionless
import openpyxl
import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.export.excel import HEADER_ROW, KEY_COLUMNS, NAME_COLUMN, shown_unit, workbook_name, _put_row
from etl.export.fdp import TABLE_DIRECTIONS, is_money
from etl.export.selection import AmountUnit, Document, PrintedTable
from etl.specs import SPECS
from etl.values import UNIT_FACTORS
from tests.conftest import REAL, ROOT, SEED_PDF, loaded_database
from warehouse.cli import main

DOCUMENTS = [SEED_PDF] + [REAL / name for name in (
    "cn-central_guojia-xinfangju_2024_final_dept.pdf",  # 万元, 类/款/项 and 经济分类 codes
    "cn-central_xinan-daxue_2021_budget_dept.pdf",  # a budget (phase approved), 万元
)]
FACT_KEY = ("department", "fiscal_year", "report_kind", "report_level", "table_key", "function_code",
            "economic_code", "item", "measure")
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def loaded(server_url):
    with loaded_database(server_url, "export_round_trip", DOCUMENTS) as url:
        yield url


@pytest.fixture
def warehouse(loaded, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", loaded)
    return loaded


def mart(url: str, where: str = "true") -> list[dict]:
    with psycopg.connect(url) as conn:
        cursor = conn.execute(f"select * from mart.disclosure_facts where {where}")
        names = [d.name for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]


def keyed(rows) -> Counter:
    return Counter((tuple(row[c] for c in FACT_KEY), row["amount"]) for row in rows)


def test_fiscal_data_package_validates_and_reads_back_exactly(warehouse, tmp_path):
    assert main(["export", "fdp", "-o", str(tmp_path)]) == 0
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with open(tmp_path / "facts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    phases = {"approved": "budget", "executed": "final"}
    read = [{**{c: row[c] or None for c in FACT_KEY if c != "report_kind"}, "fiscal_year": int(row["fiscal_year"]),
             "report_kind": phases[row["phase"]], "amount": Decimal(row["amount"])} for row in rows]
    money = [row for row in mart(warehouse) if is_money(row["table_key"])]
    assert len(money) < len(mart(warehouse))  # the seed's related_info counts stay out
    assert keyed(read) == keyed(money)
    line = next(r for r in rows if r["function_code"] == "2010350" and r["table_key"] == "expenditure")
    assert (line["function_lei_code"], line["function_kuan_code"], line["function_xiang_code"]) == (
        "201", "20103", "2010350")
    assert line["direction"] == "expenditure" and line["function_xiang_name"] == "事业运行"
    income = next(r for r in rows if r["table_key"] == "income")
    assert income["direction"] == "revenue"
    package = frictionless.Package(tmp_path / "datapackage.json")
    assert package.custom["model"]["measures"]["amount"] == {"source": "amount", "currency": "CNY", "factor": 1}
    # frictionless reads the amounts as decimals too
    assert all(isinstance(r["amount"], Decimal) for r in package.get_resource("facts").read_rows()[:20])


def read_table_sheet(sheet, unit: str) -> list[tuple]:
    """A table's sheet back as (function_code, economic_code, item, measure, amount in 元)."""
    header, *lines = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True)) or [()]
    measures = [c for c in header if c not in (*KEY_COLUMNS, NAME_COLUMN)]
    facts = []
    for line in lines:
        values = dict(zip(header, line))
        for measure in measures:
            if values[measure] is not None:
                amount = (Decimal(str(values[measure])) * UNIT_FACTORS[unit]).quantize(CENT)
                facts.append((*(values.get(c) for c in KEY_COLUMNS), measure, amount))
    return facts


@pytest.mark.parametrize("unit", list(AmountUnit))
def test_workbooks_lay_out_each_table_as_printed_and_read_back_exactly(warehouse, tmp_path, unit):
    assert main(["export", "excel", "--unit", str(unit), "-o", str(tmp_path)]) == 0
    with psycopg.connect(warehouse) as conn:
        documents = [Document(*row) for row in conn.execute(
            "select s.id, d.name, s.fiscal_year, s.report_kind, s.report_level, s.file_name, s.sha256 "
            "from warehouse.source_document s join warehouse.department d on d.id = s.department_id "
            "where s.status = 'loaded'")]
        findings = dict(conn.execute("select document_id, count(*) from warehouse.quality_finding group by 1"))
        tables = {d.id: [PrintedTable(*row) for row in conn.execute(
            "select distinct on (table_key) table_key, title, first_page, last_page, unit, note "
            "from warehouse.document_table where document_id = %s and table_key is not null "
            "order by table_key, first_page", (d.id,))] for d in documents}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(workbook_name(d) for d in documents)
    for document in documents:
        book = openpyxl.load_workbook(tmp_path / workbook_name(document))
        printed = sorted(tables[document.id], key=lambda t: (t.first_page, t.table_key))
        assert book.sheetnames == ["document", *(t.table_key for t in printed), "quality_findings"]
        assert book["document"]["B6"].value == document.sha256
        for table in printed:
            sheet = book[table.table_key]
            unit_shown = shown_unit(table, unit)
            assert sheet["A2"].value == f"单位：{unit_shown}"
            facts = mart(warehouse, f"source_sha256 = '{document.sha256}' and table_key = '{table.table_key}'")
            assert Counter(read_table_sheet(sheet, unit_shown)) == Counter(
                (f["function_code"], f["economic_code"], f["item"], f["measure"], f["amount"]) for f in facts)
            with psycopg.connect(warehouse) as conn:
                printed_order = [tuple(r) for r in conn.execute(
                    "select function_code, economic_code, item from warehouse.fact where document_id = %s "
                    "and table_key = %s order by source_page, id", (document.id, table.table_key))]
            header = [c.value for c in sheet[HEADER_ROW]]
            rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
            assert [tuple(r.get(c) for c in KEY_COLUMNS) for r in rows] == list(dict.fromkeys(printed_order))
        assert book["quality_findings"].max_row - HEADER_ROW == findings.get(document.id, 0)


def test_a_table_printed_in_wan_yuan_shows_the_printed_figures(warehouse, tmp_path):
    assert main(["export", "excel", "--unit", "document", "--department", "国家信访局", "-o", str(tmp_path)]) == 0
    (path,) = tmp_path.iterdir()
    sheet = openpyxl.load_workbook(path)["expenditure"]
    assert sheet["A2"].value == "单位：万元"
    total = mart(warehouse, "department = '国家信访局' and table_key = 'expenditure' and item = '合计' "
                            "and measure = 'total'")[0]["amount"]
    header = [c.value for c in sheet[HEADER_ROW]]
    row = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if "合计" in r)
    assert Decimal(str(row[header.index("total")])) == total / 10000


def test_parquet_keeps_exact_decimals(warehouse, tmp_path):
    assert main(["export", "parquet", "-o", str(tmp_path)]) == 0
    facts = pq.read_table(tmp_path / "disclosure_facts.parquet")
    assert facts.schema.field("amount").type == pa.decimal128(18, 2)
    key = lambda row: tuple("" if v is None else str(v) for v in row.values())  # noqa: E731
    assert sorted(facts.to_pylist(), key=key) == sorted(mart(warehouse), key=key)
    with psycopg.connect(warehouse) as conn:
        subjects = conn.execute("select count(*) from mart.function_subjects").fetchone()[0]
    function_subjects = pq.read_table(tmp_path / "function_subjects.parquet")
    assert function_subjects.num_rows == subjects
    assert {"code", "parent_code", "lei_code", "kuan_code", "xiang_code"} <= set(function_subjects.column_names)
    assert isinstance(facts.to_pandas()["amount"].iloc[0], Decimal)


def test_a_selection_exports_only_its_documents(warehouse, tmp_path):
    assert main(["export", "parquet", "--year", "2024", "--kind", "final", "-o", str(tmp_path)]) == 0
    facts = pq.read_table(tmp_path / "disclosure_facts.parquet").to_pylist()
    assert {(f["department"], f["fiscal_year"], f["report_kind"]) for f in facts} == {("国家信访局", 2024, "final")}
    assert len(facts) == len(mart(warehouse, "fiscal_year = 2024 and report_kind = 'final'"))


def test_a_selection_that_matches_nothing_is_an_error(warehouse, tmp_path, capsys):
    assert main(["export", "fdp", "--department", "no such department", "-o", str(tmp_path)]) == 2
    assert "no loaded document matches" in capsys.readouterr().out


def test_the_readme_download_commands_run(warehouse, tmp_path, monkeypatch):
    section = re.search(r"## Download the data\n(.*?)\n## ", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    commands = re.findall(r"^\.venv/bin/warehouse (export .*?)(?:\s+#.*)?$", section.group(1), re.M)
    assert len(commands) >= 3
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert main(shlex.split(command)) == 0, command


def test_every_money_table_has_a_direction():
    assert {s.key for s in SPECS if is_money(s.key)} == set(TABLE_DIRECTIONS)


def test_document_text_is_never_a_formula():
    sheet = openpyxl.Workbook().active
    _put_row(sheet, 1, ["=HYPERLINK(\"http://example.org\")", "a\x1bb"])
    assert sheet["A1"].data_type == "s" and sheet["B1"].value == "a\ufffdb"

"""An extraction finding end to end: a document with amount cells we cannot explain loads, makes `warehouse check`
exit 1 and name them, is listed in the marts, and fails the Dagster asset check `identities_hold` of its partition.

The document is the sample one with an extra amount column in 支出决算表, headed 备用金: a column the spec
knows nothing of, so its cells are neither facts nor given a reason (the registered check `coverage`)."""
import shutil
from dataclasses import replace
from pathlib import Path

import dagster as dg
import psycopg
import pytest

import samples.document
from etl.vocabulary import Severity
from samples import SyntheticDisclosure, write_disclosure_pdf
from samples.cells import Cell, Table
from tests.test_platform import check_results, materialise, platform, sensor_tick
from warehouse.cli import main

SPEC = SyntheticDisclosure("示例市审计局", 2023)
UNKNOWN_HEAD = "备用金"


def _with_a_column_no_one_reads(t: Table) -> Table:
    """`t` with one more amount column at its right: a head over every header row but 栏次, its number in 栏次,
    1.00 in every body row, and no fact behind any of it."""
    header = (t.header[0] + (Cell(UNKNOWN_HEAD, rowspan=len(t.header) - 1, align="c"),), *t.header[1:-1],
              t.header[-1] + (Cell(str(len(t.widths) - 1), align="c"),))
    body = tuple(row + (Cell("1.00", align="r"),) for row in t.body)
    return replace(t, widths=t.widths + (t.widths[-1],), header=header, body=body)


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory) -> Path:
    tables_for = samples.document.tables_for

    def with_the_column(spec, figures):
        return [_with_a_column_no_one_reads(t) if t.key == "expenditure" else t for t in tables_for(spec, figures)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(samples.document, "tables_for", with_the_column)
        return write_disclosure_pdf(SPEC, tmp_path_factory.mktemp("unexplained") / "审计局 2023 决算.pdf")


def test_warehouse_check_exits_1_and_the_marts_list_the_cells(database_url, disclosure, capsys):
    assert main(["load", "--workers", "1", str(disclosure)]) == 0  # loaded: the finding is no refusal
    capsys.readouterr()
    assert main(["check"]) == 1
    shown = capsys.readouterr().out
    assert "coverage" in shown and "支出决算表" in shown and "printed amounts are neither a fact" in shown

    with psycopg.connect(database_url) as conn:
        cells = conn.execute("select table_key, text, amount from mart.unexplained_cells").fetchall()
        findings = conn.execute('select "check", severity, table_key, rows from mart.quality_findings '
                                'where severity = %s', (Severity.EXTRACTION,)).fetchall()
    assert cells and {(key, text) for key, text, _ in cells} == {("expenditure", "1.00")}
    [(check, severity, table_key, rows)] = findings
    assert (check, severity, table_key) == ("coverage", Severity.EXTRACTION, "expenditure")
    assert len(rows) == len(cells)  # the finding names every unexplained cell


def test_the_asset_check_of_its_partition_fails_with_error(database_url, disclosure, tmp_path):
    inbox = tmp_path / "inbox"
    batch = inbox / str(SPEC.fiscal_year) / "samples"  # inbox/<fiscal year>/<batch>/ (docs/platform.md)
    batch.mkdir(parents=True)
    shutil.copy(disclosure, batch / disclosure.name)
    definitions = platform(database_url, inbox)
    with dg.instance_for_test() as instance:
        [request] = sensor_tick(definitions, instance).run_requests
        run = materialise(definitions, instance, request.partition_key)
    assert run.success  # the document loaded; it is the check that fails
    identities = check_results(run)["identities_hold"]
    assert identities.partition == request.partition_key
    assert identities.passed is False and identities.severity == dg.AssetCheckSeverity.ERROR
    assert identities.metadata["extraction_findings"].value == 1

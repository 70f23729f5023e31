"""The Dagster code location: definitions load (and `dagster definitions validate` passes), and the folder job
(`warehouse load`) loads a folder of PDFs."""
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import psycopg

from dagster_project.definitions import build_definitions, defs
from dagster_project.jobs import BATCH_JOB, LOAD_JOB
from dagster_project.resources import WarehouseDatabase
from tests.conftest import ROOT, SEED_PDF


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    assert {node.name for node in defs.resolve_job_def(LOAD_JOB).nodes} == {"load_documents"}
    graph = defs.resolve_asset_graph()
    assert {check.name for check in graph.asset_check_keys} == {
        "identities_hold", "documents_readable", "filed_under_its_year"}
    partitions = defs.resolve_job_def(BATCH_JOB).partitions_def
    assert [(d.name, type(d.partitions_def).__name__) for d in partitions.partitions_defs] == [
        ("batch", "DynamicPartitionsDefinition"), ("fiscal_year", "TimeWindowPartitionsDefinition")]
    assert defs.resolve_sensor_def("inbox_sensor").job_name == BATCH_JOB
    assert defs.resolve_schedule_def("yearly_sweep").job_name == BATCH_JOB


def test_dagster_cli_validates_the_code_location():
    validated = subprocess.run([str(Path(sys.executable).parent / "dagster"), "definitions", "validate",
                                "-m", "dagster_project.definitions"], cwd=ROOT, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_job_loads_a_folder(database_url, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_PDF, inbox / "一份 决算.pdf")  # names with spaces and Chinese characters
    (inbox / "notes.txt").write_text("not a pdf, not picked up")
    result = build_definitions(database=WarehouseDatabase(url=database_url)).resolve_job_def(LOAD_JOB) \
        .execute_in_process(run_config={"ops": {"load_documents": {"config": {"paths": [str(inbox)]}}}})
    assert result.success
    [outcome] = result.output_for_node("load_documents")
    assert (outcome.status, outcome.facts) == ("loaded", 167)
    [materialisation] = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    metadata = {k: v.value for k, v in materialisation.event_specific_data.metadata.items()}
    assert (metadata["loaded"], metadata["refused"], metadata["facts_loaded"]) == (1, 0, 167)
    assert metadata["pages"] > 0 and metadata["seconds"] > 0
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from mart.disclosure_facts").fetchone()[0] == 167

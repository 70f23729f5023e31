"""The Dagster code location: definitions load, and the job loads a folder of PDFs."""
import shutil

import psycopg

from dagster_project.definitions import LOAD_JOB, build_definitions, defs
from dagster_project.resources import WarehouseDatabase
from tests.conftest import SEED_PDF


def test_definitions_load():
    job = defs.resolve_job_def(LOAD_JOB)
    assert {node.name for node in job.nodes} >= {"disclosure_pdfs", "extracted_disclosures", "warehouse_facts"}
    [check] = defs.resolve_asset_graph().asset_check_keys
    assert check.name == "identities_hold"


def test_job_loads_a_folder(database_url, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_PDF, inbox / "一份 决算.pdf")  # names with spaces and Chinese characters
    (inbox / "notes.txt").write_text("not a pdf, not picked up")
    result = build_definitions(database=WarehouseDatabase(url=database_url)).resolve_job_def(LOAD_JOB) \
        .execute_in_process(run_config={"ops": {"disclosure_pdfs": {"config": {"paths": [str(inbox)]}}}})
    assert result.success
    [evaluation] = [e.asset_check_evaluation_data for e in result.all_events
                    if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert evaluation.passed  # the seed's only finding is the source's own contradiction
    [outcome] = result.output_for_node("warehouse_facts")
    assert (outcome.status, outcome.facts) == ("loaded", 167)
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from mart.disclosure_facts").fetchone()[0] == 167

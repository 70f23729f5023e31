"""The warehouse run as a platform: batch folders of the inbox (<fiscal year>/<batch>/) become partitions and
load one run each, reading only what the warehouse does not hold; the sensor keeps a cursor; the webserver and
the daemon start as `docker compose up` starts them; the Compose file is valid."""
import dataclasses
import gc
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import dagster as dg
import psycopg
import pytest
import yaml

import etl.database
from bench.processes import BIN, code_server, daemon, dagster_home, http, wait_for, webserver
from dagster_project.definitions import build_definitions, defs
from dagster_project.jobs import BATCH_JOB
from dagster_project.partitions import partition_key
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.database import free_port
from samples import demo_disclosures, write_disclosure_pdf
from tests.conftest import ROOT, SEED_PDF

DEMOS = demo_disclosures()
STATISTICS_2023 = next(d for d in DEMOS if d.department == "示例市统计局" and d.fiscal_year == 2023)
COUNTY_2023 = next(d for d in DEMOS if d.department == "示例县财政局")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:  # a real instance (sqlite storage in a temporary folder)
        yield instance
    # An evaluation context not closed by `with` closes the instance it opened when it is collected, and that puts
    # this closed instance back as Dagster's current one: definitions loaded later in the process would fail.
    gc.collect()
    dg.Definitions.validate_loadable(defs)


def platform(database_url: str, inbox: Path) -> dg.Definitions:
    return build_definitions(database=WarehouseDatabase(url=database_url), inbox=Inbox(folder=str(inbox)))


def sensor_tick(definitions: dg.Definitions, instance: dg.DagsterInstance, cursor: str | None = None
                ) -> dg.SensorResult:
    """One evaluation of the inbox sensor from `cursor`; its new partitions are registered as the daemon would."""
    sensor = definitions.resolve_sensor_def("inbox_sensor")
    inbox = definitions.resources["inbox"]
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources={"inbox": inbox}) as context:
        result = sensor(context)
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
    return result


def materialise(definitions: dg.Definitions, instance: dg.DagsterInstance, key: str) -> dg.ExecuteInProcessResult:
    return definitions.resolve_job_def(BATCH_JOB).execute_in_process(partition_key=key, instance=instance)


def materialisation_metadata(result: dg.ExecuteInProcessResult) -> dict:
    [event] = result.get_asset_materialization_events()
    return {k: v.value for k, v in event.materialization.metadata.items()}


def check_results(result: dg.ExecuteInProcessResult) -> dict:
    return {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def documents(database_url: str) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select id, file_name, sha256, status, fact_count, loaded_at "
                            "from warehouse.source_document order by id").fetchall()


def test_sensor_registers_a_batch_and_its_run_loads_it(database_url, inbox, instance):
    (inbox / "2023/statistics").mkdir(parents=True)
    pdf = write_disclosure_pdf(STATISTICS_2023, inbox / "2023/statistics/统计局 2023年 决算.pdf")
    (inbox / "2023/statistics/说明.txt").write_text("not a PDF: not picked up")
    shutil.copy(pdf, inbox / "2023/loose.pdf")  # no batch folder: logged, not picked up
    shutil.copy(pdf, inbox / "statistics.pdf")  # no year folder either
    (inbox / "2023/草稿...").mkdir()  # "..." cannot be in a partition key: logged, not picked up
    shutil.copy(pdf, inbox / "2023/草稿.../a.pdf")
    definitions = platform(database_url, inbox)

    result = sensor_tick(definitions, instance)
    [request] = result.run_requests
    assert request.partition_key == partition_key(2023, "statistics") == "statistics|2023"
    assert instance.get_dynamic_partitions("disclosure_batches") == ["statistics"]

    run = materialise(definitions, instance, request.partition_key)
    assert run.success
    metadata = materialisation_metadata(run)
    assert (metadata["files"], metadata["read"], metadata["loaded"]) == (1, 1, 1)
    assert metadata["facts_loaded"] > 100 and metadata["pages"] > 10 and metadata["seconds"] > 0
    checks = check_results(run)
    assert {name: check.passed for name, check in checks.items()} == {
        "identities_hold": True, "documents_readable": True, "filed_under_its_year": True}
    assert checks["identities_hold"].partition == request.partition_key
    [(_, name, _, status, facts, _)] = documents(database_url)
    assert (name, status, facts) == (pdf.name, "loaded", metadata["facts_loaded"])


def test_sensor_requests_only_batches_written_since_its_last_tick(inbox, instance):
    """Its cursor: an untouched inbox costs no run request; a file added to one batch, one request."""
    for batch in ("north", "south", "east"):
        (inbox / "2024" / batch).mkdir(parents=True)
        shutil.copy(SEED_PDF, inbox / "2024" / batch / "a.pdf")
    definitions = platform("postgresql://unused", inbox)

    first = sensor_tick(definitions, instance)
    assert [r.partition_key for r in first.run_requests] == ["east|2024", "north|2024", "south|2024"]
    assert sorted(instance.get_dynamic_partitions("disclosure_batches")) == ["east", "north", "south"]

    # a tick whose cursor is past every file (the look-back for skewed clocks over): nothing to ask for
    late = str(time.time_ns())
    assert sensor_tick(definitions, instance, late).run_requests == []

    shutil.copy(SEED_PDF, inbox / "2024/south/b.pdf")
    later = sensor_tick(definitions, instance, late)
    [request] = later.run_requests
    assert request.partition_key == "south|2024"
    assert request.run_key != next(r.run_key for r in first.run_requests if r.partition_key == "south|2024")
    assert later.dynamic_partitions_requests == []  # "south" is registered already
    # batches written within the look-back are asked for again, under the run keys they had: the daemon skips them
    again = {r.run_key for r in sensor_tick(definitions, instance, later.cursor).run_requests}
    assert again == {r.run_key for r in first.run_requests + later.run_requests if "south" not in r.run_key} | {
        request.run_key}


def test_rematerialising_a_batch_reads_only_what_changed(database_url, inbox, instance):
    batch = inbox / "2023/city"
    batch.mkdir(parents=True)
    write_disclosure_pdf(STATISTICS_2023, batch / "statistics.pdf")
    write_disclosure_pdf(COUNTY_2023, batch / "county.pdf")
    definitions = platform(database_url, inbox)
    key = partition_key(2023, "city")
    instance.add_dynamic_partitions("disclosure_batches", ["city"])
    assert materialisation_metadata(materialise(definitions, instance, key))["read"] == 2
    before = documents(database_url)

    # the same bytes again: nothing is read, nothing changes
    metadata = materialisation_metadata(materialise(definitions, instance, key))
    assert (metadata["files"], metadata["read"], metadata["known"]) == (2, 0, 2)
    assert documents(database_url) == before

    # a corrected copy under the same name: only it is read; it supersedes the old copy
    write_disclosure_pdf(dataclasses.replace(STATISTICS_2023, split_codes=True), batch / "statistics.pdf")
    metadata = materialisation_metadata(materialise(definitions, instance, key))
    assert (metadata["read"], metadata["loaded"], metadata["known"]) == (1, 1, 1)
    after = documents(database_url)
    county = [d for d in before if d[1] == "county.pdf"]
    assert [d for d in after if d[1] == "county.pdf"] == county  # untouched: same row, same load time
    assert [d[3] for d in after if d[1] == "statistics.pdf"] == ["superseded", "loaded"]


def test_checks_report_source_findings_refusals_and_other_years(database_url, inbox, instance):
    batch = inbox / "2023/xinzhou"
    batch.mkdir(parents=True)
    shutil.copy(SEED_PDF, batch / "seed.pdf")  # the seed is a 2022 final account, filed under 2023
    (batch / "broken.pdf").write_bytes(b"%PDF-1.7\n truncated")
    definitions = platform(database_url, inbox)
    instance.add_dynamic_partitions("disclosure_batches", ["xinzhou"])

    run = materialise(definitions, instance, partition_key(2023, "xinzhou"))
    assert run.success and materialisation_metadata(run)["refused"] == 1
    checks = check_results(run)
    assert checks["identities_hold"].passed  # the seed contradicts itself ("source"), we did not misread it
    assert checks["identities_hold"].metadata["source_findings"].value > 0
    assert checks["identities_hold"].metadata["extraction_findings"].value == 0
    readable = checks["documents_readable"]
    assert not readable.passed and readable.severity == dg.AssetCheckSeverity.WARN
    assert readable.description.startswith("refused: broken.pdf")
    filed = checks["filed_under_its_year"]
    assert not filed.passed and filed.severity == dg.AssetCheckSeverity.WARN
    assert filed.description == "another fiscal year: seed.pdf"


def test_a_partition_run_migrates_and_connects_once(database_url, inbox, instance, monkeypatch):
    """The asset and its checks share the run's engine."""
    (inbox / "2023/county").mkdir(parents=True)
    write_disclosure_pdf(COUNTY_2023, inbox / "2023/county/county.pdf")
    definitions = platform(database_url, inbox)
    instance.add_dynamic_partitions("disclosure_batches", ["county"])
    calls = Counter()

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    for name in ("migrate", "create_engine"):
        monkeypatch.setattr(etl.database, name, counted(name, getattr(etl.database, name)))
    run = materialise(definitions, instance, partition_key(2023, "county"))
    assert run.success and [c.passed for c in check_results(run).values()] == [True, True, True]
    assert calls == {"migrate": 1, "create_engine": 1}


def test_yearly_sweep_asks_for_every_batch_of_the_two_years_published(inbox, instance):
    for folder in ("2024/east", "2025/east", "2026/west", "2026/unregistered"):
        (inbox / folder).mkdir(parents=True)
        shutil.copy(SEED_PDF, inbox / folder / "a.pdf")
    instance.add_dynamic_partitions("disclosure_batches", ["east", "west"])
    definitions = platform("postgresql://unused", inbox)
    schedule = definitions.resolve_schedule_def("yearly_sweep")
    with dg.build_schedule_context(instance=instance, resources={"inbox": definitions.resources["inbox"]},
                                   scheduled_execution_time=datetime(2026, 10, 1, 3)) as context:
        assert [r.partition_key for r in schedule(context)] == ["east|2025", "west|2026"]


def _engine_of(url: str) -> None:
    """The database resource as a run starts it (and tears it down)."""
    with dg.build_resources({"database": WarehouseDatabase(url=url)}):
        pass


def test_runs_started_together_on_a_new_warehouse_all_succeed(database_url):
    """Several runs' first look at an empty database: the schema is created once, no run fails on it."""
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        pool.map_async(_engine_of, [database_url] * 3).get(timeout=300)  # a worker that dies fails, never hangs
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from warehouse.alembic_version").fetchone()[0] == 1


# --- the platform's processes, as `docker compose up` runs them (without Docker) ---------------------------

@pytest.fixture
def dagster_env(server_url, tmp_path, monkeypatch) -> dict[str, str]:
    """The Compose deployment's instance (deploy/dagster.yaml), its storage in a PostgreSQL database of its own:
    the environment of every Dagster process (bench/processes.py), and of this test's own instance."""
    with dagster_home(server_url, tmp_path / "dagster_home") as env:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        with dg.DagsterInstance.get():  # its tables made once, before several processes start at the same time
            pass
        yield env


REPOSITORY_QUERY = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
    name location { name } jobs { name } sensors { name sensorState { status } } schedules { name scheduleState { status } }
} } } }"""


def test_webserver_starts_and_answers_graphql(dagster_env, tmp_path):
    port = free_port()
    with code_server(dagster_env, tmp_path), webserver(dagster_env, tmp_path, port) as proc:
        log = tmp_path / "webserver.log"
        info = wait_for("answer on /server_info", lambda: http(f"http://127.0.0.1:{port}/server_info"), proc, log)
        assert info["dagster_version"] == dg.__version__
        repositories = lambda: (http(f"http://127.0.0.1:{port}/graphql", {"query": REPOSITORY_QUERY})  # noqa: E731
                                or {}).get("data", {}).get("repositoriesOrError", {}).get("nodes")
        [repository] = wait_for("repository over GraphQL", repositories, proc, log)
    assert repository["location"]["name"] == "disclosure_warehouse"
    assert {j["name"] for j in repository["jobs"]} >= {BATCH_JOB, "load_disclosures"}
    assert [(s["name"], s["sensorState"]["status"]) for s in repository["sensors"]] == [("inbox_sensor", "RUNNING")]
    assert [(s["name"], s["scheduleState"]["status"]) for s in repository["schedules"]] == [("yearly_sweep", "RUNNING")]


def test_daemon_picks_up_a_dropped_pdf_and_loads_it(database_url, dagster_env, tmp_path, inbox):
    (inbox / "2023/county").mkdir(parents=True)
    pdf = write_disclosure_pdf(COUNTY_2023, inbox / "2023/county/county.pdf")
    env = dagster_env | {"WAREHOUSE_INBOX": str(inbox), "DATABASE_URL": database_url}
    with dg.DagsterInstance.get() as instance, code_server(env, tmp_path), daemon(env, tmp_path) as proc:
        finished = lambda: [r for r in instance.get_runs() if r.is_finished]  # noqa: E731
        [run] = wait_for("a finished run", finished, proc, tmp_path / "daemon.log")
        alive = subprocess.run([str(BIN / "dagster-daemon"), "liveness-check"], env=os.environ | env,
                               capture_output=True, text=True)
    assert alive.returncode == 0, alive.stdout + alive.stderr
    assert run.status == dg.DagsterRunStatus.SUCCESS, (tmp_path / "code.log").read_text()[-3000:]
    assert (run.job_name, run.tags["dagster/partition"]) == (BATCH_JOB, "county|2023")
    [(_, name, _, status, facts, _)] = documents(database_url)
    assert (name, status) == (pdf.name, "loaded") and facts > 0
    with psycopg.connect(env["DAGSTER_PG_URL"].replace("+psycopg2", "")) as conn:  # Dagster's own database
        assert conn.execute("select count(*) from runs").fetchone()[0] == 1


# --- the Compose file ---------------------------------------------------------------------------------------

COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_is_valid():
    """`docker compose config` where the Compose CLI is installed; else the Compose specification's JSON schema
    (vendored by check-jsonschema) and the references the schema cannot see."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        subprocess.run([docker, "compose", "-f", str(COMPOSE), "config", "--quiet"], check=True)
    else:
        checked = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                                  str(COMPOSE)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    for name, service in services.items():
        assert set(service.get("depends_on", {})) <= set(services), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in compose["volumes"] if not source.startswith(".") else (ROOT / source).exists(), volume
    assert {"postgres", "code", "webserver", "daemon"} <= set(services)


def test_image_holds_what_the_services_run():
    """Every path the Dockerfile copies exists; the Dagster instance and workspace it installs are the deploy/ files."""
    copies = [line.split()[1:-1] for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("COPY")]
    assert all((ROOT / source).exists() for sources in copies for source in sources)
    instance = yaml.safe_load((ROOT / "deploy/dagster.yaml").read_text())
    assert instance["storage"]["postgres"]["postgres_url"] == {"env": "DAGSTER_PG_URL"}
    [location] = yaml.safe_load((ROOT / "deploy/workspace.yaml").read_text())["load_from"]
    assert location["grpc_server"]["host"] == "code"

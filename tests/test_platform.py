"""The warehouse run as a platform: documents dropped into the inbox become partitions and load one run each;
the webserver and the daemon start as `docker compose up` starts them; the Compose file is valid."""
import dataclasses
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import psycopg
import pytest
import yaml

from dagster_project.definitions import build_definitions
from dagster_project.jobs import DOCUMENT_JOB
import etl.database
import etl.pipeline
from dagster_project.resources import Inbox, WarehouseDatabase
from etl.database import free_port
from samples import demo_disclosures, write_disclosure_pdf
from tests.conftest import ROOT, SEED_PDF

DEMOS = demo_disclosures()
STATISTICS_2023 = next(d for d in DEMOS if d.department == "示例市统计局" and d.fiscal_year == 2023)
COUNTY_2023 = next(d for d in DEMOS if d.department == "示例县财政局")
BIN = Path(sys.executable).parent  # dagster-webserver and dagster-daemon beside this interpreter


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:  # a real instance (sqlite storage in a temporary folder)
        yield instance


def platform(database_url: str, inbox: Path) -> dg.Definitions:
    return build_definitions(database=WarehouseDatabase(url=database_url), inbox=Inbox(folder=str(inbox)))


def sensor_tick(definitions: dg.Definitions, instance: dg.DagsterInstance) -> dg.SensorResult:
    """One evaluation of the inbox sensor; its new partitions are registered as the daemon would."""
    sensor = definitions.resolve_sensor_def("inbox_sensor")
    inbox = definitions.resources["inbox"]
    result = sensor(dg.build_sensor_context(instance=instance, resources={"inbox": inbox}))
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
    return result


def materialise(definitions: dg.Definitions, instance: dg.DagsterInstance, key: str) -> dg.ExecuteInProcessResult:
    return definitions.resolve_job_def(DOCUMENT_JOB).execute_in_process(partition_key=key, instance=instance)


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


def test_sensor_registers_a_dropped_pdf_and_its_run_loads_it(database_url, inbox, instance):
    (inbox / "2023").mkdir()
    pdf = write_disclosure_pdf(STATISTICS_2023, inbox / "2023" / "统计局 2023年 决算.pdf")
    (inbox / "2023" / "说明.txt").write_text("not a PDF: not picked up")
    shutil.copy(pdf, inbox / "草稿...pdf")  # "..." cannot be in a partition key: logged, not picked up
    definitions = platform(database_url, inbox)

    result = sensor_tick(definitions, instance)
    [request] = result.run_requests
    assert request.partition_key == "2023/统计局 2023年 决算.pdf"  # the path in the inbox
    assert instance.get_dynamic_partitions("disclosure_documents") == [request.partition_key]

    run = materialise(definitions, instance, request.partition_key)
    assert run.success
    metadata = materialisation_metadata(run)
    assert (metadata["status"], metadata["department"], metadata["fiscal_year"]) == ("loaded", "示例市统计局", 2023)
    assert metadata["tables_recognised"] >= 9 and metadata["facts"] > 100 and metadata["pages"] > 10
    assert metadata["seconds"] > 0
    checks = check_results(run)
    assert checks["identities_hold"].passed and checks["document_readable"].passed
    assert checks["identities_hold"].partition == request.partition_key
    [(_, name, _, status, facts, _)] = documents(database_url)
    assert (name, status, facts) == (pdf.name, "loaded", metadata["facts"])

    # the next tick asks for the same run again: its run key tells the daemon it was done
    assert [r.run_key for r in sensor_tick(definitions, instance).run_requests] == [request.run_key]


def test_rematerialising_one_partition_reloads_only_that_document(database_url, inbox, instance):
    write_disclosure_pdf(STATISTICS_2023, inbox / "statistics.pdf")
    write_disclosure_pdf(COUNTY_2023, inbox / "county.pdf")
    definitions = platform(database_url, inbox)
    first = {r.partition_key: r.run_key for r in sensor_tick(definitions, instance).run_requests}
    assert set(first) == {"statistics.pdf", "county.pdf"}
    for key in first:
        assert materialise(definitions, instance, key).success
    before = documents(database_url)

    # the same bytes again: nothing changes
    assert materialisation_metadata(materialise(definitions, instance, "statistics.pdf"))["status"] == "unchanged"
    assert documents(database_url) == before

    # a corrected copy under the same name: a new run key for that file only; its run supersedes the old copy
    time.sleep(0.01)  # a modification time of its own even on coarse file system clocks
    write_disclosure_pdf(dataclasses.replace(STATISTICS_2023, split_codes=True), inbox / "statistics.pdf")
    second = {r.partition_key: r.run_key for r in sensor_tick(definitions, instance).run_requests}
    assert second["county.pdf"] == first["county.pdf"] and second["statistics.pdf"] != first["statistics.pdf"]
    run = materialise(definitions, instance, "statistics.pdf")
    assert materialisation_metadata(run)["status"] == "loaded"
    after = documents(database_url)
    county = [d for d in before if d[1] == "county.pdf"]
    assert [d for d in after if d[1] == "county.pdf"] == county  # untouched: same row, same load time
    assert [d[3] for d in after if d[1] == "statistics.pdf"] == ["superseded", "loaded"]


def test_checks_report_source_findings_and_refusals(database_url, inbox, instance):
    shutil.copy(SEED_PDF, inbox / "seed.pdf")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n truncated")
    definitions = platform(database_url, inbox)
    sensor_tick(definitions, instance)

    seed = check_results(materialise(definitions, instance, "seed.pdf"))
    assert seed["identities_hold"].passed  # the seed contradicts itself ("source"), we did not misread it
    assert seed["identities_hold"].metadata["source_findings"].value > 0
    assert seed["identities_hold"].metadata["extraction_findings"].value == 0

    run = materialise(definitions, instance, "broken.pdf")
    assert run.success and materialisation_metadata(run)["status"] == "refused"
    readable = check_results(run)["document_readable"]
    assert not readable.passed and readable.severity == dg.AssetCheckSeverity.WARN
    assert readable.metadata["reason"].value.startswith("truncated PDF")


def test_a_partition_run_migrates_connects_and_hashes_the_file_once(database_url, inbox, instance, monkeypatch):
    """The asset and its two checks share the run's engine; the checks find the document by the sha256 the
    materialisation recorded, without reading the file again."""
    write_disclosure_pdf(COUNTY_2023, inbox / "county.pdf")
    definitions = platform(database_url, inbox)
    sensor_tick(definitions, instance)
    calls = Counter()

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    for module, name in ((etl.database, "migrate"), (etl.database, "create_engine"), (etl.pipeline, "sha256_of")):
        monkeypatch.setattr(module, name, counted(name, getattr(module, name)))
    run = materialise(definitions, instance, "county.pdf")
    assert run.success and [c.passed for c in check_results(run).values()] == [True, True]
    assert calls == {"migrate": 1, "create_engine": 1, "sha256_of": 1}


def test_yearly_sweep_runs_what_was_never_materialised(database_url, inbox, instance):
    write_disclosure_pdf(STATISTICS_2023, inbox / "statistics.pdf")
    write_disclosure_pdf(COUNTY_2023, inbox / "county.pdf")
    definitions = platform(database_url, inbox)
    sensor_tick(definitions, instance)
    assert materialise(definitions, instance, "county.pdf").success
    schedule = definitions.resolve_schedule_def("yearly_sweep")
    context = dg.build_schedule_context(instance=instance, resources={"inbox": definitions.resources["inbox"]})
    requests = schedule(context)
    assert [r.partition_key for r in requests] == ["statistics.pdf"]


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
def dagster_home(server_url, tmp_path, monkeypatch) -> dict[str, str]:
    """The Compose deployment's instance (deploy/dagster.yaml), its storage in a PostgreSQL database of its own,
    and its workspace pointing at a code server on this machine: the environment of every Dagster process."""
    name = f"dagster_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy/dagster.yaml", home)
    workspace = yaml.safe_load((ROOT / "deploy/workspace.yaml").read_text())
    port = free_port()
    workspace["load_from"][0]["grpc_server"] |= {"host": "127.0.0.1", "port": port}
    (home / "workspace.yaml").write_text(yaml.safe_dump(workspace))
    # psycopg2, as in docker-compose.yml: dagster-postgres's queries need it (SQLAlchemy 2.1 defaults to psycopg 3)
    url = server_url.replace("postgresql://", "postgresql+psycopg2://").rsplit("/", 1)[0] + f"/{name}"
    env = {"DAGSTER_HOME": str(home), "DAGSTER_PG_URL": url, "DAGSTER_MAX_CONCURRENT_RUNS": "2", "CODE_PORT": str(port)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with dg.DagsterInstance.get():  # its tables made once, before several processes start at the same time
        pass
    yield env
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path):
    """A Dagster process in a session of its own, stopped (with the processes it started) at the end."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)} | env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(what: str, ready, proc: subprocess.Popen, log: Path, timeout: float = 120):
    """Poll until ready() returns something; a generous limit, only so that a broken process fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the process stopped before {what}:\n{log.read_text()[-3000:]}"
        value = ready()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"no {what} after {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def code_server(env: dict[str, str], tmp_path: Path):
    """The `code` service: the code location over gRPC, up once its health check passes."""
    log = tmp_path / "code.log"
    port = env["CODE_PORT"]
    command = [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", port,
               "-m", "dagster_project.definitions"]
    with process(command, env, log) as proc:
        healthy = lambda: subprocess.run([str(BIN / "dagster"), "api", "grpc-health-check", "-p", port],  # noqa: E731
                                         capture_output=True).returncode == 0
        wait_for("healthy code server", healthy, proc, log)
        yield


def http(url: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except OSError:  # not listening yet
        return None


REPOSITORY_QUERY = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
    name location { name } jobs { name } sensors { name sensorState { status } } schedules { name scheduleState { status } }
} } } }"""


def test_webserver_starts_and_answers_graphql(dagster_home, tmp_path):
    port = free_port()
    log = tmp_path / "webserver.log"
    command = [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port),
               "-w", str(Path(dagster_home["DAGSTER_HOME"]) / "workspace.yaml")]
    with code_server(dagster_home, tmp_path), process(command, dagster_home, log) as proc:
        info = wait_for("answer on /server_info", lambda: http(f"http://127.0.0.1:{port}/server_info"), proc, log)
        assert info["dagster_version"] == dg.__version__
        repositories = lambda: (http(f"http://127.0.0.1:{port}/graphql", {"query": REPOSITORY_QUERY})  # noqa: E731
                                or {}).get("data", {}).get("repositoriesOrError", {}).get("nodes")
        [repository] = wait_for("repository over GraphQL", repositories, proc, log)
    assert repository["location"]["name"] == "disclosure_warehouse"
    assert {j["name"] for j in repository["jobs"]} >= {DOCUMENT_JOB, "load_disclosures"}
    assert [(s["name"], s["sensorState"]["status"]) for s in repository["sensors"]] == [("inbox_sensor", "RUNNING")]
    assert [(s["name"], s["scheduleState"]["status"]) for s in repository["schedules"]] == [("yearly_sweep", "RUNNING")]


def test_daemon_picks_up_a_dropped_pdf_and_loads_it(database_url, dagster_home, tmp_path, inbox):
    (inbox / "2023").mkdir()
    pdf = write_disclosure_pdf(COUNTY_2023, inbox / "2023" / "county.pdf")
    env = dagster_home | {"WAREHOUSE_INBOX": str(inbox), "DATABASE_URL": database_url}
    log = tmp_path / "daemon.log"
    command = [str(BIN / "dagster-daemon"), "run", "-w", str(Path(env["DAGSTER_HOME"]) / "workspace.yaml")]
    with dg.DagsterInstance.get() as instance, code_server(env, tmp_path), process(command, env, log) as proc:
        finished = lambda: [r for r in instance.get_runs() if r.is_finished]  # noqa: E731
        [run] = wait_for("a finished run", finished, proc, log)
        alive = subprocess.run([str(BIN / "dagster-daemon"), "liveness-check"], env=os.environ | env,
                               capture_output=True, text=True)
    assert alive.returncode == 0, alive.stdout + alive.stderr
    assert run.status == dg.DagsterRunStatus.SUCCESS, (tmp_path / "code.log").read_text()[-3000:]
    assert (run.job_name, run.tags["dagster/partition"]) == (DOCUMENT_JOB, "2023/county.pdf")
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


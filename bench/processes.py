"""The platform's processes as `docker compose up` starts them, without Docker: a Dagster instance whose storage
is a PostgreSQL database of its own (deploy/dagster.yaml), a code server, the webserver and the daemon. Shared
by tests/test_platform.py and bench/backfill.py.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import yaml

from etl.database import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # dagster, dagster-webserver and dagster-daemon beside this interpreter


@contextmanager
def dagster_home(server_url: str, folder: Path, max_concurrent_runs: int = 2) -> Iterator[dict[str, str]]:
    """The Compose deployment's instance in `folder`, its storage in a new database of the server at
    `server_url` (dropped at the end), its workspace pointing at a code server on this machine: the
    environment every Dagster process gets."""
    name = f"dagster_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "deploy/dagster.yaml", folder)
    workspace = yaml.safe_load((ROOT / "deploy/workspace.yaml").read_text())
    port = free_port()
    workspace["load_from"][0]["grpc_server"] |= {"host": "127.0.0.1", "port": port}
    (folder / "workspace.yaml").write_text(yaml.safe_dump(workspace))
    # psycopg2, as in docker-compose.yml: dagster-postgres's queries need it (SQLAlchemy 2.1 defaults to psycopg 3)
    url = server_url.replace("postgresql://", "postgresql+psycopg2://").rsplit("/", 1)[0] + f"/{name}"
    try:
        yield {"DAGSTER_HOME": str(folder), "DAGSTER_PG_URL": url,
               "DAGSTER_MAX_CONCURRENT_RUNS": str(max_concurrent_runs), "CODE_PORT": str(port)}
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
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


def wait_for(what: str, ready: Callable, proc: subprocess.Popen, log: Path, timeout: float = 120):
    """Poll until ready() returns something; a generous limit, only so that a broken process fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the process stopped before {what}:\n{log.read_text()[-3000:]}")
        value = ready()
        if value:
            return value
        time.sleep(1)
    raise TimeoutError(f"no {what} after {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def code_server(env: dict[str, str], logs: Path) -> Iterator[subprocess.Popen]:
    """The `code` service: the code location over gRPC, up once its health check passes."""
    log = logs / "code.log"
    port = env["CODE_PORT"]
    command = [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", port,
               "-m", "dagster_project.definitions"]
    with process(command, env, log) as proc:
        healthy = lambda: subprocess.run([str(BIN / "dagster"), "api", "grpc-health-check", "-p", port],  # noqa: E731
                                         capture_output=True).returncode == 0
        wait_for("healthy code server", healthy, proc, log)
        yield proc


def webserver(env: dict[str, str], logs: Path, port: int):
    command = [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port),
               "-w", str(Path(env["DAGSTER_HOME"]) / "workspace.yaml")]
    return process(command, env, logs / "webserver.log")


def daemon(env: dict[str, str], logs: Path):
    command = [str(BIN / "dagster-daemon"), "run", "-w", str(Path(env["DAGSTER_HOME"]) / "workspace.yaml")]
    return process(command, env, logs / "daemon.log")


def http(url: str, body: dict | None = None):
    """A JSON answer, or None while nothing listens."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except OSError:  # not listening yet
        return None

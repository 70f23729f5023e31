"""Faults during a load: the database restarting, two loads at once, the process killed, a reader process dying.

Each test waits for an event it can observe (a load waiting on a lock the test holds, a process holding a file
open, a retry announced) rather than for a guessed time, then checks that nothing was lost, nothing duplicated and
nothing half-written, and that the load, or running it again, completes it. Every wait is bounded, and a load that
overruns is killed with its workers: a stuck test fails in minutes, and leaves no process holding a lock behind.
(tests/test_resilience.py restarts the database twice under a load of the real corpus.)
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from etl.database import EmbeddedPostgres, free_port, libpq_url, migrate, sqlalchemy_url
from etl.pipeline import extract, sha256_of
from etl.pool import extract_many
from etl.records import ExtractedDocument, RefusedDocument
from samples import SyntheticDisclosure, write_disclosure_pdf
from tests.conftest import ROOT

DEPARTMENTS = ("示例县审计局", "示例县财政局", "示例市统计局", "示例县教育局")


def disclosures(folder: Path, departments=DEPARTMENTS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_disclosure_pdf(SyntheticDisclosure(name, 2023), folder / f"{i}_{name}.pdf")
            for i, name in enumerate(departments)]


def start_load(url: str, *paths: Path, **env: str) -> subprocess.Popen:
    """`warehouse load` in a process of its own (and its own process group, so that a kill takes its workers)."""
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT), **env)
    return subprocess.Popen([sys.executable, "-m", "warehouse.cli", "load", *map(str, paths)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    """The load's exit code and output; one still running after `timeout` s is killed, and fails the test."""
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the load ran over {timeout} s and was killed:\n{kill(process)}")
    return process.returncode, out


def kill(process: subprocess.Popen) -> str:
    """Kill a load and its workers (its process group); what it printed. Bounded: its reader processes, which
    hold its output open, die with it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended meanwhile
        pass
    out, _ = process.communicate(timeout=60)
    return out


def wait_for(condition: Callable[[], bool], process: subprocess.Popen | None = None, what: str = "",
             timeout: float = 300) -> None:
    """Until `condition` holds; a load that ends first fails the test with its output."""
    deadline = time.monotonic() + timeout  # a bound against a hang, not a timing assumption
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the load ended before {what}:\n{kill(process)}")
        if time.monotonic() > deadline:
            pytest.fail(f"never saw {what} in {timeout} s" + (f":\n{kill(process)}" if process else ""))
        time.sleep(0.05)


def connect(url: str, autocommit: bool = False) -> psycopg.Connection:
    """The test's own session: no statement of it, nor its connecting, can wait without end."""
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=30, options="-c statement_timeout=300s")


def waiting_on(url: str, lock: str, count: int = 1) -> Callable[[], bool]:
    """Whether `count` sessions wait for a lock of this kind (`advisory`, or the relation named)."""
    def check() -> bool:
        with connect(url, autocommit=True) as conn:
            return conn.execute(
                "select count(*) from pg_locks where not granted and "
                "(locktype = %s or (locktype = 'relation' and relation = to_regclass(%s)))", (lock, lock),
            ).fetchone()[0] >= count
    return check


def hold_file_lock(conn: psycopg.Connection, path: Path) -> None:
    """The lock `etl.load` takes on a file's sha256: its load waits until the test lets go."""
    conn.execute("select pg_advisory_lock(1, hashtext(%s))", (sha256_of(path),))


def warehouse_state(url: str) -> dict:
    with connect(url) as conn:
        return {
            "documents": dict(conn.execute("select sha256, status from warehouse.source_document").fetchall()),
            # every document holds exactly the facts it says it has
            "partial": conn.execute(
                "select d.file_name from warehouse.source_document d left join warehouse.fact f on f.document_id = d.id "
                "group by d.id having count(f.id) <> d.fact_count").fetchall(),
            "mart": conn.execute("select count(*) from mart.disclosure_facts").fetchone()[0],
            "mart_keys": conn.execute(
                "select count(distinct (department, fiscal_year, report_kind, report_level, table_key, function_code, "
                "economic_code, item, measure)) from mart.disclosure_facts").fetchone()[0],
            "orphans": conn.execute(
                "select (select count(*) from warehouse.document_table t where not exists "
                "(select 1 from warehouse.source_document d where d.id = t.document_id))").fetchone()[0],
        }


def clean_load(files: list[Path]) -> dict:
    """What a load of these files into an empty warehouse holds, per sha256."""
    results = [extract(path) for path in files]
    return {"documents": {r.sha256: "loaded" for r in results}, "partial": [],
            "mart": sum(len(r.facts) for r in results), "mart_keys": sum(len(r.facts) for r in results), "orphans": 0}


@pytest.fixture
def own_server():
    """A PostgreSQL of this test's own, which it may restart without disturbing the other tests' server."""
    home = Path(tempfile.mkdtemp(prefix="warehouse-fault-pg-"))
    server = EmbeddedPostgres(home, free_port())
    url = libpq_url(server.start())
    yield server, url
    server.stop()
    shutil.rmtree(home, ignore_errors=True)


def test_the_database_restarting_mid_document_is_waited_out_and_the_load_completes(own_server, tmp_path):
    server, url = own_server
    files = disclosures(tmp_path / "inbox")
    migrate(sqlalchemy_url(url))
    blocker = connect(url, autocommit=True)
    hold_file_lock(blocker, files[1])  # the load writes the first document, then waits at the second
    load = start_load(url, tmp_path / "inbox")
    wait_for(waiting_on(url, "advisory"), load, "the load waiting at its second document")
    server.stop()  # a fast shutdown: every session is ended, the load's (mid-transaction) and the test's
    blocker.close()
    # the server stays down until the load has found it down again, then comes back
    announced = read_until(load, "(attempt 3)")
    server.start()
    code, out = finish(load)
    out = announced + out
    assert code == 0, out
    assert "database connection lost while loading 1_示例县财政局.pdf; retrying in 1 s (attempt 2)" in out
    assert "load stopped" not in out
    assert warehouse_state(url) == clean_load(files)  # each document once, none half-written


def test_a_database_away_longer_than_the_retries_wait_stops_the_load_cleanly(own_server, tmp_path):
    server, url = own_server
    files = disclosures(tmp_path / "inbox")
    migrate(sqlalchemy_url(url))
    blocker = connect(url, autocommit=True)
    hold_file_lock(blocker, files[1])
    load = start_load(url, tmp_path / "inbox", WAREHOUSE_DB_RETRY_SECONDS="3")
    wait_for(waiting_on(url, "advisory"), load, "the load waiting at its second document")
    server.stop()
    blocker.close()
    code, out = finish(load)
    server.start()
    assert code == 2, out
    said = " ".join(out.split())  # the console wraps long lines
    assert "load stopped: DatabaseUnavailable: database connection lost while loading 1_示例县财政局.pdf;" in said
    assert re.search(r"gave up after \d+ s and \d+ attempts \(OperationalError", said), out
    assert "run the same command again" in said
    state = warehouse_state(url)
    assert state["documents"] == {sha256_of(files[0]): "loaded"}
    assert state["partial"] == [] and state["orphans"] == 0
    code, out = finish(start_load(url, tmp_path / "inbox"))
    assert code == 0, out
    assert warehouse_state(url) == clean_load(files)


def read_until(process: subprocess.Popen, text: str, timeout: float = 300) -> str:
    """The process's output up to the line that holds `text` (read on a thread: a bounded wait)."""
    lines: list[str] = []
    seen = threading.Event()

    def reader() -> None:
        for line in process.stdout:
            lines.append(line)
            if text in line:
                seen.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    if not seen.wait(timeout):
        pytest.fail(f"never saw {text!r} in {timeout} s:\n{''.join(lines)}{kill(process)}")
    return "".join(lines)


def test_two_loads_over_overlapping_files_at_once(database_url, tmp_path):
    files = disclosures(tmp_path / "all")
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, chosen in ((first, files[:3]), (second, files[1:])):
        folder.mkdir()
        for path in chosen:
            shutil.copy(path, folder / path.name)
    # a report and its corrected re-publication, one in each folder: only one may end up loaded
    original = write_disclosure_pdf(SyntheticDisclosure("示例县民政局", 2023), first / "9_original.pdf")
    corrected = write_disclosure_pdf(SyntheticDisclosure("示例县民政局", 2023, long_expenditure=True),
                                     second / "9_corrected.pdf")
    blocker = connect(database_url, autocommit=True)
    hold_file_lock(blocker, files[1])  # both loads meet at the file they share, then race over the rest
    loads = [start_load(database_url, first), start_load(database_url, second)]
    wait_for(waiting_on(database_url, "advisory", count=2), None, "both loads waiting at the shared file")
    blocker.close()
    for load in loads:
        code, out = finish(load)
        assert code == 0, out  # loaded or unchanged, no error
    state = warehouse_state(database_url)
    winner, loser = sorted((original, corrected), key=lambda p: state["documents"][sha256_of(p)])
    assert (state["documents"].pop(sha256_of(winner)), state["documents"].pop(sha256_of(loser))) == (
        "loaded", "superseded")
    expected = clean_load(files)
    assert state["documents"] == expected["documents"]
    assert state["partial"] == [] and state["orphans"] == 0
    assert state["mart"] == state["mart_keys"] == expected["mart"] + len(extract(winner).facts)


def test_a_load_killed_in_the_middle_of_a_document_leaves_nothing_of_it(database_url, tmp_path):
    files = disclosures(tmp_path / "inbox", DEPARTMENTS[:3])
    code, out = finish(start_load(database_url, files[0]))
    assert code == 0, out
    before = warehouse_state(database_url)
    blocker = connect(database_url)
    blocker.execute("lock table warehouse.fact in share mode")  # facts wait: the next document stops half-written
    load = start_load(database_url, tmp_path / "inbox")
    wait_for(waiting_on(database_url, "warehouse.fact"), load, "the load writing the facts of its second document")
    kill(load)
    blocker.rollback()
    blocker.close()
    assert warehouse_state(database_url) == before  # the first document intact, nothing of the second
    code, out = finish(start_load(database_url, tmp_path / "inbox"))
    assert code == 0, out
    assert warehouse_state(database_url) == clean_load(files)


def test_a_reader_process_that_dies_loses_no_other_file(tmp_path):
    files = disclosures(tmp_path, DEPARTMENTS[:3])
    trap = tmp_path / "trap.pdf"  # a named pipe: whoever reads it waits until the test writes
    os.mkfifo(trap)
    killed: list[int] = []

    def saboteur() -> None:
        """Opening the pipe's other end returns once a process opens it to read: kill that process, twice."""
        for attempt in range(2):
            with open(trap, "wb"):
                readers: list[int] = []
                wait_for(lambda: bool(readers.extend(set(_readers(trap)) - set(killed)) or readers), None,
                         "the reader in /proc")
                if attempt == 1:  # the parent hashes the file it refuses: let it find a plain file there
                    (tmp_path / "stand-in").write_bytes(b"%PDF-1.7 gone\n")
                    os.replace(tmp_path / "stand-in", trap)
                os.kill(readers[0], signal.SIGKILL)  # as a native crash or the OOM killer would
                killed.append(readers[0])

    saboteur = threading.Thread(target=saboteur, daemon=True)
    saboteur.start()
    results = list(extract_many([trap, *files], workers=2))
    saboteur.join(timeout=60)
    assert len(killed) == 2  # the pool's worker, then the process that read the file alone
    assert [r.path for r in results] == [trap, *files]
    assert all(isinstance(r, ExtractedDocument) for r in results[1:])
    assert isinstance(results[0], RefusedDocument)
    assert results[0].reason.startswith("reading it killed the reader's process twice")


def _readers(path: Path) -> list[int]:
    """The other processes that have `path` open."""
    found = []
    for process in Path("/proc").iterdir():
        if process.name.isdigit() and int(process.name) != os.getpid():
            try:
                if any(os.readlink(fd) == str(path) for fd in (process / "fd").iterdir()):
                    found.append(int(process.name))
            except OSError:  # a process or descriptor that went away meanwhile
                continue
    return found


def test_loads_started_together_on_a_new_database_create_the_schema_once(database_url):
    blocker = connect(database_url)
    # the schema the migrations create first, uncommitted: both migrations reach that point, then go on together
    blocker.execute("create schema warehouse")
    code = f"from etl.database import migrate, sqlalchemy_url; migrate(sqlalchemy_url({database_url!r}))"
    migrations = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    wait_for(lambda: _waiting(database_url) >= 2, None, "both migrations waiting")
    blocker.rollback()
    blocker.close()
    for migration in migrations:
        code, out = finish(migration)
        assert code == 0, out
    assert warehouse_state(database_url)["documents"] == {}


def _waiting(url: str) -> int:
    with connect(url, autocommit=True) as conn:
        return conn.execute("select count(*) from pg_locks where not granted").fetchone()[0]

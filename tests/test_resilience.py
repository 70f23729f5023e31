"""A load rides through its database going away: which errors are waited out (etl.retry), a COMMIT whose answer is
lost, and the real corpus's documents loaded while the database restarts twice: exit 0, and the warehouse as a
load without restarts leaves it.

The short fault tests (a restart mid-document, a database away for too long) are in tests/test_faults.py.
"""
from __future__ import annotations

import re
import socket
import subprocess
import threading
import time

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from etl.database import free_port, migrate, sqlalchemy_url
from etl.pipeline import discover
from etl.retry import Transient, in_transaction, transient
from tests.conftest import REAL
from tests.test_faults import connect, finish, kill, own_server, start_load, wait_for  # noqa: F401 (a fixture)

# SQLSTATE → why running the transaction again may succeed (None: it would fail the same way)
SQLSTATES = {
    "40001": Transient.CONFLICT,  # serialization_failure
    "40P01": Transient.CONFLICT,  # deadlock_detected
    "57P01": Transient.CONNECTION_LOST,  # admin_shutdown: a fast or smart shutdown, pg_terminate_backend
    "57P02": Transient.CONNECTION_LOST,  # crash_shutdown: another backend crashed, the server restarts
    "57P03": Transient.CONNECTION_LOST,  # cannot_connect_now: starting up, or a standby being promoted
    "08006": Transient.CONNECTION_LOST,  # connection_failure
    "08001": Transient.CONNECTION_LOST,  # sqlclient_unable_to_establish_sqlconnection
    "57014": None,  # query_canceled (an OperationalError too): a statement timeout comes back the same
    "55P03": None,  # lock_not_available (lock_timeout)
    "53100": None,  # disk_full
    "23505": None,  # unique_violation: the document is refused instead (etl.load)
    "22003": None,  # numeric_value_out_of_range: likewise
    "42P01": None,  # undefined_table: a defect
    "XX000": None,  # internal_error
}


@pytest.mark.parametrize("sqlstate", SQLSTATES)
def test_which_server_errors_are_waited_out_goes_by_sqlstate(server_url, sqlstate):
    raise_it = f"do $$ begin raise exception 'any words' using errcode = '{sqlstate}'; end $$"
    with psycopg.connect(server_url, autocommit=True) as conn, pytest.raises(psycopg.Error) as raised:
        conn.execute(raise_it)
    assert raised.value.sqlstate == sqlstate
    assert transient(raised.value) is SQLSTATES[sqlstate]
    engine = create_engine(sqlalchemy_url(server_url))  # as the load meets it: wrapped by SQLAlchemy
    with engine.connect() as conn, pytest.raises(DBAPIError) as wrapped:
        conn.execute(text(raise_it))
    engine.dispose()
    assert transient(wrapped.value) is SQLSTATES[sqlstate]


def test_a_connection_refused_or_ended_by_the_server_is_a_connection_lost(server_url):
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres", connect_timeout=5)
    assert refused.value.sqlstate is None  # libpq's own error: no SQLSTATE to go by, only its class
    assert transient(refused.value) is Transient.CONNECTION_LOST
    with psycopg.connect(server_url, autocommit=True) as victim, psycopg.connect(server_url, autocommit=True) as dba:
        dba.execute("select pg_terminate_backend(%s)", (victim.info.backend_pid,))
        with pytest.raises(psycopg.OperationalError) as ended:
            victim.execute("select 1")
    assert transient(ended.value) is Transient.CONNECTION_LOST
    assert transient(ValueError("not the database's")) is None


class CommitCutter:
    """A TCP relay to PostgreSQL that drops the connection, once, right after the server has answered a COMMIT:
    the transaction is committed, and the client never hears so (a network failure at the worst moment)."""

    ANSWER = b"C\x00\x00\x00\x0bCOMMIT\x00"  # CommandComplete, tag COMMIT

    def __init__(self, server_port: int) -> None:
        self.server_port, self.cuts = server_port, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(("127.0.0.1", self.server_port))
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if answers and self.cuts == 0 and self.ANSWER in chunk:
                    self.cuts += 1
                    break
                sink.sendall(chunk)
        except OSError:
            pass
        for end in (source, sink):  # shut down, not just closed: that wakes the other direction's recv
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()


def test_a_commit_whose_answer_is_lost_is_asked_about_not_written_again(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("create table written (attempt int)")
    cutter = CommitCutter(int(re.search(r":(\d+)/", database_url).group(1)))
    engine = create_engine(sqlalchemy_url(re.sub(r":\d+/", f":{cutter.port}/", database_url, count=1)))
    attempts: list[int] = []

    def work(conn) -> int:
        attempts.append(len(attempts) + 1)
        conn.execute(text("insert into written values (:attempt)"), {"attempt": attempts[-1]})
        return attempts[-1]

    assert in_transaction(engine, work, "a row") == 1  # the first attempt's result: it was committed
    engine.dispose()
    assert cutter.cuts == 1 and attempts == [1]
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select attempt from written").fetchall() == [(1,)]


def warehouse_contents(url: str) -> dict:
    """Everything the warehouse holds, without its ids: per document (by sha256) its status and what hangs off it,
    and the size of every shared table."""
    with connect(url) as conn:
        documents = {row[0]: row[1:] for row in conn.execute("""
            select d.sha256, d.file_name, d.status, d.reason_code, d.fact_count,
                   (select count(*) from warehouse.fact f where f.document_id = d.id),
                   (select count(*) from warehouse.document_table t where t.document_id = d.id),
                   (select count(*) from warehouse.document_cell c where c.document_id = d.id),
                   (select count(*) from warehouse.quality_finding q where q.document_id = d.id),
                   (select c.file_name from warehouse.source_document c where c.id = d.companion_id)
            from warehouse.source_document d""")}
        shared = {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in (
            "warehouse.source_document", "warehouse.fact", "warehouse.document_cell", "warehouse.department",
            "warehouse.function_subject", "warehouse.economic_subject", "warehouse.subject_name",
            "mart.disclosure_facts")}
    return {"documents": documents, "tables": shared}


def summary_line(out: str) -> str:
    return re.search(r"\d+ documents: .* facts loaded", " ".join(out.split())).group()


def test_a_load_of_the_real_corpus_rides_through_two_database_restarts(server_url, own_server):
    """The whole real corpus, once in the suite. A clean load of it is the reference, and says which files are
    rightly refused (narrative halves, a blank template: its exit code 1 says so). Those go into the restarted
    database first; then the documents that load are loaded while it restarts twice, and that load exits 0.
    Two loads of the corpus: a few minutes on two cores."""
    files = {path.name: path for path in discover([REAL])}
    started = time.monotonic()
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute("drop database if exists resilience_clean with (force)")
        conn.execute("create database resilience_clean")
    clean_url = server_url.rsplit("/", 1)[0] + "/resilience_clean"
    clean_code, clean_out = finish(start_load(clean_url, REAL), timeout=1800)
    clean = warehouse_contents(clean_url)
    clean_seconds = time.monotonic() - started
    assert len(clean["documents"]) == len(files)
    refused = {files[name] for name, status, *_ in clean["documents"].values() if status == "refused"}
    readable = [path for path in files.values() if path not in refused]  # in the clean load's order
    assert clean_code == 1 and refused, clean_out
    documents, loaded, unchanged, refusals, facts = map(int, re.findall(r"\d+", summary_line(clean_out)))
    assert (documents, loaded, unchanged, refusals) == (len(files), len(readable), 0, len(refused))

    server, url = own_server
    migrate(sqlalchemy_url(url))
    # the refused files first: the tables halves loaded during the restarts pair with their narratives, as in the
    # clean load, and the load that rides through the restarts holds no file that is refused
    assert finish(start_load(url, *sorted(refused)))[0] == 1
    load = start_load(url, *readable)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(load.stdout), daemon=True)
    reader.start()
    retries = lambda: sum("retrying in" in line for line in output)  # noqa: E731

    def documents_at_least(count: int):
        def check() -> bool:
            with connect(url) as conn:
                return conn.execute("select count(*) from warehouse.source_document").fetchone()[0] >= count
        return check

    def waiting_for_facts() -> bool:
        with connect(url, autocommit=True) as conn:
            return conn.execute("select count(*) from pg_locks where not granted "
                                "and relation = to_regclass('warehouse.fact')").fetchone()[0] > 0

    def restart(down_for_retries: int = 2) -> None:
        """A fast shutdown (every session ended), the server kept down until the load has met it down
        `down_for_retries` times, then started again."""
        before = retries()
        server.stop()
        wait_for(lambda: retries() >= before + down_for_retries, load, "the load retrying", timeout=600)
        server.start()

    # the first restart cuts a document in the middle: its facts wait on a lock the test holds
    wait_for(documents_at_least(len(refused) + len(readable) // 4), load, "a quarter of the documents loaded",
             timeout=1800)
    blocker = connect(url)
    blocker.execute("lock table warehouse.fact in share mode")
    wait_for(waiting_for_facts, load, "a document waiting to write its facts")
    restart()
    blocker.close()
    # the second wherever the load is at that moment
    wait_for(documents_at_least(len(refused) + 2 * len(readable) // 3), load,
             "two thirds of the documents loaded", timeout=1800)
    restart()

    try:
        load.wait(timeout=1800)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the load did not finish:\n{kill(load)}")
    reader.join(timeout=60)
    out = "".join(output)
    print(f"clean load {clean_seconds:.0f} s; load with two restarts {time.monotonic() - started - clean_seconds:.0f}"
          f" s; {retries()} retries:\n" + "\n".join(line for line in output if "retrying in" in line))
    assert load.returncode == 0, out
    assert "load stopped" not in out
    # each document loaded once, as in the clean load: none refused, none found already there
    assert summary_line(out) == f"{loaded} documents: {loaded} loaded, 0 unchanged, 0 refused; {facts} facts loaded"
    assert retries() >= 4
    assert warehouse_contents(url) == clean  # every document once, complete: 0 lost, 0 duplicated
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute("drop database resilience_clean with (force)")

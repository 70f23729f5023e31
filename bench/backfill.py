"""A backfill through the Dagster daemon, on the platform's own processes (bench/processes.py: code server,
webserver, daemon, an instance stored in PostgreSQL), timed end to end.

    .venv/bin/python bench/backfill.py                    # 10 copies of ../shared/corpus/real
    .venv/bin/python bench/backfill.py --years 2025 2026  # a reduced size: the corpus's files of those years

In a temporary folder: a fresh embedded PostgreSQL (the warehouse and Dagster's storage), and an inbox of
`copies` batches, `<year>/copy-NN/<file>`, each file's year read from its name (`…_2024_…`). Every copy gets
one distinct trailing byte line after the PDF's end, so that its sha256 is its own and it is read and loaded
again (each copy supersedes the one before it, as a corrected re-publication does). The sensor is stopped, the
batches registered as it would, then one backfill of every batch partition is launched over GraphQL and the
daemon runs it, `--runs` at once, `--workers` readers a run. Then the same backfill again: every file is known
by its sha256, nothing is read, and what each run takes is the run's overhead alone. Memory is sampled every
0.5 s: the daemon's process tree (RSS), PostgreSQL's (PSS: its shared buffers counted once), and the code
server's (it starts the runs, so its tree holds them and their readers).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dagster as dg  # noqa: E402

from bench.processes import code_server, daemon, dagster_home, http, wait_for, webserver  # noqa: E402
from dagster_project.partitions import partition_key  # noqa: E402
from etl.database import DATABASE_NAME, EmbeddedPostgres, free_port  # noqa: E402
from etl.pipeline import discover  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
YEAR_IN_NAME = re.compile(r"_((?:19|20)\d\d)_")
LOCATION, REPOSITORY = "disclosure_warehouse", "__repository__"

SENSOR_QUERY = """query { sensorOrError(sensorSelector: {repositoryLocationName: "%s", repositoryName: "%s",
    sensorName: "inbox_sensor"}) { ... on Sensor { id } } }""" % (LOCATION, REPOSITORY)
STOP_SENSOR = """mutation($id: String) { stopSensor(id: $id) { __typename ... on Error { message } } }"""
LAUNCH_BACKFILL = """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
    __typename ... on LaunchBackfillSuccess { backfillId } ... on Error { message } } }"""

BACKFILL_STATUS = """query($id: String!) { partitionBackfillOrError(backfillId: $id) {
    ... on PartitionBackfill { status } } }"""


def build_inbox(corpus: Path, inbox: Path, copies: int, years: set[int]) -> list[tuple[int, str]]:
    """`copies` batches of the corpus's files, each file's bytes made distinct; the (year, batch) partitions."""
    partitions = set()
    for source in discover([corpus]):
        found = YEAR_IN_NAME.search(source.name)
        if not found or (years and int(found[1]) not in years):
            continue
        data = source.read_bytes()
        for copy in range(1, copies + 1):
            batch = f"copy-{copy:02d}"
            target = inbox / found[1] / batch / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data + f"\n% backfill copy {copy}\n".encode())  # after %%EOF: readers ignore it
            partitions.add((int(found[1]), batch))
    return sorted(partitions)


class PeakMemory:
    """The peak memory of process trees, sampled every 0.5 s on a thread of its own."""

    def __init__(self, roots: dict[str, int], proportional: set[str]):
        self.roots, self.proportional = roots, proportional
        self.peak_mib = dict.fromkeys(roots, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for name, pid in self.roots.items():
                self.peak_mib[name] = max(self.peak_mib[name], self._tree(pid, name in self.proportional))

    @staticmethod
    def _tree(pid: int, proportional: bool) -> float:
        total = 0
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        for process in processes:
            try:
                total += process.memory_full_info().pss if proportional else process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return total / 2**20


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    answer = http(f"http://127.0.0.1:{port}/graphql", {"query": query, "variables": variables or {}})
    if not answer or "errors" in answer:
        raise RuntimeError(f"GraphQL: {answer}")
    return answer["data"]


def backfill(port: int, instance: dg.DagsterInstance, keys: list[str], title: str) -> dict:
    """Launch a backfill of these partitions, wait for the daemon to finish it; its runs' timings."""
    params = {"assetSelection": [{"path": ["disclosure_batch"]}], "partitionNames": keys, "title": title}
    launched = graphql(port, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    if launched["__typename"] != "LaunchBackfillSuccess":
        raise RuntimeError(f"backfill not launched: {launched}")
    backfill_id, started = launched["backfillId"], time.time()
    while (status := graphql(port, BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]["status"]) \
            not in ("COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"):
        time.sleep(2)
    runs = instance.get_run_records(dg.RunsFilter(tags={"dagster/backfill": backfill_id}))
    finished = max(r.end_time for r in runs)
    return {
        "status": status, "runs": len(runs),
        "failed_runs": sum(r.dagster_run.status != dg.DagsterRunStatus.SUCCESS for r in runs),
        "seconds": round(finished - started, 1),
        "run_seconds": sorted(round(r.end_time - r.start_time, 2) for r in runs),
        "queued_seconds": sorted(round(r.start_time - r.create_timestamp.timestamp(), 2) for r in runs),
    }


def materialisations(instance: dg.DagsterInstance) -> list[dict]:
    records = instance.fetch_materializations(dg.AssetKey("disclosure_batch"), limit=10_000).records
    return [{k: v.value for k, v in r.asset_materialization.metadata.items()} for r in records]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/real")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--years", type=int, nargs="*", default=[], help="only the corpus's files of these years")
    parser.add_argument("--runs", type=int, default=2, help="runs at once (the daemon's max_concurrent_runs)")
    parser.add_argument("--workers", type=int, default=1, help="PDF readers in each run (WAREHOUSE_WORKERS)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="warehouse-backfill-") as folder, ExitStack() as stack:
        home = Path(folder)
        partitions = build_inbox(args.corpus.resolve(), home / "inbox", args.copies, set(args.years))
        documents = len(discover([home / "inbox"]))
        print(f"{documents} PDFs in {len(partitions)} partitions ({args.copies} copies); {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}; {args.runs} runs at once, {args.workers} reader(s) a run",
              flush=True)
        server = EmbeddedPostgres(home / "pg", free_port())
        server.start()
        stack.callback(server.stop)
        server_url = f"postgresql://postgres@127.0.0.1:{server.port}/postgres"
        env = stack.enter_context(dagster_home(server_url, home / "dagster_home", args.runs))
        env |= {"WAREHOUSE_INBOX": str(home / "inbox"), "WAREHOUSE_WORKERS": str(args.workers),
                "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{server.port}/{DATABASE_NAME}"}
        os.environ.update(env)
        instance = stack.enter_context(dg.DagsterInstance.get())
        port = free_port()
        code = stack.enter_context(code_server(env, home))
        web = stack.enter_context(webserver(env, home, port))
        wait_for("the repository over GraphQL",
                 lambda: (http(f"http://127.0.0.1:{port}/graphql", {"query": SENSOR_QUERY}) or {})
                 .get("data", {}).get("sensorOrError", {}).get("id"), web, home / "webserver.log")
        sensor = graphql(port, SENSOR_QUERY)["sensorOrError"]["id"]
        graphql(port, STOP_SENSOR, {"id": sensor})  # the backfill alone requests runs
        instance.add_dynamic_partitions("disclosure_batches", sorted({batch for _, batch in partitions}))
        keys = [partition_key(year, batch) for year, batch in partitions]
        pid_file = (server.pgdata / "postmaster.pid").read_text().split()
        the_daemon = stack.enter_context(daemon(env, home))
        with PeakMemory({"daemon": the_daemon.pid, "postgres": int(pid_file[0]), "code server and runs": code.pid},
                        proportional={"postgres"}) as memory:
            first = backfill(port, instance, keys, "every batch")
            loaded = materialisations(instance)
            again = backfill(port, instance, keys, "every batch again: nothing new")
        read = sum(m["read"] for m in loaded)
        load_seconds = sum(m["seconds"] for m in loaded)
        result = {
            "documents": documents, "partitions": len(partitions), "read": read,
            "loaded": sum(m["loaded"] for m in loaded), "refused": sum(m["refused"] for m in loaded),
            "pages": sum(m["pages"] for m in loaded), "facts_loaded": sum(m["facts_loaded"] for m in loaded),
            "backfill": first, "again": again,
            "documents_per_minute": round(read / first["seconds"] * 60, 1),
            "seconds_per_document_in_a_run": round(load_seconds / max(read, 1), 2),
            "run_overhead_seconds_median": statistics.median(again["run_seconds"]),
            "run_overhead_seconds_max": max(again["run_seconds"]),
            "peak_mib": {name: round(mib) for name, mib in memory.peak_mib.items()},
            "load_average_after": round(os.getloadavg()[0], 1),
        }
        print(json.dumps(result, indent=1), flush=True)
        return 0 if first["failed_runs"] == again["failed_runs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""A national-scale synthetic warehouse, and the analyst queries of docs/queries.md timed on it.

    .venv/bin/python bench/scale.py [DEPARTMENTS] [YEARS]        (default: 5000 departments × 5 years)

1. A fresh embedded PostgreSQL in a temporary folder, migrated to the newest schema.
2. For every department and year, a 决算 with the facts of samples/' template-shaped disclosure (varied
   by name, year and layout), and a budget whose amounts are that 决算's scaled by a random factor (budgets
   print no actual "三公" figures): about 10 million facts for 5,000 × 5, written with COPY. The departments
   the documented queries ask about by name are among them, so every query finds its rows.
3. Every SQL block of docs/queries.md, as the analyst role: one warm-up run, then the best of three, rows
   fetched to the client. Each must answer in under a second on this machine.
Results and how to read them: docs/performance.md.
"""
from __future__ import annotations

import hashlib
import io
import random
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from etl.classification import level_of, lineage, parent_of  # noqa: E402
from etl.database import EmbeddedPostgres, free_port, migrate  # noqa: E402
from etl.pool import default_workers  # noqa: E402
from samples import SyntheticDisclosure, expected_facts  # noqa: E402

FIRST_YEAR = 2020
CENT = Decimal("0.01")
ANALYST = "warehouse_analyst"


def department_names(count: int) -> list[str]:
    asked = list(dict.fromkeys(re.findall(r"department = '([^']+)'", (ROOT / "docs/queries.md").read_text("utf-8"))))
    kinds = ("财政局", "统计局", "办公室", "教育局", "卫生健康委员会", "审计局", "司法局", "气象局")
    synthetic = (f"合成省第{i // len(kinds) + 1:04d}市{kinds[i % len(kinds)]}" for i in range(count))
    return (asked + list(synthetic))[:count]


def document_rows(department: str, years: int) -> list[tuple[int, str, list[tuple]]]:
    """(year, kind, facts) of one department: facts as (table, function, economic, item, measure, amount)."""
    documents = []
    draw = random.Random(department)
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        spec = SyntheticDisclosure(department, year, long_expenditure=draw.random() < 0.3,
                                   economic_detail=draw.random() < 0.3)
        final = [(f["table"], f["function_code"], f["economic_code"], f["item"], f["measure"], Decimal(f["amount"]))
                 for f in expected_facts(spec)]
        factor = Decimal(draw.randint(900, 1150)) / 1000
        budget = [(*fact[:5], (fact[5] * factor).quantize(CENT, ROUND_HALF_UP)) for fact in final
                  if not fact[4].startswith("final_")]
        documents += [(year, "final", final), (year, "budget", budget)]
    return documents


def generate(conn: psycopg.Connection, departments: list[str], years: int) -> int:
    conn.execute("set session_replication_role = replica")  # built consistent: no foreign-key trigger per row
    with conn.cursor().copy("copy warehouse.department (id, name) from stdin") as copy:
        for number, name in enumerate(departments, start=1):
            copy.write_row((number, name))
    conn.execute("insert into warehouse.fiscal_year select generate_series(%s::int, %s::int) on conflict do nothing",
                 (FIRST_YEAR, FIRST_YEAR + years - 1))
    facts, codes, document_id = 0, set(), 0
    started = time.perf_counter()
    with ProcessPoolExecutor(default_workers()) as pool, \
            conn.cursor().copy("copy warehouse.fact (document_id, table_key, function_code, economic_code, item, "
                               "measure, amount, source_page) from stdin") as copy_facts:
        documents = []
        for number, rows in enumerate(pool.map(document_rows, departments, [years] * len(departments),
                                               chunksize=20), start=1):
            buffer = io.StringIO()
            for year, kind, fact_rows in rows:
                document_id += 1
                documents.append((document_id, number, year, kind, len(fact_rows)))
                for table, function, economic, item, measure, amount in fact_rows:
                    buffer.write(f"{document_id}\t{table}\t{function or chr(92) + 'N'}\t{economic or chr(92) + 'N'}\t"
                                 f"{item or chr(92) + 'N'}\t{measure}\t{amount}\t1\n")
                    codes.update((("function", function), ("economic", economic)))
                facts += len(fact_rows)
            copy_facts.write(buffer.getvalue())
            if number % 500 == 0:
                print(f"  {number} departments, {facts} facts, {time.perf_counter() - started:.0f} s", flush=True)
    with conn.cursor().copy("copy warehouse.source_document (id, sha256, file_name, file_path, page_count, "
                            "department_id, fiscal_year, report_kind, report_level, status, fact_count) "
                            "from stdin") as copy:
        for document, department, year, kind, count in documents:
            name = f"synthetic/{department:05d}_{year}_{kind}.pdf"
            copy.write_row((document, hashlib.sha256(name.encode()).hexdigest(), name.split("/")[1], name, 20,
                            department, year, kind, "department", "loaded", count))
    _add_missing_subjects(conn, codes - {("function", None), ("economic", None)})
    conn.execute("set session_replication_role = origin")
    for table in ("department", "source_document", "fact"):
        conn.execute(f"select setval(pg_get_serial_sequence('warehouse.{table}', 'id'), "
                     f"(select max(id) from warehouse.{table}))")
    return facts


def _add_missing_subjects(conn: psycopg.Connection, codes: set[tuple[str, str]]) -> None:
    """Codes the shipped classification does not name get a placeholder, as the loader gives them."""
    for kind, code in sorted({(kind, c) for kind, code in codes for c in lineage(code)}, key=lambda c: len(c[1])):
        conn.execute(f"insert into warehouse.{kind}_subject (code, name, level, parent_code, first_seen_year) "
                     "values (%s, %s, %s, %s, %s) on conflict do nothing",
                     (code, code, level_of(kind, code), parent_of(code) or None, FIRST_YEAR))


def documented_queries() -> list[tuple[str, str]]:
    text = (ROOT / "docs/queries.md").read_text("utf-8")
    titles = re.findall(r"^## (.+)$", text, re.M)
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    return list(zip(titles, blocks))


def time_queries(url: str) -> list[tuple[str, int, float]]:
    results = []
    with psycopg.connect(url.replace("postgres@", f"{ANALYST}@", 1)) as conn:
        for title, sql in documented_queries():
            conn.execute(sql).fetchall()  # warm-up: plans and pages cached, as for an analyst's second run
            best, rows = float("inf"), 0
            for _ in range(3):
                started = time.perf_counter()
                rows = len(conn.execute(sql).fetchall())
                best = min(best, time.perf_counter() - started)
            results.append((title, rows, best))
    return results


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="warehouse-scale-") as home:
        server = EmbeddedPostgres(Path(home), free_port())
        url = server.start()
        try:
            migrate(url)
            libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
            started = time.perf_counter()
            with psycopg.connect(libpq) as conn:
                facts = generate(conn, department_names(count), years)
            with psycopg.connect(libpq, autocommit=True) as conn:
                conn.execute("vacuum analyze")
                size = conn.execute("select pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
            print(f"{count} departments × {years} years: {facts} facts, {size}, "
                  f"built in {time.perf_counter() - started:.0f} s")
            print()
            print("| query | rows | best of 3, ms |")
            print("|---|---|---|")
            results = time_queries(libpq)
            for title, rows, seconds in results:
                print(f"| {title} | {rows} | {seconds * 1000:.0f} |")
            slow = [title for title, _, seconds in results if seconds >= 1]
            print()
            print(f"slower than 1 s: {', '.join(slow)}" if slow else "every query under 1 s")
            return 1 if slow else 0
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())

"""The seed 决算 in, its gold facts out: through the real CLI, Dagster job and PostgreSQL."""
import subprocess
import sys

import psycopg

from tests.conftest import GOLD, SEED_PDF, SHARED
from warehouse.cli import main


def score(gold: str) -> str:
    result = subprocess.run([sys.executable, str(SHARED / "tools/score_facts.py"), str(GOLD / gold)],
                            capture_output=True, text=True)
    return result.stdout


def snapshot(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {
            "facts": conn.execute("select * from mart.disclosure_facts order by 1,2,3,4,5,6,7,8,9").fetchall(),
            "documents": conn.execute("select id, sha256, status, fact_count, loaded_at from warehouse.source_document"
                                      " order by id").fetchall(),
            "subjects": conn.execute("select * from warehouse.function_subject order by code").fetchall(),
        }


def test_seed_scores_perfectly(database_url):
    assert main(["load", str(SEED_PDF)]) == 0
    out = score("xinzhou-bjlo_2022_final_dept.gold.json")
    assert "total: recall 1.0000 (167/167), precision 1.0000 (167/167)" in out, out


def test_loading_twice_changes_nothing(database_url, capsys):
    assert main(["load", str(SEED_PDF)]) == 0
    before = snapshot(database_url)
    assert main(["load", str(SEED_PDF)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert snapshot(database_url) == before


def test_facts_know_their_page_and_file(database_url):
    main(["load", str(SEED_PDF)])
    with psycopg.connect(database_url) as conn:
        page, file = conn.execute(
            "select source_page, source_file from mart.disclosure_facts "
            "where table_key = 'three_public' and measure = 'final_vehicle_purchase'").fetchone()
        sha = conn.execute("select sha256 from warehouse.source_document").fetchone()[0]
    assert (page, file) == (14, SEED_PDF.name)
    assert len(sha) == 64


def test_subject_dimensions_are_named_from_the_tables(database_url):
    main(["load", str(SEED_PDF)])
    with psycopg.connect(database_url) as conn:
        rows = dict(conn.execute("select code, name from warehouse.function_subject").fetchall())
        levels = dict(conn.execute("select code, level from warehouse.function_subject").fetchall())
        parent = conn.execute("select parent_code from warehouse.function_subject where code = '2010350'").fetchone()[0]
    assert rows["2010350"] == "事业运行"
    assert rows["20103"] == "政府办公厅(室)及相关机构事务"
    assert (levels["201"], levels["20103"], levels["2010350"]) == ("类", "款", "项")
    assert parent == "20103"

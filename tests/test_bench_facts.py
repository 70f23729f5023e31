"""bench/facts.py, the comparison bench/run.py makes: each file's facts in the warehouse against a plain
single-process extraction, by digest, so that one changed amount shows, not only a changed count."""
import psycopg

from bench.facts import differing, extracted_digests, warehouse_digests
from etl.pipeline import discover
from samples import SyntheticDisclosure, write_disclosure_pdf
from warehouse.cli import main


def test_a_loaded_file_matches_its_extraction_until_one_amount_changes(database_url, tmp_path):
    write_disclosure_pdf(SyntheticDisclosure("示例县审计局", 2023), tmp_path / "audit.pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")  # refused: no facts on either side
    assert main(["load", str(tmp_path)]) == 1
    extracted = extracted_digests(discover([tmp_path]))
    with psycopg.connect(database_url) as conn:
        assert differing(extracted, warehouse_digests(conn)) == []
        conn.execute("update warehouse.fact set amount = amount + 0.01 "
                     "where id = (select min(id) from warehouse.fact where amount > 0)")
        assert differing(extracted, warehouse_digests(conn)) == ["audit.pdf"]
        conn.rollback()
        conn.execute("update warehouse.fact set source_page = source_page + 1 "
                     "where id = (select min(id) from warehouse.fact)")  # the same amount, read elsewhere
        assert differing(extracted, warehouse_digests(conn)) == ["audit.pdf"]
    assert differing({**extracted, "/elsewhere/other.pdf": extracted[str((tmp_path / "empty.pdf").resolve())]},
                     extracted) == ["other.pdf"]

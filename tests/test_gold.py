"""Every gold file of ../shared/corpus/gold: its document in, exactly its facts out (score_facts.py).

../shared/corpus/gold-keys holds the gold that needs the keys of the spec's "Rows the flat key cannot hold"; a
file there supersedes gold/'s of the same name.
"""
import subprocess
import sys

import pytest

from tests.conftest import GOLD, REAL, SEED_PDF, SHARED
from warehouse.cli import main

GOLD_FILES = sorted(GOLD.glob("*.gold.json"))
GOLD_KEYS = SHARED / "corpus/gold-keys"


def gold_files() -> list:
    """Each document's gold: gold-keys/'s file in place of gold/'s of the same name."""
    keyed = sorted(GOLD_KEYS.glob("*.gold.json"))
    return sorted({**{g.name: g for g in GOLD_FILES}, **{g.name: g for g in keyed}}.values())


def pdf_of(gold) -> str:
    name = gold.name.removesuffix(".gold.json") + ".pdf"
    return str(SEED_PDF if name == SEED_PDF.name else REAL / name)


def test_there_are_gold_files():
    assert len(GOLD_FILES) >= 7


@pytest.mark.parametrize("gold", gold_files(), ids=lambda g: g.name.removesuffix(".gold.json"))
def test_document_scores_perfectly(database_url, gold):
    assert main(["load", pdf_of(gold)]) == 0
    result = subprocess.run([sys.executable, str(SHARED / "tools/score_facts.py"), str(gold)],
                            capture_output=True, text=True)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("total: recall 1.0000") and ", precision 1.0000" in last, result.stdout

"""Real published disclosures in, their gold facts out (scored by ../shared/tools/score_facts.py)."""
import subprocess
import sys

import pytest

from tests.conftest import GOLD, REAL, SHARED
from warehouse.cli import main

GOLD_DOCUMENTS = [
    "sh-putuo_caizhengju_2024_final_dept",
    "sh-putuo_sifaju_2026_budget_dept",
    "cn-central_xinan-daxue_2023_final_dept",
]


@pytest.mark.parametrize("name", GOLD_DOCUMENTS)
def test_real_document_scores_perfectly(database_url, name):
    assert main(["load", str(REAL / f"{name}.pdf")]) == 0
    result = subprocess.run([sys.executable, str(SHARED / "tools/score_facts.py"), str(GOLD / f"{name}.gold.json")],
                            capture_output=True, text=True)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("total: recall 1.0000") and ", precision 1.0000" in last, result.stdout

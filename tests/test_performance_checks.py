"""The performance tables' checks on the seed, whose 附件 contradicts itself (and its 情况说明) in places: every
finding is `source`, since each figure is read from the cell it is printed in."""
from decimal import Decimal

import pytest

from etl.checks import CHECKS
from etl.pipeline import extract
from tests.conftest import SEED_PDF

PERFORMANCE_CHECKS = ["performance_total_score", "performance_weights", "performance_balance",
                      "performance_execution_rate", "performance_narrative"]


@pytest.fixture(scope="module")
def findings():
    return [f for f in extract(SEED_PDF).findings if f.check.startswith("performance_")]


def test_the_checks_are_registered():
    assert [name for name in CHECKS if name.startswith("performance_")] == PERFORMANCE_CHECKS


def test_every_finding_is_the_documents_own(findings):
    assert findings and {f.severity for f in findings} == {"source"}


def test_scores_that_do_not_add_up_to_the_printed_total(findings):
    totals = {f.subject: (f.expected, f.actual) for f in findings if f.check == "performance_total_score"}
    # 20+20+20+7+10+10+10 and the budget execution's 10 make 107, against a printed 总分 of 93
    assert totals["更新公务用车"] == (Decimal("107"), Decimal("93"))
    assert "部门整体" not in totals  # 9.79 + nine 10s = 99.79


def test_a_balance_and_a_rate_drawn_one_column_off(findings):
    subjects = {(f.check, f.subject) for f in findings}
    assert ("performance_balance", "部门整体/项目支出") in subjects  # 120 − 1.8 printed as 98.52
    assert ("performance_execution_rate", "部门整体/项目支出") in subjects
    assert ("performance_balance", "部门整体/资金总额") not in subjects  # 200.701 − 196.409 = 4.292


def test_the_narrative_against_the_tables(findings):
    said = {(f.subject, f.expected, f.actual) for f in findings if f.check == "performance_narrative"}
    assert said == {("更新公务用车/score", Decimal("93"), Decimal("90")),
                    ("部门整体/full_year_budget", Decimal("2007010.00"), Decimal("2336287.41")),
                    ("部门整体/execution_rate", Decimal("97.86"), Decimal("100"))}

"""Shenzhen's budgets: a 财政拨款收支总表 whose 支出 half is headed 2026年预算数 is read in full (issue 12: half a
table was gone, and nothing said so)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from etl.pipeline import extract
from tests.conftest import REAL

CAIZHENGJU = REAL / "gd-shenzhen_caizhengju_2026_budget_dept.pdf"


@pytest.fixture(scope="module")
def summary():
    document = extract(CAIZHENGJU)
    return next(t for t in document.tables if t.table_key == "appropriation_summary"), document


def test_the_expenditure_half_is_read_with_the_income_half(summary):
    table, _ = summary
    read = {(f.item, f.measure): f.amount for f in table.facts}
    assert read[("财政拨款", "income")] == Decimal("369890500.00")  # 36,989.05 万元
    assert read[("一般公共服务支出", "expenditure_total")] == Decimal("205637600.00")  # 20,563.76 万元
    assert read[("购房补贴", "expenditure_total")] == Decimal("22202200.00")
    assert read[("本年支出合计", "expenditure_total")] == Decimal("373858800.00")


def test_every_amount_it_prints_is_accounted_for_and_the_halves_balance(summary):
    table, document = summary
    assert [c for c in table.cells if c.amount is not None and c.coverage is None] == []
    assert [f for f in document.findings if f.table_key == "appropriation_summary"] == []

"""A disclosure's own accounting identities: they catch our misreads and show the PDF's contradictions."""
import dataclasses
from decimal import Decimal

import psycopg
import pytest

from etl.checks import CHECKS, check_document
from etl.pipeline import extract
from etl.specs import SPEC_BY_KEY, SPECS, TableSpec
from etl.vocabulary import Severity, TableStatus
from tests.conftest import REAL, SEED_PDF
from warehouse.cli import main


def recheck(document, facts):
    """The checks again, over the document's tables with these facts in place of theirs."""
    import pypdfium2 as pdfium

    from etl.document import read_pages

    pdf = pdfium.PdfDocument(str(document.path))
    pages = read_pages(pdf)
    pdf.close()
    tables, start = [], 0
    for table in document.tables:
        tables.append(dataclasses.replace(table, facts=facts[start:start + len(table.facts)]))
        start += len(table.facts)
    return check_document(tables, document.subjects, pages, document.identity)


@pytest.fixture(scope="module")
def seed():
    return extract(SEED_PDF)


def test_seed_holds_every_identity_but_its_own_contradiction(seed):
    # its performance tables' own contradictions: tests/test_performance_checks.py
    [finding] = [f for f in seed.findings if not f.check.startswith("performance_")]
    assert (finding.check, finding.severity) == ("narrative_share", "source")
    assert (finding.expected, finding.actual) == (Decimal("100.00"), Decimal("291.33"))  # 情况说明 says 291.33%


def test_one_changed_digit_anywhere_in_the_seed_is_caught(seed):
    misreads = 0
    for index, fact in enumerate(seed.facts):
        text = str(fact.amount)
        position = next(i for i, c in enumerate(text) if c.isdigit() and c != "0") if fact.amount else 0
        changed = text[:position] + str((int(text[position]) + 1) % 10) + text[position + 1:]
        facts = list(seed.facts)
        facts[index] = dataclasses.replace(fact, amount=Decimal(changed))
        new = [f for f in recheck(seed, facts) if f not in seed.findings]
        assert new, (fact.key, changed)
        misreads += any(f.severity == "extraction" for f in new)
    # a changed figure that happens to be printed elsewhere on its page reads as a source defect
    assert misreads >= 0.95 * len(seed.facts)


@pytest.mark.parametrize("name", ["sh-putuo_caizhengju_2024_final_dept", "sh-putuo_sifaju_2026_budget_dept",
                                  "cn-central_xinan-daxue_2023_final_dept", "sh-putuo_zhengfu-bangongshi_2025_budget_dept"])
def test_correctly_read_documents_have_no_extraction_findings(name):
    assert [f for f in extract(REAL / f"{name}.pdf").findings if f.severity == "extraction"] == []


def test_the_good_sample_still_contradicts_itself_in_its_narrative():
    findings = extract(REAL / "sh-putuo_caizhengju_2024_final_dept.pdf").findings
    assert {(f.check, f.subject) for f in findings} == {
        ("narrative", "财政拨款收入支出总计0.3万元"),  # the table prints 2,961.68 万元
        ("narrative_share", "2106.66万元，占71.73%"),  # of 2,940.05 万元 that is 71.65%
    }


def test_a_source_defect_is_reported_as_such():
    # this 单位预算 prints 项目支出 64,840,547.00 on its 行政运行 row, whose 合计 is 14,348,853.34
    findings = extract(REAL / "sh-putuo_sifaju_2026_budget_unit.pdf").findings
    row = next(f for f in findings if f.check == "row_total" and f.subject == "2040601 total"
               and f.table_key == "expenditure")
    assert row.severity == "source"
    assert (row.expected, row.actual) == (Decimal("79189400.34"), Decimal("14348853.34"))


def test_findings_are_stored_and_listed(database_url, capsys):
    assert main(["load", str(SEED_PDF)]) == 0
    assert main(["check"]) == 0  # source findings only: exit 0
    assert "291.33" in capsys.readouterr().out
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("select department, severity, difference from mart.quality_findings "
                            "where \"check\" not like 'performance%'").fetchall()  # tests/test_performance_checks.py
    assert rows == [("忻州市人民政府驻北京联络处", "source", Decimal("191.33"))]


def test_headings_that_name_another_department_or_year_are_source_findings():
    flawed = extract(REAL / "sh-putuo_guihua-ziranziyuan-ju_2024_final_dept_flawed.pdf").findings
    assert [f.message for f in flawed if f.check == "identity"] == [
        "p7 heading names 上海市规划和自然资源局 2024, the document is 上海市普陀区规划和自然资源局 2024"]


def test_narrative_shares_are_recomputed():
    findings = extract(REAL / "cn-central_xinan-daxue_2024_final_dept.pdf").findings
    [share] = [f for f in findings if f.check == "narrative_share"]
    assert (share.expected, share.actual) == (Decimal("60.16"), Decimal("60.02"))  # 7,295.12 of 12,127.08 万元


def test_a_page_number_is_not_read_into_a_figure_the_narrative_continues_on_the_next_page():
    # p13 ends "科学技术支出", p14 starts "1,723.93万元，占0.71%" under its page number 14 (0.70% of 244,675.66 万元)
    findings = extract(REAL / "cn-central_xinan-daxue_2024_budget_dept.pdf").findings
    assert [f for f in findings if f.check == "narrative_share"] == []


def test_budget_beside_its_final_accounts(database_url):
    main(["load", str(REAL / "cn-central_xinan-daxue_2023_budget_dept.pdf"),
          str(REAL / "cn-central_xinan-daxue_2023_final_dept.pdf")])
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("select budget_amount, final_amount, difference from mart.budget_vs_final "
                            "where table_key = 'expenditure' and item = '合计' and measure = 'total'").fetchall()
    assert len(rows) == 1
    budget, final, difference = rows[0]
    assert difference == final - budget and budget > 0 and final > 0


def test_every_finding_names_a_registered_check(seed):
    injected = extract(REAL / "derived/sh-putuo_caizhengju_2024_final_dept_ERROR-INJECTED.pdf")
    assert {f.check for f in seed.findings + injected.findings} <= set(CHECKS)
    # its 三公 table is printed blank, and its 情况说明 states a figure for it
    assert {t.table_key: t.status for t in injected.tables}["three_public"] == TableStatus.PRINTED_EMPTY
    assert ("narrative", "three_public", Severity.SOURCE) in {(f.check, f.table_key, f.severity) for f in injected.findings}


def _measures(spec: TableSpec) -> set[str]:
    measures = {rule.role.removeprefix("measure:") for rule in spec.columns + spec.row_measures
                if rule.role.startswith("measure:")}
    if spec.row_key != "item":  # a 当年预算 / 上年结转 group: its 小计 and its parts (etl/parse.py, TableReader._role)
        measures |= {"current_year_total", "carryover"} | {f"carryover_{m}" for m in measures}
    return measures | {prefix + m for _, prefix in spec.measure_prefixes for m in measures}


@pytest.mark.parametrize("spec", [s for s in SPECS if s.identities], ids=lambda s: s.key)
def test_a_tables_identities_name_measures_its_columns_read(spec):
    # a misspelt measure would make its identity silently hold everywhere
    for identity in spec.identities:
        assert set(identity.measures) <= _measures(spec), identity
        for table, measure in identity.others:
            assert measure in _measures(SPEC_BY_KEY[table]), identity

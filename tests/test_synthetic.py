"""The sample disclosure generator (samples/): documents are written with a text layer, and their facts add up;
reportlab, its optional extra, is needed only when a document is drawn."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import psycopg
import pypdfium2
import pytest

from samples import SyntheticDisclosure, demo_disclosures, expected_facts, write_disclosure_pdf
from tests.conftest import ROOT
from warehouse.cli import main

DEMOS = demo_disclosures()
TITLES = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
          "部门决算公开相关信息统计表")
GOLD_KEYS = {"table", "function_code", "economic_code", "item", "measure", "amount"}


def _economic_title(spec: SyntheticDisclosure) -> str:
    return "一般公共预算财政拨款支出决算明细表" if spec.economic_detail else "一般公共预算财政拨款基本支出决算表"


def _page_texts(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


class Amounts:
    """Lookup of one document's expected facts, with the rounding slack its unit allows."""

    def __init__(self, spec: SyntheticDisclosure) -> None:
        self.facts = expected_facts(spec)
        self.by_key = {(f["table"], f["function_code"], f["economic_code"], f["item"], f["measure"]):
                       Decimal(f["amount"]) for f in self.facts}
        # Each 万元 cell with 2 decimals is rounded on its own: up to 50 元 off.
        self.slack = Decimal(50) if spec.unit == "万元" and spec.decimals == 2 else Decimal(0)

    def get(self, table: str, measure: str, *, code: str | None = None, economic: str | None = None,
            item: str | None = None) -> Decimal:
        return self.by_key.get((table, code, economic, item, measure), Decimal(0))

    def rows(self, table: str, measure: str, level: int) -> dict[str, Decimal]:
        """Function- or economic-code rows of one level (number of digits) of a table."""
        return {(k[1] or k[2]): v for k, v in self.by_key.items()
                if k[0] == table and k[4] == measure and len(k[1] or k[2] or "") == level}

    def assert_sum(self, total: Decimal, parts: list[Decimal]) -> None:
        assert abs(total - sum(parts, Decimal(0))) <= self.slack * (len(parts) + 1), (total, parts)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[SyntheticDisclosure, Path]]:
    folder = tmp_path_factory.mktemp("synthetic")
    return [(spec, write_disclosure_pdf(spec, folder / f"{spec.department}_{spec.fiscal_year}.pdf"))
            for spec in DEMOS]


def test_demos_vary() -> None:
    assert len({d.department for d in DEMOS}) == 3
    assert {d.fiscal_year for d in DEMOS} == {2022, 2023}
    assert any(d.unit == "万元" for d in DEMOS) and any(d.split_codes for d in DEMOS)


def test_pdf_has_text_layer_with_department_and_titles(written: list[tuple[SyntheticDisclosure, Path]]) -> None:
    for spec, path in written:
        pages = _page_texts(path)
        cover = pages[0].splitlines()
        assert cover[:2] == [spec.department, f"{spec.fiscal_year}年度部门决算公开"]
        titled = {page.splitlines()[0] for page in pages[2:]}
        assert set(TITLES) | {_economic_title(spec)} <= titled
        assert all(f"金额单位：{spec.unit}" in page for page in pages if page.splitlines()[0] in TITLES)
        assert "第一部分 概况" in pages[1] and "第三部分 情况说明" in pages[-1]


def test_long_expenditure_continues_without_header(written: list[tuple[SyntheticDisclosure, Path]]) -> None:
    spec, path = next((s, p) for s, p in written if s.long_expenditure)
    pages = _page_texts(path)
    first = next(i for i, page in enumerate(pages) if page.startswith("支出决算表"))
    continuation = pages[first + 1]
    assert "功能分类科目编码" not in continuation and "本年支出合计" not in continuation
    assert "2210201" in continuation or "2210203" in continuation


def test_writing_is_deterministic(tmp_path: Path) -> None:
    spec = DEMOS[1]
    one, two = (write_disclosure_pdf(spec, tmp_path / f"{n}.pdf").read_bytes() for n in (1, 2))
    assert one == two
    assert expected_facts(spec) == expected_facts(spec)


@pytest.mark.parametrize("spec", DEMOS, ids=[f"demo{i}" for i in range(len(DEMOS))])
def test_facts_follow_gold_format(spec: SyntheticDisclosure) -> None:
    facts = expected_facts(spec)
    assert all(set(f) == GOLD_KEYS for f in facts)
    keys = Counter((f["table"], f["function_code"], f["economic_code"], f["item"], f["measure"]) for f in facts)
    assert max(keys.values()) == 1
    assert all(f["amount"] == f"{Decimal(f['amount']):.2f}" for f in facts)
    assert any(Decimal(f["amount"]) == 0 for f in facts)  # an explicit 0.00 is a fact
    assert {f["table"] for f in facts} == {"income_expenditure_summary", "income", "expenditure",
                                          "appropriation_summary", "general_budget_expenditure",
                                          "general_budget_economic", "three_public", "related_info"}
    assert all(f["item"] is None for f in facts if f["table"] == "three_public")
    assert all(f["item"] == "合计" for f in facts if f["table"] == "income" and f["function_code"] is None)
    items = {f["item"] for f in facts if f["table"] == "appropriation_summary"}
    assert {"一般公共预算财政拨款", "年初财政拨款结转和结余/一般公共预算财政拨款", "收入总计", "总计"} <= items
    related = {f["item"] for f in facts if f["table"] == "related_info"}
    assert {"合计", "车辆数合计(辆)", "机要通信用车"} <= related


@pytest.mark.parametrize("spec", DEMOS, ids=[f"demo{i}" for i in range(len(DEMOS))])
def test_code_tables_add_up(spec: SyntheticDisclosure) -> None:
    a = Amounts(spec)
    for table, measures in (("income", ("total", "fiscal_appropriation")),
                            ("expenditure", ("total", "basic", "project")),
                            ("general_budget_expenditure", ("total", "basic", "project"))):
        for measure in measures:
            a.assert_sum(a.get(table, measure, item="合计"), list(a.rows(table, measure, 3).values()))
            for level, parent_level in ((5, 3), (7, 5)):
                for parent, value in a.rows(table, measure, parent_level).items():
                    a.assert_sum(value, [v for c, v in a.rows(table, measure, level).items()
                                         if c.startswith(parent)])
    for code, total in a.rows("expenditure", "total", 7).items():
        a.assert_sum(total, [a.get("expenditure", m, code=code) for m in ("basic", "project")])


@pytest.mark.parametrize("spec", DEMOS, ids=[f"demo{i}" for i in range(len(DEMOS))])
def test_summaries_match_details(spec: SyntheticDisclosure) -> None:
    a = Amounts(spec)
    summary = "income_expenditure_summary"
    assert a.get(summary, "income", item="总计") == a.get(summary, "expenditure", item="总计")
    assert a.get(summary, "expenditure", item="本年支出合计") == a.get("expenditure", "total", item="合计")
    assert a.get(summary, "income", item="本年收入合计") == a.get("income", "total", item="合计")
    a.assert_sum(a.get(summary, "income", item="总计"),
                 [a.get(summary, "income", item=i) for i in ("本年收入合计", "年初结转和结余")])
    a.assert_sum(a.get(summary, "expenditure", item="总计"),
                 [a.get(summary, "expenditure", item=i) for i in ("本年支出合计", "年末结转和结余")])

    appropriation = "appropriation_summary"
    assert a.get(appropriation, "income", item="收入总计") == a.get(appropriation, "expenditure_total", item="总计")
    assert a.get(appropriation, "expenditure_total", item="本年支出合计") == \
        a.get("general_budget_expenditure", "total", item="合计")
    opening = a.get(appropriation, "income", item="年初财政拨款结转和结余")
    assert opening > 0
    assert a.get(appropriation, "income", item="年初财政拨款结转和结余/一般公共预算财政拨款") == opening

    names = {f["item"] for f in a.facts if f["table"] == summary and f["item"].endswith("支出")
             and f["item"] != "本年支出合计"}
    classes = a.rows("expenditure", "total", 3)
    assert sorted(a.get(summary, "expenditure", item=n) for n in names) == sorted(classes.values())
    fiscal_classes = a.rows("general_budget_expenditure", "total", 3)
    assert sorted(a.get(appropriation, "expenditure_general_public_budget", item=n) for n in names) == \
        sorted(fiscal_classes.values())


@pytest.mark.parametrize("spec", DEMOS, ids=[f"demo{i}" for i in range(len(DEMOS))])
def test_economic_three_public_and_related_info_add_up(spec: SyntheticDisclosure) -> None:
    a = Amounts(spec)
    economic = "general_budget_economic"
    measure = "basic" if spec.economic_detail else "total"
    for cls, total in a.rows(economic, measure, 3).items():
        a.assert_sum(total, [v for c, v in a.rows(economic, measure, 5).items() if c.startswith(cls)])
    personnel, public = (a.get(economic, measure, item=i) for i in ("人员经费合计", "公用经费合计"))
    a.assert_sum(a.get("general_budget_expenditure", "basic", item="合计"), [personnel, public])
    if spec.economic_detail:
        a.assert_sum(a.get("general_budget_expenditure", "total", item="合计"),
                     [a.get(economic, "total", item=i) for i in ("人员经费合计", "公用经费合计")])

    for stage in ("budget", "final"):
        def three(m: str) -> Decimal:
            return a.get("three_public", f"{stage}_{m}")
        a.assert_sum(three("vehicle_total"), [three("vehicle_purchase"), three("vehicle_operation")])
        a.assert_sum(three("total"), [three("outbound_travel"), three("vehicle_total"), three("reception")])

    related = "related_info"
    a.assert_sum(a.get(related, "value", item="合计"), [a.get(related, "value", item=i) for i in ("货物", "工程", "服务")])
    vehicles = [f for f in a.facts if f["table"] == related and f["item"].endswith("用车")]
    assert a.get(related, "value", item="车辆数合计(辆)") == sum(Decimal(f["amount"]) for f in vehicles)
    assert all(Decimal(f["amount"]) == int(Decimal(f["amount"])) for f in vehicles)


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_importing_the_samples_registers_no_font_until_a_document_is_laid_out(tmp_path: Path) -> None:
    result = _python(
        "from reportlab.pdfbase import pdfmetrics\n"
        "import samples\n"
        "assert 'STSong-Light' not in pdfmetrics.getRegisteredFontNames()\n"
        f"samples.write_disclosure_pdf(samples.demo_disclosures()[0], {str(tmp_path / 'a.pdf')!r})\n"
        "assert 'STSong-Light' in pdfmetrics.getRegisteredFontNames()\n")
    assert result.returncode == 0, result.stderr


def test_warehouse_samples_without_reportlab_names_the_extra_to_install(tmp_path: Path) -> None:
    # None in sys.modules makes `import reportlab` fail as it does where the package is not installed
    result = _python("import sys\nsys.modules['reportlab'] = None\nfrom warehouse.cli import main\n"
                     f"sys.exit(main(['samples', {str(tmp_path)!r}]))")
    assert result.returncode == 2, result.stderr
    assert "pip install -e '.[samples]'" in " ".join(result.stdout.split())
    assert list(tmp_path.iterdir()) == []


def test_make_demo_writes_samples_that_load_with_every_check_passing(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert main(["samples", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{spec.department}_{spec.fiscal_year}_final_dept.pdf" for spec in DEMOS)
    assert main(["load", str(folder)]) == 0
    with psycopg.connect(database_url) as conn:
        assert conn.execute("select count(*) from mart.quality_findings").fetchone() == (0,)

"""A Fiscal Data Package: `datapackage.json` and CSV, as OpenSpending and Frictionless tools read them.

One row per fact (`facts.csv`), every column mapped to a fiscal concept twice over: a `columnType` on each
field (FDP 1.0) and a `model` of measures and dimensions (FDP 0.3, what OpenSpending's packager writes):
- 功能分类 类/款/项 as the functional classification's levels 1-3, each with its parent (the level above);
- 经济分类 (部门预算支出经济分类 类/款) as the economic classification, 政府预算支出经济分类 类/款 as a second one;
- the department and the report's level (部门 / 单位) as the administrative classification;
- the fiscal year; phase (预算 → approved, 决算 → executed); direction (expenditure or revenue);
- the amount in 元 (currency CNY, factor 1), exact as a decimal;
- provenance: the source file, its page and its sha256.
The subject dimensions are resources of their own, each code linked to its parent and every fact's code to
them (foreign keys a validator checks). Tables that mix counts with money (related_info: 车辆数 …) are not
money and stay out of the package; the Parquet export has them.
"""
from __future__ import annotations

import csv
import json
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from etl.export.selection import Selection, facts_with_subjects, mart_rows
from etl.specs import SPEC_BY_KEY
from etl.vocabulary import ReportKind


class Phase(StrEnum):
    APPROVED = "approved"  # 预算
    EXECUTED = "executed"  # 决算


class Direction(StrEnum):
    EXPENDITURE = "expenditure"
    REVENUE = "revenue"


PHASES = {ReportKind.BUDGET: Phase.APPROVED, ReportKind.FINAL: Phase.EXECUTED}

# The side of the accounts each table prints; the summaries print both, and their `income` measure (and a
# 政府性基金 table's) is revenue. Balances carried in or out are neither.
TABLE_DIRECTIONS = {
    "income": Direction.REVENUE,
    "income_by_source": Direction.REVENUE,
    **dict.fromkeys((
        "income_expenditure_summary", "appropriation_summary", "expenditure", "general_budget_expenditure",
        "general_budget_economic", "three_public", "government_fund", "state_capital", "appropriation_expenditure",
        "appropriation_economic", "agency_operation", "procurement", "general_budget_expenditure_economic",
        "general_budget_basic_function", "government_fund_summary", "basic_expenditure", "project_expenditure",
        "general_budget_project_economic", "appropriation_carryover"), Direction.EXPENDITURE),
}
BALANCES = {"opening_balance", "closing_balance"}


def direction(table_key: str, measure: str) -> Direction | None:
    if measure in BALANCES:
        return None
    return Direction.REVENUE if measure == "income" else TABLE_DIRECTIONS[table_key]


def is_money(table_key: str) -> bool:
    return not SPEC_BY_KEY[table_key].count_sections


FACTS = "facts"
# (column, Table Schema type, FDP columnType or None, description); the CSV's columns in this order
FACT_FIELDS = (
    ("department", "string", "administrative-classification:generic:level1:code:full", "部门或单位 / department or unit, as its document names itself"),
    ("report_level", "string", "administrative-classification:generic:level2:code:full", "报告层级 / department (部门, consolidated) or unit (单位)"),
    ("fiscal_year", "integer", "date:fiscal-year", "年度 / fiscal year"),
    ("phase", "string", "phase", "预算 → approved, 决算 → executed"),
    ("direction", "string", "direction", "expenditure or revenue; empty for balances carried in or out"),
    ("table_key", "string", None, "公开表 / standard table (docs/measures.md)"),
    ("measure", "string", None, "指标 / the column the amount was printed in"),
    ("function_code", "string", "functional-classification:generic:code:full", "支出功能分类科目编码 of the row (类 3, 款 5, 项 7 digits)"),
    ("function_lei_code", "string", "functional-classification:generic:level1:code:full", "类 code"),
    ("function_lei_name", "string", "functional-classification:generic:level1:label", "类 name"),
    ("function_kuan_code", "string", "functional-classification:generic:level2:code:full", "款 code"),
    ("function_kuan_name", "string", "functional-classification:generic:level2:label", "款 name"),
    ("function_xiang_code", "string", "functional-classification:generic:level3:code:full", "项 code"),
    ("function_xiang_name", "string", "functional-classification:generic:level3:label", "项 name"),
    ("economic_code", "string", "economic-classification:generic:code:full", "部门预算支出经济分类科目编码 of the row (类 3, 款 5 digits; 7 where a region subdivides a 款)"),
    ("economic_lei_code", "string", "economic-classification:generic:level1:code:full", "类 code"),
    ("economic_lei_name", "string", "economic-classification:generic:level1:label", "类 name"),
    ("economic_kuan_code", "string", "economic-classification:generic:level2:code:full", "款 code"),
    ("economic_kuan_name", "string", "economic-classification:generic:level2:label", "款 name"),
    ("government_economic_code", "string", None, "政府预算支出经济分类科目编码 of the row (5xx: 类 3, 款 5 digits)"),
    ("government_economic_lei_code", "string", None, "政府经济分类 类 code"),
    ("government_economic_lei_name", "string", None, "政府经济分类 类 name"),
    ("government_economic_kuan_code", "string", None, "政府经济分类 款 code"),
    ("government_economic_kuan_name", "string", None, "政府经济分类 款 name"),
    ("budget_unit", "string", None, "预算单位 / the unit of a row that a table breaks down by unit"),
    ("project", "string", None, "项目 / the project of a row that a table lists by project"),
    ("item", "string", None, "行项目 / printed row label (合计 for a totals row)"),
    ("amount", "number", "value", "金额（元）/ amount in yuan, exact to the cent"),
    ("source_file", "string", None, "来源文件 / the PDF the amount was read from"),
    ("source_page", "integer", None, "来源页码 / its 1-based page"),
    ("source_sha256", "string", None, "来源文件 SHA-256"),
)
LINE = ("table_key", "budget_unit", "project", "item", "measure")  # a fact's row and column, beyond its codes
SUBJECT_FIELDS = (
    ("code", "string", "科目编码"), ("level", "string", "类, 款 or 项"), ("name", "string", "科目名称 (current)"),
    ("parent_code", "string", "上级科目编码: the code one level up"),
)
SUBJECTS = {"function_subjects": "functional", "economic_subjects": "economic",
            "government_economic_subjects": "government economic"}


def write_fdp(engine: Engine, selection: Selection, folder: Path) -> list[Path]:
    """Write the package into `folder`; its files, datapackage.json first."""
    folder.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        columns, rows = facts_with_subjects(conn, selection)
        subjects = {view: mart_rows(conn, view) for view in SUBJECTS}
    at = {name: i for i, name in enumerate(columns)}
    with open(folder / f"{FACTS}.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(name for name, *_ in FACT_FIELDS)
        for row in rows:
            table_key, measure = row[at["table_key"]], row[at["measure"]]
            if not is_money(table_key):
                continue
            derived = {"phase": PHASES[ReportKind(row[at["report_kind"]])],
                       "direction": direction(table_key, measure)}
            writer.writerow(_cell(derived[name] if name in derived else row[at[name]]) for name, *_ in FACT_FIELDS)
    for view in SUBJECTS:
        with open(folder / f"{view}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(name for name, *_ in SUBJECT_FIELDS)
            # the view's first four columns are code, level, name, parent_code
            writer.writerows([_cell(v) for v in row[:4]] for row in subjects[view])
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor(selection), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [path, folder / f"{FACTS}.csv", *(folder / f"{view}.csv" for view in SUBJECTS)]


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def descriptor(selection: Selection) -> dict:
    fact_fields = [
        {"name": name, "type": kind, "description": description, **({"columnType": column_type} if column_type else {})}
        for name, kind, column_type, description in FACT_FIELDS
    ]
    constraints = {"phase": [str(p) for p in Phase], "direction": [str(d) for d in Direction]}
    for field in fact_fields:
        if field["name"] in constraints:
            field["constraints"] = {"enum": constraints[field["name"]]}
        if field["name"] in ("department", "report_level", "fiscal_year", "phase", "table_key", "measure", "amount",
                             "source_file", "source_page", "source_sha256"):
            field.setdefault("constraints", {})["required"] = True
    fact_fields[[f["name"] for f in fact_fields].index("amount")].update(bareNumber=True, currency="CNY", factor=1)
    resources = [{
        "name": FACTS, "path": f"{FACTS}.csv", "profile": "tabular-data-resource", "format": "csv",
        "encoding": "utf-8", "title": "每个公开金额一行 / one row per printed amount",
        "schema": {
            "fields": fact_fields,
            "missingValues": [""],
            "foreignKeys": [
                {"fields": "function_code", "reference": {"resource": "function_subjects", "fields": "code"}},
                {"fields": "economic_code", "reference": {"resource": "economic_subjects", "fields": "code"}},
                {"fields": "government_economic_code",
                 "reference": {"resource": "government_economic_subjects", "fields": "code"}},
            ],
            "extraFields": [{"name": "currency", "type": "string", "columnType": "value-currency:code",
                             "constant": "CNY"}],
        },
    }]
    for view, classification in SUBJECTS.items():
        resources.append({
            "name": view, "path": f"{view}.csv", "profile": "tabular-data-resource", "format": "csv",
            "encoding": "utf-8", "title": f"the {classification} classification: every code with its parent",
            "schema": {
                "fields": [{"name": name, "type": kind, "description": description}
                           for name, kind, description in SUBJECT_FIELDS],
                "missingValues": [""],
                "primaryKey": ["code"],
                "foreignKeys": [{"fields": "parent_code", "reference": {"resource": "", "fields": "code"}}],
            },
        })
    return {
        "name": "disclosure-warehouse",
        "title": "部门预算/决算公开 / Chinese departments' budget and final-account disclosures",
        "description": f"Facts of mart.disclosure_facts ({selection.describe()}), amounts in 元.",
        "profile": "tabular-data-package",
        "countryCode": "CN",
        "resources": resources,
        "model": model(),
    }


def model() -> dict:
    """The FDP 0.3 model: measures with their currency and factor, dimensions with their attributes."""
    def level(code: str, name: str, parent: str | None = None) -> dict:
        return {code: {"source": code, **({"parent": parent} if parent else {})},
                name: {"source": name, "labelfor": code}}

    return {
        "measures": {"amount": {"source": "amount", "currency": "CNY", "factor": 1}},
        "dimensions": {
            "administrative_classification": {
                "dimensionType": "classification", "classificationType": "administrative",
                "attributes": {"department": {"source": "department"},
                               "report_level": {"source": "report_level", "parent": "department"}},
                "primaryKey": ["department", "report_level"],
            },
            "functional_classification": {
                "dimensionType": "classification", "classificationType": "functional",
                "attributes": {
                    **level("function_lei_code", "function_lei_name"),
                    **level("function_kuan_code", "function_kuan_name", "function_lei_code"),
                    **level("function_xiang_code", "function_xiang_name", "function_kuan_code"),
                    "function_code": {"source": "function_code"},
                },
                "primaryKey": ["function_code"],
            },
            "economic_classification": {
                "dimensionType": "classification", "classificationType": "economic",
                "attributes": {
                    **level("economic_lei_code", "economic_lei_name"),
                    **level("economic_kuan_code", "economic_kuan_name", "economic_lei_code"),
                    "economic_code": {"source": "economic_code"},
                },
                "primaryKey": ["economic_code"],
            },
            "government_economic_classification": {
                "dimensionType": "classification", "classificationType": "economic",
                "attributes": {
                    **level("government_economic_lei_code", "government_economic_lei_name"),
                    **level("government_economic_kuan_code", "government_economic_kuan_name",
                            "government_economic_lei_code"),
                    "government_economic_code": {"source": "government_economic_code"},
                },
                "primaryKey": ["government_economic_code"],
            },
            "date": {"dimensionType": "datetime", "attributes": {"fiscal_year": {"source": "fiscal_year"}},
                     "primaryKey": ["fiscal_year"]},
            "phase": {"dimensionType": "other", "attributes": {"phase": {"source": "phase"}}, "primaryKey": ["phase"]},
            "direction": {"dimensionType": "other", "attributes": {"direction": {"source": "direction"}},
                          "primaryKey": ["direction"]},
            "line": {"dimensionType": "fact",
                     "attributes": {name: {"source": name} for name in LINE},
                     "primaryKey": list(LINE)},
            "provenance": {"dimensionType": "other",
                           "attributes": {name: {"source": name} for name in ("source_file", "source_page",
                                                                                "source_sha256")},
                           "primaryKey": ["source_file", "source_page"]},
        },
    }

"""A gold file's facts as the extractor's records: what the warehouse must hold for a document, loaded without
reading its PDF (for the schema's tests while the readers of a table land elsewhere)."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

from etl.records import ExtractedDocument, ExtractedTable, Fact, Identity, SubjectName


def document_from_gold(gold: Path, subjects: list[SubjectName] | None = None) -> ExtractedDocument:
    """One table per table key, its facts as the gold has them (page 1: a gold file names no pages)."""
    data = json.loads(gold.read_text(encoding="utf-8"))
    tables: dict[str, ExtractedTable] = {}
    for f in data["facts"]:
        table = tables.setdefault(f["table"], ExtractedTable(f["table"], f["table"], [1], "万元"))
        table.facts.append(Fact(f["table"], f["measure"], Decimal(f["amount"]), 1, f.get("function_code"),
                                f.get("economic_code"), f.get("item"), f.get("government_economic_code"),
                                f.get("budget_unit"), f.get("project")))
    identity = Identity(data["department"], data["fiscal_year"], data.get("report_kind", "final"),
                        data.get("report_level", "department"))
    name = gold.name.removesuffix(".gold.json") + ".pdf"
    return ExtractedDocument(Path("/gold") / name, hashlib.sha256(gold.read_bytes()).hexdigest(), 1, identity,
                             list(tables.values()), subjects or [])

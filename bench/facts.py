"""Each file's facts as one digest, so that the pipeline's warehouse and a plain single-process extraction of
the same files are compared fact by fact (a fact lost, added or changed shows, not only a changed count)."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from etl.load import file_text
from etl.pipeline import extract
from etl.records import ExtractedDocument


def fact_line(table_key: str, function_code: str | None, economic_code: str | None, item: str | None,
              measure: str, amount: Decimal, page: int) -> str:
    return "\t".join((table_key, function_code or "", economic_code or "", item or "", measure, f"{amount:.2f}",
                      str(page)))


def digest(lines: Iterable[str]) -> str:
    """sha256 of the sorted lines: the same facts in any order give the same digest."""
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def extracted_digests(files: Iterable[Path], on_document: Callable[[Path], None] = lambda path: None
                      ) -> dict[str, str]:
    """File path (as the warehouse stores it) → digest of its facts, extracting one file after another in this
    process; a refused file has no facts."""
    digests = {}
    for path in files:
        document = extract(path)
        facts = document.facts if isinstance(document, ExtractedDocument) else []
        digests[file_text(str(path))] = digest(
            fact_line(f.table_key, f.function_code, f.economic_code, f.item, f.measure, f.amount, f.page)
            for f in facts)
        on_document(path)
    return digests


def warehouse_digests(conn) -> dict[str, str]:
    """File path → digest of the facts the warehouse holds for it (a psycopg connection)."""
    lines: dict[str, list[str]] = defaultdict(list)
    for path, *fact in conn.execute("""
            select d.file_path, f.table_key, f.function_code, f.economic_code, f.item, f.measure, f.amount,
                   f.source_page
            from warehouse.source_document d left join warehouse.fact f on f.document_id = d.id"""):
        lines[path] += [fact_line(*fact)] if fact[0] is not None else []
    return {path: digest(facts) for path, facts in lines.items()}


def differing(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    """Names of the files whose facts differ, or that only one side has."""
    return sorted(Path(p).name for p in expected.keys() | found.keys() if expected.get(p) != found.get(p))

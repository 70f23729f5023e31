"""Write the shipped classification and subject crosswalks into the warehouse.

Migrations 0005 (功能分类, 经济分类) and 0011 (政府经济分类) call `store_shipped` so that a new warehouse starts
with every code the project knows named, and 0005 loads the shipped crosswalk.csv; `warehouse crosswalk FILE.csv` calls `store_crosswalk`.
Both are idempotent: storing the same rows again changes nothing. The SQL names the tables itself (no
models) so that the migration keeps meaning what it meant when it was written.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, text

from etl.classification import LEVELS, ShippedName, current_name, level_of, lineage, parent_of, shipped_names
from etl.vocabulary import CrosswalkRelation, NameSource, SubjectKind

V = TypeVar("V", bound=StrEnum)
CROSSWALK_COLUMNS = ("kind", "from_year", "from_code", "to_year", "to_code", "relation", "note")
SUBJECT_TABLES = {SubjectKind.FUNCTION: "warehouse.function_subject",
                  SubjectKind.ECONOMIC: "warehouse.economic_subject",
                  SubjectKind.GOVERNMENT_ECONOMIC: "warehouse.government_economic_subject"}


def store_shipped(conn: Connection, kinds: Iterable[SubjectKind]) -> None:
    """The shipped codes and names of these classifications (each migration names those its schema has)."""
    for kind in kinds:
        table = SUBJECT_TABLES[kind]
        names = shipped_names(kind)
        by_code: dict[str, list[ShippedName]] = defaultdict(list)
        for n in names:
            by_code[n.code].append(n)
        # every code above a known one too, those of the documents already loaded included: parents exist
        known = set(by_code) | set(conn.scalars(text(f"select code from {table}")))
        codes = sorted({c for code in known for c in lineage(code)}, key=lambda c: (len(c), c))
        # a warehouse loaded before names were kept by year: its printed names stay on record
        conn.execute(text(f"""
            insert into warehouse.subject_name (kind, code, name, first_year, last_year, source)
            select :kind, code, name, first_seen_year, first_seen_year, :source from {table}
            where name <> code
            on conflict do nothing"""), {"kind": kind, "source": NameSource.DOCUMENT})
        conn.execute(text(f"""
            insert into {table} (code, name, level, parent_code)
            values (:code, :name, :level, :parent)
            on conflict (code) do update set name = excluded.name where excluded.name <> excluded.code"""), [
            dict(code=code, name=current_name(by_code[code]) if code in by_code else code,
                 level=level_of(kind, code), parent=parent_of(code) or None) for code in codes])
        conn.execute(text("""
            insert into warehouse.subject_name (kind, code, name, first_year, last_year, source)
            values (:kind, :code, :name, :first_year, :last_year, :source)
            on conflict do nothing"""),
            [dict(kind=n.kind, code=n.code, name=n.name, first_year=n.first_year, last_year=n.last_year,
                  source=n.source) for n in names])


@dataclass(frozen=True)
class Crosswalk:
    kind: SubjectKind
    from_year: int
    from_code: str
    to_year: int
    to_code: str
    relation: CrosswalkRelation
    note: str | None


def read_crosswalk(path: str | Path) -> list[Crosswalk]:
    """The rows of a crosswalk CSV (header: kind,from_year,from_code,to_year,to_code,relation[,note]);
    a row that is not a valid mapping stops the whole file, naming its line."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = set(CROSSWALK_COLUMNS[:-1]) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: no column {', '.join(sorted(missing))}")
        return [_crosswalk(row, f"{path}:{reader.line_num}") for row in reader]


def _crosswalk(row: dict[str, str], where: str) -> Crosswalk:
    kind = _member(SubjectKind, row, "kind", where)
    relation = _member(CrosswalkRelation, row, "relation", where)
    codes = [row[c].strip() for c in ("from_code", "to_code")]
    for code in codes:
        if not code.isdigit() or len(code) not in LEVELS[kind]:
            digits = "/".join(map(str, LEVELS[kind]))
            raise ValueError(f"{where}: {code!r} is not a {kind} subject code ({digits} digits)")
    try:
        years = [int(row[c]) for c in ("from_year", "to_year")]
    except ValueError:
        raise ValueError(f"{where}: a year is not a number") from None
    return Crosswalk(kind, years[0], codes[0], years[1], codes[1], relation, (row.get("note") or "").strip() or None)


def _member(vocabulary: type[V], row: dict[str, str], column: str, where: str) -> V:
    value = row[column].strip()
    try:
        return vocabulary(value)
    except ValueError:
        raise ValueError(f"{where}: {column} {value!r} is not one of {', '.join(vocabulary)}") from None


def store_crosswalk(conn: Connection, rows: list[Crosswalk]) -> int:
    """Insert the mappings; a mapping already there takes the file's relation and note."""
    if rows:
        conn.execute(text("""
            insert into warehouse.subject_crosswalk (kind, from_year, from_code, to_year, to_code, relation, note)
            values (:kind, :from_year, :from_code, :to_year, :to_code, :relation, :note)
            on conflict (kind, from_year, from_code, to_year, to_code)
            do update set relation = excluded.relation, note = excluded.note"""), [asdict(r) for r in rows])
    return len(rows)

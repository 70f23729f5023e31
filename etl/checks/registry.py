"""Every check, registered with its rule, tolerance and severity policy: README.md's table of checks is
rendered from here (`markdown_table`), so the code and what it promises cannot drift apart."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from etl.checks.context import Document
from etl.records import Finding
from etl.specs import SPECS, TableSpec

# The severity policy of a check whose findings `compare` makes, and its tolerance (`Term.rounding`).
BY_THE_FIGURES = "by the figures"
ROUNDED = "each figure ± half a unit of its last printed digit (50 元 for 1,234.56 万元, 500 元 for 221.6 万元)"
SOURCE = "`source`"  # the severity policy of a check whose figures are all the document's own words


@dataclass(frozen=True)
class Check:
    name: str  # the `check` of its findings
    rule: str  # one sentence, as README.md shows it
    tolerance: str
    severity_policy: str  # how its findings' severity is decided
    run: Callable[[Document], list[Finding]]


CHECKS: dict[str, Check] = {}  # in the order they run, which is the order README.md lists them in


def check(name: str, *, rule: str, tolerance: str,
          severity_policy: str) -> Callable[[Callable[[Document], list[Finding]]], Callable[[Document], list[Finding]]]:
    """Register the decorated function as the check `name`."""
    def register(run: Callable[[Document], list[Finding]]) -> Callable[[Document], list[Finding]]:
        if name in CHECKS:
            raise ValueError(f"check {name} is registered twice")
        CHECKS[name] = Check(name, rule, tolerance, severity_policy, run)
        return run
    return register


T = TypeVar("T")


def declared(kind: type[T]) -> Iterator[tuple[TableSpec, T]]:
    """Each table's identities of one kind, in the order of the specs."""
    for spec in SPECS:
        for identity in spec.identities:
            if isinstance(identity, kind):
                yield spec, identity


def markdown_table() -> str:
    """The table of checks README.md shows."""
    lines = ["| check | rule | tolerance | severity |", "|---|---|---|---|"]
    lines += [f"| `{c.name}` | {c.rule} | {c.tolerance} | {c.severity_policy} |" for c in CHECKS.values()]
    return "\n".join(lines) + "\n"

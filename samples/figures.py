"""The money of a sample document, drawn deterministically and consistent the way a real 决算 is."""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from samples.subjects import (
    PROJECT_CODES, RUNNING_WEIGHTS, SALARY_WEIGHTS, THREE_PUBLIC_MEASURES, SyntheticDisclosure, department_subjects,
    subject_name,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    """One 项 row's money in 元."""

    code: str
    name: str
    section: str  # the 款 name
    basic: Decimal  # 一般公共预算财政拨款 basic spending
    project: Decimal  # 一般公共预算财政拨款 project spending
    other: Decimal  # project spending paid from 其他收入
    income: Decimal  # 财政拨款收入 booked to this 项 (differs from spending where carry-over is used)


@dataclass(frozen=True)
class Economy:
    """一般公共预算财政拨款 spending by 经济分类 款."""

    basic: dict[str, Decimal]
    project: dict[str, Decimal]

    def __call__(self, code: str) -> tuple[Decimal, Decimal]:
        """(total, basic) of a 类 or 款."""
        basic = sum((v for k, v in self.basic.items() if k.startswith(code)), ZERO)
        project = sum((v for k, v in self.project.items() if k.startswith(code)), ZERO)
        return basic + project, basic


@dataclass(frozen=True)
class Figures:
    lines: tuple[Line, ...]
    opening: Decimal  # 年初财政拨款结转和结余, all 一般公共预算
    closing: Decimal  # 年末财政拨款结转和结余
    economic: Economy
    three_public: dict[str, tuple[Decimal, Decimal]]  # measure suffix → (预算数, 决算数)
    procurement: tuple[Decimal, Decimal, Decimal]  # 货物, 工程, 服务
    vehicles: dict[str, int]  # 用车 kind → count


class _Draw:
    """Seeded amounts: a stable seed per department and year, so a document is the same on every run."""

    def __init__(self, spec: SyntheticDisclosure) -> None:
        self.rng = random.Random(zlib.crc32(f"{spec.department}/{spec.fiscal_year}".encode()))

    def amount(self, low: int, high: int, step: Decimal = CENT) -> Decimal:
        steps = self.rng.randint(int(low / step), int(high / step))
        return (steps * step).quantize(CENT)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def share(self, total: Decimal, low: float, high: float, step: Decimal = CENT) -> Decimal:
        return (total * Decimal(self.rng.uniform(low, high)) / step).quantize(Decimal(1)) * step

    def split(self, total: Decimal, weights: dict[str, int]) -> dict[str, Decimal]:
        """`total` spread over the codes roughly in proportion to their weights, to the cent, summing exactly."""
        jittered = [w * self.rng.randint(70, 130) for w in weights.values()]
        cents = int(total / CENT)
        parts = [cents * w // sum(jittered) for w in jittered]
        parts[-1] += cents - sum(parts)
        return {code: part * CENT for code, part in zip(weights, parts)}


def _add(into: dict[str, Decimal], parts: dict[str, Decimal]) -> None:
    for code, value in parts.items():
        into[code] = into.get(code, ZERO) + value


def figures_for(spec: SyntheticDisclosure) -> Figures:
    draw = _Draw(spec)
    # Departments that report in 万元 are the larger ones; this keeps their totals in the thousands of 万元,
    # so grouping separators show.
    k = 10 if spec.unit == "万元" else 1
    subjects = department_subjects(spec)
    economy = Economy({}, {})
    lines: list[Line] = []
    for section, subject in subjects:
        basic = project = ZERO
        if subject.use == "operation":
            basic = draw.amount(800_000 * k, 2_500_000 * k)
        elif subject.use == "project":
            project = draw.amount(100_000 * k, 1_500_000 * k, Decimal(1000))
        else:
            basic = draw.amount(20_000 * k, 250_000 * k)
            _add(economy.basic, {subject.use: basic})
        lines.append(Line(subject.code, subject_name("function", subject.code, spec.fiscal_year),
                          subject_name("function", section.code, spec.fiscal_year),
                          basic, project, ZERO, basic + project))
    running = [i for i, (_, s) in enumerate(subjects) if s.use == "operation"]
    projects = [i for i, (_, s) in enumerate(subjects) if s.use == "project"]

    running_total = sum((lines[i].basic for i in running), ZERO)
    salaries = draw.share(running_total, 0.65, 0.8)
    _add(economy.basic, draw.split(salaries, SALARY_WEIGHTS))
    kept = {code: w for code, w in RUNNING_WEIGHTS.items() if code == "30231" or draw.chance(0.75)}
    _add(economy.basic, draw.split(running_total - salaries, kept))
    project_total = sum((lines[i].project for i in projects), ZERO)
    chosen = sorted(draw.rng.sample(PROJECT_CODES, 5))
    _add(economy.project, draw.split(project_total, {code: draw.rng.randint(1, 10) for code in chosen}))

    if draw.chance(0.5):  # a new official car, bought as a project of the running-costs line
        purchase = draw.amount(150_000, 300_000)
        car = lines[running[0]]
        lines[running[0]] = replace(car, project=car.project + purchase, income=car.income + purchase)
        _add(economy.project, {"31013": purchase})
    if draw.chance(0.5):
        lines[projects[-1]] = replace(lines[projects[-1]], other=draw.amount(20_000 * k, 300_000 * k, Decimal(100)))
    # The opening carry-over pays part of one project, and what is left of this year's money is carried on.
    carried = lines[projects[0]]
    opening = draw.share(carried.project, 0.1, 0.4, Decimal(1000))
    closing = ZERO if draw.chance(0.5) else draw.amount(10_000 * k, 100_000 * k, Decimal(1000))
    lines[projects[0]] = replace(carried, income=carried.income + closing - opening)

    return Figures(
        lines=tuple(lines), opening=opening, closing=closing, economic=economy,
        three_public=_three_public(draw, economy),
        procurement=(economy("31002")[0] + economy("31013")[0], ZERO, economy("30227")[0]),
        vehicles={"机要通信用车": draw.rng.randint(1, 3), "应急保障用车": draw.rng.randint(0, 2)},
    )


def _three_public(draw: _Draw, economy: Economy) -> dict[str, tuple[Decimal, Decimal]]:
    final = {"outbound_travel": ZERO, "vehicle_purchase": economy("31013")[0],
             "vehicle_operation": economy("30231")[0], "reception": economy("30217")[0]}
    # Budgets are round thousands a little above what was spent; nothing budgeted where nothing was spent.
    budget = {k: ZERO if not v else ((v + draw.amount(0, 20_000)) / 1000).quantize(Decimal(1), ROUND_CEILING) * 1000
              for k, v in final.items()}
    for totals in (budget, final):
        totals["vehicle_total"] = totals["vehicle_purchase"] + totals["vehicle_operation"]
        totals["total"] = totals["outbound_travel"] + totals["vehicle_total"] + totals["reception"]
    return {k: (budget[k], final[k]) for k in THREE_PUBLIC_MEASURES}


"""Figures beside their baselines: interleaved rounds, medians, ratios and verdicts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

TARGET = 0.5

#: Runs `count` operations and returns the seconds they took.
Timed = Callable[[int], float]


@dataclass(frozen=True)
class Figure:
    """One measured rate, beside the baseline measured in the same run when it has one."""

    metric: str
    unit: str
    ledger: float
    baseline: float | None = None
    target: float | None = None
    operations: int = 0
    rounds: dict[str, list[float]] = field(default_factory=dict)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """The ledger's rate over the baseline's."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.ledger / self.baseline

    @property
    def verdict(self) -> str:
        """PASS or BELOW against the target ratio; "info" for figures without a target."""
        ratio = self.ratio
        if self.target is None or ratio is None:
            return "info"
        return "PASS" if ratio >= self.target else "BELOW"

    def as_json(self) -> dict[str, Any]:
        """The figure with its derived ratio and verdict, rates rounded for reading."""
        data = asdict(self)
        data["ledger"] = round(self.ledger, 1)
        data["baseline"] = None if self.baseline is None else round(self.baseline, 1)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["verdict"] = self.verdict
        data["rounds"] = {k: [round(v, 1) for v in vs] for k, vs in self.rounds.items()}
        return data


def timed(operation: Callable[[int], None]) -> Timed:
    """Wrap `operation(count)` so it returns the seconds it took."""

    def run(count: int) -> float:
        started = time.perf_counter()
        operation(count)
        return time.perf_counter() - started

    return run


def split(total: int, rounds: int) -> list[int]:
    """`total` operations split over `rounds` (at least one each), the remainder spread."""
    rounds = max(1, min(rounds, total))
    base, extra = divmod(total, rounds)
    return [base + (1 if i < extra else 0) for i in range(rounds)]


def interleaved(ledger: Timed, baseline: Timed, total: int, rounds: int) -> dict[str, list[float]]:
    """Rates per round of the ledger and the baseline, alternating which goes first."""
    rates: dict[str, list[float]] = {"ledger": [], "baseline": []}
    for number, count in enumerate(split(total, rounds)):
        order = [("ledger", ledger), ("baseline", baseline)]
        if number % 2:
            order.reverse()
        for name, run in order:
            rates[name].append(count / run(count))
    return rates


def compared(metric: str, unit: str, rates: dict[str, list[float]], total: int) -> Figure:
    """The figure of interleaved rounds: the median rate of each side and the target ratio."""
    return Figure(
        metric=metric,
        unit=unit,
        ledger=statistics.median(rates["ledger"]),
        baseline=statistics.median(rates["baseline"]),
        target=TARGET,
        operations=total,
        rounds=rates,
    )

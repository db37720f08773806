"""Half-open date intervals: a tenure starts on its first day and ends on its first day off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import model_validator

from domain.kernel.values import Frozen


class Tenure(Frozen):
    """A period [start, end): held on `start`, no longer held on `end`; `end=None` means open."""

    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Tenure:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"a tenure that starts on {self.start} cannot end on {self.end}")
        return self

    def holds_on(self, day: date) -> bool:
        """Whether the tenure covers the given day."""
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Tenure) -> bool:
        """Whether two tenures share at least one day."""
        starts_before_other_ends = other.end is None or self.start < other.end
        ends_after_other_starts = self.end is None or other.start < self.end
        return starts_before_other_ends and ends_after_other_starts


def peak_occupancy(existing: Iterable[Tenure], within: Tenure) -> tuple[int, date | None]:
    """The most tenures held at once on any day of `within`, and the first day it is reached."""
    relevant = [t for t in existing if t.overlaps(within)]
    if not relevant:
        return 0, None
    changes: dict[date, int] = {}
    for t in relevant:
        start = max(t.start, within.start)
        changes[start] = changes.get(start, 0) + 1
        if t.end is not None and (within.end is None or t.end < within.end):
            changes[t.end] = changes.get(t.end, 0) - 1
    peak, peak_day, current = 0, None, 0
    for day in sorted(changes):
        current += changes[day]
        if current > peak:
            peak, peak_day = current, day
    return peak, peak_day

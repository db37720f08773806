"""The rotation of the Deputy Chairmen from ethnocultural associations (§16): when it falls due.

§16: "The Deputy Chairmen of the Assembly from ethnocultural associations shall be appointed in
rotation ... The rotation period of the Deputy Chairmen shall be determined by the President of the
Republic of Kazakhstan." The Regulation sets no length and no unit, so the ledger sets none: the
period is what the President's act says, in years, months or days (docs/adr/0014).

The semantics, as pure functions over a holding and the recorded period settings:

- The setting in force on a day is, of those in force from that day or earlier, the one of the
  latest act (then the later effective date, then the later record): a later act supersedes an
  earlier one from its own effective date on, and an earlier act recorded late never overrides it.
- A holding's rotation falls due at its start (a new holding is a new cycle) plus the period in
  force, but never before that period is: `max(start + period, in force from)`. A change of period
  re-plans from the holding's start, not from the day of the change; a seat already past the new
  period falls due on the day the new period takes effect.
- A seat is due on a day when it is held that day and the due date under the period in force
  that day has come. A dismissed deputy is no longer due.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from pydantic import model_validator

from domain.composition.seats import Holding
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.values import Act, Frozen
from domain.regulation.rulebook import is_presidential_act

PARAGRAPH = "§16"
#: The posts whose holders rotate (§16: the Deputy Chairmen from ethnocultural associations).
ROTATING_POSTS = frozenset({"deputy_chairman_ethnocultural"})


class PeriodUnit(StrEnum):
    """The unit an act states its rotation period in."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


#: Input validation, not a rule of the Regulation: a period beyond twenty years is a typing error.
MAX_LENGTH = {PeriodUnit.YEAR: 20, PeriodUnit.MONTH: 240, PeriodUnit.DAY: 7305}


class RotationPeriod(Frozen):
    """A rotation period as the President's act states it, e.g. two years."""

    length: int
    unit: PeriodUnit

    @model_validator(mode="after")
    def _positive_and_sane(self) -> RotationPeriod:
        bound = MAX_LENGTH[self.unit]
        if not 1 <= self.length <= bound:
            raise ValueError(
                f"a rotation period is 1 to {bound} {self.unit.value}s, not {self.length}"
            )
        return self

    def after(self, start: date) -> date:
        """The day the period that began on `start` has run: the same day of the last month
        (or year), or that month's last day if it has no such day; days are counted."""
        if self.unit is PeriodUnit.DAY:
            return start + timedelta(days=self.length)
        months = self.length * (12 if self.unit is PeriodUnit.YEAR else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        month += 1
        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    def describe(self) -> str:
        """'2 years', '1 month'."""
        return f"{self.length} {self.unit.value}{'s' if self.length != 1 else ''}"


class PeriodSetting(Frozen):
    """A rotation period set by an act of the President, in force from a date."""

    period: RotationPeriod
    act: Act
    in_force_from: date
    recorded_in: int = 0

    @property
    def precedence(self) -> tuple[date, date, int]:
        """The later act wins; then the later effective date; then the later record."""
        return (self.act.issued_on, self.in_force_from, self.recorded_in)


class RotationDue(Frozen):
    """When a holding's rotation falls due, and the period and act that say so."""

    holding_id: UUID
    person_id: UUID
    association: str | None
    started_on: date
    due_on: date
    period: RotationPeriod
    act: Act
    in_force_from: date


@dataclass(frozen=True)
class Stretch:
    """The days [start, end) on which one setting is in force; `end` None: until further act."""

    setting: PeriodSetting
    start: date
    end: date | None


def check_rotation_act(code: str, label: str, act: Act, in_force_from: date) -> None:
    """Refuse a rotation period for a post that does not rotate, or by anyone but the
    President, or in force before its act."""
    if code not in ROTATING_POSTS:
        raise InvalidCommand(f"the {label} is not appointed in rotation")
    if not is_presidential_act(act):
        raise RuleViolation(
            PARAGRAPH,
            "the rotation period of the Deputy Chairmen is determined by the President: cite a "
            f"decree or order of the President, not a {act.kind.value} of the {act.issuer.value}",
        )
    if in_force_from < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot set a period in force from {in_force_from}"
        )


def setting_in_force(settings: Iterable[PeriodSetting], day: date) -> PeriodSetting | None:
    """The setting in force on a day: of those in force by then, the latest act's."""
    effective = [s for s in settings if s.in_force_from <= day]
    return max(effective, key=lambda s: s.precedence) if effective else None


def stretches(settings: Sequence[PeriodSetting]) -> list[Stretch]:
    """The settings in the order they are in force, each with its days; superseded ones left
    out. A setting is in force on one unbroken stretch from its own date, or never."""
    changes = sorted({s.in_force_from for s in settings})
    found: list[Stretch] = []
    for day in changes:
        current = setting_in_force(settings, day)
        assert current is not None
        if found and found[-1].setting == current:
            continue
        if found:
            found[-1] = Stretch(found[-1].setting, found[-1].start, day)
        found.append(Stretch(current, day, None))
    return found


def due_under(start: date, setting: PeriodSetting) -> date:
    """When a cycle that began on `start` falls due under one setting: its period run, but not
    before the setting is in force."""
    return max(setting.period.after(start), setting.in_force_from)


def rotation_due(
    holding: Holding, settings: Sequence[PeriodSetting], on: date
) -> RotationDue | None:
    """When the holding falls due under the period in force on `on` (reached or not); None if
    the holding is not held that day or no period is in force."""
    setting = setting_in_force(settings, on)
    if setting is None or not holding.tenure.holds_on(on):
        return None
    return _due(holding, setting)


def is_due(holding: Holding, settings: Sequence[PeriodSetting], day: date) -> bool:
    """Whether the seat is due for rotation on `day`."""
    due = rotation_due(holding, settings, day)
    return due is not None and due.due_on <= day


def next_due(holding: Holding, settings: Sequence[PeriodSetting], on: date) -> RotationDue | None:
    """The due date in force on the first day on or after `on` on which the seat is due (it is
    earlier than `on` if the seat is already due); None if it falls due in no day of its tenure
    under the periods recorded so far."""
    tenure = holding.tenure
    for stretch in stretches(settings):
        if stretch.end is not None and stretch.end <= max(on, tenure.start):
            continue
        due = due_under(tenure.start, stretch.setting)
        first_day = max(due, on, tenure.start)
        ends = [e for e in (stretch.end, tenure.end) if e is not None]
        if not ends or first_day < min(ends):
            return _due(holding, stretch.setting)
    return None


def seats_due_on(
    holdings: Iterable[Holding], settings: Sequence[PeriodSetting], day: date
) -> list[RotationDue]:
    """The holdings due for rotation on a day, earliest due first."""
    found = [rotation_due(h, settings, day) for h in holdings]
    due = [d for d in found if d is not None and d.due_on <= day]
    return sorted(due, key=lambda d: (d.due_on, d.started_on, str(d.holding_id)))


def _due(holding: Holding, setting: PeriodSetting) -> RotationDue:
    return RotationDue(
        holding_id=holding.holding_id,
        person_id=holding.person_id,
        association=holding.association,
        started_on=holding.tenure.start,
        due_on=due_under(holding.tenure.start, setting),
        period=setting.period,
        act=setting.act,
        in_force_from=setting.in_force_from,
    )

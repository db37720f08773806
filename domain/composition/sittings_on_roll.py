"""The sittings whose recorded outcomes rest on a body's roll, and the late acts they refuse.

A sitting's competence and outcomes are computed from its roster against the body's members on
its date (§9, §14: "at least two-thirds of the total number of ... members"; §10, §15: the votes
of "the members ... present"). Once an outcome is recorded, the roll on that date is part of what
the minutes assert: a membership act recorded later but taking effect on or before the sitting's
date would leave a recorded outcome that the ledger no longer computes. Such an act is refused,
naming the sitting (docs/adr/0016); while no outcome is recorded, the sitting's steps are checked
against the roll as the ledger knows it at each step, so a late act is simply taken into account.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from uuid import UUID

from pydantic import Field

from domain.kernel.errors import RuleViolation
from domain.kernel.values import Frozen


class RecordedSitting(Frozen):
    """A sitting of the body with a recorded outcome: who took part, out of how many members."""

    sitting_id: UUID
    held_on: date
    label: str = Field(max_length=200)
    present: frozenset[UUID]
    total: int = Field(ge=0)
    paragraph: str


HELD_ON = attrgetter("held_on")


def with_sitting(
    recorded: tuple[RecordedSitting, ...], sitting: RecordedSitting
) -> tuple[RecordedSitting, ...]:
    """The sittings in date order, with one more."""
    at = bisect_left(recorded, sitting.held_on, key=HELD_ON)
    return (*recorded[:at], sitting, *recorded[at:])


def check_sittings_stand(
    recorded: Sequence[RecordedSitting],
    since: date,
    members_on: Callable[[date], frozenset[UUID]],
    body_name: str,
) -> None:
    """Refuse a change of the roll from `since` that would change a recorded sitting's count."""
    start = bisect_left(recorded, since, key=HELD_ON)  # no walk through the body's past
    for sitting in recorded[start:]:
        members = members_on(sitting.held_on)
        strangers = sitting.present - members
        if strangers:
            raise RuleViolation(
                sitting.paragraph,
                f"the {sitting.label} of {sitting.held_on} recorded its outcomes with "
                f"{len(strangers)} person(s) present whom this act would make no member of the "
                f"{body_name} that day; an act that changes a decided sitting is refused",
            )
        if len(members) != sitting.total:
            raise RuleViolation(
                sitting.paragraph,
                f"the {sitting.label} of {sitting.held_on} recorded its outcomes against "
                f"{sitting.total} members of the {body_name}; this act would make them "
                f"{len(members)}, and an act that changes a decided sitting is refused",
            )

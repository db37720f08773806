"""What has happened at a sitting: its state, its events, and the questions they answer.

`Sitting` (in `sittings.py`) adds the commands that decide what may happen next; the two are one
aggregate, split so that each reads on its own (as `Post` and `PostRecord`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from domain.kernel.errors import InvalidCommand
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act
from domain.regulation.matters import SittingRule
from domain.regulation.quorum import Competence, Outcome
from domain.regulation.rulebook import rulebook_on
from domain.regulation.subjects import EMPTY, Subject, unnamed
from domain.sittings.counting import attendance_competence
from domain.sittings.votes import AgendaItem, Motion, Tally, Vote


class SittingRecord(LedgerAggregate):
    """One sitting of one body on one date, as its events have made it."""

    def __init__(self) -> None:
        self.body = ""
        self.number = ""
        self.held_on: date | None = None
        self.agenda: tuple[AgendaItem, ...] = ()
        self.roster: frozenset[UUID] | None = None
        self.competence: Competence | None = None
        self.motions: dict[UUID, Motion] = {}

    class Convened(LedgerAggregate.Created):
        """A sitting was convened with its agenda, by the act or person with the power to."""

        body: str
        number: str
        convened_by: Act
        convener_id: UUID | None = None
        agreement: Act | None = None
        proposal_id: UUID | None = None
        agenda: tuple[AgendaItem, ...]

        def apply(self, aggregate: Any) -> None:
            aggregate.body = self.body
            aggregate.number = self.number
            aggregate.held_on = self.effective_on
            aggregate.agenda = self.agenda

    class AttendanceRecorded(LedgerAggregate.Event):
        """Who took part, and whether that made the sitting competent."""

        present: tuple[UUID, ...]
        competence: Competence

        def apply(self, aggregate: Any) -> None:
            aggregate.roster = frozenset(self.present)
            aggregate.competence = self.competence

    class AttendanceCorrected(LedgerAggregate.Event):
        """The roster was corrected before any outcome; votes of those struck off fall away."""

        present: tuple[UUID, ...]
        competence: Competence
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roster = frozenset(self.present)
            aggregate.competence = self.competence
            for motion_id, motion in aggregate.motions.items():
                kept = tuple(v for v in motion.votes if v.person_id in aggregate.roster)
                aggregate.motions[motion_id] = motion.model_copy(update={"votes": kept})

    class MotionPut(LedgerAggregate.Event):
        """A motion was put to the vote, naming what it decides."""

        motion_id: UUID
        item: int
        title: str
        secret: bool
        subject: Subject = Field(default=EMPTY, exclude_if=unnamed)

        def apply(self, aggregate: Any) -> None:
            aggregate.motions[self.motion_id] = Motion(
                motion_id=self.motion_id,
                item=self.item,
                title=self.title,
                secret=self.secret,
                subject=self.subject,
            )

    class VotesCast(LedgerAggregate.Event):
        """Members present voted openly on a motion."""

        motion_id: UUID
        votes: tuple[Vote, ...]

        def apply(self, aggregate: Any) -> None:
            motion = aggregate.motions[self.motion_id]
            aggregate.motions[self.motion_id] = motion.model_copy(
                update={"votes": motion.votes + self.votes}
            )

    class BallotCounted(LedgerAggregate.Event):
        """The secret ballot on a motion was counted."""

        motion_id: UUID
        tally: Tally

        def apply(self, aggregate: Any) -> None:
            motion = aggregate.motions[self.motion_id]
            aggregate.motions[self.motion_id] = motion.model_copy(update={"tally": self.tally})

    class MotionDecided(LedgerAggregate.Event):
        """The motion's outcome, computed from its votes by the body's rule."""

        motion_id: UUID
        outcome: Outcome
        decision_id: UUID | None = None
        # As known at this step; older events have none (their competence is the roster's).
        competence: Competence | None = Field(default=None, exclude_if=lambda c: c is None)

        def apply(self, aggregate: Any) -> None:
            motion = aggregate.motions[self.motion_id]
            aggregate.motions[self.motion_id] = motion.model_copy(
                update={
                    "outcome": self.outcome,
                    "competence": self.competence or aggregate.competence,
                }
            )

    # -- queries -------------------------------------------------------------------------------

    @property
    def rule(self) -> SittingRule:
        """How this body sits, under the rulebook of the sitting's date."""
        assert self.held_on is not None
        return rulebook_on(self.held_on).sitting(self.body)

    def act_number(self, motion_id: UUID) -> str:
        """The number of the decision a motion becomes: "<sitting>/<item>", then ".2", ".3"."""
        motion = self.motion(motion_id)
        under_item = [m.motion_id for m in self.motions.values() if m.item == motion.item]
        nth = under_item.index(motion_id) + 1
        return f"{self.number}/{motion.item}" + (f".{nth}" if nth > 1 else "")

    def motion(self, motion_id: UUID) -> Motion:
        """One motion of this sitting."""
        try:
            return self.motions[motion_id]
        except KeyError:
            raise InvalidCommand(f"no motion {motion_id} at this sitting") from None

    def decided(self) -> tuple[Motion, ...]:
        """The motions whose outcome is recorded."""
        return tuple(m for m in self.motions.values() if m.outcome is not None)

    def item(self, number: int) -> AgendaItem:
        """One agenda item by its number."""
        for item in self.agenda:
            if item.number == number:
                return item
        raise InvalidCommand(f"the agenda has no item {number}")

    def competence_now(self, members: frozenset[UUID]) -> Competence:
        """The competence of the roster against the members as the ledger now knows them."""
        assert self.held_on is not None
        if self.roster is None:
            raise InvalidCommand("record the attendance before putting motions")
        return attendance_competence(self.rule, self.body, self.held_on, self.roster, members)

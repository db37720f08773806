"""Sittings: a Session of the Assembly, a meeting of the Council or of its expert council.

A sitting is convened with an agenda whose matters its body may decide (§8, §11, §13, §22), then
records who took part; its competence is computed from that roster against the body's members on
the sitting's date (§9, §14). Motions are voted openly, person by person, or by a secret-ballot
tally (§10); a vote counts only from a member present, once per motion. Outcomes are computed from
the votes with the body's rule (§10, §15), never entered. The counting itself is in `counting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from operator import attrgetter
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, Provenance
from domain.regulation.matters import SittingRule
from domain.regulation.quorum import Competence, Outcome
from domain.regulation.rulebook import rulebook_on
from domain.sittings.counting import (
    admissible_votes,
    attendance_competence,
    bounded,
    check_agenda,
    check_competent,
    check_tally,
    motion_outcome,
)
from domain.sittings.votes import AgendaItem, Choice, Motion, Tally, Vote

#: A decision's act is numbered "<sitting number>/<item>" and titled by its motion (values.Act).
MAX_NUMBER = 48
MAX_TITLE = 500


class Sitting(LedgerAggregate):
    """One sitting of one body on one date."""

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

    class MotionPut(LedgerAggregate.Event):
        """A motion was put to the vote."""

        motion_id: UUID
        item: int
        title: str
        secret: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.motions[self.motion_id] = Motion(
                motion_id=self.motion_id, item=self.item, title=self.title, secret=self.secret
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

        def apply(self, aggregate: Any) -> None:
            motion = aggregate.motions[self.motion_id]
            aggregate.motions[self.motion_id] = motion.model_copy(update={"outcome": self.outcome})

    @classmethod
    def convene(
        cls,
        sitting_id: UUID,
        *,
        body: str,
        number: str,
        held_on: date,
        agenda: Sequence[AgendaItem],
        convened_by: Act,
        provenance: Provenance,
        convener_id: UUID | None = None,
        agreement: Act | None = None,
        proposal_id: UUID | None = None,
    ) -> Sitting:
        """Convene a sitting; the caller has checked who may convene it (§5, §12)."""
        rulebook = rulebook_on(held_on)
        rule = rulebook.sitting(body)
        if not agenda:
            raise InvalidCommand("a sitting is convened with an agenda")
        number = bounded(number, "a sitting's number", MAX_NUMBER)
        check_agenda(rulebook, body, agenda)
        if held_on < convened_by.issued_on:
            raise InvalidCommand(
                f"a sitting on {held_on} cannot rest on an act of {convened_by.issued_on}"
            )
        sitting: Sitting = cls._open(
            cls.Convened,
            sitting_id,
            provenance,
            paragraph=rule.convening_paragraph,
            effective_on=held_on,
            body=body,
            number=number,
            convened_by=convened_by,
            convener_id=convener_id,
            agreement=agreement,
            proposal_id=proposal_id,
            agenda=tuple(sorted(agenda, key=lambda i: i.number)),
        )
        return sitting

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

    def item(self, number: int) -> AgendaItem:
        """One agenda item by its number."""
        for item in self.agenda:
            if item.number == number:
                return item
        raise InvalidCommand(f"the agenda has no item {number}")

    # -- commands ------------------------------------------------------------------------------

    def record_attendance(
        self, present: frozenset[UUID], members: frozenset[UUID], provenance: Provenance
    ) -> None:
        """Record who took part; `members` is the body's composition on the sitting's date."""
        assert self.held_on is not None
        rule = self.rule
        if self.roster is not None:
            raise InvalidCommand("attendance is already recorded; correct it instead")
        counted = attendance_competence(rule, self.body, self.held_on, present, members)
        self._record(
            self.AttendanceRecorded,
            provenance,
            paragraph=counted.paragraph,
            effective_on=self.held_on,
            present=tuple(sorted(present, key=attrgetter("int"))),
            competence=counted,
        )

    def put_motion(
        self, motion_id: UUID, item: int, title: str, provenance: Provenance, *, secret: bool
    ) -> None:
        """Put a motion to the vote under an agenda item, if the sitting is competent."""
        assert self.held_on is not None
        agenda_item = self.item(item)
        check_competent(self.competence)
        if motion_id in self.motions:
            raise InvalidCommand(f"motion {motion_id} is already put")
        title = bounded(title, "a motion's title", MAX_TITLE)
        self._record(
            self.MotionPut,
            provenance,
            paragraph=rulebook_on(self.held_on).matter(self.body, agenda_item.matter).paragraph,
            effective_on=self.held_on,
            motion_id=motion_id,
            item=item,
            title=title,
            secret=secret,
        )

    def cast_votes(
        self, motion_id: UUID, votes: Mapping[UUID, Choice], provenance: Provenance
    ) -> None:
        """Record members' open votes: each from a member present, once per motion (§10, §15)."""
        motion = self._open_motion(motion_id)
        paragraph = self.rule.adoption.paragraph
        admitted = admissible_votes(motion, votes, self.roster, paragraph)
        assert self.held_on is not None
        self._record(
            self.VotesCast,
            provenance,
            paragraph=paragraph,
            effective_on=self.held_on,
            motion_id=motion_id,
            votes=admitted,
        )

    def count_ballot(self, motion_id: UUID, tally: Tally, provenance: Provenance) -> None:
        """Record a secret ballot's count; it cannot exceed the members present (§10)."""
        motion = self._open_motion(motion_id)
        paragraph = self.rule.adoption.paragraph
        check_tally(motion, tally, self.roster, paragraph)
        assert self.held_on is not None
        self._record(
            self.BallotCounted,
            provenance,
            paragraph=paragraph,
            effective_on=self.held_on,
            motion_id=motion_id,
            tally=tally,
        )

    def decide(self, motion_id: UUID, decision_id: UUID, provenance: Provenance) -> Outcome:
        """Close the vote and compute the outcome with the body's rule; returns it."""
        motion = self._open_motion(motion_id)
        assert self.roster is not None
        assert self.held_on is not None
        rule = self.rule.adoption
        result = motion_outcome(rule, motion, len(self.roster))
        self._record(
            self.MotionDecided,
            provenance,
            paragraph=rule.paragraph,
            effective_on=self.held_on,
            motion_id=motion_id,
            outcome=result,
            decision_id=decision_id if result.adopted else None,
        )
        return result

    def _open_motion(self, motion_id: UUID) -> Motion:
        motion = self.motion(motion_id)
        if motion.outcome is not None:
            raise InvalidCommand("the motion is already decided")
        return motion

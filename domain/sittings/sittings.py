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
from uuid import UUID

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.values import Act, Provenance
from domain.regulation.quorum import Outcome
from domain.regulation.rulebook import rulebook_on
from domain.regulation.subjects import Subject, check_subject
from domain.sittings.counting import (
    admissible_votes,
    attendance_competence,
    bounded,
    check_agenda,
    check_competent,
    check_tally,
    motion_outcome,
)
from domain.sittings.sitting_record import SittingRecord
from domain.sittings.votes import AgendaItem, Choice, Motion, Tally

#: A decision's act is numbered "<sitting number>/<item>" and titled by its motion (values.Act).
MAX_NUMBER = 48
MAX_TITLE = 500


class Sitting(SittingRecord):
    """One sitting of one body on one date: the steps that may be taken at it."""

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

    # -- commands ------------------------------------------------------------------------------

    def record_attendance(
        self, present: frozenset[UUID], members: frozenset[UUID], provenance: Provenance
    ) -> None:
        """Record who took part; `members` is the body's composition on the sitting's date."""
        assert self.held_on is not None
        if self.roster is not None:
            raise InvalidCommand("attendance is already recorded; correct it instead")
        counted = attendance_competence(self.rule, self.body, self.held_on, present, members)
        self._record(
            self.AttendanceRecorded,
            provenance,
            paragraph=counted.paragraph,
            effective_on=self.held_on,
            present=tuple(sorted(present, key=attrgetter("int"))),
            competence=counted,
        )

    def correct_attendance(
        self,
        present: frozenset[UUID],
        members: frozenset[UUID],
        reason: str,
        provenance: Provenance,
    ) -> None:
        """Correct the roster while no outcome rests on it; votes of those struck off fall."""
        assert self.held_on is not None
        if self.roster is None:
            raise InvalidCommand("no attendance is recorded yet; record it")
        decided = self.decided()
        if decided:
            raise RuleViolation(
                self.rule.adoption.paragraph,
                f"{len(decided)} outcome(s) of the {self.rule.name} No. {self.number} of "
                f"{self.held_on} rest on its roster; it can no longer be corrected",
            )
        if present == self.roster:
            raise InvalidCommand("the corrected roster is the one recorded")
        counted = attendance_competence(self.rule, self.body, self.held_on, present, members)
        self._record(
            self.AttendanceCorrected,
            provenance,
            paragraph=counted.paragraph,
            effective_on=self.held_on,
            present=tuple(sorted(present, key=attrgetter("int"))),
            competence=counted,
            reason=bounded(reason, "the reason", MAX_TITLE),
        )

    def put_motion(
        self,
        motion_id: UUID,
        item: int,
        title: str,
        provenance: Provenance,
        *,
        members: frozenset[UUID],
        secret: bool,
        subject: Subject | None = None,
    ) -> None:
        """Put a motion to the vote under an agenda item, if the sitting is competent now."""
        assert self.held_on is not None
        agenda_item = self.item(item)
        check_competent(self.competence_now(members) if self.roster is not None else None)
        subject = check_subject(agenda_item.matter, subject or Subject())
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
            subject=subject,
        )

    def cast_votes(
        self,
        motion_id: UUID,
        votes: Mapping[UUID, Choice],
        members: frozenset[UUID],
        provenance: Provenance,
    ) -> None:
        """Record members' open votes: each from a member present, once per motion (§10, §15).

        `members` are the body's members on the sitting's date as the ledger knows them now: a
        person whose membership was ended with effect before the sitting no longer votes.
        """
        motion = self._open_motion(motion_id)
        paragraph = self.rule.adoption.paragraph
        assert self.roster is not None
        admitted = admissible_votes(motion, votes, self.roster & members, paragraph)
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

    def decide(
        self,
        motion_id: UUID,
        decision_id: UUID,
        members: frozenset[UUID],
        provenance: Provenance,
    ) -> Outcome:
        """Close the vote and compute the outcome with the body's rule; returns it.

        Competence is computed again against the members as known now (a membership act may
        have arrived since the roster), and the outcome is recorded with it.
        """
        motion = self._open_motion(motion_id)
        assert self.roster is not None
        assert self.held_on is not None
        counted = self.competence_now(members)
        check_competent(counted)
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
            competence=counted,
        )
        return result

    def _open_motion(self, motion_id: UUID) -> Motion:
        motion = self.motion(motion_id)
        if motion.outcome is not None:
            raise InvalidCommand("the motion is already decided")
        return motion

"""Decisions adopted at sittings: the acts of the body that adopted them, and what rests on them.

A decision exists only once a motion is adopted; its outcome (counts, who was counted, the rule
and its paragraph) is computed at the sitting, never entered, and it states what it decided: the
persons, post, association or document its motion named (`domain/regulation/subjects.py`). An act
that the Regulation conditions on a decision relies on it for that subject only, and a decision
that supports one act (a proposal, a recommendation, a stage of a document) is used up by it: the
reliance is recorded on the decision, so two acts cannot rest on one use even concurrently.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from domain.kernel.errors import RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, ActKind, Provenance
from domain.regulation.matters import AUTHORITY_OF_BODY, Matter
from domain.regulation.quorum import Outcome
from domain.regulation.subjects import EMPTY, Subject, unnamed
from domain.sittings.decision_follow_up import CONSIDERED_BODIES, DecisionFollowUp
from domain.sittings.follow_up import AssemblyAppeal, Consideration

__all__ = ["CONSIDERED_BODIES", "Decision"]


class Decision(DecisionFollowUp):
    """A decision of the Session, the Council or the Scientific Expert Council."""

    def __init__(self) -> None:
        self.body = ""
        self.sitting_id: UUID | None = None
        self.motion_id: UUID | None = None
        self.matter: Matter | None = None
        self.title = ""
        self.adopted_on: date | None = None
        self.act: Act | None = None
        self.outcome: Outcome | None = None
        self.subject = Subject()
        self.relied: dict[str, UUID] = {}
        self.appeal: AssemblyAppeal | None = None
        self.considerations: dict[UUID, Consideration] = {}

    class Adopted(LedgerAggregate.Created):
        """A motion was adopted at a sitting: the decision and how it was counted."""

        body: str
        sitting_id: UUID
        motion_id: UUID
        matter: Matter
        title: str
        act: Act
        outcome: Outcome
        subject: Subject = Field(default=EMPTY, exclude_if=unnamed)

        def apply(self, aggregate: Any) -> None:
            aggregate.body = self.body
            aggregate.sitting_id = self.sitting_id
            aggregate.motion_id = self.motion_id
            aggregate.matter = self.matter
            aggregate.title = self.title
            aggregate.adopted_on = self.effective_on
            aggregate.act = self.act
            aggregate.outcome = self.outcome
            aggregate.subject = self.subject

    @classmethod
    def adopt(
        cls,
        decision_id: UUID,
        *,
        body: str,
        sitting_id: UUID,
        motion_id: UUID,
        matter: Matter,
        title: str,
        number: str,
        adopted_on: date,
        outcome: Outcome,
        provenance: Provenance,
        subject: Subject | None = None,
    ) -> Decision:
        """Record an adopted motion as the body's decision."""
        if not outcome.adopted:
            raise RuleViolation(outcome.paragraph, f"the motion was not adopted ({outcome.rule})")
        act = Act(
            kind=ActKind.DECISION,
            number=number,
            issued_on=adopted_on,
            issuer=AUTHORITY_OF_BODY[body],
            title=title,
        )
        decision: Decision = cls._open(
            cls.Adopted,
            decision_id,
            provenance,
            paragraph=outcome.paragraph,
            effective_on=adopted_on,
            body=body,
            sitting_id=sitting_id,
            motion_id=motion_id,
            matter=matter,
            title=title,
            act=act,
            outcome=outcome,
            subject=subject or Subject(),
        )
        return decision

    def require(self, body: str, matter: Matter, paragraph: str, *, by: date) -> Act:
        """This decision's act, if the `body` adopted it on `matter` no later than `by`."""
        if self.body != body or self.matter is not matter:
            raise RuleViolation(
                paragraph,
                f"decision {self.id} is the {self.body}'s on {self.matter}, not the {body}'s on "
                f"{matter.value.replace('_', ' ')}",
            )
        assert self.act is not None
        if self.act.issued_on > by:
            raise RuleViolation(
                paragraph, f"decision {self.id} was adopted on {self.act.issued_on}, after {by}"
            )
        return self.act

    # -- what rests on the decision --------------------------------------------------------------

    class ReliedUpon(LedgerAggregate.Event):
        """An act rests on this decision for one of its uses (a nomination, a convocation...)."""

        use: str
        relied_by: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.relied[self.use] = self.relied_by

    def require_naming(self, person_id: UUID, paragraph: str) -> None:
        """Refuse unless this decision names the person."""
        if not self.subject.names(person_id):
            raise RuleViolation(
                paragraph,
                f"decision {self.number} does not name person {person_id}: it names "
                f"{len(self.subject.persons)} person(s), and only those",
            )

    def require_subject(self, paragraph: str, **expected: object) -> None:
        """Refuse unless the decision's subject states each of `expected` (post, document...)."""
        for field, value in expected.items():
            stated_value = getattr(self.subject, field)
            if stated_value != value:
                raise RuleViolation(
                    paragraph,
                    f"decision {self.number} decided on {field.replace('_', ' ')} "
                    f"{stated_value}, not {value}",
                )

    def rely(self, use: str, relied_by: UUID, provenance: Provenance, *, paragraph: str) -> None:
        """Record that an act rests on this decision for `use`; each use supports one act."""
        if use in self.relied:
            raise RuleViolation(
                paragraph,
                f"decision {self.number} already supports {self.relied[use]} ({use}); a decision "
                "that supports one act is used up by it",
            )
        assert self.adopted_on is not None
        self._record(
            self.ReliedUpon,
            provenance,
            paragraph=paragraph,
            effective_on=self.adopted_on,
            use=use,
            relied_by=relied_by,
        )

    @property
    def number(self) -> str:
        """The decision's number, as its act cites it."""
        assert self.act is not None
        return f"No. {self.act.number} of the {self.body}"

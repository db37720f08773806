"""Decisions adopted at sittings, as acts of the body that adopted them.

A decision exists only once a motion is adopted; its outcome (counts, who was counted, the rule
and its paragraph) is computed at the sitting, never entered.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.model.errors import RuleViolation
from domain.model.events import LedgerAggregate
from domain.model.matters import Matter
from domain.model.quorum import Outcome
from domain.model.values import Act, ActKind, Authority, Provenance

#: The authority whose act a decision of each sitting body is.
AUTHORITY_OF_BODY = {
    "assembly": Authority.SESSION,
    "council": Authority.COUNCIL,
    "scientific_expert_council": Authority.SCIENTIFIC_EXPERT_COUNCIL,
}


class Decision(LedgerAggregate):
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

    class Adopted(LedgerAggregate.Created):
        """A motion was adopted at a sitting: the decision and how it was counted."""

        body: str
        sitting_id: UUID
        motion_id: UUID
        matter: Matter
        title: str
        act: Act
        outcome: Outcome

        def apply(self, aggregate: Any) -> None:
            aggregate.body = self.body
            aggregate.sitting_id = self.sitting_id
            aggregate.motion_id = self.motion_id
            aggregate.matter = self.matter
            aggregate.title = self.title
            aggregate.adopted_on = self.effective_on
            aggregate.act = self.act
            aggregate.outcome = self.outcome

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

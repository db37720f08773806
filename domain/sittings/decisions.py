"""Decisions adopted at sittings, as acts of the body that adopted them, and their life after.

A decision exists only once a motion is adopted; its outcome (counts, who was counted, the rule
and its paragraph) is computed at the sitting, never entered. After adoption a Session decision may
be drawn up as an Appeal of the Assembly and published in the republican mass media (§11), and the
decisions of the Session and the Council go to state bodies and officials for mandatory
consideration, which the Assembly controls (§4.5, §11).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, ActKind, Provenance
from domain.regulation.matters import AUTHORITY_OF_BODY, COUNCIL, SESSION, Matter
from domain.regulation.quorum import Outcome
from domain.sittings.follow_up import (
    Addressee,
    AssemblyAppeal,
    Consideration,
    ConsiderationResponse,
    Publication,
)
from domain.sittings.follow_up_checks import check_schedule, not_before, stated

#: §4.5 and §11: decisions of the Session and of the Council bind state bodies to consider them;
#: the Scientific Expert Council advises the Secretariat, so its decisions bind no one outside.
CONSIDERED_BODIES = frozenset({SESSION, COUNCIL})


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

    # -- §11: the Appeal of the Assembly ---------------------------------------------------------

    class IssuedAsAppeal(LedgerAggregate.Event):
        """The Session's decision was drawn up in the form of an Appeal of the Assembly (§11)."""

        title: str

        def apply(self, aggregate: Any) -> None:
            aggregate.appeal = AssemblyAppeal(issued_on=self.effective_on, title=self.title)

    class AppealPublished(LedgerAggregate.Event):
        """The Appeal of the Assembly was published in the republican mass media (§11)."""

        publication: Publication

        def apply(self, aggregate: Any) -> None:
            published = (*aggregate.appeal.publications, self.publication)
            aggregate.appeal = aggregate.appeal.model_copy(update={"publications": published})

    def issue_as_appeal(self, provenance: Provenance, *, issued_on: date, title: str = "") -> None:
        """Draw up this Session decision in the form of an Appeal of the Assembly (§11)."""
        if self.body != SESSION:
            raise RuleViolation(
                "§11", f"only a Session decision may become an Appeal; this is the {self.body}'s"
            )
        if self.appeal is not None:
            raise InvalidCommand(f"decision {self.id} is an Appeal since {self.appeal.issued_on}")
        assert self.adopted_on is not None
        not_before(issued_on, self.adopted_on, "§11", "an Appeal issued", "the adoption")
        self._record(
            self.IssuedAsAppeal,
            provenance,
            paragraph="§11",
            effective_on=issued_on,
            title=title.strip() or self.title,
        )

    def publish_appeal(
        self, outlet: str, reference: str, provenance: Provenance, *, published_on: date
    ) -> None:
        """Record one publication of the Appeal in the republican mass media (§11)."""
        outlet, reference = stated(outlet, "the outlet"), stated(reference, "the reference")
        if self.appeal is None:
            raise RuleViolation("§11", f"decision {self.id} was not issued as an Appeal")
        not_before(published_on, self.appeal.issued_on, "§11", "a publication", "the Appeal")
        publication = Publication(outlet=outlet, published_on=published_on, reference=reference)
        if publication in self.appeal.publications:
            raise InvalidCommand(f"this publication of decision {self.id} is already recorded")
        self._record(
            self.AppealPublished,
            provenance,
            paragraph="§11",
            effective_on=published_on,
            publication=publication,
        )

    # -- §4.5, §11: mandatory consideration by state bodies and officials ------------------------

    class ConsiderationRequired(LedgerAggregate.Event):
        """The decision was sent to an addressee for mandatory consideration by a deadline."""

        consideration_id: UUID
        addressee: Addressee
        responsible: str
        deadline: date

        def apply(self, aggregate: Any) -> None:
            aggregate.considerations[self.consideration_id] = Consideration(
                consideration_id=self.consideration_id,
                addressee=self.addressee,
                responsible=self.responsible,
                required_on=self.effective_on,
                deadline=self.deadline,
            )

    class ConsiderationAnswered(LedgerAggregate.Event):
        """The addressee reported how it considered the decision."""

        consideration_id: UUID
        summary: str

        def apply(self, aggregate: Any) -> None:
            response = ConsiderationResponse(responded_on=self.effective_on, summary=self.summary)
            answered = aggregate.considerations[self.consideration_id]
            answered = answered.model_copy(update={"response": response})
            aggregate.considerations[self.consideration_id] = answered

    def require_consideration(
        self,
        consideration_id: UUID,
        addressee: Addressee,
        responsible: str,
        provenance: Provenance,
        *,
        required_on: date,
        deadline: date,
    ) -> None:
        """Send the decision to a state body or official to consider by a deadline (§4.5)."""
        if self.body not in CONSIDERED_BODIES:
            raise RuleViolation(
                "§4.5",
                "only decisions of the Session and the Council are subject to mandatory "
                f"consideration; decision {self.id} is the {self.body}'s",
            )
        responsible = stated(responsible, "the responsible body")
        # One consideration per addressee: a retried command (same derived id) ends here too.
        if any(c.addressee.name.casefold() == addressee.name.casefold() for c in self.sent()):
            raise InvalidCommand(f"decision {self.id} was already sent to {addressee.name}")
        assert self.adopted_on is not None
        check_schedule(self.adopted_on, required_on, deadline)
        self._record(
            self.ConsiderationRequired,
            provenance,
            paragraph="§11" if self.body == SESSION else "§4.5",
            effective_on=required_on,
            consideration_id=consideration_id,
            addressee=addressee,
            responsible=responsible,
            deadline=deadline,
        )

    def answer_consideration(
        self, consideration_id: UUID, summary: str, provenance: Provenance, *, responded_on: date
    ) -> None:
        """Record the addressee's response; one after the deadline is late (§4.5)."""
        sent = self.consideration(consideration_id)
        if sent.response is not None:
            raise InvalidCommand(f"{sent.addressee.name} responded on {sent.response.responded_on}")
        summary = stated(summary, "the summary of the response")
        not_before(responded_on, sent.required_on, "§4.5", "a response", "the sending")
        self._record(
            self.ConsiderationAnswered,
            provenance,
            paragraph="§4.5",
            effective_on=responded_on,
            consideration_id=consideration_id,
            summary=summary,
        )

    def consideration(self, consideration_id: UUID) -> Consideration:
        """One addressee's consideration of this decision."""
        try:
            return self.considerations[consideration_id]
        except KeyError:
            raise NotFound(f"decision {self.id} was not sent to {consideration_id}") from None

    def sent(self) -> tuple[Consideration, ...]:
        """Every consideration of this decision, in the order they were required."""
        return tuple(self.considerations.values())

    def open_considerations(self, on: date) -> tuple[Consideration, ...]:
        """Considerations required by `on` and not answered by then (§4.5 control)."""
        return tuple(c for c in self.sent() if c.open_on(on))

    def overdue_considerations(self, on: date) -> tuple[Consideration, ...]:
        """Open considerations whose deadline passed before `on`."""
        return tuple(c for c in self.sent() if c.overdue_on(on))

"""A decision's life after its adoption: the Appeal of the Assembly and mandatory consideration.

After adoption a Session decision may be drawn up as an Appeal of the Assembly and published in
the republican mass media (§11), and the decisions of the Session and the Council go to state
bodies and officials for mandatory consideration, which the Assembly controls (§4.5, §11).
`Decision` (in `decisions.py`) adds its adoption and what rests on it; the two are one aggregate.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Provenance
from domain.regulation.matters import COUNCIL, SESSION
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


class DecisionFollowUp(LedgerAggregate):
    """What became of a decision after its adoption: its Appeal, its considerations."""

    body: str
    title: str
    adopted_on: date | None
    appeal: AssemblyAppeal | None
    considerations: dict[UUID, Consideration]

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

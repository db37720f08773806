"""Appeals of individuals and legal entities to the Secretariat (§17.3), as `Petition`s.

The aggregate is named `Petition`, not `Appeal`: the Regulation also calls a form of Session
decision an "appeal of the Assembly" (§11, `decisions.AssemblyAppeal`), which speaks for the
Assembly; a petition is addressed to it from outside. One word for two opposite things would
mislead every reader of the log.

§17.3: the Secretariat considers the appeals "of national importance" that "affect the sphere of
interethnic relations". A petition is received, assessed against both conditions, and either closed
as outside §17.3 (with the reason) or assigned to a responsible unit and then answered. Steps
happen in that order and their dates never go backwards.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Provenance
from domain.regulation.rulebook import rulebook_on


class AppellantKind(StrEnum):
    """Who appeals (§17.3)."""

    INDIVIDUAL = "individual"
    LEGAL_ENTITY = "legal_entity"


class PetitionStatus(StrEnum):
    """Where a petition stands."""

    RECEIVED = "received"
    ACCEPTED = "accepted"  # within §17.3: the Secretariat considers it
    CLOSED = "closed"  # outside §17.3
    ASSIGNED = "assigned"
    ANSWERED = "answered"


#: The step each command takes and the status it must find (§17.3 order).
_PRECEDING = {
    "assessed": PetitionStatus.RECEIVED,
    "assigned": PetitionStatus.ACCEPTED,
    "answered": PetitionStatus.ASSIGNED,
}


def outside_reason(national_importance: bool, interethnic_relations: bool) -> str:
    """Why a petition falls outside §17.3; empty when it meets both conditions."""
    missing = [
        text
        for met, text in (
            (national_importance, "is not of national importance"),
            (interethnic_relations, "does not affect the sphere of interethnic relations"),
        )
        if not met
    ]
    return f"the appeal {' and '.join(missing)}" if missing else ""


class Petition(LedgerAggregate):
    """An appeal of an individual or a legal entity to the Secretariat (§17.3)."""

    def __init__(self) -> None:
        self.appellant_kind: AppellantKind | None = None
        self.appellant_name = ""
        self.subject = ""
        self.received_on: date | None = None
        self.status = PetitionStatus.RECEIVED
        self.national_importance: bool | None = None
        self.interethnic_relations: bool | None = None
        self.closure_reason = ""
        self.assignee = ""
        self.answer = ""
        self.last_step_on: date | None = None

    class Received(LedgerAggregate.Created):
        """The Secretariat received an appeal."""

        appellant_kind: AppellantKind
        appellant_name: str
        subject: str

        def apply(self, aggregate: Any) -> None:
            aggregate.appellant_kind = self.appellant_kind
            aggregate.appellant_name = self.appellant_name
            aggregate.subject = self.subject
            aggregate.received_on = self.effective_on
            aggregate.status = PetitionStatus.RECEIVED
            aggregate.last_step_on = self.effective_on

    class Assessed(LedgerAggregate.Event):
        """The Secretariat assessed the appeal against §17.3; `reason` says why it was closed."""

        national_importance: bool
        interethnic_relations: bool
        reason: str
        note: str = ""

        def apply(self, aggregate: Any) -> None:
            aggregate.national_importance = self.national_importance
            aggregate.interethnic_relations = self.interethnic_relations
            aggregate.closure_reason = self.reason
            aggregate.status = PetitionStatus.CLOSED if self.reason else PetitionStatus.ACCEPTED
            aggregate.last_step_on = self.effective_on

    class Assigned(LedgerAggregate.Event):
        """The appeal was assigned to a responsible unit or officer of the Secretariat."""

        assignee: str

        def apply(self, aggregate: Any) -> None:
            aggregate.assignee = self.assignee
            aggregate.status = PetitionStatus.ASSIGNED
            aggregate.last_step_on = self.effective_on

    class Answered(LedgerAggregate.Event):
        """The appellant was answered."""

        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.answer = self.summary
            aggregate.status = PetitionStatus.ANSWERED
            aggregate.last_step_on = self.effective_on

    @classmethod
    def receive(
        cls,
        petition_id: UUID,
        appellant_kind: AppellantKind,
        appellant_name: str,
        subject: str,
        provenance: Provenance,
        *,
        received_on: date,
    ) -> Petition:
        """Record an appeal received by the Secretariat (§17.3)."""
        rulebook_on(received_on)  # refuses dates before Decree No. 747
        petition: Petition = cls._open(
            cls.Received,
            petition_id,
            provenance,
            paragraph="§17.3",
            effective_on=received_on,
            appellant_kind=AppellantKind(appellant_kind),
            appellant_name=_text(appellant_name, "the appellant's name"),
            subject=_text(subject, "the subject of the appeal"),
        )
        return petition

    def assess(
        self,
        provenance: Provenance,
        *,
        national_importance: bool,
        interethnic_relations: bool,
        assessed_on: date,
        note: str = "",
    ) -> None:
        """Assess the appeal: considered only if of national importance AND interethnic (§17.3)."""
        self._step("assessed", assessed_on)
        self._record(
            self.Assessed,
            provenance,
            paragraph="§17.3",
            effective_on=assessed_on,
            national_importance=national_importance,
            interethnic_relations=interethnic_relations,
            reason=outside_reason(national_importance, interethnic_relations),
            note=note.strip(),
        )

    def assign(self, assignee: str, provenance: Provenance, *, assigned_on: date) -> None:
        """Assign an accepted appeal to a responsible unit or officer (§17.3)."""
        self._step("assigned", assigned_on)
        self._record(
            self.Assigned,
            provenance,
            paragraph="§17.3",
            effective_on=assigned_on,
            assignee=_text(assignee, "the assignee"),
        )

    def answer_appellant(self, summary: str, provenance: Provenance, *, answered_on: date) -> None:
        """Record the answer to an assigned appeal (§17.3)."""
        self._step("answered", answered_on)
        self._record(
            self.Answered,
            provenance,
            paragraph="§17.3",
            effective_on=answered_on,
            summary=_text(summary, "the summary of the answer"),
        )

    @property
    def considered(self) -> bool:
        """Whether the Secretariat took the appeal up under §17.3."""
        return self.national_importance is True and self.interethnic_relations is True

    def _step(self, step: str, on: date) -> None:
        expected = _PRECEDING[step]
        if self.status is not expected:
            raise RuleViolation(
                "§17.3",
                f"petition {self.id} is {self.status.value}; it can be {step} only once "
                f"{expected.value}",
            )
        assert self.last_step_on is not None
        if on < self.last_step_on:
            raise RuleViolation(
                "§17.3",
                f"petition {self.id} took its last step on {self.last_step_on}; it cannot be "
                f"{step} earlier, on {on}",
            )


def _text(value: str, what: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise InvalidCommand(f"{what} must not be blank")
    return stripped

"""Workflow and activity payloads: frozen pydantic models carried by the pydantic data converter.

Payloads own their models: no domain value travels inside one (an act is an `ActPayload` of plain
strings). The activities translate payloads into the domain's commands, and the domain decides
whether the act's kind and issuer are the ones the Regulation asks for.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Payload(BaseModel):
    """Base of workflow payloads."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ActPayload(Payload):
    """A legal act as the caller named it: kind, number, date and issuer in the ledger's words."""

    kind: str
    number: str
    issued_on: date
    issuer: str
    title: str = ""


class Refusal(Payload):
    """Why the ledger refused a step: the error's code, paragraph (if any) and message."""

    code: str
    message: str
    paragraph: str | None = None


class SenateNominationRequest(Payload):
    """Start a Senate nomination: the Council's decision on Senate candidates naming a person,
    adopted at a recorded sitting (§5.4, §13.1), cited by its id."""

    person_id: UUID
    council_decision_id: UUID
    requested_by: str


class Decision(Payload):
    """Base of the President's decisions on a nomination."""

    # Histories recorded before decisions had one model per outcome carry every field of both
    # (`decree: null` on a decline, `reason` on an appointment); they still decode.
    model_config = ConfigDict(frozen=True, extra="ignore")

    decided_by: str


class Appointment(Decision):
    """The President appoints the nominee by the act given (a decree, for the ledger to check)."""

    decision: Literal["appoint"] = "appoint"
    decree: ActPayload
    effective_on: date | None = Field(default=None, description="the decree's date if omitted")


class Declination(Decision):
    """The President does not appoint the nominee."""

    decision: Literal["decline"] = "decline"
    reason: str = Field(default="", max_length=2000)
    effective_on: date | None = Field(
        default=None, description="the day the process records it, in Kazakhstan, if omitted"
    )


PresidentialDecision = Annotated[Appointment | Declination, Field(discriminator="decision")]


class NominationStatus(StrEnum):
    """Where a nomination process stands."""

    RECORDING_PROPOSAL = "recording_proposal"
    AWAITING_DECISION = "awaiting_decision"
    RECORDING_DECISION = "recording_decision"
    APPOINTED = "appointed"
    DECLINED = "declined"
    REJECTED = "rejected"


class NominationState(Payload):
    """The state of one nomination process."""

    workflow_id: str
    post: str
    person_id: UUID
    council_decision_id: UUID
    status: NominationStatus
    nomination_id: UUID | None = None
    holding_id: UUID | None = None
    position: int | None = None
    refusal: Refusal | None = None
    decision_key: str | None = None
    decision: PresidentialDecision | None = None
    #: Decisions that failed for a passing reason and decided nothing: the next is a new attempt.
    decision_round: int = 0

    def decided_as(self, decision: Appointment | Declination) -> bool:
        """Whether the recorded decision says what `decision` says (whoever sends it)."""
        if self.decision is None:
            return False
        mine = self.decision.model_dump(exclude={"decided_by"})
        return mine == decision.model_dump(exclude={"decided_by"})


class RecordNomination(Payload):
    """Activity input: record the nomination the Council's decision makes."""

    post: str
    person_id: UUID
    decision_id: UUID
    recorded_by: str
    idempotency_key: str


class RecordAppointment(Payload):
    """Activity input: record the appointment on the nomination."""

    post: str
    person_id: UUID
    nomination_id: UUID
    act: ActPayload
    starts_on: date
    recorded_by: str
    idempotency_key: str


class RecordDeclination(Payload):
    """Activity input: record that the nominee was not appointed."""

    post: str
    nomination_id: UUID
    reason: str
    declined_on: date
    recorded_by: str
    idempotency_key: str


class RecordedStep(Payload):
    """Activity result: what the ledger recorded and at which log position."""

    subject_id: UUID
    position: int
    replayed: bool

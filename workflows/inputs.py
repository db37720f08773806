"""Workflow and activity payloads: frozen pydantic models carried by the pydantic data converter."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.kernel.values import Act


class Payload(BaseModel):
    """Base of workflow payloads."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Refusal(Payload):
    """Why the ledger refused a step: the error's code, paragraph (if any) and message."""

    code: str
    message: str
    paragraph: str | None = None


class SenateNominationRequest(Payload):
    """Start a Senate nomination: the Council's proposal naming a person (§5.4, §13.1)."""

    person_id: UUID
    proposal: Act
    requested_by: str


class PresidentialDecision(Payload):
    """The President's decision on a nomination: appoint by decree, or decline."""

    decision: Literal["appoint", "decline"]
    decree: Act | None = None
    effective_on: date | None = None
    reason: str = Field(default="", max_length=2000)
    decided_by: str


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
    proposal: Act
    status: NominationStatus
    nomination_id: UUID | None = None
    holding_id: UUID | None = None
    position: int | None = None
    refusal: Refusal | None = None
    decision_key: str | None = None
    decision: PresidentialDecision | None = None

    def decided_as(self, decision: PresidentialDecision) -> bool:
        """Whether the recorded decision says what `decision` says (whoever sends it)."""
        if self.decision is None:
            return False
        mine = self.decision.model_dump(exclude={"decided_by"})
        return mine == decision.model_dump(exclude={"decided_by"})


class RecordNomination(Payload):
    """Activity input: record the nominating act."""

    post: str
    person_id: UUID
    act: Act
    recorded_by: str
    idempotency_key: str


class RecordAppointment(Payload):
    """Activity input: record the appointment on the nomination."""

    post: str
    person_id: UUID
    nomination_id: UUID
    act: Act
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

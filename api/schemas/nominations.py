"""Schemas of the Senate nomination process, and their translation to and from its payloads.

The API owns its schemas: they carry no workflow payload and no domain value. The caller names
the Council's decision by its id and the President's decree by number and date; the decree is of
that kind and issuer by definition, and the ledger decides whether they are what the Regulation
asks for.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import ConfigDict, Field, model_validator

from api.schemas.common import ActIn, Schema
from domain.kernel.text import Prose
from domain.kernel.values import ActKind, Authority
from workflows import inputs as payloads

#: The act of a person this process names: the President's decree (§5.4). The Council's proposal
#: is its decision at a recorded meeting, cited by id (§13.1).
PRESIDENTIAL_DECREE = (ActKind.DECREE, Authority.PRESIDENT)


def act_payload(act: ActIn, named: tuple[ActKind, Authority]) -> payloads.ActPayload:
    """The act the caller named by number and date, of the kind and issuer the route names."""
    kind, issuer = named
    return payloads.ActPayload(
        kind=kind.value,
        issuer=issuer.value,
        number=act.number,
        issued_on=act.issued_on,
        title=act.title,
    )


class NominationCreate(Schema):
    """Start a Senate nomination with the Council's proposal naming a person (§5.4, §13.1)."""

    model_config = ConfigDict(extra="forbid")

    person_id: UUID
    council_decision_id: UUID = Field(
        description="the Council's decision on Senate candidates that names the person, adopted "
        "at a recorded meeting of the Council (§13.1); a proposal cannot be typed in"
    )

    def request(self, requested_by: str) -> payloads.SenateNominationRequest:
        """The process's start request."""
        return payloads.SenateNominationRequest(
            person_id=self.person_id,
            council_decision_id=self.council_decision_id,
            requested_by=requested_by,
        )


class DecisionCreate(Schema):
    """The President's decision on the nomination."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["appoint", "decline"]
    decree: ActIn | None = Field(default=None, description="the President's decree, to appoint")
    effective_on: date | None = Field(
        default=None,
        description="when it takes effect; if omitted, the decree's date for an appointment, "
        "the day it is recorded (in Kazakhstan) for a refusal",
    )
    reason: Prose = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _decree_to_appoint(self) -> DecisionCreate:
        if self.decision == "appoint" and self.decree is None:
            raise ValueError("an appointment names the decree")
        return self

    def payload(self, decided_by: str) -> payloads.Appointment | payloads.Declination:
        """The decision as the process takes it."""
        if self.decision == "decline":
            return payloads.Declination(
                reason=self.reason, effective_on=self.effective_on, decided_by=decided_by
            )
        assert self.decree is not None  # an appointment names the decree
        return payloads.Appointment(
            decree=act_payload(self.decree, PRESIDENTIAL_DECREE),
            effective_on=self.effective_on,
            decided_by=decided_by,
        )


class NominationStatus(StrEnum):
    """Where a nomination process stands."""

    RECORDING_PROPOSAL = "recording_proposal"
    AWAITING_DECISION = "awaiting_decision"
    RECORDING_DECISION = "recording_decision"
    APPOINTED = "appointed"
    DECLINED = "declined"
    REJECTED = "rejected"


class RefusalPublic(Schema):
    """Why the ledger refused the proposal."""

    code: str
    message: str
    paragraph: str | None


class NominationPublic(Schema):
    """Where a Senate nomination stands."""

    id: str
    post: str
    person_id: UUID
    council_decision_id: UUID
    status: NominationStatus
    nomination_id: UUID | None
    holding_id: UUID | None
    position: int | None = Field(
        description="log position of the last step recorded; pass it as min_position to reads"
    )
    refusal: RefusalPublic | None

    @classmethod
    def from_state(cls, state: payloads.NominationState) -> NominationPublic:
        """The public form of a process state."""
        refusal = state.refusal
        return cls(
            id=state.workflow_id,
            post=state.post,
            person_id=state.person_id,
            council_decision_id=state.council_decision_id,
            status=NominationStatus(state.status.value),
            nomination_id=state.nomination_id,
            holding_id=state.holding_id,
            position=state.position,
            refusal=RefusalPublic(
                code=refusal.code, message=refusal.message, paragraph=refusal.paragraph
            )
            if refusal
            else None,
        )

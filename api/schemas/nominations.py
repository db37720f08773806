"""Schemas of the Senate nomination process."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import ConfigDict, Field, model_validator

from api.schemas.common import ActIn, ActPublic, Schema
from workflows.inputs import NominationState, NominationStatus


class NominationCreate(Schema):
    """Start a Senate nomination with the Council's proposal naming a person (§5.4, §13.1)."""

    model_config = ConfigDict(extra="forbid")

    person_id: UUID
    proposal: ActIn = Field(description="the Council's proposal: its number and date")


class DecisionCreate(Schema):
    """The President's decision on the nomination."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["appoint", "decline"]
    decree: ActIn | None = Field(default=None, description="the President's decree, to appoint")
    effective_on: date | None = Field(
        default=None, description="when it takes effect; the decree's date if omitted"
    )
    reason: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _decree_to_appoint(self) -> DecisionCreate:
        if self.decision == "appoint" and self.decree is None:
            raise ValueError("an appointment needs the President's decree")
        return self


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
    proposal: ActPublic
    status: NominationStatus
    nomination_id: UUID | None
    holding_id: UUID | None
    position: int | None = Field(
        description="log position of the last step recorded; pass it as min_position to reads"
    )
    refusal: RefusalPublic | None

    @classmethod
    def from_state(cls, state: NominationState) -> NominationPublic:
        """The public form of a process state."""
        return cls(
            id=state.workflow_id,
            post=state.post,
            person_id=state.person_id,
            proposal=ActPublic.model_validate(state.proposal),
            status=state.status,
            nomination_id=state.nomination_id,
            holding_id=state.holding_id,
            position=state.position,
            refusal=RefusalPublic.model_validate(state.refusal) if state.refusal else None,
        )

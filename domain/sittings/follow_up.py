"""What follows a decision: its Appeal form and publications (§11), and the considerations by
state bodies and officials that the Assembly controls (§4.5)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import ConfigDict, Field

from domain.kernel.text import Line
from domain.kernel.values import Frozen


class Publication(Frozen):
    """Where and when an Appeal of the Assembly was published in the republican mass media."""

    outlet: Line
    published_on: date
    reference: Line


class AssemblyAppeal(Frozen):
    """A Session decision drawn up in the form of an Appeal of the Assembly (§11)."""

    issued_on: date
    title: str
    publications: tuple[Publication, ...] = ()


class AddresseeKind(StrEnum):
    """Who must consider a decision (§11)."""

    STATE_BODY = "state_body"
    OFFICIAL = "official"


class Addressee(Frozen):
    """A state body or official to whom a decision is sent for mandatory consideration."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: AddresseeKind
    name: Line = Field(min_length=1, max_length=300)


class ConsiderationResponse(Frozen):
    """What the addressee answered, and when."""

    responded_on: date
    summary: str


class Consideration(Frozen):
    """One addressee's mandatory consideration of a decision, controlled by the Assembly (§4.5)."""

    consideration_id: UUID
    addressee: Addressee
    responsible: str
    required_on: date
    deadline: date
    response: ConsiderationResponse | None = None

    @property
    def late(self) -> bool:
        """Whether the response came after the deadline: computed, never entered."""
        return self.response is not None and self.response.responded_on > self.deadline

    def open_on(self, day: date) -> bool:
        """Whether it was required by `day` and not yet answered on `day`."""
        answered = self.response is not None and self.response.responded_on <= day
        return self.required_on <= day and not answered

    def overdue_on(self, day: date) -> bool:
        """Whether it is still open on `day` and its deadline has passed."""
        return self.open_on(day) and day > self.deadline

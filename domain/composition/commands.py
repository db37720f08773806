"""Commands on persons, posts, nominations, appointments, memberships, corrections.

Each command is a frozen value; its fields are its fingerprint for idempotency.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.rotation import PeriodUnit
from domain.kernel.commands import Command
from domain.kernel.corrections import EventRef
from domain.kernel.text import Code, Line, Prose
from domain.kernel.values import ExternalAct


class EstablishBodies(Command):
    """Establish the bodies and posts of every rulebook not yet recorded; returns how many."""


class RegisterPerson(Command):
    """Enter a person in the register of persons."""

    full_name: Line
    registered_on: date
    sample: bool = False


class AssumePresidency(Command):
    """Record that a person assumed the office of President, and so became Chairman (§5)."""

    person_id: UUID
    act: ExternalAct


class NominateByDecision(Command):
    """Record a nomination the Council adopted at a meeting (§13.1, §16), cited by decision."""

    post: Code
    person_id: UUID
    decision_id: UUID


class DeclineNomination(Command):
    """Record that the appointing authority did not appoint the nominee."""

    post: Code
    nomination_id: UUID
    reason: Prose
    on: date


class Appoint(Command):
    """Appoint a person to a post, with the posts held ex officio alongside it (§17)."""

    post: Code
    person_id: UUID
    act: ExternalAct
    starts_on: date
    nomination_id: UUID | None = None
    association: Line | None = None


class Dismiss(Command):
    """End a holding by an act of the appointing authority, and what it carried ex officio.

    An officer elected by a body (§22) leaves office by its decision, cited by `decision_id`;
    every other holding ends by the external act `act`.
    """

    post: Code
    holding_id: UUID
    act: ExternalAct | None = None
    ends_on: date
    decision_id: UUID | None = None


class AdmitMember(Command):
    """Admit a person to a body by an act of its admitting authority."""

    body: Code
    person_id: UUID
    act: ExternalAct
    starts_on: date


class EndMembership(Command):
    """End a person's current term in a body; an officer it elected must leave office first."""

    body: Code
    person_id: UUID
    act: ExternalAct
    ends_on: date


class RetractMembershipTerm(Command):
    """Retract a term of membership that was recorded in error."""

    body: Code
    person_id: UUID
    corrects: EventRef
    reason: Prose


class RestateMembershipTerm(Command):
    """Restate the dates of a term of membership that were recorded in error."""

    body: Code
    person_id: UUID
    corrects: EventRef
    reason: Prose
    starts_on: date
    ends_on: date | None


class RetractHolding(Command):
    """Retract a holding recorded in error, with what it carried ex officio (§17)."""

    post: Code
    holding_id: UUID
    reason: Prose


class RestateHolding(Command):
    """Restate the dates of a holding recorded in error, and of its ex officio holdings."""

    post: Code
    holding_id: UUID
    reason: Prose
    starts_on: date
    ends_on: date | None


class SetRotationPeriod(Command):
    """Record the President's act setting the rotation period of the ethnocultural Deputy
    Chairmen (§16), in force from the act's date or a stated later date."""

    act: ExternalAct
    length: int
    unit: PeriodUnit
    effective_on: date | None = None

"""Commands on its meetings, elections, experts and regulations (§21–24).

Each command is a frozen value; its fields are its fingerprint for idempotency.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.kernel.commands import Command
from domain.kernel.text import Code, Line
from domain.kernel.values import ExternalAct
from domain.sittings.votes import AgendaItem


class ConveneExpertCouncilMeeting(Command):
    """Convene the Scientific Expert Council (the Regulation leaves who convenes it to §24)."""

    number: Code
    held_on: date
    agenda: Sequence[AgendaItem]
    act: ExternalAct


class ElectExpertCouncilOfficer(Command):
    """Seat a member elected Chairman or deputy at a meeting of the Council (§22)."""

    post: Code
    person_id: UUID
    decision_id: UUID


class InvolveExpert(Command):
    """Involve a non-member expert by a Council decision or its Chairman's request (§22)."""

    person_id: UUID
    area: Line
    foreign: bool
    on: date
    decision_id: UUID | None = None
    chairman_request_number: Code | None = None


class ApproveExpertCouncilRegulations(Command):
    """Record regulations on the Council approved by the Head of the Secretariat (§24)."""

    act: ExternalAct

"""Commands on action plans, appeals, regional assemblies, commissions and working groups.

Each command is a frozen value; its fields are its fingerprint for idempotency.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.kernel.commands import Command
from domain.kernel.text import Code, Line, Prose
from domain.kernel.values import ExternalAct
from domain.secretariat.petitions import AppellantKind
from domain.secretariat.working_bodies import WorkingGroupKind


class AdoptActionPlan(Command):
    """Adopt an action plan of the Secretariat implementing decisions or instructions (§28)."""

    title: Line
    act: ExternalAct
    decision_ids: Sequence[UUID] = ()
    instructions: Sequence[ExternalAct] = ()
    program_documents: Sequence[Line] = ()


class AddActionItem(Command):
    """Add a measure with its responsible state body and deadline to a plan (§28)."""

    plan_id: UUID
    text: Prose
    responsible: Line
    deadline: date | None
    added_on: date


class ReportOnActionItem(Command):
    """Record a report on a plan item; a report marked done closes it (§28)."""

    plan_id: UUID
    item_id: UUID
    text: Prose
    reported_on: date
    done: bool = False


class ReceivePetition(Command):
    """Record an appeal of an individual or a legal entity received by the Secretariat."""

    appellant_kind: AppellantKind
    appellant_name: Line
    subject: Prose
    received_on: date


class AssessPetition(Command):
    """Assess an appeal; unless of national importance and interethnic it is closed (§17.3)."""

    petition_id: UUID
    national_importance: bool
    interethnic_relations: bool
    assessed_on: date
    note: Prose = ""


class AssignPetition(Command):
    """Assign an accepted appeal to a responsible unit or officer (§17.3)."""

    petition_id: UUID
    assignee: Line
    assigned_on: date


class AnswerPetition(Command):
    """Record the answer to an assigned appeal (§17.3)."""

    petition_id: UUID
    summary: Prose
    answered_on: date


class EstablishRegionalAssembly(Command):
    """Record a territory's assembly (accountable to the Assembly) and the act forming it."""

    territory_code: Code
    act: ExternalAct
    established_on: date


class RecordRegionalApparatus(Command):
    """Record the apparatus (secretariat) that is a regional assembly's working body (§19)."""

    territory_code: Code
    name: Line
    act: ExternalAct
    since: date


class RecordRegionalReport(Command):
    """Record a regional assembly's report to the Assembly for a past period (§18)."""

    territory_code: Code
    period_start: date
    period_end: date
    submitted_on: date
    title: Line = ""


class CreateCommission(Command):
    """Create a commission by an act of the Secretariat, alone or with partners (§20)."""

    name: Line
    act: ExternalAct
    starts_on: date
    partners: tuple[Line, ...] = ()


class DissolveCommission(Command):
    """Dissolve a commission by an act of the Secretariat (§20)."""

    commission_id: UUID
    act: ExternalAct
    ends_on: date


class CreateWorkingGroup(Command):
    """Create an information and explanatory, expert or other working group (§25–26)."""

    kind: WorkingGroupKind | Code
    name: Line
    purpose: Prose
    act: ExternalAct
    starts_on: date


class DissolveWorkingGroup(Command):
    """Dissolve a working group by an act of the Secretariat (§26)."""

    group_id: UUID
    act: ExternalAct
    ends_on: date

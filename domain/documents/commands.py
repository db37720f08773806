"""Commands on policy documents (§31), the Concept (§32), program documents (§6), awards (§13.5).

Each command is a frozen value; its fields are its fingerprint for idempotency.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.kernel.commands import Command
from domain.kernel.text import Line, Prose
from domain.kernel.values import Act, ExternalAct


class DraftPolicyDocument(Command):
    """Record a draft the Secretariat developed, or took part in developing (§31), with how the
    Scientific Expert Council took part; `developed_by` names the developer when it is another
    body and the Secretariat participates."""

    title: Line
    act: ExternalAct
    involvement: Prose
    expert_decision_id: UUID | None = None
    developed_by: Line | None = None


class RecordCouncilDiscussion(Command):
    """Record the Council's discussion of a drafted policy document."""

    document_id: UUID
    decision_id: UUID


class RecordSessionConsideration(Command):
    """Record the Session's consideration of a policy document the Council discussed."""

    document_id: UUID
    decision_id: UUID


class SendToPresident(Command):
    """Record that the Secretariat sent a considered policy document to the President."""

    document_id: UUID
    on: date


class RecordPresidentialApproval(Command):
    """Record the President's approval of a policy document sent to him."""

    document_id: UUID
    act: ExternalAct


class WithdrawPolicyDocument(Command):
    """Record that the Secretariat withdrew a policy document before its approval."""

    document_id: UUID
    reason: Prose
    on: date


class DevelopConcept(Command):
    """Record the Concept developed on the Session's decision on conceptual approaches."""

    title: Line
    decision_id: UUID
    on: date


class SubmitConcept(Command):
    """Record the Concept's submission to the Chairman."""

    concept_id: UUID
    on: date


class ApproveConcept(Command):
    """Record that the Chairman accepted the submitted Concept and approved it."""

    concept_id: UUID
    act: ExternalAct


class ReturnConcept(Command):
    """Record that the Chairman did not accept the submitted Concept and returned it."""

    concept_id: UUID
    reason: Prose
    on: date


class ReviseConcept(Command):
    """Record the revision of a returned Concept, before it is submitted again."""

    concept_id: UUID
    summary: Prose
    on: date


class RecordConceptImplementation(Command):
    """Record a State Planning System document that implements the approved Concept."""

    concept_id: UUID
    title: Line
    reference: Line
    dated: date


class ApproveProgramDocument(Command):
    """Record a program document of the Assembly approved by the Chairman."""

    title: Line
    act: ExternalAct


class RecordProgramInstruction(Command):
    """Record the Chairman's instruction for implementing an approved program document."""

    program_id: UUID
    act: ExternalAct
    instruction: Prose


class EstablishAward(Command):
    """Record a public award established by the Council decision with id `basis`."""

    name: Line
    basis: UUID | Act


class ApproveAwardRegulations(Command):
    """Record the Council's approval of an award's regulations."""

    award_id: UUID
    decision_id: UUID
    summary: Prose


class AmendAwardRegulations(Command):
    """Record a later Council decision amending an award's regulations."""

    award_id: UUID
    decision_id: UUID
    summary: Prose

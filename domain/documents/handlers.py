"""Handlers of documents: policy documents, the Concept, program documents, awards."""

from __future__ import annotations

from uuid import UUID

from domain.documents.awards import PublicAward
from domain.documents.commands import (
    AmendAwardRegulations,
    ApproveAwardRegulations,
    ApproveConcept,
    ApproveProgramDocument,
    DevelopConcept,
    DraftPolicyDocument,
    EstablishAward,
    RecordConceptImplementation,
    RecordCouncilDiscussion,
    RecordPresidentialApproval,
    RecordProgramInstruction,
    RecordSessionConsideration,
    ReturnConcept,
    ReviseConcept,
    SendToPresident,
    SubmitConcept,
    WithdrawPolicyDocument,
)
from domain.documents.concept import DevelopmentConcept
from domain.documents.policy import PolicyDocument
from domain.documents.program import ProgramDocument
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.sittings.decisions import Decision

handlers = Handlers()

# -- §31 policy documents in interethnic and interfaith relations ---------------------------


@handlers.handles(DraftPolicyDocument)
def draft_policy_document(uow: UnitOfWork, command: DraftPolicyDocument) -> Decided:
    """Record a draft by the Secretariat, with how the Scientific Expert Council took part."""
    document_id = uow.new_id("policy_document")
    expert = (
        None
        if command.expert_decision_id is None
        else uow.get(Decision, command.expert_decision_id)
    )
    document = PolicyDocument.draft(
        document_id,
        command.title,
        command.act,
        uow.provenance,
        involvement=command.involvement,
        expert_decision=expert,
        developed_by=command.developed_by,
    )
    return Decided([document], document_id)


@handlers.handles(RecordCouncilDiscussion)
def record_council_discussion(uow: UnitOfWork, command: RecordCouncilDiscussion) -> Decided:
    """Record the Council's discussion of a drafted policy document."""
    document = uow.get(PolicyDocument, command.document_id)
    decision = decided_on_document(uow, command.decision_id, command.document_id, "discussion")
    document.record_council_discussion(decision, uow.provenance)
    return Decided([document, decision], command.document_id)


@handlers.handles(RecordSessionConsideration)
def record_session_consideration(uow: UnitOfWork, command: RecordSessionConsideration) -> Decided:
    """Record the Session's consideration of a policy document the Council discussed."""
    document = uow.get(PolicyDocument, command.document_id)
    decision = decided_on_document(uow, command.decision_id, command.document_id, "consideration")
    document.record_session_consideration(decision, uow.provenance)
    return Decided([document, decision], command.document_id)


def decided_on_document(
    uow: UnitOfWork, decision_id: UUID, document_id: UUID, use: str
) -> Decision:
    """A decision that names this document, used up by this stage of it (§31)."""
    decision = uow.get(Decision, decision_id)
    decision.require_subject("§31", document_id=document_id)
    decision.rely(f"{use} of {document_id}", document_id, uow.provenance, paragraph="§31")
    return decision


@handlers.handles(SendToPresident)
def send_to_president(uow: UnitOfWork, command: SendToPresident) -> Decided:
    """Record that the Secretariat sent a considered policy document to the President."""
    document = uow.get(PolicyDocument, command.document_id)
    document.send_to_president(command.on, uow.provenance)
    return Decided([document], command.document_id)


@handlers.handles(RecordPresidentialApproval)
def record_presidential_approval(uow: UnitOfWork, command: RecordPresidentialApproval) -> Decided:
    """Record the President's approval of a policy document sent to him."""
    document = uow.get(PolicyDocument, command.document_id)
    document.record_approval(command.act, uow.provenance)
    return Decided([document], command.document_id)


@handlers.handles(WithdrawPolicyDocument)
def withdraw_policy_document(uow: UnitOfWork, command: WithdrawPolicyDocument) -> Decided:
    """Record that the Secretariat withdrew a policy document before its approval."""
    document = uow.get(PolicyDocument, command.document_id)
    document.withdraw(command.on, command.reason, uow.provenance)
    return Decided([document], command.document_id)


# -- §32 the Development Concept ------------------------------------------------------------


@handlers.handles(DevelopConcept)
def develop_concept(uow: UnitOfWork, command: DevelopConcept) -> Decided:
    """Record the Concept developed on the Session's decision on conceptual approaches."""
    concept_id = uow.new_id("development_concept")
    approaches = uow.get(Decision, command.decision_id)
    concept = DevelopmentConcept.develop(
        concept_id, command.title, approaches, uow.provenance, developed_on=command.on
    )
    return Decided([concept], concept_id)


@handlers.handles(SubmitConcept)
def submit_concept(uow: UnitOfWork, command: SubmitConcept) -> Decided:
    """Record the Concept's submission to the Chairman."""
    concept = uow.get(DevelopmentConcept, command.concept_id)
    concept.submit(command.on, uow.provenance)
    return Decided([concept], command.concept_id)


@handlers.handles(ApproveConcept)
def approve_concept(uow: UnitOfWork, command: ApproveConcept) -> Decided:
    """Record that the Chairman accepted the submitted Concept and approved it."""
    concept = uow.get(DevelopmentConcept, command.concept_id)
    concept.approve(command.act, uow.provenance)
    return Decided([concept], command.concept_id)


@handlers.handles(ReturnConcept)
def return_concept(uow: UnitOfWork, command: ReturnConcept) -> Decided:
    """Record that the Chairman did not accept the submitted Concept and returned it."""
    concept = uow.get(DevelopmentConcept, command.concept_id)
    concept.decline(command.on, command.reason, uow.provenance)
    return Decided([concept], command.concept_id)


@handlers.handles(ReviseConcept)
def revise_concept(uow: UnitOfWork, command: ReviseConcept) -> Decided:
    """Record the revision of a returned Concept, before it is submitted again."""
    concept = uow.get(DevelopmentConcept, command.concept_id)
    concept.revise(command.on, command.summary, uow.provenance)
    return Decided([concept], command.concept_id)


@handlers.handles(RecordConceptImplementation)
def record_concept_implementation(uow: UnitOfWork, command: RecordConceptImplementation) -> Decided:
    """Record a State Planning System document that implements the approved Concept."""
    concept = uow.get(DevelopmentConcept, command.concept_id)
    concept.record_implementation(command.title, command.reference, command.dated, uow.provenance)
    return Decided([concept], command.concept_id)


# -- §6 program documents -------------------------------------------------------------------


@handlers.handles(ApproveProgramDocument)
def approve_program_document(uow: UnitOfWork, command: ApproveProgramDocument) -> Decided:
    """Record a program document of the Assembly approved by the Chairman."""
    program_id = uow.new_id("program_document")
    program = ProgramDocument.approve(program_id, command.title, command.act, uow.provenance)
    return Decided([program], program_id)


@handlers.handles(RecordProgramInstruction)
def record_program_instruction(uow: UnitOfWork, command: RecordProgramInstruction) -> Decided:
    """Record the Chairman's instruction for implementing an approved program document."""
    program = uow.get(ProgramDocument, command.program_id)
    program.instruct(command.act, command.instruction, uow.provenance)
    return Decided([program], command.program_id)


# -- §13.5 public awards --------------------------------------------------------------------


@handlers.handles(EstablishAward)
def establish_award(uow: UnitOfWork, command: EstablishAward) -> Decided:
    """Record a public award established by the Council decision with id `basis`."""
    award_id = uow.new_id("public_award")
    by = uow.get(Decision, command.basis) if isinstance(command.basis, UUID) else command.basis
    award = PublicAward.establish(award_id, command.name, by, uow.provenance)
    return Decided([award], award_id)


@handlers.handles(ApproveAwardRegulations)
def approve_award_regulations(uow: UnitOfWork, command: ApproveAwardRegulations) -> Decided:
    """Record the Council's approval of an award's regulations."""
    award = uow.get(PublicAward, command.award_id)
    award.approve_regulations(
        uow.get(Decision, command.decision_id), command.summary, uow.provenance
    )
    return Decided([award], command.award_id)


@handlers.handles(AmendAwardRegulations)
def amend_award_regulations(uow: UnitOfWork, command: AmendAwardRegulations) -> Decided:
    """Record a later Council decision amending an award's regulations."""
    award = uow.get(PublicAward, command.award_id)
    award.amend_regulations(uow.get(Decision, command.decision_id), command.summary, uow.provenance)
    return Decided([award], command.award_id)

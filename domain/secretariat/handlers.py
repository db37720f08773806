"""Handlers of the Secretariat's work: appeals (§17.3), action plans (§28), regional assemblies
(§18–19), commissions and working groups (§20, §25–26)."""

from __future__ import annotations

from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.errors import InvalidCommand
from domain.secretariat.action_plans import ActionPlan
from domain.secretariat.commands import (
    AddActionItem,
    AdoptActionPlan,
    AnswerPetition,
    AssessPetition,
    AssignPetition,
    CreateCommission,
    CreateWorkingGroup,
    DissolveCommission,
    DissolveWorkingGroup,
    EstablishRegionalAssembly,
    ReceivePetition,
    RecordRegionalApparatus,
    RecordRegionalReport,
    ReportOnActionItem,
)
from domain.secretariat.petitions import Petition
from domain.secretariat.regions import RegionalAssembly, regional_assembly_id, territory
from domain.secretariat.working_bodies import Commission, WorkingGroup
from domain.sittings.decisions import Decision

handlers = Handlers()


@handlers.handles(ReceivePetition)
def receive_petition(uow: UnitOfWork, command: ReceivePetition) -> Decided:
    """Record an appeal of an individual or a legal entity received by the Secretariat."""
    petition_id = uow.new_id("petition")
    petition = Petition.receive(
        petition_id,
        command.appellant_kind,
        command.appellant_name,
        command.subject,
        uow.provenance,
        received_on=command.received_on,
    )
    return Decided([petition], petition_id)


@handlers.handles(AssessPetition)
def assess_petition(uow: UnitOfWork, command: AssessPetition) -> Decided:
    """Assess an appeal; unless of national importance and interethnic it is closed (§17.3)."""
    petition = uow.get(Petition, command.petition_id)
    petition.assess(
        uow.provenance,
        national_importance=command.national_importance,
        interethnic_relations=command.interethnic_relations,
        assessed_on=command.assessed_on,
        note=command.note,
    )
    return Decided([petition], command.petition_id)


@handlers.handles(AssignPetition)
def assign_petition(uow: UnitOfWork, command: AssignPetition) -> Decided:
    """Assign an accepted appeal to a responsible unit or officer (§17.3)."""
    petition = uow.get(Petition, command.petition_id)
    petition.assign(command.assignee, uow.provenance, assigned_on=command.assigned_on)
    return Decided([petition], command.petition_id)


@handlers.handles(AnswerPetition)
def answer_petition(uow: UnitOfWork, command: AnswerPetition) -> Decided:
    """Record the answer to an assigned appeal (§17.3)."""
    petition = uow.get(Petition, command.petition_id)
    petition.answer_appellant(command.summary, uow.provenance, answered_on=command.answered_on)
    return Decided([petition], command.petition_id)


# -- §28: action plans ----------------------------------------------------------------------


@handlers.handles(AdoptActionPlan)
def adopt_action_plan(uow: UnitOfWork, command: AdoptActionPlan) -> Decided:
    """Adopt an action plan of the Secretariat implementing decisions or instructions (§28)."""
    plan_id = uow.new_id("action_plan")
    decisions = [uow.get(Decision, d) for d in command.decision_ids]
    plan = ActionPlan.adopt(
        plan_id,
        command.title,
        command.act,
        uow.provenance,
        decisions=decisions,
        instructions=command.instructions,
        program_documents=command.program_documents,
    )
    return Decided([plan], plan_id)


@handlers.handles(AddActionItem)
def add_action_item(uow: UnitOfWork, command: AddActionItem) -> Decided:
    """Add a measure with its responsible state body and deadline to a plan (§28)."""
    item_id = uow.new_id("action_item")
    plan = uow.get(ActionPlan, command.plan_id)
    plan.add_item(
        item_id,
        command.text,
        command.responsible,
        uow.provenance,
        deadline=command.deadline,
        added_on=command.added_on,
    )
    return Decided([plan], item_id)


@handlers.handles(ReportOnActionItem)
def report_on_action_item(uow: UnitOfWork, command: ReportOnActionItem) -> Decided:
    """Record a report on a plan item; a report marked done closes it (§28)."""
    plan = uow.get(ActionPlan, command.plan_id)
    plan.report(
        command.item_id,
        command.text,
        uow.provenance,
        reported_on=command.reported_on,
        done=command.done,
    )
    return Decided([plan], command.item_id)


# -- regional assemblies (§18-19) -----------------------------------------------------------


@handlers.handles(EstablishRegionalAssembly)
def establish_regional_assembly(uow: UnitOfWork, command: EstablishRegionalAssembly) -> Decided:
    """Record a territory's assembly (accountable to the Assembly) and the act forming it."""
    assembly_id = regional_assembly_id(territory(command.territory_code).code)
    if uow.exists(assembly_id):
        raise InvalidCommand(f"the assembly of {command.territory_code!r} is already recorded")
    assembly = RegionalAssembly.establish(
        command.territory_code, command.act, uow.provenance, established_on=command.established_on
    )
    return Decided([assembly], assembly.id)


@handlers.handles(RecordRegionalApparatus)
def record_regional_apparatus(uow: UnitOfWork, command: RecordRegionalApparatus) -> Decided:
    """Record the apparatus (secretariat) that is a regional assembly's working body (§19)."""
    assembly = uow.get(
        RegionalAssembly, regional_assembly_id(territory(command.territory_code).code)
    )
    assembly.record_apparatus(command.name, command.act, uow.provenance, since=command.since)
    return Decided([assembly], assembly.id)


@handlers.handles(RecordRegionalReport)
def record_regional_report(uow: UnitOfWork, command: RecordRegionalReport) -> Decided:
    """Record a regional assembly's report to the Assembly for a past period (§18)."""
    assembly = uow.get(
        RegionalAssembly, regional_assembly_id(territory(command.territory_code).code)
    )
    assembly.submit_report(
        command.period_start,
        command.period_end,
        uow.provenance,
        submitted_on=command.submitted_on,
        title=command.title,
    )
    return Decided([assembly], assembly.id)


# -- commissions and working groups (§20, §25-26) -------------------------------------------


@handlers.handles(CreateCommission)
def create_commission(uow: UnitOfWork, command: CreateCommission) -> Decided:
    """Create a commission by an act of the Secretariat, alone or with partners (§20)."""
    commission_id = uow.new_id("commission")
    commission = Commission.create(
        commission_id,
        command.name,
        command.act,
        uow.provenance,
        starts_on=command.starts_on,
        partners=command.partners,
    )
    return Decided([commission], commission.id)


@handlers.handles(DissolveCommission)
def dissolve_commission(uow: UnitOfWork, command: DissolveCommission) -> Decided:
    """Dissolve a commission by an act of the Secretariat (§20)."""
    commission = uow.get(Commission, command.commission_id)
    commission.dissolve(command.act, uow.provenance, ends_on=command.ends_on)
    return Decided([commission], commission.id)


@handlers.handles(CreateWorkingGroup)
def create_working_group(uow: UnitOfWork, command: CreateWorkingGroup) -> Decided:
    """Create an information and explanatory, expert or other working group (§25–26)."""
    group_id = uow.new_id("working_group")
    group = WorkingGroup.create(
        group_id,
        command.kind,
        command.name,
        command.purpose,
        command.act,
        uow.provenance,
        starts_on=command.starts_on,
    )
    return Decided([group], group.id)


@handlers.handles(DissolveWorkingGroup)
def dissolve_working_group(uow: UnitOfWork, command: DissolveWorkingGroup) -> Decided:
    """Dissolve a working group by an act of the Secretariat (§26)."""
    group = uow.get(WorkingGroup, command.group_id)
    group.dissolve(command.act, uow.provenance, ends_on=command.ends_on)
    return Decided([group], group.id)

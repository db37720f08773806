"""Handlers of the Scientific Expert Council (§21–24): meetings, elections, experts, regulations."""

from __future__ import annotations

from domain.composition.bodies import Body
from domain.composition.officers import check_officers_are_members
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.expert_council.commands import (
    ApproveExpertCouncilRegulations,
    ConveneExpertCouncilMeeting,
    ElectExpertCouncilOfficer,
    InvolveExpert,
)
from domain.expert_council.experts import (
    EXPERT_COUNCIL,
    REGULATIONS_ID,
    ExpertCouncilRegulations,
    ExpertInvolvement,
    chairman_request,
    check_electable,
)
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.errors import RuleViolation
from domain.kernel.ids import body_id, post_id
from domain.regulation.matters import Matter
from domain.regulation.policies import policies_in_force
from domain.sittings.decisions import Decision
from domain.sittings.handlers import convene

handlers = Handlers()


@handlers.handles(ConveneExpertCouncilMeeting)
def convene_expert_council_meeting(
    uow: UnitOfWork, command: ConveneExpertCouncilMeeting
) -> Decided:
    """Convene the Scientific Expert Council (the Regulation leaves who convenes it to §24)."""
    return convene(
        uow, EXPERT_COUNCIL, command.number, command.held_on, command.agenda, command.act
    )


# -- the Scientific Expert Council (§21-24) -------------------------------------------------


@handlers.handles(ElectExpertCouncilOfficer)
def elect_expert_council_officer(uow: UnitOfWork, command: ElectExpertCouncilOfficer) -> Decided:
    """Seat a member elected Chairman or deputy at a meeting of the Council (§22)."""
    holding_id = uow.new_id("holding")
    uow.require_person(command.person_id)
    decision = uow.get(Decision, command.decision_id)
    assert decision.adopted_on is not None
    elected_by = decision.require(
        EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_ELECTION, "§22", by=decision.adopted_on
    )
    decision.require_naming(command.person_id, "§22")
    decision.require_subject("§22", post=command.post)
    if any(use.startswith("leaving ") for use in decision.relied):
        raise RuleViolation("§22", f"decision {decision.number} ended an office; it elects nobody")
    decision.rely(f"election to {command.post}", holding_id, uow.provenance, paragraph="§22")
    roll = uow.get(Body, body_id(EXPERT_COUNCIL))
    check_electable(roll, command.person_id, elected_by)
    target = uow.get(Post, post_id(command.post))
    target.elect(
        holding_id, command.person_id, elected_by, uow.provenance, starts_on=elected_by.issued_on
    )
    check_officers_are_members(uow, roll, command.person_id, target)
    return Decided([target, decision], holding_id)


@handlers.handles(InvolveExpert)
def involve_expert(uow: UnitOfWork, command: InvolveExpert) -> Decided:
    """Involve a non-member expert by a Council decision or its Chairman's request (§22)."""
    involvement_id = uow.new_id("expert_involvement")
    uow.require_person(command.person_id)
    decision = None
    if command.decision_id is not None:
        decision = uow.get(Decision, command.decision_id).require(
            EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS, "§22", by=command.on
        )
    request = None
    if command.chairman_request_number is not None:
        if not policies_in_force().experts_on_chairman_request:
            raise RuleViolation(
                "§22",
                "the Scientific Expert Council involves experts; by policy, by its decision only, "
                "not at a request of its Chairman",
            )
        chairman = uow.get(Post, post_id("expert_council_chairman"))
        request = chairman_request(chairman, command.chairman_request_number, command.on)
    involvement = ExpertInvolvement.involve(
        involvement_id,
        command.person_id,
        uow.get(Person, command.person_id).full_name,
        command.area,
        uow.get(Body, body_id(EXPERT_COUNCIL)),
        uow.provenance,
        foreign=command.foreign,
        on=command.on,
        decision=decision,
        request=request,
    )
    return Decided([involvement], involvement_id)


@handlers.handles(ApproveExpertCouncilRegulations)
def approve_expert_council_regulations(
    uow: UnitOfWork, command: ApproveExpertCouncilRegulations
) -> Decided:
    """Record regulations on the Council approved by the Head of the Secretariat (§24)."""
    head = uow.get(Post, post_id("head_of_secretariat"))
    if not uow.exists(REGULATIONS_ID):
        regulations = ExpertCouncilRegulations.approve(command.act, head, uow.provenance)
    else:
        regulations = uow.get(ExpertCouncilRegulations, REGULATIONS_ID)
        regulations.replace(command.act, head, uow.provenance)
    return Decided([regulations], regulations.id)

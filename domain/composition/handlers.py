"""Handlers of the composition's commands: persons, posts, nominations, appointments, rolls."""

from __future__ import annotations

from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    DeclineNomination,
    Dismiss,
    EndMembership,
    EstablishBodies,
    NominateByDecision,
    RegisterPerson,
    SetRotationPeriod,
)
from domain.composition.officers import (
    HEAD_OF_SECRETARIAT,
    check_head_of_secretariat_in_office,
    check_officers_are_members,
    check_orders_of_the_head_stand,
)
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.composition.rotation import RotationPeriod
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import body_id, derived_id, post_id
from domain.kernel.values import Act, Authority
from domain.regulation.matters import AUTHORITY_OF_BODY, Matter
from domain.regulation.rulebook import RULEBOOKS, rulebook_on
from domain.sittings.decisions import Decision

handlers = Handlers()


@handlers.handles(EstablishBodies)
def establish(uow: UnitOfWork, command: EstablishBodies) -> Decided:
    """Establish the bodies and posts of every rulebook not yet recorded."""
    missing: list[LedgerAggregate] = []
    for rulebook in RULEBOOKS:
        for body_rule in rulebook.bodies:
            if not uow.exists(body_id(body_rule.code)):
                missing.append(
                    Body.establish(body_rule, uow.provenance, established_on=rulebook.in_force_from)
                )
        for post_rule in rulebook.posts:
            if not uow.exists(post_id(post_rule.code)):
                missing.append(
                    Post.establish(post_rule, uow.provenance, established_on=rulebook.in_force_from)
                )
    # A body or post another process established first fails the save, and the retry finds
    # nothing missing: establishing is idempotent by nature.
    return Decided(missing, body_id("assembly"))


@handlers.handles(RegisterPerson)
def register_person(uow: UnitOfWork, command: RegisterPerson) -> Decided:
    """Enter a person in the register of persons."""
    person_id = uow.new_id("person")
    person = Person.register(
        person_id,
        command.full_name,
        uow.provenance,
        registered_on=command.registered_on,
        sample=command.sample,
    )
    return Decided([person], person.id)


@handlers.handles(AssumePresidency)
def assume_presidency(uow: UnitOfWork, command: AssumePresidency) -> Decided:
    """Record that a person assumed the office of President, and so became Chairman (§5)."""
    holding_id = uow.new_id("holding")
    uow.require_person(command.person_id)
    chairman = uow.get(Post, post_id("chairman"))
    chairman.assume_chairmanship(holding_id, command.person_id, command.act, uow.provenance)
    return Decided([chairman], holding_id)


@handlers.handles(NominateByDecision)
def nominate_by_decision(uow: UnitOfWork, command: NominateByDecision) -> Decided:
    """Record a nomination the Council adopted at a meeting (§13.1, §16), cited by decision."""
    nomination_id = uow.new_id("nomination")
    uow.require_person(command.person_id)
    decision = uow.get(Decision, command.decision_id)
    assert decision.adopted_on is not None
    rule = rulebook_on(decision.adopted_on).post(command.post)
    nomination = rule.nomination
    if nomination is None:
        raise RuleViolation(rule.paragraph, f"the {rule.label} is not nominated")
    body = next(b for b, a in AUTHORITY_OF_BODY.items() if a is nomination.issuer)
    act = decision.require(body, nomination.matter, nomination.paragraph, by=decision.adopted_on)
    decision.require_naming(command.person_id, nomination.paragraph)
    target = uow.get(Post, post_id(command.post))
    target.nominate(
        nomination_id,
        command.person_id,
        act,
        uow.provenance,
        association=decision.subject.association,
    )
    # One decision supports one nomination of each person it names (§13.1, §16).
    use = f"nomination of {command.person_id} for {command.post}"
    decision.rely(use, nomination_id, uow.provenance, paragraph=nomination.paragraph)
    return Decided([target, decision], nomination_id)


@handlers.handles(DeclineNomination)
def decline_nomination(uow: UnitOfWork, command: DeclineNomination) -> Decided:
    """Record that the appointing authority did not appoint the nominee."""
    target = uow.get(Post, post_id(command.post))
    target.decline(command.nomination_id, command.reason, command.on, uow.provenance)
    return Decided([target], command.nomination_id)


@handlers.handles(Appoint)
def appoint(uow: UnitOfWork, command: Appoint) -> Decided:
    """Appoint a person to a post, with the posts held ex officio alongside it (§17)."""
    holding_id = uow.new_id("holding")
    uow.require_person(command.person_id)
    target = uow.get(Post, post_id(command.post))
    target.appoint(
        holding_id,
        command.person_id,
        command.act,
        uow.provenance,
        starts_on=command.starts_on,
        nomination_id=command.nomination_id,
        association=command.association,
    )
    changed: list[LedgerAggregate] = [target]
    source = target.holding(holding_id)
    for linked_rule in rulebook_on(command.starts_on).ex_officio_posts_of(command.post):
        linked = uow.get(Post, post_id(linked_rule.code))
        linked.take_ex_officio(
            derived_id(str(holding_id), linked_rule.code), source, uow.provenance
        )
        changed.append(linked)
    return Decided(changed, holding_id)


@handlers.handles(Dismiss)
def dismiss(uow: UnitOfWork, command: Dismiss) -> Decided:
    """End a holding by an act of the appointing authority, and what it carried ex officio."""
    target = uow.get(Post, post_id(command.post))
    changed: list[LedgerAggregate] = [target]
    act = command.act
    if (command.act is None) == (command.decision_id is None):
        raise InvalidCommand("a holding ends by an act or, for an elected officer, a decision")
    if command.decision_id is not None:
        decision = leaving_decision(uow, target, command.holding_id, command.decision_id)
        act = decision.act
        changed.append(decision)
    assert act is not None
    target.dismiss(command.holding_id, act, uow.provenance, ends_on=command.ends_on)
    if command.post == HEAD_OF_SECRETARIAT:
        check_orders_of_the_head_stand(uow, target, command.ends_on)
    source = target.holding(command.holding_id)
    for linked_rule in rulebook_on(command.ends_on).ex_officio_posts_of(command.post):
        linked = uow.get(Post, post_id(linked_rule.code))
        linked.end_ex_officio(source, act, uow.provenance, ends_on=command.ends_on)
        changed.append(linked)
    return Decided(changed, command.holding_id)


def leaving_decision(uow: UnitOfWork, post: Post, holding_id: UUID, decision_id: UUID) -> Decision:
    """The body's decision by which its elected officer leaves office (§22), naming them."""
    holder = post.holding(holding_id).person_id
    decision = uow.get(Decision, decision_id)
    if decision.body != post.body or decision.matter is not Matter.EXPERT_COUNCIL_ELECTION:
        raise RuleViolation(
            "§22", f"the {post.code} leaves office by a decision of the {post.body} on its officers"
        )
    decision.require_naming(holder, "§22")
    decision.require_subject("§22", post=post.code)
    if any(use.startswith("election to ") for use in decision.relied):
        raise RuleViolation(
            "§22", f"decision {decision.number} elected an officer; it does not also end an office"
        )
    decision.rely(f"leaving {post.code}: {holder}", holding_id, uow.provenance, paragraph="§22")
    return decision


@handlers.handles(SetRotationPeriod)
def set_rotation_period(uow: UnitOfWork, command: SetRotationPeriod) -> Decided:
    """Record the President's act setting the rotation period of the Deputy Chairmen (§16)."""
    period = RotationPeriod(length=command.length, unit=command.unit)
    deputies = uow.get(Post, post_id("deputy_chairman_ethnocultural"))
    deputies.set_rotation_period(
        command.act,
        period,
        uow.provenance,
        effective_on=command.effective_on or command.act.issued_on,
    )
    return Decided([deputies], deputies.id)


@handlers.handles(AdmitMember)
def admit_member(uow: UnitOfWork, command: AdmitMember) -> Decided:
    """Admit a person to a body by an act of its admitting authority."""
    uow.require_person(command.person_id)
    roll = uow.get(Body, body_id(command.body))
    roll.admit(command.person_id, command.act, uow.provenance, starts_on=command.starts_on)
    _check_admitting_officer(uow, command.body, command.act)
    return Decided([roll], command.person_id)


@handlers.handles(EndMembership)
def end_membership(uow: UnitOfWork, command: EndMembership) -> Decided:
    """End a person's current term in a body; an officer it elected must leave office first."""
    roll = uow.get(Body, body_id(command.body))
    roll.end_membership(command.person_id, command.act, uow.provenance, ends_on=command.ends_on)
    _check_admitting_officer(uow, command.body, command.act)
    check_officers_are_members(uow, roll, command.person_id)
    return Decided([roll], command.person_id)


def _check_admitting_officer(uow: UnitOfWork, body: str, act: Act) -> None:
    # §24: the Deputy Chairman and Head of the Secretariat sets the Scientific Expert
    # Council's composition, so an order issued while nobody holds that post sets nothing.
    rule = rulebook_on(act.issued_on).body(body)
    if rule.membership_authority is Authority.HEAD_OF_SECRETARIAT:
        check_head_of_secretariat_in_office(
            uow.get(Post, post_id(HEAD_OF_SECRETARIAT)),
            act.issued_on,
            f"order of the Head sets the composition of the {rule.name}",
        )

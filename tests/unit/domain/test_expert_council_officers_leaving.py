"""§22: an officer of the Scientific Expert Council leaves office by its own decision, and cannot
stop being a member while still in office."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Dismiss,
    EndMembership,
    RestateMembershipTerm,
    RetractMembershipTerm,
)
from domain.expert_council.commands import ElectExpertCouncilOfficer
from domain.kernel.corrections import EventRef
from domain.kernel.errors import RuleViolation
from domain.kernel.ids import body_id
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from tests.support.decisions import record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    ensure_head_of_secretariat,
    memory_ledger,
    refused,
    register,
)

SEC, CHAIRMAN = "scientific_expert_council", "expert_council_chairman"


def head_order(on: date) -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on)


def elected_chairman(ledger: Ledger) -> tuple[UUID, UUID]:
    person = register(ledger, "Sample Expert Chairman")
    ensure_head_of_secretariat(ledger, DAY)
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=head_order(DAY), starts_on=DAY), CLERK
    )
    election = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY)
    holding = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=election), CLERK
    ).subject_id
    return person, holding


def test_an_elected_chairman_leaves_office_by_a_decision_of_the_expert_council() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    leaving = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY + days(30))

    ledger.execute(
        Dismiss(post=CHAIRMAN, holding_id=holding, act=leaving, ends_on=DAY + days(30)), CLERK
    )

    assert ledger.post(CHAIRMAN).holders_on(DAY + days(30)) == []
    assert [h.person_id for h in ledger.post(CHAIRMAN).holders_on(DAY + days(29))] == [person]


def test_nobody_else_ends_an_elected_office() -> None:
    ledger = memory_ledger()
    _, holding = elected_chairman(ledger)
    later = DAY + days(30)

    for wrong in (
        decree(later),
        head_order(later),
        act(ActKind.DECISION, Authority.COUNCIL, later),
    ):
        with refused(ledger, RuleViolation, "§22"):
            ledger.execute(
                Dismiss(post=CHAIRMAN, holding_id=holding, act=wrong, ends_on=later), CLERK
            )


def test_a_member_in_office_does_not_leave_the_council_until_the_office_ends() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    later = DAY + days(30)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            EndMembership(body=SEC, person_id=person, act=head_order(later), ends_on=later), CLERK
        )
    leaving = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, later)
    ledger.execute(Dismiss(post=CHAIRMAN, holding_id=holding, act=leaving, ends_on=later), CLERK)
    ledger.execute(
        EndMembership(body=SEC, person_id=person, act=head_order(later), ends_on=later), CLERK
    )

    assert not ledger.body(SEC).member_on(person, later)


def test_a_member_whose_term_is_already_ending_is_not_elected_for_an_open_term() -> None:
    ledger = memory_ledger()
    ensure_head_of_secretariat(ledger, DAY)
    person = register(ledger, "Sample Expert Leaving")
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=head_order(DAY), starts_on=DAY), CLERK
    )
    ledger.execute(
        EndMembership(
            body=SEC, person_id=person, act=head_order(DAY + days(30)), ends_on=DAY + days(30)
        ),
        CLERK,
    )
    election = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY + days(10))

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=election), CLERK
        )


def test_a_correction_cannot_leave_an_officer_outside_the_council() -> None:
    ledger = memory_ledger()
    person, _ = elected_chairman(ledger)
    (term,) = ledger.body(SEC).terms_of(person)
    ref = EventRef(originator_id=body_id(SEC), originator_version=term.recorded_in)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            RestateMembershipTerm(
                body=SEC,
                person_id=person,
                corrects=ref,
                reason="left earlier",
                starts_on=DAY,
                ends_on=DAY + days(5),
            ),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            RetractMembershipTerm(body=SEC, person_id=person, corrects=ref, reason="never joined"),
            CLERK,
        )

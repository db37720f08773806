"""§22: an officer of the Scientific Expert Council leaves office by its own decision, and cannot
stop being a member while still in office."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import Ledger
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
    ledger.admit_member(SEC, person, head_order(DAY), CLERK, starts_on=DAY)
    election = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY)
    holding = ledger.elect_expert_council_officer(CHAIRMAN, person, election, CLERK).subject_id
    return person, holding


def test_an_elected_chairman_leaves_office_by_a_decision_of_the_expert_council() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    leaving = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY + days(30))

    ledger.dismiss(CHAIRMAN, holding, leaving, CLERK, ends_on=DAY + days(30))

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
            ledger.dismiss(CHAIRMAN, holding, wrong, CLERK, ends_on=later)


def test_a_member_in_office_does_not_leave_the_council_until_the_office_ends() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    later = DAY + days(30)

    with refused(ledger, RuleViolation, "§22"):
        ledger.end_membership(SEC, person, head_order(later), CLERK, ends_on=later)
    leaving = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, later)
    ledger.dismiss(CHAIRMAN, holding, leaving, CLERK, ends_on=later)
    ledger.end_membership(SEC, person, head_order(later), CLERK, ends_on=later)

    assert not ledger.body(SEC).member_on(person, later)


def test_a_member_whose_term_is_already_ending_is_not_elected_for_an_open_term() -> None:
    ledger = memory_ledger()
    ensure_head_of_secretariat(ledger, DAY)
    person = register(ledger, "Sample Expert Leaving")
    ledger.admit_member(SEC, person, head_order(DAY), CLERK, starts_on=DAY)
    ledger.end_membership(SEC, person, head_order(DAY + days(30)), CLERK, ends_on=DAY + days(30))
    election = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY + days(10))

    with refused(ledger, RuleViolation, "§22"):
        ledger.elect_expert_council_officer(CHAIRMAN, person, election, CLERK)


def test_a_correction_cannot_leave_an_officer_outside_the_council() -> None:
    ledger = memory_ledger()
    person, _ = elected_chairman(ledger)
    (term,) = ledger.body(SEC).terms_of(person)
    ref = EventRef(originator_id=body_id(SEC), originator_version=term.recorded_in)

    with refused(ledger, RuleViolation, "§22"):
        ledger.restate_membership_term(
            SEC, person, ref, "left earlier", CLERK, starts_on=DAY, ends_on=DAY + days(5)
        )
    with refused(ledger, RuleViolation, "§22"):
        ledger.retract_membership_term(SEC, person, ref, "never joined", CLERK)

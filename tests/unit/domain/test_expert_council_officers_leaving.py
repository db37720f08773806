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
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import body_id
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
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
DEPUTY = "expert_council_deputy_chairman"


def head_order(on: date) -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on)


def on_officer(
    ledger: Ledger, person: UUID, on: date, post: str = CHAIRMAN, body: str = SEC
) -> UUID:
    """A decision of `body` on the Council's officers, adopted on `on`, naming `person` and
    `post` (§22: an election, or a decision that the officer leaves)."""
    subject = Subject(persons=(person,), post=post)
    return record_decision(ledger, body, Matter.EXPERT_COUNCIL_ELECTION, on, subject=subject)


def elected_chairman(ledger: Ledger) -> tuple[UUID, UUID]:
    person = register(ledger, "Sample Expert Chairman")
    ensure_head_of_secretariat(ledger, DAY)
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=head_order(DAY), starts_on=DAY), CLERK
    )
    election = on_officer(ledger, person, DAY)
    holding = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=election), CLERK
    ).subject_id
    return person, holding


def test_an_elected_chairman_leaves_office_by_a_decision_of_the_expert_council() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    leaving = on_officer(ledger, person, DAY + days(30))

    ledger.execute(
        Dismiss(post=CHAIRMAN, holding_id=holding, decision_id=leaving, ends_on=DAY + days(30)),
        CLERK,
    )

    assert ledger.post(CHAIRMAN).holders_on(DAY + days(30)) == []
    assert [h.person_id for h in ledger.post(CHAIRMAN).holders_on(DAY + days(29))] == [person]
    assert ledger.post(CHAIRMAN).holding(holding).ended_by == ledger.decision(leaving).act
    assert list(ledger.decision(leaving).relied.values()) == [holding]


def test_nobody_else_ends_an_elected_office() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    later = DAY + days(30)
    other = register(ledger, "Sample Expert Other")

    for wrong in (decree(later), head_order(later)):
        with refused(ledger, RuleViolation, "§22"):
            ledger.execute(
                Dismiss(post=CHAIRMAN, holding_id=holding, act=wrong, ends_on=later), CLERK
            )
    not_its_own = (
        on_officer(ledger, person, later, body="council"),  # another body's decision
        record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_BUSINESS, later),  # another matter
        on_officer(ledger, other, later),  # naming another person
        on_officer(ledger, person, later, post=DEPUTY),  # on another post
    )
    for decision in not_its_own:
        with refused(ledger, RuleViolation, "§22"):
            ledger.execute(
                Dismiss(post=CHAIRMAN, holding_id=holding, decision_id=decision, ends_on=later),
                CLERK,
            )


def test_an_elected_office_ends_by_the_decision_alone() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    later = DAY + days(30)
    leaving = on_officer(ledger, person, later)

    for command in (
        Dismiss(post=CHAIRMAN, holding_id=holding, ends_on=later),
        Dismiss(
            post=CHAIRMAN,
            holding_id=holding,
            act=head_order(later),
            decision_id=leaving,
            ends_on=later,
        ),
    ):
        with refused(ledger, InvalidCommand):
            ledger.execute(command, CLERK)


def test_a_member_in_office_does_not_leave_the_council_until_the_office_ends() -> None:
    ledger = memory_ledger()
    person, holding = elected_chairman(ledger)
    later = DAY + days(30)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            EndMembership(body=SEC, person_id=person, act=head_order(later), ends_on=later), CLERK
        )
    leaving = on_officer(ledger, person, later)
    ledger.execute(
        Dismiss(post=CHAIRMAN, holding_id=holding, decision_id=leaving, ends_on=later), CLERK
    )
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
    election = on_officer(ledger, person, DAY + days(10))

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


def test_the_decision_that_elected_an_officer_does_not_also_end_the_office() -> None:
    """§22: "The Chairman ... and his deputies shall be elected at a meeting"; the decision that
    elected him is used up by the election, and ending the office rests on another decision."""
    ledger = memory_ledger()
    person = register(ledger, "Sample Expert Chairman")
    ensure_head_of_secretariat(ledger, DAY)
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=head_order(DAY), starts_on=DAY), CLERK
    )
    election = on_officer(ledger, person, DAY)
    holding = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=election), CLERK
    ).subject_id

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            Dismiss(
                post=CHAIRMAN, holding_id=holding, decision_id=election, ends_on=DAY + days(30)
            ),
            CLERK,
        )

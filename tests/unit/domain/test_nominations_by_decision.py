"""Nominations adopted as Council decisions at a meeting (§13.1, §16), cited by the decision."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from domain.application import Ledger
from domain.composition.commands import Appoint, DeclineNomination, NominateByDecision
from domain.kernel.errors import NotFound, RuleViolation
from domain.kernel.values import ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from domain.sittings.commands import PutMotion
from domain.sittings.decisions import Decision
from tests.support.decisions import nominate, record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    memory_ledger,
    order,
    refused,
    register,
)
from tests.support.sittings import attend, convene, seat_members


def test_a_council_decision_on_senate_candidates_nominates_a_senator() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Rho")
    decision = record_decision(
        ledger, "council", Matter.SENATE_CANDIDATES, DAY, subject=Subject(persons=(person,))
    )

    ledger.execute(
        NominateByDecision(post="senator", person_id=person, decision_id=decision), CLERK
    )
    ledger.execute(
        Appoint(
            post="senator", person_id=person, act=decree(DAY + days(1)), starts_on=DAY + days(1)
        ),
        CLERK,
    )

    (holding,) = ledger.post("senator").holders_on(DAY + days(1))
    nominee = ledger.post("senator").nominees[holding.nomination_id]  # type: ignore[index]
    assert nominee.act.kind is ActKind.DECISION
    assert nominee.act.issuer is Authority.COUNCIL


def test_a_council_decision_on_recommendations_nominates_an_ethnocultural_deputy() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Sigma")
    decision = record_decision(
        ledger,
        "council",
        Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,
        DAY,
        subject=Subject(persons=(person,), association="Sample Cultural Centre"),
    )

    ledger.execute(
        NominateByDecision(
            post="deputy_chairman_ethnocultural", person_id=person, decision_id=decision
        ),
        CLERK,
    )
    ledger.execute(
        Appoint(
            post="deputy_chairman_ethnocultural",
            person_id=person,
            act=order(DAY),
            starts_on=DAY,
            association="Sample Cultural Centre",
        ),
        CLERK,
    )

    assert [h.person_id for h in ledger.post("deputy_chairman_ethnocultural").holders_on(DAY)] == [
        person
    ]


def test_a_decision_on_another_matter_or_of_another_body_does_not_nominate() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Candidate Tau")
    other_matter = record_decision(ledger, "council", Matter.PUBLIC_AWARDS, DAY)
    session = record_decision(ledger, "assembly", Matter.SESSION_BUSINESS, DAY)
    deputies = record_decision(ledger, "council", Matter.DEPUTY_CHAIRMAN_RECOMMENDATION, DAY)

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            NominateByDecision(post="senator", person_id=person, decision_id=other_matter), CLERK
        )
    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            NominateByDecision(post="senator", person_id=person, decision_id=session), CLERK
        )
    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            NominateByDecision(post="senator", person_id=person, decision_id=deputies), CLERK
        )
    with refused(ledger, NotFound):
        ledger.execute(
            NominateByDecision(post="senator", person_id=person, decision_id=uuid4()), CLERK
        )


def test_a_decision_act_given_bare_is_not_an_act_any_command_accepts() -> None:
    """An act of the Council is its decision at a recorded sitting, never a typed act."""
    person = uuid4()

    for kind in (ActKind.DECISION, ActKind.PROPOSAL, ActKind.RECOMMENDATION):
        for issuer in (Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL):
            with pytest.raises(ValidationError, match="recorded sitting"):
                Appoint(post="senator", person_id=person, act=act(kind, issuer, DAY), starts_on=DAY)


def _candidates(ledger: Ledger, *persons: UUID) -> UUID:
    subject = Subject(persons=persons)
    return record_decision(ledger, "council", Matter.SENATE_CANDIDATES, DAY, subject=subject)


def test_a_decision_nominates_only_the_persons_it_names() -> None:
    """§13.1: the Council makes "proposals on five candidates"; it proposes whom it names."""
    ledger = memory_ledger()
    named, other = register(ledger, "Sample Candidate Phi"), register(ledger, "Sample Other Chi")
    decision = _candidates(ledger, named)

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            NominateByDecision(post="senator", person_id=other, decision_id=decision), CLERK
        )
    ledger.execute(NominateByDecision(post="senator", person_id=named, decision_id=decision), CLERK)


def test_one_decision_cannot_nominate_more_than_five_persons() -> None:
    """§5.4 "appoint five deputies of the Senate"; §13.1 "proposals on five candidates"."""
    ledger = memory_ledger()
    persons = [register(ledger, f"Sample Candidate {n}") for n in range(6)]
    sitting = convene(ledger, "council", DAY, (Matter.SENATE_CANDIDATES,))
    members = seat_members(ledger, "council", 3, DAY)
    attend(ledger, sitting, members)

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            PutMotion(
                sitting_id=sitting,
                item=1,
                title="Sample proposal of six",
                subject=Subject(persons=tuple(persons)),
            ),
            CLERK,
        )
    ledger.execute(
        PutMotion(
            sitting_id=sitting,
            item=1,
            title="Sample proposal of five",
            subject=Subject(persons=tuple(persons[:5])),
        ),
        CLERK,
    )


def test_a_decision_supports_one_nomination_of_each_person_it_names() -> None:
    """A decision that supports one act (a proposal) is used up by it."""
    ledger = memory_ledger()
    alpha, beta = register(ledger, "Sample Candidate Alpha"), register(ledger, "Sample Beta")
    decision = _candidates(ledger, alpha, beta)
    first = ledger.execute(
        NominateByDecision(post="senator", person_id=alpha, decision_id=decision), CLERK
    ).subject_id
    ledger.execute(
        DeclineNomination(post="senator", nomination_id=first, reason="Sample refusal", on=DAY),
        CLERK,
    )

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            NominateByDecision(post="senator", person_id=alpha, decision_id=decision), CLERK
        )
    ledger.execute(NominateByDecision(post="senator", person_id=beta, decision_id=decision), CLERK)

    assert ledger.load(Decision, decision).relied.keys() == {
        f"nomination of {alpha} for senator",
        f"nomination of {beta} for senator",
    }


def test_a_recommended_deputy_is_appointed_from_the_association_the_council_named() -> None:
    """§16: the Deputy Chairmen "from ethnocultural associations" are appointed "based on the
    recommendation of the Council"."""
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Psi")
    nominate(ledger, "deputy_chairman_ethnocultural", person, DAY, association="Sample Centre A")

    with refused(ledger, RuleViolation, "§16"):
        ledger.execute(
            Appoint(
                post="deputy_chairman_ethnocultural",
                person_id=person,
                act=order(DAY),
                starts_on=DAY,
                association="Sample Centre B",
            ),
            CLERK,
        )


def test_a_recommendation_names_one_person_and_the_association() -> None:
    ledger = memory_ledger()
    alpha, beta = register(ledger, "Sample Deputy Alpha"), register(ledger, "Sample Deputy Beta")
    sitting = convene(ledger, "council", DAY, (Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,))
    attend(ledger, sitting, seat_members(ledger, "council", 3, DAY))

    for subject in (
        Subject(persons=(alpha, beta), association="Sample Centre"),
        Subject(persons=(alpha,)),
    ):
        with refused(ledger, RuleViolation, "§16"):
            ledger.execute(
                PutMotion(sitting_id=sitting, item=1, title="Sample", subject=subject), CLERK
            )

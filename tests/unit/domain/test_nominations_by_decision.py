"""Nominations adopted as Council decisions at a meeting (§13.1, §16), cited by the decision."""

from __future__ import annotations

from uuid import uuid4

from domain.composition.commands import Appoint, Nominate, NominateByDecision
from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.values import ActKind, Authority
from domain.regulation.matters import Matter
from tests.support.decisions import record_decision
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


def test_a_council_decision_on_senate_candidates_nominates_a_senator() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Rho")
    decision = record_decision(ledger, "council", Matter.SENATE_CANDIDATES, DAY)

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
    decision = record_decision(ledger, "council", Matter.DEPUTY_CHAIRMAN_RECOMMENDATION, DAY)

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


def test_a_decision_act_given_bare_is_not_a_nomination() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Candidate Upsilon")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Nominate(
                post="senator", person_id=person, act=act(ActKind.DECISION, Authority.COUNCIL, DAY)
            ),
            CLERK,
        )

"""§16, §17: two ethnocultural Deputy Chairmen by order on recommendation; the Head ex officio."""

from __future__ import annotations

from uuid import UUID

import pytest
from pydantic import ValidationError

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, NominateByDecision
from domain.kernel.errors import RuleViolation
from domain.kernel.values import ActKind, Authority
from tests.support.decisions import nominate, nomination_decision
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    memory_ledger,
    order,
    position,
    refused,
    register,
)

ASSOCIATION = "Sample Ethnocultural Association Alpha"
EX_OFFICIO = "deputy_chairman_head_of_secretariat"


def _recommended(ledger: Ledger, name: str) -> UUID:
    person = register(ledger, name)
    nominate(ledger, "deputy_chairman_ethnocultural", person, DAY, association=ASSOCIATION)
    return person


def _appoint_deputy(ledger: Ledger, person: UUID, association: str | None = ASSOCIATION) -> UUID:
    return ledger.execute(
        Appoint(
            post="deputy_chairman_ethnocultural",
            person_id=person,
            act=order(DAY),
            starts_on=DAY,
            association=association,
        ),
        CLERK,
    ).subject_id


def test_an_ethnocultural_deputy_is_appointed_by_order_on_the_councils_recommendation() -> None:
    ledger = memory_ledger()
    person = _recommended(ledger, "Sample Deputy Alpha")

    holding = _appoint_deputy(ledger, person, association=f"  {ASSOCIATION} ")

    deputy = ledger.post("deputy_chairman_ethnocultural").holding(holding)
    assert deputy.person_id == person
    assert deputy.association == ASSOCIATION


def test_an_ethnocultural_deputy_appointed_by_decree_is_refused() -> None:
    ledger = memory_ledger()
    person = _recommended(ledger, "Sample Deputy Alpha")

    with refused(ledger, RuleViolation, "§16"):
        ledger.execute(
            Appoint(
                post="deputy_chairman_ethnocultural",
                person_id=person,
                act=decree(DAY),
                starts_on=DAY,
                association=ASSOCIATION,
            ),
            CLERK,
        )


def test_an_ethnocultural_deputy_needs_a_prior_recommendation_of_the_council() -> None:
    ledger = memory_ledger()
    unrecommended = register(ledger, "Sample Deputy Alpha")
    with refused(ledger, RuleViolation, "§16"):
        _appoint_deputy(ledger, unrecommended)

    late = register(ledger, "Sample Deputy Beta")
    nominate(ledger, "deputy_chairman_ethnocultural", late, DAY + days(1), association=ASSOCIATION)
    with refused(ledger, RuleViolation, "§16"):
        _appoint_deputy(ledger, late)


def test_an_order_signed_before_the_recommendation_is_refused() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Alpha")
    recommended_on = DAY + days(2)
    nominate(
        ledger, "deputy_chairman_ethnocultural", person, recommended_on, association=ASSOCIATION
    )

    with refused(ledger, RuleViolation, "§16"):
        ledger.execute(
            Appoint(
                post="deputy_chairman_ethnocultural",
                person_id=person,
                act=order(DAY),
                starts_on=DAY + days(5),
                association=ASSOCIATION,
            ),
            CLERK,
        )


def test_a_council_proposal_is_not_a_recommendation_for_a_deputy() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Alpha")
    # The Council's decision on Senate candidates (§13.1) naming the person, not a recommendation.
    proposal = nomination_decision(ledger, "senator", person, DAY)

    with refused(ledger, RuleViolation, "§16"):
        ledger.execute(
            NominateByDecision(
                post="deputy_chairman_ethnocultural", person_id=person, decision_id=proposal
            ),
            CLERK,
        )


def test_an_ethnocultural_deputy_must_name_the_association() -> None:
    ledger = memory_ledger()
    person = _recommended(ledger, "Sample Deputy Alpha")

    for missing in (None, "", "   "):
        with refused(ledger, RuleViolation, "§16"):
            _appoint_deputy(ledger, person, association=missing)


def test_there_are_two_ethnocultural_deputies_and_a_third_is_refused() -> None:
    ledger = memory_ledger()
    first = _appoint_deputy(ledger, _recommended(ledger, "Sample Deputy Alpha"))
    _appoint_deputy(ledger, _recommended(ledger, "Sample Deputy Beta"))
    third = _recommended(ledger, "Sample Deputy Gamma")

    with refused(ledger, RuleViolation, "§16"):
        _appoint_deputy(ledger, third)

    rotated = DAY + days(90)
    ledger.execute(
        Dismiss(
            post="deputy_chairman_ethnocultural",
            holding_id=first,
            act=order(rotated),
            ends_on=rotated,
        ),
        CLERK,
    )
    ledger.execute(
        Appoint(
            post="deputy_chairman_ethnocultural",
            person_id=third,
            act=order(rotated),
            starts_on=rotated,
            association=ASSOCIATION,
        ),
        CLERK,
    )
    holders = ledger.post("deputy_chairman_ethnocultural").holders_on(rotated)
    assert third in [h.person_id for h in holders]
    assert len(holders) == 2


def test_an_ethnocultural_deputy_is_dismissed_only_by_order_of_the_president() -> None:
    ledger = memory_ledger()
    holding = _appoint_deputy(ledger, _recommended(ledger, "Sample Deputy Alpha"))
    ends = DAY + days(30)

    with refused(ledger, RuleViolation, "§16"):
        by_the_head = act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, ends)
        ledger.execute(
            Dismiss(
                post="deputy_chairman_ethnocultural",
                holding_id=holding,
                act=by_the_head,
                ends_on=ends,
            ),
            CLERK,
        )
    with pytest.raises(ValidationError, match="recorded sitting"):
        Dismiss(
            post="deputy_chairman_ethnocultural",
            holding_id=holding,
            act=act(ActKind.ORDER, Authority.COUNCIL, ends),
            ends_on=ends,
        )
    with refused(ledger, RuleViolation, "§16"):
        ledger.execute(
            Dismiss(
                post="deputy_chairman_ethnocultural",
                holding_id=holding,
                act=decree(ends),
                ends_on=ends,
            ),
            CLERK,
        )

    ledger.execute(
        Dismiss(
            post="deputy_chairman_ethnocultural", holding_id=holding, act=order(ends), ends_on=ends
        ),
        CLERK,
    )
    assert ledger.post("deputy_chairman_ethnocultural").holders_on(ends) == []


def test_the_head_of_the_secretariat_is_deputy_chairman_ex_officio_in_one_transaction() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    before = position(ledger)

    recorded = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    )

    assert position(ledger) == before + 2  # the Head's event and the ex officio event, together
    assert recorded.position == before + 2
    [deputy] = ledger.post(EX_OFFICIO).holders_on(DAY)
    assert deputy.person_id == head
    assert deputy.ex_officio_of == recorded.subject_id
    assert deputy.tenure.start == DAY
    assert ledger.post(EX_OFFICIO).holders_on(DAY - days(1)) == []


def test_the_ex_officio_deputy_chairman_cannot_be_appointed_directly() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")

    for attempt in (decree(DAY), order(DAY)):
        with refused(ledger, RuleViolation, "§17"):
            ledger.execute(
                Appoint(post=EX_OFFICIO, person_id=person, act=attempt, starts_on=DAY), CLERK
            )


def test_dismissing_the_head_ends_the_ex_officio_deputy_chairmanship_the_same_day() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    holding = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    )
    ends = DAY + days(100)

    ledger.execute(
        Dismiss(
            post="head_of_secretariat",
            holding_id=holding.subject_id,
            act=decree(ends),
            ends_on=ends,
        ),
        CLERK,
    )

    deputy = ledger.post(EX_OFFICIO)
    assert [h.person_id for h in deputy.holders_on(ends - days(1))] == [head]
    assert deputy.holders_on(ends) == []
    assert ledger.post("head_of_secretariat").holders_on(ends) == []


def test_the_ex_officio_deputy_chairmanship_cannot_be_dismissed_directly() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    )
    [deputy] = ledger.post(EX_OFFICIO).holders_on(DAY)
    ends = DAY + days(10)

    with refused(ledger, RuleViolation, "§17"):
        ledger.execute(
            Dismiss(post=EX_OFFICIO, holding_id=deputy.holding_id, act=decree(ends), ends_on=ends),
            CLERK,
        )
    assert ledger.post(EX_OFFICIO).holding(deputy.holding_id).tenure.end is None


def test_a_second_head_while_one_sits_is_refused_and_a_successor_takes_both_posts() -> None:
    ledger = memory_ledger()
    first = register(ledger, "Sample Head Alpha")
    second = register(ledger, "Sample Head Beta")
    holding = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=first, act=decree(DAY), starts_on=DAY), CLERK
    )
    handover = DAY + days(50)

    with refused(ledger, RuleViolation, "§17"):
        ledger.execute(
            Appoint(
                post="head_of_secretariat", person_id=second, act=decree(DAY), starts_on=handover
            ),
            CLERK,
        )

    ledger.execute(
        Dismiss(
            post="head_of_secretariat",
            holding_id=holding.subject_id,
            act=decree(handover),
            ends_on=handover,
        ),
        CLERK,
    )
    ledger.execute(
        Appoint(
            post="head_of_secretariat", person_id=second, act=decree(handover), starts_on=handover
        ),
        CLERK,
    )
    assert [h.person_id for h in ledger.post(EX_OFFICIO).holders_on(handover)] == [second]
    assert [h.person_id for h in ledger.post(EX_OFFICIO).holders_on(handover - days(1))] == [first]

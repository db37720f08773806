"""§16, §17: two ethnocultural Deputy Chairmen by order on recommendation; the Head ex officio."""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.kernel.errors import RuleViolation
from domain.kernel.values import ActKind, Authority
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    council_proposal,
    council_recommendation,
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
    ledger.nominate("deputy_chairman_ethnocultural", person, council_recommendation(DAY), CLERK)
    return person


def _appoint_deputy(ledger: Ledger, person: UUID, association: str | None = ASSOCIATION) -> UUID:
    return ledger.appoint(
        "deputy_chairman_ethnocultural",
        person,
        order(DAY),
        CLERK,
        starts_on=DAY,
        association=association,
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
        ledger.appoint(
            "deputy_chairman_ethnocultural",
            person,
            decree(DAY),
            CLERK,
            starts_on=DAY,
            association=ASSOCIATION,
        )


def test_an_ethnocultural_deputy_needs_a_prior_recommendation_of_the_council() -> None:
    ledger = memory_ledger()
    unrecommended = register(ledger, "Sample Deputy Alpha")
    with refused(ledger, RuleViolation, "§16"):
        _appoint_deputy(ledger, unrecommended)

    late = register(ledger, "Sample Deputy Beta")
    ledger.nominate(
        "deputy_chairman_ethnocultural", late, council_recommendation(DAY + days(1)), CLERK
    )
    with refused(ledger, RuleViolation, "§16"):
        _appoint_deputy(ledger, late)


def test_an_order_signed_before_the_recommendation_is_refused() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Alpha")
    recommended_on = DAY + days(2)
    ledger.nominate(
        "deputy_chairman_ethnocultural", person, council_recommendation(recommended_on), CLERK
    )

    with refused(ledger, RuleViolation, "§16"):
        ledger.appoint(
            "deputy_chairman_ethnocultural",
            person,
            order(DAY),
            CLERK,
            starts_on=DAY + days(5),
            association=ASSOCIATION,
        )


def test_a_council_proposal_is_not_a_recommendation_for_a_deputy() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Deputy Alpha")

    with refused(ledger, RuleViolation, "§16"):
        ledger.nominate("deputy_chairman_ethnocultural", person, council_proposal(DAY), CLERK)


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
    ledger.dismiss("deputy_chairman_ethnocultural", first, order(rotated), CLERK, ends_on=rotated)
    ledger.appoint(
        "deputy_chairman_ethnocultural",
        third,
        order(rotated),
        CLERK,
        starts_on=rotated,
        association=ASSOCIATION,
    )
    holders = ledger.post("deputy_chairman_ethnocultural").holders_on(rotated)
    assert third in [h.person_id for h in holders]
    assert len(holders) == 2


def test_an_ethnocultural_deputy_is_dismissed_only_by_order_of_the_president() -> None:
    ledger = memory_ledger()
    holding = _appoint_deputy(ledger, _recommended(ledger, "Sample Deputy Alpha"))
    ends = DAY + days(30)

    with refused(ledger, RuleViolation, "§5"):
        by_council = act(ActKind.ORDER, Authority.COUNCIL, ends)
        ledger.dismiss("deputy_chairman_ethnocultural", holding, by_council, CLERK, ends_on=ends)
    with refused(ledger, RuleViolation, "§16"):
        ledger.dismiss("deputy_chairman_ethnocultural", holding, decree(ends), CLERK, ends_on=ends)

    ledger.dismiss("deputy_chairman_ethnocultural", holding, order(ends), CLERK, ends_on=ends)
    assert ledger.post("deputy_chairman_ethnocultural").holders_on(ends) == []


def test_the_head_of_the_secretariat_is_deputy_chairman_ex_officio_in_one_transaction() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    before = position(ledger)

    recorded = ledger.appoint("head_of_secretariat", head, decree(DAY), CLERK, starts_on=DAY)

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
            ledger.appoint(EX_OFFICIO, person, attempt, CLERK, starts_on=DAY)


def test_dismissing_the_head_ends_the_ex_officio_deputy_chairmanship_the_same_day() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    holding = ledger.appoint("head_of_secretariat", head, decree(DAY), CLERK, starts_on=DAY)
    ends = DAY + days(100)

    ledger.dismiss("head_of_secretariat", holding.subject_id, decree(ends), CLERK, ends_on=ends)

    deputy = ledger.post(EX_OFFICIO)
    assert [h.person_id for h in deputy.holders_on(ends - days(1))] == [head]
    assert deputy.holders_on(ends) == []
    assert ledger.post("head_of_secretariat").holders_on(ends) == []


def test_the_ex_officio_deputy_chairmanship_cannot_be_dismissed_directly() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")
    ledger.appoint("head_of_secretariat", head, decree(DAY), CLERK, starts_on=DAY)
    [deputy] = ledger.post(EX_OFFICIO).holders_on(DAY)
    ends = DAY + days(10)

    with refused(ledger, RuleViolation, "§17"):
        ledger.dismiss(EX_OFFICIO, deputy.holding_id, decree(ends), CLERK, ends_on=ends)
    assert ledger.post(EX_OFFICIO).holding(deputy.holding_id).tenure.end is None


def test_a_second_head_while_one_sits_is_refused_and_a_successor_takes_both_posts() -> None:
    ledger = memory_ledger()
    first = register(ledger, "Sample Head Alpha")
    second = register(ledger, "Sample Head Beta")
    holding = ledger.appoint("head_of_secretariat", first, decree(DAY), CLERK, starts_on=DAY)
    handover = DAY + days(50)

    with refused(ledger, RuleViolation, "§17"):
        ledger.appoint("head_of_secretariat", second, decree(DAY), CLERK, starts_on=handover)

    ledger.dismiss(
        "head_of_secretariat", holding.subject_id, decree(handover), CLERK, ends_on=handover
    )
    ledger.appoint("head_of_secretariat", second, decree(handover), CLERK, starts_on=handover)
    assert [h.person_id for h in ledger.post(EX_OFFICIO).holders_on(handover)] == [second]
    assert [h.person_id for h in ledger.post(EX_OFFICIO).holders_on(handover - days(1))] == [first]

"""§5.4, §13.1: five Senate deputies, each appointed by decree on a prior Council proposal."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.composition.commands import Appoint, DeclineNomination, Dismiss, NominateByDecision
from domain.composition.seats import NominationStatus
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.values import ActKind, Authority
from domain.regulation.matters import Matter
from tests.support.decisions import nominate, nomination_decision, record_decision
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
    seat_senator,
)


def test_a_senator_is_appointed_on_a_council_proposal_made_the_same_day() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nomination = nominate(ledger, "senator", person, DAY)

    holding = ledger.execute(
        Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id

    senator = ledger.post("senator")
    assert senator.holding(holding).nomination_id == nomination
    assert senator.nominees[nomination].status is NominationStatus.APPOINTED
    assert [h.person_id for h in senator.holders_on(DAY)] == [person]


def test_a_senator_is_appointed_on_a_proposal_made_days_before() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY - days(1))

    ledger.execute(Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), CLERK)

    assert len(ledger.post("senator").holders_on(DAY)) == 1


def test_a_senator_without_a_council_proposal_is_refused() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
        )


def test_a_proposal_dated_after_the_appointment_date_does_not_support_it() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY + days(1))

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
        )


def test_a_proposal_naming_someone_else_does_not_support_the_appointment() -> None:
    ledger = memory_ledger()
    proposed = register(ledger, "Sample Senator Alpha")
    other = register(ledger, "Sample Person Beta")
    nomination = nominate(ledger, "senator", proposed, DAY)

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=other, act=decree(DAY), starts_on=DAY), CLERK
        )
    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(
                post="senator",
                person_id=other,
                act=decree(DAY),
                starts_on=DAY,
                nomination_id=nomination,
            ),
            CLERK,
        )


def test_only_a_proposal_of_the_council_nominates_a_senator() -> None:
    """§13.1: "making proposals on five candidates for deputies of the Senate"."""
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    recommendation = nomination_decision(ledger, "deputy_chairman_ethnocultural", person, DAY)
    session = record_decision(
        ledger,
        "assembly",
        Matter.SESSION_BUSINESS,
        DAY,
    )

    for decision in (recommendation, session):
        with refused(ledger, RuleViolation, "§13.1"):
            ledger.execute(
                NominateByDecision(post="senator", person_id=person, decision_id=decision), CLERK
            )
    with pytest.raises(ValidationError, match="recorded sitting"):
        Appoint(
            post="senator",
            person_id=person,
            act=act(ActKind.PROPOSAL, Authority.COUNCIL, DAY),
            starts_on=DAY,
        )


def test_a_person_has_at_most_one_pending_proposal() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY)
    nomination_decision(ledger, "senator", person, DAY + days(1), number="2")

    with refused(ledger, InvalidCommand):
        nominate(ledger, "senator", person, DAY + days(1), number="2")


def test_a_used_proposal_does_not_support_a_second_appointment() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    person = ledger.post("senator").holding(holding).person_id
    later = DAY + days(60)
    ledger.execute(
        Dismiss(post="senator", holding_id=holding, act=decree(later), ends_on=later), CLERK
    )

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(later), starts_on=later), CLERK
        )

    nominate(ledger, "senator", person, later, number="2")
    ledger.execute(
        Appoint(post="senator", person_id=person, act=decree(later), starts_on=later), CLERK
    )
    assert [h.person_id for h in ledger.post("senator").holders_on(later)] == [person]


def test_a_declined_proposal_no_longer_supports_an_appointment() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nomination = nominate(ledger, "senator", person, DAY)

    with refused(ledger, InvalidCommand):
        ledger.execute(
            DeclineNomination(
                post="senator", nomination_id=nomination, reason="Sample reason", on=DAY - days(1)
            ),
            CLERK,
        )
    ledger.execute(
        DeclineNomination(post="senator", nomination_id=nomination, reason="Sample reason", on=DAY),
        CLERK,
    )

    assert ledger.post("senator").nominees[nomination].status is NominationStatus.DECLINED
    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            DeclineNomination(
                post="senator", nomination_id=nomination, reason="Sample reason", on=DAY
            ),
            CLERK,
        )


def test_senators_are_appointed_by_decree_of_the_president_only() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY)

    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=order(DAY), starts_on=DAY), CLERK
        )
    with refused(ledger, RuleViolation, "§5.4"):
        by_the_head = act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY)
        ledger.execute(
            Appoint(post="senator", person_id=person, act=by_the_head, starts_on=DAY), CLERK
        )
    with pytest.raises(ValidationError, match="recorded sitting"):
        Appoint(
            post="senator",
            person_id=person,
            act=act(ActKind.DECREE, Authority.COUNCIL, DAY),
            starts_on=DAY,
        )


def test_five_senators_sit_and_a_sixth_on_the_same_day_is_refused() -> None:
    ledger = memory_ledger()
    for n in range(5):
        seat_senator(ledger, f"Sample Senator {n}", DAY)
    sixth = register(ledger, "Sample Senator Six")
    nominate(ledger, "senator", sixth, DAY)

    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(DAY), starts_on=DAY), CLERK
        )
    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(DAY), starts_on=DAY + days(400)),
            CLERK,
        )
    assert len(ledger.post("senator").holders_on(DAY)) == 5


def test_after_a_dismissal_a_new_senator_fits_from_the_dismissal_date_only() -> None:
    ledger = memory_ledger()
    holdings = [seat_senator(ledger, f"Sample Senator {n}", DAY) for n in range(5)]
    vacated = DAY + days(30)
    ledger.execute(
        Dismiss(post="senator", holding_id=holdings[0], act=decree(vacated), ends_on=vacated), CLERK
    )
    sixth = register(ledger, "Sample Senator Six")
    nominate(ledger, "senator", sixth, DAY)

    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(DAY), starts_on=vacated - days(1)),
            CLERK,
        )

    ledger.execute(
        Appoint(post="senator", person_id=sixth, act=decree(DAY), starts_on=vacated), CLERK
    )
    senator = ledger.post("senator")
    assert len(senator.holders_on(vacated - days(1))) == 5
    assert sixth in [h.person_id for h in senator.holders_on(vacated)]
    assert len(senator.holders_on(vacated)) == 5


def test_a_backdated_appointment_that_would_make_six_on_a_later_day_is_refused() -> None:
    ledger = memory_ledger()
    first = seat_senator(ledger, "Sample Senator 0", DAY)
    ledger.execute(
        Dismiss(
            post="senator", holding_id=first, act=decree(DAY + days(10)), ends_on=DAY + days(10)
        ),
        CLERK,
    )
    for n in range(1, 5):
        seat_senator(ledger, f"Sample Senator {n}", DAY + days(20))
    seat_senator(ledger, "Sample Senator 5", DAY + days(20))
    backdated = register(ledger, "Sample Senator Backdated")
    nominate(ledger, "senator", backdated, DAY)

    # Only one seat is held on DAY + 5, yet five are held from DAY + 20 with no end.
    assert len(ledger.post("senator").holders_on(DAY + days(5))) == 1
    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=backdated, act=decree(DAY), starts_on=DAY + days(5)),
            CLERK,
        )


def test_a_backdated_appointment_fits_if_a_seat_stays_free_on_every_later_day() -> None:
    ledger = memory_ledger()
    for n in range(4):
        seat_senator(ledger, f"Sample Senator {n}", DAY + days(20))
    backdated = register(ledger, "Sample Senator Backdated")
    nominate(ledger, "senator", backdated, DAY)

    ledger.execute(
        Appoint(post="senator", person_id=backdated, act=decree(DAY), starts_on=DAY + days(5)),
        CLERK,
    )

    assert len(ledger.post("senator").holders_on(DAY + days(20))) == 5


def test_a_decree_cannot_take_effect_before_it_is_issued() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY - days(5))

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY - days(1)),
            CLERK,
        )


def test_a_decree_signed_before_the_council_proposed_the_person_is_refused() -> None:
    # §5.4: the President appoints "upon the proposal of the Council"; a decree signed on DAY
    # cannot rest on a proposal the Council made on DAY + 3, even if the decree takes effect later.
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY + days(3))

    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY + days(10)),
            CLERK,
        )

    ledger.execute(
        Appoint(
            post="senator", person_id=person, act=decree(DAY + days(3)), starts_on=DAY + days(10)
        ),
        CLERK,
    )
    assert len(ledger.post("senator").holders_on(DAY + days(10))) == 1

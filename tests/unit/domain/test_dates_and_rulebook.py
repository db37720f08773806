"""Half-open tenures, acts that take effect after they exist, free seats, the rulebook in force."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    Dismiss,
    NominateByDecision,
)
from domain.kernel.errors import InvalidCommand, NoRulebookInForce, NotFound
from domain.regulation.rulebook import DECREE_747, rulebook_on
from tests.support.decisions import nominate, nomination_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    days,
    decree,
    memory_ledger,
    oath,
    refused,
    register,
    seat_senator,
)

BEFORE_RULEBOOK = RULEBOOK_START - days(1)


def test_a_senator_dismissed_on_a_day_no_longer_holds_the_seat_that_day() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    ends = DAY + days(1)

    ledger.execute(
        Dismiss(post="senator", holding_id=holding, act=decree(ends), ends_on=ends), CLERK
    )

    senator = ledger.post("senator")
    assert [h.holding_id for h in senator.holders_on(DAY)] == [holding]
    assert senator.holders_on(ends) == []
    assert senator.holders_on(DAY - days(1)) == []


def test_a_holding_must_end_after_it_began() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Dismiss(post="senator", holding_id=holding, act=decree(DAY), ends_on=DAY), CLERK
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            Dismiss(
                post="senator", holding_id=holding, act=decree(DAY - days(1)), ends_on=DAY - days(1)
            ),
            CLERK,
        )


def test_a_holding_ends_only_once() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    ledger.execute(
        Dismiss(
            post="senator", holding_id=holding, act=decree(DAY + days(2)), ends_on=DAY + days(2)
        ),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Dismiss(
                post="senator", holding_id=holding, act=decree(DAY + days(3)), ends_on=DAY + days(3)
            ),
            CLERK,
        )


def test_a_dismissal_cannot_take_effect_before_its_act_is_issued() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    ends = DAY + days(10)

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Dismiss(post="senator", holding_id=holding, act=decree(ends + days(1)), ends_on=ends),
            CLERK,
        )

    ledger.execute(
        Dismiss(post="senator", holding_id=holding, act=decree(ends), ends_on=ends), CLERK
    )
    assert ledger.post("senator").holding(holding).tenure.end == ends


def test_an_act_may_take_effect_later_than_it_is_issued() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Alpha")

    recorded = ledger.execute(
        Appoint(
            post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY + days(14)
        ),
        CLERK,
    )

    holding = ledger.post("head_of_secretariat").holding(recorded.subject_id)
    assert holding.tenure.start == DAY + days(14)
    assert ledger.post("head_of_secretariat").holders_on(DAY + days(13)) == []


def test_an_unknown_holding_or_post_is_not_found() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    person = register(ledger, "Sample Person Beta")

    with refused(ledger, NotFound):
        ledger.execute(
            Dismiss(
                post="head_of_secretariat",
                holding_id=holding,
                act=decree(DAY),
                ends_on=DAY + days(1),
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.execute(
            Appoint(post="sample_unknown_post", person_id=person, act=decree(DAY), starts_on=DAY),
            CLERK,
        )


def test_nobody_holds_two_seats_of_one_post_at_once() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    person = ledger.post("senator").holding(holding).person_id
    nominate(ledger, "senator", person, DAY, number="2")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY + days(1)),
            CLERK,
        )


def test_the_rulebook_of_decree_747_is_in_force_from_the_day_of_signing() -> None:
    assert rulebook_on(RULEBOOK_START) is DECREE_747
    assert rulebook_on(DAY) is DECREE_747
    with pytest.raises(NoRulebookInForce) as refusal:
        rulebook_on(BEFORE_RULEBOOK)
    assert refusal.value.paragraph == "Appendix"


def test_the_first_day_of_the_rulebook_is_accepted() -> None:
    ledger = memory_ledger()
    president = register(ledger, "Sample President Alpha")
    senator = register(ledger, "Sample Senator Alpha")

    ledger.execute(AssumePresidency(person_id=president, act=oath(RULEBOOK_START)), CLERK)
    nominate(ledger, "senator", senator, RULEBOOK_START)
    ledger.execute(
        Appoint(
            post="senator", person_id=senator, act=decree(RULEBOOK_START), starts_on=RULEBOOK_START
        ),
        CLERK,
    )
    ledger.execute(
        AdmitMember(
            body="assembly", person_id=senator, act=decree(RULEBOOK_START), starts_on=RULEBOOK_START
        ),
        CLERK,
    )

    assert len(ledger.post("chairman").holders_on(RULEBOOK_START)) == 1
    assert len(ledger.post("senator").holders_on(RULEBOOK_START)) == 1


Action = Callable[[], object]


def _assume(ledger: Ledger) -> Action:
    person = register(ledger, "Sample President Alpha")
    return lambda: ledger.execute(
        AssumePresidency(person_id=person, act=oath(BEFORE_RULEBOOK)), CLERK
    )


def _nominate(ledger: Ledger) -> Action:
    person = register(ledger, "Sample Senator Alpha")
    decision = nomination_decision(ledger, "senator", person, BEFORE_RULEBOOK)
    return lambda: ledger.execute(
        NominateByDecision(post="senator", person_id=person, decision_id=decision), CLERK
    )


def _appoint(ledger: Ledger) -> Action:
    person, on = register(ledger, "Sample Head Alpha"), BEFORE_RULEBOOK
    return lambda: ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(on), starts_on=on), CLERK
    )


def _admit(ledger: Ledger) -> Action:
    person, on = register(ledger, "Sample Member Alpha"), BEFORE_RULEBOOK
    return lambda: ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(on), starts_on=on), CLERK
    )


def _dismiss(ledger: Ledger) -> Action:
    holding, on = seat_senator(ledger, "Sample Senator Alpha", DAY), BEFORE_RULEBOOK
    return lambda: ledger.execute(
        Dismiss(post="senator", holding_id=holding, act=decree(on), ends_on=on), CLERK
    )


@pytest.mark.parametrize("prepare", [_assume, _nominate, _appoint, _admit, _dismiss])
def test_acts_before_decree_747_are_refused_under_the_appendix(
    prepare: Callable[[Ledger], Action],
) -> None:
    ledger = memory_ledger()
    action = prepare(ledger)

    with refused(ledger, NoRulebookInForce, "Appendix"):
        action()

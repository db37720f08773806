"""§1, §5: the President is the Chairman ex officio and alone appoints the leading officials."""

from __future__ import annotations

from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.composition.commands import Appoint, AssumePresidency, Dismiss
from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.values import ActKind, Authority
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    memory_ledger,
    oath,
    order,
    refused,
    register,
)


def test_the_person_who_takes_the_oath_of_president_becomes_chairman_that_day() -> None:
    ledger = memory_ledger()
    president = register(ledger, "Sample President Alpha")

    recorded = ledger.execute(AssumePresidency(person_id=president, act=oath(DAY)), CLERK)

    chairman = ledger.post("chairman")
    assert [h.person_id for h in chairman.holders_on(DAY)] == [president]
    assert chairman.holders_on(DAY - days(1)) == []
    assert chairman.holding(recorded.subject_id).tenure.start == DAY


def test_a_new_president_ends_the_previous_chairmans_holding_on_the_new_start_date() -> None:
    ledger = memory_ledger()
    first = register(ledger, "Sample President Alpha")
    second = register(ledger, "Sample President Beta")
    first_holding = ledger.execute(
        AssumePresidency(person_id=first, act=oath(DAY)), CLERK
    ).subject_id

    ledger.execute(AssumePresidency(person_id=second, act=oath(DAY + days(30))), CLERK)

    chairman = ledger.post("chairman")
    assert [h.person_id for h in chairman.holders_on(DAY + days(29))] == [first]
    assert [h.person_id for h in chairman.holders_on(DAY + days(30))] == [second]
    assert chairman.holding(first_holding).tenure.end == DAY + days(30)


def test_the_sitting_president_cannot_assume_the_presidency_again() -> None:
    ledger = memory_ledger()
    president = register(ledger, "Sample President Alpha")
    ledger.execute(AssumePresidency(person_id=president, act=oath(DAY)), CLERK)

    with refused(ledger, RuleViolation, "§5"):
        ledger.execute(AssumePresidency(person_id=president, act=oath(DAY)), CLERK)
    with refused(ledger, RuleViolation, "§5"):
        ledger.execute(AssumePresidency(person_id=president, act=oath(DAY + days(365))), CLERK)


def test_a_former_president_may_assume_the_presidency_again_after_someone_else() -> None:
    ledger = memory_ledger()
    alpha = register(ledger, "Sample President Alpha")
    beta = register(ledger, "Sample President Beta")
    ledger.execute(AssumePresidency(person_id=alpha, act=oath(DAY)), CLERK)
    ledger.execute(AssumePresidency(person_id=beta, act=oath(DAY + days(10))), CLERK)

    ledger.execute(AssumePresidency(person_id=alpha, act=oath(DAY + days(20))), CLERK)

    holders = ledger.post("chairman").holders_on(DAY + days(20))
    assert [h.person_id for h in holders] == [alpha]


def test_the_chairman_changes_only_by_an_oath_of_the_president() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample President Alpha")

    with refused(ledger, RuleViolation, "§5"):
        ledger.execute(AssumePresidency(person_id=person, act=decree(DAY)), CLERK)
    with refused(ledger, RuleViolation, "§5"):
        ledger.execute(
            AssumePresidency(
                person_id=person, act=act(ActKind.OATH, Authority.HEAD_OF_SECRETARIAT, DAY)
            ),
            CLERK,
        )
    with pytest.raises(ValidationError, match="recorded sitting"):
        AssumePresidency(person_id=person, act=act(ActKind.OATH, Authority.SESSION, DAY))


def test_a_presidency_earlier_than_one_already_recorded_is_refused() -> None:
    ledger = memory_ledger()
    alpha = register(ledger, "Sample President Alpha")
    beta = register(ledger, "Sample President Beta")
    ledger.execute(AssumePresidency(person_id=alpha, act=oath(DAY)), CLERK)

    with refused(ledger, InvalidCommand):
        ledger.execute(AssumePresidency(person_id=beta, act=oath(DAY - days(1))), CLERK)
    with refused(ledger, InvalidCommand):
        ledger.execute(AssumePresidency(person_id=beta, act=oath(DAY)), CLERK)


def test_the_chairman_cannot_be_appointed_by_any_act() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")

    for attempt in (
        oath(DAY),
        decree(DAY),
        act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY),
    ):
        with refused(ledger, RuleViolation, "§5"):
            ledger.execute(
                Appoint(post="chairman", person_id=person, act=attempt, starts_on=DAY), CLERK
            )


def test_the_chairman_cannot_be_dismissed() -> None:
    ledger = memory_ledger()
    president = register(ledger, "Sample President Alpha")
    holding = ledger.execute(AssumePresidency(person_id=president, act=oath(DAY)), CLERK).subject_id

    with refused(ledger, RuleViolation, "§5"):
        ledger.execute(
            Dismiss(
                post="chairman",
                holding_id=holding,
                act=decree(DAY + days(5)),
                ends_on=DAY + days(5),
            ),
            CLERK,
        )
    assert ledger.post("chairman").holding(holding).tenure.end is None


def test_only_the_president_appoints_the_head_of_the_secretariat() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")

    for by_another in (
        act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
    ):
        with refused(ledger, RuleViolation, "§5.3"):
            ledger.execute(
                Appoint(
                    post="head_of_secretariat", person_id=person, act=by_another, starts_on=DAY
                ),
                CLERK,
            )
    for by_a_collegial_body in (
        act(ActKind.DECREE, Authority.COUNCIL, DAY),
        act(ActKind.ORDER, Authority.SESSION, DAY),
    ):
        with pytest.raises(ValidationError, match="recorded sitting"):
            Appoint(
                post="head_of_secretariat",
                person_id=person,
                act=by_a_collegial_body,
                starts_on=DAY,
            )
    with refused(ledger, RuleViolation, "§5.3"):
        proposal = act(ActKind.PROPOSAL, Authority.PRESIDENT, DAY)
        ledger.execute(
            Appoint(post="head_of_secretariat", person_id=person, act=proposal, starts_on=DAY),
            CLERK,
        )

    ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=order(DAY), starts_on=DAY), CLERK
    )
    assert [h.person_id for h in ledger.post("head_of_secretariat").holders_on(DAY)] == [person]


def test_only_the_president_dismisses_the_head_of_the_secretariat() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")
    holding = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id
    later = DAY + days(40)

    with refused(ledger, RuleViolation, "§5.3"):
        by_the_head = act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, later)
        ledger.execute(
            Dismiss(post="head_of_secretariat", holding_id=holding, act=by_the_head, ends_on=later),
            CLERK,
        )
    with pytest.raises(ValidationError, match="recorded sitting"):
        Dismiss(
            post="head_of_secretariat",
            holding_id=holding,
            act=act(ActKind.DECREE, Authority.COUNCIL, later),
            ends_on=later,
        )

    ledger.execute(
        Dismiss(post="head_of_secretariat", holding_id=holding, act=decree(later), ends_on=later),
        CLERK,
    )
    assert ledger.post("head_of_secretariat").holders_on(later) == []


def test_an_unregistered_person_cannot_assume_the_presidency() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        ledger.execute(AssumePresidency(person_id=uuid4(), act=oath(DAY)), CLERK)

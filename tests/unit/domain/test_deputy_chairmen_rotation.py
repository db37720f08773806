"""§16: "The rotation period of the Deputy Chairmen shall be determined by the President of the
Republic of Kazakhstan"; the ethnocultural Deputy Chairmen "shall be appointed in rotation"."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, SetRotationPeriod
from domain.composition.rotation import PeriodUnit
from domain.kernel.errors import InvalidCommand, NoRulebookInForce, RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from tests.support.decisions import nominate
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    memory_ledger,
    order,
    refused,
    register,
)

DEPUTIES = "deputy_chairman_ethnocultural"


def seat_deputy(ledger: Ledger, name: str, on: date, association: str = "Sample Alpha") -> UUID:
    """Recommend (Council) and appoint (order of the President) a sample deputy; the holding."""
    person = register(ledger, name)
    named = f"Sample Association {association}"
    nominate(ledger, DEPUTIES, person, on, association=named)
    return ledger.execute(
        Appoint(
            post=DEPUTIES,
            person_id=person,
            act=order(on),
            starts_on=on,
            association=named,
        ),
        CLERK,
    ).subject_id


def set_period(
    ledger: Ledger,
    length: int,
    unit: PeriodUnit,
    by: Act,
    effective_on: date | None = None,
) -> None:
    ledger.execute(
        SetRotationPeriod(act=by, length=length, unit=unit, effective_on=effective_on), CLERK
    )


def due_dates(ledger: Ledger, on: date) -> dict[UUID, date]:
    return {d.holding_id: d.due_on for d in ledger.rotations_due(on)}


def test_the_president_sets_the_rotation_period_by_decree_or_order_and_each_is_kept() -> None:
    ledger = memory_ledger()
    first, later = DAY, DAY + days(200)

    set_period(ledger, 2, PeriodUnit.YEAR, decree(first, "10"))
    set_period(ledger, 18, PeriodUnit.MONTH, order(later, "11"), effective_on=later + days(10))

    history = ledger.post(DEPUTIES).rotation_periods
    assert [(s.period.describe(), s.act.kind, s.in_force_from) for s in history] == [
        ("2 years", ActKind.DECREE, first),
        ("18 months", ActKind.ORDER, later + days(10)),
    ]


@pytest.mark.parametrize(
    "wrong",
    [
        act(ActKind.DECISION, Authority.SECRETARIAT, DAY),
        act(ActKind.RECOMMENDATION, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.DECREE, Authority.SECRETARIAT, DAY),
        act(ActKind.OATH, Authority.PRESIDENT, DAY),
        act(ActKind.AGREEMENT, Authority.PRESIDENT, DAY),
    ],
    ids=lambda a: f"{a.kind.value}-of-{a.issuer.value}",
)
def test_a_rotation_period_set_by_any_other_act_is_refused_under_paragraph_16(wrong: Act) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§16"):
        set_period(ledger, 1, PeriodUnit.YEAR, wrong)
    assert ledger.post(DEPUTIES).rotation_periods == ()


def test_a_period_is_in_force_from_its_act_or_later_never_earlier() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY), effective_on=DAY - days(1))
    with refused(ledger, NoRulebookInForce):
        set_period(ledger, 1, PeriodUnit.YEAR, decree(RULEBOOK_START - days(1)))
    set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY))
    assert ledger.post(DEPUTIES).rotation_periods[0].in_force_from == DAY


@pytest.mark.parametrize(
    ("length", "unit"),
    [(0, PeriodUnit.DAY), (-3, PeriodUnit.MONTH), (21, PeriodUnit.YEAR), (241, PeriodUnit.MONTH)],
)
def test_a_period_of_no_length_or_an_absurd_one_is_malformed(length: int, unit: PeriodUnit) -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        set_period(ledger, length, unit, decree(DAY))


def test_one_act_sets_the_period_once() -> None:
    ledger = memory_ledger()
    set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY, "7"))

    with refused(ledger, InvalidCommand):
        set_period(ledger, 2, PeriodUnit.YEAR, decree(DAY, "7"))


def test_no_seat_is_due_before_the_president_sets_a_period() -> None:
    ledger = memory_ledger()
    holding = seat_deputy(ledger, "Sample Deputy Alpha", DAY)

    assert ledger.rotations_due(DAY + days(3650)) == []
    assert ledger.post(DEPUTIES).rotation_due_on(holding, DAY + days(3650)) is None
    assert ledger.post(DEPUTIES).next_rotation(holding, DAY) is None


def test_a_deputys_rotation_falls_due_at_the_start_of_the_holding_plus_the_period() -> None:
    ledger = memory_ledger()
    start = date(2025, 8, 31)
    holding = seat_deputy(ledger, "Sample Deputy Alpha", start)
    set_period(ledger, 6, PeriodUnit.MONTH, order(DAY, "5"))

    due = ledger.post(DEPUTIES).rotation_due_on(holding, start)
    assert due is not None
    assert due.due_on == date(2026, 2, 28)  # 31 August + 6 months: the last day of February
    assert (due.period.describe(), due.act, due.in_force_from) == ("6 months", order(DAY, "5"), DAY)
    assert due_dates(ledger, date(2026, 2, 27)) == {}
    assert due_dates(ledger, date(2026, 2, 28)) == {holding: date(2026, 2, 28)}
    assert due_dates(ledger, date(2026, 6, 1)) == {holding: date(2026, 2, 28)}


def test_a_change_of_period_re_plans_from_the_start_of_the_holding_not_from_the_change() -> None:
    ledger = memory_ledger()
    start = date(2025, 3, 1)
    holding = seat_deputy(ledger, "Sample Deputy Alpha", start)
    set_period(ledger, 3, PeriodUnit.YEAR, decree(start, "1"))
    change = date(2025, 9, 1)
    set_period(ledger, 1, PeriodUnit.YEAR, decree(change, "2"))
    post = ledger.post(DEPUTIES)

    before, after = (
        post.rotation_due_on(holding, change - days(1)),
        post.rotation_due_on(holding, change),
    )
    assert before is not None
    assert before.due_on == date(2028, 3, 1)
    assert after is not None
    assert after.due_on == date(2026, 3, 1)  # the start + 1 year, not the change + 1 year
    assert after.act == decree(change, "2")
    assert due_dates(ledger, date(2026, 3, 1)) == {holding: date(2026, 3, 1)}


def test_a_seat_already_past_the_new_period_falls_due_the_day_the_period_takes_effect() -> None:
    ledger = memory_ledger()
    start = date(2025, 3, 1)
    holding = seat_deputy(ledger, "Sample Deputy Alpha", start)
    set_period(ledger, 5, PeriodUnit.YEAR, decree(start, "1"))
    change = date(2026, 6, 1)
    set_period(ledger, 180, PeriodUnit.DAY, order(change - days(20), "2"), effective_on=change)

    assert due_dates(ledger, change - days(1)) == {}
    assert due_dates(ledger, change) == {holding: change}
    assert ledger.post(DEPUTIES).next_rotation(holding, start) == ledger.post(
        DEPUTIES
    ).rotation_due_on(holding, change)


def test_an_earlier_act_recorded_late_does_not_override_a_later_one() -> None:
    ledger = memory_ledger()
    holding = seat_deputy(ledger, "Sample Deputy Alpha", DAY)
    set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY + days(30), "2"))
    set_period(ledger, 4, PeriodUnit.YEAR, decree(DAY + days(10), "1"))  # issued earlier, late
    post = ledger.post(DEPUTIES)

    early = post.rotation_due_on(holding, DAY + days(20))
    later = post.rotation_due_on(holding, DAY + days(400))
    assert early is not None
    assert early.act.number == "1"
    assert later is not None
    assert later.act.number == "2"
    assert later.due_on == date(2026, 3, 3)


def test_the_ledger_says_which_seats_are_due_on_any_date() -> None:
    ledger = memory_ledger()
    alpha = seat_deputy(ledger, "Sample Deputy Alpha", DAY, "Alpha")
    beta = seat_deputy(ledger, "Sample Deputy Beta", DAY + days(100), "Beta")
    set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY))

    assert due_dates(ledger, DAY + days(364)) == {}
    assert due_dates(ledger, DAY + days(365)) == {alpha: DAY + days(365)}
    assert due_dates(ledger, DAY + days(465)) == {alpha: DAY + days(365), beta: DAY + days(465)}
    [first, second] = ledger.rotations_due(DAY + days(500))
    assert (first.holding_id, second.holding_id) == (alpha, beta)
    assert second.association == "Sample Association Beta"
    assert second.started_on == DAY + days(100)


def test_a_dismissed_deputy_is_not_due_and_a_new_holding_starts_a_new_cycle() -> None:
    ledger = memory_ledger()
    first = seat_deputy(ledger, "Sample Deputy Alpha", DAY)
    set_period(ledger, 1, PeriodUnit.YEAR, decree(DAY))
    due = date(2026, 3, 3)
    rotated = due + days(30)  # the rotation came a month late

    ledger.execute(
        Dismiss(post=DEPUTIES, holding_id=first, act=order(rotated), ends_on=rotated), CLERK
    )
    successor = seat_deputy(ledger, "Sample Deputy Gamma", rotated)

    assert due_dates(ledger, rotated - days(1)) == {first: due}
    assert due_dates(ledger, rotated) == {}
    assert ledger.post(DEPUTIES).rotation_due_on(first, rotated) is None
    assert ledger.post(DEPUTIES).next_rotation(first, rotated) is None
    assert due_dates(ledger, date(2027, 4, 1)) == {}
    assert due_dates(ledger, date(2027, 4, 2)) == {successor: date(2027, 4, 2)}


def test_the_next_rotation_is_the_date_a_timer_would_wait_for() -> None:
    ledger = memory_ledger()
    holding = seat_deputy(ledger, "Sample Deputy Alpha", DAY)
    set_period(ledger, 2, PeriodUnit.YEAR, decree(DAY, "1"))
    # A later act shortens the period from a future date: the timer set today must wait for it.
    set_period(
        ledger, 1, PeriodUnit.YEAR, decree(DAY + days(5), "2"), effective_on=date(2026, 9, 1)
    )
    post = ledger.post(DEPUTIES)

    upcoming = post.next_rotation(holding, DAY)
    assert upcoming is not None
    assert (upcoming.due_on, upcoming.act.number) == (date(2026, 9, 1), "2")
    assert post.next_rotation(holding, date(2026, 10, 1)) == upcoming  # due since then

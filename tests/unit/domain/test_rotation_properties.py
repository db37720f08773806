"""Properties of the rotation semantics (§16), checked against a day-by-day reading."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.composition.rotation import (
    MAX_LENGTH,
    PeriodSetting,
    PeriodUnit,
    RotationPeriod,
    due_under,
    is_due,
    next_due,
    seats_due_on,
    setting_in_force,
    stretches,
)
from domain.composition.seats import Holding
from domain.kernel.tenure import Tenure
from tests.support.samples import DAY, decree

HORIZON = 120  # days after DAY that generated dates fall within
HOLDER = UUID(int=1)


def periods(max_days: int = 90) -> st.SearchStrategy[RotationPeriod]:
    return st.one_of(
        st.builds(RotationPeriod, length=st.integers(1, max_days), unit=st.just(PeriodUnit.DAY)),
        st.builds(RotationPeriod, length=st.integers(1, 3), unit=st.just(PeriodUnit.MONTH)),
    )


@st.composite
def period_settings(draw: st.DrawFn) -> list[PeriodSetting]:
    """One to four settings, by acts issued within the horizon, each in force from its act or
    later, recorded in any order."""
    found = []
    for recorded_in in range(1, draw(st.integers(1, 4)) + 1):
        issued = DAY + timedelta(days=draw(st.integers(0, HORIZON)))
        found.append(
            PeriodSetting(
                period=draw(periods()),
                act=decree(issued, number=str(recorded_in)),
                in_force_from=issued + timedelta(days=draw(st.integers(0, 30))),
                recorded_in=recorded_in,
            )
        )
    return found


@st.composite
def holdings(draw: st.DrawFn) -> Holding:
    start = DAY + timedelta(days=draw(st.integers(-60, HORIZON)))
    length = draw(st.one_of(st.none(), st.integers(1, 2 * HORIZON)))
    tenure = Tenure(start=start, end=None if length is None else start + timedelta(days=length))
    return Holding(holding_id=UUID(int=7), person_id=HOLDER, tenure=tenure, act=decree(DAY))


def span(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


DAYS_TO_SCAN = 3 * HORIZON + 400  # past every effective date and every due date generated


@settings(max_examples=100, deadline=None)
@given(period_settings(), st.integers(-10, HORIZON + 40))
def test_the_setting_in_force_is_the_latest_act_among_those_already_in_force(
    recorded: list[PeriodSetting], offset: int
) -> None:
    day = DAY + timedelta(days=offset)
    current = setting_in_force(recorded, day)
    effective = [s for s in recorded if s.in_force_from <= day]

    assert (current is None) == (not effective)
    if current is not None:
        assert current.in_force_from <= day
        assert all(s.act.issued_on <= current.act.issued_on for s in effective)


@settings(max_examples=100, deadline=None)
@given(period_settings())
def test_a_superseded_setting_never_returns_and_each_stretch_starts_at_its_own_date(
    recorded: list[PeriodSetting],
) -> None:
    found = stretches(recorded)
    seen: list[PeriodSetting] = []
    for day in span(DAY - timedelta(days=1), HORIZON + 40):
        current = setting_in_force(recorded, day)
        if current is not None and (not seen or seen[-1] != current):
            assert current not in seen, "a setting came back into force"
            assert current.in_force_from == day
            seen.append(current)
    assert [s.setting for s in found] == seen
    assert all(a.end == b.start for a, b in itertools.pairwise(found))


@settings(max_examples=100, deadline=None)
@given(holdings(), period_settings(), st.integers(-70, HORIZON + 200))
def test_the_next_due_date_is_the_first_due_day_found_day_by_day(
    holding: Holding, recorded: list[PeriodSetting], offset: int
) -> None:
    on = DAY + timedelta(days=offset)
    upcoming = next_due(holding, recorded, on)
    first = next((d for d in span(on, DAYS_TO_SCAN) if is_due(holding, recorded, d)), None)

    if first is None:
        assert upcoming is None
        return
    assert upcoming is not None
    assert upcoming.due_on <= first
    if first > on:  # not due yet: the date a timer waits for
        assert upcoming.due_on == first
    assert is_due(holding, recorded, max(upcoming.due_on, on))
    [listed] = seats_due_on([holding], recorded, first)
    assert listed == upcoming


@settings(max_examples=100, deadline=None)
@given(holdings(), period_settings(), st.integers(0, DAYS_TO_SCAN))
def test_a_seat_is_due_only_while_held_never_before_its_period_has_run_or_is_in_force(
    holding: Holding, recorded: list[PeriodSetting], offset: int
) -> None:
    day = DAY + timedelta(days=offset - 70)
    [*due] = seats_due_on([holding], recorded, day)

    if due:
        setting = setting_in_force(recorded, day)
        assert setting is not None
        assert holding.tenure.holds_on(day)
        assert due[0].due_on >= setting.period.after(holding.tenure.start) > holding.tenure.start
        assert due[0].due_on >= setting.in_force_from
        assert due[0].due_on <= day


@settings(max_examples=100, deadline=None)
@given(holdings(), period_settings())
def test_once_due_a_seat_stays_due_until_the_period_changes_or_the_holding_ends(
    holding: Holding, recorded: list[PeriodSetting]
) -> None:
    days = span(DAY - timedelta(days=70), DAYS_TO_SCAN)
    for before, after in itertools.pairwise(days):
        same_period = setting_in_force(recorded, before) == setting_in_force(recorded, after)
        if is_due(holding, recorded, before) and same_period and holding.tenure.holds_on(after):
            assert is_due(holding, recorded, after)


@settings(max_examples=100, deadline=None)
@given(holdings(), period_settings(), periods(), st.integers(0, 30))
def test_a_new_period_re_plans_from_the_start_of_the_holding_whatever_came_before(
    holding: Holding, recorded: list[PeriodSetting], period: RotationPeriod, delay: int
) -> None:
    latest = max(s.act.issued_on for s in recorded) + timedelta(days=1)
    change = PeriodSetting(
        period=period,
        act=decree(latest, number="later"),
        in_force_from=latest + timedelta(days=delay),
        recorded_in=99,
    )
    alone = [change]
    after_history = [*recorded, change]
    start = holding.tenure.start

    expected = max(period.after(start), change.in_force_from)
    assert due_under(start, change) == expected
    for day in span(change.in_force_from, 200):
        assert is_due(holding, after_history, day) == is_due(holding, alone, day)


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(1, 240))
def test_months_run_to_the_same_day_or_the_last_day_of_a_shorter_month(
    start: date, months: int
) -> None:
    end = RotationPeriod(length=months, unit=PeriodUnit.MONTH).after(start)

    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)
    if months % 12 == 0:
        assert end == RotationPeriod(length=months // 12, unit=PeriodUnit.YEAR).after(start)


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(1, 7305))
def test_days_are_counted(start: date, length: int) -> None:
    period = RotationPeriod(length=length, unit=PeriodUnit.DAY)

    assert period.after(start) == start + timedelta(days=length)


@pytest.mark.parametrize("unit", list(PeriodUnit))
def test_a_period_is_positive_and_bounded(unit: PeriodUnit) -> None:
    RotationPeriod(length=1, unit=unit)
    RotationPeriod(length=MAX_LENGTH[unit], unit=unit)
    for wrong in (0, -1, MAX_LENGTH[unit] + 1):
        with pytest.raises(ValidationError):
            RotationPeriod(length=wrong, unit=unit)

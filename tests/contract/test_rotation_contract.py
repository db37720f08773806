"""§16 on every store: the periods the President set and the seats due, read back by another
ledger instance from the stored events exactly as the writer knows them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, NominateByDecision, SetRotationPeriod
from domain.composition.rotation import PeriodUnit
from tests.support.council import deputy_recommendation
from tests.support.samples import CLERK, decree, order, register
from tests.support.stores import LedgerStore

DEPUTIES = "deputy_chairman_ethnocultural"


def _seat(ledger: Ledger, name: str, on: date) -> UUID:
    person = register(ledger, name)
    association = f"Sample Association of {name}"
    recommendation = deputy_recommendation(ledger, on, person, association, number=f"C-{name}")
    ledger.execute(
        NominateByDecision(post=DEPUTIES, person_id=person, decision_id=recommendation), CLERK
    )
    return ledger.execute(
        Appoint(
            post=DEPUTIES,
            person_id=person,
            act=order(on),
            starts_on=on,
            association=association,
        ),
        CLERK,
    ).subject_id


def test_rotation_periods_and_due_seats_read_the_same_from_every_store(
    ledger: Ledger, store: LedgerStore
) -> None:
    alpha = _seat(ledger, "Sample Deputy Alpha", date(2025, 3, 3))
    beta = _seat(ledger, "Sample Deputy Beta", date(2025, 9, 1))
    ledger.execute(
        SetRotationPeriod(act=decree(date(2025, 3, 3), "R-1"), length=2, unit=PeriodUnit.YEAR),
        CLERK,
    )
    ledger.execute(
        SetRotationPeriod(
            act=order(date(2026, 1, 15), "R-2"),
            length=18,
            unit=PeriodUnit.MONTH,
            effective_on=date(2026, 2, 1),
        ),
        CLERK,
    )
    ledger.execute(
        Dismiss(
            post=DEPUTIES, holding_id=alpha, act=order(date(2026, 11, 1)), ends_on=date(2026, 11, 1)
        ),
        CLERK,
    )
    gamma = _seat(ledger, "Sample Deputy Gamma", date(2026, 11, 1))

    reader = store.open()
    days = [date(2026, 1, 31), date(2026, 9, 3), date(2027, 3, 1), date(2028, 5, 1)]
    for day in days:
        assert reader.rotations_due(day) == ledger.rotations_due(day)
    assert reader.post(DEPUTIES).rotation_periods == ledger.post(DEPUTIES).rotation_periods
    assert [
        (d.holding_id, d.due_on, d.act.number) for d in reader.rotations_due(date(2026, 9, 3))
    ] == [(alpha, date(2026, 9, 3), "R-2")]
    assert [(d.holding_id, d.due_on) for d in reader.rotations_due(date(2028, 5, 1))] == [
        (beta, date(2027, 3, 1)),
        (gamma, date(2028, 5, 1)),
    ]
    upcoming = reader.post(DEPUTIES).next_rotation(beta, date(2025, 9, 1))
    assert upcoming is not None
    assert upcoming.due_on == date(2027, 3, 1)

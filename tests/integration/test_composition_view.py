"""The composition view on SQLite and PostgreSQL: once-only, resumable, rebuildable, bitemporal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, RegisterPerson
from domain.kernel.values import Act, ActKind, Authority, Provenance
from infra.sample import COUNCIL, SENATORS, seed
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.composition import CompositionView
from projections.rows import CompositionRow
from projections.runner import ProjectionRunner
from tests.support.decisions import nominate

CLERK = Provenance(recorded_by="Sample Clerk Zeta")
SPRING = date(2025, 4, 1)


@pytest.fixture
def seeded(store: StoreSettings) -> Iterator[tuple[Ledger, CompositionView]]:
    ledger = open_ledger(store)
    seed(ledger)
    yield ledger, open_composition_view(store)
    ledger.close()


def runner(ledger: Ledger, view: CompositionView, batch_size: int = 500) -> ProjectionRunner:
    return ProjectionRunner(ledger.recorder, ledger.mapper, view, batch_size=batch_size)


def names(row: CompositionRow | None, post: str) -> list[str]:
    assert row is not None
    return [h.full_name for s in row.posts if s.post.code == post for h in s.holders]


def seated(row: CompositionRow | None) -> set[UUID]:
    assert row is not None
    return {h.person_id for s in row.posts for h in s.holders}


def decree(number: str, on: date) -> Act:
    return Act(kind=ActKind.DECREE, issuer=Authority.PRESIDENT, number=number, issued_on=on)


def test_the_sample_composition_is_served_on_any_date(
    seeded: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = seeded
    applied = runner(ledger, view).run_once()

    assert applied == ledger.recorder.max_notification_id() == view.position()
    senate = view.composition("senate_assembly_quota", SPRING)
    assert sorted(names(senate, "senator")) == sorted(SENATORS)
    assert senate is not None
    assert senate.posts[0].vacant == 1
    council = view.composition("council", SPRING)
    assert council is not None
    assert sorted(m.full_name for m in council.members) == sorted(COUNCIL)
    assert all(m.sample for m in council.members)
    before_formation = view.composition("council", date(2025, 1, 31))
    assert before_formation is not None
    assert before_formation.members == []
    assert view.composition("no_such_body", SPRING) is None


def test_a_crash_inside_a_batch_applies_nothing_and_a_restart_applies_everything_once(
    seeded: tuple[Ledger, CompositionView], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, view = seeded
    feeding = runner(ledger, view, batch_size=50)
    original = CompositionView.process
    calls = 0

    def crash_on_second_batch(self: CompositionView, batch: list[object]) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            # The store goes away between two events of one batch (a failure of an event
            # instead stops the view at it: test_stalled_views.py).
            raise OperationalError("simulated crash between two events of one batch")
        original(self, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(CompositionView, "process", crash_on_second_batch)
    with pytest.raises(OperationalError):
        feeding.run_once()
    assert view.position() == 50
    monkeypatch.setattr(CompositionView, "process", original)

    resumed = feeding.run_once()

    assert resumed == (ledger.recorder.max_notification_id() or 0) - 50
    fresh = runner(ledger, view)
    before = view.composition("assembly", SPRING)
    assert fresh.rebuild() == ledger.recorder.max_notification_id()
    assert view.composition("assembly", SPRING) == before


def test_a_restarted_runner_continues_from_its_tracked_position(
    seeded: tuple[Ledger, CompositionView], store: StoreSettings
) -> None:
    ledger, view = seeded
    runner(ledger, view).run_once()
    nominee = ledger.execute(
        RegisterPerson(full_name="Sample Person Eta", registered_on=SPRING), CLERK
    ).subject_id
    nominate(ledger, "senator", nominee, SPRING)
    ledger.execute(
        Appoint(post="senator", person_id=nominee, act=decree("D-9", SPRING), starts_on=SPRING),
        CLERK,
    )

    restarted = runner(ledger, open_composition_view(store))

    # The person, the Council's decision, the nomination and its reliance on it, the appointment.
    assert restarted.run_once() == 5
    assert "Sample Person Eta" in names(
        view.composition("senate_assembly_quota", SPRING), "senator"
    )


def test_as_known_at_answers_from_what_was_recorded_by_then(
    seeded: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = seeded
    runner(ledger, view).run_once()
    known_before_dismissal = datetime.now(UTC)
    senator = ledger.post("senator").holders_on(SPRING)[0]
    dismissed_on = date(2025, 3, 20)  # recorded now, effective before SPRING: a backdated act
    ledger.execute(
        Dismiss(
            post="senator",
            holding_id=senator.holding_id,
            act=decree("D-10", dismissed_on),
            ends_on=dismissed_on,
        ),
        CLERK,
    )
    runner(ledger, view).run_once()

    now = view.composition("senate_assembly_quota", SPRING)
    then = view.composition("senate_assembly_quota", SPRING, known_before_dismissal)
    before_anything = view.composition(
        "senate_assembly_quota", SPRING, datetime(2020, 1, 1, tzinfo=UTC)
    )

    assert senator.person_id not in seated(now)
    assert senator.person_id in seated(then)
    assert then is not None
    (held_then,) = [h for s in then.posts for h in s.holders if h.person_id == senator.person_id]
    assert held_then.end_date is None  # the dismissal was not known then
    assert now is not None
    assert seated(before_anything) == set()
    on_the_eve = view.composition("senate_assembly_quota", date(2025, 3, 19))
    assert senator.person_id in seated(on_the_eve)


def test_a_name_search_takes_wildcards_literally(
    seeded: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = seeded
    ledger.execute(
        RegisterPerson(full_name="Sample_Underscore Person", registered_on=SPRING), CLERK
    )
    ledger.execute(
        RegisterPerson(full_name="SampleXUnderscore Person", registered_on=SPRING), CLERK
    )
    ledger.execute(RegisterPerson(full_name="Sample 100% Person", registered_on=SPRING), CLERK)
    runner(ledger, view).run_once()

    assert [p.full_name for p in view.persons("sample_")] == ["Sample_Underscore Person"]
    assert [p.full_name for p in view.persons("100%")] == ["Sample 100% Person"]
    assert len(view.persons("underscore person")) == 2

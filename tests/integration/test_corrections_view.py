"""Corrections in the composition view: the corrected state from the correction's recording time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    EstablishBodies,
    RegisterPerson,
    RestateMembershipTerm,
    RetractHolding,
    RetractMembershipTerm,
)
from domain.kernel.corrections import EventRef
from domain.kernel.ids import body_id
from domain.kernel.values import Act, ActKind, Authority, Provenance
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.composition import CompositionView
from projections.runner import ProjectionRunner
from tests.support.decisions import nominate

CLERK = Provenance(recorded_by="Sample Clerk Theta")
DAY = date(2025, 5, 5)
DECREE = Act(kind=ActKind.DECREE, issuer=Authority.PRESIDENT, number="S-1", issued_on=DAY)


@pytest.fixture
def world(store: StoreSettings) -> Iterator[tuple[Ledger, CompositionView]]:
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), CLERK)
    yield ledger, open_composition_view(store)
    ledger.close()


def catch_up(ledger: Ledger, view: CompositionView) -> None:
    ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()


def members(view: CompositionView, on: date, known: datetime | None = None) -> set[UUID]:
    row = view.composition("assembly", on, known)
    assert row is not None
    return {m.person_id for m in row.members}


def admit(ledger: Ledger, name: str) -> tuple[UUID, EventRef]:
    person = ledger.execute(RegisterPerson(full_name=name, registered_on=DAY), CLERK).subject_id
    ledger.execute(AdmitMember(body="assembly", person_id=person, act=DECREE, starts_on=DAY), CLERK)
    version = ledger.body("assembly").terms_of(person)[-1].recorded_in
    return person, EventRef(originator_id=body_id("assembly"), originator_version=version)


def test_a_retracted_term_is_gone_now_and_still_there_as_known_before(
    world: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = world
    person, ref = admit(ledger, "Sample Member Iota")
    catch_up(ledger, view)
    before_correction = datetime.now(UTC)

    ledger.execute(
        RetractMembershipTerm(
            body="assembly", person_id=person, corrects=ref, reason="recorded in error"
        ),
        CLERK,
    )
    catch_up(ledger, view)

    assert person not in members(view, DAY)
    assert person in members(view, DAY, before_correction)


def test_restated_dates_apply_from_the_correction_on(
    world: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = world
    person, ref = admit(ledger, "Sample Member Mu")
    catch_up(ledger, view)
    before_correction = datetime.now(UTC)

    ledger.execute(
        RestateMembershipTerm(
            body="assembly",
            person_id=person,
            corrects=ref,
            reason="took effect a week later",
            starts_on=date(2025, 5, 12),
            ends_on=date(2025, 6, 1),
        ),
        CLERK,
    )
    catch_up(ledger, view)

    assert person not in members(view, DAY)
    assert person in members(view, date(2025, 5, 12))
    assert person not in members(view, date(2025, 6, 1))
    assert person in members(view, DAY, before_correction)
    assert person in members(view, date(2025, 6, 1), before_correction)
    rebuilt = ProjectionRunner(ledger.recorder, ledger.mapper, view)
    rebuilt.rebuild()
    assert person in members(view, date(2025, 5, 12))
    assert person in members(view, DAY, before_correction)


def senators(view: CompositionView, on: date, known: datetime | None = None) -> set[UUID]:
    row = view.composition("senate_assembly_quota", on, known)
    assert row is not None
    return {h.person_id for s in row.posts for h in s.holders}


def test_a_retracted_appointment_leaves_the_seat_empty_from_the_correction_on(
    world: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = world
    person = ledger.execute(
        RegisterPerson(full_name="Sample Senator Pi", registered_on=DAY), CLERK
    ).subject_id
    nominate(ledger, "senator", person, DAY)
    holding = ledger.execute(
        Appoint(post="senator", person_id=person, act=DECREE, starts_on=DAY), CLERK
    ).subject_id
    catch_up(ledger, view)
    before_correction = datetime.now(UTC)

    ledger.execute(
        RetractHolding(post="senator", holding_id=holding, reason="decree recorded in error"), CLERK
    )
    catch_up(ledger, view)

    assert senators(view, DAY) == set()
    assert senators(view, DAY, before_correction) == {person}

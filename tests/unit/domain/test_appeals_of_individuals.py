"""§17.3: appeals of individuals and legal entities to the Secretariat, received to answered."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.application import Ledger
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.secretariat.commands import (
    AnswerPetition,
    AssessPetition,
    AssignPetition,
    ReceivePetition,
)
from domain.secretariat.petitions import AppellantKind, PetitionStatus
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    days,
    keyed,
    memory_ledger,
    position,
    refused,
)

UNIT = "Sample Unit for Interethnic Relations"


def _receive(
    ledger: Ledger, on: date = DAY, kind: AppellantKind = AppellantKind.INDIVIDUAL
) -> UUID:
    return ledger.execute(
        ReceivePetition(
            appellant_kind=kind,
            appellant_name="Sample Appellant Alpha",
            subject="Sample subject",
            received_on=on,
        ),
        CLERK,
    ).subject_id


def _assess(
    ledger: Ledger, petition: UUID, on: date = DAY, *, national: bool = True, ethnic: bool = True
) -> None:
    ledger.execute(
        AssessPetition(
            petition_id=petition,
            national_importance=national,
            interethnic_relations=ethnic,
            assessed_on=on,
        ),
        CLERK,
    )


def _assign(ledger: Ledger, petition: UUID, on: date = DAY) -> None:
    ledger.execute(AssignPetition(petition_id=petition, assignee=UNIT, assigned_on=on), CLERK)


def _answer(ledger: Ledger, petition: UUID, on: date = DAY) -> None:
    ledger.execute(
        AnswerPetition(petition_id=petition, summary="Sample answer", answered_on=on), CLERK
    )


@pytest.mark.parametrize("kind", [AppellantKind.INDIVIDUAL, AppellantKind.LEGAL_ENTITY])
def test_an_appeal_in_scope_goes_from_receipt_to_answer_on_one_day(kind: AppellantKind) -> None:
    ledger = memory_ledger()
    petition = _receive(ledger, DAY, kind)

    _assess(ledger, petition, DAY)
    _assign(ledger, petition, DAY)
    _answer(ledger, petition, DAY)

    state = ledger.petition(petition)
    assert (state.appellant_kind, state.status, state.assignee, state.answer) == (
        kind,
        PetitionStatus.ANSWERED,
        UNIT,
        "Sample answer",
    )
    assert state.considered


def test_each_step_is_recorded_in_turn_on_later_days() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger, DAY)

    _assess(ledger, petition, DAY + days(1))
    assert ledger.petition(petition).status is PetitionStatus.ACCEPTED
    _assign(ledger, petition, DAY + days(2))
    assert ledger.petition(petition).status is PetitionStatus.ASSIGNED
    _answer(ledger, petition, DAY + days(3))

    state = ledger.petition(petition)
    assert (state.received_on, state.last_step_on, state.closure_reason) == (
        DAY,
        DAY + days(3),
        "",
    )


@pytest.mark.parametrize(
    ("national", "ethnic", "reason"),
    [
        (False, True, "the appeal is not of national importance"),
        (True, False, "the appeal does not affect the sphere of interethnic relations"),
        (
            False,
            False,
            "the appeal is not of national importance and does not affect the sphere of "
            "interethnic relations",
        ),
    ],
    ids=["local-importance", "not-interethnic", "neither"],
)
def test_an_appeal_not_meeting_both_conditions_is_closed_with_the_reason(
    national: bool, ethnic: bool, reason: str
) -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)

    _assess(ledger, petition, national=national, ethnic=ethnic)

    state = ledger.petition(petition)
    assert (state.status, state.closure_reason, state.considered) == (
        PetitionStatus.CLOSED,
        reason,
        False,
    )


def test_a_closed_appeal_is_neither_assigned_nor_answered() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)
    _assess(ledger, petition, ethnic=False)

    with refused(ledger, RuleViolation, "§17.3"):
        _assign(ledger, petition)
    with refused(ledger, RuleViolation, "§17.3"):
        _answer(ledger, petition)


def test_an_appeal_is_not_assigned_before_it_is_assessed() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)

    with refused(ledger, RuleViolation, "§17.3"):
        _assign(ledger, petition)


def test_an_appeal_is_not_answered_before_it_is_assigned() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)
    with refused(ledger, RuleViolation, "§17.3"):
        _answer(ledger, petition)
    _assess(ledger, petition)

    with refused(ledger, RuleViolation, "§17.3"):
        _answer(ledger, petition)


def test_no_step_is_taken_twice() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)
    _assess(ledger, petition)
    with refused(ledger, RuleViolation, "§17.3"):
        _assess(ledger, petition)
    _assign(ledger, petition)
    with refused(ledger, RuleViolation, "§17.3"):
        _assign(ledger, petition)
    _answer(ledger, petition)

    with refused(ledger, RuleViolation, "§17.3"):
        _answer(ledger, petition)


def test_dates_never_go_backwards_by_even_a_day() -> None:
    ledger = memory_ledger()
    petition = _receive(ledger, DAY)
    with refused(ledger, RuleViolation, "§17.3"):
        _assess(ledger, petition, DAY - days(1))
    _assess(ledger, petition, DAY + days(3))
    with refused(ledger, RuleViolation, "§17.3"):
        _assign(ledger, petition, DAY + days(2))
    _assign(ledger, petition, DAY + days(5))

    with refused(ledger, RuleViolation, "§17.3"):
        _answer(ledger, petition, DAY + days(4))


def test_an_appeal_received_before_decree_747_is_refused() -> None:
    ledger = memory_ledger()

    with refused(ledger, NoRulebookInForce, "Appendix"):
        _receive(ledger, RULEBOOK_START - days(1))
    _receive(ledger, RULEBOOK_START)


def test_blank_names_subjects_assignees_and_answers_are_malformed() -> None:
    ledger = memory_ledger()
    with refused(ledger, InvalidCommand):
        ledger.execute(
            ReceivePetition(
                appellant_kind=AppellantKind.INDIVIDUAL,
                appellant_name=" ",
                subject="Sample",
                received_on=DAY,
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            ReceivePetition(
                appellant_kind=AppellantKind.LEGAL_ENTITY,
                appellant_name="Sample",
                subject="",
                received_on=DAY,
            ),
            CLERK,
        )
    petition = _receive(ledger)
    _assess(ledger, petition)
    with refused(ledger, InvalidCommand):
        ledger.execute(AssignPetition(petition_id=petition, assignee="  ", assigned_on=DAY), CLERK)
    _assign(ledger, petition)

    with refused(ledger, InvalidCommand):
        ledger.execute(AnswerPetition(petition_id=petition, summary="", answered_on=DAY), CLERK)


def test_an_unknown_petition_is_not_found() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        _assess(ledger, uuid4())


def test_a_retried_receipt_names_the_same_petition_and_records_it_once() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        ReceivePetition(
            appellant_kind=AppellantKind.INDIVIDUAL,
            appellant_name="Sample Appellant",
            subject="Sample",
            received_on=DAY,
        ),
        keyed("pet-1"),
    )
    after = position(ledger)

    again = ledger.execute(
        ReceivePetition(
            appellant_kind=AppellantKind.INDIVIDUAL,
            appellant_name="Sample Appellant",
            subject="Sample",
            received_on=DAY,
        ),
        keyed("pet-1"),
    )

    assert again.subject_id == first.subject_id
    assert again.replayed
    assert position(ledger) == after


# -- property: the §17.3 state machine ------------------------------------------------------------

_ORDER = [PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED, PetitionStatus.ASSIGNED]
_steps = st.lists(
    st.tuples(
        st.sampled_from(["assess", "assign", "answer"]),
        st.sampled_from([-1, 0, 0, 1, 2]),  # days from the date of the step attempted before
        st.sampled_from([True, True, True, False]),  # of national importance
        st.sampled_from([True, True, True, False]),  # affecting interethnic relations
    ),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(_steps)
def test_any_sequence_of_steps_follows_the_order_or_refuses_without_trace(
    steps: list[tuple[str, int, bool, bool]],
) -> None:
    ledger = memory_ledger()
    petition = _receive(ledger)
    taken: list[str] = []
    on = DAY
    for name, step, national, ethnic in steps:
        on += days(step)
        before = position(ledger)
        try:
            if name == "assess":
                _assess(ledger, petition, on, national=national, ethnic=ethnic)
            elif name == "assign":
                _assign(ledger, petition, on)
            else:
                _answer(ledger, petition, on)
            taken.append(name)
        except LedgerError:
            assert position(ledger) == before
    state = ledger.petition(petition)
    event(f"ended {state.status.value}")
    # The steps taken are a prefix of the one order the Regulation allows.
    assert taken == ["assess", "assign", "answer"][: len(taken)]
    assert state.status is not PetitionStatus.CLOSED or taken == ["assess"]
    if "assign" in taken:
        assert state.considered
    assert state.last_step_on is not None
    assert state.last_step_on >= DAY
    if state.status in _ORDER:
        assert len(taken) == _ORDER.index(state.status)

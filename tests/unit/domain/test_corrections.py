"""Corrections: a new event points at the event it corrects and says why; nothing is rewritten."""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.composition.bodies import Body
from domain.kernel.corrections import EventRef
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import body_id
from tests.support.samples import (
    CLERK,
    DAY,
    days,
    decree,
    memory_ledger,
    position,
    refused,
    register,
    seat_senator,
)


def admitted(ledger: Ledger, name: str = "Sample Member Kappa") -> tuple[UUID, EventRef]:
    person = register(ledger, name)
    ledger.admit_member("assembly", person, decree(DAY), CLERK, starts_on=DAY)
    term = ledger.body("assembly").terms_of(person)[-1]
    return person, EventRef(originator_id=body_id("assembly"), originator_version=term.recorded_in)


def events_of(ledger: Ledger) -> list[str]:
    return [n.topic for n in ledger.recorder.select_notifications(start=1, limit=10_000)]


def test_a_term_recorded_in_error_is_retracted_by_a_new_event_that_points_at_it() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)
    before = events_of(ledger)

    ledger.retract_membership_term("assembly", person, ref, "admitted twice by mistake", CLERK)

    assert not ledger.body("assembly").member_on(person, DAY)
    after = events_of(ledger)
    assert after[: len(before)] == before  # nothing edited or deleted
    assert after[len(before) :] == [f"{Body.__module__}:Body.TermCorrected"]
    corrected = ledger.mapper.to_domain_event(
        ledger.recorder.select_notifications(start=position(ledger), limit=1)[0]
    )
    assert isinstance(corrected, Body.TermCorrected)
    assert corrected.corrects == ref
    assert corrected.reason.text == "admitted twice by mistake"
    assert corrected.tenure is None


def test_restated_dates_replace_the_term_and_keep_its_act() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)

    ledger.restate_membership_term(
        "assembly",
        person,
        ref,
        "the decree took effect later",
        CLERK,
        starts_on=DAY + days(3),
        ends_on=DAY + days(30),
    )

    roll = ledger.body("assembly")
    assert not roll.member_on(person, DAY + days(2))
    assert roll.member_on(person, DAY + days(3))
    assert not roll.member_on(person, DAY + days(30))
    assert roll.terms_of(person)[0].act == decree(DAY)


def test_a_correction_must_point_at_the_event_that_admitted_the_member() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)
    other, _ = admitted(ledger, "Sample Member Lambda")
    wrong_version = EventRef(originator_id=ref.originator_id, originator_version=1)
    wrong_aggregate = EventRef(
        originator_id=body_id("council"), originator_version=ref.originator_version
    )

    with refused(ledger, InvalidCommand):
        ledger.retract_membership_term("assembly", person, wrong_version, "wrong event", CLERK)
    with refused(ledger, InvalidCommand):
        ledger.retract_membership_term("assembly", other, ref, "someone else's term", CLERK)
    with refused(ledger, InvalidCommand):
        ledger.retract_membership_term("assembly", person, wrong_aggregate, "wrong body", CLERK)


def test_restated_dates_may_not_overlap_another_term_or_precede_the_act() -> None:
    ledger = memory_ledger()
    person, first = admitted(ledger)
    ledger.end_membership("assembly", person, decree(DAY + days(10)), CLERK, ends_on=DAY + days(10))
    ledger.admit_member("assembly", person, decree(DAY + days(20)), CLERK, starts_on=DAY + days(20))

    with refused(ledger, InvalidCommand):
        ledger.restate_membership_term(
            "assembly", person, first, "overlaps", CLERK, starts_on=DAY, ends_on=DAY + days(25)
        )
    with refused(ledger, InvalidCommand):
        ledger.restate_membership_term(
            "assembly",
            person,
            first,
            "before the decree",
            CLERK,
            starts_on=DAY - days(1),
            ends_on=DAY + days(10),
        )


def test_a_correction_with_the_same_key_is_recorded_once() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)
    keyed = CLERK.model_copy(update={"idempotency_key": "sample-correction-1"})

    first = ledger.retract_membership_term("assembly", person, ref, "recorded in error", keyed)
    again = ledger.retract_membership_term("assembly", person, ref, "recorded in error", keyed)

    assert again.replayed
    assert again.subject_id == first.subject_id
    assert events_of(ledger).count(f"{Body.__module__}:Body.TermCorrected") == 1


def test_a_senator_recorded_in_error_is_retracted_and_the_seat_is_free_again() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Nu", DAY)

    ledger.retract_holding("senator", holding, "decree recorded for the wrong person", CLERK)

    assert ledger.post("senator").holders_on(DAY) == []
    assert holding not in ledger.post("senator").holdings


def test_restating_the_head_of_the_secretariat_restates_the_ex_officio_deputy_too() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Xi")
    holding = ledger.appoint(
        "head_of_secretariat", head, decree(DAY), CLERK, starts_on=DAY
    ).subject_id

    ledger.restate_holding(
        "head_of_secretariat",
        holding,
        "took office a day later",
        CLERK,
        starts_on=DAY + days(1),
        ends_on=None,
    )

    for post in ("head_of_secretariat", "deputy_chairman_head_of_secretariat"):
        assert ledger.post(post).holders_on(DAY) == []
        assert [h.person_id for h in ledger.post(post).holders_on(DAY + days(1))] == [head]


def test_an_ex_officio_holding_is_not_corrected_on_its_own() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Omicron")
    ledger.appoint("head_of_secretariat", head, decree(DAY), CLERK, starts_on=DAY)
    (ex_officio,) = ledger.post("deputy_chairman_head_of_secretariat").holders_on(DAY)

    with refused(ledger, RuleViolation, "§17"):
        ledger.retract_holding(
            "deputy_chairman_head_of_secretariat", ex_officio.holding_id, "only this one", CLERK
        )


def test_restated_dates_must_still_find_a_free_seat_and_follow_the_act() -> None:
    ledger = memory_ledger()
    for n in range(4):
        seat_senator(ledger, f"Sample Senator {n}", DAY)
    late = seat_senator(ledger, "Sample Senator Late", DAY + days(10))
    ledger.dismiss("senator", late, decree(DAY + days(20)), CLERK, ends_on=DAY + days(20))
    seat_senator(ledger, "Sample Senator Fifth", DAY + days(20))

    with refused(ledger, InvalidCommand):
        ledger.restate_holding(
            "senator", late, "before its decree", CLERK, starts_on=DAY + days(9), ends_on=None
        )
    with refused(ledger, RuleViolation, "§5.4"):
        ledger.restate_holding(
            "senator", late, "would make six", CLERK, starts_on=DAY + days(10), ends_on=None
        )
    with refused(ledger, InvalidCommand):
        ledger.restate_holding(
            "senator",
            late,
            "before the dismissing decree",
            CLERK,
            starts_on=DAY + days(10),
            ends_on=DAY + days(19),
        )
    ledger.restate_holding(
        "senator",
        late,
        "took the seat a day later",
        CLERK,
        starts_on=DAY + days(11),
        ends_on=DAY + days(20),
    )
    assert len(ledger.post("senator").holders_on(DAY + days(10))) == 4
    assert len(ledger.post("senator").holders_on(DAY + days(11))) == 5

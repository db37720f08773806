"""Corrections: a new event points at the event it corrects and says why; nothing is rewritten."""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.composition.bodies import Body
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    Dismiss,
    EndMembership,
    RestateHolding,
    RestateMembershipTerm,
    RetractHolding,
    RetractMembershipTerm,
)
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
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    )
    term = ledger.body("assembly").terms_of(person)[-1]
    return person, EventRef(originator_id=body_id("assembly"), originator_version=term.recorded_in)


def events_of(ledger: Ledger) -> list[str]:
    return [n.topic for n in ledger.recorder.select_notifications(start=1, limit=10_000)]


def test_a_term_recorded_in_error_is_retracted_by_a_new_event_that_points_at_it() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)
    before = events_of(ledger)

    ledger.execute(
        RetractMembershipTerm(
            body="assembly", person_id=person, corrects=ref, reason="admitted twice by mistake"
        ),
        CLERK,
    )

    assert not ledger.body("assembly").member_on(person, DAY)
    after = events_of(ledger)
    assert after[: len(before)] == before  # nothing edited or deleted
    assert after[len(before) :] == [Body.TermCorrected.TOPIC]
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

    ledger.execute(
        RestateMembershipTerm(
            body="assembly",
            person_id=person,
            corrects=ref,
            reason="the decree took effect later",
            starts_on=DAY + days(3),
            ends_on=DAY + days(30),
        ),
        CLERK,
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
        ledger.execute(
            RetractMembershipTerm(
                body="assembly", person_id=person, corrects=wrong_version, reason="wrong event"
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RetractMembershipTerm(
                body="assembly", person_id=other, corrects=ref, reason="someone else's term"
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RetractMembershipTerm(
                body="assembly", person_id=person, corrects=wrong_aggregate, reason="wrong body"
            ),
            CLERK,
        )


def test_restated_dates_may_not_overlap_another_term_or_precede_the_act() -> None:
    ledger = memory_ledger()
    person, first = admitted(ledger)
    ledger.execute(
        EndMembership(
            body="assembly", person_id=person, act=decree(DAY + days(10)), ends_on=DAY + days(10)
        ),
        CLERK,
    )
    ledger.execute(
        AdmitMember(
            body="assembly", person_id=person, act=decree(DAY + days(20)), starts_on=DAY + days(20)
        ),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateMembershipTerm(
                body="assembly",
                person_id=person,
                corrects=first,
                reason="overlaps",
                starts_on=DAY,
                ends_on=DAY + days(25),
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateMembershipTerm(
                body="assembly",
                person_id=person,
                corrects=first,
                reason="before the decree",
                starts_on=DAY - days(1),
                ends_on=DAY + days(10),
            ),
            CLERK,
        )


def test_a_correction_with_the_same_key_is_recorded_once() -> None:
    ledger = memory_ledger()
    person, ref = admitted(ledger)
    keyed = CLERK.model_copy(update={"idempotency_key": "sample-correction-1"})

    first = ledger.execute(
        RetractMembershipTerm(
            body="assembly", person_id=person, corrects=ref, reason="recorded in error"
        ),
        keyed,
    )
    again = ledger.execute(
        RetractMembershipTerm(
            body="assembly", person_id=person, corrects=ref, reason="recorded in error"
        ),
        keyed,
    )

    assert again.replayed
    assert again.subject_id == first.subject_id
    assert events_of(ledger).count(Body.TermCorrected.TOPIC) == 1


def test_a_senator_recorded_in_error_is_retracted_and_the_seat_is_free_again() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Nu", DAY)

    ledger.execute(
        RetractHolding(
            post="senator", holding_id=holding, reason="decree recorded for the wrong person"
        ),
        CLERK,
    )

    assert ledger.post("senator").holders_on(DAY) == []
    assert holding not in ledger.post("senator").holdings


def test_restating_the_head_of_the_secretariat_restates_the_ex_officio_deputy_too() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Xi")
    holding = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id

    ledger.execute(
        RestateHolding(
            post="head_of_secretariat",
            holding_id=holding,
            reason="took office a day later",
            starts_on=DAY + days(1),
            ends_on=None,
        ),
        CLERK,
    )

    for post in ("head_of_secretariat", "deputy_chairman_head_of_secretariat"):
        assert ledger.post(post).holders_on(DAY) == []
        assert [h.person_id for h in ledger.post(post).holders_on(DAY + days(1))] == [head]


def test_an_ex_officio_holding_is_not_corrected_on_its_own() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head Omicron")
    ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    )
    (ex_officio,) = ledger.post("deputy_chairman_head_of_secretariat").holders_on(DAY)

    with refused(ledger, RuleViolation, "§17"):
        ledger.execute(
            RetractHolding(
                post="deputy_chairman_head_of_secretariat",
                holding_id=ex_officio.holding_id,
                reason="only this one",
            ),
            CLERK,
        )


def test_restated_dates_must_still_find_a_free_seat_and_follow_the_act() -> None:
    ledger = memory_ledger()
    for n in range(4):
        seat_senator(ledger, f"Sample Senator {n}", DAY)
    late = seat_senator(ledger, "Sample Senator Late", DAY + days(10))
    ledger.execute(
        Dismiss(
            post="senator", holding_id=late, act=decree(DAY + days(20)), ends_on=DAY + days(20)
        ),
        CLERK,
    )
    seat_senator(ledger, "Sample Senator Fifth", DAY + days(20))

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateHolding(
                post="senator",
                holding_id=late,
                reason="before its decree",
                starts_on=DAY + days(9),
                ends_on=None,
            ),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            RestateHolding(
                post="senator",
                holding_id=late,
                reason="would make six",
                starts_on=DAY + days(10),
                ends_on=None,
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateHolding(
                post="senator",
                holding_id=late,
                reason="before the dismissing decree",
                starts_on=DAY + days(10),
                ends_on=DAY + days(19),
            ),
            CLERK,
        )
    ledger.execute(
        RestateHolding(
            post="senator",
            holding_id=late,
            reason="took the seat a day later",
            starts_on=DAY + days(11),
            ends_on=DAY + days(20),
        ),
        CLERK,
    )
    assert len(ledger.post("senator").holders_on(DAY + days(10))) == 4
    assert len(ledger.post("senator").holders_on(DAY + days(11))) == 5

"""Idempotency keys: a retried command replays its first result; a reused key is refused."""

from __future__ import annotations

from uuid import uuid4

from domain.application.idempotency import IdempotencyRecord
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    Dismiss,
    NominateByDecision,
    RegisterPerson,
)
from domain.composition.posts import Post
from domain.kernel.errors import IdempotencyKeyReused, NotFound, RuleViolation
from domain.kernel.events import LedgerEvent
from domain.kernel.ids import post_id
from tests.support.decisions import nominate, nomination_decision
from tests.support.samples import (
    CLERK,
    DAY,
    days,
    decree,
    keyed,
    memory_ledger,
    oath,
    position,
    refused,
    register,
)


def test_registering_a_person_twice_with_one_key_records_them_once() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        RegisterPerson(full_name="Sample Person Alpha", registered_on=DAY), keyed("reg-1")
    )
    after_first = position(ledger)

    again = ledger.execute(
        RegisterPerson(full_name="Sample Person Alpha", registered_on=DAY), keyed("reg-1")
    )

    assert (again.subject_id, again.replayed) == (first.subject_id, True)
    assert (first.replayed, again.position) == (False, first.position)
    assert position(ledger) == after_first


def test_a_retried_appointment_replays_the_first_result_and_appends_nothing() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Head Alpha")
    first = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(DAY), starts_on=DAY),
        keyed("k"),
    )
    after_first = position(ledger)

    again = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(DAY), starts_on=DAY),
        keyed("k"),
    )

    assert again == first.model_copy(update={"replayed": True, "events": 0})
    assert position(ledger) == after_first
    assert len(ledger.post("head_of_secretariat").holders_on(DAY)) == 1


def test_retried_nomination_presidency_and_dismissal_each_record_once() -> None:
    ledger = memory_ledger()
    senator = register(ledger, "Sample Senator Alpha")
    president = register(ledger, "Sample President Alpha")
    for _ in range(2):
        decision = nomination_decision(ledger, "senator", senator, DAY)
        nominated = ledger.execute(
            NominateByDecision(post="senator", person_id=senator, decision_id=decision),
            keyed("nom"),
        )
        appointed = ledger.execute(
            Appoint(post="senator", person_id=senator, act=decree(DAY), starts_on=DAY), keyed("app")
        )
        ended = ledger.execute(
            Dismiss(
                post="senator",
                holding_id=appointed.subject_id,
                act=decree(DAY + days(9)),
                ends_on=DAY + days(9),
            ),
            keyed("dis"),
        )
        sworn = ledger.execute(AssumePresidency(person_id=president, act=oath(DAY)), keyed("oath"))
    after = position(ledger)

    assert all(r.replayed for r in (nominated, appointed, ended, sworn))
    assert len(ledger.post("senator").nominees) == 1
    assert len(ledger.post("senator").holdings) == 1
    assert len(ledger.post("chairman").holdings) == 1
    assert position(ledger) == after


def test_a_key_reused_for_a_different_payload_is_refused() -> None:
    ledger = memory_ledger()
    alpha = register(ledger, "Sample Senator Alpha")
    beta = register(ledger, "Sample Senator Beta")
    nominate(ledger, "senator", alpha, DAY, keyed("nomination-1"))
    nomination_decision(ledger, "senator", beta, DAY)
    nomination_decision(ledger, "senator", alpha, DAY, number="2")

    with refused(ledger, IdempotencyKeyReused):
        nominate(ledger, "senator", beta, DAY, keyed("nomination-1"))
    with refused(ledger, IdempotencyKeyReused):
        nominate(ledger, "senator", alpha, DAY, keyed("nomination-1"), number="2")


def test_a_key_reused_for_a_different_command_is_refused() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY, keyed("shared"))

    with refused(ledger, IdempotencyKeyReused):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY),
            keyed("shared"),
        )


def test_a_refused_command_does_not_use_up_its_key() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Senator Alpha")
    with refused(ledger, RuleViolation, "§13.1"):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY),
            keyed("later"),
        )

    nominate(ledger, "senator", person, DAY)
    retried = ledger.execute(
        Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), keyed("later")
    )

    assert not retried.replayed
    assert [h.person_id for h in ledger.post("senator").holders_on(DAY)] == [person]


def test_every_event_of_a_keyed_command_carries_its_key_and_provenance() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Head Alpha")
    before = position(ledger)

    ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(DAY), starts_on=DAY),
        keyed("head-1"),
    )

    events = [
        ledger.mapper.to_domain_event(n)
        for n in ledger.recorder.select_notifications(start=before + 1, limit=10)
    ]
    assert len(events) == 3  # the Head, the ex officio deputy, the remembered key
    head, deputy, remembered = events
    for event in (head, deputy):
        assert isinstance(event, LedgerEvent)
        assert (event.idempotency_key, event.recorded_by) == ("head-1", CLERK.recorded_by)
        assert event.effective_on == DAY
    assert isinstance(head, Post.HolderAppointed)
    assert isinstance(deputy, Post.ExOfficioHoldingBegan)  # §17: not an appointment
    assert (head.paragraph, deputy.paragraph) == ("§5.3", "§17")
    assert isinstance(remembered, IdempotencyRecord.Remembered)
    assert LedgerEvent not in type(remembered).__mro__  # bookkeeping, not a Regulation fact
    assert remembered.TOPIC.startswith("ledger:")
    assert head.TOPIC.startswith("assembly:")
    assert not hasattr(remembered, "paragraph")
    assert not hasattr(remembered, "effective_on")
    assert (remembered.key, remembered.recorded_by) == ("head-1", CLERK.recorded_by)


def test_commands_naming_an_unregistered_person_are_not_found() -> None:
    ledger = memory_ledger()
    nobody = uuid4()
    nomination_decision(ledger, "senator", nobody, DAY)

    with refused(ledger, NotFound):
        nominate(ledger, "senator", nobody, DAY)
    with refused(ledger, NotFound):
        ledger.execute(
            Appoint(post="head_of_secretariat", person_id=nobody, act=decree(DAY), starts_on=DAY),
            keyed("ghost"),
        )
    with refused(ledger, NotFound):
        ledger.execute(AssumePresidency(person_id=nobody, act=oath(DAY)), CLERK)
    with refused(ledger, NotFound):
        ledger.execute(
            AdmitMember(body="council", person_id=nobody, act=decree(DAY), starts_on=DAY), CLERK
        )


def test_the_id_of_something_that_is_not_a_person_is_not_found() -> None:
    ledger = memory_ledger()
    not_a_person = post_id("head_of_secretariat")

    with refused(ledger, NotFound):
        ledger.execute(
            Appoint(
                post="head_of_secretariat", person_id=not_a_person, act=decree(DAY), starts_on=DAY
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.person(not_a_person)

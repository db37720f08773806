"""What every event store must do for the ledger: durability, round trips, replays, races."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing
from datetime import UTC, datetime
from pathlib import Path
from threading import Barrier
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic

from domain.application import Ledger, Recorded
from domain.application.idempotency import IdempotencyRecord
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    Dismiss,
    EndMembership,
    EstablishBodies,
)
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.kernel.errors import IdempotencyKeyReused, LedgerError, RuleViolation
from domain.kernel.events import LedgerEvent
from domain.kernel.ids import post_id
from domain.regulation.rulebook import DECREE_747
from infra.storage import open_ledger
from tests.support.decisions import nominate
from tests.support.samples import (
    CLERK,
    DAY,
    days,
    decree,
    keyed,
    oath,
    order,
    position,
    refused,
    register,
    seat_senator,
)
from tests.support.stores import LedgerStore, store_settings

POSTS = [rule.code for rule in DECREE_747.posts]


def _events(ledger: Ledger) -> list[LedgerEvent]:
    notifications = ledger.recorder.select_notifications(start=1, limit=1000)
    events = [ledger.mapper.to_domain_event(n) for n in notifications]
    assert all(isinstance(e, LedgerEvent) for e in events)
    return [e for e in events if isinstance(e, LedgerEvent)]


def _senators_appointed(ledger: Ledger) -> int:
    topic = get_topic(Post.HolderAppointed)
    found = ledger.recorder.select_notifications(start=1, limit=1000, topics=[topic])
    return sum(n.originator_id == post_id("senator") for n in found)


def test_the_sqlite_event_store_is_durable(tmp_path: Path) -> None:
    with ExitStack() as stack:
        settings = store_settings("sqlite", tmp_path, stack)
        ledger = stack.enter_context(closing(open_ledger(settings)))
        ledger.execute(EstablishBodies(), CLERK)
        recorder = ledger.recorder
        assert isinstance(recorder, SQLiteApplicationRecorder)
        # `synchronous` belongs to a connection, so ask the one the ledger writes with.
        with (
            recorder.datastore.get_connection(commit=True) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL: every commit reaches the disk

        with closing(sqlite3.connect(settings.events_path)) as reopened:
            assert reopened.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert reopened.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_another_instance_shares_the_stored_events_and_nothing_else(
    ledger: Ledger, store: LedgerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    alpha = register(ledger, "Sample Person Alpha")
    other = store.open()
    decoded: list[str] = []
    decode = other.mapper.to_domain_event

    def counting(stored: StoredEvent) -> object:
        decoded.append(stored.topic)
        return decode(stored)

    monkeypatch.setattr(other.mapper, "to_domain_event", counting)

    assert other is not ledger
    assert other.mapper is not ledger.mapper
    assert other.repository is not ledger.repository
    assert other.repository.cache is not ledger.repository.cache
    assert other.person(alpha).full_name == "Sample Person Alpha"
    assert decoded == [get_topic(Person.Registered)]  # read from the store, not a shared cache
    beta = register(other, "Sample Person Beta")
    assert ledger.person(beta).full_name == "Sample Person Beta"


def test_establishing_again_records_nothing(ledger: Ledger, store: LedgerStore) -> None:
    established = _events(ledger)
    assert len(established) == len(DECREE_747.bodies) + len(DECREE_747.posts)

    assert ledger.execute(EstablishBodies(), CLERK).events == 0
    assert store.open().execute(EstablishBodies(), CLERK).events == 0
    assert position(ledger) == len(established)


def test_events_round_trip_with_every_provenance_field(ledger: Ledger) -> None:
    head = register(ledger, "Sample Head Alpha")
    before, recorded_from = position(ledger), datetime.now(UTC)

    ledger.execute(
        Appoint(
            post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY + days(1)
        ),
        keyed("contract-head"),
    )

    recorded_until = datetime.now(UTC)
    notifications = ledger.recorder.select_notifications(start=before + 1, limit=10)
    assert len(notifications) == 3  # the Head, the ex officio deputy, the remembered key
    paragraphs = []
    for notification in notifications:
        event = ledger.mapper.to_domain_event(notification)
        assert isinstance(event, LedgerEvent | IdempotencyRecord.Remembered)
        assert event.recorded_by == CLERK.recorded_by
        assert recorded_from <= event.timestamp <= recorded_until
        stored_again = ledger.mapper.to_stored_event(event)
        assert (stored_again.topic, stored_again.state) == (notification.topic, notification.state)
        if isinstance(event, LedgerEvent):
            assert event.effective_on == DAY + days(1)
            assert event.idempotency_key == "contract-head"
            paragraphs.append(event.paragraph)
        else:
            assert isinstance(event, IdempotencyRecord.Remembered)  # bookkeeping
            assert event.key == "contract-head"
    assert paragraphs == ["§5.3", "§17"]


def _tell_story(ledger: Ledger) -> dict[str, UUID]:
    """Presidents, a Head of the Secretariat, deputies, senators and members, with changes."""
    people = {name: register(ledger, f"Sample Person {name}") for name in ("P1", "P2", "H", "E1")}
    ledger.execute(AssumePresidency(person_id=people["P1"], act=oath(DAY)), CLERK)
    head = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=people["H"], act=order(DAY), starts_on=DAY),
        CLERK,
    )
    nominate(
        ledger,
        "deputy_chairman_ethnocultural",
        people["E1"],
        DAY,
        association="Sample Association Alpha",
    )
    ledger.execute(
        Appoint(
            post="deputy_chairman_ethnocultural",
            person_id=people["E1"],
            act=order(DAY),
            starts_on=DAY,
            association="Sample Association Alpha",
        ),
        CLERK,
    )
    senators = [seat_senator(ledger, f"Sample Senator {n}", DAY) for n in range(3)]
    ledger.execute(
        Dismiss(
            post="senator", holding_id=senators[0], act=decree(DAY + days(9)), ends_on=DAY + days(9)
        ),
        CLERK,
    )
    for person in people.values():
        ledger.execute(
            AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
        )
    ledger.execute(
        EndMembership(
            body="assembly", person_id=people["E1"], act=decree(DAY), ends_on=DAY + days(5)
        ),
        CLERK,
    )
    ledger.execute(
        Dismiss(
            post="head_of_secretariat",
            holding_id=head.subject_id,
            act=decree(DAY),
            ends_on=DAY + days(7),
        ),
        CLERK,
    )
    ledger.execute(AssumePresidency(person_id=people["P2"], act=oath(DAY + days(20))), CLERK)
    return people


def test_a_full_appointment_story_reloads_identically(ledger: Ledger, store: LedgerStore) -> None:
    people = _tell_story(ledger)
    reloaded = store.open()  # another instance: its own cache, its own decoding

    assert _events(reloaded) == _events(ledger)
    for code in POSTS:
        post, again = ledger.post(code), reloaded.post(code)
        from_store: Post = ledger.repository.get(post_id(code), version=post.version)  # no cache
        assert (again.holdings, again.nominees) == (post.holdings, post.nominees)
        assert (from_store.holdings, from_store.nominees) == (post.holdings, post.nominees)
    for person in people.values():
        terms = ledger.body("assembly").terms_of(person)
        assert reloaded.body("assembly").terms_of(person) == terms
        assert reloaded.person(person).full_name == ledger.person(person).full_name
    chairman = reloaded.post("chairman")
    assert [h.person_id for h in chairman.holders_on(DAY + days(20))] == [people["P2"]]
    assert reloaded.post("deputy_chairman_head_of_secretariat").holders_on(DAY + days(7)) == []
    assert len(reloaded.post("senator").holders_on(DAY + days(9))) == 2


def test_a_retried_command_is_replayed_on_every_store(ledger: Ledger, store: LedgerStore) -> None:
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY)
    first = ledger.execute(
        Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), keyed("retry-1")
    )
    after_first = position(ledger)

    again = store.open().execute(
        Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY), keyed("retry-1")
    )

    assert (again.subject_id, again.replayed, first.replayed) == (first.subject_id, True, False)
    assert position(ledger) == after_first
    with refused(ledger, IdempotencyKeyReused):
        ledger.execute(
            Appoint(post="senator", person_id=person, act=order(DAY), starts_on=DAY),
            keyed("retry-1"),
        )


def test_a_refused_command_appends_nothing_on_every_store(
    ledger: Ledger, store: LedgerStore
) -> None:
    for n in range(5):
        seat_senator(ledger, f"Sample Senator {n}", DAY)
    sixth = register(ledger, "Sample Senator Six")
    nominate(ledger, "senator", sixth, DAY)

    with refused(ledger, RuleViolation, "§5.4"):
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(DAY), starts_on=DAY), keyed("sixth")
        )

    reloaded = store.open()
    assert len(reloaded.post("senator").holders_on(DAY)) == 5
    assert _senators_appointed(reloaded) == 5


def _race(send: list[tuple[Ledger, UUID]]) -> list[Recorded | LedgerError]:
    """Send one appointment per (ledger, person) from as many threads, released at once."""
    start = Barrier(len(send))

    def appoint(ledger: Ledger, person: UUID, key: str) -> Recorded | LedgerError:
        start.wait(timeout=30)
        try:
            return ledger.execute(
                Appoint(post="senator", person_id=person, act=decree(DAY), starts_on=DAY),
                keyed(key),
            )
        except LedgerError as refusal:
            return refusal

    with ThreadPoolExecutor(max_workers=len(send)) as pool:
        futures = [
            pool.submit(appoint, ledger, person, f"race-{person}") for ledger, person in send
        ]
        return [f.result(timeout=120) for f in futures]


def test_one_key_sent_twice_at_once_is_recorded_once(ledger: Ledger, store: LedgerStore) -> None:
    person = register(ledger, "Sample Senator Alpha")
    nominate(ledger, "senator", person, DAY)
    workers = [store.open(), store.open()]

    outcomes = _race([(w, person) for w in workers])

    assert all(isinstance(o, Recorded) for o in outcomes), outcomes
    recorded = [o for o in outcomes if isinstance(o, Recorded)]
    assert len({r.subject_id for r in recorded}) == 1
    assert sorted(r.replayed for r in recorded) == [False, True]
    assert _senators_appointed(ledger) == 1


def test_six_racing_appointments_seat_exactly_five_senators(
    ledger: Ledger, store: LedgerStore
) -> None:
    candidates = [register(ledger, f"Sample Senator {n}") for n in range(6)]
    for candidate in candidates:
        nominate(ledger, "senator", candidate, DAY)
    workers = [store.open() for _ in candidates]

    outcomes = _race(list(zip(workers, candidates, strict=True)))

    refusals = [o for o in outcomes if isinstance(o, LedgerError)]
    assert len(refusals) == 1, outcomes
    assert isinstance(refusals[0], RuleViolation)
    assert refusals[0].paragraph == "§5.4"
    assert len(store.open().post("senator").holders_on(DAY)) == 5
    assert _senators_appointed(ledger) == 5

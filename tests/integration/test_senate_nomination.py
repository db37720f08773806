"""The Senate nomination workflow on a real Temporal dev server, writing to a real SQLite ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.utils import get_topic
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from domain.application import Ledger, Recorded
from domain.composition.commands import (
    Appoint,
    DeclineNomination,
    NominateByDecision,
    RegisterPerson,
)
from domain.composition.posts import Post
from domain.composition.seats import NominationStatus as NomineeStatus
from domain.kernel.calendar import kazakhstan_date, today_in_kazakhstan
from domain.kernel.commands import Command
from domain.kernel.errors import ConcurrencyConflict, NotFound
from domain.kernel.values import Provenance
from tests.support.council import senate_candidates
from workflows.client import ProcessNotFound, ProcessRefused, SenateNominations
from workflows.inputs import (
    ActPayload,
    Appointment,
    Declination,
    NominationStatus,
    SenateNominationRequest,
)
from workflows.senate_nomination import RETRY, SenateNomination

pytestmark = [pytest.mark.temporal, pytest.mark.asyncio(loop_scope="session")]

CLERK = Provenance(recorded_by="Sample Clerk Beta")
PROPOSED_ON = date(2025, 4, 1)
DECREED_ON = date(2025, 4, 10)


def appoint(number: str = "D-1", issuer: str = "president", kind: str = "decree") -> Appointment:
    decree = ActPayload(kind=kind, issuer=issuer, number=number, issued_on=DECREED_ON)
    return Appointment(decree=decree, decided_by="Sample Clerk Beta")


def person(ledger: Ledger, name: str = "Sample Nominee Gamma") -> UUID:
    return ledger.execute(
        RegisterPerson(full_name=name, registered_on=date(2025, 1, 10)), CLERK
    ).subject_id


_DECISIONS: dict[tuple[int, UUID], UUID] = {}


def proposed(ledger: Ledger, person_id: UUID) -> UUID:
    """The Council's decision naming the person, from a real meeting (once per person)."""
    key = (id(ledger), person_id)
    if key not in _DECISIONS:
        try:
            ledger.require_person(person_id)
        except NotFound:  # an unknown person: cite a decision naming somebody else
            return proposed(ledger, person(ledger, "Sample Candidate Elsewhere"))
        _DECISIONS[key] = senate_candidates(ledger, PROPOSED_ON, person_id)
    return _DECISIONS[key]


def request(ledger: Ledger, person_id: UUID) -> SenateNominationRequest:
    return SenateNominationRequest(
        person_id=person_id,
        council_decision_id=proposed(ledger, person_id),
        requested_by="Sample Clerk Beta",
    )


def count(ledger: Ledger, event: type) -> int:
    notifications = ledger.recorder.select_notifications(start=1, limit=10_000)
    return [n.topic for n in notifications].count(get_topic(event))


async def test_a_proposal_then_a_decree_seats_the_nominee(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    nominee = person(ledger)

    started = await nominations.start(request(ledger, nominee), f"start-{uuid4()}")
    assert started.status is NominationStatus.AWAITING_DECISION
    assert started.nomination_id is not None

    decided = await nominations.decide(started.workflow_id, appoint(), f"decide-{uuid4()}")

    assert decided.status is NominationStatus.APPOINTED
    assert decided.holding_id is not None
    holders = ledger.post("senator").holders_on(DECREED_ON)
    assert [h.person_id for h in holders] == [nominee]
    assert holders[0].nomination_id == started.nomination_id
    assert (await nominations.state(started.workflow_id)).status is NominationStatus.APPOINTED


async def test_starting_and_deciding_again_with_the_same_keys_records_once(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    nominee = person(ledger)
    start_key, decide_key = f"start-{uuid4()}", f"decide-{uuid4()}"

    first = await nominations.start(request(ledger, nominee), start_key)
    again = await nominations.start(request(ledger, nominee), start_key)
    decided = await nominations.decide(first.workflow_id, appoint(), decide_key)
    decided_again = await nominations.decide(first.workflow_id, appoint(), decide_key)
    started_after_end = await nominations.start(request(ledger, nominee), start_key)

    assert again.workflow_id == first.workflow_id == started_after_end.workflow_id
    assert decided_again == decided
    assert count(ledger, Post.CandidateNominated) == 1
    assert count(ledger, Post.HolderAppointed) == 1


async def test_a_key_reused_for_another_nomination_is_refused(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    key = f"start-{uuid4()}"
    await nominations.start(request(ledger, person(ledger, "Sample Nominee Delta")), key)

    with pytest.raises(ProcessRefused) as refused:
        await nominations.start(request(ledger, person(ledger, "Sample Nominee Epsilon")), key)

    assert refused.value.refusal.code == "idempotency_key_reused"
    assert count(ledger, Post.CandidateNominated) == 1


async def test_a_sixth_senator_is_refused_with_paragraph_5_4_and_the_process_stays_open(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    for n in range(5):
        seated = await nominations.start(
            request(ledger, person(ledger, f"Sample Senator {n}")), f"s{n}-{uuid4()}"
        )
        await nominations.decide(seated.workflow_id, appoint(f"D-{n}"), f"d{n}-{uuid4()}")
    sixth = await nominations.start(
        request(ledger, person(ledger, "Sample Senator Six")), f"s6-{uuid4()}"
    )
    before = ledger.recorder.max_notification_id()

    with pytest.raises(ProcessRefused) as refused:
        await nominations.decide(sixth.workflow_id, appoint("D-6"), f"d6-{uuid4()}")

    assert refused.value.refusal.paragraph == "§5.4"
    assert refused.value.refusal.code == "rule_violation"
    assert ledger.recorder.max_notification_id() == before
    still_open = await nominations.state(sixth.workflow_id)
    assert still_open.status is NominationStatus.AWAITING_DECISION
    declined = await nominations.decide(
        sixth.workflow_id,
        Declination(reason="no free seat", decided_by="Sample Clerk"),
        f"d6b-{uuid4()}",
    )
    assert declined.status is NominationStatus.DECLINED
    assert sixth.nomination_id is not None
    nominee = ledger.post("senator").nominees[sixth.nomination_id]
    assert nominee.status is NomineeStatus.DECLINED


async def test_a_decided_nomination_takes_no_second_decision(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    started = await nominations.start(request(ledger, person(ledger)), f"start-{uuid4()}")
    await nominations.decide(started.workflow_id, appoint(), f"decide-{uuid4()}")

    with pytest.raises(ProcessRefused) as refused:
        await nominations.decide(started.workflow_id, appoint("D-2"), f"other-{uuid4()}")

    assert refused.value.refusal.code == "not_awaiting_decision"
    assert count(ledger, Post.HolderAppointed) == 1


async def test_a_proposal_for_an_unknown_person_ends_the_process_rejected(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    unknown = request(ledger, uuid4())  # the Council's meeting is held before
    before = ledger.recorder.max_notification_id()

    state = await nominations.start(unknown, f"start-{uuid4()}")

    assert state.status is NominationStatus.REJECTED
    assert state.refusal is not None
    assert state.refusal.code == "not_found"
    assert ledger.recorder.max_notification_id() == before


async def test_an_unknown_process_is_not_found(temporal_client: Client, task_queue: str) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    with pytest.raises(ProcessNotFound):
        await nominations.state("senate-nomination-unknown")
    with pytest.raises(ProcessNotFound):
        await nominations.decide("senate-nomination-unknown", appoint(), f"k-{uuid4()}")


async def test_the_recorded_history_replays_deterministically(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    started = await nominations.start(request(ledger, person(ledger)), f"start-{uuid4()}")
    await nominations.decide(started.workflow_id, appoint(), f"decide-{uuid4()}")
    handle = temporal_client.get_workflow_handle(started.workflow_id)
    await handle.result()
    history = await handle.fetch_history()

    replayer = Replayer(workflows=[SenateNomination], data_converter=pydantic_data_converter)
    result = await replayer.replay_workflow(history)

    assert result.replay_failure is None


async def test_a_decision_key_reused_for_another_decision_is_refused(
    temporal_client: Client, task_queue: str, ledger: Ledger
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    started = await nominations.start(request(ledger, person(ledger)), f"start-{uuid4()}")
    key = f"decide-{uuid4()}"
    decline = Declination(reason="Sample reason", decided_by="Clerk")
    await nominations.decide(started.workflow_id, decline, key)

    with pytest.raises(ProcessRefused) as refused:
        await nominations.decide(started.workflow_id, appoint(), key)
    again = await nominations.decide(started.workflow_id, decline, key)

    assert refused.value.refusal.code == "idempotency_key_reused"
    assert again.status is NominationStatus.DECLINED
    assert count(ledger, Post.HolderAppointed) == 0


def conflicting(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, command: type[Command], times: int
) -> list[Command]:
    """Make the ledger refuse `command` as a concurrency conflict `times` times; log the calls."""
    calls: list[Command] = []

    def flaky(sent: Command, provenance: Provenance) -> Recorded:
        if isinstance(sent, command):
            calls.append(sent)
            if len(calls) <= times:
                raise ConcurrencyConflict(f"{sent.command_name} conflicted (sample)")
        return Ledger.execute(ledger, sent, provenance)

    monkeypatch.setattr(ledger, "execute", flaky)
    return calls


async def test_a_conflict_is_retried_and_one_outlasting_the_retries_lets_the_key_start_again(
    temporal_client: Client, task_queue: str, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    nominee, key = person(ledger), f"start-{uuid4()}"
    outlasting = conflicting(ledger, monkeypatch, NominateByDecision, times=1_000)

    with pytest.raises(ProcessRefused) as refused:
        await nominations.start(request(ledger, nominee), key)
    monkeypatch.undo()
    passing = conflicting(ledger, monkeypatch, NominateByDecision, times=2)
    started = await nominations.start(request(ledger, nominee), key)

    assert refused.value.refusal.code == "concurrency_conflict"
    assert len(outlasting) == RETRY.maximum_attempts
    assert len(passing) == 3
    assert started.status is NominationStatus.AWAITING_DECISION
    assert count(ledger, Post.CandidateNominated) == 1


async def test_a_decision_that_kept_conflicting_leaves_the_process_open_for_the_same_key(
    temporal_client: Client, task_queue: str, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    started = await nominations.start(request(ledger, person(ledger)), f"start-{uuid4()}")
    conflicting(ledger, monkeypatch, Appoint, times=1_000)
    key = f"decide-{uuid4()}"

    with pytest.raises(ProcessRefused) as refused:
        await nominations.decide(started.workflow_id, appoint(), key)
    monkeypatch.undo()
    decided = await nominations.decide(started.workflow_id, appoint(), key)
    again = await nominations.decide(started.workflow_id, appoint(), key)

    assert refused.value.refusal.code == "concurrency_conflict"
    assert decided.status is NominationStatus.APPOINTED
    assert again == decided
    assert count(ledger, Post.HolderAppointed) == 1


async def test_the_ledger_decides_the_act_and_an_undated_decline_is_dated_in_kazakhstan(
    temporal_client: Client, task_queue: str, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    nominations = SenateNominations(temporal_client, task_queue)
    started = await nominations.start(request(ledger, person(ledger)), f"start-{uuid4()}")
    sent = conflicting(ledger, monkeypatch, DeclineNomination, times=0)

    with pytest.raises(ProcessRefused) as by_the_council:
        await nominations.decide(started.workflow_id, appoint(issuer="council"), f"d-{uuid4()}")
    with pytest.raises(ProcessRefused) as unknown_kind:
        await nominations.decide(started.workflow_id, appoint(kind="edict"), f"d-{uuid4()}")
    before = today_in_kazakhstan()
    await nominations.decide(started.workflow_id, Declination(decided_by="Clerk"), f"d-{uuid4()}")
    after = today_in_kazakhstan()

    # An act of the Council is its decision at a recorded sitting, never a typed act.
    assert by_the_council.value.refusal.code == "invalid_command"
    assert "recorded sitting" in by_the_council.value.refusal.message
    assert unknown_kind.value.refusal.code == "invalid_command"
    assert count(ledger, Post.HolderAppointed) == 0
    assert [c.on for c in sent if isinstance(c, DeclineNomination)] in ([before], [after])
    assert kazakhstan_date(datetime(2025, 5, 11, 19, 0, tzinfo=UTC)) == date(2025, 5, 12)
    assert kazakhstan_date(datetime(2025, 5, 11, 18, 59, tzinfo=UTC)) == date(2025, 5, 11)
    with pytest.raises(ValueError, match="no time zone"):
        kazakhstan_date(datetime(2025, 5, 11, 12, 0))

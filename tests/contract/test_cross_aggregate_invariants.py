"""Rules that read one aggregate and write another hold when two commands race (every store).

Each trial starts two commands on two ledger instances at once, each of which would pass alone
but which together would break a rule: one of them must be refused (after deciding again on the
other's result), never both recorded. Recording times stay in log order whatever the clocks say.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, tzinfo
from functools import partial
from threading import Barrier
from uuid import UUID

import pytest

from domain.application import Ledger, Recorded
from domain.composition.commands import AdmitMember, Appoint, Dismiss, EndMembership
from domain.expert_council.commands import ElectExpertCouncilOfficer
from domain.kernel import clock
from domain.kernel.errors import LedgerError, RuleViolation
from domain.kernel.events import StoredEvent
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from tests.support.decisions import record_decision
from tests.support.samples import CLERK, DAY, act, days, decree, register
from tests.support.stores import LedgerStore

SEC, CHAIRMAN, HEAD = "scientific_expert_council", "expert_council_chairman", "head_of_secretariat"
DEPUTY_HEAD = "deputy_chairman_head_of_secretariat"
TRIALS = 10

Outcome = Recorded | LedgerError


def head_order(on: date) -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on)


def race(first: Callable[[], Recorded], second: Callable[[], Recorded]) -> list[Outcome]:
    """Run two commands at the same moment; each outcome is a record or a typed refusal."""
    start = Barrier(2)

    def attempt(command: Callable[[], Recorded]) -> Outcome:
        start.wait(timeout=30)
        try:
            return command()
        except LedgerError as refusal:
            return refusal

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(attempt, [first, second]))


def appoint_head(ledger: Ledger, on: date) -> UUID:
    head = register(ledger, "Sample Head of the Secretariat")
    return ledger.execute(
        Appoint(post=HEAD, person_id=head, act=decree(on), starts_on=on), CLERK
    ).subject_id


def test_an_officer_elected_while_leaving_the_expert_council_is_refused_one_way(
    ledger: Ledger, store: LedgerStore
) -> None:
    appoint_head(ledger, DAY)
    electing, leaving = store.open(), store.open()
    for trial in range(TRIALS):
        on = DAY + days(trial)
        person = register(ledger, f"Sample Expert {trial}")
        ledger.execute(
            AdmitMember(body=SEC, person_id=person, act=head_order(on), starts_on=on), CLERK
        )
        officer = Subject(persons=(person,), post=CHAIRMAN)
        election = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, on, subject=officer)

        elect = ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=election)
        leave = EndMembership(
            body=SEC, person_id=person, act=head_order(on), ends_on=on + timedelta(days=1)
        )

        outcomes = race(
            partial(electing.execute, elect, CLERK), partial(leaving.execute, leave, CLERK)
        )

        recorded = [o for o in outcomes if isinstance(o, Recorded)]
        assert len(recorded) == 1, outcomes
        [refusal] = [o for o in outcomes if isinstance(o, LedgerError)]
        assert isinstance(refusal, RuleViolation)
        assert refusal.paragraph == "§22"
        held = [h for h in ledger.post(CHAIRMAN).holdings.values() if h.person_id == person]
        still_member = ledger.body(SEC).member_on(person, on + timedelta(days=2))
        assert bool(held) == still_member  # an officer who is no member is never left
        if held:  # the second chairman of a trial would be refused for the seat: free it
            stepping_down = record_decision(
                ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, on, subject=officer
            )
            ledger.execute(
                Dismiss(
                    post=CHAIRMAN,
                    holding_id=held[0].holding_id,
                    decision_id=stepping_down,
                    ends_on=on + timedelta(days=1),
                ),
                CLERK,
            )


def recording_times(ledger: Ledger) -> list[datetime]:
    events = [
        ledger.mapper.to_domain_event(n)
        for n in ledger.recorder.select_notifications(start=1, limit=100_000)
    ]
    return [e.timestamp for e in events if isinstance(e, StoredEvent)]


def test_an_order_of_the_head_and_a_back_dated_dismissal_of_the_head_are_refused_one_way(
    ledger: Ledger, store: LedgerStore
) -> None:
    admitting, dismissing = store.open(), store.open()
    for trial in range(TRIALS):
        start = DAY + days(10 * trial)
        holding = appoint_head(ledger, start)
        person = register(ledger, f"Sample Expert {trial}")
        order_day = start + days(5)
        admit = AdmitMember(
            body=SEC, person_id=person, act=head_order(order_day), starts_on=order_day
        )
        dismiss = Dismiss(post=HEAD, holding_id=holding, act=decree(start), ends_on=start + days(1))

        outcomes = race(
            partial(admitting.execute, admit, CLERK), partial(dismissing.execute, dismiss, CLERK)
        )

        [refusal] = [o for o in outcomes if isinstance(o, LedgerError)]
        assert isinstance(refusal, RuleViolation)
        assert refusal.paragraph == "§24"
        admitted = ledger.body(SEC).member_on(person, order_day)
        head_in_office = bool(ledger.post(HEAD).holders_on(order_day))
        assert admitted == head_in_office  # an order of the Head always had a Head in office
        if head_in_office:
            ledger.execute(
                Dismiss(post=HEAD, holding_id=holding, act=decree(start), ends_on=start + days(9)),
                CLERK,
            )


def test_two_heads_appointed_at_once_leave_one_head_who_is_also_the_deputy(
    ledger: Ledger, store: LedgerStore
) -> None:
    first, second = store.open(), store.open()
    for trial in range(TRIALS):
        on = DAY + days(10 * trial)
        alpha = register(ledger, f"Sample Head Alpha {trial}")
        beta = register(ledger, f"Sample Head Beta {trial}")

        outcomes = race(
            partial(
                first.execute,
                Appoint(post=HEAD, person_id=alpha, act=decree(on), starts_on=on),
                CLERK,
            ),
            partial(
                second.execute,
                Appoint(post=HEAD, person_id=beta, act=decree(on), starts_on=on),
                CLERK,
            ),
        )

        [recorded] = [o for o in outcomes if isinstance(o, Recorded)]
        [refusal] = [o for o in outcomes if isinstance(o, LedgerError)]
        assert isinstance(refusal, RuleViolation)
        heads = [h.person_id for h in ledger.post(HEAD).holders_on(on)]
        deputies = [h.person_id for h in ledger.post(DEPUTY_HEAD).holders_on(on)]
        assert heads == deputies  # §17: the Head is ex officio the third Deputy Chairman
        assert len(heads) == 1
        ledger.execute(
            Dismiss(
                post=HEAD, holding_id=recorded.subject_id, act=decree(on), ends_on=on + days(5)
            ),
            CLERK,
        )


class SlowClock(datetime):
    """The clock of a machine an hour behind."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> SlowClock:
        moment = datetime.now(tz) - timedelta(hours=1)
        return cls.fromtimestamp(moment.timestamp(), tz)


def test_recording_times_follow_the_log_when_a_writer_s_clock_is_behind(
    ledger: Ledger, store: LedgerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead, behind = store.open(), store.open()
    register(ahead, "Sample Person Ahead")
    last_ahead = recording_times(ledger)[-1]

    monkeypatch.setattr(clock, "datetime", SlowClock)
    register(behind, "Sample Person Behind")
    register(behind, "Sample Person Behind Again")

    times = recording_times(ledger)
    assert times == sorted(times)
    assert times[-1] >= last_ahead  # stamped no earlier than what was recorded before it


def test_recording_times_follow_the_log_under_concurrent_writers(
    ledger: Ledger, store: LedgerStore
) -> None:
    writers = [store.open() for _ in range(4)]

    def write(n: int) -> None:
        for i in range(15):
            register(writers[n], f"Sample Person {n}-{i}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))

    times = recording_times(ledger)
    assert len(times) > 60
    assert times == sorted(times)

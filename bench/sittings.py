"""One Session of a seated Assembly on SQLite and PostgreSQL, beside the same events saved raw.

The Assembly's members are registered and admitted first (not timed). Each round then holds one
Session with keyed commands, as the Secretariat's workflows do: convene; record the attendance of
`present` members; for each motion, put it, record all `present` open votes in ONE `cast_votes`
batch, and decide it. What the Session wrote is read back from the notification log: how many
events each command saved, to which aggregates, and how large each stored event is. The baseline
saves the same events raw: plain eventsourcing aggregates with payloads of the same stored size,
one `Application.save` per ledger command (the same transactions), on the same kind of store.
No target is set for this line: it is information.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench import stores
from bench.figures import Figure
from domain.application import Ledger, Recorded
from domain.composition.commands import AdmitMember, EstablishBodies, RegisterPerson
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import Matter
from domain.sittings.commands import (
    CastVotes,
    ConveneSession,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.votes import AgendaItem, Choice
from infra.settings import StoreSettings
from infra.storage import open_ledger

Store = Literal["sqlite", "postgres"]
CLERK = "bench:secretariat"
FORMED = date(2025, 2, 1)
HELD_ON = date(2025, 3, 3)
ADMISSION = Act(
    kind=ActKind.DECREE,
    issuer=Authority.PRESIDENT,
    number="BENCH-D-1",
    issued_on=FORMED,
    title="On the members of the Assembly",
)
CONVENING = Act(
    kind=ActKind.DECREE,
    issuer=Authority.PRESIDENT,
    number="BENCH-D-2",
    issued_on=FORMED,
    title="On convening a Session of the Assembly",
)
AGENDA = (
    AgendaItem(number=1, matter=Matter.SESSION_BUSINESS, title="Bench business of the Session"),
    AgendaItem(number=2, matter=Matter.MEMBER_REPORTS, title="Bench reports of members"),
)

#: Issue 6: recording a Session reaches at least half the rate of saving its events raw.
SESSION_TARGET = 0.5


class RawRecord(Aggregate):
    """A plain aggregate whose events carry an opaque payload of a chosen size."""

    @event("Opened")
    def __init__(self, payload: str) -> None:
        self.payload = payload

    @event("Recorded")
    def record(self, payload: str) -> None:
        """Record one more event."""
        self.payload = payload


@dataclass(frozen=True)
class Written:
    """One stored event a ledger command saved: which aggregate, whether it opened it, its size."""

    aggregate: int
    opens: bool
    size: int


@dataclass(frozen=True)
class Shape:
    """What one Session wrote, command by command (each command is one transaction)."""

    commands: tuple[tuple[Written, ...], ...]

    @property
    def events(self) -> int:
        """Every event the Session wrote."""
        return sum(len(c) for c in self.commands)


@dataclass
class StorePair:
    """The ledger's store and the raw baseline's store of one kind, each fresh."""

    ledger: StoreSettings
    raw_env: dict[str, str]


@contextmanager
def fresh_stores(store: Store) -> Iterator[StorePair]:
    """Fresh stores of one kind for the ledger and the raw baseline."""
    with ExitStack() as stack:
        if store == "sqlite":
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            yield StorePair(
                stores.sqlite_settings(root / "ledger"), stores.sqlite_env(root / "raw")
            )
        else:
            ledger, raw = (stack.enter_context(stores.postgres_schema(f"bench_s{p}")) for p in "lr")
            yield StorePair(stores.postgres_settings(ledger), stores.postgres_env(raw))


def seat_assembly(ledger: Ledger, members: int) -> list[UUID]:
    """Register and admit `members` invented persons to the Assembly (not timed)."""
    clerk = Provenance(recorded_by=CLERK)
    ledger.execute(EstablishBodies(), clerk)
    seated = []
    for i in range(members):
        person = ledger.execute(
            RegisterPerson(full_name=f"Bench Member {i}", registered_on=FORMED), clerk
        )
        ledger.execute(
            AdmitMember(
                body="assembly", person_id=person.subject_id, act=ADMISSION, starts_on=FORMED
            ),
            clerk,
        )
        seated.append(person.subject_id)
    return seated


class Sessions:
    """Holds one Session per call with keyed commands, and reads back what it wrote."""

    def __init__(self, ledger: Ledger, members: list[UUID], present: int, motions: int) -> None:
        self.ledger = ledger
        self.roster = members[:present]
        self.run_id = uuid4().hex[:8]
        self.held = 0
        # Votes are prepared once: the timed part is the ledger's work, not building mappings.
        self.votes = [_votes(self.roster, _yes_count(present, motions, i)) for i in range(motions)]

    @property
    def commands(self) -> int:
        """Commands per Session: convene, attendance, then put, vote and decide per motion."""
        return 2 + 3 * len(self.votes)

    def __call__(self) -> tuple[float, Shape]:
        """Hold one Session; its seconds and the shape of what it wrote."""
        first = (self.ledger.recorder.max_notification_id() or 0) + 1
        number = f"BENCH-{self.run_id}-{self.held}"
        started = time.perf_counter()
        recorded = [
            self.ledger.execute(
                ConveneSession(number=number, held_on=HELD_ON, agenda=AGENDA, act=CONVENING),
                self._key("convene"),
            )
        ]
        sitting_id = recorded[0].subject_id
        recorded.append(
            self.ledger.execute(
                RecordAttendance(sitting_id=sitting_id, present=frozenset(self.roster)),
                self._key("roll"),
            )
        )
        for i, votes in enumerate(self.votes):
            put = self.ledger.execute(
                PutMotion(sitting_id=sitting_id, item=1 + i % 2, title=f"Bench motion {i}"),
                self._key(i),
            )
            recorded.append(put)
            recorded.append(
                self.ledger.execute(
                    CastVotes(sitting_id=sitting_id, motion_id=put.subject_id, votes=votes),
                    self._key(f"v{i}"),
                )
            )
            recorded.append(
                self.ledger.execute(
                    DecideMotion(sitting_id=sitting_id, motion_id=put.subject_id),
                    self._key(f"d{i}"),
                )
            )
        seconds = time.perf_counter() - started
        self.held += 1
        return seconds, self._shape(first, recorded)

    def _key(self, step: object) -> Provenance:
        key = f"bench:{self.run_id}:{self.held}:{step}"
        return Provenance(recorded_by=CLERK, idempotency_key=key)

    def _shape(self, first: int, recorded: list[Recorded]) -> Shape:
        last = recorded[-1].position
        log = self.ledger.recorder.select_notifications(first, limit=last - first + 1, stop=last)
        aggregates: dict[UUID | str, int] = {}
        commands: list[list[Written]] = [[] for _ in recorded]
        command = 0
        for notification in log:  # a command's events end at the position it returned
            while notification.id > recorded[command].position:
                command += 1
            index = aggregates.setdefault(notification.originator_id, len(aggregates))
            opens = notification.originator_version == 1
            commands[command].append(Written(index, opens, len(notification.state)))
        return Shape(tuple(tuple(c) for c in commands))


def _yes_count(present: int, motions: int, i: int) -> int:
    """Votes for motion `i`: around half the roster, so that some motions pass and some fail."""
    return max(0, min(present, present // 2 - motions // 2 + i + 1))


def _votes(roster: list[UUID], yes: int) -> dict[UUID, Choice]:
    votes = dict.fromkeys(roster[:yes], Choice.YES)
    votes.update(dict.fromkeys(roster[yes:], Choice.NO))
    return votes


class RawSaves:
    """Saves a Session's shape raw: the same events, sizes and aggregates, one save per command."""

    def __init__(self, app: Application[UUID], shape: Shape) -> None:
        self.app = app
        self.shape = shape
        probe = RawRecord(payload="")
        probe.record(payload="")
        opened, recorded = (
            len(app.mapper.to_stored_event(e).state) for e in probe.collect_events()
        )
        self.overhead = {True: opened, False: recorded}  # the stored size of an empty payload

    def __call__(self) -> float:
        """Save one Session's worth of events; the seconds it took."""
        payloads = [
            [(w, "x" * max(0, w.size - self.overhead[w.opens])) for w in command]
            for command in self.shape.commands
        ]
        started = time.perf_counter()
        aggregates: dict[int, RawRecord] = {}
        for command in payloads:
            touched: dict[int, RawRecord] = {}
            for written, payload in command:
                if written.opens or written.aggregate not in aggregates:
                    aggregates[written.aggregate] = RawRecord(payload=payload)
                else:
                    aggregates[written.aggregate].record(payload=payload)
                touched[written.aggregate] = aggregates[written.aggregate]
            self.app.save(*touched.values())
        return time.perf_counter() - started


def measure(
    store: Store, members: int, present: int, motions: int, rounds: int = 5
) -> list[Figure]:
    """The Session figure of one store kind: ledger and raw saves in interleaved rounds."""
    times: dict[str, list[float]] = {"ledger": [], "baseline": []}
    with fresh_stores(store) as pair:
        ledger = open_ledger(pair.ledger)
        raw: Application[UUID] = Application(env=pair.raw_env)
        try:
            sessions = Sessions(ledger, seat_assembly(ledger, members), present, motions)
            _, shape = sessions()  # warm-up: the Assembly's roll is loaded, the shape is known
            save = RawSaves(raw, shape)
            save()
            for number in range(rounds):
                sides = ["ledger", "baseline"] if number % 2 == 0 else ["baseline", "ledger"]
                for side in sides:
                    if side == "baseline":
                        times[side].append(save())
                        continue
                    seconds, written = sessions()
                    assert written.events == shape.events, "every Session writes the same"
                    times[side].append(seconds)
        finally:
            ledger.close()
            raw.close()
    return [_figure(store, members, present, motions, sessions.commands, shape, times)]


def _figure(
    store: Store,
    members: int,
    present: int,
    motions: int,
    commands: int,
    shape: Shape,
    times: dict[str, list[float]],
) -> Figure:
    events = shape.events
    ledger_ms, raw_ms = (1000 * statistics.median(times[k]) for k in ("ledger", "baseline"))
    rates = {k: [events / s for s in v] for k, v in times.items()}
    figure = Figure(
        metric=f"session of {members} members, events/s, {store}",
        unit="events/s",
        ledger=statistics.median(rates["ledger"]),
        baseline=statistics.median(rates["baseline"]),
        target=SESSION_TARGET,
        operations=events * len(times["ledger"]),
        rounds=rates,
        note=(
            f"one Session per round, {commands} keyed commands (convene; attendance of {present}; "
            f"per motion x{motions}: put_motion, ONE cast_votes batch of {present} open votes, "
            f"decide_motion) writing {events} events; median ledger {ledger_ms:.0f} ms, raw "
            f"{raw_ms:.0f} ms: the same events, sizes and aggregates, one Application.save per "
            "ledger command"
        ),
    )
    ratio = figure.ratio or 0.0
    print(
        f"session, {store}: ledger {ledger_ms:.0f} ms, raw {raw_ms:.0f} ms, ratio {ratio:.3f} "
        f"(raw time / ledger time), {events} events, {commands} commands",
        flush=True,
    )
    return figure

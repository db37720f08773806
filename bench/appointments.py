"""Appointment commands per second on SQLite and PostgreSQL, beside raw eventsourcing saves."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Literal
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench import stores
from bench.figures import Figure, compared, interleaved, split, timed
from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    Dismiss,
    EstablishBodies,
    NominateByDecision,
    RegisterPerson,
)
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from infra.sample import SampleLoader
from infra.settings import StoreSettings
from infra.storage import open_ledger

Store = Literal["sqlite", "postgres"]
CLERK = "bench:secretariat"
FORMED = date(2025, 2, 1)
FIRST_CYCLE = date(2025, 3, 3)
COUNCIL_SIZE = 5
COMMANDS_PER_CYCLE = 8  # convene, roster, motion, votes, decide; nominate, appoint, dismiss
WARM_UP = 10
DECREE = Act(
    kind=ActKind.DECREE,
    issuer=Authority.PRESIDENT,
    number="BENCH-D-1",
    issued_on=FORMED,
    title="On the members of the Assembly",
)


class RawMembership(Aggregate):
    """A plain aggregate whose created event carries what `Body.MemberAdmitted` carries."""

    @event("Opened")
    def __init__(
        self,
        body: str,
        person_id: UUID,
        act: dict[str, str],
        recorded_by: str,
        paragraph: str,
        idempotency_key: str,
        effective_on: str,
    ) -> None:
        self.body = body
        self.person_id = person_id
        self.act = act
        self.recorded_by = recorded_by
        self.paragraph = paragraph
        self.idempotency_key = idempotency_key
        self.effective_on = effective_on


@dataclass
class StorePair:
    """The ledger's store and the raw baseline's store of one kind, each fresh."""

    ledger: StoreSettings
    raw_env: dict[str, str]
    cycles: StoreSettings


@contextmanager
def fresh_stores(store: Store) -> Iterator[StorePair]:
    """Fresh stores of one kind for the ledger, the raw baseline and the post cycles."""
    with ExitStack() as stack:
        if store == "sqlite":
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            yield StorePair(
                ledger=stores.sqlite_settings(root / "ledger"),
                raw_env=stores.sqlite_env(root / "raw.sqlite"),
                cycles=stores.sqlite_settings(root / "cycles"),
            )
        else:
            names = [stack.enter_context(stores.postgres_schema(f"bench_{p}")) for p in "lrc"]
            yield StorePair(
                ledger=stores.postgres_settings(names[0]),
                raw_env=stores.postgres_env(names[1]),
                cycles=stores.postgres_settings(names[2]),
            )


def _register(ledger: Ledger, count: int, label: str) -> list[UUID]:
    clerk = Provenance(recorded_by=CLERK)
    return [
        ledger.execute(
            RegisterPerson(full_name=f"Bench {label} {i}", registered_on=FORMED), clerk
        ).subject_id
        for i in range(count)
    ]


class Admissions:
    """Admits pre-registered persons to the Assembly by decree, one keyed command each."""

    def __init__(self, ledger: Ledger, persons: list[UUID]) -> None:
        self.ledger = ledger
        self.pending = iter(persons)
        self.run_id = uuid4().hex[:8]
        self.done = 0

    def __call__(self, count: int) -> None:
        """Admit the next `count` persons."""
        for _ in range(count):
            person = next(self.pending)
            key = f"bench:{self.run_id}:admit:{self.done}"
            provenance = Provenance(recorded_by=CLERK, idempotency_key=key)
            self.ledger.execute(
                AdmitMember(body="assembly", person_id=person, act=DECREE, starts_on=FORMED),
                provenance,
            )
            self.done += 1


class RawSaves:
    """Saves one new `RawMembership` per call of a plain eventsourcing application."""

    def __init__(self, app: Application[UUID]) -> None:
        self.app = app
        self.done = 0

    def __call__(self, count: int) -> None:
        """Save `count` new aggregates, one save each."""
        act = {
            "kind": DECREE.kind.value,
            "number": DECREE.number,
            "issued_on": DECREE.issued_on.isoformat(),
            "issuer": DECREE.issuer.value,
            "title": DECREE.title,
        }
        for _ in range(count):
            self.app.save(
                RawMembership(
                    body="assembly",
                    person_id=uuid4(),
                    act=act,
                    recorded_by=CLERK,
                    paragraph="§5.1",
                    idempotency_key=f"bench:raw:{self.done}",
                    effective_on=FORMED.isoformat(),
                )
            )
            self.done += 1


def admissions(pair: StorePair, store: Store, n: int, rounds: int) -> Figure:
    """Ledger appointments to membership beside raw saves, interleaved in rounds."""
    ledger = open_ledger(pair.ledger)
    raw: Application[UUID] = Application(env=pair.raw_env)
    try:
        ledger.execute(EstablishBodies(), Provenance(recorded_by=CLERK))
        admit = Admissions(ledger, _register(ledger, n + WARM_UP, "member"))
        save = RawSaves(raw)
        save(n + WARM_UP)  # as many records in the raw store as persons in the ledger's
        admit(WARM_UP)
        rates = interleaved(timed(admit), timed(save), n, rounds)
    finally:
        ledger.close()
        raw.close()
    figure = compared(f"appointment commands/s, {store}", "commands/s", rates, n)
    return replace(figure, note="keyed admit_member vs raw Application.save, one aggregate each")


def post_cycles(settings: StoreSettings, store: Store, cycles: int, rounds: int) -> list[Figure]:
    """Senator nominate + appoint + dismiss cycles on a fresh ledger (informational)."""
    ledger = open_ledger(settings)
    appointing: list[tuple[int, float]] = []
    cycling: list[tuple[int, float]] = []
    try:
        ledger.execute(EstablishBodies(), Provenance(recorded_by=CLERK))
        council = _register(ledger, COUNCIL_SIZE, "council member")
        for person in council:
            admit = AdmitMember(body="council", person_id=person, act=DECREE, starts_on=FORMED)
            ledger.execute(admit, Provenance(recorded_by=CLERK))
        cycle = SenateCycle(ledger, _register(ledger, cycles, "senator"), frozenset(council))
        for count in split(cycles, rounds):
            started = time.perf_counter()
            appointing.append((count, cycle(count)))
            cycling.append((COMMANDS_PER_CYCLE * count, time.perf_counter() - started))
    finally:
        ledger.close()
    note = (
        f"{cycles} cycles of a Council meeting proposing a new person (convene, roster, motion,"
        " votes, decision), nominate + appoint + dismiss, a later day each;"
        " overall rate, rounds are consecutive parts (no baseline)"
    )
    return [
        _overall(f"senator appoint commands/s, {store}", appointing, note),
        _overall(f"senator cycle, all commands/s, {store}", cycling, note),
    ]


def _overall(metric: str, parts: list[tuple[int, float]], note: str) -> Figure:
    count = sum(c for c, _ in parts)
    return Figure(
        metric,
        "commands/s",
        count / sum(s for _, s in parts),
        operations=count,
        rounds={"ledger": [c / s for c, s in parts]},
        note=note,
    )


class SenateCycle:
    """Nominates, appoints and dismisses one new senator per cycle, each cycle a day later."""

    def __init__(self, ledger: Ledger, persons: list[UUID], council: frozenset[UUID]) -> None:
        self.ledger = ledger
        self.persons = persons
        self.meetings = SampleLoader(ledger)
        self.council = council
        self.run_id = uuid4().hex[:8]
        self.done = 0

    def __call__(self, count: int) -> float:
        """Run `count` cycles; returns the seconds spent in the appoint commands."""
        appointing = 0.0
        for _ in range(count):
            i, person = self.done, self.persons[self.done]
            day = FIRST_CYCLE + timedelta(days=i)
            (proposal,) = self.meetings.council_meeting(
                f"BENCH-{self.run_id}-{i}",
                day,
                self.council,
                [(Matter.SENATE_CANDIDATES, "Bench proposal", Subject(persons=(person,)))],
            )
            nominated = self.ledger.execute(
                NominateByDecision(post="senator", person_id=person, decision_id=proposal),
                self._key("propose"),
            )
            decree = _act(ActKind.DECREE, Authority.PRESIDENT, f"D-{i}", day)
            before = time.perf_counter()
            holding = self.ledger.execute(
                Appoint(
                    post="senator",
                    person_id=person,
                    act=decree,
                    starts_on=day,
                    nomination_id=nominated.subject_id,
                ),
                self._key("appoint"),
            )
            appointing += time.perf_counter() - before
            end = day + timedelta(days=1)
            dismissal = _act(ActKind.DECREE, Authority.PRESIDENT, f"X-{i}", end)
            self.ledger.execute(
                Dismiss(post="senator", holding_id=holding.subject_id, act=dismissal, ends_on=end),
                self._key("dismiss"),
            )
            self.done += 1
        return appointing

    def _key(self, step: str) -> Provenance:
        return Provenance(
            recorded_by=CLERK, idempotency_key=f"bench:{self.run_id}:{step}:{self.done}"
        )


def _act(kind: ActKind, issuer: Authority, number: str, on: date) -> Act:
    return Act(kind=kind, issuer=issuer, number=f"BENCH-{number}", issued_on=on)


def measure(store: Store, n: int, cycles: int, rounds: int = 5) -> list[Figure]:
    """Every appointment figure of one store kind."""
    with fresh_stores(store) as pair:
        figures = [admissions(pair, store, n, rounds)]
        figures += post_cycles(pair.cycles, store, cycles, rounds)
    return figures

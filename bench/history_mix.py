"""The commands of the synthetic history: an Assembly and a Council with daily turnover.

A history is a seated Assembly of `MEMBERS` and a Council of `COUNCIL` drawn from it, then one day
after another: `LEAVING` members of the Assembly leave and as many join (new persons registered
first, and `RETURNING` former members admitted to a second term), one member of the Council is
replaced, and every `SENATE_EVERY` days a senator is dismissed and a member of the Council is
proposed by the Council and appointed in the seat. Every command is keyed, as the Secretariat's
clients send them, so each records its event and an idempotency record. Every person is a
"Sample ..." and every act number begins with `SAMPLE-`.

The choices are deterministic (no random generator), so the state between two days is a small
JSON document: a history can be continued later from a saved checkpoint, and the measured batch
is the same mix continued on a copy.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from domain.application import Ledger, Recorded
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    Dismiss,
    EndMembership,
    EstablishBodies,
    NominateByDecision,
    RegisterPerson,
)
from domain.kernel.calendar import KAZAKHSTAN_TZ
from domain.kernel.clock import not_before
from domain.kernel.commands import Command
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.votes import AgendaItem, Choice

#: Raised when a change to the mix makes earlier saved histories incomparable.
MIX_VERSION = 4  # 3: senators proposed at real Council meetings; 4: recorded on each simulated day
CLERK = "Sample Clerk of the History"
START = date(2025, 3, 3)
MEMBERS = 400
COUNCIL = 40
SENATE_SEATS = 5
LEAVING = 12
RETURNING = 1
SENATE_EVERY = 3
FORMER_KEPT = 64
# A stride coprime with the sizes above spreads who leaves over the roll, so terms vary in
# length instead of the Assembly turning over first in, first out.
STRIDE = 7919

#: One command to execute; the generator is sent what it recorded.
Steps = Generator[tuple[Command, Provenance], Recorded, None]


@dataclass
class Mix:
    """Who sits where between two days of the history, and the counter behind keys and acts."""

    day: date = START
    serial: int = 0
    assembly: list[UUID] = field(default_factory=list)
    council: list[UUID] = field(default_factory=list)
    senators: list[tuple[UUID, UUID]] = field(default_factory=list)  # (holding, person)
    former: list[UUID] = field(default_factory=list)

    # -- the state as JSON, for checkpoints ----------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The state as a JSON-ready document."""
        return {
            "day": self.day.isoformat(),
            "serial": self.serial,
            "assembly": [str(p) for p in self.assembly],
            "council": [str(p) for p in self.council],
            "senators": [[str(h), str(p)] for h, p in self.senators],
            "former": [str(p) for p in self.former],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mix:
        """The state a checkpoint saved."""
        return cls(
            day=date.fromisoformat(data["day"]),
            serial=int(data["serial"]),
            assembly=[UUID(p) for p in data["assembly"]],
            council=[UUID(p) for p in data["council"]],
            senators=[(UUID(h), UUID(p)) for h, p in data["senators"]],
            former=[UUID(p) for p in data["former"]],
        )

    # -- the commands ---------------------------------------------------------------------------

    def bootstrap(self) -> Steps:
        """Establish the bodies, seat the Assembly, the Council and every senator."""
        yield EstablishBodies(), self._key("establish")
        for _ in range(MEMBERS):
            yield from self._join_assembly(None)
        for person in self.assembly[:COUNCIL]:
            yield from self._join_council(person)
        for person in self.council[:SENATE_SEATS]:
            yield from self._seat_senator(person)

    def days(self) -> Steps:
        """One day after another, without end."""
        while True:
            yield from self.one_day()

    def one_day(self) -> Steps:
        """The next day's turnover."""
        self.day += timedelta(days=1)
        busy = {*self.council, *(p for _, p in self.senators)}
        left: list[UUID] = []
        for _ in range(LEAVING):
            person = self._pick(self.assembly, busy)
            yield from self._end(person, "assembly")
            left.append(person)
        for i in range(LEAVING):
            returning = self.former.pop(0) if i < RETURNING and self.former else None
            yield from self._join_assembly(returning)
        self.former = (self.former + left)[-FORMER_KEPT:]
        senators = {p for _, p in self.senators}
        leaving = self._pick(self.council, senators)
        yield from self._end(leaving, "council")
        council = {*self.council, leaving}
        candidates = [p for p in self.assembly if p not in council]
        yield from self._join_council(self._pick(candidates, set()))
        if self.day.toordinal() % SENATE_EVERY == 0:
            yield from self._replace_senator()

    def _pick(self, members: list[UUID], busy: set[UUID]) -> UUID:
        # Deterministic and spread over the list; a member with another role stays.
        self.serial += 1
        start = (self.serial * STRIDE) % len(members)
        for offset in range(len(members)):
            index = (start + offset) % len(members)
            if members[index] not in busy:
                return members.pop(index)
        raise AssertionError("every member has another role")

    def _join_assembly(self, returning: UUID | None) -> Steps:
        person = returning
        if person is None:
            name = f"Sample Member {self.serial + 1:07d}"
            register = RegisterPerson(full_name=name, registered_on=self.day, sample=True)
            person = (yield register, self._key("register")).subject_id
        admit = AdmitMember(
            body="assembly", person_id=person, act=self._decree(), starts_on=self.day
        )
        yield admit, self._key("admit")
        self.assembly.append(person)

    def _join_council(self, person: UUID) -> Steps:
        admit = AdmitMember(
            body="council", person_id=person, act=self._decree(), starts_on=self.day
        )
        yield admit, self._key("council")
        self.council.append(person)

    def _end(self, person: UUID, body: str) -> Steps:
        end = EndMembership(body=body, person_id=person, act=self._decree(), ends_on=self.day)
        yield end, self._key(f"end-{body}")

    def _replace_senator(self) -> Steps:
        holding, person = self.senators.pop(0)
        dismissal = Dismiss(
            post="senator", holding_id=holding, act=self._decree(), ends_on=self.day
        )
        yield dismissal, self._key("dismiss")
        seated = {p for _, p in self.senators} | {person}
        yield from self._seat_senator(next(p for p in self.council if p not in seated))

    def _seat_senator(self, person: UUID) -> Steps:
        decision = yield from self._council_proposes(person)
        nominate = NominateByDecision(post="senator", person_id=person, decision_id=decision)
        nominated = yield nominate, self._key("nom")
        appoint = Appoint(
            post="senator",
            person_id=person,
            act=self._decree(),
            starts_on=self.day,
            nomination_id=nominated.subject_id,
        )
        holding = (yield appoint, self._key("appoint")).subject_id
        self.senators.append((holding, person))

    def _council_proposes(
        self, person: UUID
    ) -> Generator[tuple[Command, Provenance], Recorded, UUID]:
        """A Council meeting that day: every member present and for the proposal (§13.1)."""
        title = "Sample proposal of a candidate for deputy of the Senate"
        agenda = [AgendaItem(number=1, matter=Matter.SENATE_CANDIDATES, title=title)]
        convene = ConveneCouncilMeeting(
            number=f"SAMPLE-C-{self.serial + 1}",
            held_on=self.day,
            agenda=agenda,
            act=self._decree(),
        )
        sitting = (yield convene, self._key("convene")).subject_id
        members = frozenset(self.council)
        yield RecordAttendance(sitting_id=sitting, present=members), self._key("roster")
        put = PutMotion(sitting_id=sitting, item=1, title=title, subject=Subject(persons=(person,)))
        motion = (yield put, self._key("motion")).subject_id
        votes = CastVotes(
            sitting_id=sitting, motion_id=motion, votes=dict.fromkeys(members, Choice.YES)
        )
        yield votes, self._key("votes")
        decided = yield DecideMotion(sitting_id=sitting, motion_id=motion), self._key("decide")
        return decided.subject_id

    def _key(self, step: str) -> Provenance:
        self.serial += 1
        return Provenance(recorded_by=CLERK, idempotency_key=f"sample-history:{self.serial}:{step}")

    def _decree(self) -> Act:
        return self._act(ActKind.DECREE, Authority.PRESIDENT, "D")

    def _act(self, kind: ActKind, issuer: Authority, letter: str) -> Act:
        return Act(
            kind=kind,
            issuer=issuer,
            number=f"SAMPLE-{letter}-{self.serial + 1}",
            issued_on=self.day,
            title="Sample act of the synthetic history",
        )


class Driver:
    """Executes a stream of steps on a ledger, any number at a time.

    The history runs over decades of simulated days, far past today, so it is recorded as the
    ledger would have recorded it on each simulated day: every command under a recording clock
    no earlier than noon of the mix's day in Kazakhstan (`domain/kernel/clock.py: not_before`).
    An act is then never dated after the day it is recorded, and recording times still only rise.
    """

    def __init__(self, ledger: Ledger, steps: Steps, mix: Mix) -> None:
        self.ledger = ledger
        self.steps = steps
        self.mix = mix
        self.pending: tuple[Command, Provenance] | None = next(steps, None)

    def run(self, count: int | None = None) -> tuple[int, int]:
        """Execute `count` steps (all, if None); returns the commands and events recorded."""
        commands = events = 0
        while self.pending is not None and (count is None or commands < count):
            with not_before(datetime.combine(self.mix.day, time(12), tzinfo=KAZAKHSTAN_TZ)):
                recorded = self.ledger.execute(*self.pending)
            commands += 1
            events += recorded.events
            try:
                self.pending = self.steps.send(recorded)
            except StopIteration:
                self.pending = None
        return commands, events

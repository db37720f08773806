"""Late acts never leave a recorded outcome that the ledger no longer computes (every store).

Random interleavings of the Council's membership acts (admissions and ends of term, back-dated or
not, and corrections of terms) with the steps of its meetings (convening, roster, correction of
the roster, votes, outcome). Whatever the order, every outcome the ledger recorded equals the one
computed afresh from what the ledger knows now: the roster against the members on the meeting's
date (§14: "at least two-thirds of the total number of its members"), the votes of those present
(§15: "at least two-thirds of the members of the Council present"). The ledger refuses a late act
that would change a decided meeting (docs/adr/0016), so no reassessment is ever needed.

The recomputation below is written from the text, not from the domain's counting module.
"""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal
from uuid import UUID

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    EndMembership,
    EstablishBodies,
    RegisterPerson,
    RestateMembershipTerm,
)
from domain.kernel.commands import Command
from domain.kernel.corrections import EventRef
from domain.kernel.errors import LedgerError
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import Matter
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    CorrectAttendance,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.sittings import Sitting
from domain.sittings.votes import AgendaItem, Choice
from infra.recorders import recorded_time
from tests.support.stores import LedgerStore, store_settings

CLERK = Provenance(recorded_by="Sample Clerk of the Council")
FIRST = date(2025, 3, 3)
DAYS = 12
PEOPLE = 7

Kind = Literal["memory", "sqlite", "postgres"]


@dataclass(frozen=True)
class Step:
    """One drawn step: what, about whom or which meeting, on which day, with which choice."""

    verb: str
    who: int
    day: int
    mask: int
    choice: Choice


VERBS = ["admit", "admit", "end", "restate", "convene", "roster", "correct"]
VERBS += ["vote", "vote", "vote", "decide", "decide"]
steps = st.builds(
    Step,
    verb=st.sampled_from(VERBS),
    who=st.integers(0, PEOPLE - 1),
    day=st.integers(0, DAYS - 1),
    mask=st.integers(0, 2**PEOPLE - 1),
    choice=st.sampled_from([Choice.YES, Choice.YES, Choice.NO, Choice.ABSTAIN]),
)


def decree(on: date, number: str) -> Act:
    return Act(kind=ActKind.DECREE, issuer=Authority.PRESIDENT, number=number, issued_on=on)


class Script:
    """Sends drawn steps to one ledger, keeping what they created for later steps."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.persons = [
            ledger.execute(
                RegisterPerson(full_name=f"Sample Member {n}", registered_on=FIRST), CLERK
            ).subject_id
            for n in range(PEOPLE)
        ]
        self.sittings: list[UUID] = []
        self.motions: dict[UUID, UUID] = {}
        self.serial = 0

    def day(self, step: Step) -> date:
        return FIRST + timedelta(days=step.day)

    def chosen(self, mask: int) -> frozenset[UUID]:
        return frozenset(p for i, p in enumerate(self.persons) if mask >> i & 1)

    def send(self, step: Step) -> None:
        """Run the step; a refusal is a typed error that records nothing."""
        before = self.ledger.recorder.max_notification_id()
        try:
            self._send(step)
        except LedgerError as refusal:
            assert self.ledger.recorder.max_notification_id() == before, f"{step} appended"
            if "decided sitting" in refusal.message:
                event("a late act was refused for a decided meeting")

    def _send(self, step: Step) -> None:
        self.serial += 1
        person, on, number = self.persons[step.who], self.day(step), f"SAMPLE-{self.serial}"
        sitting = self.sittings[step.who % len(self.sittings)] if self.sittings else None
        if step.verb == "admit":
            command = AdmitMember(
                body="council", person_id=person, act=decree(on, number), starts_on=on
            )
            self.ledger.execute(command, CLERK)
        elif step.verb == "end":
            act = decree(on, number)
            self.ledger.execute(
                EndMembership(body="council", person_id=person, act=act, ends_on=on), CLERK
            )
        elif step.verb == "restate":
            self._restate(person, on)
        elif step.verb == "convene":
            agenda = [AgendaItem(number=1, matter=Matter.COUNCIL_BUSINESS, title="Sample item")]
            recorded = self.ledger.execute(
                ConveneCouncilMeeting(
                    number=number, held_on=on, agenda=agenda, act=decree(on, number)
                ),
                CLERK,
            )
            self.sittings.append(recorded.subject_id)
        elif sitting is not None:
            self._at_sitting(step, sitting)

    def _restate(self, person: UUID, on: date) -> None:
        terms = self.ledger.body("council").terms_of(person)
        if not terms:
            return
        term = terms[-1]
        starts = min(on, term.tenure.end - timedelta(days=1)) if term.tenure.end else on
        starts = max(starts, term.act.issued_on)
        ref = EventRef(
            originator_id=self.ledger.body("council").id, originator_version=term.recorded_in
        )
        self.ledger.execute(
            RestateMembershipTerm(
                body="council",
                person_id=person,
                corrects=ref,
                reason="Sample restatement of a date",
                starts_on=starts,
                ends_on=term.tenure.end,
            ),
            CLERK,
        )

    def _at_sitting(self, step: Step, sitting: UUID) -> None:
        held = self.ledger.load(Sitting, sitting)
        assert held.held_on is not None
        if step.verb in ("roster", "correct"):
            present = self._roster(held.held_on, step.mask)
            if step.verb == "roster":
                command: Command = RecordAttendance(sitting_id=sitting, present=present)
            else:
                command = CorrectAttendance(sitting_id=sitting, present=present, reason="Sample")
            self.ledger.execute(command, CLERK)
        elif step.verb == "vote" and sitting not in self.motions:
            motion = self.ledger.execute(
                PutMotion(sitting_id=sitting, item=1, title="Sample motion"), CLERK
            ).subject_id
            self.motions[sitting] = motion
        elif step.verb == "vote" and held.roster:
            voter = sorted(held.roster)[step.who % len(held.roster)]
            votes = {voter: step.choice}
            self.ledger.execute(
                CastVotes(sitting_id=sitting, motion_id=self.motions[sitting], votes=votes), CLERK
            )
        elif sitting in self.motions and step.verb == "decide":
            self.ledger.execute(
                DecideMotion(sitting_id=sitting, motion_id=self.motions[sitting]), CLERK
            )

    def _roster(self, on: date, mask: int) -> frozenset[UUID]:
        """Mostly the members that day, less one or two; now and then a stranger too."""
        members = sorted(self.ledger.body("council").members_on(on))
        present = {m for i, m in enumerate(members) if not (i < 2 and mask >> i & 1)}
        if mask >> 6 & 1:
            present.add(self.persons[mask % PEOPLE])
        return frozenset(present)

    def disagreements(self) -> list[str]:
        """Every recorded outcome that differs from the one computed from what is known now."""
        found = []
        council = self.ledger.body("council")
        for sitting_id in self.sittings:
            sitting = self.ledger.load(Sitting, sitting_id)
            assert sitting.held_on is not None
            for motion in sitting.decided():
                assert sitting.roster is not None
                assert motion.outcome is not None
                assert motion.competence is not None
                members = council.members_on(sitting.held_on)
                present = len(sitting.roster)
                if not sitting.roster <= members:
                    found.append(f"{sitting.number}: someone present is no member now")
                competent = present > 0 and 3 * present >= 2 * len(members)
                recorded = motion.competence
                if (recorded.present, recorded.total, recorded.competent) != (
                    present,
                    len(members),
                    competent,
                ):
                    found.append(f"{sitting.number}: competence {recorded} is no longer true")
                yes = sum(v.choice is Choice.YES for v in motion.votes)
                adopted = yes > 0 and 3 * yes >= 2 * present
                if motion.outcome.adopted != adopted or motion.outcome.present != present:
                    found.append(f"{sitting.number}: outcome {motion.outcome} is no longer true")
        return found


def run(kind: Kind, opening: list[int], script: list[Step]) -> None:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        store = LedgerStore(kind, store_settings(kind, tmp, stack))
        stack.callback(store.close)
        ledger = store.open()
        ledger.execute(EstablishBodies(), CLERK)
        played = Script(ledger)
        for who in opening:  # a Council to start from, so that meetings can be competent
            person = played.persons[who]
            act = decree(FIRST, f"SAMPLE-OPENING-{who}")
            played.ledger.execute(
                AdmitMember(body="council", person_id=person, act=act, starts_on=FIRST), CLERK
            )
        for step in script:
            played.send(step)
            assert played.disagreements() == [], f"after {step}"
        decided = sum(len(ledger.load(Sitting, s).decided()) for s in played.sittings)
        event(f"motions decided: {min(decided, 3)}{'+' if decided >= 3 else ''}")
        # Recording times rise along the log, within a command that writes several aggregates
        # (an outcome: the sitting, the body's roll, the decision) as between commands.
        stamps = [recorded_time(n.state) for n in ledger.recorder.select_notifications(1, 10**6)]
        known = [t for t in stamps if t is not None]
        assert known == sorted(known)
        again = store.open()  # a second instance reads the same history back
        assert Script.disagreements(_reloaded(played, again)) == []


def _reloaded(played: Script, ledger: Ledger) -> Script:
    copy = Script.__new__(Script)
    copy.ledger, copy.persons, copy.sittings = ledger, played.persons, played.sittings
    copy.motions, copy.serial = played.motions, played.serial
    return copy


openings = st.lists(st.integers(0, PEOPLE - 1), min_size=2, max_size=PEOPLE, unique=True)
scripts = st.lists(steps, min_size=10, max_size=40)
EXAMPLES: dict[Kind, int] = {"memory": 150, "sqlite": 40, "postgres": 20}


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("memory"),
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ],
)
def test_no_recorded_outcome_disagrees_with_what_the_ledger_knows(kind: Kind) -> None:
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(opening=openings, script=scripts)
    def interleaving(opening: list[int], script: list[Step]) -> None:
        run(kind, opening, script)

    interleaving()

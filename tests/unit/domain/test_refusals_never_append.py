"""Property: any sequence of ledger commands, mostly wrong, either records or refuses cleanly.

A state machine drives the whole command surface that exists (composition: register, presidency,
nominate, decline, appoint, dismiss, admit, end membership; sittings: convene the three bodies,
attendance, motions, open votes, secret tallies, decisions) with dates around the day Decree
No. 747 came into force and acts that are right half of the time and random otherwise. Every
command must either succeed or raise a `LedgerError`; a refused one appends nothing. After each
step: never more than five senators or two ethnocultural Deputy Chairmen on any day, and every
decided motion's outcome is its body's rule applied to its counts.

Titles and sitting numbers are short on purpose: a long one reaches a known defect
(`test_sittings_quorum_and_votes.py::test_a_motion_at_a_sitting_the_ledger_accepted_can_always_be_
decided`) that is tested on its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import UUID

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain.commands.base import Recorded
from domain.model.errors import LedgerError
from domain.model.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.model.quorum import council_adopts, session_adopts
from domain.model.values import Act, ActKind, Authority, Provenance
from domain.model.votes import Choice, Tally
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    keyed,
    memory_ledger,
    register,
)
from tests.support.samples import position as log_position
from tests.support.sittings import agenda

T = TypeVar("T")

DATES = [
    RULEBOOK_START - days(1),
    RULEBOOK_START,
    DAY - days(1),
    DAY,
    DAY,
    DAY + days(1),
    DAY + days(5),
]
# Bodies with members come up more often, so that sittings find members on their rolls.
BODIES = [
    SESSION,
    SESSION,
    COUNCIL,
    COUNCIL,
    EXPERT_COUNCIL,
    "secretariat",
    "senate_assembly_quota",
]
POSTS = [
    "senator",
    "deputy_chairman_ethnocultural",
    "head_of_secretariat",
    "chairman",
    "deputy_chairman_head_of_secretariat",
    "expert_council_chairman",
]
SEATS = {"senator": 5, "deputy_chairman_ethnocultural": 2}
ADOPTS = {SESSION: session_adopts, COUNCIL: council_adopts, EXPERT_COUNCIL: session_adopts}
RIGHT = {  # the act each command usually needs; the machine uses it half of the time
    "oath": (ActKind.OATH, Authority.PRESIDENT),
    "senator": (ActKind.DECREE, Authority.PRESIDENT),
    "senator:nominate": (ActKind.PROPOSAL, Authority.COUNCIL),
    "deputy_chairman_ethnocultural": (ActKind.ORDER, Authority.PRESIDENT),
    "deputy_chairman_ethnocultural:nominate": (ActKind.RECOMMENDATION, Authority.COUNCIL),
    "head_of_secretariat": (ActKind.DECREE, Authority.PRESIDENT),
    SESSION: (ActKind.DECREE, Authority.PRESIDENT),
    COUNCIL: (ActKind.DECREE, Authority.PRESIDENT),
    EXPERT_COUNCIL: (ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT),
    "agreement": (ActKind.AGREEMENT, Authority.PRESIDENT),
}

dates = st.sampled_from(DATES)
random_acts = st.builds(act, st.sampled_from(ActKind), st.sampled_from(Authority), dates)
choices = st.sampled_from(Choice)
index = st.integers(0, 50)
recent = st.integers(0, 2)
provenances = st.sampled_from([CLERK, CLERK, CLERK, CLERK, CLERK, keyed("k-1"), keyed("k-2")])
OWN_MATTERS = {
    SESSION: [Matter.SESSION_BUSINESS, Matter.MEMBER_REPORTS, Matter.RULES_OF_PROCEDURE],
    COUNCIL: [Matter.SESSION_PROPOSAL, Matter.COUNCIL_BUSINESS, Matter.SENATE_CANDIDATES],
    EXPERT_COUNCIL: [Matter.EXPERT_COUNCIL_ELECTION, Matter.EXPERT_COUNCIL_BUSINESS],
}


def matters(body: str) -> st.SearchStrategy[list[Matter]]:
    """Agendas of the body's own matters half of the time, of any matters otherwise."""
    own = st.lists(st.sampled_from(OWN_MATTERS[body]), min_size=1, max_size=3)
    return st.one_of(own, st.lists(st.sampled_from(Matter), min_size=1, max_size=3))


def _pick(items: list[T], i: int) -> T | None:
    return items[i % len(items)] if items else None


def _recent(items: list[T], i: int) -> T | None:
    """One of the last few items: later steps mostly continue the latest sitting or motion."""
    return items[-1 - i % len(items)] if items else None


class LedgerCommands(RuleBasedStateMachine):
    """Random commands on one in-memory ledger, with what they created kept for later steps."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = memory_ledger()
        self.persons: list[UUID] = []
        self.nominations: list[tuple[str, UUID]] = []
        self.holdings: list[tuple[str, UUID]] = []
        self.sittings: list[UUID] = []
        self.motions: list[tuple[UUID, UUID]] = []
        self.decisions: list[UUID] = []
        self.persons = [register(self.ledger, f"Sample Person {n}") for n in range(5)]

    def _attempt(self, command: Callable[[], Recorded], into: list[T] | None = None) -> None:
        """Run a command: it records, or it raises a LedgerError and appends nothing."""
        before = log_position(self.ledger)
        caller = inspect.currentframe()
        name = caller.f_back.f_code.co_name if caller and caller.f_back else "command"
        try:
            recorded = command()
        except LedgerError as error:
            assert log_position(self.ledger) == before, f"a refused {name} appended events"
            event(f"{name}: {type(error).__name__}")
            return
        event(f"{name}: recorded")
        if into is not None and not recorded.replayed:
            into.append(recorded.subject_id)  # type: ignore[arg-type]

    def _act(self, right: bool, purpose: str, on: date, wrong: Act) -> Act:
        if right and purpose in RIGHT:
            kind, issuer = RIGHT[purpose]
            return act(kind, issuer, on)
        return wrong

    @initialize(counts=st.tuples(*[st.integers(0, 5)] * 3), on=st.sampled_from(DATES[1:4]))
    def seat_some_members(self, counts: tuple[int, int, int], on: date) -> None:
        """Start from bodies with a few members, so that sittings have rolls to count."""
        for body, count in zip((SESSION, COUNCIL, EXPERT_COUNCIL), counts, strict=True):
            admitting = self._act(True, body, on, act(ActKind.DECREE, Authority.PRESIDENT, on))
            for person in self.persons[:count]:
                self.ledger.admit_member(body, person, admitting, CLERK, starts_on=on)

    # -- composition --------------------------------------------------------------------------

    @rule(on=dates, p=provenances)
    def register_person(self, on: date, p: Provenance) -> None:
        if len(self.persons) < 9:
            name = f"Sample Person {len(self.persons)}"
            self._attempt(
                lambda: self.ledger.register_person(name, p, registered_on=on, sample=True),
                self.persons,
            )

    @rule(i=index, right=st.booleans(), on=dates, wrong=random_acts, p=provenances)
    def assume_presidency(self, i: int, right: bool, on: date, wrong: Act, p: Provenance) -> None:
        person = _pick(self.persons, i)
        if person is not None:
            oath = self._act(right, "oath", on, wrong)
            self._attempt(lambda: self.ledger.assume_presidency(person, oath, p))

    @rule(post=st.sampled_from(POSTS), i=index, right=st.booleans(), on=dates, wrong=random_acts)
    def nominate(self, post: str, i: int, right: bool, on: date, wrong: Act) -> None:
        person = _pick(self.persons, i)
        if person is None:
            return
        nominating = self._act(right, f"{post}:nominate", on, wrong)
        made: list[UUID] = []
        self._attempt(lambda: self.ledger.nominate(post, person, nominating, CLERK), made)
        self.nominations += [(post, n) for n in made]

    @precondition(lambda self: bool(self.nominations))
    @rule(i=index, on=dates)
    def decline_nomination(self, i: int, on: date) -> None:
        nomination = _pick(self.nominations, i)
        if nomination is not None:
            post, nomination_id = nomination
            self._attempt(
                lambda: self.ledger.decline_nomination(
                    post, nomination_id, "Sample reason", CLERK, on=on
                )
            )

    @rule(
        post=st.sampled_from(POSTS),
        i=index,
        right=st.booleans(),
        on=dates,
        wrong=random_acts,
        with_nomination=st.booleans(),
        association=st.sampled_from([None, "", "Sample Association"]),
        p=provenances,
    )
    def appoint(
        self,
        post: str,
        i: int,
        right: bool,
        on: date,
        wrong: Act,
        with_nomination: bool,
        association: str | None,
        p: Provenance,
    ) -> None:
        person = _pick(self.persons, i)
        nomination = _pick(self.nominations, i) if with_nomination else None
        if person is None:
            return
        appointing = self._act(right, post, on, wrong)
        made: list[UUID] = []
        self._attempt(
            lambda: self.ledger.appoint(
                post,
                person,
                appointing,
                p,
                starts_on=on,
                nomination_id=nomination[1] if nomination else None,
                association=association,
            ),
            made,
        )
        self.holdings += [(post, h) for h in made]

    @precondition(lambda self: bool(self.holdings))
    @rule(i=index, right=st.booleans(), on=dates, wrong=random_acts)
    def dismiss(self, i: int, right: bool, on: date, wrong: Act) -> None:
        holding = _pick(self.holdings, i)
        if holding is not None:
            post, holding_id = holding
            ending = self._act(right, post, on, wrong)
            self._attempt(lambda: self.ledger.dismiss(post, holding_id, ending, CLERK, ends_on=on))

    @rule(body=st.sampled_from(BODIES), i=index, right=st.booleans(), on=dates, wrong=random_acts)
    def admit_member(self, body: str, i: int, right: bool, on: date, wrong: Act) -> None:
        person = _pick(self.persons, i)
        if person is not None:
            admitting = self._act(right, body, on, wrong)
            self._attempt(
                lambda: self.ledger.admit_member(body, person, admitting, CLERK, starts_on=on)
            )

    @rule(body=st.sampled_from(BODIES), i=index, right=st.booleans(), on=dates, wrong=random_acts)
    def end_membership(self, body: str, i: int, right: bool, on: date, wrong: Act) -> None:
        person = _pick(self.persons, i)
        if person is not None:
            ending = self._act(right, body, on, wrong)
            self._attempt(
                lambda: self.ledger.end_membership(body, person, ending, CLERK, ends_on=on)
            )

    # -- sittings -----------------------------------------------------------------------------

    @rule(
        on=dates,
        items=matters(SESSION),
        right=st.booleans(),
        wrong=random_acts,
        i=index,
        on_proposal=st.booleans(),
        p=provenances,
    )
    def convene_session(
        self,
        on: date,
        items: list[Matter],
        right: bool,
        wrong: Act,
        i: int,
        on_proposal: bool,
        p: Provenance,
    ) -> None:
        convening = self._act(right, SESSION, on, wrong)
        proposal = _pick(self.decisions, i) if on_proposal else None
        self._attempt(
            lambda: self.ledger.convene_session(
                "S", on, agenda(*items), convening, p, proposal_id=proposal
            ),
            self.sittings,
        )

    @rule(
        on=dates,
        items=matters(COUNCIL),
        right=st.booleans(),
        wrong=random_acts,
        i=index,
        by_deputy=st.booleans(),
        p=provenances,
    )
    def convene_council_meeting(
        self,
        on: date,
        items: list[Matter],
        right: bool,
        wrong: Act,
        i: int,
        by_deputy: bool,
        p: Provenance,
    ) -> None:
        if by_deputy:
            deputy = _pick(self.persons, i)
            agreed = self._act(right, "agreement", on, wrong)
            command = lambda: self.ledger.convene_council_meeting(  # noqa: E731
                "C", on, agenda(*items), p, deputy_id=deputy, agreement=agreed
            )
        else:
            convening = self._act(right, COUNCIL, on, wrong)
            command = lambda: self.ledger.convene_council_meeting(  # noqa: E731
                "C", on, agenda(*items), p, act=convening
            )
        self._attempt(command, self.sittings)

    @rule(on=dates, items=matters(EXPERT_COUNCIL), right=st.booleans(), wrong=random_acts)
    def convene_expert_council_meeting(
        self, on: date, items: list[Matter], right: bool, wrong: Act
    ) -> None:
        convening = self._act(right, EXPERT_COUNCIL, on, wrong)
        self._attempt(
            lambda: self.ledger.convene_expert_council_meeting(
                "E", on, agenda(*items), convening, CLERK
            ),
            self.sittings,
        )

    @precondition(lambda self: bool(self.sittings))
    @rule(i=recent, members_only=st.booleans(), picks=st.one_of(st.just([]), st.lists(index)))
    def record_attendance(self, i: int, members_only: bool, picks: list[int]) -> None:
        sitting_id = _recent(self.sittings, i)
        if sitting_id is None:
            return
        sitting = self.ledger.sitting(sitting_id)
        assert sitting.held_on is not None
        pool = sorted(self.ledger.body(sitting.body).members_on(sitting.held_on))
        if not members_only:
            pool = self.persons
        present = pool if not picks else [pool[n % len(pool)] for n in picks if pool]
        self._attempt(lambda: self.ledger.record_attendance(sitting_id, present, CLERK))

    @precondition(lambda self: bool(self.sittings))
    @rule(i=recent, item=st.integers(1, 3), secret=st.booleans(), p=provenances)
    def put_motion(self, i: int, item: int, secret: bool, p: Provenance) -> None:
        sitting_id = _recent(self.sittings, i)
        if sitting_id is None:
            return
        made: list[UUID] = []
        self._attempt(
            lambda: self.ledger.put_motion(sitting_id, item, "Sample motion", p, secret=secret),
            made,
        )
        self.motions += [(sitting_id, m) for m in made]

    @precondition(lambda self: bool(self.motions))
    @rule(i=recent, on_roster=st.booleans(), votes=st.lists(st.tuples(index, choices), max_size=9))
    def cast_votes(self, i: int, on_roster: bool, votes: list[tuple[int, Choice]]) -> None:
        motion = _recent(self.motions, i)
        if motion is None:
            return
        sitting_id, motion_id = motion
        roster = self.ledger.sitting(sitting_id).roster
        pool = sorted(roster) if on_roster and roster else self.persons
        named = {pool[n % len(pool)]: choice for n, choice in votes}
        self._attempt(lambda: self.ledger.cast_votes(sitting_id, motion_id, named, CLERK))

    @precondition(lambda self: bool(self.motions))
    @rule(i=recent, counts=st.tuples(*[st.integers(0, 6)] * 3))
    def count_ballot(self, i: int, counts: tuple[int, int, int]) -> None:
        motion = _recent(self.motions, i)
        if motion is not None:
            tally = Tally(yes=counts[0], no=counts[1], abstained=counts[2])
            self._attempt(lambda: self.ledger.count_ballot(*motion, tally, CLERK))

    @precondition(lambda self: bool(self.motions))
    @rule(i=recent, p=provenances)
    def decide_motion(self, i: int, p: Provenance) -> None:
        motion = _recent(self.motions, i)
        if motion is None:
            return
        made: list[UUID] = []
        self._attempt(lambda: self.ledger.decide_motion(*motion, p), made)
        self.decisions += [d for d in made if d != motion[1]]

    # -- whole steps done right, so that sequences reach votes and decisions ------------------

    @rule(body=st.sampled_from([SESSION, COUNCIL, EXPERT_COUNCIL]), on=dates)
    def convene_and_record_every_member(self, body: str, on: date) -> None:
        made: list[UUID] = []
        items = agenda(*OWN_MATTERS[body])
        convening = self._act(True, body, on, act(ActKind.DECREE, Authority.PRESIDENT, on))
        if body == SESSION:
            self._attempt(
                lambda: self.ledger.convene_session("S", on, items, convening, CLERK), made
            )
        elif body == COUNCIL:
            self._attempt(
                lambda: self.ledger.convene_council_meeting("C", on, items, CLERK, act=convening),
                made,
            )
        else:
            self._attempt(
                lambda: self.ledger.convene_expert_council_meeting(
                    "E", on, items, convening, CLERK
                ),
                made,
            )
        if made:
            self.sittings += made
            everyone = self.ledger.body(body).members_on(on)
            self._attempt(lambda: self.ledger.record_attendance(made[0], everyone, CLERK))

    @precondition(lambda self: bool(self.sittings))
    @rule(i=recent, item=st.integers(1, 2), choices=st.lists(choices, min_size=1))
    def put_a_motion_and_let_everyone_present_vote(
        self, i: int, item: int, choices: list[Choice]
    ) -> None:
        sitting_id = _recent(self.sittings, i)
        assert sitting_id is not None
        made: list[UUID] = []
        self._attempt(lambda: self.ledger.put_motion(sitting_id, item, "Sample", CLERK), made)
        if made:
            self.motions.append((sitting_id, made[0]))
            roster = sorted(self.ledger.sitting(sitting_id).roster or ())
            votes = {p: choices[n % len(choices)] for n, p in enumerate(roster)}
            self._attempt(lambda: self.ledger.cast_votes(sitting_id, made[0], votes, CLERK))

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def no_post_holds_more_than_its_seats_on_any_day(self) -> None:
        for code, seats in SEATS.items():
            post = self.ledger.post(code)
            for holding in post.holdings.values():  # occupancy only rises on a first day
                held = post.holders_on(holding.tenure.start)
                assert len(held) <= seats, f"{len(held)} hold {code} on {holding.tenure.start}"

    @invariant()
    def every_outcome_is_its_bodys_rule_applied_to_its_counts(self) -> None:
        for sitting_id in self.sittings:
            sitting = self.ledger.sitting(sitting_id)
            for motion in sitting.motions.values():
                if motion.outcome is None:
                    continue
                result, adopts = motion.outcome, ADOPTS[sitting.body]
                assert sitting.roster is not None
                assert sitting.competence is not None
                assert sitting.competence.competent
                assert result.present == len(sitting.roster)
                assert result.yes + result.no + result.abstained <= result.present
                assert result.adopted is adopts(result.yes, result.present)
                assert result.paragraph == sitting.rule.adoption.paragraph
                if not result.secret:
                    assert len(result.counted) == result.yes + result.no + result.abstained
                    assert set(result.counted) <= sitting.roster
        for decision_id in self.decisions:
            decision = self.ledger.decision(decision_id)
            assert decision.outcome is not None
            assert decision.outcome.adopted
            assert ADOPTS[decision.body](decision.outcome.yes, decision.outcome.present)


LedgerCommands.TestCase.settings = settings(max_examples=100, stateful_step_count=50, deadline=None)
test_any_command_sequence_records_or_refuses_without_appending = LedgerCommands.TestCase

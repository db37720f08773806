"""Property: any sequence of ledger commands, mostly wrong, either records or refuses cleanly.

A state machine drives the whole command surface that exists (composition: register, presidency,
nominate, decline, appoint, dismiss, admit, end membership; sittings: convene the three bodies,
attendance, motions, open votes, secret tallies, decisions) with dates around the day Decree
No. 747 came into force and acts that are right half of the time and random otherwise. Every
command must either succeed or raise a `LedgerError`; a refused one appends nothing. After each
step: never more than five senators or two ethnocultural Deputy Chairmen on any day, and every
decided motion's outcome is its body's rule applied to its counts (and no decision has no vote).

Titles and sitting numbers are plain short text: one padded with spaces past its limit reaches a
known defect, tested on its own in `test_sittings_quorum_and_votes.py`
(`test_a_motion_at_a_sitting_the_ledger_accepted_can_always_be_decided`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar
from uuid import UUID

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from pydantic import ValidationError

from domain.application import Recorded
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    DeclineNomination,
    Dismiss,
    EndMembership,
    NominateByDecision,
    RegisterPerson,
)
from domain.expert_council.commands import ConveneExpertCouncilMeeting
from domain.kernel.errors import LedgerError
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.regulation.quorum import council_adopts, session_adopts
from domain.regulation.subjects import Subject, VotingForm
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    ConveneSession,
    CountBallot,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.votes import AgendaItem, Choice, Tally
from tests.support.decisions import nomination_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    ensure_head_of_secretariat,
    keyed,
    memory_ledger,
    register,
)
from tests.support.samples import position as log_position
from tests.support.sittings import agenda

T = TypeVar("T")

DATES = [RULEBOOK_START - days(1), RULEBOOK_START, DAY - days(1), DAY, DAY, DAY + days(1)]
SITTING_BODIES = [SESSION, COUNCIL, EXPERT_COUNCIL]
# Bodies that sit come up more often, so that sittings find members on their rolls.
BODIES = [*SITTING_BODIES, *SITTING_BODIES, "secretariat", "senate_assembly_quota"]
POSTS = ["senator", "deputy_chairman_ethnocultural", "head_of_secretariat", "chairman"]
POSTS += ["deputy_chairman_head_of_secretariat", "expert_council_chairman"]
SEATS = {"senator": 5, "deputy_chairman_ethnocultural": 2}
ADOPTS = {SESSION: session_adopts, COUNCIL: council_adopts, EXPERT_COUNCIL: session_adopts}
PRESIDENTS_DECREE = (ActKind.DECREE, Authority.PRESIDENT)
RIGHT = {  # the act each command usually needs; the machine uses it half of the time
    "oath": (ActKind.OATH, Authority.PRESIDENT),
    "senator": PRESIDENTS_DECREE,
    "deputy_chairman_ethnocultural": (ActKind.ORDER, Authority.PRESIDENT),
    "head_of_secretariat": PRESIDENTS_DECREE,
    SESSION: PRESIDENTS_DECREE,
    COUNCIL: PRESIDENTS_DECREE,
    EXPERT_COUNCIL: (ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT),
    "agreement": (ActKind.AGREEMENT, Authority.PRESIDENT),
}
OWN_MATTERS = {
    SESSION: [Matter.SESSION_BUSINESS, Matter.MEMBER_REPORTS, Matter.RULES_OF_PROCEDURE],
    COUNCIL: [Matter.SESSION_PROPOSAL, Matter.COUNCIL_BUSINESS, Matter.SENATE_CANDIDATES],
    EXPERT_COUNCIL: [Matter.EXPERT_COUNCIL_ELECTION, Matter.EXPERT_COUNCIL_BUSINESS],
}
NUMBER = {SESSION: "S", COUNCIL: "C", EXPERT_COUNCIL: "E"}

dates = st.sampled_from(DATES)
random_acts = st.builds(act, st.sampled_from(ActKind), st.sampled_from(Authority), dates)
index = st.integers(0, 50)
recent = st.integers(0, 2)
provenances = st.sampled_from([CLERK] * 5 + [keyed("k-1"), keyed("k-2")])


def matters(body: str) -> st.SearchStrategy[list[Matter]]:
    """Agendas of the body's own matters half of the time, of any matters otherwise."""
    own = st.lists(st.sampled_from(OWN_MATTERS[body]), min_size=1, max_size=3)
    return st.one_of(own, st.lists(st.sampled_from(Matter), min_size=1, max_size=3))


def _pick(items: list[T], i: int) -> T | None:
    return items[i % len(items)] if items else None


def _recent(items: list[T], i: int) -> T | None:
    """One of the last few items: later steps mostly continue the latest sitting or motion."""
    return items[-1 - i % len(items)] if items else None


def _right_act(purpose: str, on: date) -> Act:
    kind, issuer = RIGHT[purpose]
    return act(kind, issuer, on)


class LedgerCommands(RuleBasedStateMachine):
    """Random commands on one in-memory ledger, with what they created kept for later steps."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = memory_ledger()
        self.persons = [register(self.ledger, f"Sample Person {n}") for n in range(5)]
        self.nominations: list[tuple[str, UUID]] = []
        self.holdings: list[tuple[str, UUID]] = []
        self.sittings: list[UUID] = []
        self.motions: list[tuple[UUID, UUID]] = []
        self.decisions: list[UUID] = []

    def _attempt(self, name: str, command: Callable[[], Recorded]) -> UUID | None:
        """Run a command: it records (its subject unless replayed) or refuses, appending nothing."""
        before = log_position(self.ledger)
        try:
            recorded = command()
        except (LedgerError, ValidationError) as error:  # a typed collegial act is malformed
            assert log_position(self.ledger) == before, f"a refused {name} appended events"
            event(f"{name}: {type(error).__name__}")
            return None
        event(f"{name}: recorded")
        return None if recorded.replayed else recorded.subject_id

    def _act(self, data: st.DataObject, purpose: str, on: date) -> Act:
        right = purpose in RIGHT and data.draw(st.booleans(), label="right act")
        return _right_act(purpose, on) if right else data.draw(random_acts, label="act")

    def _person(self, data: st.DataObject) -> UUID:
        person = _pick(self.persons, data.draw(index, label="person"))
        assert person is not None
        return person

    @initialize(counts=st.tuples(*[st.integers(0, 5)] * 3), on=st.sampled_from(DATES[1:4]))
    def seat_some_members(self, counts: tuple[int, int, int], on: date) -> None:
        """Start from bodies with a few members, so that sittings have rolls to count."""
        if counts[SITTING_BODIES.index("scientific_expert_council")]:
            ensure_head_of_secretariat(self.ledger, on)  # §24 orders need a Head in office
        for body, count in zip(SITTING_BODIES, counts, strict=True):
            for person in self.persons[:count]:
                self.ledger.execute(
                    AdmitMember(
                        body=body, person_id=person, act=_right_act(body, on), starts_on=on
                    ),
                    CLERK,
                )

    # -- composition --------------------------------------------------------------------------

    @precondition(lambda self: len(self.persons) < 9)
    @rule(on=dates, p=provenances)
    def register_person(self, on: date, p: Provenance) -> None:
        name = f"Sample Person {len(self.persons)}"
        made = self._attempt(
            "register",
            lambda: self.ledger.execute(
                RegisterPerson(full_name=name, registered_on=on, sample=True), p
            ),
        )
        self.persons += [made] if made else []

    @rule(data=st.data(), on=dates, p=provenances)
    def assume_presidency(self, data: st.DataObject, on: date, p: Provenance) -> None:
        person, oath = self._person(data), self._act(data, "oath", on)
        self._attempt(
            "presidency",
            lambda: self.ledger.execute(AssumePresidency(person_id=person, act=oath), p),
        )

    @rule(data=st.data(), post=st.sampled_from(POSTS), on=dates)
    def nominate(self, data: st.DataObject, post: str, on: date) -> None:
        person = self._person(data)
        decided_here = data.draw(st.booleans(), label="a decision held here")
        if decided_here and self.decisions:
            decision = _pick(self.decisions, data.draw(index, label="decision"))
        else:  # the Council's decision naming the person, recorded before the command
            decision = nomination_decision(self.ledger, post, person, on)
        assert decision is not None
        made = self._attempt(
            "nominate",
            lambda: self.ledger.execute(
                NominateByDecision(post=post, person_id=person, decision_id=decision), CLERK
            ),
        )
        self.nominations += [(post, made)] if made else []

    @precondition(lambda self: bool(self.nominations))
    @rule(i=index, on=dates)
    def decline_nomination(self, i: int, on: date) -> None:
        post, nomination_id = self.nominations[i % len(self.nominations)]
        self._attempt(
            "decline",
            lambda: self.ledger.execute(
                DeclineNomination(post=post, nomination_id=nomination_id, reason="Sample", on=on),
                CLERK,
            ),
        )

    @rule(data=st.data(), post=st.sampled_from(POSTS), on=dates, p=provenances)
    def appoint(self, data: st.DataObject, post: str, on: date, p: Provenance) -> None:
        person, appointing = self._person(data), self._act(data, post, on)
        nominated = data.draw(st.booleans(), label="on a nomination")
        nomination = _pick(self.nominations, data.draw(index)) if nominated else None
        association = data.draw(st.sampled_from([None, "", "Sample Association"]))
        made = self._attempt(
            "appoint",
            lambda: self.ledger.execute(
                Appoint(
                    post=post,
                    person_id=person,
                    act=appointing,
                    starts_on=on,
                    nomination_id=nomination[1] if nomination else None,
                    association=association,
                ),
                p,
            ),
        )
        self.holdings += [(post, made)] if made else []

    @precondition(lambda self: bool(self.holdings))
    @rule(data=st.data(), i=index, on=dates)
    def dismiss(self, data: st.DataObject, i: int, on: date) -> None:
        post, holding_id = self.holdings[i % len(self.holdings)]
        ending = self._act(data, post, on)
        self._attempt(
            "dismiss",
            lambda: self.ledger.execute(
                Dismiss(post=post, holding_id=holding_id, act=ending, ends_on=on), CLERK
            ),
        )

    @rule(data=st.data(), body=st.sampled_from(BODIES), on=dates, ending=st.booleans())
    def admit_or_end_membership(
        self, data: st.DataObject, body: str, on: date, ending: bool
    ) -> None:
        person, acting = self._person(data), self._act(data, body, on)
        if ending:
            self._attempt(
                "end membership",
                lambda: self.ledger.execute(
                    EndMembership(body=body, person_id=person, act=acting, ends_on=on), CLERK
                ),
            )
        else:
            self._attempt(
                "admit",
                lambda: self.ledger.execute(
                    AdmitMember(body=body, person_id=person, act=acting, starts_on=on), CLERK
                ),
            )

    # -- sittings -----------------------------------------------------------------------------

    @rule(data=st.data(), body=st.sampled_from(SITTING_BODIES), on=dates, p=provenances)
    def convene(self, data: st.DataObject, body: str, on: date, p: Provenance) -> None:
        items = agenda(*data.draw(matters(body), label="agenda"))
        convening = self._act(data, body, on)
        self._convene(body, on, items, convening, p, data)

    def _convene(
        self,
        body: str,
        on: date,
        items: Sequence[AgendaItem],
        convening: Act,
        p: Provenance,
        data: st.DataObject | None = None,
    ) -> UUID | None:
        number, agenda_items = NUMBER[body], list(items)
        if body == SESSION:
            proposal = _pick(self.decisions, data.draw(index)) if data else None
            command = lambda: self.ledger.execute(  # noqa: E731
                ConveneSession(
                    number=number,
                    held_on=on,
                    agenda=agenda_items,
                    act=convening,
                    proposal_id=proposal,
                ),
                p,
            )
        elif body == COUNCIL and data is not None and data.draw(st.booleans(), label="deputy"):
            deputy, agreed = self._person(data), self._act(data, "agreement", on)
            command = lambda: self.ledger.execute(  # noqa: E731
                ConveneCouncilMeeting(
                    number=number,
                    held_on=on,
                    agenda=agenda_items,
                    deputy_id=deputy,
                    agreement=agreed,
                ),
                p,
            )
        elif body == COUNCIL:
            command = lambda: self.ledger.execute(  # noqa: E731
                ConveneCouncilMeeting(
                    number=number, held_on=on, agenda=agenda_items, act=convening
                ),
                p,
            )
        else:
            command = lambda: self.ledger.execute(  # noqa: E731
                ConveneExpertCouncilMeeting(
                    number=number, held_on=on, agenda=agenda_items, act=convening
                ),
                p,
            )
        made = self._attempt(f"convene {body}", command)
        self.sittings += [made] if made else []
        return made

    @precondition(lambda self: bool(self.sittings))
    @rule(i=recent, members_only=st.booleans(), picks=st.one_of(st.just([]), st.lists(index)))
    def record_attendance(self, i: int, members_only: bool, picks: list[int]) -> None:
        sitting = self.ledger.sitting(self.sittings[-1 - i % len(self.sittings)])
        assert sitting.held_on is not None
        pool = sorted(self.ledger.body(sitting.body).members_on(sitting.held_on))
        pool = pool if members_only else self.persons
        present = pool if not picks else [pool[n % len(pool)] for n in picks if pool]
        self._attempt(
            "attendance",
            lambda: self.ledger.execute(
                RecordAttendance(sitting_id=sitting.id, present=frozenset(present)), CLERK
            ),
        )

    def _subject(self, data: st.DataObject) -> Subject:
        """What a motion names: nothing, persons, a post, a form of voting, drawn at random."""
        persons = data.draw(st.lists(st.sampled_from(self.persons), max_size=6), label="named")
        return data.draw(
            st.sampled_from(
                [
                    Subject(),
                    Subject(persons=tuple(dict.fromkeys(persons))),
                    Subject(persons=tuple(persons[:1]), post="expert_council_chairman"),
                    Subject(voting_form=VotingForm.SECRET),
                ]
            ),
            label="subject",
        )

    def _rightful_subject(self, sitting_id: UUID, item: int) -> Subject:
        """The subject the agenda item's matter needs, naming the first person if any."""
        matters = {i.number: i.matter for i in self.ledger.sitting(sitting_id).agenda}
        person = self.persons[:1]
        return {
            Matter.SENATE_CANDIDATES: Subject(persons=tuple(person)),
            Matter.EXPERT_COUNCIL_ELECTION: Subject(
                persons=tuple(person), post="expert_council_chairman"
            ),
            Matter.RULES_OF_PROCEDURE: Subject(voting_form=VotingForm.SECRET),
        }.get(matters.get(item, Matter.SESSION_BUSINESS), Subject())

    def _secret_procedure(self, on: date | None) -> UUID | None:
        """A Session decision on its procedure setting a secret ballot, adopted by `on`."""
        for decision_id in self.decisions:
            decision = self.ledger.decision(decision_id)
            if (
                decision.matter is Matter.RULES_OF_PROCEDURE
                and decision.subject.voting_form is VotingForm.SECRET
                and on is not None
                and decision.adopted_on is not None
                and decision.adopted_on <= on
            ):
                return decision_id
        return None

    @precondition(lambda self: bool(self.sittings))
    @rule(data=st.data(), i=recent, item=st.integers(1, 3), secret=st.booleans(), p=provenances)
    def put_motion(
        self, data: st.DataObject, i: int, item: int, secret: bool, p: Provenance
    ) -> None:
        sitting_id = self.sittings[-1 - i % len(self.sittings)]
        subject = self._subject(data)
        procedure = _pick(self.decisions, data.draw(index)) if data.draw(st.booleans()) else None
        made = self._attempt(
            "motion",
            lambda: self.ledger.execute(
                PutMotion(
                    sitting_id=sitting_id,
                    item=item,
                    title="Sample",
                    secret=secret,
                    subject=subject,
                    procedure_id=procedure,
                ),
                p,
            ),
        )
        self.motions += [(sitting_id, made)] if made else []

    @precondition(lambda self: bool(self.motions))
    @rule(
        i=recent, on_roster=st.booleans(), votes=st.lists(st.tuples(index, st.sampled_from(Choice)))
    )
    def cast_votes(self, i: int, on_roster: bool, votes: list[tuple[int, Choice]]) -> None:
        sitting_id, motion_id = self.motions[-1 - i % len(self.motions)]
        roster = self.ledger.sitting(sitting_id).roster
        pool = sorted(roster) if on_roster and roster else self.persons
        named = {pool[n % len(pool)]: choice for n, choice in votes}
        self._attempt(
            "votes",
            lambda: self.ledger.execute(
                CastVotes(sitting_id=sitting_id, motion_id=motion_id, votes=named), CLERK
            ),
        )

    @precondition(lambda self: bool(self.motions))
    @rule(i=recent, counts=st.tuples(*[st.integers(0, 3)] * 3))
    def count_ballot(self, i: int, counts: tuple[int, int, int]) -> None:
        motion = self.motions[-1 - i % len(self.motions)]
        tally = Tally(yes=counts[0], no=counts[1], abstained=counts[2])
        self._attempt(
            "tally",
            lambda: self.ledger.execute(
                CountBallot(sitting_id=motion[0], motion_id=motion[1], tally=tally), CLERK
            ),
        )

    @precondition(lambda self: bool(self.motions))
    @rule(i=recent, p=provenances)
    def decide_motion(self, i: int, p: Provenance) -> None:
        motion = self.motions[-1 - i % len(self.motions)]
        made = self._attempt(
            "decide",
            lambda: self.ledger.execute(DecideMotion(sitting_id=motion[0], motion_id=motion[1]), p),
        )
        self.decisions += [made] if made and made != motion[1] else []

    # -- whole steps done right, so that sequences reach votes and decisions ------------------

    @rule(body=st.sampled_from(SITTING_BODIES), on=dates)
    def convene_rightly_and_record_every_member(self, body: str, on: date) -> None:
        items = agenda(*OWN_MATTERS[body])
        made = self._convene(body, on, items, _right_act(body, on), CLERK)
        if made:
            everyone = self.ledger.body(body).members_on(on)
            self._attempt(
                "attendance",
                lambda: self.ledger.execute(
                    RecordAttendance(sitting_id=made, present=everyone), CLERK
                ),
            )

    @precondition(lambda self: bool(self.sittings))
    @rule(
        item=st.integers(1, 3),
        secret=st.booleans(),
        choices=st.lists(st.sampled_from(Choice), min_size=1),
    )
    def put_a_motion_everyone_present_votes_on(
        self, item: int, secret: bool, choices: list[Choice]
    ) -> None:
        sitting_id = self.sittings[-1]
        sitting = self.ledger.sitting(sitting_id)
        procedure = None
        if sitting.body == SESSION:  # §10: the Session's own decision sets a secret ballot
            procedure = self._secret_procedure(sitting.held_on) if secret else None
            secret = procedure is not None
        subject = self._rightful_subject(sitting_id, item)
        made = self._attempt(
            "motion",
            lambda: self.ledger.execute(
                PutMotion(
                    sitting_id=sitting_id,
                    item=item,
                    title="Sample",
                    secret=secret,
                    subject=subject,
                    procedure_id=procedure,
                ),
                CLERK,
            ),
        )
        if not made:
            return
        self.motions.append((sitting_id, made))
        roster = sorted(self.ledger.sitting(sitting_id).roster or ())
        votes = {p: choices[n % len(choices)] for n, p in enumerate(roster)}
        if secret:
            cast = list(votes.values())
            tally = Tally(yes=cast.count(Choice.YES), no=cast.count(Choice.NO), abstained=0)
            self._attempt(
                "tally",
                lambda: self.ledger.execute(
                    CountBallot(sitting_id=sitting_id, motion_id=made, tally=tally), CLERK
                ),
            )
        else:
            self._attempt(
                "votes",
                lambda: self.ledger.execute(
                    CastVotes(sitting_id=sitting_id, motion_id=made, votes=votes), CLERK
                ),
            )

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
                if (result := motion.outcome) is None:
                    continue
                assert sitting.roster is not None
                assert sitting.competence is not None
                assert sitting.competence.competent
                assert result.present == len(sitting.roster)
                assert result.yes + result.no + result.abstained <= result.present
                assert result.adopted is ADOPTS[sitting.body](result.yes, result.present)
                assert result.paragraph == sitting.rule.adoption.paragraph
                if not result.secret:
                    assert len(result.counted) == result.yes + result.no + result.abstained
                    assert set(result.counted) <= sitting.roster
        for decision_id in self.decisions:
            outcome = self.ledger.decision(decision_id).outcome
            assert outcome is not None
            assert outcome.adopted
            assert outcome.yes > 0, "a decision adopted with no vote for it"


LedgerCommands.TestCase.settings = settings(max_examples=100, stateful_step_count=50, deadline=None)
test_any_command_sequence_records_or_refuses_without_appending = LedgerCommands.TestCase

"""The indexed roll answers exactly as a scan of every term would, whatever the order of acts.

Random admissions, ends, retractions and restatements on a few persons, on dates in any order
(so acts are back-dated against what is already recorded), go through the `Body` commands. Each
event the body records is also applied to a plain dict by the rules the roll had before it was
indexed; after every step the terms, `member_on` and `members_on` of each day are compared with
that dict and with a scan of `Body.roll`. Copies taken on the way (as the repository takes them
for every command) must keep answering as they did when taken.
"""

from __future__ import annotations

import contextlib
import copy
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from hypothesis import event as hypothesis_event
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.composition.bodies import Body, Term
from domain.composition.intervals import IntervalIndex
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.tenure import Tenure
from domain.regulation.rulebook import DECREE_747
from tests.support.samples import CLERK, DAY, days, decree

PERSONS = [uuid4() for _ in range(5)]
SPAN = 40  # days from DAY on which acts take effect
LOOKED_AT = [DAY + days(n) for n in range(-1, SPAN + 3)]
Naive = dict[UUID, tuple[Term, ...]]

person = st.integers(min_value=0, max_value=len(PERSONS) - 1)
offset = st.integers(min_value=0, max_value=SPAN)
# Admissions and ends twice as often as each kind of correction; `extra` is how many days the
# act precedes its effect (admit, end), which term (retract) or the restated length (restate).
kind = st.sampled_from(["admit", "admit", "end", "end", "retract", "restate"])
step = st.tuples(kind, person, offset, st.integers(min_value=-1, max_value=9))


def naive_apply(roll: Naive, event: Any) -> None:
    """The roll's rules as they were before it was indexed: one dict, scanned for everything."""
    if isinstance(event, Body.MemberAdmitted):
        term = Term(
            tenure=Tenure(start=event.effective_on),
            act=event.act,
            recorded_in=event.originator_version,
        )
        roll[event.person_id] = (*roll.get(event.person_id, ()), term)
    elif isinstance(event, Body.MembershipEnded):
        *earlier, last = roll[event.person_id]
        tenure = Tenure(start=last.tenure.start, end=event.effective_on)
        ended = last.model_copy(update={"tenure": tenure, "ended_by": event.act})
        roll[event.person_id] = (*earlier, ended)
    elif isinstance(event, Body.TermCorrected):
        terms = roll[event.person_id]
        version = event.corrects.originator_version
        kept = tuple(t for t in terms if t.recorded_in != version)
        if event.tenure is not None:
            (old,) = (t for t in terms if t.recorded_in == version)
            restated = old.model_copy(update={"tenure": event.tenure})
            kept = tuple(sorted((*kept, restated), key=lambda t: t.tenure.start))
        roll[event.person_id] = kept


def scanned(roll: Naive, day: date) -> frozenset[UUID]:
    return frozenset(p for p, terms in roll.items() if any(t.tenure.holds_on(day) for t in terms))


def assert_answers_as(body: Body, naive: Naive) -> None:
    assert body.roll == naive
    for who in PERSONS:
        assert body.terms_of(who) == naive.get(who, ())
    for day in LOOKED_AT:
        assert body.members_on(day) == scanned(naive, day) == scanned(body.roll, day)
        for who in PERSONS:
            assert body.member_on(who, day) == (who in scanned(naive, day))


def attempt(body: Body, move: tuple[str, int, int, int]) -> None:
    """One command; refusals are part of the sequence, as they are in the ledger."""
    what, index, first, extra = move
    who, terms = PERSONS[index], body.terms_of(PERSONS[index])
    on = DAY + days(first)
    issued = on - days(max(extra, 0) % 4)  # an act may be issued before it takes effect
    if what == "admit":
        body.admit(who, decree(issued), CLERK, starts_on=on)
    elif what == "end":  # mostly after the current term began, sometimes on any day
        if terms and first % 4:
            on = terms[-1].tenure.start + days(first % 9 + 1)
            issued = on - days(max(extra, 0) % 4)
        body.end_membership(who, decree(issued), CLERK, ends_on=on)
    elif terms:
        term = terms[(extra if what == "retract" else first) % len(terms)]
        ref = EventRef(originator_id=body.id, originator_version=term.recorded_in)
        tenure = None
        if what == "restate":
            start = term.act.issued_on + days(first % 5)
            tenure = Tenure(start=start, end=None if extra < 0 else start + days(extra + 1))
        body.correct_term(who, ref, Reason(text="sample correction"), CLERK, tenure=tenure)


def assembly() -> Body:
    rule = DECREE_747.body("assembly")
    return Body.establish(rule, CLERK, established_on=DECREE_747.in_force_from)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(step, st.booleans()), max_size=40))
def test_the_indexed_roll_answers_as_a_scan_of_every_term(moves: list[Any]) -> None:
    # Asking only after some steps leaves the day index unbuilt for a while: it is then built
    # from every term at once, and kept in step after that.
    body, naive = assembly(), Naive()
    copies: list[tuple[Body, Naive]] = []
    for move, ask in moves:
        recorded = len(body.pending_events)
        try:
            attempt(body, move)
        except (InvalidCommand, RuleViolation, ValidationError):
            assert len(body.pending_events) == recorded  # a refusal records nothing
        for event in body.pending_events[recorded:]:
            hypothesis_event(type(event).__name__)
            naive_apply(naive, event)
        if ask:
            assert_answers_as(body, naive)
        copies.append((copy.deepcopy(body), dict(naive)))

    assert_answers_as(body, naive)
    for taken, then in copies:
        assert_answers_as(taken, then)


@given(st.lists(step, max_size=30))
def test_a_body_replayed_from_its_events_has_the_same_roll(moves: list[Any]) -> None:
    body = assembly()
    for move in moves:
        with contextlib.suppress(InvalidCommand, RuleViolation, ValidationError):
            attempt(body, move)

    replayed: Body | None = None
    for event in body.pending_events:
        replayed = event.mutate(replayed)

    assert replayed is not None
    assert replayed._roll == body._roll  # compared by value, not by identity
    naive: Naive = {}
    for event in body.pending_events:
        naive_apply(naive, event)
    assert_answers_as(replayed, naive)


def test_a_copy_of_the_body_shares_its_roll_instead_of_copying_it() -> None:
    body = assembly()
    for who in PERSONS:
        body.admit(who, decree(DAY), CLERK, starts_on=DAY)
    assert body.members_on(DAY) == frozenset(PERSONS)  # builds the day index

    copied = copy.deepcopy(body)
    assert copied._roll is body._roll  # a copy alone shares the roll and its index
    copied.end_membership(PERSONS[0], decree(DAY + days(1)), CLERK, ends_on=DAY + days(1))

    assert copied._roll is not body._roll  # the copy's command made a new roll
    assert body.members_on(DAY + days(2)) == frozenset(PERSONS)
    assert copied.members_on(DAY + days(2)) == frozenset(PERSONS[1:])
    assert body.member_on(PERSONS[0], DAY + days(2))
    assert not copied.member_on(PERSONS[0], DAY + days(2))


intervals = st.tuples(offset, st.integers(min_value=1, max_value=SPAN))


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 6), intervals), max_size=50))
def test_the_interval_index_finds_exactly_the_intervals_holding_on_each_day(
    moves: list[tuple[bool, int, tuple[int, int]]],
) -> None:
    index: IntervalIndex[int] = IntervalIndex()
    held: dict[int, tuple[date, date]] = {}
    for adding, key, (first, length) in moves:
        if adding and key not in held:
            held[key] = (DAY + days(first), DAY + days(first + length))
            index = index.add(key, *held[key])
        elif not adding and key in held:
            index = index.remove(key, *held.pop(key))
        built = IntervalIndex.of((k, start, end) for k, (start, end) in held.items())
        for day in LOOKED_AT:
            expected = {k for k, (start, end) in held.items() if start <= day < end}
            assert sorted(index.holding_on(day)) == sorted(expected)
            assert sorted(built.holding_on(day)) == sorted(expected)  # all at once, the same
    assert bool(index) == bool(held)  # an emptied index keeps no nodes behind

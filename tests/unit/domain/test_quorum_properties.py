"""Properties: the integer quorum and majority tests agree with exact fractions (§9, §10, §14, §15).

Empty denominators: a fraction over zero is undefined, so the code's own answer is pinned here.
Nobody present is never a quorum, even of a body with no members (`0 of 0` is not two thirds of
anything), and no motion is adopted with nobody present: the bare `3 * 0 >= 2 * 0` would have made
an empty Council competent and its motions adopted with no vote for them.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.regulation.policies import MAJORITY_OF_EXPERTS_PRESENT
from domain.regulation.quorum import (
    council_adopts,
    council_competent,
    session_adopts,
    session_competent,
)

LIMIT = 1000
HALF, TWO_THIRDS = Fraction(1, 2), Fraction(2, 3)


@st.composite
def part_of_whole(draw: st.DrawFn, least_whole: int = 1) -> tuple[int, int]:
    """A whole in `least_whole..LIMIT` and a part of it in `0..whole`."""
    whole = draw(st.integers(least_whole, LIMIT))
    return draw(st.integers(0, whole)), whole


@settings(max_examples=500, deadline=None)
@given(part_of_whole(least_whole=0))
def test_a_sitting_is_competent_exactly_when_two_thirds_of_all_members_take_part(
    counts: tuple[int, int],
) -> None:
    present, total = counts
    expected = total > 0 and Fraction(present, total) >= TWO_THIRDS  # 0 of 0: not competent
    assert session_competent(present, total) is expected
    assert council_competent(present, total) is expected


@settings(max_examples=500, deadline=None)
@given(part_of_whole(least_whole=0))
def test_the_session_adopts_exactly_when_more_than_half_vote_for(counts: tuple[int, int]) -> None:
    yes, present = counts
    expected = present > 0 and Fraction(yes, present) > HALF  # nobody present: rejected
    assert session_adopts(yes, present) is expected
    assert MAJORITY_OF_EXPERTS_PRESENT(yes, present) is expected


@settings(max_examples=500, deadline=None)
@given(part_of_whole(least_whole=0))
def test_the_council_adopts_exactly_when_two_thirds_vote_for(counts: tuple[int, int]) -> None:
    yes, present = counts
    expected = present > 0 and Fraction(yes, present) >= TWO_THIRDS  # nobody present: rejected
    assert council_adopts(yes, present) is expected


@settings(max_examples=200, deadline=None)
@given(part_of_whole())
def test_one_more_vote_never_turns_adoption_into_rejection(counts: tuple[int, int]) -> None:
    yes, present = counts
    if yes < present:
        assert session_adopts(yes + 1, present) >= session_adopts(yes, present)
        assert council_adopts(yes + 1, present) >= council_adopts(yes, present)


def test_with_nobody_present_there_is_no_quorum_and_nothing_is_adopted() -> None:
    assert session_competent(0, 0) is False
    assert council_competent(0, 0) is False
    assert session_adopts(0, 0) is False
    assert MAJORITY_OF_EXPERTS_PRESENT(0, 0) is False
    assert council_adopts(0, 0) is False


def _least_meeting(share: Fraction, whole: int, *, strictly: bool) -> int:
    """The smallest part of `whole` whose fraction reaches `share` (exceeds it, if `strictly`)."""
    part = share.numerator * whole // share.denominator  # the floor of share * whole
    while Fraction(part, whole) < share or (strictly and Fraction(part, whole) == share):
        part += 1
    return part


def _exhaustive(
    rule: Callable[[int, int], bool], share: Fraction, *, strictly: bool
) -> list[tuple[int, int]]:
    """Every (part, whole) with 1 <= whole <= LIMIT where `rule` disagrees with the fraction."""
    wrong: list[tuple[int, int]] = []
    for whole in range(1, LIMIT + 1):
        least = _least_meeting(share, whole, strictly=strictly)
        wrong += [(p, whole) for p in range(whole + 1) if rule(p, whole) is not (p >= least)]
    return wrong


def test_every_count_up_to_a_thousand_adopts_exactly_as_the_fractions_say() -> None:
    # Each threshold is found with exact fractions once per denominator; every pair is then
    # checked against it, so all ~500,000 pairs of each rule run in well under a second.
    assert _exhaustive(session_adopts, HALF, strictly=True) == []
    assert _exhaustive(council_adopts, TWO_THIRDS, strictly=False) == []


def test_every_roster_up_to_a_thousand_is_competent_exactly_as_the_fractions_say() -> None:
    assert _exhaustive(session_competent, TWO_THIRDS, strictly=False) == []
    assert _exhaustive(council_competent, TWO_THIRDS, strictly=False) == []

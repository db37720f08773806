"""Quorums and thresholds, in integer arithmetic, with the rule and paragraph they rest on.

§9 and §14: a Session (a Council meeting) is competent if at least two thirds of all members
take part: `3 * present >= 2 * total`. §10: a Session decision is adopted if more than half of the
members present vote for it: `2 * yes > present`. §15: a Council decision is adopted if at least
two thirds of the members present vote for it: `3 * yes >= 2 * present`.

With nobody present there is no quorum, and with no vote for nothing is adopted: a body whose
roll is empty on the day cannot hold a competent sitting (`0 of 0` is not two thirds of anything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from pydantic import Field

from domain.kernel.values import Frozen


@dataclass(frozen=True)
class Threshold:
    """A counting rule: its text, its paragraph, and the integer test that applies it."""

    text: str
    paragraph: str
    test: Callable[[int, int], bool]

    def __call__(self, count: int, denominator: int) -> bool:
        """Whether `count` out of `denominator` meets the rule."""
        return self.test(count, denominator)


# Nobody present is never a quorum, and no votes never adopt anything: without these guards
# "3 * 0 >= 2 * 0" would make an empty Council competent and adopt its motions unanimously.
TWO_THIRDS_OF_ALL_MEMBERS_SESSION = Threshold(
    "3 * present >= 2 * total members",
    "§9",
    lambda present, total: present > 0 and 3 * present >= 2 * total,
)
TWO_THIRDS_OF_ALL_MEMBERS_COUNCIL = Threshold(
    "3 * present >= 2 * total members",
    "§14",
    lambda present, total: present > 0 and 3 * present >= 2 * total,
)
MORE_THAN_HALF_OF_PRESENT = Threshold(
    "2 * yes > present", "§10", lambda yes, present: 2 * yes > present
)
TWO_THIRDS_OF_PRESENT = Threshold(
    "3 * yes >= 2 * present",
    "§15",
    lambda yes, present: yes > 0 and 3 * yes >= 2 * present,
)


def session_competent(present: int, total: int) -> bool:
    """§9: at least two thirds of all members of the Assembly take part."""
    return TWO_THIRDS_OF_ALL_MEMBERS_SESSION(present, total)


def council_competent(present: int, total: int) -> bool:
    """§14: at least two thirds of all members of the Council take part."""
    return TWO_THIRDS_OF_ALL_MEMBERS_COUNCIL(present, total)


def session_adopts(yes: int, present: int) -> bool:
    """§10: more than half of the members present vote for."""
    return MORE_THAN_HALF_OF_PRESENT(yes, present)


def council_adopts(yes: int, present: int) -> bool:
    """§15: at least two thirds of the members present vote for."""
    return TWO_THIRDS_OF_PRESENT(yes, present)


class Competence(Frozen):
    """Whether a sitting could decide: who took part against the body's composition that day."""

    present: int = Field(ge=0)
    total: int = Field(ge=0)
    rule: str
    paragraph: str
    competent: bool


class Outcome(Frozen):
    """A motion's computed result: the counts, who was counted, the rule and its paragraph."""

    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstained: int = Field(ge=0)
    present: int = Field(ge=0)
    counted: tuple[UUID, ...] = ()
    secret: bool
    rule: str
    paragraph: str
    adopted: bool


def competence(threshold: Threshold, present: int, total: int) -> Competence:
    """Apply a competence rule to a roster."""
    return Competence(
        present=present,
        total=total,
        rule=threshold.text,
        paragraph=threshold.paragraph,
        competent=threshold(present, total),
    )


def outcome(
    threshold: Threshold,
    *,
    yes: int,
    no: int,
    abstained: int,
    present: int,
    counted: tuple[UUID, ...] = (),
    secret: bool = False,
) -> Outcome:
    """Apply an adoption rule to the votes of a motion."""
    return Outcome(
        yes=yes,
        no=no,
        abstained=abstained,
        present=present,
        counted=counted,
        secret=secret,
        rule=threshold.text,
        paragraph=threshold.paragraph,
        adopted=threshold(yes, present),
    )

"""What is voted at a sitting: agenda items, motions, individual votes and secret-ballot tallies."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field

from domain.kernel.text import Line
from domain.kernel.values import Frozen
from domain.regulation.matters import Matter
from domain.regulation.quorum import Competence, Outcome
from domain.regulation.subjects import Subject


class Choice(StrEnum):
    """An individual vote."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class AgendaItem(Frozen):
    """One item of a sitting's agenda and the matter it concerns."""

    number: int = Field(ge=1)
    matter: Matter
    title: Line = Field(min_length=1, max_length=500)


class Vote(Frozen):
    """One member's vote on one motion."""

    person_id: UUID
    choice: Choice


class Tally(Frozen):
    """The counted result of a secret ballot."""

    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstained: int = Field(ge=0)


class Motion(Frozen):
    """A motion put to the vote under an agenda item."""

    motion_id: UUID
    item: int
    title: str
    secret: bool
    subject: Subject = Subject()
    votes: tuple[Vote, ...] = ()
    tally: Tally | None = None
    outcome: Outcome | None = None
    competence: Competence | None = None  # the sitting's, as known when the motion was decided

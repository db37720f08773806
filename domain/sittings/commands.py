"""Commands on convening, attendance, motions, votes, outcomes, and what decisions require.

Each command is a frozen value; its fields are its fingerprint for idempotency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import PlainSerializer

from domain.kernel.commands import Command, sorted_ids
from domain.kernel.text import Code, Line, Prose
from domain.kernel.values import ExternalAct
from domain.regulation.subjects import Subject
from domain.sittings.follow_up import Addressee
from domain.sittings.votes import AgendaItem, Choice, Tally


class ConveneSession(Command):
    """The President convenes a Session (§5), on the Council's proposal if any (§13)."""

    number: Code
    held_on: date
    agenda: Sequence[AgendaItem]
    act: ExternalAct
    proposal_id: UUID | None = None


class ConveneCouncilMeeting(Command):
    """The Chairman convenes the Council, or a Deputy Chairman in agreement with him (§12)."""

    number: Code
    held_on: date
    agenda: Sequence[AgendaItem]
    act: ExternalAct | None = None
    deputy_id: UUID | None = None
    agreement: ExternalAct | None = None


class RecordAttendance(Command):
    """Record the roster; competence is computed against the body's members that day."""

    sitting_id: UUID
    present: Annotated[frozenset[UUID], PlainSerializer(sorted_ids, return_type=list[str])]


class CorrectAttendance(Command):
    """Correct the roster of a sitting while no outcome rests on it; says why."""

    sitting_id: UUID
    present: Annotated[frozenset[UUID], PlainSerializer(sorted_ids, return_type=list[str])]
    reason: Prose


class PutMotion(Command):
    """Put a motion to the vote under an agenda item, naming what it decides; returns its id.

    At a Session the form of voting is the Session's (§10): `procedure_id` names the Session's
    decision on its procedure that sets it; without one the vote is open (policy
    `OPEN_VOTE_UNTIL_THE_SESSION_DECIDES`). At the Council and the Scientific Expert Council, for
    which the Regulation sets no form, `secret` states the form the meeting used.
    """

    sitting_id: UUID
    item: int
    title: Line
    secret: bool = False
    subject: Subject = Subject()
    procedure_id: UUID | None = None


class CastVotes(Command):
    """Record open votes, each from a member present, once per motion."""

    sitting_id: UUID
    motion_id: UUID
    votes: Mapping[UUID, Choice]


class CountBallot(Command):
    """Record the count of a secret ballot (§10: the form of voting is the Session's)."""

    sitting_id: UUID
    motion_id: UUID
    tally: Tally


class DecideMotion(Command):
    """Compute the outcome; an adopted motion becomes the body's decision (its id returned)."""

    sitting_id: UUID
    motion_id: UUID


class IssueAsAppeal(Command):
    """Draw up a Session decision in the form of an Appeal of the Assembly (§11)."""

    decision_id: UUID
    issued_on: date
    title: Line = ""


class RecordAppealPublication(Command):
    """Record a publication of an Appeal of the Assembly in the republican mass media (§11)."""

    decision_id: UUID
    outlet: Line
    reference: Line
    published_on: date


class RequireConsideration(Command):
    """Send a Session or Council decision to a state body or official to consider (§4.5)."""

    decision_id: UUID
    addressee: Addressee
    responsible: Line
    required_on: date
    deadline: date


class RecordConsiderationResponse(Command):
    """Record how an addressee considered a decision; late if after the deadline (§4.5)."""

    decision_id: UUID
    consideration_id: UUID
    summary: Prose
    responded_on: date

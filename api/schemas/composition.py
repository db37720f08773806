"""Schemas of bodies and their composition."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from api.schemas.common import ActPublic, PersonRef, Schema
from projections.rows import BodyRow, CompositionRow, HoldingRow, SeatsRow, TenureRow


class BodyPublic(Schema):
    """A body of the Assembly."""

    code: str
    name: str
    classification: str
    parent: str | None
    established_on: date


class BodiesPublic(Schema):
    """Every body."""

    data: list[BodyPublic]


class MemberPublic(Schema):
    """A member of a body on the date asked."""

    person: PersonRef
    since: date
    until: date | None = Field(description="first day no longer a member, if ended")
    act: ActPublic


class HolderPublic(MemberPublic):
    """A holder of a post on the date asked."""

    holding_id: UUID
    association: str | None = Field(description="the ethnocultural association (§16)")
    ex_officio: bool = Field(description="held ex officio by the Head of the Secretariat (§17)")


class PostSeatsPublic(Schema):
    """A post of the body with its seats and holders."""

    post: str
    label: str
    role: str
    seats: int
    vacant: int
    holders: list[HolderPublic]


class CompositionPublic(Schema):
    """Who sits on a body and holds its posts on a date, as known at a time."""

    body: BodyPublic
    on: date
    as_known_at: datetime | None
    position: int = Field(description="the last event of the ledger this answer reflects")
    members: list[MemberPublic]
    posts: list[PostSeatsPublic]

    @classmethod
    def from_row(cls, row: CompositionRow) -> CompositionPublic:
        """The public form of a composition read-model row."""
        return cls(
            body=BodyPublic.model_validate(row.body),
            on=row.on,
            as_known_at=row.as_known_at,
            position=row.position,
            members=[_member(m) for m in row.members],
            posts=[_seats(s) for s in row.posts],
        )


def body_public(row: BodyRow) -> BodyPublic:
    """The public form of a body row."""
    return BodyPublic.model_validate(row)


def _person(row: TenureRow) -> PersonRef:
    return PersonRef(person_id=row.person_id, full_name=row.full_name, sample=row.sample)


def _member(row: TenureRow) -> MemberPublic:
    return MemberPublic(
        person=_person(row),
        since=row.start_date,
        until=row.end_date,
        act=ActPublic.model_validate(row.act),
    )


def _holder(row: HoldingRow) -> HolderPublic:
    return HolderPublic(
        person=_person(row),
        since=row.start_date,
        until=row.end_date,
        act=ActPublic.model_validate(row.act),
        holding_id=row.holding_id,
        association=row.association,
        ex_officio=row.ex_officio_of is not None,
    )


def _seats(row: SeatsRow) -> PostSeatsPublic:
    return PostSeatsPublic(
        post=row.post.code,
        label=row.post.label,
        role=row.post.role,
        seats=row.post.seats,
        vacant=row.vacant,
        holders=[_holder(h) for h in row.holders],
    )

"""Rows of the read models: what the views return, never aggregates or events."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.kernel.values import ActKind, Authority


class Row(BaseModel):
    """Base of read-model rows."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class ActRow(Row):
    """The act behind a row."""

    kind: ActKind
    number: str
    issued_on: date
    issuer: Authority


class PersonRow(Row):
    """A registered person."""

    person_id: UUID
    full_name: str
    sample: bool
    registered_on: date


class BodyRow(Row):
    """A body of the Assembly."""

    code: str
    name: str
    classification: str
    parent: str | None
    established_on: date


class PostRow(Row):
    """A post and how many seats it has."""

    code: str
    body: str
    label: str
    role: str
    seats: int


class TenureRow(Row):
    """Someone's tenure in a body or a post, with its provenance in the log."""

    person_id: UUID
    full_name: str
    sample: bool
    start_date: date
    end_date: date | None
    act: ActRow
    recorded_at: datetime
    recorded_position: int


class HoldingRow(TenureRow):
    """A holding of a post."""

    holding_id: UUID
    post: str
    association: str | None
    nomination_id: UUID | None
    ex_officio_of: UUID | None


class SeatsRow(Row):
    """A post of a body with its holders on the date asked."""

    post: PostRow
    holders: list[HoldingRow]
    vacant: int


class CompositionRow(Row):
    """Who sits on a body and holds its posts on a date, as known at a time."""

    body: BodyRow
    on: date
    as_known_at: datetime | None
    position: int
    members: list[TenureRow]
    posts: list[SeatsRow]

"""Schemas of the register of persons."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from api.schemas.common import Schema


class PersonPublic(Schema):
    """A registered person."""

    person_id: UUID
    full_name: str
    sample: bool = Field(description="true for invented persons of the sample dataset")
    registered_on: date


class PersonsPublic(Schema):
    """A page of registered persons."""

    data: list[PersonPublic]
    limit: int
    offset: int

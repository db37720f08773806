"""Schemas shared by several resources."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.kernel.text import Code, Line


class Schema(BaseModel):
    """Base of API schemas."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class ActPublic(Schema):
    """A legal act: kind, number, date, issuing authority, as the ledger recorded them."""

    kind: str = Field(examples=["decree"], description="decree, order, proposal, decision, ...")
    number: str
    issued_on: date
    issuer: str = Field(examples=["president"], description="president, council, session, ...")


class ActIn(Schema):
    """The number and date of an act whose kind and issuer the route implies."""

    model_config = ConfigDict(extra="forbid")

    number: Code = Field(min_length=1, max_length=64, examples=["147"])
    issued_on: date = Field(examples=["2025-03-01"])
    title: Line = Field(default="", max_length=500)


class PersonRef(Schema):
    """A person as named in a composition."""

    person_id: UUID
    full_name: str
    sample: bool = Field(description="true for invented persons of the sample dataset")


class Problem(Schema):
    """An error: what went wrong and, for a refusal, the paragraph of the Regulation it rests on."""

    status: int
    code: str
    detail: str
    paragraph: str | None = Field(default=None, examples=["§5.4"])


#: The documented answer of a route whose resource may not exist.
NOT_FOUND: dict[int | str, dict[str, object]] = {404: {"model": Problem}}

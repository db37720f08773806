"""Commands of the opening balance: one carried-over fact, or a whole balance at once."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from domain.kernel.commands import Command
from domain.kernel.text import Code, Line
from domain.kernel.values import Act, Frozen

#: The regulation in force before Decree No. 747, under which carried-over acts were issued.
FORMER_REGULATION = "Decree No. 149 of 7 September 2011 (with its amendments)"


class CarryOverMembership(Command):
    """Record a term of membership carried over from the former regulation."""

    body: Code
    person_id: UUID
    act: Act
    starts_on: date
    former_regulation: Line = Field(default=FORMER_REGULATION, min_length=1, max_length=200)


class CarryOverHolding(Command):
    """Record a holding of a post carried over from the former regulation, with what the
    first rulebook makes its holder hold ex officio alongside it (§17)."""

    post: Code
    person_id: UUID
    act: Act
    starts_on: date
    association: Line | None = Field(default=None, max_length=300)
    former_regulation: Line = Field(default=FORMER_REGULATION, min_length=1, max_length=200)


class BalancePerson(Frozen):
    """A row of an opening balance: a person, named by a reference stable across imports."""

    kind: Literal["person"] = "person"
    ref: Code = Field(min_length=1, max_length=64)
    full_name: Line = Field(min_length=1, max_length=300)
    sample: bool = False


class BalanceMembership(Frozen):
    """A row of an opening balance: a term of membership of the person `person` (a ref)."""

    kind: Literal["membership"] = "membership"
    person: Code = Field(min_length=1, max_length=64)
    body: Code
    act: Act
    starts_on: date


class BalanceHolding(Frozen):
    """A row of an opening balance: a holding of a post by the person `person` (a ref)."""

    kind: Literal["holding"] = "holding"
    person: Code = Field(min_length=1, max_length=64)
    post: Code
    act: Act
    starts_on: date
    association: Line | None = Field(default=None, max_length=300)


BalanceRow = Annotated[
    BalancePerson | BalanceMembership | BalanceHolding, Field(discriminator="kind")
]


class CarryOverBalance(Command):
    """A whole opening balance in one transaction: every row holds, or nothing is recorded.

    Rows already recorded (the same person, term or holding) record nothing again. With
    `check_only` every row is checked against the ledger and nothing is recorded.
    """

    rows: tuple[BalanceRow, ...]
    registered_on: date
    former_regulation: Line = Field(default=FORMER_REGULATION, min_length=1, max_length=200)
    check_only: bool = False

"""Immutable values shared by events and commands: acts, provenance, authorities."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from domain.kernel.text import Code, Line


class Frozen(BaseModel):
    """Base of the domain's immutable values."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Authority(StrEnum):
    """Who issues an act."""

    PRESIDENT = "president"
    COUNCIL = "council"
    SESSION = "session"
    HEAD_OF_SECRETARIAT = "head_of_secretariat"
    SECRETARIAT = "secretariat"
    SCIENTIFIC_EXPERT_COUNCIL = "scientific_expert_council"
    #: The leadership of the Administration of the President, whose instructions §28 names.
    PRESIDENTIAL_ADMINISTRATION = "presidential_administration"


class ActKind(StrEnum):
    """The legal form of an act."""

    OATH = "oath"  # assumption of the office of President (§1, §5: the Chairman ex officio)
    DECREE = "decree"
    ORDER = "order"
    PROPOSAL = "proposal"
    RECOMMENDATION = "recommendation"
    DECISION = "decision"  # adopted by a sitting; minuted (§15)
    AGREEMENT = "agreement"  # e.g. the Chairman's agreement to a Council meeting (§12)
    INSTRUCTION = "instruction"  # an instruction (e.g. of the President, §28)


class Act(Frozen):
    """A legal act that causes a change: its number, date and issuing authority."""

    kind: ActKind
    number: Code = Field(min_length=1, max_length=64)
    issued_on: date
    issuer: Authority
    title: Line = Field(default="", max_length=500)
    source: Line | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="where the act is published: a gazette reference or an address",
        exclude_if=lambda source: source is None,  # acts without one keep their stored form
    )

    def cite(self) -> str:
        """A short citation, e.g. 'decree of the president No. 12 of 2025-03-01'."""
        return f"{self.kind.value} of the {self.issuer.value} No. {self.number} of {self.issued_on}"


#: The bodies whose acts are their decisions at recorded sittings, never typed in (§10, §15, §22).
COLLEGIAL = frozenset({Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL})

#: The Assembly of the People of Kazakhstan was founded on 1 March 1995: no act of it is older.
ASSEMBLY_FOUNDED = date(1995, 3, 1)


def _of_a_person(act: Act) -> Act:
    if act.issuer in COLLEGIAL:
        raise ValueError(
            f"an act of the {act.issuer.value} is its decision at a recorded sitting: cite the "
            "decision by its id"
        )
    if act.issued_on < ASSEMBLY_FOUNDED:
        raise ValueError(
            f"an act of {act.issued_on} precedes the Assembly, founded on {ASSEMBLY_FOUNDED}"
        )
    return act


#: An act of a person (a decree or order of the President, an order of the Head of the
#: Secretariat, the Chairman's agreement), as commands carry it: number, date, issuer, source.
#: An act of a collegial body is not one of these: it is its decision at a recorded sitting,
#: cited by the decision's id. An external act is not older than the Assembly, and (checked when
#: it is recorded, `domain/kernel/acts.py`) not issued after the day it is recorded.
ExternalAct = Annotated[Act, AfterValidator(_of_a_person)]


class Provenance(Frozen):
    """Who records a command and under which idempotency key."""

    recorded_by: Line = Field(min_length=1, max_length=200)
    idempotency_key: Line | None = Field(default=None, min_length=1, max_length=200)

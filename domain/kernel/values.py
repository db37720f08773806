"""Immutable values shared by events and commands: acts, provenance, authorities."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

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


class ActKind(StrEnum):
    """The legal form of an act."""

    OATH = "oath"  # assumption of the office of President (§1, §5: the Chairman ex officio)
    DECREE = "decree"
    ORDER = "order"
    PROPOSAL = "proposal"
    RECOMMENDATION = "recommendation"
    DECISION = "decision"  # adopted by a sitting; minuted (§15)
    AGREEMENT = "agreement"  # e.g. the Chairman's agreement to a Council meeting (§12)


class Act(Frozen):
    """A legal act that causes a change: its number, date and issuing authority."""

    kind: ActKind
    number: Code = Field(min_length=1, max_length=64)
    issued_on: date
    issuer: Authority
    title: Line = Field(default="", max_length=500)

    def cite(self) -> str:
        """A short citation, e.g. 'decree of the president No. 12 of 2025-03-01'."""
        return f"{self.kind.value} of the {self.issuer.value} No. {self.number} of {self.issued_on}"


class Provenance(Frozen):
    """Who records a command and under which idempotency key."""

    recorded_by: Line = Field(min_length=1, max_length=200)
    idempotency_key: Line | None = Field(default=None, min_length=1, max_length=200)

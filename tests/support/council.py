"""The Council's decisions on candidates, taken at real meetings (§13.1, §16)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import Ledger
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from tests.support.sittings import adopt_at_sitting


def senate_candidates(ledger: Ledger, on: date, *persons: UUID, number: str = "C-1") -> UUID:
    """The Council's decision, adopted at a real meeting on `on`, naming Senate candidates."""
    subject = Subject(persons=persons)
    return adopt_at_sitting(
        ledger, "council", Matter.SENATE_CANDIDATES, on, number=number, subject=subject
    )


def deputy_recommendation(
    ledger: Ledger, on: date, person: UUID, association: str, *, number: str = "C-2"
) -> UUID:
    """The Council's recommendation, adopted at a real meeting on `on`, of a Deputy Chairman
    from an ethnocultural association (§16)."""
    subject = Subject(persons=(person,), association=association)
    return adopt_at_sitting(
        ledger,
        "council",
        Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,
        on,
        number=number,
        subject=subject,
    )

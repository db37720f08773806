"""Invented persons and acts for tests, and a guard that a refused command recorded nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

import pytest

from domain.application import Ledger
from domain.composition.commands import Appoint, EstablishBodies, RegisterPerson
from domain.kernel.errors import LedgerError, RuleViolation
from domain.kernel.values import Act, ActKind, Authority, Provenance
from tests.support.decisions import nominate

E = TypeVar("E", bound=LedgerError)

RULEBOOK_START = date(2024, 12, 27)  # Decree No. 747 enters into force on the day of signing
DAY = date(2025, 3, 3)  # an ordinary working day under Decree No. 747
CLERK = Provenance(recorded_by="Sample Clerk Alpha")


def days(n: int) -> timedelta:
    """A span of n days."""
    return timedelta(days=n)


def keyed(key: str) -> Provenance:
    """The sample clerk's provenance with an idempotency key."""
    return Provenance(recorded_by=CLERK.recorded_by, idempotency_key=key)


def act(kind: ActKind, issuer: Authority, on: date, number: str = "1") -> Act:
    """An invented act of this kind and issuer."""
    return Act(kind=kind, number=number, issued_on=on, issuer=issuer, title="Sample act")


def decree(on: date, number: str = "1") -> Act:
    """A decree of the President."""
    return act(ActKind.DECREE, Authority.PRESIDENT, on, number)


def order(on: date, number: str = "1") -> Act:
    """An order of the President."""
    return act(ActKind.ORDER, Authority.PRESIDENT, on, number)


def oath(on: date, number: str = "1") -> Act:
    """The oath by which a person assumes the office of President."""
    return act(ActKind.OATH, Authority.PRESIDENT, on, number)


def council_proposal(on: date, number: str = "1") -> Act:
    """A proposal of the Council (§13.1)."""
    return act(ActKind.PROPOSAL, Authority.COUNCIL, on, number)


def council_recommendation(on: date, number: str = "1") -> Act:
    """A recommendation of the Council (§16)."""
    return act(ActKind.RECOMMENDATION, Authority.COUNCIL, on, number)


def memory_ledger() -> Ledger:
    """A ledger on the in-memory store with every body and post established."""
    ledger = Ledger(env={"PERSISTENCE_MODULE": "infra.recorders:CheckedPOPOFactory"})
    ledger.execute(EstablishBodies(), CLERK)
    return ledger


def register(ledger: Ledger, name: str, on: date = RULEBOOK_START) -> UUID:
    """Register an invented person and return their id."""
    return ledger.execute(
        RegisterPerson(full_name=name, registered_on=on, sample=True), CLERK
    ).subject_id


def position(ledger: Ledger) -> int:
    """The id of the last notification in the ledger's log, 0 when it is empty."""
    return ledger.recorder.max_notification_id() or 0


def seat_senator(ledger: Ledger, name: str, on: date) -> UUID:
    """Nominate (Council proposal) and appoint (President's decree) a senator; the holding id."""
    person = register(ledger, name)
    nominate(ledger, "senator", person, on)
    return ledger.execute(
        Appoint(post="senator", person_id=person, act=decree(on), starts_on=on), CLERK
    ).subject_id


@contextmanager
def refused(
    ledger: Ledger, error: type[E], paragraph: str | None = None
) -> Iterator[pytest.ExceptionInfo[E]]:
    """Expect exactly `error` (naming `paragraph`, if given) and no new event in the log."""
    before = position(ledger)
    with pytest.raises(error) as caught:
        yield caught
    assert type(caught.value) is error, f"expected {error.__name__}, got {caught.value!r}"
    assert position(ledger) == before, "a refused command appended events"
    if paragraph is not None:
        assert isinstance(caught.value, RuleViolation)
        assert caught.value.paragraph == paragraph, caught.value.message


def ensure_head_of_secretariat(ledger: Ledger, on: date) -> None:
    """Appoint a sample Head of the Secretariat from the rulebook's first day, unless one holds
    the post on `on`: §24 orders of the Head need a Head in office."""
    head = ledger.post("head_of_secretariat")
    if head.holders_on(on) or any(h.tenure.end is None for h in head.holdings.values()):
        return
    person = register(ledger, "Sample Head of the Secretariat")
    ledger.execute(
        Appoint(
            post="head_of_secretariat",
            person_id=person,
            act=decree(RULEBOOK_START),
            starts_on=RULEBOOK_START,
        ),
        CLERK,
    )

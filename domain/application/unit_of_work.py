"""The ledger as a handler sees it while deciding one command: loads, checks, ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic
from pydantic import ValidationError

from domain.composition.persons import Person
from domain.kernel.commands import Decided
from domain.kernel.errors import InvalidCommand, NotFound
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import derived_id
from domain.kernel.values import Provenance

if TYPE_CHECKING:
    from domain.application.ledger import Ledger

A = TypeVar("A", bound=LedgerAggregate)

PERSON_REGISTERED = get_topic(Person.Registered)


class LedgerUnit:
    """One attempt at one command: every aggregate it loads is remembered with its version.

    The versions read are the command's read set: the event store refuses to save the
    command's events if any of them moved on meanwhile (docs/adr/0011), so a rule that reads
    one aggregate and writes another cannot be broken by a concurrent command.
    """

    def __init__(self, ledger: Ledger, provenance: Provenance) -> None:
        self._ledger = ledger
        self._provenance = provenance
        self.read_set: dict[UUID, int] = {}

    @property
    def provenance(self) -> Provenance:
        """Who records the command, under which key."""
        return self._provenance

    def get(self, kind: type[A], aggregate_id: UUID) -> A:
        """The current state of an aggregate of this kind; `NotFound` otherwise."""
        aggregate = self._ledger.load(kind, aggregate_id)
        self.read_set.setdefault(aggregate.id, aggregate.version)
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether an aggregate with this id was ever recorded."""
        try:
            self._ledger.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    def require_person(self, person_id: UUID) -> None:
        """Refuse with `NotFound` unless the person is in the register (never removed)."""
        self._ledger.require_person(person_id)

    def new_id(self, step: str) -> UUID:
        """An id for something the command creates; stable across retries of a keyed command."""
        key = self._provenance.idempotency_key
        return uuid4() if key is None else derived_id(key, step)

    def __repr__(self) -> str:
        return f"LedgerUnit({self._provenance.recorded_by!r}, read {len(self.read_set)})"


def not_found(kind: type[LedgerAggregate], aggregate_id: UUID) -> NotFound:
    """The refusal for an id that names nothing of this kind."""
    return NotFound(f"no {kind.__name__.lower()} {aggregate_id}")


def decided_or_refused(decide: Callable[[], Decided]) -> Decided:
    """What the handler decided; a value it built from malformed input is `InvalidCommand`."""
    # Values built from the command's input validate themselves; a value that does not is
    # malformed input, refused like any other, never an untyped error.
    try:
        decided = decide()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
            for e in error.errors()
        )
        raise InvalidCommand(f"invalid {error.title}: {problems}") from error
    return decided

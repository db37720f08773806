"""The ledger as a handler sees it while deciding one command: loads, checks, ids."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from copy import deepcopy
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
        aggregate = self._cached(kind, aggregate_id) or self._ledger.load(kind, aggregate_id)
        self.read_set.setdefault(aggregate.id, aggregate.version)
        return aggregate

    def _cached(self, kind: type[A], aggregate_id: UUID) -> A | None:
        # The cached copy as it is, without asking the store for later events: what a command
        # reads is checked at its commit (the read set), so a copy another process overtook
        # fails that check, is forgotten (`forget_what_was_read`) and is read again.
        cache = self._ledger.repository.cache
        if cache is None:
            return None
        try:
            cached = cache.get(aggregate_id)
        except KeyError:
            return None
        return deepcopy(cached) if isinstance(cached, kind) else None

    def read_stale_state(self) -> bool:
        """Whether anything this attempt read has moved on in the store (asked on a refusal,
        which no commit checks)."""
        recorder = self._ledger.recorder
        return any(
            recorder.select_events(aggregate_id, gt=version, limit=1)
            for aggregate_id, version in self.read_set.items()
        )

    def forget_what_was_read(self) -> None:
        """Drop what this attempt read from the cache: the next attempt reads the store."""
        cache = self._ledger.repository.cache
        if cache is not None:
            for aggregate_id in self.read_set:
                with suppress(KeyError):
                    cache.get(aggregate_id, evict=True)

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

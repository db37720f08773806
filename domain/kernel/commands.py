"""Commands as data: a frozen command, the handler that decides it, and the registry of handlers.

A command is a frozen pydantic value whose fields are all it asks; its name and fields are its
fingerprint, so the same idempotency key sent with another command is recognised as reuse. A
handler loads what the command needs through a `UnitOfWork`, asks the aggregates (where the
Regulation's rules live) to change, and says which aggregates changed. It saves nothing itself:
the application saves what it decided, atomically, with the idempotency record.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Frozen, Provenance

A = TypeVar("A", bound=LedgerAggregate)
C = TypeVar("C", bound="Command")


class Command(Frozen):
    """A request to change the ledger; its name and fields are its fingerprint."""

    command_name: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The stable name idempotency records keep: `AdmitMember` -> `admit_member`.
        cls.command_name = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def fingerprint(self) -> str:
        """A digest of the command's name and every field, canonically encoded."""
        # Pydantic writes fields in their declared order, and set fields are serialised sorted
        # (`sorted_ids`), so equal commands give equal bytes.
        canonical = self.command_name.encode() + b"\n" + self.model_dump_json().encode()
        return hashlib.sha256(canonical).hexdigest()


def sorted_ids(ids: frozenset[UUID]) -> list[str]:
    """A set of ids as JSON in a stable order, so that its command's fingerprint is stable."""
    return sorted(str(i) for i in ids)


@dataclass(frozen=True)
class Decided:
    """What a handler decided: the aggregates it changed and the id of the thing it concerns."""

    changed: Sequence[LedgerAggregate]
    subject_id: UUID


class UnitOfWork(Protocol):
    """What a handler may ask of the ledger while it decides one command."""

    @property
    def provenance(self) -> Provenance:
        """Who records the command, under which key."""
        ...

    def get(self, kind: type[A], aggregate_id: UUID) -> A:
        """The current state of an aggregate of this kind; `NotFound` otherwise."""
        ...

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether an aggregate with this id was ever recorded."""
        ...

    def require_person(self, person_id: UUID) -> None:
        """Refuse with `NotFound` unless the person is in the register."""
        ...

    def new_id(self, step: str) -> UUID:
        """An id for something the command creates; stable across retries of a keyed command."""
        ...


Handler = Callable[[UnitOfWork, C], Decided]


class Handlers:
    """One handler per command type: a concept's table, merged into the application's."""

    def __init__(self) -> None:
        self._table: dict[type[Command], Handler[Any]] = {}

    def handles(self, kind: type[C]) -> Callable[[Handler[C]], Handler[C]]:
        """Register the decorated function as the handler of `kind`."""

        def register(handler: Handler[C]) -> Handler[C]:
            if kind in self._table:
                raise TypeError(f"{kind.__name__} has a handler already")
            self._table[kind] = handler
            return handler

        return register

    def merge(self, *others: Handlers) -> Handlers:
        """One table of every handler; a command handled twice is a programming error."""
        merged = Handlers()
        for table in (self, *others):
            for kind, handler in table.items():
                merged.handles(kind)(handler)
        return merged

    def handler_for(self, command: Command) -> Handler[Any]:
        """The handler of this command's type."""
        try:
            return self._table[type(command)]
        except KeyError:
            raise TypeError(f"no handler for {type(command).__name__}") from None

    def items(self) -> Iterator[tuple[type[Command], Handler[Any]]]:
        """Every command type with its handler."""
        yield from self._table.items()

    def __contains__(self, kind: object) -> bool:
        return kind in self._table

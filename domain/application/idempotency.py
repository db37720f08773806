"""Idempotency keys, remembered in the event store in the same transaction as the command.

The record is the ledger's bookkeeping, not a fact of the Regulation: its topic is in the
`ledger:` namespace, and it carries no paragraph and no effective date of its own (a reader of the
log tells it apart by its topic). Version 1 borrowed both from the command's last event and kept
the subject id in a `result` dict; `upcast_v1_v2` reads those records still.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate

from domain.kernel.errors import IdempotencyKeyReused
from domain.kernel.events import BOOKKEEPING, StoredEvent, aggregate_topic
from domain.kernel.ids import idempotency_id
from domain.kernel.values import Provenance


class BookkeepingEvent(StoredEvent):
    """A record the ledger keeps for itself beside the Regulation's events."""

    namespace = BOOKKEEPING

    recorded_by: str


class IdempotencyRecord(BaseAggregate[UUID]):
    """The first result of a command sent with a given idempotency key."""

    TOPIC = "ledger:IdempotencyRecord"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        cls.TOPIC = aggregate_topic(cls, BOOKKEEPING)
        super().__init_subclass__(**kwargs)

    class Event(BookkeepingEvent):
        """Base of the record's events."""

    def __init__(self) -> None:
        self.key = ""
        self.command = ""
        self.fingerprint = ""
        self.subject_id: UUID | None = None

    class Remembered(Event, CanInitAggregate[UUID]):
        """A command's key, its fingerprint and the id of what it concerns were remembered."""

        class_version: int = 2
        originator_topic: str
        key: str
        command: str
        fingerprint: str
        subject_id: UUID

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 borrowed a paragraph and a date, and nested the subject id."""
            state.pop("paragraph", None)
            state.pop("effective_on", None)
            state.pop("idempotency_key", None)
            state["subject_id"] = state.pop("result")["subject_id"]

        def apply(self, aggregate: Any) -> None:
            """Remember what the first command was."""
            aggregate.key = self.key
            aggregate.command = self.command
            aggregate.fingerprint = self.fingerprint
            aggregate.subject_id = self.subject_id

        def replay(self, command: str, fingerprint: str) -> UUID:
            """The first result, if the key is sent again with the same command."""
            if command != self.command or fingerprint != self.fingerprint:
                raise IdempotencyKeyReused(
                    f"idempotency key {self.key!r} was first used for a different "
                    f"{self.command} command; use a new key for a new command"
                )
            return self.subject_id

    @classmethod
    def remember(
        cls, key: str, command: str, fingerprint: str, subject_id: UUID, provenance: Provenance
    ) -> IdempotencyRecord:
        """Remember the subject of the command first sent with this key."""
        return cls._create(
            cls.Remembered,
            id=idempotency_id(key),
            recorded_by=provenance.recorded_by,
            key=key,
            command=command,
            fingerprint=fingerprint,
            subject_id=subject_id,
        )

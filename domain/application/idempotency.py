"""Idempotency keys, remembered in the event store in the same transaction as the command."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.kernel.errors import IdempotencyKeyReused
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import idempotency_id
from domain.kernel.values import Provenance


class IdempotencyRecord(LedgerAggregate):
    """The first result of a command sent with a given idempotency key."""

    def __init__(self) -> None:
        self.key = ""
        self.command = ""
        self.fingerprint = ""
        self.result: dict[str, Any] = {}

    class Remembered(LedgerAggregate.Created):
        """A command's key, its fingerprint and its result were remembered."""

        key: str
        command: str
        fingerprint: str
        result: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.key = self.key
            aggregate.command = self.command
            aggregate.fingerprint = self.fingerprint
            aggregate.result = self.result

        def replay(self, command: str, fingerprint: str) -> dict[str, Any]:
            """The first result, if the key is sent again with the same command."""
            if command != self.command or fingerprint != self.fingerprint:
                raise IdempotencyKeyReused(
                    f"idempotency key {self.key!r} was first used for a different "
                    f"{self.command} command; use a new key for a new command"
                )
            return self.result

    @classmethod
    def remember(
        cls,
        key: str,
        command: str,
        fingerprint: str,
        result: dict[str, Any],
        provenance: Provenance,
        *,
        paragraph: str,
        effective_on: date,
    ) -> IdempotencyRecord:
        """Remember the result of the command first sent with this key."""
        record: IdempotencyRecord = cls._open(
            cls.Remembered,
            idempotency_id(key),
            provenance,
            paragraph=paragraph,
            effective_on=effective_on,
            key=key,
            command=command,
            fingerprint=fingerprint,
            result=result,
        )
        return record

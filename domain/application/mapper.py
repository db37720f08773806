"""How ledger events are stored: pydantic JSON, by topic, optionally compressed and encrypted.

The library's own mapper would route through its transcoder and upcasting; pydantic events carry
their own schema instead, so they evolve by defaults and validators (see docs/adr/0002).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel


class PydanticMapper(Mapper[UUID]):
    """Maps pydantic events to stored events and back."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """Serialise an event with pydantic's JSON encoder."""
        state = cast("BaseModel", domain_event).model_dump_json().encode()
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """Validate stored JSON back into the event class its topic names."""
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        event_class = cast("type[BaseModel]", resolve_topic(stored_event.topic))
        return cast("DomainEventProtocol[UUID]", event_class.model_validate_json(state))


class UnusedTranscoder(Transcoder):
    """The pydantic mapper encodes by itself; the library still asks for a transcoder."""

    def encode(self, obj: Any) -> bytes:
        """Refuse: nothing should reach the transcoder."""
        raise TypeError(f"unexpected transcoding of {type(obj).__name__}")

    def decode(self, data: bytes) -> Any:
        """Refuse: nothing should reach the transcoder."""
        raise TypeError("unexpected transcoding")

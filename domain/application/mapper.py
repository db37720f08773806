"""How ledger events are stored: pydantic JSON under a stable topic, upcast when read.

The library's own mapper would route through its transcoder; pydantic events carry their own
schema instead. Each stored state records its `class_version`; a state stored by an older version
of its class is rewritten by the class's `upcast_vN_vM` static methods, in order, before it is
validated (docs/adr/0010). A state without a version was stored as version 1. A stored event is
decoded under `STORED_CONTEXT`: the text checks of new input do not judge what is recorded
(docs/adr/0012).
"""

from __future__ import annotations

import json
import re
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from domain.application.topics import register_moved_modules
from domain.kernel.text import STORED_CONTEXT

register_moved_modules()

#: Where the version stands in a stored state: within the first fields, before any payload.
VERSION_FIELD = re.compile(rb'"class_version":(\d+)')
VERSION_SEARCH_LIMIT = 256


def stored_version(state: bytes) -> int:
    """The class version a state was stored under; 1 when it predates versions."""
    found = VERSION_FIELD.search(state, 0, VERSION_SEARCH_LIMIT)
    return 1 if found is None else int(found.group(1))


def upcast(event_class: type[BaseModel], state: dict[str, Any], version: int) -> dict[str, Any]:
    """Run the class's upcasters from `version` to its current version, in place."""
    current = cast("int", event_class.model_fields["class_version"].default)
    while version < current:
        upcaster = getattr(event_class, f"upcast_v{version}_v{version + 1}", None)
        if upcaster is None:
            raise TypeError(
                f"{event_class.__qualname__} has no upcast_v{version}_v{version + 1} "
                f"for a state stored as version {version}"
            )
        upcaster(state)
        version += 1
    state["class_version"] = current
    return state


class PydanticMapper(Mapper[UUID]):
    """Maps pydantic events to stored events and back."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """Serialise an event with pydantic's JSON encoder, under its stable topic."""
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
        """Validate stored JSON back into the event class its topic names, upcast if older."""
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        event_class = cast("type[BaseModel]", resolve_topic(stored_event.topic))
        version = stored_version(state)
        if version == event_class.model_fields["class_version"].default:
            return cast(
                "DomainEventProtocol[UUID]",
                event_class.model_validate_json(state, context=STORED_CONTEXT),
            )
        upcast_state = upcast(event_class, json.loads(state), version)
        return cast(
            "DomainEventProtocol[UUID]",
            event_class.model_validate(upcast_state, context=STORED_CONTEXT),
        )


class UnusedTranscoder(Transcoder):
    """The pydantic mapper encodes by itself; the library still asks for a transcoder."""

    def encode(self, obj: Any) -> bytes:
        """Refuse: nothing should reach the transcoder."""
        raise TypeError(f"unexpected transcoding of {type(obj).__name__}")

    def decode(self, data: bytes) -> Any:
        """Refuse: nothing should reach the transcoder."""
        raise TypeError("unexpected transcoding")

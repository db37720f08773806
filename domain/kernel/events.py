"""The base of every stored event and aggregate: versions, stable topics, provenance.

Every event type carries a `class_version` (the first field, so a reader finds it without parsing)
and a stable topic, `assembly:<Aggregate>.<Event>` for the Regulation's facts and
`ledger:<Aggregate>.<Event>` for the ledger's own bookkeeping; the topic does not name a module, so
moving a class never breaks the stored events (docs/adr/0010). A Regulation event records when the
act took legal effect (`effective_on`) apart from when it was recorded (`timestamp`), who recorded
it, the paragraph of the Regulation it rests on, and the idempotency key of the command behind it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from pydantic import BaseModel, ConfigDict

from domain.kernel.clock import recording_time
from domain.kernel.values import Provenance

REGULATION = "assembly"
BOOKKEEPING = "ledger"

#: Event classes that are bases of others and never stored themselves.
ABSTRACT_EVENT_NAMES = frozenset({"Event", "Created", "HoldingBegan", "HoldingEnded"})


class StoredEvent(BaseModel, CanMutateAggregate[UUID]):
    """Anything kept in the event store: a version of its shape and a stable topic.

    A class that changes the shape of its stored state raises `class_version` and adds a static
    `upcast_vN_vM(state: dict) -> None` that rewrites an older stored state in place; the mapper
    runs the chain before validating (the eventsourcing library's convention).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    TOPIC: ClassVar[str] = ""
    namespace: ClassVar[str] = REGULATION

    class_version: int = 1
    originator_id: UUID
    originator_version: int
    timestamp: datetime

    @staticmethod
    def create_timestamp() -> datetime:
        """The recording time: never earlier than what this process saw recorded last."""
        return recording_time()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Give each event class its stable topic."""
        super().__pydantic_init_subclass__(**kwargs)
        cls.TOPIC = f"{cls.namespace}:{cls.__qualname__}"


class LedgerEvent(StoredEvent):
    """An immutable fact of the Regulation in the ledger."""

    effective_on: date
    recorded_by: str
    paragraph: str
    idempotency_key: str | None = None


def aggregate_topic(cls: type[BaseAggregate[UUID]], namespace: str) -> str:
    """The stable topic of an aggregate class: its namespace and qualified name, no module."""
    return f"{namespace}:{cls.__qualname__}"


class LedgerAggregate(BaseAggregate[UUID]):
    """Base of the ledger's aggregates: commands check rules, then record one event each."""

    TOPIC = "assembly:LedgerAggregate"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Before the library's metaclass registers the class and its events by their TOPIC.
        cls.TOPIC = aggregate_topic(cls, REGULATION)
        super().__init_subclass__(**kwargs)

    class Event(LedgerEvent):
        """Base of this aggregate's events."""

    class Created(Event, CanInitAggregate[UUID]):
        """Base of the events that create an aggregate."""

        originator_topic: str

    def __init__(self) -> None:
        """State is set by each event's `apply`."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        """Copy the containers of state, share their values: every value kept is immutable.

        The repository hands out copies of cached aggregates so that a command that fails after
        triggering events cannot corrupt the cache. Aggregates keep only frozen values (frozen
        pydantic models, tuples, dates, ids) in dicts and lists, so copying the containers is
        enough, and it costs a dict copy instead of a walk through every model.
        """
        clone = type(self).__new__(type(self))
        for name, value in self.__dict__.items():
            if isinstance(value, dict | list | set):
                value = type(value)(value)  # noqa: PLW2901
            clone.__dict__[name] = value
        return clone

    @classmethod
    def _open(
        cls,
        event_class: type[LedgerAggregate.Created],
        aggregate_id: UUID,
        provenance: Provenance,
        *,
        paragraph: str,
        effective_on: date,
        **fields: Any,
    ) -> Any:
        return cls._create(
            event_class,
            id=aggregate_id,
            recorded_by=provenance.recorded_by,
            idempotency_key=provenance.idempotency_key,
            paragraph=paragraph,
            effective_on=effective_on,
            **fields,
        )

    def _record(
        self,
        event_class: type[LedgerAggregate.Event],
        provenance: Provenance,
        *,
        paragraph: str,
        effective_on: date,
        **fields: Any,
    ) -> None:
        self.trigger_event(
            event_class,
            recorded_by=provenance.recorded_by,
            idempotency_key=provenance.idempotency_key,
            paragraph=paragraph,
            effective_on=effective_on,
            **fields,
        )

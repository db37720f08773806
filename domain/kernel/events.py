"""The base of every ledger event and aggregate.

Each event records when the act took legal effect (`effective_on`) apart from when it was recorded
(`timestamp`), who recorded it, the paragraph of the Regulation it rests on, and the idempotency key
of the command that caused it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from pydantic import BaseModel, ConfigDict

from domain.kernel.values import Provenance


class LedgerEvent(BaseModel, CanMutateAggregate[UUID]):
    """An immutable fact in the ledger."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    effective_on: date
    recorded_by: str
    paragraph: str
    idempotency_key: str | None = None


class LedgerAggregate(BaseAggregate[UUID]):
    """Base of the ledger's aggregates: commands check rules, then record one event each."""

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

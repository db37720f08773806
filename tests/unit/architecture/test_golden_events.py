"""Stored events keep loading: one stored event of every type, as bytes, must always decode.

`tests/golden/stored_events.jsonl` holds one event of each type as the ledger stores it now (stable
topics); `module_topics_2025.jsonl` holds what the ledger stored before topics were stable names
(`domain.model.posts:Post.HolderAppointed`, idempotency records of version 1). A new event type
gets its fixture with `pytest -p tests.golden.capture` (see that module).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent as StoredRecord
from eventsourcing.utils import get_topic, resolve_topic

import domain.application  # noqa: F401  (every concept's events, through the registry)
from domain.application.idempotency import IdempotencyRecord
from domain.application.mapper import PydanticMapper, UnusedTranscoder
from domain.kernel.events import ABSTRACT_EVENT_NAMES, LedgerEvent, StoredEvent

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
CURRENT = GOLDEN / "stored_events.jsonl"
LEGACY = GOLDEN / "module_topics_2025.jsonl"
MAPPER = PydanticMapper(transcoder=UnusedTranscoder())


def fixtures(path: Path) -> list[StoredRecord]:
    """The stored events of a fixture file, byte for byte."""
    records = []
    for line in path.read_text().splitlines():
        item: dict[str, Any] = json.loads(line)
        records.append(
            StoredRecord(
                originator_id=UUID(item["originator_id"]),
                originator_version=item["originator_version"],
                topic=item["topic"],
                state=base64.b64decode(item["state_b64"]),
            )
        )
    return records


def storable_event_types() -> set[type[StoredEvent]]:
    """Every event class a command can store: registered under its topic, on a concrete aggregate.

    Bases (`Event`, `Created`, `HoldingBegan`...) are never stored, nor the events of a base class
    (`PostRecord`), which its concrete aggregate (`Post`) redefines as its own.
    """
    found: set[type[StoredEvent]] = set()
    pending: list[type[StoredEvent]] = [StoredEvent]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if "." not in sub.__qualname__ or sub.__name__ in ABSTRACT_EVENT_NAMES:
                continue
            owner = resolve_topic(sub.TOPIC.rpartition(".")[0])
            if resolve_topic(sub.TOPIC) is sub and not owner.__subclasses__():
                found.add(sub)
    return found


@pytest.mark.parametrize("record", fixtures(CURRENT), ids=lambda r: r.topic)
def test_every_current_fixture_loads_and_stores_again_to_the_same_bytes(
    record: StoredRecord,
) -> None:
    event = MAPPER.to_domain_event(record)

    assert get_topic(type(event)) == record.topic
    again = MAPPER.to_stored_event(event)
    # A change of shape must raise the class version and bring an upcaster, not alter this.
    assert (again.topic, again.state) == (record.topic, record.state)


@pytest.mark.parametrize("record", fixtures(LEGACY), ids=lambda r: r.topic)
def test_every_event_stored_under_a_module_topic_still_loads(record: StoredRecord) -> None:
    event = MAPPER.to_domain_event(record)

    assert isinstance(event, StoredEvent)
    assert type(event).__qualname__ == record.topic.partition(":")[2]
    assert event.originator_id == record.originator_id
    assert event.class_version == type(event).model_fields["class_version"].default


def test_a_version_1_idempotency_record_is_upcast_to_version_2() -> None:
    [v1] = [r for r in fixtures(LEGACY) if r.topic.endswith("IdempotencyRecord.Remembered")]
    stored = json.loads(v1.state)

    event = MAPPER.to_domain_event(v1)

    assert "class_version" not in stored
    assert {"paragraph", "effective_on", "result"} <= set(stored)
    assert isinstance(event, IdempotencyRecord.Remembered)
    assert event.class_version == 2
    assert event.subject_id == UUID(stored["result"]["subject_id"])
    assert event.key == stored["key"]


def test_every_event_type_has_a_current_fixture() -> None:
    types = storable_event_types()
    covered = {r.topic for r in fixtures(CURRENT)}

    assert len(types) > 40, "the enumeration found the ledger's event types"
    missing = sorted(t.TOPIC for t in types if t.TOPIC not in covered)
    assert missing == [], "add fixtures with: pytest -p tests.golden.capture tests/unit"


def test_topics_are_stable_names_in_two_namespaces() -> None:
    topics = [t.TOPIC for t in storable_event_types()]

    assert len(set(topics)) == len(topics)
    assert all(t.startswith(("assembly:", "ledger:")) for t in topics)
    assert all(":" not in t.partition(":")[2] and "domain" not in t for t in topics)
    regulation = [t for t in storable_event_types() if issubclass(t, LedgerEvent)]
    assert all(t.TOPIC.startswith("assembly:") for t in regulation)

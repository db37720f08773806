"""A pytest plugin that adds a golden fixture for every stored event type that has none.

    .venv/bin/python -m pytest -q -p tests.golden.capture tests/unit tests/contract

It keeps the first stored event of each topic the run writes, as its exact bytes, and appends
those whose topic `stored_events.jsonl` lacks. Fixtures already there are never rewritten: they
are what older ledgers stored, and they must keep loading.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent

from domain.application.mapper import PydanticMapper

FIXTURES = Path(__file__).with_name("stored_events.jsonl")
_first: dict[str, StoredEvent] = {}
_to_stored = PydanticMapper.to_stored_event


def _capturing(self: PydanticMapper, event: DomainEventProtocol[Any]) -> StoredEvent:
    stored = _to_stored(self, event)
    _first.setdefault(stored.topic, stored)
    return stored


def fixture_line(stored: StoredEvent) -> str:
    """One fixture: the topic, the ids and the state's exact bytes."""
    return json.dumps(
        {
            "topic": stored.topic,
            "originator_id": str(stored.originator_id),
            "originator_version": stored.originator_version,
            "state_b64": base64.b64encode(stored.state).decode(),
        }
    )


def pytest_configure(config: pytest.Config) -> None:
    """Capture what the run stores."""
    PydanticMapper.to_stored_event = _capturing  # type: ignore[method-assign,assignment]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Append a fixture for every topic that has none."""
    PydanticMapper.to_stored_event = _to_stored  # type: ignore[method-assign]
    known = set()
    if FIXTURES.exists():
        known = {json.loads(line)["topic"] for line in FIXTURES.read_text().splitlines()}
    new = [fixture_line(s) for topic, s in sorted(_first.items()) if topic not in known]
    with FIXTURES.open("a") as out:
        out.writelines(line + "\n" for line in new)

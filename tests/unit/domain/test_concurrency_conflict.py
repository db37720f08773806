"""When concurrent commands keep changing what a command read, it fails as a transient conflict."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from domain.application import Ledger
from domain.application.ledger import CONFLICT_RETRIES
from domain.composition.commands import RegisterPerson
from domain.kernel.errors import ConcurrencyConflict, InvalidCommand
from tests.support.samples import CLERK, DAY, memory_ledger, position


def test_a_command_that_keeps_conflicting_fails_as_a_retryable_conflict_and_records_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger = memory_ledger()
    before = position(ledger)
    attempts: list[int] = []

    def always_moved_on(*aggregates: Any, **kwargs: Any) -> Any:
        attempts.append(len(aggregates))
        raise IntegrityError("read aggregates changed meanwhile")

    monkeypatch.setattr(ledger, "save", always_moved_on)

    with pytest.raises(ConcurrencyConflict) as conflict:
        ledger.execute(RegisterPerson(full_name="Sample Person", registered_on=DAY), CLERK)

    assert not isinstance(conflict.value, InvalidCommand)
    assert conflict.value.code == "concurrency_conflict"
    assert conflict.value.retry_after_seconds > 0
    assert len(attempts) == CONFLICT_RETRIES
    assert position(ledger) == before


def test_a_ledger_refuses_to_open_on_a_store_that_does_not_check_read_sets() -> None:
    with pytest.raises(TypeError, match="does not check what a command read"):
        Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
